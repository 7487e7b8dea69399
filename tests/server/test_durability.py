"""Acknowledged means stored: kill -9 the server mid-stream, restart, and nothing acknowledged is lost or doubled."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import func, select

from server.extensions import db
from server.models import EndUser, Event
from tests.factories import make_app
from tests.server.test_serve import _free_port

WAYPOST = Path(sys.executable).with_name("waypost")


def _start(db_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "WAYPOST_DATABASE_URL": db_url, "WAYPOST_WORKERS": "2",
           "WAYPOST_SDK_RATE_LIMIT": "1000000 per minute"}
    process = subprocess.Popen([str(WAYPOST), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _send(port, key, method, path, body) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", "X-Waypost-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status in (200, 202)
    except (urllib.error.URLError, OSError):
        return False


def test_kill_9_loses_nothing_acknowledged_and_resending_stores_each_event_once(app, db_url):
    app_record = make_app()
    key, app_id = app_record.key, app_record.id
    db.session.remove()
    port = _free_port()
    batches = [[{"id": str(uuid.uuid4()), "type": "step_viewed", "ts": "2026-11-25T10:00:00Z"} for _ in range(20)]
               for _ in range(60)]
    server = _start(db_url, port)
    acknowledged, opted_out_acknowledged = [], False
    try:
        for index, batch in enumerate(batches):
            if index == 20:
                opted_out_acknowledged = _send(port, key, "PUT", "/api/v1/sdk/users/u1/opt-out", {"opted_out": True})
            if index == 30:
                os.killpg(server.pid, signal.SIGKILL)  # no goodbye: workers and master die at once
                server.wait(10)
            if _send(port, key, "POST", "/api/v1/sdk/events", {"user_id": "u1", "events": batch}):
                acknowledged += [e["id"] for e in batch]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
    assert 0 < len(acknowledged) < 60 * 20 and opted_out_acknowledged

    stored = set(db.session.scalars(select(Event.client_id).filter_by(app_id=app_id)))
    assert set(acknowledged) <= stored
    user = db.session.scalar(select(EndUser).filter_by(app_id=app_id, external_id="u1"))
    assert user.opted_out_at is not None
    db.session.remove()

    server = _start(db_url, port)  # the client resends everything it ever queued
    try:
        for batch in batches:
            assert _send(port, key, "POST", "/api/v1/sdk/events", {"user_id": "u1", "events": batch})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    sent = [Event.app_id == app_id, Event.type != "opted_out"]  # the opt-out's event is the server's
    total = db.session.scalar(select(func.count()).select_from(Event).where(*sent))
    distinct = db.session.scalar(select(func.count(func.distinct(Event.client_id))).where(*sent))
    assert total == distinct == 60 * 20
    assert db.session.scalar(select(func.count()).select_from(Event).filter_by(app_id=app_id, type="opted_out")) == 1
