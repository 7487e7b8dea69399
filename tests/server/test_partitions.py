"""PostgreSQL's events table is partitioned by month of client_ts: the migration made the months of stored events
and three ahead, the server makes missing months (moving their rows out of the default partition), retention drops
whole expired months and keeps the rollups, and an event sent again is still stored once. SQLite keeps one table."""
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import func, select, text

from server.extensions import db
from server.jobs import prune_events
from server.models import Event, EventDay, utcnow
from server.rules.periods import month_start
from server.services.partitions import ensure_partitions, existing_partitions, partition_name
from tests.factories import make_app


def post(client, app_record, *times, ids=None):
    ids = ids or [str(uuid.uuid4()) for _ in times]
    batch = [{"id": i, "type": "custom:exported", "ts": t} for i, t in zip(ids, times)]
    answer = client.post("/api/v1/sdk/events", json={"user_id": "u1", "events": batch},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202, answer.get_json()
    return ids, answer.get_json()


def rows_in(table: str) -> int:
    return db.session.scalar(text(f"SELECT count(*) FROM {table}"))


def test_events_are_partitioned_by_month_on_postgresql_only(client, db_url):
    today = utcnow().date()
    if not db_url.startswith("postgresql"):
        assert ensure_partitions() == []  # SQLite: one table, nothing to make
        assert "events_default" not in db.inspect(db.engine).get_table_names()
        return
    assert db.session.scalar(text("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'events'::regclass"))
    months = set(existing_partitions().values())
    assert {month_start(today, ahead) for ahead in range(4)} <= months
    app_record = make_app()
    times = (utcnow().isoformat(), "2041-03-05T10:00:00Z")
    ids, answer = post(client, app_record, *times)
    assert rows_in(partition_name(month_start(today))) == 1 and rows_in("events_default") == 1  # 2041: no month yet
    _, again = post(client, app_record, *times, ids=ids)
    assert again == {"accepted": 0, "duplicates": 2}  # sent again: stored once, as before partitioning
    _, later = post(client, app_record, (utcnow() + timedelta(minutes=5)).isoformat(), times[1], ids=ids)
    assert later == {"accepted": 0, "duplicates": 2}  # even with another time (the server's once-per-user events)
    assert ensure_partitions(date(2041, 2, 10)) == ["events_2041_02", "events_2041_03", "events_2041_04",
                                                    "events_2041_05"]
    db.session.commit()
    assert rows_in("events_2041_03") == 1 and rows_in("events_default") == 0  # moved into its month
    assert ensure_partitions(date(2041, 2, 10)) == []
    assert db.session.scalar(select(func.count()).select_from(Event)) == 2


def test_retention_drops_expired_months_whole_and_keeps_their_rollups(client, app, db_url):
    app.config["WAYPOST_EVENT_RETENTION_DAYS"] = 60
    app_record = make_app()
    now = utcnow()
    old = month_start(now.date(), -4)  # a month that ended long before the cutoff
    old_ts = datetime(old.year, old.month, 3, 12, tzinfo=UTC)
    if db_url.startswith("postgresql"):
        db.session.execute(text(f"CREATE TABLE {partition_name(old)} PARTITION OF events FOR VALUES FROM "
                                f"('{old_ts.date().replace(day=1)}') TO ('{month_start(old, 1)}')"))
        db.session.commit()
    post(client, app_record, old_ts.isoformat(), (now - timedelta(days=1)).isoformat())
    db.session.execute(text("UPDATE events SET received_at = client_ts"))
    db.session.commit()
    deleted_one_by_one = prune_events()
    db.session.expire_all()
    assert [e.client_ts.date() for e in db.session.scalars(select(Event))] == [(now - timedelta(days=1)).date()]
    if db_url.startswith("postgresql"):
        assert deleted_one_by_one == 0 and partition_name(old) not in existing_partitions()  # dropped, not deleted
    else:
        assert deleted_one_by_one == 1
    assert db.session.scalar(select(func.sum(EventDay.events)).where(EventDay.app_id == app_record.id)) == 2


def test_the_migration_keeps_every_event_and_a_downgrade_brings_the_plain_table_back(client, app, db_url):
    from flask_migrate import downgrade, upgrade

    app_record = make_app()
    key = app_record.key
    post(client, app_record, utcnow().isoformat(), "2009-01-01T00:00:00Z", "2044-01-01T00:00:00Z")
    before = sorted(db.session.execute(select(Event.client_id, Event.client_ts)).all())
    db.session.remove()
    downgrade(revision="0029")
    assert sorted(db.session.execute(select(Event.client_id, Event.client_ts)).all()) == before
    db.session.remove()
    upgrade()
    assert sorted(db.session.execute(select(Event.client_id, Event.client_ts)).all()) == before
    _, again = post(client, SimpleNamespace(key=key), "2044-01-01T00:00:00Z")
    assert again["accepted"] == 1
