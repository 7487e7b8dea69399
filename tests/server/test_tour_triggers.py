"""Tours that start later on their pages (an event, an element appearing or clicked, a delay): what bootstrap
arms, how the page's one auto-start, the throttle and frequencies treat them, the why, and hostile triggers."""
from datetime import timedelta

import pytest

from tests.factories import auth_headers, make_admin, make_app, make_tour
from tests.server.test_frequency_throttle import boot, editor, send, shown_and_completed, why  # noqa: F401

TRIGGERS = [{"on": "event", "event": "custom:exported"}, {"on": "event", "event": "tour_completed", "tour": "intro"},
            {"on": "event", "event": "article_voted"}, {"on": "element", "selector": "#chart canvas"},
            {"on": "click", "selector": "[data-testid='reports']"}, {"on": "delay", "seconds": 2.5}]


def armed(answer):
    return [e for e in answer["experiences"] if e["type"] == "tour"]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_triggered_tour_is_sent_to_start_by_hand_and_armed_with_its_trigger(client, editor, trigger):
    app_record = make_app()
    make_tour(app_record, "later", trigger=trigger)
    answer = boot(client, app_record)
    assert [(t["id"], t["auto"]) for t in answer["tours"]] == [("later", False)]  # never with the page
    assert armed(answer) == [{"id": "later", "type": "tour", "version": 1, "trigger": trigger}]
    assert why(client, editor, app_record, "later") == {"code": "starts", "trigger": trigger}
    assert armed(boot(client, app_record, url="/elsewhere")) == []  # only on its pages


def test_a_page_trigger_is_the_page_and_a_manual_tour_is_never_armed(client):
    app_record = make_app()
    make_tour(app_record, "with-page", trigger={"on": "page"})
    make_tour(app_record, "by-hand", auto=False, match={"url": "/app/*"})
    answer = boot(client, app_record)
    assert {t["id"]: t["auto"] for t in answer["tours"]} == {"with-page": True, "by-hand": False}
    assert armed(answer) == []


def test_it_does_not_take_the_pages_one_auto_start_but_the_throttle_holds_it(client, editor):
    app_record = make_app()
    make_tour(app_record, "a-page")
    make_tour(app_record, "b-later", priority=100, trigger={"on": "delay", "seconds": 5})
    answer = boot(client, app_record)
    assert {t["id"]: t["auto"] for t in answer["tours"]} == {"a-page": True, "b-later": False}
    assert [e["id"] for e in armed(answer)] == ["b-later"]
    owner = auth_headers(client.application, make_admin("owner"))
    assert client.patch(f"/api/v1/apps/{app_record.id}", headers=owner,
                        json={"throttle": {"per_session": 1}}).status_code == 200
    shown_and_completed(client, app_record, "a-page", ago=timedelta(minutes=5))
    assert armed(boot(client, app_record)) == []
    assert why(client, editor, app_record, "b-later") == {"code": "throttled", "why": "session", "limit": 1,
                                                          "shown": 1}


def test_done_it_is_not_armed_again_unless_its_frequency_repeats_it(client, editor):
    app_record = make_app()
    make_tour(app_record, "once", trigger={"on": "event", "event": "custom:go"})
    make_tour(app_record, "again", trigger={"on": "event", "event": "custom:go"}, frequency={"show": "every_visit"})
    shown_and_completed(client, app_record, "once")
    shown_and_completed(client, app_record, "again")
    assert armed(boot(client, app_record)) == [{"id": "again", "type": "tour", "version": 1,
                                                "trigger": {"on": "event", "event": "custom:go"}, "repeat": True}]
    assert why(client, editor, app_record, "once")["code"] == "completed"


def test_opted_out_users_get_no_armed_tour(client):
    app_record = make_app()
    make_tour(app_record, "later", trigger={"on": "click", "selector": "#x"})
    answer = client.put("/api/v1/sdk/users/ann/opt-out", json={"opted_out": True},
                        headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 200, answer.get_json()
    assert armed(boot(client, app_record)) == []


def test_the_trigger_is_in_the_published_version_files_and_pull(client, editor, tmp_path):
    app_record = make_app()
    spec = {"id": "t", "name": "T", "auto": True, "trigger": {"on": "click", "selector": "#go"},
            "steps": [{"id": "a", "title": "A"}]}
    created = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["draft"]["trigger"] == {"on": "click", "selector": "#go"}


HOSTILE = [
    ({"on": "click"}, "selector"), ({"on": "element", "selector": "a["}, "selector"),
    ({"on": "element", "selector": "p:contains(x)"}, "selector"), ({"on": "click", "selector": "x" * 1001}, "selector"),
    ({"on": "delay"}, "seconds"), ({"on": "delay", "seconds": 0}, "seconds"), ({"on": "delay", "seconds": 10**6}, "seconds"),
    ({"on": "delay", "seconds": "5"}, "seconds"), ({"on": "delay", "seconds": float("nan")}, None),
    ({"on": "event"}, "event"), ({"on": "event", "event": "custom:"}, "event"),
    ({"on": "event", "event": "experience_held_out"}, "event"), ({"on": "event", "event": "custom:x\u0000"}, "event"),
    ({"on": "event", "event": "custom:x", "tour": "intro"}, "tour"),
    ({"on": "event", "event": "tour_completed", "tour": "../x"}, "tour"),
    ({"on": "click", "selector": "#a", "seconds": 3}, "seconds"), ({"on": "page", "event": "custom:x"}, "event"),
    ({"on": "hover", "selector": "#a"}, "on"), ({}, "on"), ("click", None), ([], None),
    ({"on": "delay", "seconds": 3, "extra": 1}, "extra"),
]


@pytest.mark.parametrize("trigger, field", HOSTILE)
def test_hostile_triggers_are_field_errors(client, editor, trigger, field):
    app_record = make_app()
    spec = {"id": "t", "name": "T", "auto": True, "trigger": trigger, "steps": [{"id": "a", "title": "A"}]}
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code in (400, 422), answer.get_json()
    error = answer.get_json()["error"]
    if answer.status_code == 422:
        assert "trigger" in error["fields"]
        if field:
            assert field in error["fields"]["trigger"], error["fields"]


def test_a_trigger_without_auto_says_so(client, editor):
    app_record = make_app()
    spec = {"id": "t", "name": "T", "auto": False, "trigger": {"on": "delay", "seconds": 1},
            "steps": [{"id": "a", "title": "A"}]}
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 422
    assert "auto: true" in str(answer.get_json()["error"]["fields"]["trigger"])
