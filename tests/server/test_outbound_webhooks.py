"""Outbound webhooks: an owner subscribes a URL to event types; the events stored from then on go out in signed
batches (never twice, none from before), failures are retried with backoff and logged, private addresses are refused
unless allowed, and only owners see or change them. Deliveries go to a real listener on 127.0.0.1."""
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.jobs import deliver_due
from server.models import WebhookBatch
from tests.factories import auth_headers, make_admin, make_app
from tests.server.test_webhook_targets import listener  # noqa: F401


def send(client, app_record, user_id, *kinds):
    batch = [{"id": str(uuid.uuid4()), "type": kind, "ts": datetime.now(UTC).isoformat(), "url": "/app",
              **({"tour_id": "intro", "tour_version": 1} if kind.startswith("tour_") else {})} for kind in kinds]
    answer = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key},
                         json={"user_id": user_id, "events": batch})
    assert answer.status_code == 202, answer.get_json()
    return [e["id"] for e in batch]


@pytest.fixture
def owner(app):
    return auth_headers(app, make_admin("owner"))


def test_events_of_the_chosen_types_go_out_once_in_signed_batches(app, client, owner, listener):  # noqa: F811
    port, hook = listener
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    app_record = make_app()
    send(client, app_record, "early", "tour_completed")  # before the subscription: never sent
    base = f"/api/v1/apps/{app_record.id}/webhooks"
    made = client.post(base, headers=owner, json={"url": f"http://127.0.0.1:{port}/in",
                                                  "events": ["tour_completed", "custom:*"]})
    assert made.status_code == 201, made.get_json()
    webhook = made.get_json()
    wanted = send(client, app_record, "ann", "tour_started", "tour_completed", "custom:exported", "search")
    assert deliver_due() == 1
    [(method, path, headers, body)] = hook.received
    sent = json.loads(body)
    assert (method, path, sent["type"], sent["subscription_id"]) == ("POST", "/in", "events", webhook["id"])
    assert [(e["id"], e["type"], e["user_id"]) for e in sent["events"]] == [
        (wanted[1], "tour_completed", "ann"), (wanted[2], "custom:exported", "ann")]
    expected = "sha256=" + hmac.new(app_record.secret.encode(), headers["X-Waypost-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Waypost-Signature"] == expected
    assert deliver_due() == 0 and len(hook.received) == 1  # nothing sent twice
    log = client.get(f"{base}/{webhook['id']}/deliveries", headers=owner).get_json()
    assert [(d["events"], d["attempts"], d["last_error"]) for d in log] == [(2, 1, None)] and log[0]["delivered_at"]


def test_a_failing_receiver_is_retried_with_backoff_and_the_log_says_why(app, client, owner, listener):  # noqa: F811
    port, hook = listener
    hook.answer = (500, {})
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/webhooks"
    webhook = client.post(base, headers=owner, json={"url": f"http://127.0.0.1:{port}/in",
                                                     "events": ["custom:*"]}).get_json()
    send(client, app_record, "ann", "custom:a")
    assert deliver_due() == 0
    db.session.expire_all()
    batch = db.session.query(WebhookBatch).one()
    assert batch.webhook_attempts == 1 and batch.webhook_next_attempt_at > datetime.now(UTC)
    [logged] = client.get(f"{base}/{webhook['id']}/deliveries", headers=owner).get_json()
    assert logged["delivered_at"] is None and logged["last_error"]
    hook.answer = (204, {})
    batch.webhook_next_attempt_at = batch.created_at
    db.session.commit()
    assert deliver_due() == 1 and len(hook.received) == 2


@pytest.mark.parametrize("body, field", [
    ({"url": "http://127.0.0.1:9/in", "events": ["custom:*"]}, "url"),
    ({"url": "http://169.254.169.254/latest", "events": ["custom:*"]}, "url"),
    ({"url": "javascript:alert(1)", "events": ["custom:*"]}, "url"),
    ({"url": "https://hooks.example.com/" + "a" * 2100, "events": ["custom:*"]}, "url"),
    ({"url": "https://hooks.example.com/in", "events": []}, "events"),
    ({"url": "https://hooks.example.com/in", "events": ["bogus"]}, "events"),
    ({"url": "https://hooks.example.com/in", "events": ["custom:"]}, "events"),
    ({"url": "https://hooks.example.com/in", "events": ["custom:x"] * 51}, "events"),
    ({"url": "https://hooks.example.com/in", "events": "custom:*"}, "events"),
    ({"url": "https://hooks.example.com/in"}, "events"),
])
def test_hostile_subscriptions_are_field_errors(app, client, owner, body, field):
    app_record = make_app()
    answer = client.post(f"/api/v1/apps/{app_record.id}/webhooks", headers=owner, json=body)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_see_or_change_webhooks(app, client, owner, role):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/webhooks"
    made = client.post(base, headers=owner, json={"url": "https://hooks.example.com/in", "events": ["custom:*"]})
    assert made.status_code == 201
    other = auth_headers(app, make_admin(role))
    assert client.get(base, headers=other).status_code == 403
    assert client.post(base, headers=other, json={"url": "https://x.example.com/", "events": ["custom:*"]}
                       ).status_code == 403
    assert client.delete(f"{base}/{made.get_json()['id']}", headers=other).status_code == 403
    assert client.delete(f"{base}/{made.get_json()['id']}", headers=owner).status_code == 204
    assert client.get(base, headers=owner).get_json() == []


def test_a_segment_destination_gets_track_and_identify_calls_with_its_write_key(app, client, owner, listener):  # noqa: F811
    import base64

    port, hook = listener
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    app_record = make_app()
    made = client.post(f"/api/v1/apps/{app_record.id}/webhooks", headers=owner, json={
        "url": f"http://127.0.0.1:{port}/v1/batch", "events": ["tour_completed", "custom:*"], "format": "segment",
        "write_key": "wk_live_123"})
    assert made.status_code == 201, made.get_json()
    assert "write_key" not in made.get_json() and made.get_json()["format"] == "segment"
    boot = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key}, query_string={
        "user_id": "ann", "url": "/app", "traits": json.dumps({"plan": "trial", "seats": 12})})
    assert boot.status_code == 200
    ids = send(client, app_record, "ann", "tour_completed", "custom:Report Exported", "search")
    assert deliver_due() == 1
    [(method, path, headers, body)] = hook.received
    assert (method, path) == ("POST", "/v1/batch")
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"wk_live_123:").decode()
    messages = json.loads(body)["batch"]
    assert [(m["type"], m.get("event"), m["userId"]) for m in messages] == [
        ("identify", None, "ann"), ("track", "Tour Completed", "ann"), ("track", "Report Exported", "ann")]
    assert messages[0]["traits"] == {"plan": "trial", "seats": 12}
    assert [m["messageId"] for m in messages[1:]] == ids[:2]  # the destination deduplicates a batch sent again
    assert messages[1]["properties"] == {"tour_id": "intro", "tour_version": 1}
    assert messages[1]["context"]["page"] == {"url": "/app"}


@pytest.mark.parametrize("body", [
    {"format": "segment"}, {"format": "segment", "write_key": ""}, {"format": "segment", "write_key": "a b"},
    {"format": "segment", "write_key": "k" * 201}, {"format": "segment", "write_key": "ключ"},
    {"format": "waypost", "write_key": "wk"}, {"format": "amplitude", "write_key": "wk"},
])
def test_hostile_segment_settings_are_field_errors(app, client, owner, body):
    app_record = make_app()
    answer = client.post(f"/api/v1/apps/{app_record.id}/webhooks", headers=owner,
                         json={"url": "https://api.segment.example/v1/batch", "events": ["custom:*"], **body})
    assert answer.status_code == 422, answer.get_json()
    assert set(answer.get_json()["error"]["fields"]) & {"format", "write_key"}


def test_votes_support_requests_and_opt_outs_go_out_as_the_servers_events(app, client, owner, listener):  # noqa: F811
    from server.services.kb import save_article

    port, hook = listener
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    app_record = make_app()
    article = save_article(app_record, {"slug": "refunds", "locale": "ar", "title": "المبالغ", "body": "…",
                                        "status": "published"})
    db.session.commit()
    made = client.post(f"/api/v1/apps/{app_record.id}/webhooks", headers=owner, json={
        "url": f"http://127.0.0.1:{port}/in", "events": ["article_voted", "support_requested", "opted_out",
                                                          "opted_in"]})
    assert made.status_code == 201, made.get_json()
    sdk = {"X-Waypost-Key": app_record.key}
    assert client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", headers=sdk,
                       json={"helpful": False, "comment": "لا", "user_id": "ann"}).status_code == 201
    assert client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", headers=sdk,
                       json={"helpful": True}).status_code == 201  # anonymous: no user, no event
    request = client.post("/api/v1/sdk/support-requests", headers=sdk, json={"user_id": "ann", "message": "Help"})
    for opted in (True, True, False):  # the second changes nothing: no event
        assert client.put("/api/v1/sdk/users/ann/opt-out", headers=sdk, json={"opted_out": opted}).status_code < 300
    assert deliver_due() == 1
    sent = json.loads(hook.received[0][3])["events"]
    assert [(e["type"], e["user_id"], e["article_id"], e["data"]) for e in sent] == [
        ("article_voted", "ann", str(article.id), {"helpful": False, "locale": "ar", "commented": True}),
        ("support_requested", "ann", None, {"support_request_id": request.get_json()["id"]}),
        ("opted_out", "ann", None, None), ("opted_in", "ann", None, None)]


@pytest.mark.parametrize("kind", ["article_voted", "support_requested", "opted_out", "experience_held_out"])
def test_clients_cannot_send_the_servers_events(client, kind):
    app_record = make_app()
    answer = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": "mallory", "events": [{"id": str(uuid.uuid4()), "type": kind, "ts": datetime.now(UTC).isoformat()}]})
    assert answer.status_code == 422 and "type" in json.dumps(answer.get_json()["error"]["fields"])
