"""Checklists: tasks done by a tour's completion, by the host's own event or by hand, kept per user on the server
(every device), a list that completes, that can be dismissed and opened again, and its results worked out by hand."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from server.services.tour_files import dump_tour_file, load_tour_file
from tests.factories import auth_headers, make_admin, make_app, make_tour

SETUP = {"id": "setup", "type": "checklist", "name": "Get set up", "match": {"url": "/app/*"},
         "tasks": [{"id": "tour", "title": "Take the tour", "action": {"tour": "welcome"}},
                   {"id": "invite", "title": "Invite a teammate", "description": "From **Settings**.",
                    "done_on": {"event": "custom:invited"}},
                   {"id": "read", "title": "Read about billing", "action": {"article": "billing"}}],
         "translations": {"th": {"name": "เริ่มต้นใช้งาน", "tasks": {"tour": {"title": "ดูทัวร์"}}}}}


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def create(client, editor, app_record, spec):
    base = f"/api/v1/apps/{app_record.id}/tours"
    assert client.post(base, json=spec, headers=editor).status_code == 201, spec
    assert client.post(f"{base}/{spec['id']}/publish", headers=editor).status_code == 200


def boot(client, app_record, user_id, locale=None):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": "/app/home", **({"locale": locale} if locale else {})})
    assert answer.status_code == 200, answer.get_json()
    return {e["id"]: e for e in answer.get_json()["experiences"]}


def send(client, app_record, user_id, *events, at=None):
    at = at or datetime.now(UTC)
    batch = [{"id": str(uuid.uuid4()), "type": kind, "ts": at.isoformat(), "url": "/app/home", **fields}
             for kind, fields in events]
    answer = client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": batch},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202, answer.get_json()


def test_tasks_are_done_by_a_tour_an_event_or_by_hand_and_kept_for_every_device(client, editor):
    app_record = make_app()
    make_tour(app_record, "welcome")
    create(client, editor, app_record, SETUP)
    first = boot(client, app_record, "ann", "th")["setup"]
    assert (first["name"], first["tasks"][0]["title"], first["tasks"][1]["title"]) == (
        "เริ่มต้นใช้งาน", "ดูทัวร์", "Invite a teammate")
    assert first["tasks"][1]["description_html"] == "<p>From <strong>Settings</strong>.</p>"
    assert first["tasks"][0]["done_on"] == {"tour": "welcome"} and first["tasks"][2]["done_on"] is None
    assert (first["done"], first["dismissed"], first["position"]) == ([], False, "bottom-start")
    send(client, app_record, "ann", ("tour_completed", {"tour_id": "welcome", "tour_version": 1}))
    send(client, app_record, "ann", ("custom:invited", {}), ("custom:other", {}))
    assert boot(client, app_record, "ann")["setup"]["done"] == ["invite", "tour"]  # another device asks the server
    send(client, app_record, "ann", ("checklist_task_completed", {"tour_id": "setup", "step_id": "nope"}))
    assert boot(client, app_record, "ann")["setup"]["done"] == ["invite", "tour"]  # an unknown task is ignored
    send(client, app_record, "ann", ("checklist_task_completed", {"tour_id": "setup", "step_id": "read"}))
    assert "setup" not in boot(client, app_record, "ann")  # all done: the list is complete
    assert boot(client, app_record, "bob")["setup"]["done"] == []


def test_a_dismissed_checklist_is_sent_without_its_launcher_and_opens_again(client, editor):
    app_record = make_app()
    create(client, editor, app_record, SETUP)
    send(client, app_record, "ann", ("experience_shown", {"tour_id": "setup"}),
         ("checklist_dismissed", {"tour_id": "setup"}))
    assert boot(client, app_record, "ann")["setup"]["dismissed"] is True
    send(client, app_record, "ann", ("experience_shown", {"tour_id": "setup"}))
    assert boot(client, app_record, "ann")["setup"]["dismissed"] is False
    assert client.put("/api/v1/sdk/users/ann/opt-out", json={"opted_out": True},
                      headers={"X-Waypost-Key": app_record.key}).status_code == 200
    assert boot(client, app_record, "ann") == {}


def test_results_worked_out_by_hand(client, editor):
    app_record = make_app()
    create(client, editor, app_record, SETUP)
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    # ann: all three in 2 hours; bob: two in 10 hours, then the third; cat: one task; dan: opened only; eve: dismissed
    for user, tasks, hours in (("ann", ["tour", "invite", "read"], 2), ("bob", ["tour", "read", "invite"], 10),
                               ("cat", ["invite"], 1), ("dan", [], 0), ("eve", [], 0)):
        send(client, app_record, user, ("experience_shown", {"tour_id": "setup"}), at=start)
        for index, task in enumerate(tasks):
            send(client, app_record, user, ("checklist_task_completed", {"tour_id": "setup", "step_id": task}),
                 at=start + timedelta(hours=hours * (index + 1) / len(tasks)))
    send(client, app_record, "eve", ("checklist_dismissed", {"tour_id": "setup"}), at=start + timedelta(hours=1))
    results = client.get(f"/api/v1/apps/{app_record.id}/analytics/checklists/setup", headers=editor).get_json()
    assert (results["opened"], results["users"], results["completed"], results["completion_rate"],
            results["median_hours_to_complete"], results["dismissed"]) == (5, 5, 2, 40.0, 6.0, 1)
    assert [(t["task_id"], t["done"], t["rate"]) for t in results["tasks"]] == [
        ("tour", 2, 40.0), ("invite", 3, 60.0), ("read", 2, 40.0)]
    assert [d["users"] for d in results["drop_off"]] == [2, 1, 0, 2]
    csv_answer = client.get(f"/api/v1/apps/{app_record.id}/analytics/checklists/setup?format=csv", headers=editor)
    assert csv_answer.mimetype == "text/csv" and "invite" in csv_answer.get_data(as_text=True)
    assert client.get(f"/api/v1/apps/{app_record.id}/analytics/checklists/nope", headers=editor).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"tasks": []}, "tasks"), ({"tasks": [{"id": "a", "title": "A"}] * 2}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A"}] + [{"id": f"t{i}", "title": "T"} for i in range(20)]}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A", "action": {"url": "javascript:alert(1)"}}]}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A", "action": {"url": "/x", "tour": "t"}}]}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A", "done_on": {"event": "tour_completed"}}]}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A", "done_on": {"event": "custom:x", "tour": "t"}}]}, "tasks"),
    ({"tasks": [{"id": "a", "title": " "}]}, "tasks"), ({"tasks": [{"id": "../a", "title": "A"}]}, "tasks"),
    ({"tasks": [{"id": "a", "title": "A", "description": "x" * 1001}]}, "tasks"),
    ({"position": "top"}, "position"), ({"translations": {"th": {"tasks": {"ghost": {"title": "x"}}}}}, "translations"),
])
def test_hostile_checklists_are_field_errors(client, editor, change, field):
    app_record = make_app()
    refused = client.post(f"/api/v1/apps/{app_record.id}/tours", json={**SETUP, **change}, headers=editor)
    assert refused.status_code == 422 and field in refused.get_json()["error"]["fields"]


def test_a_checklist_file_round_trips(tmp_path):
    path = tmp_path / "setup.yaml"
    path.write_text(yaml.safe_dump({**SETUP, "position": "bottom-end"}, allow_unicode=True))
    spec, problems = load_tour_file(path)
    assert problems == []
    again = tmp_path / "again.yaml"
    again.write_text(dump_tour_file(spec))
    assert load_tour_file(again) == (spec, []) and "done_on: {tour" not in again.read_text()
