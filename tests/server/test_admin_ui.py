"""The admin SPA's serving: index for client routes, cached assets, the CSP and security headers."""
import pytest

from server import create_app
from server.api.admin_ui import CSP


@pytest.fixture
def ui_client(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><script src="/admin/assets/app-abc.js"></script>')
    (dist / "assets" / "app-abc.js").write_text("console.log(1)")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                      "WAYPOST_ADMIN_DIST": str(dist)})
    return app.test_client()


def test_index_for_every_client_route_with_strict_headers(ui_client):
    for path in ("/admin/", "/admin/login", "/admin/apps/3/tours/welcome"):
        response = ui_client.get(path)
        assert response.status_code == 200 and b"app-abc.js" in response.data, path
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-cache"
    assert ui_client.get("/admin").status_code == 308


def test_assets_are_cached_for_good_and_missing_ones_are_404(ui_client):
    asset = ui_client.get("/admin/assets/app-abc.js")
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    assert asset.headers["Content-Security-Policy"] == CSP
    missing = ui_client.get("/admin/assets/app-old.js")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_unbuilt_ui_says_how_to_build_it(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                      "WAYPOST_ADMIN_DIST": str(tmp_path / "nothing")})
    response = app.test_client().get("/admin/")
    assert response.status_code == 404 and "npm run build" in response.get_json()["error"]["message"]
