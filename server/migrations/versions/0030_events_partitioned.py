"""PostgreSQL: `events` partitioned by month of client_ts (declarative range partitioning), so that retention drops
a month instead of deleting its rows. The primary key and the unique key then hold client_ts too (PostgreSQL asks
every unique key of a partitioned table to hold the partition key): a resent event has the same time, so it is still
stored once. Month partitions are made for the months the events already stored fall in (up to ten years back) and
three months ahead, and a default partition takes the rest; the rows are copied over. SQLite keeps one table.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04 17:00:00

"""
from datetime import UTC, date, datetime

from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

COLUMNS = """
    id bigint NOT NULL DEFAULT nextval('events_id_seq'::regclass),
    app_id integer NOT NULL,
    client_id varchar(36) NOT NULL,
    type varchar(64) NOT NULL,
    end_user_id integer NOT NULL,
    tour_id varchar(100),
    tour_version integer,
    step_id varchar(100),
    article_id varchar(100),
    query varchar(500),
    url varchar(2048),
    client_ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    data jsonb,
    CONSTRAINT fk_events_app_id_apps FOREIGN KEY (app_id) REFERENCES apps(id) ON DELETE CASCADE,
    CONSTRAINT fk_events_end_user_id_end_users FOREIGN KEY (end_user_id) REFERENCES end_users(id) ON DELETE CASCADE
"""
INDEXES = {"ix_events_app_received": "(app_id, received_at)", "ix_events_end_user": "(end_user_id, received_at)",
           "ix_events_user_type_ts": "(end_user_id, type, client_ts)"}


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _swap(create_new: str, keys: str) -> None:
    """Renames the current table aside, creates the new one (with `keys`), copies the rows, drops the old one."""
    op.execute("ALTER TABLE events RENAME TO events_old")
    op.execute("ALTER TABLE events_old RENAME CONSTRAINT pk_events TO pk_events_old")
    op.execute("ALTER TABLE events_old RENAME CONSTRAINT uq_events_end_user_id_client_id TO uq_events_old")
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_old")
    op.execute(f"CREATE TABLE events ({COLUMNS}, {keys}) {create_new}")
    op.execute("ALTER SEQUENCE events_id_seq OWNED BY events.id")


def _finish() -> None:
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON events {columns}")
    op.execute("INSERT INTO events SELECT * FROM events_old ON CONFLICT DO NOTHING")
    op.execute("DROP TABLE events_old")


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    _swap("PARTITION BY RANGE (client_ts)",
          "CONSTRAINT pk_events PRIMARY KEY (id, client_ts), "
          "CONSTRAINT uq_events_end_user_id_client_id UNIQUE (end_user_id, client_id, client_ts)")
    today = datetime.now(UTC).date()
    last = today.year * 12 + today.month - 1 + 3
    oldest = bind.exec_driver_sql("SELECT min(client_ts) FROM events_old WHERE client_ts >= now() - interval '10 years'"
                                  ).scalar()
    first = min(oldest.year * 12 + oldest.month - 1 if oldest else last - 3, last - 3)
    for index in range(first, last + 1):
        lo, hi = _month(index), _month(index + 1)
        op.execute(f"CREATE TABLE events_{lo.year:04d}_{lo.month:02d} PARTITION OF events "
                   f"FOR VALUES FROM ('{lo.isoformat()} 00:00:00+00') TO ('{hi.isoformat()} 00:00:00+00')")
    op.execute("CREATE TABLE events_default PARTITION OF events DEFAULT")
    _finish()
    op.execute("ANALYZE events")  # the planner's statistics of the new partitions, before autovacuum gets to them


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    _swap("", "CONSTRAINT pk_events PRIMARY KEY (id), "
              "CONSTRAINT uq_events_end_user_id_client_id UNIQUE (end_user_id, client_id)")
    _finish()  # dropping the old table drops its partitions
