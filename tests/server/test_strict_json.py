"""NaN, Infinity and overflowing numbers: refused in every JSON input, never written in any answer."""
import json

import pytest
from sqlalchemy import func, select, text

from server.extensions import db
from server.models import EndUser, Event, KbArticle, SupportRequest
from server.rules import strict_json
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app

NON_STANDARD = ["NaN", "Infinity", "-Infinity", "1e999", "-1.5E+400", "1" + "0" * 400 + ".0"]


def browser_parse(body: bytes):
    """JSON.parse: standard JSON only."""
    return json.loads(body, parse_constant=lambda name: pytest.fail(f"{name} in an answer"))


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


@pytest.mark.parametrize("number", NON_STANDARD)
def test_bootstrap_refuses_traits_with_non_standard_numbers(client, number):
    app_record = make_app()
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": "u1", "url": "/", "traits": f'{{"score": {number}}}'})
    assert answer.status_code == 422
    assert "traits" in answer.get_json()["error"]["fields"]
    assert count(EndUser, app_id=app_record.id) == 0


@pytest.mark.parametrize("mimetype", ["application/json", "text/plain"])
@pytest.mark.parametrize("number", NON_STANDARD)
def test_events_with_non_standard_numbers_are_refused_and_nothing_is_stored(client, number, mimetype):
    app_record = make_app()
    body = (f'{{"user_id": "u1", "events": [{{"id": "{new_uuid()}", "type": "custom:x", "ts": "2026-11-25T10:00:00Z",'
            f' "data": {{"v": {number}}}}}]}}')
    answer = client.post("/api/v1/sdk/events", data=body, content_type=mimetype,
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "invalid_json"
    assert count(Event, app_id=app_record.id) == 0 and count(EndUser, app_id=app_record.id) == 0


def test_the_words_and_ordinary_numbers_still_pass(client):
    app_record = make_app()
    data = {"note": "NaN Infinity 1e999 " + "9" * 300, "big": 1.5e300, "small": 1e-400, "int": 10 ** 400,
            "sci": 12e10}
    events = [{"id": new_uuid(), "type": "custom:x", "ts": "2026-11-25T10:00:00Z", "data": data}]
    answer = client.post("/api/v1/sdk/events", json={"user_id": "u1", "events": events},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202
    assert db.session.scalar(select(Event.data).filter_by(app_id=app_record.id))["note"] == data["note"]
    boot = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                      query_string={"user_id": "u1", "traits": '{"plan": "NaN", "n": 1e300}'})
    assert boot.status_code == 200


def test_support_requests_and_admin_bodies_refuse_them_too(client, app):
    app_record = make_app()
    support = client.post("/api/v1/sdk/support-requests", data='{"user_id": "u1", "message": "hi", "x": NaN}',
                          content_type="application/json", headers={"X-Waypost-Key": app_record.key})
    assert support.status_code == 400 and support.get_json()["error"]["code"] == "invalid_json"
    assert count(SupportRequest, app_id=app_record.id) == 0
    editor = auth_headers(app, make_admin("editor"))
    article = ('{"slug": "a", "locale": "en", "title": "T", "body": "b", "pages": [], "status": "published",'
               ' "priority": Infinity}')
    created = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", data=article,
                          content_type="application/json", headers=editor)
    assert created.status_code == 400 and set(created.get_json()["error"]) == {"code", "message", "fields"}
    assert count(KbArticle, app_id=app_record.id) == 0


def test_answers_never_write_them(app):
    with app.test_request_context():
        body = app.json.response({"v": float("nan"), "w": [float("inf"), -float("inf")], "x": 1.5}).get_data()
    assert browser_parse(body) == {"v": None, "w": [None, None], "x": 1.5}
    assert browser_parse(strict_json.dumps({"v": float("nan")}).encode()) == {"v": None}


def test_a_value_stored_before_the_fix_reads_as_null_everywhere(client, app, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's jsonb never held NaN")
    app_record = make_app()
    events = [{"id": new_uuid(), "type": "custom:x", "ts": "2026-11-25T10:00:00Z", "data": {"v": 1}}]
    client.post("/api/v1/sdk/events", json={"user_id": "u1", "events": events},
                headers={"X-Waypost-Key": app_record.key})
    client.post("/api/v1/sdk/support-requests", json={"user_id": "u1", "message": "help"},
                headers={"X-Waypost-Key": app_record.key})
    db.session.execute(text("UPDATE events SET data = '{\"v\": NaN}'"))
    db.session.execute(text("UPDATE end_users SET traits = '{\"score\": Infinity}'"))
    db.session.execute(text("UPDATE support_requests SET context = '{\"traits\": {\"score\": -Infinity}}'"))
    db.session.commit()
    viewer = auth_headers(app, make_admin("viewer"))
    base = f"/api/v1/apps/{app_record.id}"
    for path in ("/events", "/end-users", "/end-users/u1/timeline", "/support-requests", "/end-users/u1/export"):
        answer = client.get(base + path, headers=viewer if path != "/end-users/u1/export" else
                            auth_headers(app, make_admin("owner")))
        assert answer.status_code == 200, path
        assert b"NaN" not in answer.data and b"Infinity" not in answer.data, path
        browser_parse(answer.data)
