"""Retention: raw events older than WAYPOST_EVENT_RETENTION_DAYS (unset: kept for ever) are deleted. On PostgreSQL
the months that ended before the cutoff are dropped whole (their partitions); what is left, a slice at a time (the
caller commits each), so that no long transaction holds the table. The daily rollups and help sessions analytics
read are kept."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Event, utcnow
from .partitions import drop_partitions_before

SLICE = 10_000


def cutoff():
    """Events received before this are expired; None when retention is off."""
    days = current_app.config["WAYPOST_EVENT_RETENTION_DAYS"]
    return utcnow() - timedelta(days=days) if days else None


def prune_months() -> list[str]:
    """Drops the month partitions (PostgreSQL) that ended before the cutoff; returns their names."""
    expired = cutoff()
    return drop_partitions_before(expired) if expired else []


def prune_slice() -> int:
    """Deletes up to SLICE expired events; returns how many (0: nothing is left to delete, or retention is off)."""
    expired = cutoff()
    if expired is None:
        return 0
    ids = list(db.session.scalars(select(Event.id).where(Event.received_at < expired).limit(SLICE)))
    if ids:
        db.session.execute(delete(Event).where(Event.id.in_(ids)))
    return len(ids)
