"""Request-wide input rules that no single schema should have to repeat."""
from flask import Flask, request

from ..rules.json_escapes import UNPAIRED_SURROGATE, has_unpaired_surrogate
from ..rules.strict_json import NON_STANDARD, has_non_standard_number
from ..services.errors import ServiceError

# What JSON bodies come as: application/json, and text/plain from navigator.sendBeacon
_JSON_TYPES = ("application/json", "text/plain")


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def reject_characters_no_text_holds():
        """PostgreSQL text cannot hold U+0000, and no real input needs it: refuse it everywhere, early;
        likewise half a surrogate pair in a JSON body, and numbers that browsers' JSON can't hold."""
        raw_query = request.query_string  # U+0000 can only be there raw or as %00; parsing it all costs more
        in_query = b"%00" in raw_query or b"\x00" in raw_query
        in_path = "\x00" in request.path
        # uploads (multipart) are files, binary by nature: the view that takes them reads and checks them
        text_body = request.content_length and request.mimetype != "multipart/form-data"
        body = request.get_data(cache=True) if text_body else b""
        escapes = b"\\" in body  # a one-byte search is nearly free; the escapes below are rare
        if in_query or in_path or b"\x00" in body or (escapes and b"\\u0000" in body):
            raise ServiceError(400, "invalid_characters", "NUL characters (U+0000) are not allowed.")
        if escapes and has_unpaired_surrogate(body):
            raise ServiceError(400, "invalid_characters", UNPAIRED_SURROGATE)
        if body and (request.mimetype in _JSON_TYPES or request.mimetype.endswith("+json")) \
                and has_non_standard_number(body):
            raise ServiceError(400, "invalid_json", f"The body is not standard JSON: {NON_STANDARD}")
