"""Support webhooks reach public addresses only, unless WAYPOST_WEBHOOK_ALLOW_PRIVATE=1; no redirects; vague errors;
only owners read where they go.

Every delivery here goes to a real listener on 127.0.0.1 (no network needed).
"""
import ipaddress
import socket
import threading
import typing
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from flask_migrate import downgrade, upgrade

from server.config import load_config
from server.extensions import db
from server.jobs import deliver
from server.models import SupportRequest
from server.services.outbound_http import FAILED, NOT_ALLOWED, is_public
from tests.factories import auth_headers, make_admin, make_app


class _Listener(BaseHTTPRequestHandler):
    received: typing.ClassVar[list] = []
    answer: tuple = (200, {})

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        type(self).received.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        status, headers = type(self).answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    _Listener.received, _Listener.answer = [], (200, {})
    server = HTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, _Listener
    server.shutdown()
    server.server_close()


def _support_request(client, webhook_url: str) -> int:
    """An app whose stored webhook_url is `webhook_url` (as a name that resolved publicly when it was set would be),
    and one anonymous support request to it."""
    app_record = make_app()
    app_record.webhook_url = webhook_url
    db.session.commit()
    created = client.post("/api/v1/sdk/support-requests", headers={"X-Waypost-Key": app_record.key},
                          json={"user_id": "anon-1", "message": "help"})
    assert created.status_code == 201
    return created.get_json()["id"]


def _retry_now(request_id: int) -> SupportRequest:
    db.session.expire_all()
    stored = db.session.get(SupportRequest, request_id)
    stored.webhook_next_attempt_at = stored.created_at
    db.session.commit()
    return stored


def _last_error(request_id: int) -> str | None:
    db.session.expire_all()
    return db.session.get(SupportRequest, request_id).webhook_last_error


def test_loopback_webhook_is_refused_by_default_and_delivered_when_private_targets_are_allowed(app, client, listener):
    port, hook = listener
    request_id = _support_request(client, f"http://127.0.0.1:{port}/hook")
    assert app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] is False
    assert deliver(request_id) is False
    assert hook.received == []
    assert _last_error(request_id) == NOT_ALLOWED

    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    _retry_now(request_id)
    assert deliver(request_id) is True
    [(method, path, headers, _)] = hook.received
    assert (method, path) == ("POST", "/hook") and headers["Host"] == f"127.0.0.1:{port}"
    assert headers["X-Waypost-Signature"].startswith("sha256=")


def test_a_name_resolving_to_a_private_address_is_refused_when_delivering(app, client, listener):
    port, hook = listener
    request_id = _support_request(client, f"http://localhost:{port}/hook")
    assert deliver(request_id) is False
    assert hook.received == [] and _last_error(request_id) == NOT_ALLOWED

    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    _retry_now(request_id)
    assert deliver(request_id) is True
    assert hook.received[0][2]["Host"] == f"localhost:{port}"  # the name is sent, the resolved address is used


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(app, client, listener):
    port, hook = listener
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    hook.answer = (302, {"Location": f"http://127.0.0.1:{port}/internal-admin"})
    request_id = _support_request(client, f"http://127.0.0.1:{port}/hook")
    assert deliver(request_id) is False
    assert [(method, path) for method, path, _, _ in hook.received] == [("POST", "/hook")]
    assert _last_error(request_id) == "HTTP 3xx (redirects are not followed)"


def test_failures_are_stored_as_classes_that_do_not_tell_refused_from_silent_ports(app, client, listener):
    port, hook = listener
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    hook.answer = (401, {})
    answered = _support_request(client, f"http://127.0.0.1:{port}/hook")
    assert deliver(answered) is False and _last_error(answered) == "HTTP 4xx"

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connection refused
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts, never answers: a timeout, as a filtered port gives
    try:
        refused = _support_request(client, f"http://127.0.0.1:{closed_port}/")
        timed_out = _support_request(client, f"http://127.0.0.1:{silent.getsockname()[1]}/")
        assert deliver(refused) is False
        assert deliver(timed_out, timeout=0.5) is False
    finally:
        silent.close()
    assert _last_error(refused) == _last_error(timed_out) == FAILED


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://localhost:5000/", "http://LOCALHOST:80/x",
    "http://[::1]/hook", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://192.168.1.1/",
    "http://172.16.0.1/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:7f00:1]/",
    "http://[::ffff:a9fe:a9fe]/", "http://[fd00:ec2::254]/", "http://224.0.0.1/", "http://[fe80::1]/",
])
def test_literal_private_webhook_urls_are_field_errors_unless_allowed(app, client, url):
    owner = auth_headers(app, make_admin("owner"))
    app_id = make_app().id
    refused = client.patch(f"/api/v1/apps/{app_id}", headers=owner, json={"webhook_url": url})
    assert refused.status_code == 422, refused.get_json()
    assert "webhook_url" in refused.get_json()["error"]["fields"]
    created = client.post("/api/v1/apps", headers=owner, json={"name": "x", "webhook_url": url})
    assert created.status_code == 422 and "webhook_url" in created.get_json()["error"]["fields"]

    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    assert client.patch(f"/api/v1/apps/{app_id}", headers=owner, json={"webhook_url": url}).status_code == 200


def test_public_webhook_urls_are_accepted(app, client):
    owner = auth_headers(app, make_admin("owner"))
    app_id = make_app().id
    for url in ("https://hooks.example.com/waypost?token=abc", "http://93.184.215.14/hook", "https://[2606:4700::1]/"):
        answer = client.patch(f"/api/v1/apps/{app_id}", headers=owner, json={"webhook_url": url})
        assert answer.status_code == 200 and answer.get_json()["webhook_url"] == url


@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2606:4700::1", True), ("127.0.0.1", False), ("10.1.2.3", False), ("100.64.0.1", False),
    ("169.254.169.254", False), ("100.100.100.200", False), ("192.0.0.192", False), ("239.1.1.1", False),
    ("255.255.255.255", False), ("0.0.0.0", False), ("::", False), ("::1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:8.8.8.8", False), ("64:ff9b::7f00:1", False), ("2002:7f00:1::", False), ("fd00:ec2::254", False),
    ("ff02::1", False), ("fe80::1", False), ("198.18.0.1", False),
])
def test_which_addresses_are_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_private_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYPOST_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("WAYPOST_WEBHOOK_ALLOW_PRIVATE", raising=False)
    assert load_config(str(tmp_path))["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] is False
    monkeypatch.setenv("WAYPOST_WEBHOOK_ALLOW_PRIVATE", "1")
    assert load_config(str(tmp_path))["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] is True


@pytest.mark.parametrize("role,sees_it", [("owner", True), ("editor", False), ("viewer", False)])
def test_only_owners_read_webhook_urls(app, client, role, sees_it):
    app_record = make_app()
    app_record.webhook_url = "https://hooks.example.com/in?token=s3cret"
    db.session.commit()
    headers = auth_headers(app, make_admin(role))
    listed = client.get("/api/v1/apps", headers=headers)
    one = client.get(f"/api/v1/apps/{app_record.id}", headers=headers)
    assert listed.status_code == one.status_code == 200
    for answer in (listed.get_json()[0], one.get_json()):
        assert answer["key"] == app_record.key
        assert ("webhook_url" in answer) is sees_it
        assert (answer.get("webhook_url") == app_record.webhook_url) is sees_it
    assert ("s3cret" in listed.get_data(as_text=True) + one.get_data(as_text=True)) is sees_it


def test_migration_0012_turns_stored_socket_errors_into_classes(app, client):
    ids = {error: _support_request(client, "https://hooks.example.com/") for error in (
        "[Errno 111] Connection refused", "timed out", "HTTP 401", "HTTP 503", "HTTP 5xx", NOT_ALLOWED)}
    for error, request_id in ids.items():
        db.session.get(SupportRequest, request_id).webhook_last_error = error
    db.session.commit()
    db.session.remove()
    downgrade(revision="0011")
    upgrade()
    assert {error: _last_error(request_id) for error, request_id in ids.items()} == {
        "[Errno 111] Connection refused": FAILED, "timed out": FAILED, "HTTP 401": "HTTP 4xx",
        "HTTP 503": "HTTP 5xx", "HTTP 5xx": "HTTP 5xx", NOT_ALLOWED: NOT_ALLOWED}
