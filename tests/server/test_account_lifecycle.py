"""Admin accounts over their life: disable, enable, delete, password change, logout, token revocation."""
from datetime import UTC

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.cli import main
from server.extensions import db
from server.models import AdminUser, ApiToken, AuditEntry
from server.services.accounts import create_api_token
from tests.factories import make_admin

PASSWORD = "correct horse battery"


def login(client, user, password=PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": user.email, "password": password})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def session_of(client, user, password=PASSWORD) -> dict:
    answer = login(client, user, password)
    assert answer.status_code == 200, answer.get_json()
    return bearer(answer.get_json()["access_token"])


def code(answer) -> str:
    return answer.get_json()["error"]["code"]


@pytest.fixture
def owner(app):
    return make_admin("owner")


@pytest.fixture
def cli(app, db_url, monkeypatch):
    """`waypost users …` on the test database."""
    monkeypatch.setenv("WAYPOST_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args, input=None):
        result = runner.invoke(main, ["users", *args], input=input)
        db.session.expire_all()
        return result

    return run


def test_an_owner_disables_and_enables_an_account(client, owner):
    editor = make_admin("editor")
    as_owner, as_editor = session_of(client, owner), session_of(client, editor)
    _, api_token = create_api_token(editor, "ci")
    disabled = client.patch(f"/api/v1/users/{editor.id}", json={"disabled": True}, headers=as_owner)
    assert disabled.status_code == 200 and disabled.get_json()["disabled_at"] is not None
    for headers in (as_editor, bearer(api_token)):
        answer = client.get("/api/v1/me", headers=headers)
        assert answer.status_code == 401 and code(answer) == "account_disabled"
    refused = login(client, editor)
    assert refused.status_code == 401 and code(refused) == "account_disabled"
    assert client.get("/api/v1/users", headers=as_owner).get_json()[1]["disabled_at"] is not None

    enabled = client.patch(f"/api/v1/users/{editor.id}", json={"disabled": False}, headers=as_owner)
    assert enabled.status_code == 200 and enabled.get_json()["disabled_at"] is None
    # the access token issued before the account was disabled stays void; a new login works
    assert client.get("/api/v1/me", headers=as_editor).status_code == 401
    assert client.get("/api/v1/me", headers=session_of(client, editor)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(api_token)).status_code == 200


def test_an_owner_deletes_an_account_and_its_tokens(client, owner):
    viewer = make_admin("viewer")
    as_owner, as_viewer = session_of(client, owner), session_of(client, viewer)
    _, api_token = create_api_token(viewer, "ci")
    client.post("/api/v1/tokens", json={"name": "x"}, headers=as_viewer)  # an audited action of theirs
    assert client.delete(f"/api/v1/users/{viewer.id}", headers=as_owner).status_code == 204
    assert db.session.get(AdminUser, viewer.id) is None
    assert db.session.scalars(select(ApiToken)).all() == []
    assert client.get("/api/v1/me", headers=as_viewer).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(api_token)).status_code == 401
    assert login(client, viewer).status_code == 401
    assert client.delete(f"/api/v1/users/{viewer.id}", headers=as_owner).status_code == 404
    kept = db.session.scalars(select(AuditEntry).filter_by(action="auth.create_token")).one()
    assert kept.actor_id is None and kept.actor_email == viewer.email


def test_nobody_disables_or_deletes_their_own_account(client, owner):
    as_owner = session_of(client, owner)
    make_admin("owner")  # so that "last owner" is not the reason
    for method, body in (("PATCH", {"disabled": True}), ("DELETE", None)):
        answer = client.open(f"/api/v1/users/{owner.id}", method=method, json=body, headers=as_owner)
        assert answer.status_code == 409 and code(answer) == "own_account", answer.get_json()
    assert client.get("/api/v1/me", headers=as_owner).status_code == 200


def test_owners_may_remove_other_owners_but_never_the_last_active_one(client, cli, owner):
    other = make_admin("owner")
    as_owner = session_of(client, owner)
    assert client.patch(f"/api/v1/users/{other.id}", json={"disabled": True}, headers=as_owner).status_code == 200
    assert client.delete(f"/api/v1/users/{other.id}", headers=as_owner).status_code == 204
    # the API cannot reach the last owner (it is you); the CLI can, and is refused
    for args in (("disable", owner.email), ("delete", owner.email, "--yes")):
        result = cli(*args)
        assert result.exit_code == 1 and "last active owner" in result.output, result.output
    assert db.session.get(AdminUser, owner.id).disabled_at is None


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_manage_accounts_and_others_tokens(client, owner, role):
    caller = make_admin(role)
    headers = session_of(client, caller)
    target = make_admin("viewer")
    token, _ = create_api_token(target, "ci")
    for method, path, body in (("PATCH", f"/api/v1/users/{target.id}", {"disabled": True}),
                               ("DELETE", f"/api/v1/users/{target.id}", None),
                               ("GET", f"/api/v1/users/{target.id}/tokens", None),
                               ("DELETE", f"/api/v1/users/{target.id}/tokens/{token.id}", None)):
        answer = client.open(path, method=method, json=body, headers=headers)
        assert answer.status_code == 403 and code(answer) == "forbidden", (method, path)
    db.session.expire_all()
    assert db.session.get(AdminUser, target.id).disabled_at is None
    assert db.session.get(ApiToken, token.id).revoked_at is None
    # and one's own tokens only through /tokens: another's id is "not found"
    assert client.delete(f"/api/v1/tokens/{token.id}", headers=headers).status_code == 404


def test_an_owner_revokes_anyones_api_token(client, owner):
    as_owner = session_of(client, owner)
    editor = make_admin("editor")
    token, plaintext = create_api_token(editor, "ci")
    listed = client.get(f"/api/v1/users/{editor.id}/tokens", headers=as_owner).get_json()
    assert [(t["id"], t["name"]) for t in listed] == [(token.id, "ci")] and "token" not in listed[0]
    assert client.delete(f"/api/v1/users/{owner.id}/tokens/{token.id}", headers=as_owner).status_code == 404
    assert client.delete(f"/api/v1/users/{editor.id}/tokens/{token.id}", headers=as_owner).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(plaintext)).status_code == 401
    assert client.get(f"/api/v1/users/{editor.id}/tokens", headers=as_owner).get_json()[0]["revoked_at"]


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_everyone_changes_their_own_password(client, app, role):
    user = make_admin(role)
    old_session, other_device = session_of(client, user), session_of(client, user)
    wrong = client.post("/api/v1/me/password", json={"current_password": "nope", "new_password": "a new password"},
                        headers=old_session)
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["error"]["fields"]
    short = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"},
                        headers=old_session)
    assert short.status_code == 422 and "new_password" in short.get_json()["error"]["fields"]
    assert client.get("/api/v1/me", headers=old_session).status_code == 200  # failed attempts changed nothing

    changed = client.post("/api/v1/me/password", json={"current_password": PASSWORD,
                                                       "new_password": "a new password"}, headers=old_session)
    assert changed.status_code == 200
    for stale in (old_session, other_device):
        answer = client.get("/api/v1/me", headers=stale)
        assert answer.status_code == 401 and code(answer) == "token_revoked"
    assert client.get("/api/v1/me", headers=bearer(changed.get_json()["access_token"])).status_code == 200
    assert login(client, user).status_code == 401
    assert login(client, user, "a new password").status_code == 200


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_logging_out_revokes_the_access_tokens_but_not_api_tokens(client, role):
    user = make_admin(role)
    session = session_of(client, user)
    _, api_token = create_api_token(user, "ci")
    assert client.post("/api/v1/auth/logout", headers=session).status_code == 204
    answer = client.get("/api/v1/me", headers=session)
    assert answer.status_code == 401 and code(answer) == "token_revoked"
    assert client.post("/api/v1/auth/logout", headers=session).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(api_token)).status_code == 200
    assert client.get("/api/v1/me", headers=session_of(client, user)).status_code == 200


def test_account_changes_are_audited(client, owner):
    as_owner = session_of(client, owner)
    editor = make_admin("editor")
    token, _ = create_api_token(editor, "ci")
    client.patch(f"/api/v1/users/{editor.id}", json={"disabled": True}, headers=as_owner)
    client.delete(f"/api/v1/users/{editor.id}/tokens/{token.id}", headers=as_owner)
    client.delete(f"/api/v1/users/{editor.id}", headers=as_owner)
    client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "another password"},
                headers=as_owner)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.target) for e in entries] == [
        ("admin_users.update_user", {"user_id": editor.id}),
        ("admin_users.revoke_token", {"user_id": editor.id, "token_id": token.id}),
        ("admin_users.delete_user", {"user_id": editor.id}),
        ("auth.change_password", {}),
    ]
    assert {e.actor_email for e in entries} == {owner.email}


def test_bad_bodies_are_field_errors(client, owner):
    as_owner = session_of(client, owner)
    other = make_admin("viewer")
    answer = client.patch(f"/api/v1/users/{other.id}", json={"disabled": "maybe"}, headers=as_owner)
    assert answer.status_code == 422 and "disabled" in answer.get_json()["error"]["fields"]
    answer = client.post("/api/v1/me/password", json={}, headers=as_owner)
    assert answer.status_code == 422 and set(answer.get_json()["error"]["fields"]) == {
        "current_password", "new_password"}
    assert client.patch("/api/v1/users/99999", json={"disabled": True}, headers=as_owner).status_code == 404


def test_cli_disables_enables_and_deletes_accounts(cli, owner):
    editor = make_admin("editor")
    assert cli("disable", editor.email.upper()).exit_code == 0
    assert db.session.get(AdminUser, editor.id).disabled_at is not None
    assert cli("enable", editor.email).exit_code == 0
    assert db.session.get(AdminUser, editor.id).disabled_at is None
    missing = cli("disable", "nobody@example.com")
    assert missing.exit_code == 1 and "no admin account" in missing.output
    editor_id = editor.id
    assert cli("delete", editor.email, input="n\n").exit_code == 1
    assert db.session.get(AdminUser, editor_id) is not None
    assert cli("delete", editor.email, "--yes").exit_code == 0
    assert db.session.get(AdminUser, editor_id) is None


def test_an_old_token_without_a_generation_still_works_until_the_first_logout(client, app):
    from datetime import datetime, timedelta, timezone

    import jwt

    user = make_admin("viewer")
    now = datetime.now(UTC)
    legacy = jwt.encode({"sub": str(user.id), "role": "viewer", "iat": now, "exp": now + timedelta(minutes=5)},
                        app.config["SECRET_KEY"], algorithm="HS256")
    assert client.get("/api/v1/me", headers=bearer(legacy)).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=bearer(legacy)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(legacy)).status_code == 401
