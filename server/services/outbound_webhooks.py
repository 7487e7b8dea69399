"""Outbound webhooks: an app's events of chosen types POSTed in batches to its subscribers' URLs, signed with the
app's secret and retried like support requests (webhook_delivery), under the same rules on where they may go."""
from sqlalchemy import delete, func, or_, select, update

from ..extensions import db
from ..models import AdminUser, App, Event, WebhookBatch, WebhookSubscription, utcnow
from ..schemas.sdk import known_event_type
from .apps import check_webhook_url
from .errors import ServiceError
from .events import export_events

BATCH = 100
MAX_SUBSCRIPTIONS = 10
ALL_CUSTOM = "custom:*"


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
    if any(not isinstance(e, str) or not (e == ALL_CUSTOM or known_event_type(e)) for e in events):
        return "Each is a Waypost event type (tour_completed…), custom:NAME, or custom:* for every custom event."
    return None


def create_subscription(app: App, url: str, events: list[str], admin: AdminUser | None) -> WebhookSubscription:
    """A subscription from now on: events stored before it are not sent."""
    check_webhook_url(url, "url")
    if problem := event_types_problem(events):
        raise ServiceError(422, "validation_error", "Some event types are invalid.", {"events": [problem]})
    if db.session.scalar(select(func.count()).select_from(WebhookSubscription)
                         .where(WebhookSubscription.app_id == app.id)) >= MAX_SUBSCRIPTIONS:
        raise ServiceError(409, "too_many", f"An app has at most {MAX_SUBSCRIPTIONS} webhooks.")
    newest = db.session.scalar(select(func.max(Event.id)).where(Event.app_id == app.id)) or 0
    subscription = WebhookSubscription(app_id=app.id, url=url, events=sorted(set(events)), cursor=newest,
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
    return {"type": "events", "batch_id": batch.id, "subscription_id": subscription.id,
            "events": [{**e, "ts": e["ts"].isoformat(), "received_at": e["received_at"].isoformat()} for e in events]}


def url_of(batch: WebhookBatch) -> str:
    return db.session.get(WebhookSubscription, batch.subscription_id).url
