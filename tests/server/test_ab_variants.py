"""A/B: an experience's variant is shown to its share of users (the same users on every device and on start(id)),
the goal is compared between the two versions from stored events, and a variant changes only what is shown."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import auth_headers, make_admin, make_app, make_tour

VARIANT = {"percent": 40, "steps": [{"id": "hello", "title": "Hello from B"}]}


def boot(client, app_record, user_id):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": "/app/home"})
    assert answer.status_code == 200
    return answer.get_json()


def send(client, app_record, user_id, kind, at, **fields):
    answer = client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={
        "user_id": user_id, "events": [{"id": str(uuid.uuid4()), "type": kind, "ts": at.isoformat(), **fields}]})
    assert answer.status_code == 202, answer.get_json()


def test_a_stable_share_of_users_sees_version_b(client):
    app_record = make_app()
    make_tour(app_record, "tip", variant=VARIANT)
    seen = {}
    for n in range(300):
        [tour] = boot(client, app_record, f"u{n}")["tours"]
        seen[f"u{n}"] = tour["variant"]
        assert tour["steps"][0]["title"] == ("Hello from B" if tour["variant"] == "b" else "Hello")
    b = [user for user, variant in seen.items() if variant == "b"]
    assert 90 <= len(b) <= 150  # 40% of 300, give or take what chance allows
    for user in b[:5] + [u for u in seen if seen[u] == "a"][:5]:  # the same answer again, and through start(id)
        assert boot(client, app_record, user)["tours"][0]["variant"] == seen[user]
        by_id = client.get("/api/v1/sdk/tours/tip", headers={"X-Waypost-Key": app_record.key},
                           query_string={"user_id": user})
        assert by_id.get_json()["variant"] == seen[user]


def test_the_goal_compared_between_the_two_versions(client):
    app_record = make_app()
    make_tour(app_record, "tip", variant=VARIANT, goal={"event": "custom:exported", "within_days": 7})
    start = datetime.now(UTC) - timedelta(days=3)
    groups = {"a": [], "b": []}
    for n in range(120):
        user = f"v{n}"
        groups[boot(client, app_record, user)["tours"][0]["variant"]].append(user)
        send(client, app_record, user, "tour_started", start, tour_id="tip", tour_version=1)
    reach = {"a": groups["a"][: len(groups["a"]) // 4], "b": groups["b"][: len(groups["b"]) // 2]}
    for users in reach.values():
        for user in users:
            send(client, app_record, user, "custom:exported", start + timedelta(days=1))
    viewer = auth_headers(client.application, make_admin("viewer"))
    result = client.get(f"/api/v1/apps/{app_record.id}/analytics/experiences/tip/goal", headers=viewer).get_json()
    variants = result["variants"]
    assert variants["percent_b"] == 40
    for name in ("a", "b"):
        assert (variants[name]["users"], variants[name]["converted"]) == (len(groups[name]), len(reach[name]))
    rate_a, rate_b = len(reach["a"]) / len(groups["a"]), len(reach["b"]) / len(groups["b"])
    assert variants["difference"] == round(100 * (rate_b - rate_a), 1)
    assert variants["ci_low"] < variants["difference"] < variants["ci_high"]


@pytest.mark.parametrize("variant, field", [
    ({"percent": 0, "steps": VARIANT["steps"]}, "percent"), ({"percent": 100, "steps": VARIANT["steps"]}, "percent"),
    ({"percent": "40", "steps": VARIANT["steps"]}, "percent"), ({"percent": True, "steps": VARIANT["steps"]}, "percent"),
    ({"percent": 40}, "_schema"), ({"percent": 40, "audience": None, "steps": VARIANT["steps"]}, "audience"),
    ({"percent": 40, "goal": {"event": "custom:x", "within_days": 1}, "name": "B"}, "goal"),
    ({"percent": 40, "steps": [{"id": "x", "title": "<script>"}], "translations": {"th": {"steps": {"y": {}}}}},
     "translations"),
    ({"percent": 40, "steps": [{"id": "x", "title": "T", "target": "a["}]}, "steps"), ("b", None), ([], None),
])
def test_hostile_variants_are_field_errors(client, variant, field):
    app_record = make_app()
    editor = auth_headers(client.application, make_admin("editor"))
    spec = {"id": "t", "name": "T", "steps": [{"id": "a", "title": "A"}], "variant": variant}
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 422, answer.get_json()
    fields = answer.get_json()["error"]["fields"]
    assert "variant" in fields and (field is None or field in fields["variant"]), fields
