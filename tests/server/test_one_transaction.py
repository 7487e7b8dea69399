"""One transaction per request and per CLI command: a write the database refuses halfway leaves nothing behind,
and an admin change has its audit entry exactly when the change itself is stored.

The database itself refuses the write: a trigger made for the test (on SQLite and PostgreSQL alike) aborts
inserts that match a condition, as a constraint would, with nothing of ours mocked.
"""
import itertools

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from server.cli import main
from server.extensions import db
from server.models import AuditEntry, EndUser, Event, KbArticle, KbCategory, Tour, TourProgress, TourVersion
from tests.conftest import new_uuid
from tests.factories import HOST, auth_headers, make_admin, make_app, make_tour, tour_spec

_names = itertools.count(1)


@pytest.fixture
def refuse_inserts(app, db_url):
    """refuse_inserts(table, condition): the database aborts every insert into `table` where `condition` (SQL over
    NEW) holds, with a constraint error; the triggers are dropped after the test (PostgreSQL's database is shared)."""
    made = []

    def refuse(table: str, condition: str = "1 = 1") -> None:
        name = f"refuse_for_test_{next(_names)}"
        with db.engine.begin() as conn:
            if db_url.startswith("sqlite"):
                conn.execute(text(f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN {condition} "
                                  f"BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"))
            else:
                conn.execute(text(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF {condition} THEN "
                    f"RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END IF; "
                    f"RETURN NEW; END $$"))
                conn.execute(text(f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION {name}()"))
        made.append((name, table))

    yield refuse
    db.session.rollback()
    with db.engine.begin() as conn:
        for name, table in made:
            if db_url.startswith("sqlite"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
            else:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
                conn.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def tour_yaml(tour_id: str) -> str:
    return (f"id: {tour_id}\nname: {tour_id.title()}\nauto: true\nmatch: {{url: \"/app/*\"}}\n"
            f"steps:\n  - id: one\n    title: First\n    body: Hello\n")


@pytest.fixture
def cli(app, db_url, monkeypatch):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", db_url)
    monkeypatch.delenv("WAYPOST_SERVER", raising=False)
    monkeypatch.delenv("WAYPOST_TOKEN", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_local_push_whose_third_tour_is_refused_pushes_nothing(cli, refuse_inserts, tmp_path):
    app_record = make_app()
    for tour_id in ("first", "second", "third"):  # pushed in this (file name) order
        (tmp_path / f"{tour_id}.yaml").write_text(tour_yaml(tour_id))
    refuse_inserts("tours", "NEW.slug = 'third'")
    result = cli("tours", "push", tmp_path, "--app", app_record.key)
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert count(Tour) == 0 and count(TourVersion) == 0
    assert "first" not in result.output  # no line claims a tour was pushed


def test_a_push_through_the_api_is_one_change_with_one_audit_entry_or_none(client, app, refuse_inserts):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    push = f"/api/v1/apps/{app_record.id}/tours/push"
    refuse_inserts("tours", "NEW.slug = 'third'")
    specs = [tour_spec(tour_id) for tour_id in ("first", "second", "third")]
    response = client.post(push, json={"tours": specs}, headers=editor)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "conflict"
    assert count(Tour) == 0 and count(TourVersion) == 0 and count(AuditEntry) == 0
    assert client.post(push, json={"tours": [tour_spec("x", steps=[])]}, headers=editor).status_code == 422
    assert client.post(push, json={"tours": specs[:2]}, headers=editor).status_code == 200
    assert count(Tour) == 2 and count(TourVersion) == 2
    assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["admin_tours.push"]


def test_a_kb_import_refused_halfway_imports_nothing(cli, refuse_inserts, tmp_path):
    app_record = make_app()
    for slug in ("a-first", "b-second", "c-third"):
        (tmp_path / f"{slug}.md").write_text(f"---\ntitle: {slug}\nslug: {slug}\ncategory: Help\n---\nBody.\n")
    refuse_inserts("kb_articles", "NEW.slug = 'b-second'")
    result = cli("kb", "import", tmp_path, "--app", app_record.key)
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert count(KbArticle) == 0 and count(KbCategory) == 0


def test_a_kb_import_through_the_api_refused_halfway_imports_nothing(client, app, refuse_inserts):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    refuse_inserts("kb_articles", "NEW.slug = 'b-second'")
    articles = [{"slug": slug, "locale": "en", "title": slug, "body": "Body.", "category": "Help"}
                for slug in ("a-first", "b-second", "c-third")]
    response = client.post(f"/api/v1/apps/{app_record.id}/kb/import", json={"articles": articles}, headers=editor)
    assert response.status_code == 409
    assert count(KbArticle) == 0 and count(KbCategory) == 0 and count(AuditEntry) == 0


def test_an_admin_change_whose_audit_entry_is_refused_is_not_stored(client, app, refuse_inserts):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    refuse_inserts("audit_log")
    response = client.post(f"/api/v1/apps/{app_record.id}/tours", json=tour_spec(), headers=editor)
    assert response.status_code == 409
    assert count(Tour) == 0 and count(AuditEntry) == 0


def test_an_events_batch_refused_halfway_stores_nothing(client, refuse_inserts):
    app_record = make_app(origins=(HOST,))
    make_tour(app_record)
    refuse_inserts("tour_progress")  # written after the events themselves
    batch = [{"id": new_uuid(), "type": kind, "ts": "2026-11-25T10:00:00Z", "url": "/app/x",
              "tour_id": "welcome", "tour_version": 1, "step_id": "hello"}
             for kind in ("tour_started", "step_viewed")]
    response = client.post("/api/v1/sdk/events", json={"user_id": "new-user", "events": batch},
                           headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 409
    assert count(Event) == 0 and count(TourProgress) == 0 and count(EndUser) == 0
