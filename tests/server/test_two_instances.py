"""Two `waypost serve` instances behind one load balancer, on one PostgreSQL database and one Redis: started together
they migrate once; rate limits count across both; a change made through one is served by the other at once; and the
events sent through both go out to a webhook once each. Skipped (saying so) only where Redis is unreachable, never
in CI (WAYPOST_REQUIRE_REDIS)."""
import itertools
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from tests.server.test_serve import WAYPOST, _free_port
from tests.server.test_webhook_targets import listener  # noqa: F401

PG_ADMIN = os.environ.get("WAYPOST_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("WAYPOST_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
SECRET = "two-instances-secret-key-long-enough-for-hs256"


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_timeout=2).ping()
        return True
    except Exception:
        return False


def call(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def two_instances(tmp_path, postgres_url):
    if not _redis_reachable():
        if os.environ.get("WAYPOST_REQUIRE_REDIS") or os.environ.get("CI"):
            pytest.fail(f"Redis is required here but unreachable at {REDIS}")
        pytest.skip(f"Redis unreachable at {REDIS}: the two-instance test is skipped")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    name = f"waypost_two_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    env = {**os.environ, "WAYPOST_DATABASE_URL": db_url, "WAYPOST_SECRET_KEY": SECRET, "WAYPOST_WORKERS": "1",
           "WAYPOST_RATELIMIT_STORAGE_URI": REDIS, "WAYPOST_SDK_RATE_LIMIT": "30 per hour",
           "WAYPOST_WEBHOOK_ALLOW_PRIVATE": "1", "WAYPOST_JOBS_INTERVAL": "0.5"}
    ports = [_free_port(), _free_port()]
    logs = [open(tmp_path / f"serve-{n}.log", "w+") for n in range(2)]
    processes = [subprocess.Popen([str(WAYPOST), "serve", "--port", str(port)], env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # together: one migrates
                 for port, log in zip(ports, logs)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 90
        for base, log in zip(bases, logs):
            while True:
                try:
                    if call(base, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("waypost serve did not become healthy:\n" + log.read())
                time.sleep(0.3)
        yield bases, db_url
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _setup(db_url):
    """An owner account and an app with one published tour, made through the services on the shared database."""
    from server import create_app
    from server.extensions import db
    from server.schemas.tour_spec import TourSpecSchema
    from server.services import accounts
    from server.services import tours as tour_service
    from server.services.apps import create_app_record

    flask_app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET})
    with flask_app.app_context():
        accounts.create_user("owner@two.example", "owner", "a long enough password 1")
        record = create_app_record("Two", ["https://app.two.example"])
        tour = tour_service.create_tour(record, TourSpecSchema().load(
            {"id": "hello", "name": "Hello", "auto": True, "steps": [{"id": "a", "title": "Hello"}]}))
        tour_service.publish(tour, "test")
        db.session.commit()
        key, app_id = record.key, record.id
        db.session.remove()
        db.engine.dispose()
    return key, app_id


def _rollups(db_url: str, app_id: int) -> tuple[int, int]:
    """The clicks in the daily rollups, and today's active users, as both instances kept them."""
    from sqlalchemy import func, select

    from server import create_app
    from server.extensions import db
    from server.models import EventDay
    from server.services.active_users import active_series

    flask_app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET})
    with flask_app.app_context():
        clicks = db.session.scalar(select(func.sum(EventDay.events)).where(
            EventDay.app_id == app_id, EventDay.type == "custom:clicked"))
        today = datetime.now(UTC).date()
        active = active_series(app_id, "day", today, today + timedelta(days=1)).get(today.isoformat())
        db.session.remove()
        db.engine.dispose()
    return clicks, active


def test_two_instances_share_limits_snapshots_and_webhooks(two_instances, listener):  # noqa: F811
    (a, b), shared_db = two_instances
    port, hook = listener
    key, app_id = _setup(shared_db)
    sdk = {"X-Waypost-Key": key, "Origin": "https://app.two.example"}
    boot = "/api/v1/sdk/bootstrap?user_id=u1&url=%2Fapp"

    # a change made through one instance is what the other serves next
    assert [t["id"] for t in call(b, "GET", boot, headers=sdk)[1]["tours"]] == ["hello"]
    status, login = call(a, "POST", "/api/v1/auth/login", {"email": "owner@two.example",
                                                           "password": "a long enough password 1"})
    assert status == 200, login
    owner = {"Authorization": f"Bearer {login['access_token']}"}
    assert call(a, "POST", f"/api/v1/apps/{app_id}/tours/hello/unpublish", {}, owner)[0] == 200
    assert call(b, "GET", boot, headers=sdk)[1]["tours"] == []

    # events through both instances reach the webhook once each
    status, made = call(b, "POST", f"/api/v1/apps/{app_id}/webhooks",
                        {"url": f"http://127.0.0.1:{port}/in", "events": ["custom:*"]}, owner)
    assert status == 201, made
    sent = []
    for n, base in zip(range(6), itertools.cycle((a, b))):
        event = {"id": str(uuid.uuid4()), "type": "custom:clicked", "ts": datetime.now(UTC).isoformat()}
        assert call(base, "POST", "/api/v1/sdk/events", {"user_id": f"u{n}", "events": [event]}, sdk)[0] == 202
        sent.append(event["id"])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        got = [e["id"] for _, _, _, body in hook.received for e in json.loads(body)["events"]]
        if len(got) >= len(sent):
            break
        time.sleep(0.3)
    time.sleep(2)  # time enough for a second delivery, if there were one
    got = [e["id"] for _, _, _, body in hook.received for e in json.loads(body)["events"]]
    assert sorted(got) == sorted(sent), (len(got), len(sent))
    assert _rollups(shared_db, app_id) == (6, 6)  # each event in the daily rollups once, six users active today

    # the SDK limit (30 an hour per client) counts the requests of both instances together: 8 were made, so 22 of
    # these 40 pass (each instance alone would let all 40 through)
    statuses = [call(base, "GET", boot, headers=sdk)[0] for _, base in zip(range(40), itertools.cycle((a, b)))]
    assert statuses.count(200) == 22 and statuses.count(429) == 18, statuses
