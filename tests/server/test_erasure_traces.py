"""What an erasure leaves behind: audit entries that no longer name the user, and a keyed suppression hash."""
import hashlib
import hmac
import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from server.extensions import db
from server.models import AuditEntry, Suppression
from tests.factories import auth_headers, make_admin, make_app

USER = "team/alice@corp.example"


def _seen(client, app_record, user_id, opted_out=False):
    key = {"X-Waypost-Key": app_record.key}
    boot = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": user_id, "url": "/"}, headers=key)
    assert boot.status_code == 200
    if opted_out:
        client.put(f"/api/v1/sdk/users/{user_id}/opt-out", json={"opted_out": True}, headers=key)
    return boot.get_json()


def _everything_in_the_audit_log() -> str:
    rows = db.session.execute(select(AuditEntry.path, AuditEntry.target, AuditEntry.action)).all()
    return json.dumps([list(row) for row in rows], ensure_ascii=False)


def test_erasure_scrubs_the_users_id_from_the_audit_log_and_keeps_the_entries(app, client):
    app_record = make_app()
    owner_user = make_admin("owner")
    owner = auth_headers(app, owner_user)
    base = f"/api/v1/apps/{app_record.id}/end-users"
    _seen(client, app_record, USER)
    _seen(client, app_record, "team/alice")  # an id that starts like USER's: its entries keep it
    db.session.add_all([  # as an earlier erasure of the same id, or any other change about them, was logged
        AuditEntry(actor_id=owner_user.id, actor_email=owner_user.email, action="admin_privacy.erase",
                   method="DELETE", path=f"{base}/{USER}", app_id=app_record.id, target={"user_id": USER},
                   status=200),
        AuditEntry(actor_id=owner_user.id, actor_email=owner_user.email, action="admin_privacy.erase",
                   method="DELETE", path=f"{base}/team/alice", app_id=app_record.id,
                   target={"user_id": "team/alice"}, status=200)])
    db.session.commit()

    assert client.delete(f"{base}/{USER}", headers=owner).status_code == 200
    db.session.expire_all()
    assert USER not in _everything_in_the_audit_log()
    entries = client.get("/api/v1/audit-log", headers=owner).get_json()
    assert USER not in json.dumps(entries, ensure_ascii=False)
    assert [(e["action"], e["path"], e["target"]) for e in entries] == [
        ("admin_privacy.erase", f"{base}/[erased]", {"user_id": "[erased]"}),  # this erasure
        ("admin_privacy.erase", f"{base}/team/alice", {"user_id": "team/alice"}),
        ("admin_privacy.erase", f"{base}/[erased]", {"user_id": "[erased]"}),
    ]
    assert entries[0]["actor_email"] == owner_user.email and entries[0]["status"] == 200


def test_the_suppression_record_is_a_keyed_hash_and_still_suppresses(app, client):
    app_record = make_app()
    owner = auth_headers(app, make_admin("owner"))
    _seen(client, app_record, "u1", opted_out=True)
    assert client.delete(f"/api/v1/apps/{app_record.id}/end-users/u1", headers=owner).get_json()["suppressed"]

    record = db.session.scalar(select(Suppression))
    assert record.user_hash not in (hashlib.sha256(f"{app_record.id}:u1".encode()).hexdigest(),
                                    hashlib.sha256(b"u1").hexdigest())
    keyed = hmac.new(app.config["SECRET_KEY"].encode(), f"{app_record.id}:u1".encode(), hashlib.sha256).hexdigest()
    assert (record.user_hash, record.scheme) == (keyed, "hmac-sha256")
    assert _seen(client, app_record, "u1")["user"]["opted_out"] is True
    assert _seen(client, app_record, "u2")["user"]["opted_out"] is False


def test_a_legacy_sha256_suppression_still_suppresses_and_is_rehashed_when_its_user_returns(app, client):
    app_record = make_app()
    legacy = hashlib.sha256(f"{app_record.id}:u9".encode()).hexdigest()
    db.session.add(Suppression(app_id=app_record.id, user_hash=legacy, scheme="sha256"))
    db.session.commit()
    assert _seen(client, app_record, "u9")["user"]["opted_out"] is True
    db.session.expire_all()
    record = db.session.scalar(select(Suppression))
    assert record.scheme == "hmac-sha256" and record.user_hash != legacy
    assert _seen(client, app_record, "u10")["user"]["opted_out"] is False


def test_migration_0011_marks_old_suppressions_legacy_and_scrubs_past_erasures(app):
    app_record = make_app()
    app_id = app_record.id
    legacy = hashlib.sha256(f"{app_id}:u1".encode()).hexdigest()
    db.session.commit()
    db.session.remove()
    downgrade(revision="0010")
    try:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO suppressions (app_id, user_hash, created_at) "
                              "VALUES (:app, :hash, CURRENT_TIMESTAMP)"), {"app": app_id, "hash": legacy})
            for path, target in ((f"/api/v1/apps/{app_id}/end-users/{USER}", {"user_id": USER}),
                                 (f"/api/v1/apps/{app_id}/tours/welcome/publish", {"slug": "welcome"})):
                conn.execute(text(
                    "INSERT INTO audit_log (actor_email, action, method, path, app_id, target, status, created_at) "
                    "VALUES ('o@example.com', :action, 'DELETE', :path, :app, :target, 200, CURRENT_TIMESTAMP)"),
                    {"action": "admin_privacy.erase" if "end-users" in path else "admin_tours.publish",
                     "path": path, "app": app_id, "target": json.dumps(target)})
    finally:
        upgrade()
    record = db.session.scalar(select(Suppression))
    assert (record.user_hash, record.scheme) == (legacy, "sha256")
    assert USER not in _everything_in_the_audit_log()
    paths = sorted(db.session.scalars(select(AuditEntry.path)))
    assert paths == [f"/api/v1/apps/{app_id}/end-users/[erased]", f"/api/v1/apps/{app_id}/tours/welcome/publish"]
