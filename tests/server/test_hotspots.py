"""Hotspots: beacons on elements, each a tip or a tour; opened ones are kept per user (every device), the set is done
once all are opened, and hostile selectors, texts and tours are refused."""
import uuid
from datetime import UTC, datetime

import pytest
import yaml

from server.services.tour_files import dump_tour_file, load_tour_file
from tests.factories import auth_headers, make_admin, make_app

SPOTS = {"id": "tips", "type": "hotspot", "name": "Tips", "match": {"url": "/app/*"},
         "hotspots": [{"id": "search", "target": "#search", "title": "Search", "body": "Press **/** to search."},
                      {"id": "reports", "target": "[data-waypost-id=reports]", "corner": "bottom-start",
                       "title": "Reports", "tour": "reports-tour"}],
         "translations": {"th": {"hotspots": {"search": {"title": "ค้นหา", "body": "กด **/** เพื่อค้นหา"}}}}}


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def boot(client, app_record, user_id, locale=None):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": "/app/x", **({"locale": locale} if locale else {})})
    assert answer.status_code == 200
    return answer.get_json()["experiences"]


def opened(client, app_record, user_id, spot_id):
    event = {"id": str(uuid.uuid4()), "type": "hotspot_opened", "ts": datetime.now(UTC).isoformat(), "url": "/app/x",
             "tour_id": "tips", "tour_version": 1, "step_id": spot_id}
    assert client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": [event]},
                       headers={"X-Waypost-Key": app_record.key}).status_code == 202


def test_hotspots_are_served_translated_and_each_opened_one_is_kept(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/tours"
    assert client.post(base, json=SPOTS, headers=editor).status_code == 201
    assert client.post(f"{base}/tips/publish", headers=editor).status_code == 200
    [served] = boot(client, app_record, "ann", "th")
    assert served["hotspots"][0] == {"id": "search", "target": "#search", "corner": "top-end", "title": "ค้นหา",
                                     "body_html": "<p>กด <strong>/</strong> เพื่อค้นหา</p>"}
    assert served["hotspots"][1]["tour"] == "reports-tour" and served["done"] == []
    opened(client, app_record, "ann", "search")
    assert boot(client, app_record, "ann")[0]["done"] == ["search"]
    opened(client, app_record, "ann", "reports")
    assert boot(client, app_record, "ann") == []  # all opened: the set is done
    results = client.get(f"/api/v1/apps/{app_record.id}/analytics/hotspots/tips", headers=editor).get_json()
    assert (results["users"], results["completed"], [t["done"] for t in results["tasks"]]) == (1, 1, [1, 1])


@pytest.mark.parametrize("change, field", [
    ({"hotspots": []}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "#a", "title": "A"}] * 2}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "div:contains(x)", "title": "A"}]}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "a::before", "title": "A"}]}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "#a", "title": "A", "corner": "middle"}]}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "#a", "title": "A", "tour": "../x"}]}, "hotspots"),
    ({"hotspots": [{"id": "a", "target": "#a", "title": ""}]}, "hotspots"),
    ({"hotspots": [{"id": "a", "title": "A"}]}, "hotspots"),
    ({"translations": {"th": {"hotspots": {"ghost": {"title": "x"}}}}}, "translations"),
])
def test_hostile_hotspots_are_field_errors(client, editor, change, field):
    app_record = make_app()
    refused = client.post(f"/api/v1/apps/{app_record.id}/tours", json={**SPOTS, **change}, headers=editor)
    assert refused.status_code == 422 and field in refused.get_json()["error"]["fields"]


def test_script_in_a_tip_is_text_and_a_hotspot_file_round_trips(client, editor, tmp_path):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/tours"
    spec = {**SPOTS, "translations": {}, "hotspots": [{"id": "a", "target": "#a", "title": "<b>A</b>",
                                                        "body": "<img src=x onerror=alert(1)>ok"}]}
    assert client.post(base, json=spec, headers=editor).status_code == 201
    assert client.post(f"{base}/tips/publish", headers=editor).status_code == 200
    spot = boot(client, app_record, "bob")[0]["hotspots"][0]
    assert spot["title"] == "<b>A</b>" and "<img" not in spot["body_html"]  # the SDK sets the title as text
    path = tmp_path / "tips.yaml"
    path.write_text(yaml.safe_dump(SPOTS, allow_unicode=True))
    loaded, problems = load_tour_file(path)
    assert problems == []
    again = tmp_path / "again.yaml"
    again.write_text(dump_tour_file(loaded))
    assert load_tour_file(again) == (loaded, [])
