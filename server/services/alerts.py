"""Alerts authors hear of: a published tour step whose target `WAYPOST_MISSING_TARGET_ALERT_USERS` users (5 by
default; 0 turns alerts off) could not find within an hour. Raised as the events arrive, at most once a day per step
and version, stored, and delivered to the app's webhook (`tour.step_target_missing`)."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Alert, App, Event, utcnow
from .served_app import ServedApp

WINDOW = timedelta(hours=1)
QUIET = timedelta(days=1)


def raise_missing_target_alerts(app: ServedApp, steps: set[tuple[str, str | None]]) -> None:
    """For each (tour, step) that just reported a missing target: an alert when enough users missed it in the last
    hour on the published version, unless one was raised for it in the last day."""
    threshold = current_app.config["WAYPOST_MISSING_TARGET_ALERT_USERS"]
    if not threshold:
        return
    now = utcnow()
    for tour_id, step_id in sorted(steps, key=str):
        tour = app.experiences.get(tour_id)
        if tour is None or tour.kind != "tour":
            continue
        users = db.session.scalar(select(func.count(func.distinct(Event.end_user_id))).where(
            Event.app_id == app.id, Event.received_at >= now - WINDOW, Event.type == "step_target_missing",
            Event.tour_id == tour_id, Event.step_id == step_id, Event.tour_version == tour.version))
        if users < threshold or db.session.scalar(select(Alert.id).where(
                Alert.app_id == app.id, Alert.tour_id == tour_id, Alert.step_id == step_id,
                Alert.tour_version == tour.version, Alert.created_at >= now - QUIET).limit(1)):
            continue
        step = next((s for s in tour.spec["steps"] if s["id"] == step_id), {})
        db.session.add(Alert(app_id=app.id, tour_id=tour_id, tour_version=tour.version, step_id=step_id,
                             selector=step.get("target"), users=users, created_at=now,
                             webhook_next_attempt_at=now if app.webhook_url else None))
    db.session.flush()


def payload(alert: Alert) -> dict:
    """What the app's webhook gets of an alert."""
    return {"type": "tour.step_target_missing", "id": alert.id, "created_at": alert.created_at.isoformat(),
            "tour_id": alert.tour_id, "tour_version": alert.tour_version, "step_id": alert.step_id,
            "selector": alert.selector, "users": alert.users, "window_minutes": int(WINDOW.total_seconds() // 60)}


def recent_alerts(app: App, limit: int = 50) -> list[dict]:
    """The app's alerts, newest first, with how their delivery went."""
    rows = db.session.scalars(select(Alert).where(Alert.app_id == app.id).order_by(Alert.id.desc()).limit(limit))
    return [{**payload(a), "created_at": a.created_at, "delivered_at": a.webhook_delivered_at, "attempts": a.webhook_attempts,
             "last_error": a.webhook_last_error} for a in rows]
