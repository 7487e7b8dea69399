"""Real-browser tests of the SDK against the real backend.

One Waypost server (create_app on a temporary SQLite database, served by werkzeug in a thread)
and one static "host app" server on another port, so the SDK runs cross-origin as it does in a
customer's page. Tours are made through the server's own services; every scenario has its own
path prefix (/t/<scenario>/...) so that tours of different tests never meet.
"""
import fcntl
import hashlib
import json
import os
import socket
import subprocess
import tempfile
import threading
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from server import create_app
from server.extensions import db
from server.models import App, EndUser
from server.schemas.experience_spec import ExperienceSpecSchema
from server.schemas.tour_spec import TourSpecSchema
from server.services import tours as tour_service
from server.services.apps import create_app_record
from server.services.events import export_events

ROOT = Path(__file__).resolve().parents[2]
SDK_DIR = ROOT / "sdk_js"
PAGES = Path(__file__).resolve().parent / "pages"
CHROMIUM = os.environ.get("WAYPOST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """A WSGI app served by werkzeug on 127.0.0.1 in a daemon thread."""

    def __init__(self, wsgi_app):
        self.server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


# --- the host app: static pages, templated with where the SDK and the API are -----------------

class HostHandler(SimpleHTTPRequestHandler):
    """Serves tests/browser/pages. /t/<scenario>/<page> is the host page (host.html) for any page
    (?hostdir=rtl: a right-to-left host);
    /t/csp/... is sent with a strict Content-Security-Policy; /sdk/* is the SDK bundle, for
    pages whose API server is down; /broken/* answers 500 to everything (a failing API server).
    Other paths get a 404 HTML page (an API server that answers junk)."""

    waypost_server = ""
    waypost_key = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, *args):
        pass

    def _send(self, body: bytes, content_type: str, status=200, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/t/"):
            scenario = parts.path.split("/")[2]
            sdk_src = "/sdk/waypost.js" if query.get("sdk") == "host" else f"{self.waypost_server}/sdk/waypost.js"
            html = (PAGES / "host.html").read_text()
            html = (html.replace("{{SDK_SRC}}", sdk_src).replace("{{SERVER}}", self.waypost_server)
                    .replace("{{KEY}}", query.get("key") or self.waypost_key).replace("{{PAGE}}", parts.path)
                    .replace("{{DIR}}", "rtl" if query.get("hostdir") == "rtl" else "ltr"))
            headers = []
            if scenario == "csp":
                headers.append(("Content-Security-Policy",
                                f"default-src 'self'; script-src 'self' {self.waypost_server}; "
                                f"connect-src {self.waypost_server}"))
            return self._send(html.encode(), "text/html; charset=utf-8", headers=headers)
        if parts.path.startswith("/broken/"):  # an API server that fails every request
            return self._send(b'{"error": {"code": "internal_error", "message": "boom"}}', "application/json", 500)
        if parts.path.startswith("/sdk/"):
            file = SDK_DIR / "dist" / parts.path.removeprefix("/sdk/")
            if file.is_file():
                return self._send(file.read_bytes(), "text/javascript")
        if parts.path in ("/host.js", "/host.css"):
            kind = "text/javascript" if parts.path.endswith(".js") else "text/css"
            return self._send((PAGES / parts.path[1:]).read_bytes(), kind)
        return self._send(b"<html><body>Not found</body></html>", "text/html", status=404)


# --- fixtures --------------------------------------------------------------------------------

def build_once(request, package: Path) -> Path:
    """Builds a bundle from its sources once per test run (esbuild: about a second), even when parallel workers
    ask for it at once: the first builds under a lock, the others find the run's stamp and use its dist/."""
    if not (package / "node_modules").is_dir():
        pytest.fail(f"{package.name}/node_modules is missing: run `npm ci` in {package.name} first")
    run = getattr(request.config, "workerinput", {}).get("testrunuid") or str(os.getpid())
    lock = Path(tempfile.gettempdir()) / f"waypost-build-{hashlib.sha256(str(package).encode()).hexdigest()[:12]}"
    with open(lock, "a+") as stamp:
        fcntl.flock(stamp, fcntl.LOCK_EX)
        stamp.seek(0)
        if stamp.read() != run:
            subprocess.run(["node", "scripts/build.mjs"], cwd=package, check=True, capture_output=True)
            stamp.seek(0)
            stamp.truncate()
            stamp.write(run)
    return package / "dist"


@pytest.fixture(scope="session")
def sdk_build(request):
    """The SDK bundle the server serves, built from sdk_js/src."""
    return build_once(request, SDK_DIR)


@pytest.fixture(scope="session")
def host_server():
    """The host app's static server, bound first: its origin is what the Waypost app allows."""
    handler = type("Handler", (HostHandler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    yield server
    server.server_close()


@pytest.fixture(scope="session")
def waypost(tmp_path_factory, sdk_build, host_server):
    """The real Waypost app, migrated, with one SDK app whose allowed origin is the host server."""
    db_path = tmp_path_factory.mktemp("waypost") / "browser.sqlite3"
    flask_app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-tests-secret-key-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "WAYPOST_SDK_DIST": str(sdk_build),
        "WAYPOST_SDK_RATE_LIMIT": "100000 per minute",
    })
    with flask_app.app_context():
        upgrade()
        record = create_app_record("Browser tests", [f"http://127.0.0.1:{host_server.server_port}"])
        key = record.key
        db.session.commit()  # services only flush; the server reads from its own session
    with ServerThread(flask_app) as server:
        yield Waypost(flask_app, key, f"http://127.0.0.1:{server.port}")


@pytest.fixture(scope="session")
def host(waypost, host_server):
    """The host app's origin (a separate static server: cross-origin to Waypost)."""
    host_server.RequestHandlerClass.waypost_server = waypost.url
    host_server.RequestHandlerClass.waypost_key = waypost.key
    thread = threading.Thread(target=host_server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{host_server.server_port}"
    host_server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (tests never download a browser)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class HostPage:
    """A Playwright page plus everything that went wrong in it (uncaught errors, CSP violations)."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def __getattr__(self, name):
        return getattr(self.page, name)

    def open(self, url: str):
        """Goes to `url` and waits until the SDK has its bootstrap answer (and a moment to act on it)."""
        with self.page.expect_response(lambda r: "/api/v1/sdk/bootstrap" in r.url):
            self.page.goto(url)
        self.page.wait_for_timeout(300)

    def step(self, step_id: str | None = None):
        selector = f'[data-waypost-step="{step_id}"]' if step_id else "[data-waypost-step]"
        return self.page.locator(selector)

    def action(self, name: str):
        return self.page.locator(f'[data-waypost-action="{name}"]')


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


ARTIFACTS = ROOT / "test-artifacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def save_screenshots_if_failed(request, pages) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    for index, page in enumerate(pages):
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)[:80]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}-{index}.png"), full_page=True)
        except Exception as exc:  # a closed page cannot be photographed; say so and go on
            print(f"no screenshot of page {index}: {exc}")


@pytest.fixture
def new_page(context, request):
    """Opens pages in this test's browser context; at the end, none may have had an uncaught error.
    When the test fails, each page's screenshot is saved in test-artifacts/."""
    pages: list[HostPage] = []

    def make(ctx=None) -> HostPage:
        page = HostPage((ctx or context).new_page())
        page.set_default_timeout(10000)
        pages.append(page)
        return page

    yield make
    save_screenshots_if_failed(request, pages)
    errors = [e for p in pages for e in p.errors]
    assert errors == [], f"uncaught errors in the host page: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def user_id(request):
    return f"u-{request.node.name[:40]}-{uuid.uuid4().hex[:8]}"


class Waypost:
    """Handle on the running backend: make tours, read what it stored."""

    def __init__(self, flask_app, key, url):
        self.flask_app, self.key, self.url = flask_app, key, url

    def _app(self):
        return db.session.scalar(select(App).filter_by(key=self.key))

    def tour(self, tour_id: str, steps: list[dict], match: dict | None, auto=True, **extra):
        """Creates and publishes a tour (through the same services the admin API uses)."""
        spec = TourSpecSchema().load({"id": tour_id, "name": tour_id.replace("-", " ").title(), "auto": auto,
                                      "match": match, "locale": "en", "steps": steps, **extra})
        with self.flask_app.app_context():
            tour = tour_service.create_tour(self._app(), spec)
            tour_service.publish(tour, "browser-tests")
            db.session.commit()  # services only flush; the server reads from its own session

    def experience(self, spec: dict):
        """Creates and publishes an experience of any type (a banner: `type: banner`)."""
        loaded = ExperienceSpecSchema().load(spec)
        with self.flask_app.app_context():
            tour_service.publish(tour_service.create_tour(self._app(), loaded), "browser-tests")
            db.session.commit()

    def events(self, user_id: str, types: set[str] | None = None) -> list[dict]:
        with self.flask_app.app_context():
            rows = [e for e in export_events(self._app()) if e["user_id"] == user_id]
            db.session.remove()
        return [e for e in rows if types is None or e["type"] in types]

    def wait_for_events(self, page, user_id: str, expected: list[tuple], timeout_ms=12000) -> list[dict]:
        """Polls the database until the user's events (type, step_id) include `expected` in order."""
        def matches(events):
            seen = [(e["type"], e["step_id"]) for e in events]
            it = iter(seen)
            return all(any(item == want for item in it) for want in expected)

        waited = 0
        while True:
            events = self.events(user_id)
            if matches(events) or waited >= timeout_ms:
                return events
            page.wait_for_timeout(250)
            waited += 250

    def opted_out(self, user_id: str) -> bool:
        with self.flask_app.app_context():
            user = db.session.scalar(select(EndUser).filter_by(app_id=self._app().id, external_id=user_id))
            result = user is not None and user.opted_out_at is not None
            db.session.remove()
        return result


def page_url(host: str, scenario: str, page: str = "index", **query) -> str:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return f"{host}/t/{scenario}/{page}" + (f"?{qs}" if qs else "")


def dump(obj) -> str:
    return json.dumps(obj, indent=1, default=str)
