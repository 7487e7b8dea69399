"""The SDK API that the snippet calls from host pages (contract section 2)."""
import hashlib
import json

from flask import current_app, g, jsonify, request
from flask_smorest import Blueprint

from ..extensions import limiter
from ..schemas.sdk import (
    BootstrapQuerySchema, BootstrapSchema, EventBatchResultSchema, EventBatchSchema, OptOutResultSchema,
    OptOutSchema, TourOutSchema,
)
from ..services import apps as app_service
from ..services import i18n
from ..services.end_users import get_or_create_end_user, set_opt_out
from ..services.errors import ServiceError
from ..services.events import ingest_events
from ..services.identity import verified_user_id
from ..services.targeting import eligible_tours, find_published_tour

blp = Blueprint("sdk", __name__, url_prefix="/api/v1/sdk", description="Called by the JS snippet from host pages.")

CORS_HEADERS = "Content-Type, X-Waypost-Key, If-None-Match"


def _client_of_app() -> str:
    """Rate limits count per app key and client address, so one noisy tenant can't starve others."""
    return f"{request.headers.get('X-Waypost-Key') or request.args.get('key')}|{request.remote_addr}"


limiter.limit(lambda: current_app.config["WAYPOST_SDK_RATE_LIMIT"], key_func=_client_of_app,
              exempt_when=lambda: request.method == "OPTIONS")(blp)


def _current_app_record():
    return g.waypost_app


def _app_for_key():
    return app_service.app_by_key(request.headers.get("X-Waypost-Key") or request.args.get("key"))


@blp.before_request
def check_app_and_origin():
    g.waypost_app = None
    if request.method == "OPTIONS":
        return None
    g.waypost_app = _app_for_key()
    origin = request.headers.get("Origin")
    if origin and not app_service.origin_allowed(g.waypost_app, origin):
        raise ServiceError(403, "origin_not_allowed", f"{origin} is not an allowed origin of this app.")
    return None


@blp.after_request
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
    elif app is None and request.method != "OPTIONS":
        return response
    if app_service.origin_allowed(app, origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "ETag"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    return response


def _json_body() -> dict:
    """JSON from application/json or text/plain (what navigator.sendBeacon sends)."""
    if request.mimetype not in ("application/json", "text/plain"):
        raise ServiceError(415, "unsupported_media_type", "Send the body as application/json or text/plain JSON.")
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except ValueError:
        raise ServiceError(400, "invalid_json", "The body is not valid JSON.")
    if not isinstance(body, dict):
        raise ServiceError(400, "invalid_json", "The body must be a JSON object.")
    return body


def _cacheable_json(payload: dict):
    response = jsonify(payload)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


@blp.route("/bootstrap", methods=["GET"])
@blp.arguments(BootstrapQuerySchema, location="query")
@blp.response(200, BootstrapSchema)
def bootstrap(args):
    """Everything the snippet needs for one page: the user, the tours, help, strings."""
    app = _current_app_record()
    user_id = verified_user_id(app, args["user_id"], args["user_token"])
    user = get_or_create_end_user(app, user_id, args["traits"])
    locale = args["locale"] or app.default_locale
    payload = {
        "user": {"id": user.external_id, "opted_out": user.opted_out_at is not None},
        "tours": eligible_tours(app, user, args["url"], locale),
        "help": {"articles": []},
        "locale": locale,
        "dir": i18n.direction(locale),
        "strings": i18n.ui_strings(locale),
    }
    return _cacheable_json(payload)


@blp.route("/tours/<slug>", methods=["GET"])
@blp.arguments(BootstrapQuerySchema, location="query")
@blp.response(200, TourOutSchema)
def tour(args, slug):
    """One published tour by id, whatever the page: for `Waypost('start', id)`."""
    app = _current_app_record()
    verified_user_id(app, args["user_id"], args["user_token"])
    payload = find_published_tour(app, slug, args["locale"] or app.default_locale)
    if payload is not None:
        return _cacheable_json(payload)
    raise ServiceError(404, "not_found", "No published tour has this id.")


@blp.route("/events", methods=["POST"])
@blp.doc(requestBody={"content": {"application/json": {"schema": EventBatchSchema},
                                  "text/plain": {"schema": EventBatchSchema}}})
@blp.response(202, EventBatchResultSchema)
def events():
    """Store a batch of events; an event id already stored is never stored twice."""
    app = _current_app_record()
    batch = EventBatchSchema(limit=current_app.config["WAYPOST_EVENT_BATCH_LIMIT"]).load(_json_body())
    user_id = verified_user_id(app, batch["user_id"], batch["user_token"])
    user = get_or_create_end_user(app, user_id)
    accepted, duplicates = ingest_events(app, user, batch["events"])
    return {"accepted": accepted, "duplicates": duplicates}


@blp.route("/users/<path:user_id>/opt-out", methods=["PUT"])
@blp.arguments(OptOutSchema)
@blp.response(200, OptOutResultSchema)
def opt_out(args, user_id):
    """Opt the user out of all tours (or one tour), or back in; holds on every device."""
    app = _current_app_record()
    user = get_or_create_end_user(app, verified_user_id(app, user_id, args["user_token"]))
    set_opt_out(app, user, args["opted_out"], args["tour_id"])
    return {"opted_out": args["opted_out"], "tour_id": args["tour_id"]}
