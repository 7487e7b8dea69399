"""Every admin operation in the OpenAPI document demands a login, and every write a role that may write.

The operations are read from the document itself, so a new endpoint cannot slip through unchecked.
"""
import re

import pytest

from tests.factories import auth_headers, make_admin, make_app

PUBLIC = {("POST", "/api/v1/auth/login")}
# one's own tokens, session and password, and a preview that changes nothing
ANY_ROLE_MAY_WRITE = {("POST", "/api/v1/tokens"), ("DELETE", "/api/v1/tokens/{token_id}"),
                      ("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/me/password"),
                      ("POST", "/api/v1/apps/{app_id}/preview/markdown"),
                      ("POST", "/api/v1/apps/{app_id}/audience/preview")}


def operations(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, methods in spec["paths"].items():
        for method in methods:
            if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE") and not path.startswith("/api/v1/sdk/"):
                yield method.upper(), path


def concrete(path: str, app_id: int) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: str(app_id) if m.group(0) == "{app_id}" else "1", path)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_admin_operation_requires_authentication(client):
    app_record = make_app()
    checked = 0
    for method, path in operations(client):
        if (method, path) in PUBLIC:
            continue
        response = client.open(concrete(path, app_record.id), method=method, json={})
        assert response.status_code == 401, (method, path, response.status_code)
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_viewers_cannot_write_anything(client, app):
    app_record = make_app()
    viewer = auth_headers(app, make_admin("viewer"))
    writes = [(m, p) for m, p in operations(client) if m != "GET" and (m, p) not in PUBLIC | ANY_ROLE_MAY_WRITE]
    assert len(writes) >= 20
    for method, path in writes:
        response = client.open(concrete(path, app_record.id), method=method, json={}, headers=viewer)
        assert response.status_code == 403, (method, path, response.status_code)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_editors_cannot_manage_apps_accounts_or_privacy(client, app):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    owner_only = [(m, p) for m, p in operations(client)
                  if p.startswith(("/api/v1/users", "/api/v1/audit-log")) or p.endswith(("/export", "/rotate-secret"))
                  or (p in ("/api/v1/apps", "/api/v1/apps/{app_id}") and m != "GET")
                  or (p.endswith("/end-users/{user_id}") and m == "DELETE")]
    assert len(owner_only) >= 7
    for method, path in owner_only:
        response = client.open(concrete(path, app_record.id), method=method, json={}, headers=editor)
        assert response.status_code == 403, (method, path, response.status_code)
