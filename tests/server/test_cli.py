"""The `waypost` command, locally and against a live server over HTTP."""
import json
import socket
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from werkzeug.serving import make_server

from server.cli import main
from server.extensions import db
from server.models import App, Tour
from server.services.accounts import create_api_token
from tests.conftest import new_uuid
from tests.factories import make_admin, make_app, tour_spec

TOUR_FILE = """\
id: cli-tour
name: CLI tour
auto: true
match: {url: "/app/*"}
steps:
  - id: one
    title: First
    body: Hello
  - id: two
    target: "#new"
    title: Second
    advance_on: click
"""


@pytest.fixture
def cli(app, db_url, monkeypatch):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", db_url)
    monkeypatch.delenv("WAYPOST_SERVER", raising=False)
    monkeypatch.delenv("WAYPOST_TOKEN", raising=False)
    runner = CliRunner()

    def run(*args, input=None):
        result = runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
        db.session.expire_all()
        return result

    return run


@pytest.fixture
def tour_file(tmp_path) -> Path:
    path = tmp_path / "tours" / "cli-tour.yaml"
    path.parent.mkdir()
    path.write_text(TOUR_FILE)
    return path


def test_apps_create_prints_key_and_secret_json(cli):
    result = cli("apps", "create", "Shop", "--origin", "https://shop.example", "--require-identity")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    app_record = db.session.query(App).filter_by(key=printed["key"]).one()
    assert app_record.secret == printed["secret"] and app_record.require_identity
    bad = cli("apps", "create", "Bad", "--origin", "nope")
    assert bad.exit_code != 0 and "origin" in bad.output


def test_users_and_tokens(cli, client):
    result = cli("users", "create", "Pat@Example.com", "--role", "editor", "--password-stdin",
                 input="a-long-password\n")
    assert result.exit_code == 0, result.output
    login = client.post("/api/v1/auth/login", json={"email": "pat@example.com", "password": "a-long-password"})
    assert login.status_code == 200
    duplicate = cli("users", "create", "pat@example.com", "--role", "viewer", "--password-stdin", input="x" * 9)
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    token = cli("tokens", "create", "pat@example.com", "--name", "ci").output.strip().splitlines()[-1]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()["role"] == "editor"
    assert cli("tokens", "create", "nobody@example.com", "--name", "x").exit_code == 1


def test_push_is_idempotent_and_pull_round_trips(cli, tour_file, tmp_path):
    app_record = make_app()
    first = cli("tours", "push", tour_file.parent, "--app", app_record.key)
    assert first.exit_code == 0, first.output
    assert "cli-tour: created, published as version 1 (new version)" in first.output
    again = cli("tours", "push", tour_file, "--app", app_record.key)
    assert "cli-tour: unchanged, published as version 1 (no new version)" in again.output
    tour_file.write_text(TOUR_FILE.replace("First", "Start here"))
    dry = cli("tours", "push", tour_file, "--app", app_record.key, "--dry-run")
    assert "cli-tour: would be updated, published as version 2 (new version)" in dry.output
    assert db.session.query(Tour).one().live_version == 1
    draft = cli("tours", "push", tour_file, "--app", app_record.key, "--draft")
    assert "cli-tour: updated draft, live version stays 1" in draft.output and db.session.query(Tour).one().live_version == 1
    out = tmp_path / "pulled"
    assert cli("tours", "pull", "--app", app_record.key, out).exit_code == 0
    pulled = yaml.safe_load((out / "cli-tour.yaml").read_text())
    assert pulled["steps"][0]["title"] == "Start here"
    assert yaml.safe_load(tour_file.read_text())["steps"][1] == {**pulled["steps"][1]}
    assert cli("tours", "validate", out).exit_code == 0


def test_push_refuses_invalid_files_and_pushes_nothing(cli, tour_file):
    app_record = make_app()
    tour_file.write_text(TOUR_FILE.replace("bottom", "x").replace("title: Second", "title: ''"))
    result = cli("tours", "push", tour_file, "--app", app_record.key)
    assert result.exit_code == 1 and f"{tour_file}:11:" in result.output
    assert db.session.query(Tour).count() == 0
    assert cli("tours", "push", tour_file, "--app", "pk_unknown").exit_code == 1


def test_validate_prints_file_line_message_per_problem(cli, tour_file, tmp_path):
    tour_file.write_text(TOUR_FILE.replace("title: Second", "title: ''"))
    missing = tmp_path / "missing.yaml"
    result = cli("tours", "validate", tour_file, missing)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{missing}:1: No such file or directory.",
                                          f"{tour_file}:11: steps[1].title: Must not be empty."]
    tour_file.write_text(TOUR_FILE)
    assert cli("tours", "validate", tour_file).exit_code == 0


def test_events_export_as_json_lines(cli, client):
    app_record = make_app()
    ids = [new_uuid() for _ in range(3)]
    client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": "u1", "events": [{"id": i, "type": "tour_started", "ts": "2026-11-25T10:00:00Z"} for i in ids]})
    result = cli("events", "export", "--app", app_record.key)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["id"] for e in lines] == ids and lines[0]["user_id"] == "u1"
    assert cli("events", "export", "--app", app_record.key, "--since", "2999-01-01T00:00:00Z").output == ""
    assert cli("events", "export", "--app", app_record.key, "--since", "yesterday").exit_code == 2
    assert cli("events", "export", "--app", app_record.key, "--since", "0001-01-01T00:00:00+14:00").exit_code == 2
    # A date, or a time without a zone, is read as UTC.
    assert [json.loads(line)["id"] for line in cli("events", "export", "--app", app_record.key,
                                                     "--since", "2026-01-01").stdout.splitlines()] == ids
    assert cli("events", "export", "--app", app_record.key, "--since", "2999-01-01T00:00:00").output == ""


def test_db_upgrade(cli):
    result = cli("db", "upgrade")
    assert result.exit_code == 0 and "up to date" in result.output


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_remote_push_pull_and_export_with_a_token(cli, live_server, tour_file, tmp_path, monkeypatch):
    app_record = make_app()
    _, token = create_api_token(make_admin("editor"), "ci")
    db.session.commit()  # services only flush; the live server reads from its own session
    monkeypatch.setenv("WAYPOST_SERVER", live_server)
    monkeypatch.setenv("WAYPOST_TOKEN", token)
    result = cli("tours", "push", tour_file, "--app", app_record.key)
    assert result.exit_code == 0 and "cli-tour: created, published as version 1 (new version)" in result.output
    assert "unchanged" in cli("tours", "push", tour_file, "--app", app_record.key).output
    assert cli("tours", "pull", "--app", app_record.key, tmp_path / "remote").exit_code == 0
    assert yaml.safe_load((tmp_path / "remote" / "cli-tour.yaml").read_text())["name"] == "CLI tour"
    assert cli("events", "export", "--app", app_record.key).exit_code == 0


def test_remote_wrong_token_and_server_down_are_one_clear_line(cli, live_server, tour_file, monkeypatch):
    app_record = make_app()
    monkeypatch.setenv("WAYPOST_SERVER", live_server)
    monkeypatch.setenv("WAYPOST_TOKEN", "wpt_wrong")
    wrong = cli("tours", "push", tour_file, "--app", app_record.key)
    assert wrong.exit_code == 1 and "answered 401" in wrong.output and "Traceback" not in wrong.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    monkeypatch.setenv("WAYPOST_SERVER", f"http://127.0.0.1:{closed_port}")
    down = cli("tours", "push", tour_file, "--app", app_record.key)
    assert down.exit_code == 1 and "cannot reach" in down.output and len(down.output.strip().splitlines()) == 1


def test_tours_import_from_shepherd(cli, tmp_path):
    steps = [{"id": "intro", "title": "Hi", "text": "Welcome <b>aboard</b>",
              "attachTo": {"element": ".hero", "on": "bottom"}}]
    source = tmp_path / "onboarding.json"
    source.write_text(json.dumps(steps))
    result = cli("tours", "import", "--from", "shepherd", source)
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load(result.stdout)
    assert spec["id"] == "onboarding" and spec["steps"][0]["target"] == ".hero"
    assert tour_spec()  # the factory's spec stays valid alongside imported ones
