"""Fixtures for the admin UI's browser tests: the built SPA served by the real app, accounts, pages.

The server is create_app on a temporary SQLite database, migrated, served by werkzeug in a
thread; the admin bundle is built from admin/src once per test run (esbuild: about a second).
Pages fail their test on any uncaught error, console error or Content-Security-Policy violation.
"""
import json
import re
import threading
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timezone
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from server import create_app
from server.extensions import db
from server.services import accounts
from server.services.apps import create_app_record

from .conftest import build_once

ADMIN_DIR = Path(__file__).resolve().parents[2] / "admin"
PASSWORD = "correct horse battery staple"
ROLES = ("owner", "editor", "viewer")
# Chromium reports each 4xx answer to fetch() as a console error; a test that expects some says so.
HTTP_ERROR_PREFIX = "Failed to load resource: the server responded with a status of "


@pytest.fixture(scope="session")
def admin_dist(request):
    return build_once(request, ADMIN_DIR)


class AdminServer:
    """The running backend: its URL, and helpers that act as the SDK or read the database."""

    def __init__(self, flask_app, url):
        self.flask_app, self.url = flask_app, url

    def email(self, role: str) -> str:
        return f"{role}@admin-tests.example"

    def auth(self, role: str) -> dict:
        """Headers of an access token of the account with this role, as the admin UI gets one."""
        status, body = self.call("POST", "/api/v1/auth/login", {"email": self.email(role), "password": PASSWORD})
        assert status == 200, body
        return {"Authorization": f"Bearer {body['access_token']}"}

    def new_app(self, name: str):
        with self.flask_app.app_context():
            record = create_app_record(f"{name} {uuid.uuid4().hex[:6]}", ["http://127.0.0.1"])
            result = {"id": record.id, "key": record.key, "name": record.name}
            db.session.commit()  # services only flush; the server reads from its own session
            db.session.remove()
        return result

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def send_events(self, key: str, user_id: str, *events: tuple[str, dict]) -> None:
        """Posts (type, fields) events stamped now, as the SDK would."""
        now = datetime.now(UTC).isoformat()
        batch = [{"id": str(uuid.uuid4()), "type": kind, "ts": now, "url": "/app/home", **fields}
                 for kind, fields in events]
        status, body = self.call("POST", "/api/v1/sdk/events", {"user_id": user_id, "events": batch},
                                 {"X-Waypost-Key": key})
        assert status == 202, body


@contextmanager
def serve_admin(db_path, admin_dist):
    """The real app with the built admin UI, on a new SQLite database with an account of each role."""
    flask_app = create_app({
        "TESTING": True,
        "SECRET_KEY": "admin-browser-tests-secret-key-long-enough",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "WAYPOST_ADMIN_DIST": str(admin_dist),
        "WAYPOST_LOGIN_RATE_LIMIT": "10000 per minute",
        "WAYPOST_SDK_RATE_LIMIT": "10000 per minute",
    })
    with flask_app.app_context():
        upgrade()
        for role in ROLES:
            accounts.create_user(f"{role}@admin-tests.example", role, PASSWORD)
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)  # bound here: no port to race for
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield AdminServer(flask_app, f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def admin_server(tmp_path_factory, admin_dist):
    with serve_admin(tmp_path_factory.mktemp("admin") / "admin.sqlite3", admin_dist) as server:
        yield server


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


class AdminPage:
    """A Playwright page on the admin UI, with everything that went wrong in it."""

    def __init__(self, page, server: AdminServer):
        self.page, self.server = page, server
        self.errors: list[str] = []
        self.allowed_statuses: set[int] = set()
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.add_init_script(CSP_LISTENER)

    def __getattr__(self, name):
        return getattr(self.page, name)

    def expect_http_errors(self, *statuses: int) -> None:
        self.allowed_statuses.update(statuses)

    def open(self, path: str):
        self.page.goto(self.server.url + "/admin" + path)

    def login(self, role: str):
        self.open("/login")
        self.page.get_by_label("Email").fill(self.server.email(role))
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        # the list of apps, or the tours of the only one
        self.page.get_by_role("heading", name=re.compile("^(Apps|Tours)$")).wait_for()

    def token(self) -> str:
        return self.page.evaluate("sessionStorage.getItem('waypost.token')")

    def fetch(self, method: str, path: str, body=None) -> dict:
        """Calls the API from inside the page with the logged-in user's token."""
        return self.page.evaluate("""async ([method, path, body]) => {
            const r = await fetch('/api/v1' + path, {method, headers: {
                'Authorization': 'Bearer ' + sessionStorage.getItem('waypost.token'),
                'Content-Type': 'application/json'}, body: body === null ? undefined : JSON.stringify(body)});
            return {status: r.status, body: await r.json().catch(() => null)};
        }""", [method, path, body])

    def problems(self) -> list[str]:
        allowed = tuple(f"{HTTP_ERROR_PREFIX}{s}" for s in self.allowed_statuses)
        found = [e for e in self.errors if not e.removeprefix("console: ").startswith(allowed)]
        if not self.page.is_closed():
            found += [f"csp: {v}" for v in self.page.evaluate("window.__cspViolations || []")]
        return found


@contextmanager
def admin_page_in(browser, server: AdminServer, **context_options):
    """A page in a fresh browser context (so a fresh sessionStorage); fails on any error in it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    page = AdminPage(context.new_page(), server)
    page.set_default_timeout(10000)
    try:
        yield page
        problems = page.problems()
    finally:
        context.close()
    assert problems == [], f"errors in the admin UI: {problems}"


@pytest.fixture
def admin_page(browser, admin_server):
    with admin_page_in(browser, admin_server) as page:
        yield page
