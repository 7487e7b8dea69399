"""A published step whose target N users could not find in an hour raises one alert (not more that day), stored and
delivered to the app's webhook signed like a support request, listed for the admin; a draft's, an unpublished
tour's, or a step of an old version raise none. Deliveries go to a real listener on 127.0.0.1."""
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.jobs import deliver, deliver_due
from server.models import Alert
from tests.factories import auth_headers, make_admin, make_app, make_tour
from tests.server.test_webhook_targets import listener  # noqa: F401


def missing(client, app_record, user_id, tour_id="tour", step_id="button", version=1):
    answer = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": user_id, "events": [{"id": str(uuid.uuid4()), "type": "step_target_missing", "tour_id": tour_id,
                                        "tour_version": version, "step_id": step_id, "url": "/app/home",
                                        "ts": datetime.now(UTC).isoformat(), "data": {"selector": "#new"}}]})
    assert answer.status_code == 202, answer.get_json()


def alerts() -> list[Alert]:
    db.session.expire_all()
    return list(db.session.scalars(select(Alert).order_by(Alert.id)))


def test_n_users_in_an_hour_raise_one_alert_delivered_to_the_webhook(app, client, listener):  # noqa: F811
    port, hook = listener
    app.config.update(WAYPOST_MISSING_TARGET_ALERT_USERS=3, WAYPOST_WEBHOOK_ALLOW_PRIVATE=True)
    app_record = make_app()
    app_record.webhook_url = f"http://127.0.0.1:{port}/hook"
    db.session.commit()
    make_tour(app_record, "tour")
    missing(client, app_record, "a")
    missing(client, app_record, "a")  # the same user twice is one user
    missing(client, app_record, "b")
    assert alerts() == []
    missing(client, app_record, "c")
    [alert] = alerts()
    assert (alert.tour_id, alert.step_id, alert.selector, alert.users, alert.tour_version) == ("tour", "button", "#new",
                                                                                               3, 1)
    missing(client, app_record, "d")  # later the same day: no second alert
    assert len(alerts()) == 1

    assert deliver_due() == 1
    [(method, path, headers, body)] = hook.received
    sent = json.loads(body)
    assert (method, path, sent["type"], sent["tour_id"], sent["step_id"], sent["users"]) == (
        "POST", "/hook", "tour.step_target_missing", "tour", "button", 3)
    expected = "sha256=" + hmac.new(app_record.secret.encode(), headers["X-Waypost-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Waypost-Signature"] == expected
    assert deliver(alert.id, model=Alert) is False  # delivered once

    viewer = auth_headers(app, make_admin("viewer"))
    listed = client.get(f"/api/v1/apps/{app_record.id}/analytics/alerts", headers=viewer)
    assert listed.status_code == 200
    [shown] = listed.get_json()
    assert (shown["tour_id"], shown["users"], shown["attempts"]) == ("tour", 3, 1) and shown["delivered_at"]


@pytest.mark.parametrize("case", ["draft", "other_version", "unknown_tour", "off"])
def test_no_alert_for_drafts_old_versions_unknown_tours_or_when_off(app, client, case):
    app.config["WAYPOST_MISSING_TARGET_ALERT_USERS"] = 0 if case == "off" else 2
    app_record = make_app()
    make_tour(app_record, "tour", publish=case != "draft")
    for user in ("a", "b", "c"):
        missing(client, app_record, user, tour_id="nope" if case == "unknown_tour" else "tour",
                version=7 if case == "other_version" else 1)
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0


def test_an_alert_without_a_webhook_is_kept_and_listed(app, client):
    app.config["WAYPOST_MISSING_TARGET_ALERT_USERS"] = 1
    app_record = make_app()
    make_tour(app_record, "tour")
    missing(client, app_record, "a", step_id='<img src=x onerror="alert(1)">')
    [alert] = alerts()
    assert alert.webhook_next_attempt_at is None and deliver_due() == 0
    viewer = auth_headers(app, make_admin("viewer"))
    [shown] = client.get(f"/api/v1/apps/{app_record.id}/analytics/alerts", headers=viewer).get_json()
    assert shown["step_id"] == '<img src=x onerror="alert(1)">' and shown["delivered_at"] is None
