"""Request-wide input rules that no single schema should have to repeat."""
import re

from flask import Flask, request

from ..services.errors import ServiceError

# A JSON escape: an escaped backslash (consumed whole, so `\\ud800` is no escape of a surrogate) or a
# UTF-16 surrogate half, \ud800-\udfff.
_ESCAPE = re.compile(rb"\\(?:\\|u[dD][89a-fA-F][0-9a-fA-F]{2})")


def has_unpaired_surrogate(body: bytes) -> bool:
    r"""Whether JSON text escapes half a surrogate pair without the other half right after it.

    JSON may spell a character beyond U+FFFF as a pair (`\ud83d\ude00`); half of one is not text, and
    neither the databases nor the JSON encoders can store or send it.
    """
    if b"\\ud" not in body and b"\\uD" not in body:
        return False
    high_ends_at = None
    for escape in _ESCAPE.finditer(body):
        is_surrogate = escape.group() != b"\\\\"
        is_high = is_surrogate and escape.group()[3] in b"89abAB"
        if high_ends_at is not None:
            if not is_surrogate or is_high or escape.start() != high_ends_at:
                return True
            high_ends_at = None
        elif is_high:
            high_ends_at = escape.end()
        elif is_surrogate:
            return True
    return high_ends_at is not None


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def reject_characters_no_text_holds():
        """PostgreSQL text cannot hold U+0000, and no real input needs it: refuse it everywhere, early;
        likewise half a surrogate pair in a JSON body."""
        raw_query = request.query_string  # U+0000 can only be there raw or as %00; parsing it all costs more
        in_query = b"%00" in raw_query or b"\x00" in raw_query
        in_path = "\x00" in request.path
        body = request.get_data(cache=True) if request.content_length else b""
        if in_query or in_path or b"\x00" in body or b"\\u0000" in body:
            raise ServiceError(400, "invalid_characters", "NUL characters (U+0000) are not allowed.")
        if has_unpaired_surrogate(body):
            raise ServiceError(400, "invalid_characters",
                               "Half a UTF-16 surrogate pair (\\ud800-\\udfff without its other half) is not text.")
