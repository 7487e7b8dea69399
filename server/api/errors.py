"""The one error shape: every error becomes {"error": {"code", "message", "fields"}}."""
import logging

from flask import Flask, jsonify
from flask_limiter import RateLimitExceeded
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from ..services.errors import ServiceError

log = logging.getLogger(__name__)


def _code_for(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def _flatten_fields(messages) -> dict:
    """webargs nests messages by location ({"json": {...}}); clients want the fields."""
    if isinstance(messages, dict) and len(messages) == 1:
        (location, inner), = messages.items()
        if location in ("json", "query", "headers", "form", "view_args", "files") and isinstance(inner, dict):
            return inner
    return messages if isinstance(messages, dict) else {"_schema": messages}


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def handle_service_error(exc: ServiceError):
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(ValidationError)
    def handle_validation_error(exc: ValidationError):
        return error_response(422, "validation_error", "Some fields are invalid.", _flatten_fields(exc.messages))

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        data = getattr(exc, "data", None) or {}
        messages = data.get("messages")
        if exc.code in (400, 422) and messages:
            return error_response(
                422, "validation_error", "Some fields are invalid.", _flatten_fields(messages)
            )
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after", "www-authenticate")}
        description = exc.description or exc.name
        if exc.code == 413:
            description = "The request body is too large."
        elif isinstance(exc, RateLimitExceeded):
            description = f"Too many requests: at most {exc.limit.limit}. Try again after the seconds in Retry-After."
        return error_response(exc.code or 500, _code_for(exc), description, headers=headers)

    @app.errorhandler(RecursionError)
    def handle_deep_nesting(exc: RecursionError):
        # json.loads raises it on bodies nested thousands deep; nothing of ours recurses on input otherwise
        return error_response(400, "invalid_json", "The body is nested too deeply.")

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(exc: IntegrityError):
        db.session.rollback()
        log.warning("constraint refused a write: %s", exc.orig)
        return error_response(409, "conflict", "The change conflicts with existing data; reload and retry.")

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return handle_http_exception(exc)
        log.exception("unhandled error")
        return error_response(500, "internal_server_error", InternalServerError.description)
