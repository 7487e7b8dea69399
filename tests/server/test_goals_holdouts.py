"""Goals and holdouts: a stable share of users is held back from an experience (and told to no device), and the
goal's rate among users shown it is compared with the holdout's: a fixture whose answer is worked out by hand."""
import math
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import EndUser, Event
from tests.factories import auth_headers, make_admin, make_app, make_tour


@pytest.fixture
def viewer(app):
    return auth_headers(app, make_admin("viewer"))


def boot(client, app_record, user_id):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": "/app/home"})
    assert answer.status_code == 200
    return answer.get_json()


def test_a_holdout_is_a_stable_share_never_shown_and_recorded_once(client, viewer):
    app_record = make_app()
    make_tour(app_record, "welcome", holdout=10, goal={"event": "custom:exported", "within_days": 7})
    held = [f"u{n}" for n in range(400) if not boot(client, app_record, f"u{n}")["tours"]]
    assert 20 <= len(held) <= 60  # 10% of 400, give or take what chance allows
    assert all(not boot(client, app_record, user)["tours"] for user in held[:5])  # the same users every time
    stored = db.session.scalar(select(func.count()).select_from(Event).where(
        Event.app_id == app_record.id, Event.type == "experience_held_out"))
    assert stored == len(held)  # once each, however often they come back
    why = client.get(f"/api/v1/apps/{app_record.id}/experiences/welcome/why", headers=viewer,
                     query_string={"user_id": held[0], "url": "/app/home"}).get_json()
    assert why["sent"] is False and why["reason"] == {"code": "holdout", "percent": 10}
    forged = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": "x", "events": [{"id": str(uuid.uuid4()), "type": "experience_held_out",
                                    "ts": datetime.now(UTC).isoformat(), "tour_id": "welcome"}]})
    assert forged.status_code == 422  # only the server says who was held out


def _users(app_record, prefix: str, n: int) -> list[int]:
    users = [EndUser(app_id=app_record.id, external_id=f"{prefix}{i}", traits={}) for i in range(n)]
    db.session.add_all(users)
    db.session.flush()
    return [u.id for u in users]


def _event(app_record, user_id: int, kind: str, at: datetime, tour_id: str | None = None) -> Event:
    return Event(app_id=app_record.id, client_id=str(uuid.uuid4()), type=kind, end_user_id=user_id, tour_id=tour_id,
                 client_ts=at, received_at=at)


def test_the_lift_and_its_interval_worked_out_by_hand(client, viewer):
    app_record = make_app()
    make_tour(app_record, "export-tip", holdout=33, goal={"event": "custom:exported", "within_days": 7})
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    shown, held = _users(app_record, "s", 400), _users(app_record, "h", 200)
    events = [_event(app_record, u, "tour_started", start, "export-tip") for u in shown]
    events += [_event(app_record, u, "experience_held_out", start, "export-tip") for u in held]
    # 120 of 400 shown (30%) and 40 of 200 held out (20%) export within the week
    events += [_event(app_record, u, "custom:exported", start + timedelta(days=2)) for u in shown[:120]]
    events += [_event(app_record, u, "custom:exported", start + timedelta(days=6)) for u in held[:40]]
    # not counted: after the window, or before the user was shown it
    events += [_event(app_record, u, "custom:exported", start + timedelta(days=8)) for u in shown[120:150]]
    events += [_event(app_record, u, "custom:exported", start - timedelta(days=1)) for u in held[40:60]]
    db.session.add_all(events)
    db.session.commit()
    result = client.get(f"/api/v1/apps/{app_record.id}/analytics/experiences/export-tip/goal", headers=viewer).get_json()
    assert result["shown"] == {"users": 400, "converted": 120, "rate": 30.0}
    assert result["holdout"] == {"users": 200, "converted": 40, "rate": 20.0}
    margin = 1.959964 * math.sqrt(0.3 * 0.7 / 400 + 0.2 * 0.8 / 200)  # Wald: 0.0713
    assert (result["difference"], result["ci_low"], result["ci_high"]) == (
        10.0, round(100 * (0.1 - margin), 1), round(100 * (0.1 + margin), 1))
    assert (result["ci_low"], result["ci_high"], result["significant"]) == (2.9, 17.1, True)


def test_too_few_users_is_not_yet_significant_and_no_goal_says_so(client, viewer):
    app_record = make_app()
    make_tour(app_record, "tip", holdout=50, goal={"event": "custom:exported", "within_days": 7})
    make_tour(app_record, "plain", match={"url": "/other*"})
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    shown, held = _users(app_record, "s", 10), _users(app_record, "h", 10)
    events = [_event(app_record, u, "tour_started", start, "tip") for u in shown]
    events += [_event(app_record, u, "experience_held_out", start, "tip") for u in held]
    events += [_event(app_record, u, "custom:exported", start + timedelta(hours=1)) for u in shown[:4] + held[:3]]
    db.session.add_all(events)
    db.session.commit()
    base = f"/api/v1/apps/{app_record.id}/analytics/experiences"
    result = client.get(f"{base}/tip/goal", headers=viewer).get_json()
    assert (result["difference"], result["significant"]) == (10.0, False) and result["ci_low"] < 0 < result["ci_high"]
    none = client.get(f"{base}/plain/goal", headers=viewer)
    assert none.status_code == 409 and none.get_json()["error"]["code"] == "no_goal"
    assert client.get(f"{base}/nope/goal", headers=viewer).status_code == 404


def visit(client, app_record, user_id, url):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": url})
    assert answer.status_code == 200


def test_a_page_goal_counts_the_first_visit_after_the_show_or_the_hold_back(client, viewer):
    app_record = make_app()
    make_tour(app_record, "upgrade-tip", holdout=50, goal={"page": "/billing/upgrade*", "within_days": 7})
    users = [f"p{n}" for n in range(40)]
    for user in users:
        visit(client, app_record, user, "https://host.test/billing/upgrade/pro")  # before: not in a group yet
    held = [user for user in users if not boot(client, app_record, user)["tours"]]
    shown = [user for user in users if user not in held]
    assert held and shown
    base = datetime.now(UTC)
    for user in shown:  # the snippet reports the start
        client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
            "user_id": user, "events": [{"id": str(uuid.uuid4()), "type": "tour_started", "tour_id": "upgrade-tip",
                                         "tour_version": 1, "ts": base.isoformat()}]})
    goal = f"/api/v1/apps/{app_record.id}/analytics/experiences/upgrade-tip/goal"
    before = client.get(goal, headers=viewer).get_json()
    assert (before["shown"]["converted"], before["holdout"]["converted"]) == (0, 0)  # the early visits don't count
    for user in shown[:3] + held[:2]:
        visit(client, app_record, user, "/billing/upgrade?plan=pro")
        visit(client, app_record, user, "/billing/upgrade")  # again: stored once
    visit(client, app_record, shown[3], "/billing/other")  # not the goal page
    stored = db.session.scalar(select(func.count()).select_from(Event).where(
        Event.app_id == app_record.id, Event.type == "goal_page_viewed"))
    assert stored == 5
    result = client.get(goal, headers=viewer).get_json()
    assert result["goal"] == {"page": "/billing/upgrade*", "within_days": 7.0}
    assert (result["shown"]["users"], result["shown"]["converted"]) == (len(shown), 3)
    assert (result["holdout"]["users"], result["holdout"]["converted"]) == (len(held), 2)
    forged = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": "x", "events": [{"id": str(uuid.uuid4()), "type": "goal_page_viewed",
                                    "ts": datetime.now(UTC).isoformat(), "tour_id": "upgrade-tip"}]})
    assert forged.status_code == 422  # only the server records goal visits


def test_a_page_goal_after_its_window_is_not_reached(client, viewer):
    app_record = make_app()
    make_tour(app_record, "tip", goal={"page": "/done", "within_days": 1})
    [user] = _users(app_record, "late", 1)
    db.session.add(_event(app_record, user, "tour_started", datetime.now(UTC) - timedelta(days=3), "tip"))
    db.session.commit()
    visit(client, app_record, "late0", "/done")
    result = client.get(f"/api/v1/apps/{app_record.id}/analytics/experiences/tip/goal", headers=viewer).get_json()
    assert result["shown"] == {"users": 1, "converted": 0, "rate": 0.0}


@pytest.mark.parametrize("change", [{"holdout": 51}, {"holdout": -1}, {"holdout": "10"}, {"goal": {"event": "x"}},
                                    {"goal": {"event": "custom:x", "within_days": 0}}, {"goal": {"event": "bogus",
                                                                                                "within_days": 7}},
                                    {"goal": {"within_days": 7}}, {"goal": {"page": "/a", "event": "custom:a",
                                                                            "within_days": 7}},
                                    {"goal": {"page": "https://evil.test/", "within_days": 7}},
                                    {"goal": {"page": "", "within_days": 7}}, {"goal": {"page": 7, "within_days": 7}},
                                    {"goal": {"page": "/" + "a" * 600, "within_days": 7}},
                                    {"goal": {"event": "custom:x", "within_days": "7"}},
                                    {"goal": {"event": "goal_page_viewed", "within_days": 7}}])
def test_hostile_goals_and_holdouts_are_field_errors(client, change):
    app_record = make_app()
    editor = auth_headers(client.application, make_admin("editor"))
    spec = {"id": "t", "name": "T", "steps": [{"id": "a", "title": "A"}], **change}
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 422 and set(change) & set(answer.get_json()["error"]["fields"])
