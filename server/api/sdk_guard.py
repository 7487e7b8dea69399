"""What every SDK blueprint shares: the app named by its key, per-app CORS, rate limits, body parsing."""
import hashlib
import json

import orjson
from flask import current_app, g, request

from ..extensions import limiter
from ..services.apps import origin_allowed
from ..services.errors import ServiceError
from ..services.served_app import ServedApp, cached_served_app, served_app

CORS_HEADERS = "Content-Type, X-Waypost-Key, If-None-Match"


def _key() -> str | None:
    return request.headers.get("X-Waypost-Key") or request.args.get("key")


def _client_of_app() -> str:
    """Rate limits count per app key and client address, so one noisy tenant can't starve others."""
    return f"{_key()}|{request.remote_addr}"


def current_app_record() -> ServedApp:
    return g.waypost_app


def _app_for_key() -> ServedApp:
    return served_app(_key())


def check_app_and_origin():
    g.waypost_app = None
    if request.method == "OPTIONS":
        return None
    g.waypost_app = _app_for_key()
    origin = request.headers.get("Origin")
    if origin and not origin_allowed(g.waypost_app, origin):
        raise ServiceError(403, "origin_not_allowed", f"{origin} is not an allowed origin of this app.")
    return None


def add_cors_headers(response):
    """Per-app CORS: each app lists its own origins, so the allowed set depends on the request.

    A preflight names no app unless the key is in the query; then any app's origin may ask.
    """
    origin = request.headers.get("Origin")
    response.vary.add("Origin")
    if not origin:
        return response
    app = g.get("waypost_app")
    if request.method == "OPTIONS" and request.args.get("key"):
        try:
            app = _app_for_key()
        except ServiceError:
            return response
    elif "waypost_app" not in g:
        # Answered before check_app_and_origin ran (the rate limit's 429, a refused character): the page must be
        # able to read it too. From this process's snapshots only: shedding load must not cost a query.
        app = cached_served_app(_key())
        if app is None:
            return response
    elif app is None and request.method != "OPTIONS":
        return response
    if origin_allowed(app, origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "ETag"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    return response


def json_body() -> dict:
    """JSON from application/json or text/plain (what navigator.sendBeacon sends)."""
    if request.mimetype not in ("application/json", "text/plain"):
        raise ServiceError(415, "unsupported_media_type", "Send the body as application/json or text/plain JSON.")
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except ValueError:
        raise ServiceError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ServiceError(400, "invalid_json", "The body must be a JSON object.")
    return body


def cacheable_json(payload: dict):
    """An SDK answer the snippet revalidates by ETag; orjson encodes bootstrap's tours ~15 times faster than json."""
    body = orjson.dumps(payload)
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


def protect(blp) -> None:
    """Resolve the app and check the origin before each request; CORS headers, and one rate limit that
    every SDK route shares, per app key and client."""
    blp.before_request(check_app_and_origin)
    blp.after_request(add_cors_headers)
    limiter.shared_limit(lambda: current_app.config["WAYPOST_SDK_RATE_LIMIT"], scope="sdk", key_func=_client_of_app,
                         exempt_when=lambda: request.method == "OPTIONS")(blp)
