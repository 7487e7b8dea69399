"""Every error, whatever raised it, reaches the client in the one JSON shape."""
import json
import uuid

import pytest
from sqlalchemy import select
from werkzeug import exceptions

from server.api.errors import register_error_handlers  # noqa: F401  (the module under test)
from server.extensions import db
from server.models import Event

ALL_HTTP_ERRORS = [cls for cls in vars(exceptions).values()
                   if isinstance(cls, type) and issubclass(cls, exceptions.HTTPException) and cls.code
                   and cls.code >= 400]


@pytest.fixture
def raising_app(own_app):
    app = own_app

    @app.get("/_raise/<int:index>")
    def _raise(index):
        raise ALL_HTTP_ERRORS[index]()

    @app.get("/_boom")
    def _boom():
        raise RuntimeError("secret internals")

    return app


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_werkzeug_http_error_has_the_error_shape(raising_app):
    client = raising_app.test_client()
    for index, cls in enumerate(ALL_HTTP_ERRORS):
        response = client.get(f"/_raise/{index}")
        assert response.status_code == cls.code, cls
        error = response.get_json()["error"]
        assert error["code"] and error["code"] == error["code"].lower() and " " not in error["code"], cls
        assert error["message"] and error["fields"] == {}, cls


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_unexpected_exceptions_are_a_500_without_internals(raising_app):
    response = raising_app.test_client().get("/_boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_server_error"
    assert "secret internals" not in response.get_data(as_text=True)


def test_routing_errors(client):
    not_found = client.get("/api/v1/nope")
    assert not_found.status_code == 404 and not_found.get_json()["error"]["code"] == "not_found"
    wrong_method = client.delete("/api/v1/sdk/bootstrap")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    assert wrong_method.get_json()["error"]["code"] == "method_not_allowed"


def test_unknown_fields_and_wrong_types_are_field_errors(client):
    response = client.post("/api/v1/auth/login", json={"email": "nope", "password": 5, "extra": 1})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"email", "password", "extra"}


def test_deeply_nested_json_is_a_clear_error(client):
    from tests.factories import make_app

    deep = "[" * 100_000 + "]" * 100_000
    login = client.post("/api/v1/auth/login", data=deep, content_type="application/json")
    events = client.post("/api/v1/sdk/events", data=deep, content_type="application/json",
                         headers={"X-Waypost-Key": make_app().key})
    for response in (login, events):
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_non_json_login_is_a_clear_error(client):
    response = client.post("/api/v1/auth/login", data="email=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("path, body", [
    ("/api/v1/sdk/bootstrap?user_id=u%00x", None),
    ("/api/v1/sdk/bootstrap?user_id=u1&url=/a&x%00=1", None),
    ("/api/v1/sdk/bootstrap?user_id=u1&url=%%00", None),
    ("/api/v1/sdk/events", b'{"user_id": "u\\u0000", "events": []}'),
    ("/api/v1/sdk/events", b'{"user_id": "u\x00", "events": []}'),
])
def test_nul_characters_are_refused_wherever_they_come(client, path, body):
    response = client.post(path, data=body, content_type="application/json") if body else client.get(path)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_characters"


@pytest.mark.parametrize("body", [
    '{"type": "custom:\\ud800"}', '{"type": "search", "query": "a\\uDFFFb"}', '{"type": "custom:x", "data": {"k": "\\ud83d"}}',
    '{"type": "search", "query": "\\ud83d\\\\ude00"}', '{"type": "search", "query": "\\ud83d\\ud83d\\ude00"}',
])
def test_half_a_surrogate_pair_is_refused_not_a_500(client, body):
    from tests.factories import make_app

    event = '{"id": "6f1c2a4e-8a1b-4c3d-9e2f-0a1b2c3d4e5f", "ts": "2026-11-25T10:00:00Z", ' + body[1:]
    response = client.post("/api/v1/sdk/events", data=f'{{"user_id": "u1", "events": [{event}]}}',
                           content_type="application/json", headers={"X-Waypost-Key": make_app().key})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_characters"


def test_surrogate_pairs_and_escaped_backslashes_are_text(client):
    from tests.factories import make_app

    app_record = make_app()
    queries = ["\U0001F600 emoji", "\\ud800 is how JSON spells half a pair", "ไทย \U0001F44D"]
    events = [{"id": str(uuid.uuid4()), "ts": "2026-11-25T10:00:00Z", "type": "search", "query": q} for q in queries]
    body = json.dumps({"user_id": "u1", "events": events})  # ensure_ascii: the emoji go as escaped pairs
    assert "\\ud83d\\ude00" in body
    response = client.post("/api/v1/sdk/events", data=body, content_type="application/json",
                           headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 202 and response.get_json()["accepted"] == 3
    stored = db.session.scalars(select(Event.query).where(Event.app_id == app_record.id)).all()
    assert sorted(stored) == sorted(queries)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_half_a_surrogate_pair_in_traits_is_a_field_error(client):
    from tests.factories import make_app

    response = client.get("/api/v1/sdk/bootstrap?user_id=u1&traits=%7B%22plan%22%3A%22%5Cud800%22%7D",
                          headers={"X-Waypost-Key": make_app().key})
    assert response.status_code == 422 and "traits" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_percent_sign_followed_by_zeros_is_not_a_nul(client):
    from tests.factories import make_app

    app_record = make_app()
    response = client.get("/api/v1/sdk/bootstrap?user_id=u%2500&url=/a%2500", headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 200 and response.get_json()["user"]["id"] == "u%00"
