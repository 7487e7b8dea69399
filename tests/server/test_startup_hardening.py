"""What the server trusts and creates at startup: proxy headers, the demo page's Host, the secret key's length,
the modes of the SQLite database and the instance folder."""
import os
import stat

import pytest
from click.testing import CliRunner
from flask_migrate import upgrade

from server import create_app
from server.cli import main
from server.config import ConfigError, make_private_dir
from server.extensions import db
from server.services.apps import create_app_record
from server.services.demo import DEMO_APP_NAME

LONG_KEY = "a-test-secret-key-of-more-than-32-bytes"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _demo_app(app, origins):
    create_app_record(DEMO_APP_NAME, origins)


def _sdk_src(client, **kwargs) -> str:
    html = client.get("/demo/", **kwargs).get_data(as_text=True)
    start = html.index('<script async src="') + len('<script async src="')
    return html[start:html.index('"', start)]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_with_no_trusted_proxy_x_forwarded_proto_changes_nothing(client, app):
    _demo_app(app, ["http://localhost", "https://localhost"])
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "10.9.9.9"}
    assert _sdk_src(client, headers=forwarded) == "http://localhost/sdk/waypost.js"
    # what gunicorn does by default for a request from 127.0.0.1 carrying X-Forwarded-Proto: https
    as_gunicorn = {"wsgi.url_scheme": "https", "REMOTE_ADDR": "127.0.0.1"}
    assert _sdk_src(client, headers=forwarded, environ_overrides=as_gunicorn) == "http://localhost/sdk/waypost.js"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_one_trusted_proxy_is_believed(app):
    app.wsgi_app = app.wsgi_app.wsgi_app  # undo TrustNoProxy, then build as with WAYPOST_PROXY_HOPS=1
    from server.proxy_headers import trust_proxies

    app.wsgi_app = trust_proxies(app.wsgi_app, 1)
    _demo_app(app, ["http://localhost", "https://localhost"])
    assert _sdk_src(app.test_client(), headers={"X-Forwarded-Proto": "https"}) == "https://localhost/sdk/waypost.js"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_demo_page_never_loads_the_snippet_from_a_host_header_it_does_not_know(client, app):
    _demo_app(app, ["http://127.0.0.1:8000", "http://localhost:8000"])
    assert _sdk_src(client, headers={"Host": "localhost:8000"}) == "http://localhost:8000/sdk/waypost.js"
    for hostile in ("evil.example", "evil.example:8000", "127.0.0.1:8000.evil.example",
                    "evil.example\"><script>alert(1)</script>", "x'+alert(1)+'"):
        answer = client.get("/demo/", headers={"Host": hostile})
        html = answer.get_data(as_text=True)
        assert answer.status_code in (200, 400), hostile
        if answer.status_code == 200:
            assert _sdk_src(client, headers={"Host": hostile}) == "http://127.0.0.1:8000/sdk/waypost.js"
            assert "evil" not in html and "alert(1)" not in html, hostile
            assert 'server: "http://127.0.0.1:8000"' in html


@pytest.mark.parametrize("key, refused", [("short", True), ("x" * 31, True), ("x" * 32, False), ("é" * 16, False),
                                          ("é" * 15, True)])
def test_a_secret_key_under_32_bytes_is_refused_at_startup(tmp_path, key, refused):
    config = {"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    if refused:
        with pytest.raises(ConfigError, match="at least 32 bytes"):
            create_app(config)
        create_app({**config, "TESTING": True})  # tests may use what they like
        create_app({**config, "WAYPOST_DEMO": True})
    else:
        create_app(config)


def test_the_cli_says_why_it_refuses_a_short_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("WAYPOST_SECRET_KEY", "too-short")
    monkeypatch.setenv("WAYPOST_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "WAYPOST_SECRET_KEY is 9 bytes long" in result.output and "Traceback" not in result.output


def test_the_sqlite_database_is_created_readable_by_its_owner_only(tmp_path, umask_022):
    path = tmp_path / "waypost.sqlite3"
    flask_app = create_app({"SECRET_KEY": LONG_KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with flask_app.app_context():
        upgrade()
        db.session.execute(db.text("SELECT 1"))
        made = [p for p in tmp_path.iterdir() if p.name.startswith("waypost.sqlite3")]
        assert {p.name for p in made} >= {"waypost.sqlite3"}
        assert {p.name: _mode(p) for p in made} == {p.name: 0o600 for p in made}
        db.engine.dispose()


def test_an_existing_database_file_is_left_as_it_is(tmp_path, umask_022):
    path = tmp_path / "shared.sqlite3"
    path.touch(mode=0o640)
    create_app({"SECRET_KEY": LONG_KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    assert _mode(path) == 0o640


def test_the_instance_folder_is_made_private_and_its_secret_key_too(tmp_path, umask_022, monkeypatch):
    folder = tmp_path / "instance"
    make_private_dir(str(folder))
    assert _mode(folder) == 0o700
    from server.config import _secret_key

    monkeypatch.delenv("WAYPOST_SECRET_KEY", raising=False)
    assert len(_secret_key(str(folder)).encode()) >= 32
    assert _mode(folder / "secret_key") == 0o600
