"""What `waypost serve` logs: every unhandled error with its traceback, one line per event, no credentials."""
import http.client
import json
import re
import sqlite3
import time

import pytest

from server.logs import REDACTED, redact_query
from tests.server.served import served

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1NDIifQ.c2lnbmF0dXJlLXNlY3JldA"


def _get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def _log_when(log_path, pattern, timeout=10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = log_path.read_text(errors="replace")
        if re.search(pattern, text) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_500_is_logged_with_its_traceback_and_no_token_reaches_the_log(db_url, tmp_path):
    with served(tmp_path) as (port, key, log_path):
        path = f"/api/v1/sdk/bootstrap?user_id=u42&url=/app&user_token={TOKEN}&token=wpt_abcdefghijklmnop"
        assert _get(port, path, {"X-Waypost-Key": key, "Origin": "https://host.example"})[0] == 200
        with sqlite3.connect(tmp_path / "served.sqlite3") as broken:  # the server's next bootstrap cannot work
            broken.execute("ALTER TABLE end_users RENAME TO end_users_gone")
        status, body = _get(port, path.replace("u42", "u43"), {"X-Waypost-Key": key, "Origin": "https://host.example"})
        assert status == 500 and body["error"]["code"] == "internal_server_error"
        log = _log_when(log_path, r"\" 500 ")
    assert re.search(r"^\S+Z ERROR server\.api\.errors: unhandled error", log, re.M), log[-3000:]
    traceback = log[log.index("ERROR server.api.errors"):]
    assert "Traceback (most recent call last):" in traceback and "no such table: end_users" in traceback
    # the traceback's lines belong to its event: indented under it, so every event starts a line of its own
    events = [line for line in log.splitlines() if line and not line.startswith(" ")]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (INFO|WARNING|ERROR) ", line) for line in events), events
    access = [line for line in events if "granian.access" in line and "/api/v1/sdk/bootstrap" in line]
    assert len(access) == 2 and '" 200 ' in access[0] and '" 500 ' in access[1], access
    assert f"user_token={REDACTED}" in access[0] and "url=/app" in access[0]
    assert TOKEN not in log and "signature" not in log and "wpt_abcdefghijklmnop" not in log


@pytest.mark.parametrize("query, kept, gone", [
    ("token=abc&locale=th", "locale=th", "abc"),
    ("user_token=eyJa.eyJb.c&url=/x", "url=/x", "eyJa"),
    ("password=hunter2hunter2", "password=", "hunter2"),
    ("q=" + TOKEN, "q=", "eyJhbGciOiJIUzI1NiJ9"),
    ("next=/settings%3Fsecret%3Dsk_live_abcdefgh12", "next=", "sk_live_abcdefgh12"),
    ("%ZZ=%%%&&=", "", "%ZZ=%%%&&=x"),  # junk never raises
])
def test_redacted_queries(query, kept, gone):
    redacted = redact_query(query)
    assert kept in redacted and gone not in redacted
