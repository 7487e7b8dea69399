"""Data protection: export and erasure of an end user, suppression of erased opt-outs, the audit log."""
import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import AuditEntry, CompanyMember, EndUser, Event, EventDay, Suppression
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, make_tour, tour_spec


@pytest.fixture
def owner(app):
    return auth_headers(app, make_admin("owner"))


def _activity(client, app_record, user_id):
    key = {"X-Waypost-Key": app_record.key}
    client.post("/api/v1/sdk/events", headers=key, json={"user_id": user_id, "events": [
        {"id": new_uuid(), "type": "tour_started", "ts": "2026-11-25T10:00:00Z", "tour_id": "welcome"},
        {"id": new_uuid(), "type": "step_viewed", "ts": "2026-11-25T10:00:01Z", "tour_id": "welcome",
         "step_id": "hello"}]})
    client.get("/api/v1/sdk/kb/search", headers=key, query_string={"q": "refund", "user_id": user_id,
                                                                    "url": "/billing"})
    client.post("/api/v1/sdk/support-requests", headers=key, json={"user_id": user_id, "message": "Help me"})
    client.get("/api/v1/sdk/bootstrap", headers=key, query_string={"user_id": user_id, "group_id": "acme",
                                                                     "group_traits": '{"seats": 9}'})


def test_export_holds_everything_about_the_user(client, owner):
    app_record = make_app()
    make_tour(app_record)
    _activity(client, app_record, "u1")
    _activity(client, app_record, "someone-else")
    exported = client.get(f"/api/v1/apps/{app_record.id}/end-users/u1/export", headers=owner).get_json()
    assert exported["user"]["id"] == "u1"
    assert [e["type"] for e in exported["events"]] == ["tour_started", "step_viewed", "support_requested"]
    assert exported["tour_progress"][0]["step_id"] == "hello"
    assert exported["searches"][0]["query"] == "refund" and exported["searches"][0]["url"] == "/billing"
    assert exported["user"]["company"] == {"id": "acme", "traits": {"seats": 9}}
    assert exported["support_requests"][0]["message"] == "Help me"
    assert client.get(f"/api/v1/apps/{app_record.id}/end-users/nobody/export", headers=owner).status_code == 404


def test_erasure_removes_the_user_and_keeps_only_a_suppressed_opt_out(client, owner):
    app_record = make_app()
    make_tour(app_record)
    _activity(client, app_record, "u1")
    _activity(client, app_record, "u2")
    client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": True}, headers={"X-Waypost-Key": app_record.key})
    erased = client.delete(f"/api/v1/apps/{app_record.id}/end-users/u1", headers=owner).get_json()
    assert erased["suppressed"] is True and erased["erased"]["events"] == 4  # with support_requested, opted_out
    assert db.session.scalar(select(func.count()).select_from(EndUser).filter_by(external_id="u1")) == 0
    assert db.session.scalar(select(func.count()).select_from(CompanyMember)) == 1  # u2's membership only
    remaining = db.session.scalars(select(Event.end_user_id)).all()
    assert len(remaining) == 3  # u2's events stay (the server's support_requested too)
    assert set(db.session.scalars(select(EventDay.end_user_id))) == set(remaining)  # and only their rollups
    suppression = db.session.scalar(select(Suppression))
    assert "u1" not in suppression.user_hash
    boot = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u1", "url": "/app/x"},
                      headers={"X-Waypost-Key": app_record.key}).get_json()
    assert boot["user"]["opted_out"] is True and boot["tours"][0]["auto"] is False
    not_opted = client.delete(f"/api/v1/apps/{app_record.id}/end-users/u2", headers=owner).get_json()
    assert not_opted["suppressed"] is False
    fresh = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u2", "url": "/app/x"},
                       headers={"X-Waypost-Key": app_record.key}).get_json()
    assert fresh["user"]["opted_out"] is False


def test_only_owners_export_or_erase(client, app):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    _activity(client, app_record, "u1")
    assert client.get(f"/api/v1/apps/{app_record.id}/end-users/u1/export", headers=editor).status_code == 403
    assert client.delete(f"/api/v1/apps/{app_record.id}/end-users/u1", headers=editor).status_code == 403
    assert client.get("/api/v1/audit-log", headers=editor).status_code == 403


def test_audit_log_records_who_changed_what(client, app):
    app_record = make_app()
    editor_user = make_admin("editor")
    editor = auth_headers(app, editor_user)
    owner = auth_headers(app, make_admin("owner"))
    base = f"/api/v1/apps/{app_record.id}/tours"
    client.post(base, json=tour_spec(), headers=editor)
    client.post(f"{base}/welcome/publish", headers=editor)
    client.post(base, json=tour_spec(steps=[]), headers=editor)  # refused: not a change, not logged
    client.get(base, headers=editor)  # a read: not logged
    log = client.get("/api/v1/audit-log", query_string={"app_id": app_record.id}, headers=owner).get_json()
    assert [(e["action"], e["actor_email"], e["target"]) for e in log] == [
        ("admin_tours.publish", editor_user.email, {"slug": "welcome"}),
        ("admin_tours.create_tour", editor_user.email, {}),
    ]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 2
