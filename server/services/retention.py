"""Retention: raw events older than WAYPOST_EVENT_RETENTION_DAYS (unset: kept for ever) are deleted, a slice at a
time (the caller commits each), so that no long transaction holds the table. Analytics read raw events, so ranges
older than that show nothing once they are gone."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Event, utcnow

SLICE = 10_000


def prune_slice() -> int:
    """Deletes up to SLICE expired events; returns how many (0: nothing is left to delete, or retention is off)."""
    days = current_app.config["WAYPOST_EVENT_RETENTION_DAYS"]
    if not days:
        return 0
    ids = list(db.session.scalars(select(Event.id).where(Event.received_at < utcnow() - timedelta(days=days))
                                  .limit(SLICE)))
    if ids:
        db.session.execute(delete(Event).where(Event.id.in_(ids)))
    return len(ids)
