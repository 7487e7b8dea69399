"""Where events are written: each (end user, client id) once, and what is stored now added to the daily rollups in
the same transaction, so a resent batch counts nowhere twice."""
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import case, delete, func, insert, literal_column, select

from ..extensions import db
from ..models import Event, EventDay, utcnow
from ..models.rollups import NONE
from .active_users import note_active_days
from .partitions import partitioned
from .sql import bulk_insert_ignoring_conflicts, bulk_upsert_adding, utc_day
from .support_after_article import ARTICLE_VIEWED, note_articles_read

EVENT_COLUMNS = ("app_id", "client_id", "type", "end_user_id", "tour_id", "tour_version", "step_id", "article_id",
                 "query", "url", "client_ts", "received_at", "data")
ROLLUP_COLUMNS = ("app_id", "subject", "type", "step_id", "day", "end_user_id", "events")
_COLUMN = {name: index for index, name in enumerate(EVENT_COLUMNS)}


def store_events(rows: list[tuple]) -> set[str]:
    """Stores event rows (values in EVENT_COLUMNS order, one end user's) skipping ids already stored; returns the
    client ids stored now."""
    if partitioned():
        rows = _unseen(rows)
    stored = set(bulk_insert_ignoring_conflicts(Event.__table__, EVENT_COLUMNS, rows, _event_key(), "client_id"))
    fresh = {row[_COLUMN["client_id"]]: row for row in rows if row[_COLUMN["client_id"]] in stored}
    days = Counter(_day_key(row) for row in fresh.values())
    bulk_upsert_adding(EventDay.__table__, ROLLUP_COLUMNS, [(*key, n) for key, n in days.items()],
                       ROLLUP_COLUMNS[:-1], "events")
    active: dict[tuple, set] = defaultdict(set)
    for app_id, _, _, _, day, user_id in days:
        active[app_id, user_id].add(day)
    for (app_id, user_id), user_days in active.items():
        note_active_days(app_id, user_id, user_days)
    read: dict[int, list[datetime]] = defaultdict(list)
    for row in fresh.values():
        if row[_COLUMN["type"]] == ARTICLE_VIEWED:
            read[row[_COLUMN["end_user_id"]]].append(row[_COLUMN["client_ts"]])
    for user_id, times in read.items():
        note_articles_read(user_id, times)
    return stored


def _event_key() -> tuple[str, ...]:
    """What the database keeps unique: an event's user and client id, and on PostgreSQL its time too (every unique
    key of the month-partitioned table holds the partition key)."""
    return ("end_user_id", "client_id", *(("client_ts",) if partitioned() else ()))


def _unseen(rows: list[tuple]) -> list[tuple]:
    """The rows whose (user, client id) is not stored yet, whatever its time: what the unique key alone says on
    SQLite (an event the server records once per user, such as a holdout, comes again with a later time)."""
    user, client_id = _COLUMN["end_user_id"], _COLUMN["client_id"]
    ids = {row[client_id] for row in rows}
    users = {row[user] for row in rows}
    seen = set(db.session.execute(select(Event.end_user_id, Event.client_id).where(
        Event.end_user_id.in_(users), Event.client_id.in_(ids))).all()) if rows else set()
    return [row for row in rows if (row[user], row[client_id]) not in seen]


def store_server_event(app_id: int, user_id: int, kind: str, tour_id: str | None = None,
                       article_id: str | None = None, url: str | None = None, data: dict | None = None) -> None:
    """An event the server writes (SERVER_EVENT_TYPES): what the user did through one of its endpoints, now."""
    now = utcnow()
    store_events([(app_id, str(uuid.uuid4()), kind, user_id, tour_id, None, None, article_id, None,
                   url[:2048] if url else None, now, now, data)])


def _day_key(row: tuple) -> tuple:
    kind, tour_id, article_id = row[_COLUMN["type"]], row[_COLUMN["tour_id"]], row[_COLUMN["article_id"]]
    at: datetime = row[_COLUMN["client_ts"]]
    return (row[_COLUMN["app_id"]], subject_of(kind, tour_id, article_id), kind, row[_COLUMN["step_id"]] or NONE,
            at.astimezone(UTC).date(), row[_COLUMN["end_user_id"]])


def subject_of(kind: str, tour_id: str | None, article_id: str | None) -> str:
    """What an event's rollup row is about: the article for an article view, else the tour (or experience)."""
    return (article_id if kind == "article_viewed" else tour_id or article_id) or NONE


def rebuild_rollups(app_id: int, since: date | None = None) -> int:
    """Recounts the app's rollups from raw events, for the days from `since` (all days when None); days before it
    are kept as they are (their raw events may be gone). Returns the rollup rows written."""
    day = utc_day(Event.client_ts)
    kept = [EventDay.app_id == app_id, *([EventDay.day >= since] if since else [])]
    db.session.execute(delete(EventDay).where(*kept))
    none = literal_column(f"'{NONE}'")
    subject = func.coalesce(case((Event.type == "article_viewed", Event.article_id),
                                 else_=func.coalesce(Event.tour_id, Event.article_id)), none)
    step = func.coalesce(Event.step_id, none)
    grouped = (select(Event.app_id, subject, Event.type, step, day, Event.end_user_id, func.count())
               .where(Event.app_id == app_id, *([day >= since] if since else []))
               .group_by(Event.app_id, subject, Event.type, step, day, Event.end_user_id))
    db.session.execute(insert(EventDay).from_select(list(ROLLUP_COLUMNS), grouped))
    return db.session.scalar(select(func.count()).select_from(EventDay).where(*kept))

