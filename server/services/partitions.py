"""PostgreSQL: `events` is partitioned by month of `client_ts` (declarative range partitioning). The server creates
the partitions MONTHS_AHEAD ahead, and retention drops whole months instead of deleting their rows. Events whose
time falls in no month partition (a client clock years off) land in `events_default`. SQLite has one table."""
import re
from datetime import UTC, date, datetime

from sqlalchemy import text

from ..extensions import db
from ..rules.periods import month_start

MONTHS_AHEAD = 3
PARTITION = re.compile(r"events_(\d{4})_(\d{2})")
DEFAULT = "events_default"


def partitioned() -> bool:
    return db.engine.dialect.name == "postgresql"


def is_event_partition(name: str) -> bool:
    """The partitions live only in PostgreSQL and the migrations, not in the models."""
    return bool(PARTITION.fullmatch(name or "")) or name == DEFAULT


def compared(obj, name, type_, reflected, compare_to) -> bool:
    """For autogenerate: the event partitions are not in the models, and on PostgreSQL the events' unique key holds
    client_ts too (the partition key), which the models' one does not."""
    if type_ == "table" and is_event_partition(name):
        return False
    if type_ == "unique_constraint" and name == "uq_events_end_user_id_client_id":
        return not any("client_ts" in getattr(c, "columns", {}) for c in (obj, compare_to) if c is not None)
    return True


def partition_name(month: date) -> str:
    return f"events_{month.year:04d}_{month.month:02d}"


def existing_partitions() -> dict[str, date]:
    """The month partitions of `events`, by name, with their first day."""
    names = db.session.scalars(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'events'::regclass"))
    return {name: date(int(m[1]), int(m[2]), 1) for name in names if (m := PARTITION.fullmatch(name))}


def ensure_partitions(today: date | None = None) -> list[str]:
    """Creates the month partitions from this month to MONTHS_AHEAD ahead that are missing; returns their names.
    Rows of such a month already in the default partition move into it first (then it is attached), so creating a
    partition never fails on them."""
    if not partitioned():
        return []
    today = today or datetime.now(UTC).date()
    have, made = existing_partitions(), []
    for ahead in range(MONTHS_AHEAD + 1):
        first = month_start(today, ahead)
        name = partition_name(first)
        if name in have:
            continue
        bounds = {"lo": datetime.combine(first, datetime.min.time(), UTC),
                  "hi": datetime.combine(month_start(first, 1), datetime.min.time(), UTC)}
        db.session.execute(text(f"CREATE TABLE {name} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"))
        db.session.execute(text(f"WITH moved AS (DELETE FROM {DEFAULT} WHERE client_ts >= :lo AND client_ts < :hi "
                                f"RETURNING *) INSERT INTO {name} SELECT * FROM moved"), bounds)
        db.session.execute(text(f"ALTER TABLE events ATTACH PARTITION {name} FOR VALUES FROM "
                                f"('{bounds['lo'].isoformat()}') TO ('{bounds['hi'].isoformat()}')"))
        made.append(name)
    return made


def drop_partitions_before(cutoff: datetime) -> list[str]:
    """Drops the month partitions that end at or before `cutoff`: retention by the month, not by the row."""
    if not partitioned():
        return []
    dropped = []
    for name, first in sorted(existing_partitions().items(), key=lambda item: item[1]):
        if datetime.combine(month_start(first, 1), datetime.min.time(), UTC) <= cutoff:
            db.session.execute(text(f"DROP TABLE {name}"))
            dropped.append(name)
    return dropped
