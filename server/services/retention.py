"""Retention: raw events older than WAYPOST_EVENT_RETENTION_DAYS (unset: kept for ever) are deleted, a slice at a
time so that no long transaction holds the table. Analytics read raw events, so ranges older than that show
nothing once they are gone."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Event, utcnow

SLICE = 10_000


def prune_events(max_slices: int = 100) -> int:
    """Deletes up to max_slices × SLICE expired events, committing after each slice; returns how many."""
    days = current_app.config["WAYPOST_EVENT_RETENTION_DAYS"]
    if not days:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    removed = 0
    for _ in range(max_slices):
        ids = list(db.session.scalars(select(Event.id).where(Event.received_at < cutoff).limit(SLICE)))
        if not ids:
            break
        db.session.execute(delete(Event).where(Event.id.in_(ids)))
        db.session.commit()
        removed += len(ids)
    return removed
