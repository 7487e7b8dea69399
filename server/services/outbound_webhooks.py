"""Outbound webhooks: an app's events of chosen types POSTed in batches to its subscribers' URLs, signed with the
app's secret and retried like support requests (webhook_delivery), under the same rules on where they may go. A
subscription in the `segment` format speaks Segment's HTTP tracking API instead (its /v1/batch: Segment,
RudderStack, Jitsu…): the events as `track` calls, their users' traits as `identify` calls."""
import base64

from sqlalchemy import delete, func, or_, select, update

from ..extensions import db
from ..models import AdminUser, App, EndUser, Event, WebhookBatch, WebhookSubscription, utcnow
from ..schemas.sdk import SERVER_EVENT_TYPES, known_event_type
from ..schemas.webhooks import ALL_CUSTOM
from .apps import check_webhook_url
from .errors import ServiceError
from .events import export_events

BATCH = 100
MAX_SUBSCRIPTIONS = 10


def _types_condition(events: list[str]):
    """SQL for 'its type is one of these' (custom:* is every custom event)."""
    exact = [e for e in events if e != ALL_CUSTOM]
    conditions = [Event.type.in_(exact)] if exact else []
    if ALL_CUSTOM in events:
        conditions.append(Event.type.like("custom:%"))
    return or_(*conditions)


def event_types_problem(events) -> str | None:
    if not isinstance(events, list) or not 1 <= len(events) <= 50:
        return "Give 1 to 50 event types."
    if any(not isinstance(e, str) or not (e == ALL_CUSTOM or e in SERVER_EVENT_TYPES or known_event_type(e))
           for e in events):
        return ("Each is a Waypost event type (tour_completed, article_voted, support_requested, opted_out…), "
                "custom:NAME, or custom:* for every custom event.")
    return None


def create_subscription(app: App, url: str, events: list[str], admin: AdminUser | None, format: str = "waypost",
                        write_key: str | None = None) -> WebhookSubscription:
    """A subscription from now on: events stored before it are not sent."""
    check_webhook_url(url, "url")
    if (format == "segment") != bool(write_key):
        raise ServiceError(422, "validation_error", "The write key goes with the segment format.", {"write_key": [
            "The segment format needs the source's write key; the waypost format takes none."]})
    if problem := event_types_problem(events):
        raise ServiceError(422, "validation_error", "Some event types are invalid.", {"events": [problem]})
    if db.session.scalar(select(func.count()).select_from(WebhookSubscription)
                         .where(WebhookSubscription.app_id == app.id)) >= MAX_SUBSCRIPTIONS:
        raise ServiceError(409, "too_many", f"An app has at most {MAX_SUBSCRIPTIONS} webhooks.")
    newest = db.session.scalar(select(func.max(Event.id)).where(Event.app_id == app.id)) or 0
    subscription = WebhookSubscription(app_id=app.id, url=url, events=sorted(set(events)), cursor=newest,
                                       format=format, write_key=write_key,
                                       created_by=admin.email if admin else None)
    db.session.add(subscription)
    db.session.flush()
    return subscription


def get_subscription(app: App, subscription_id: int) -> WebhookSubscription:
    found = db.session.scalar(select(WebhookSubscription).filter_by(app_id=app.id, id=subscription_id))
    if found is None:
        raise ServiceError(404, "not_found", "No webhook with this id.")
    return found


def subscriptions(app: App) -> list[WebhookSubscription]:
    return list(db.session.scalars(select(WebhookSubscription).filter_by(app_id=app.id)
                                   .order_by(WebhookSubscription.id)))


def delete_subscription(app: App, subscription_id: int) -> None:
    subscription = get_subscription(app, subscription_id)
    db.session.execute(delete(WebhookBatch).where(WebhookBatch.subscription_id == subscription.id))
    db.session.delete(subscription)
    db.session.flush()


def deliveries(app: App, subscription_id: int, limit: int = 50) -> list[WebhookBatch]:
    get_subscription(app, subscription_id)
    return list(db.session.scalars(select(WebhookBatch).filter_by(subscription_id=subscription_id)
                                   .order_by(WebhookBatch.id.desc()).limit(limit)))


def batch_new_events() -> int:
    """Puts each subscription's new events into batches of at most BATCH, due now; returns how many batches. The
    cursor moves only if no other process moved it meanwhile, so no event is batched twice."""
    made = 0
    for subscription in db.session.scalars(select(WebhookSubscription)).all():
        ids = list(db.session.scalars(
            select(Event.id).where(Event.app_id == subscription.app_id, Event.id > subscription.cursor,
                                   _types_condition(subscription.events)).order_by(Event.id).limit(BATCH)))
        if not ids:
            continue
        moved = db.session.execute(
            update(WebhookSubscription).where(WebhookSubscription.id == subscription.id,
                                              WebhookSubscription.cursor == subscription.cursor)
            .values(cursor=ids[-1]).execution_options(synchronize_session=False)).rowcount
        if moved == 1:
            db.session.add(WebhookBatch(app_id=subscription.app_id, subscription_id=subscription.id,
                                        first_event_id=ids[0], last_event_id=ids[-1], events=len(ids),
                                        webhook_next_attempt_at=utcnow()))
            made += 1
    db.session.flush()
    return made


def payload(batch: WebhookBatch) -> dict:
    """What a subscriber gets: the batch's events as `waypost events export` writes them (each with its id, to
    deduplicate a batch sent again)."""
    subscription = db.session.get(WebhookSubscription, batch.subscription_id)
    app = db.session.get(App, batch.app_id)
    events = list(export_events(app, after=batch.first_event_id - 1, through=batch.last_event_id,
                                kinds=_types_condition(subscription.events)))
    if subscription.format == "segment":
        return segment_batch(app, batch, events)
    return {"type": "events", "batch_id": batch.id, "subscription_id": subscription.id,
            "events": [{**e, "ts": e["ts"].isoformat(), "received_at": e["received_at"].isoformat()} for e in events]}


def segment_event_name(kind: str) -> str:
    """tour_completed → "Tour Completed" (Segment's Object Action names); custom:NAME → NAME."""
    return kind.removeprefix("custom:") if kind.startswith("custom:") else kind.replace("_", " ").title()


def segment_batch(app: App, batch: WebhookBatch, events: list[dict]) -> dict:
    """The batch as Segment's /v1/batch takes it: an `identify` with each user's traits, then a `track` per event
    (its messageId is the event's id, so a batch sent again is deduplicated by the destination)."""
    user_ids = sorted({e["user_id"] for e in events})
    traits = dict(db.session.execute(select(EndUser.external_id, EndUser.traits).where(
        EndUser.app_id == app.id, EndUser.external_id.in_(user_ids))).all()) if user_ids else {}
    library = {"name": "waypost", "version": "1"}
    messages = [{"type": "identify", "userId": user, "traits": traits.get(user) or {}, "context": {"library": library},
                 "messageId": f"waypost-{batch.id}-{user}"} for user in user_ids]
    for e in events:
        properties = {key: e[key] for key in ("tour_id", "tour_version", "step_id", "article_id", "query")
                      if e[key] is not None}
        messages.append({"type": "track", "userId": e["user_id"], "event": segment_event_name(e["type"]),
                         "properties": {**(e["data"] or {}), **properties}, "messageId": e["id"],
                         "timestamp": e["ts"].isoformat(),
                         "context": {"library": library, **({"page": {"url": e["url"]}} if e["url"] else {})}})
    return {"batch": messages, "sentAt": utcnow().isoformat()}


def url_of(batch: WebhookBatch) -> str:
    return db.session.get(WebhookSubscription, batch.subscription_id).url


def headers_of(batch: WebhookBatch) -> dict:
    """Segment authenticates a source by its write key as HTTP Basic's user name."""
    subscription = db.session.get(WebhookSubscription, batch.subscription_id)
    if subscription.format != "segment":
        return {}
    return {"Authorization": "Basic " + base64.b64encode(f"{subscription.write_key}:".encode()).decode()}
