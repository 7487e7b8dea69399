"""End user ids are NFC wherever they enter: one user per id however the host spells it."""
import unicodedata

from sqlalchemy import func, select

from server.extensions import db
from server.models import EndUser
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, user_token

NFC = unicodedata.normalize("NFC", "zoë-josé-한")
NFD = unicodedata.normalize("NFD", NFC)


def _boot(client, app_record, user_id, **params):
    return client.get("/api/v1/sdk/bootstrap", query_string={"url": "/", "user_id": user_id, **params},
                      headers={"X-Waypost-Key": app_record.key})


def _end_users(app_record) -> list[str]:
    return list(db.session.scalars(select(EndUser.external_id).filter_by(app_id=app_record.id)))


def test_the_two_spellings_are_different_strings():
    assert NFC != NFD and len(NFD) > len(NFC)


def test_bootstrap_with_nfd_then_nfc_gives_one_end_user(client):
    app_record = make_app()
    first = _boot(client, app_record, NFD)
    second = _boot(client, app_record, NFC)
    assert first.status_code == second.status_code == 200
    assert first.get_json()["user"]["id"] == second.get_json()["user"]["id"] == NFC
    assert _end_users(app_record) == [NFC]


def test_events_opt_out_and_support_in_either_spelling_land_on_one_user(client):
    app_record = make_app()
    key = {"X-Waypost-Key": app_record.key}
    _boot(client, app_record, NFC)
    events = client.post("/api/v1/sdk/events", headers=key, json={"user_id": NFD, "events": [
        {"id": new_uuid(), "type": "tour_started", "ts": "2026-11-25T10:00:00Z", "tour_id": "welcome"}]})
    assert events.status_code == 202
    opt_out = client.put(f"/api/v1/sdk/users/{NFD}/opt-out", headers=key, json={"opted_out": True})
    assert opt_out.status_code == 200
    support = client.post("/api/v1/sdk/support-requests", headers=key, json={"user_id": NFD, "message": "Help"})
    assert support.status_code == 201
    assert _end_users(app_record) == [NFC]
    assert _boot(client, app_record, NFC).get_json()["user"]["opted_out"] is True


def test_a_token_for_either_spelling_verifies_the_other(client):
    app_record = make_app(require_identity=True)
    nfc_token_nfd_id = _boot(client, app_record, NFD, user_token=user_token(app_record, NFC))
    assert nfc_token_nfd_id.status_code == 200, nfc_token_nfd_id.get_json()
    nfd_token_nfc_id = _boot(client, app_record, NFC, user_token=user_token(app_record, NFD))
    assert nfd_token_nfc_id.status_code == 200, nfd_token_nfc_id.get_json()
    other = _boot(client, app_record, NFC, user_token=user_token(app_record, NFC + "x"))
    assert other.status_code == 401 and other.get_json()["error"]["code"] == "identity_mismatch"
    assert _end_users(app_record) == [NFC]


def test_admin_lookups_and_erasure_take_either_spelling(client, app):
    app_record = make_app()
    owner = auth_headers(app, make_admin("owner"))
    _boot(client, app_record, NFC)
    base = f"/api/v1/apps/{app_record.id}/end-users"
    found = client.get(base, query_string={"q": NFD[:4]}, headers=owner)
    assert [u["id"] for u in found.get_json()] == [NFC]
    assert client.get(f"{base}/{NFD}/timeline", headers=owner).status_code == 200
    assert client.get(f"{base}/{NFD}/export", headers=owner).get_json()["user"]["id"] == NFC
    assert client.delete(f"{base}/{NFD}", headers=owner).status_code == 200
    assert _end_users(app_record) == []


def test_erased_opted_out_user_stays_opted_out_whichever_spelling_returns(client, app):
    app_record = make_app()
    owner = auth_headers(app, make_admin("owner"))
    key = {"X-Waypost-Key": app_record.key}
    client.put(f"/api/v1/sdk/users/{NFC}/opt-out", headers=key, json={"opted_out": True})
    assert client.delete(f"/api/v1/apps/{app_record.id}/end-users/{NFD}", headers=owner).get_json()["suppressed"]
    assert _boot(client, app_record, NFD).get_json()["user"]["opted_out"] is True
    assert db.session.scalar(select(func.count()).select_from(EndUser).filter_by(app_id=app_record.id)) == 1
