"""The SDK API that the snippet calls from host pages (contract section 2)."""
from flask import current_app
from flask_smorest import Blueprint

from ..rules import i18n
from ..schemas.sdk import (
    BootstrapQuerySchema,
    BootstrapSchema,
    EventBatchResultSchema,
    EventBatchSchema,
    OptOutResultSchema,
    OptOutSchema,
    TourOutSchema,
)
from ..schemas.sdk_events import load_event_batch
from ..services.end_users import get_or_create_end_user, join_company, set_opt_out
from ..services.errors import ServiceError
from ..services.events import ingest_events
from ..services.identity import verified_user_id
from ..services.kb import page_articles
from ..services.targeting import (
    decide_page,
    eligible_experiences,
    eligible_tours,
    find_published_tour,
    page_tours,
    record_goal_pages,
    record_holdouts,
    url_path,
)
from .sdk_guard import cacheable_json, current_app_record, json_body, protect

blp = Blueprint("sdk", __name__, url_prefix="/api/v1/sdk", description="Called by the JS snippet from host pages.")

protect(blp)
# Arguments are schema instances: from a class, webargs would build a schema on every request.


@blp.route("/bootstrap", methods=["GET"])
@blp.arguments(BootstrapQuerySchema(), location="query")
@blp.response(200, BootstrapSchema)
def bootstrap(args):
    """Everything the snippet needs for one page: the user, the tours, the other experiences (banners), help,
    strings."""
    app = current_app_record()
    user_id = verified_user_id(app, args["user_id"], args["user_token"])
    path = url_path(args["url"])
    user = get_or_create_end_user(app, user_id, args["traits"], with_progress=True,
                                  counted=page_tours(app, path).counted)
    if args["group_id"] or app.reads_companies:
        join_company(app, user, args["group_id"], args["group_traits"])
    locale = args["locale"] or app.default_locale
    decided = decide_page(app, user, path)
    record_holdouts(app, user, decided, args["url"])
    record_goal_pages(app, user, path, args["url"])
    payload = {
        "user": {"id": user.external_id, "opted_out": user.opted_out_at is not None},
        "tours": eligible_tours(app, user, args["url"], locale, decided),
        "experiences": eligible_experiences(app, user, args["url"], locale, decided),
        "help": {"articles": [
            {"id": a.id, "slug": a.slug, "title": a.title, "locale": a.locale, "faq_answer": a.faq_answer}
            for a in page_articles(app, path, locale)]},
        "locale": locale,
        "dir": i18n.direction(locale),
        "strings": i18n.ui_strings(locale),
    }
    return cacheable_json(payload)


@blp.route("/tours/<slug>", methods=["GET"])
@blp.arguments(BootstrapQuerySchema(), location="query")
@blp.response(200, TourOutSchema)
def tour(args, slug):
    """One published tour by id, whatever the page: for `Waypost('start', id)`."""
    app = current_app_record()
    user_id = verified_user_id(app, args["user_id"], args["user_token"])
    payload = find_published_tour(app, slug, args["locale"] or app.default_locale, user_id)
    if payload is not None:
        return cacheable_json(payload)
    raise ServiceError(404, "not_found", "No published tour has this id.")


@blp.route("/events", methods=["POST"])
@blp.doc(requestBody={"content": {"application/json": {"schema": EventBatchSchema},
                                  "text/plain": {"schema": EventBatchSchema}}})
@blp.response(202, EventBatchResultSchema)
def events():
    """Store a batch of events; an event id already stored is never stored twice."""
    app = current_app_record()
    batch = load_event_batch(json_body(), current_app.config["WAYPOST_EVENT_BATCH_LIMIT"])
    user_id = verified_user_id(app, batch["user_id"], batch["user_token"])
    user = get_or_create_end_user(app, user_id)
    accepted, duplicates = ingest_events(app, user, batch["events"])
    return {"accepted": accepted, "duplicates": duplicates}


@blp.route("/users/<path:user_id>/opt-out", methods=["PUT"])
@blp.arguments(OptOutSchema())
@blp.response(200, OptOutResultSchema)
def opt_out(args, user_id):
    """Opt the user out of all tours (or one tour), or back in; holds on every device."""
    app = current_app_record()
    user = get_or_create_end_user(app, verified_user_id(app, user_id, args["user_token"]))
    set_opt_out(app, user, args["opted_out"], args["tour_id"])
    return {"opted_out": args["opted_out"], "tour_id": args["tour_id"]}
