"""The admin API: login, roles, apps, tours and their versions, tokens, events, OpenAPI."""
import pytest

from server.services.accounts import create_api_token, revoke_api_token
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, tour_spec


@pytest.fixture
def owner(app):
    return auth_headers(app, make_admin("owner"))


def test_login_returns_a_working_token_and_refuses_bad_passwords(client):
    make_admin("editor", password="s3cret-password")
    from server.extensions import db
    from server.models import AdminUser

    email = db.session.query(AdminUser).one().email
    wrong = client.post("/api/v1/auth/login", json={"email": email, "password": "nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "invalid_credentials"
    unknown = client.post("/api/v1/auth/login", json={"email": "x@y.example", "password": "nope"})
    assert unknown.status_code == 401
    token = client.post("/api/v1/auth/login", json={"email": email.upper(), "password": "s3cret-password"})
    assert token.status_code == 200
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + token.get_json()["access_token"]})
    assert me.get_json()["role"] == "editor" and "password" not in me.get_json()


def test_missing_garbage_and_expired_tokens_are_401(client, app):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer junk"}).status_code == 401
    from server.services.accounts import issue_access_token

    expired = issue_access_token(make_admin(), app.config["SECRET_KEY"], -5)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "token_expired"


def test_api_tokens_work_until_revoked(client):
    user = make_admin("editor")
    token, plaintext = create_api_token(user, "ci")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 200
    revoke_api_token(token)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_token_endpoints(client, app):
    headers = auth_headers(app, make_admin("viewer"))
    created = client.post("/api/v1/tokens", json={"name": "laptop"}, headers=headers)
    assert created.status_code == 201
    plaintext = created.get_json()["token"]
    listed = client.get("/api/v1/tokens", headers=headers).get_json()
    assert [t["name"] for t in listed] == ["laptop"] and "token" not in listed[0]
    assert client.delete(f"/api/v1/tokens/{listed[0]['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_roles_are_enforced(client, app):
    app_record = make_app()
    viewer, editor = auth_headers(app, make_admin("viewer")), auth_headers(app, make_admin("editor"))
    spec = tour_spec()
    assert client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=viewer).status_code == 403
    assert client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor).status_code == 201
    assert client.get(f"/api/v1/apps/{app_record.id}/tours", headers=viewer).status_code == 200
    assert client.post("/api/v1/apps", json={"name": "x"}, headers=editor).status_code == 403
    assert client.get("/api/v1/users", headers=editor).status_code == 403
    secretless = client.get(f"/api/v1/apps/{app_record.id}", headers=viewer)
    assert secretless.status_code == 200 and secretless.get_json()["key"] == app_record.key
    assert "secret" not in secretless.get_json()


def test_apps_crud_and_secret_rotation(client, owner):
    created = client.post("/api/v1/apps", headers=owner, json={
        "name": "Acme", "origins": ["https://App.Acme.example:443/", "http://localhost:3000"],
        "require_identity": True})
    assert created.status_code == 201
    body = created.get_json()
    assert body["key"].startswith("pk_") and body["secret"].startswith("sk_")
    assert body["origins"] == ["https://app.acme.example", "http://localhost:3000"]
    bad = client.post("/api/v1/apps", headers=owner, json={"name": "Bad", "origins": ["ftp://x", "not a url"]})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]["origins"]) == {"0", "1"}
    patched = client.patch(f"/api/v1/apps/{body['id']}", headers=owner, json={"origins": ["https://new.example"]})
    assert patched.get_json()["origins"] == ["https://new.example"]
    rotated = client.post(f"/api/v1/apps/{body['id']}/rotate-secret", headers=owner).get_json()
    assert rotated["secret"] != body["secret"] and rotated["key"] == body["key"]
    by_key = client.get("/api/v1/apps", query_string={"key": body["key"]}, headers=owner).get_json()
    assert [a["id"] for a in by_key] == [body["id"]]
    assert client.get("/api/v1/apps/999999", headers=owner).status_code == 404


def test_tour_lifecycle_versions_unpublish_and_rollback(client, owner):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/tours"
    assert client.post(base, json=tour_spec(), headers=owner).status_code == 201
    assert client.post(base, json=tour_spec(), headers=owner).status_code == 409
    first = client.post(f"{base}/welcome/publish", headers=owner).get_json()
    assert (first["version"], first["created"], first["tour"]["status"]) == (1, True, "published")
    again = client.post(f"{base}/welcome/publish", headers=owner).get_json()
    assert (again["version"], again["created"]) == (1, False)
    changed = tour_spec(name="Welcome aboard")
    assert client.put(f"{base}/welcome", json=changed, headers=owner).status_code == 200
    boot = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u", "url": "/app/x"},
                      headers={"X-Waypost-Key": app_record.key}).get_json()
    assert boot["tours"][0]["name"] == "Welcome"  # drafts are not served
    assert client.post(f"{base}/welcome/publish", headers=owner).get_json()["version"] == 2
    versions = client.get(f"{base}/welcome/versions", headers=owner).get_json()
    assert [v["version"] for v in versions] == [1, 2] and versions[0]["spec"]["name"] == "Welcome"
    rolled = client.post(f"{base}/welcome/rollback", json={"version": 1}, headers=owner).get_json()
    assert rolled["version"] == 3 and rolled["tour"]["draft"]["name"] == "Welcome"
    assert client.post(f"{base}/welcome/unpublish", headers=owner).get_json()["status"] == "draft"
    boot = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u", "url": "/app/x"},
                      headers={"X-Waypost-Key": app_record.key}).get_json()
    assert boot["tours"] == []
    renamed = client.put(f"{base}/welcome", json=tour_spec("other-id"), headers=owner)
    assert renamed.status_code == 422
    assert client.delete(f"{base}/welcome", headers=owner).status_code == 204
    assert client.get(f"{base}/welcome", headers=owner).status_code == 404


def test_invalid_tour_gets_field_errors_and_nothing_is_stored(client, owner):
    app_record = make_app()
    bad = tour_spec(steps=[{"id": "a", "title": "", "target": "#ok", "placement": "sideways"}])
    response = client.post(f"/api/v1/apps/{app_record.id}/tours", json=bad, headers=owner)
    assert response.status_code == 422
    step_errors = response.get_json()["error"]["fields"]["steps"]["0"]
    assert "title" in step_errors and "placement" in step_errors
    assert client.get(f"/api/v1/apps/{app_record.id}/tours", headers=owner).get_json() == []


def test_push_endpoint_is_idempotent(client, owner):
    app_record = make_app()
    url = f"/api/v1/apps/{app_record.id}/tours/push"
    first = client.post(url, json={"tours": [tour_spec()]}, headers=owner).get_json()["results"]
    assert first[0]["action"] == "created" and first[0]["version"] == 1
    second = client.post(url, json={"tours": [tour_spec()]}, headers=owner).get_json()["results"]
    assert second[0]["action"] == "unchanged" and second[0]["version"] == 1 and not second[0]["new_version"]
    dry = client.post(url, json={"tours": [tour_spec(name="New")], "dry_run": True}, headers=owner)
    assert dry.get_json()["results"][0] == {"id": "welcome", "action": "updated", "version": 2,
                                            "published": True, "new_version": True}
    assert client.get(f"/api/v1/apps/{app_record.id}/tours/welcome", headers=owner).get_json()["live_version"] == 1


def test_events_export_pages_oldest_first(client, owner):
    app_record = make_app()
    ids = [new_uuid() for _ in range(5)]
    client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": "u9", "events": [{"id": i, "type": "step_viewed", "ts": "2026-11-25T10:00:00Z"} for i in ids]})
    first = client.get(f"/api/v1/apps/{app_record.id}/events", query_string={"limit": 3}, headers=owner).get_json()
    assert [e["id"] for e in first["events"]] == ids[:3] and first["events"][0]["user_id"] == "u9"
    rest = client.get(f"/api/v1/apps/{app_record.id}/events", query_string={"after": first["next_after"]},
                      headers=owner).get_json()
    assert [e["id"] for e in rest["events"]] == ids[3:] and rest["next_after"] is None


def test_openapi_documents_every_admin_route_and_docs_page_is_local(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {path.replace("{", "<").replace("}", ">") for path in spec["paths"]}
    routes = {r.rule.replace("<int:", "<").replace("<path:", "<") for r in app.url_map.iter_rules()
              if r.rule.startswith("/api/v1/") and r.rule != "/api/v1/openapi.json"}
    assert routes <= documented, routes - documented
    assert "ErrorSchema" in str(spec) or "Error" in spec["components"]["schemas"]
    page = client.get("/api/docs")
    assert page.status_code == 200 and b"//cdn" not in page.data and b"unpkg" not in page.data
    asset = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000


def test_login_is_rate_limited_per_account(client, app):
    app.config["WAYPOST_LOGIN_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        assert client.post("/api/v1/auth/login", json={"email": "a@b.example", "password": "x"}).status_code == 401
    blocked = client.post("/api/v1/auth/login", json={"email": "a@b.example", "password": "x"})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert client.post("/api/v1/auth/login", json={"email": "c@d.example", "password": "x"}).status_code == 401


def test_login_attempts_from_one_address_are_limited_across_accounts(client, app):
    app.config["WAYPOST_LOGIN_ADDRESS_RATE_LIMIT"] = "3 per minute"
    statuses = [client.post("/api/v1/auth/login", json={"email": f"u{i}@b.example", "password": "x"}).status_code
                for i in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_markdown_preview_is_the_sanitized_html_users_get(client, app):
    app_record = make_app()
    viewer = auth_headers(app, make_admin("viewer"))
    url = f"/api/v1/apps/{app_record.id}/preview/markdown"
    tour = client.post(url, json={"markdown": "**Hi** <img src=x onerror=alert(1)>"}, headers=viewer).get_json()
    assert tour["html"] == "<p><strong>Hi</strong> &lt;img src=x onerror=alert(1)&gt;</p>"
    article = client.post(url, json={"markdown": "<video src=\"/m.mp4\" onplay=\"x()\"></video>", "kind": "article"},
                          headers=viewer).get_json()
    assert article["html"] == '<p><video src="/m.mp4"></video></p>'
    assert client.post(url, json={"markdown": "x", "kind": "poem"}, headers=viewer).status_code == 422
