"""Picker sessions: tokens, the editor's poll, the SDK's selection and preview, roles, expiry, CORS."""
from datetime import timedelta
from urllib.parse import urlsplit

import jwt
import pytest

from server.services import picker
from server.services.picker import AUDIENCE
from tests.factories import HOST, auth_headers, make_admin, make_app, tour_spec


@pytest.fixture
def app_record(app):
    return make_app()


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def start(client, app_record, headers, mode="pick", page_url=f"{HOST}/app/projects", **body):
    return client.post(f"/api/v1/apps/{app_record.id}/picker-sessions",
                       json={"mode": mode, "page_url": page_url, **body}, headers=headers)


def sdk(app_record, origin=HOST):
    return {"X-Waypost-Key": app_record.key, "Origin": origin}


def test_pick_session_round_trip(client, app_record, editor):
    response = start(client, app_record, editor)
    assert response.status_code == 201
    created = response.get_json()
    assert created["url"] == f"{HOST}/app/projects#waypost-pick={created['token']}"
    claims = jwt.decode(created["token"], client.application.config["SECRET_KEY"], algorithms=["HS256"],
                        audience=AUDIENCE)
    assert claims["sid"] == created["id"] and claims["app"] == app_record.id and claims["mode"] == "pick"

    poll = f"/api/v1/apps/{app_record.id}/picker-sessions/{created['id']}"
    assert client.get(poll, headers=editor).get_json()["status"] == "waiting"

    picked = client.post(f"/api/v1/sdk/picker/{created['id']}/selection?token={created['token']}",
                         json={"selector": "#new-project", "text": "  New project ", "tag": "button"},
                         headers=sdk(app_record))
    assert picked.status_code == 204
    assert picked.headers["Access-Control-Allow-Origin"] == HOST
    status = client.get(poll, headers=editor).get_json()
    assert status["status"] == "picked"
    assert (status["selector"], status["text"], status["tag"]) == ("#new-project", "New project", "button")


def test_page_url_replaces_a_fragment_and_must_be_on_an_allowed_origin(client, app_record, editor):
    created = start(client, app_record, editor, page_url=f"{HOST}/app?tab=2#top").get_json()
    assert created["url"] == f"{HOST}/app?tab=2#waypost-pick={created['token']}"
    for bad in ("https://evil.example/app", "javascript:alert(1)", "/relative", "https://user:pw@host.example/"):
        response = start(client, app_record, editor, page_url=bad)
        assert response.status_code == 422, bad
        assert list(response.get_json()["error"]["fields"]) == ["page_url"]


def test_preview_validates_the_draft_and_serves_it_rendered(client, app_record, editor):
    missing = start(client, app_record, editor, mode="preview")
    assert missing.status_code == 422 and "tour" in missing.get_json()["error"]["fields"]
    invalid = start(client, app_record, editor, mode="preview", tour={**tour_spec(), "steps": []})
    assert invalid.status_code == 422 and "steps" in invalid.get_json()["error"]["fields"]["tour"]

    created = start(client, app_record, editor, mode="preview", tour=tour_spec()).get_json()
    assert urlsplit(created["url"]).fragment == f"waypost-preview={created['token']}"
    response = client.get(f"/api/v1/sdk/picker/{created['id']}?token={created['token']}", headers=sdk(app_record))
    assert response.status_code == 200
    tour = response.get_json()
    assert tour["id"] == "welcome" and tour["preview"] is True and tour["auto"] is False
    assert tour["steps"][0]["body_html"] == "<p>Hi <strong>there</strong></p>"
    assert [s["id"] for s in tour["steps"]] == ["hello", "button"]


def test_tokens_are_bound_to_their_session_mode_and_app(client, app_record, editor):
    pick = start(client, app_record, editor).get_json()
    preview = start(client, app_record, editor, mode="preview", tour=tour_spec()).get_json()
    other_app = make_app()
    secret = client.application.config["SECRET_KEY"]
    forged = jwt.encode({"aud": AUDIENCE, "app": app_record.id, "sid": pick["id"], "mode": "pick",
                         "exp": 9999999999}, "not-the-server-secret-but-long-enough", algorithm="HS256")
    no_audience = jwt.encode({"app": app_record.id, "sid": pick["id"], "mode": "pick", "exp": 9999999999},
                             secret, algorithm="HS256")
    selection = {"selector": "#x"}
    cases = [
        (pick["id"], forged, sdk(app_record)),
        (pick["id"], no_audience, sdk(app_record)),
        (pick["id"], "garbage", sdk(app_record)),
        (preview["id"], pick["token"], sdk(app_record)),  # another session's token
        (pick["id"], preview["token"], sdk(app_record)),  # a preview token cannot pick
        (pick["id"], pick["token"], {"X-Waypost-Key": other_app.key}),  # another app
    ]
    for session_id, token, headers in cases:
        response = client.post(f"/api/v1/sdk/picker/{session_id}/selection?token={token}", json=selection,
                               headers=headers)
        assert response.status_code == 401, (session_id, token)
        assert response.get_json()["error"]["code"] == "invalid_token"
    wrong_mode = client.get(f"/api/v1/sdk/picker/{pick['id']}?token={pick['token']}", headers=sdk(app_record))
    assert wrong_mode.status_code == 401
    # a picker token is no admin token
    as_admin = client.get(f"/api/v1/apps/{app_record.id}/tours", headers={"Authorization": f"Bearer {pick['token']}"})
    assert as_admin.status_code == 401


def test_expired_tokens_are_refused_and_the_poll_says_expired(client, app_record, editor, monkeypatch):
    monkeypatch.setattr(picker, "TOKEN_TTL", timedelta(seconds=-1))
    created = start(client, app_record, editor).get_json()
    response = client.post(f"/api/v1/sdk/picker/{created['id']}/selection?token={created['token']}",
                           json={"selector": "#x"}, headers=sdk(app_record))
    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "token_expired", "message": "This picker link has expired; start again from the editor.",
        "fields": {}}
    poll = f"/api/v1/apps/{app_record.id}/picker-sessions/{created['id']}"
    assert client.get(poll, headers=editor).get_json()["status"] == "expired"
    monkeypatch.undo()
    start(client, app_record, editor)  # clears expired sessions
    assert client.get(poll, headers=editor).status_code == 404


def test_selection_is_validated(client, app_record, editor):
    created = start(client, app_record, editor).get_json()
    url = f"/api/v1/sdk/picker/{created['id']}/selection?token={created['token']}"
    for body in ({}, {"selector": "div:contains(x)"}, {"selector": "["}, {"selector": "#a", "text": "x" * 201}):
        response = client.post(url, json=body, headers=sdk(app_record))
        assert response.status_code == 422, body
    assert client.post(url, json={"selector": "#a"}, headers={"X-Waypost-Key": "pk_nope"}).status_code == 401


def test_roles_and_app_scoping(client, app, app_record):
    viewer = auth_headers(app, make_admin("viewer"))
    owner = auth_headers(app, make_admin("owner"))
    assert start(client, app_record, viewer).status_code == 403
    assert start(client, app_record, {}).status_code == 401
    created = start(client, app_record, owner).get_json()
    poll = f"/api/v1/apps/{app_record.id}/picker-sessions/{created['id']}"
    assert client.get(poll, headers=viewer).status_code == 403
    assert client.get(poll, headers=owner).status_code == 200
    other = make_app()
    assert client.get(f"/api/v1/apps/{other.id}/picker-sessions/{created['id']}", headers=owner).status_code == 404
    assert client.get(f"/api/v1/apps/{app_record.id}/picker-sessions/{'x' * 300}", headers=owner).status_code == 404


def test_cors_follows_the_apps_origins(client, app_record, editor):
    created = start(client, app_record, editor).get_json()
    url = f"/api/v1/sdk/picker/{created['id']}/selection?token={created['token']}"
    preflight = client.options(url, headers={"Origin": HOST, "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type,x-waypost-key"})
    assert preflight.headers["Access-Control-Allow-Origin"] == HOST
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    refused = client.post(url, json={"selector": "#a"}, headers=sdk(app_record, "https://evil.example"))
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
