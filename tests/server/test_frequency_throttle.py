"""How often an experience shows (frequency), which goes first (priority) and how many start by themselves (the
app's throttle): in bootstrap and in the admin's "why", from one decision."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import auth_headers, make_admin, make_app, make_tour


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def boot(client, app_record, user_id="ann", url="/app/home"):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": url})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def autos(client, app_record, user_id="ann", url="/app/home"):
    return {t["id"]: t["auto"] for t in boot(client, app_record, user_id, url)["tours"]}


def why(client, editor, app_record, slug, user_id="ann", url="/app/home"):
    answer = client.get(f"/api/v1/apps/{app_record.id}/experiences/{slug}/why", headers=editor,
                        query_string={"user_id": user_id, "url": url})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["reason"]


def send(client, app_record, user_id, *events, ago=timedelta(0)):
    at = datetime.now(UTC) - ago
    batch = [{"id": str(uuid.uuid4()), "type": kind, "ts": at.isoformat(), "url": "/app/home", "tour_version": 1,
              **fields} for kind, fields in events]
    answer = client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": batch},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202, answer.get_json()


def shown_and_completed(client, app_record, tour_id, ago=timedelta(0), user_id="ann"):
    send(client, app_record, user_id, ("tour_started", {"tour_id": tour_id}),
         ("tour_completed", {"tour_id": tour_id}), ago=ago)


def test_every_visit_shows_a_completed_tour_again_until_its_max_shows(client, editor):
    app_record = make_app()
    make_tour(app_record, "tip", frequency={"show": "every_visit", "max_shows": 2})
    assert autos(client, app_record) == {"tip": True}
    shown_and_completed(client, app_record, "tip")
    tour = boot(client, app_record)["tours"][0]
    assert tour["auto"] is True and tour["repeat"] is True  # the browser's own "done" mark must not hold it
    shown_and_completed(client, app_record, "tip")
    assert autos(client, app_record) == {"tip": False}
    assert why(client, editor, app_record, "tip") == {"code": "frequency", "show": "every_visit", "shows": 2,
                                                      "max_shows": 2}


def test_every_days_waits_its_days_since_the_last_show(client, editor):
    app_record = make_app()
    make_tour(app_record, "weekly", frequency={"show": "every_days", "days": 7})
    shown_and_completed(client, app_record, "weekly", ago=timedelta(days=3))
    assert autos(client, app_record) == {"weekly": False}
    reason = why(client, editor, app_record, "weekly")
    assert (reason["code"], reason["days"]) == ("frequency", 7.0)
    assert datetime.fromisoformat(reason["next_at"]) - datetime.fromisoformat(reason["last_shown_at"]) == \
        timedelta(days=7)
    shown_and_completed(client, app_record, "weekly", ago=timedelta(days=8), user_id="bob")
    assert autos(client, app_record, "bob") == {"weekly": True}


def test_until_completed_comes_back_after_a_dismissal_and_once_does_not(client, editor):
    app_record = make_app()
    make_tour(app_record, "setup", frequency={"show": "until_completed"})
    make_tour(app_record, "hello", match={"url": "/other*"}, frequency={"show": "once"})
    send(client, app_record, "ann", ("tour_started", {"tour_id": "setup"}), ("tour_dismissed", {"tour_id": "setup"}))
    assert autos(client, app_record) == {"setup": True}
    shown_and_completed(client, app_record, "setup")
    assert autos(client, app_record) == {"setup": False}
    assert why(client, editor, app_record, "setup")["code"] == "completed"
    send(client, app_record, "ann", ("tour_started", {"tour_id": "hello"}), ("tour_dismissed", {"tour_id": "hello"}))
    assert autos(client, app_record, url="/other") == {"hello": False}


def test_a_survey_every_90_days(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/tours"
    spec = {"id": "nps", "type": "survey", "name": "NPS", "match": {"url": "/app/*"},
            "frequency": {"show": "every_days", "days": 90}, "question": {"kind": "nps", "text": "Recommend us?"}}
    assert client.post(base, json=spec, headers=editor).status_code == 201
    assert client.post(f"{base}/nps/publish", headers=editor).status_code == 200
    answer = {"question": "nps", "score": 9}
    send(client, app_record, "ann", ("experience_shown", {"tour_id": "nps"}),
         ("survey_answered", {"tour_id": "nps", "data": answer}), ago=timedelta(days=30))
    send(client, app_record, "bob", ("experience_shown", {"tour_id": "nps"}),
         ("survey_answered", {"tour_id": "nps", "data": answer}), ago=timedelta(days=91))
    assert boot(client, app_record, "ann")["experiences"] == []
    assert [e["id"] for e in boot(client, app_record, "bob")["experiences"]] == ["nps"]


def test_the_highest_priority_starts_and_the_others_wait_for_a_later_page(client, editor):
    app_record = make_app()
    make_tour(app_record, "a-low")
    make_tour(app_record, "b-high", priority=10)
    make_tour(app_record, "c-mid", priority=5)
    tours = boot(client, app_record)["tours"]
    assert [(t["id"], t["auto"]) for t in tours] == [("b-high", True), ("c-mid", False), ("a-low", False)]
    assert why(client, editor, app_record, "c-mid") == {"code": "throttled", "why": "page", "by": "b-high"}
    shown_and_completed(client, app_record, "b-high")
    assert autos(client, app_record) == {"b-high": False, "c-mid": True, "a-low": False}


def test_the_apps_throttle_per_session_per_day_and_after_a_dismissal(client, editor):
    app_record = make_app()
    owner = auth_headers(client.application, make_admin("owner"))
    patched = client.patch(f"/api/v1/apps/{app_record.id}", headers=owner,
                           json={"throttle": {"per_session": 1, "per_day": 2, "quiet_hours": None}})
    assert patched.status_code == 200 and patched.get_json()["throttle"] == {"per_session": 1, "per_day": 2}
    make_tour(app_record, "first", match={"url": "/one*"})
    make_tour(app_record, "second", match={"url": "/two*"})
    make_tour(app_record, "third", match={"url": "/three*"})
    shown_and_completed(client, app_record, "first", ago=timedelta(minutes=10))
    assert autos(client, app_record, url="/two") == {"second": False}
    assert why(client, editor, app_record, "second", url="/two") == {
        "code": "throttled", "why": "session", "limit": 1, "shown": 1}
    shown_and_completed(client, app_record, "first", ago=timedelta(hours=2), user_id="dan")  # two sessions today
    shown_and_completed(client, app_record, "second", ago=timedelta(hours=1), user_id="dan")
    assert autos(client, app_record, "dan", url="/three") == {"third": False}
    assert why(client, editor, app_record, "third", "dan", "/three") == {
        "code": "throttled", "why": "day", "limit": 2, "shown": 2}
    assert client.patch(f"/api/v1/apps/{app_record.id}", headers=owner,
                        json={"throttle": {"quiet_hours": 24}}).status_code == 200
    send(client, app_record, "bob", ("tour_started", {"tour_id": "first"}), ("tour_dismissed", {"tour_id": "first"}),
         ago=timedelta(hours=5))
    assert autos(client, app_record, "bob", url="/two") == {"second": False}
    reason = why(client, editor, app_record, "second", "bob", "/two")
    assert reason["code"] == "throttled" and reason["why"] == "quiet"
    assert autos(client, app_record, "cat", url="/two") == {"second": True}


@pytest.mark.parametrize("change, field", [
    ({"frequency": {"show": "sometimes"}}, "frequency"), ({"frequency": {"show": "every_days"}}, "frequency"),
    ({"frequency": {"show": "once", "days": 3}}, "frequency"), ({"frequency": {"show": "once", "max_shows": 0}}, "frequency"),
    ({"frequency": {"show": "every_days", "days": -1}}, "frequency"), ({"frequency": "once"}, "frequency"),
    ({"priority": "1"}, "priority"), ({"priority": 10**9}, "priority"), ({"priority": 1.5}, "priority"),
])
def test_hostile_frequency_and_priority_are_field_errors(client, editor, change, field):
    app_record = make_app()
    spec = {"id": "t", "name": "T", "steps": [{"id": "a", "title": "A"}], **change}
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"]


@pytest.mark.parametrize("throttle", [{"per_session": -1}, {"per_day": "2"}, {"quiet_hours": 10**9},
                                      {"per_session": 1.5}, {"every": 1}, "1"])
def test_a_hostile_throttle_is_a_field_error(client, throttle):
    app_record = make_app()
    owner = auth_headers(client.application, make_admin("owner"))
    answer = client.patch(f"/api/v1/apps/{app_record.id}", headers=owner, json={"throttle": throttle})
    assert answer.status_code == 422 and "throttle" in answer.get_json()["error"]["fields"]
