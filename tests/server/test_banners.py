"""Banners, the second experience type: authored and published like tours, decided by the same rules, shown until
the user closes one (on every device), and kept valid as tour files."""
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from server.schemas.tour_spec import TourSpecSchema
from server.services.tour_files import dump_tour_file, load_tour_file
from tests.factories import auth_headers, make_admin, make_app, make_tour, tour_spec

BANNER = {
    "id": "maintenance", "type": "banner", "name": "Maintenance", "text": "Down **Sunday** 02:00 UTC.",
    "match": {"url": "/app/*"}, "button": {"label": "Details", "url": "https://status.example.com/"},
    "translations": {"th": {"text": "ปิดปรับปรุง **วันอาทิตย์**", "button_label": "รายละเอียด"},
                     "ar": {"text": "صيانة يوم **الأحد**", "button_label": "التفاصيل"}},
}


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def create(client, editor, app_record, spec, publish=True):
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 201, answer.get_json()
    if publish:
        assert client.post(f"/api/v1/apps/{app_record.id}/tours/{spec['id']}/publish",
                           headers=editor).status_code == 200
    return answer.get_json()


def boot(client, app_record, user_id="ann", url="/app/home", locale=None, **extra):
    query = {"url": url, "user_id": user_id, **({"locale": locale} if locale else {}), **extra}
    answer = client.get("/api/v1/sdk/bootstrap", query_string=query, headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def send(client, app_record, user_id, kind, experience_id):
    event = {"id": str(uuid.uuid4()), "type": kind, "ts": datetime.now(UTC).isoformat(), "url": "/app/home",
             "tour_id": experience_id, "tour_version": 1}
    answer = client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": [event]},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202, answer.get_json()


def test_a_published_banner_is_in_bootstrap_on_its_pages_in_the_users_language(client, editor):
    app_record = make_app()
    make_tour(app_record, "welcome")
    created = create(client, editor, app_record, BANNER)
    assert created["type"] == "banner" and created["draft"]["position"] == "top"
    home = boot(client, app_record)
    assert [t["id"] for t in home["tours"]] == ["welcome"]  # banners never come as tours
    banner = home["experiences"][0]
    assert banner == {
        "id": "maintenance", "type": "banner", "version": 1, "name": "Maintenance", "locale": "en", "dir": "ltr",
        "html": "<p>Down <strong>Sunday</strong> 02:00 UTC.</p>", "position": "top", "style": "inline",
        "button": {"label": "Details", "url": "https://status.example.com/"}, "dismissible": True}
    arabic = boot(client, app_record, locale="ar-EG")["experiences"][0]
    assert (arabic["locale"], arabic["dir"], arabic["button"]["label"]) == ("ar", "rtl", "التفاصيل")
    assert "<strong>الأحد</strong>" in arabic["html"]
    assert boot(client, app_record, url="/billing")["experiences"] == []
    listed = client.get(f"/api/v1/apps/{app_record.id}/tours?type=banner", headers=editor).get_json()
    assert [e["id"] for e in listed] == ["maintenance"]
    assert [e["type"] for e in client.get(f"/api/v1/apps/{app_record.id}/tours", headers=editor).get_json()] == [
        "banner", "tour"]


def test_a_closed_banner_stays_closed_on_every_device_and_opted_out_users_get_none(client, editor):
    app_record = make_app()
    create(client, editor, app_record, BANNER)
    make_tour(app_record, "welcome")
    send(client, app_record, "ann", "experience_shown", "maintenance")
    assert boot(client, app_record)["experiences"]
    send(client, app_record, "ann", "tour_dismissed", "maintenance")  # a tour's event does not close a banner
    assert boot(client, app_record)["experiences"]
    send(client, app_record, "ann", "banner_dismissed", "welcome")  # nor a banner's event a tour
    assert boot(client, app_record)["tours"][0]["auto"] is True
    send(client, app_record, "ann", "banner_dismissed", "maintenance")
    assert boot(client, app_record)["experiences"] == []  # the user's other devices ask the server too
    assert boot(client, app_record, user_id="bob")["experiences"]
    why = client.get(f"/api/v1/apps/{app_record.id}/experiences/maintenance/why",
                     query_string={"user_id": "ann", "url": "/app/home"}, headers=editor).get_json()
    assert why["type"] == "banner" and why["reason"]["code"] == "dismissed" and why["sent"] is False
    shows = client.get(f"/api/v1/apps/{app_record.id}/experiences/maintenance/why",
                       query_string={"user_id": "bob", "url": "/app/home"}, headers=editor).get_json()
    assert shows["reason"] == {"code": "starts"} and shows["sent"] is True
    send(client, app_record, "bob", "experience_shown", "maintenance")
    send(client, app_record, "bob", "banner_clicked", "maintenance")
    stats = client.get(f"/api/v1/apps/{app_record.id}/analytics/banners", headers=editor).get_json()
    assert [(b["banner_id"], b["seen"], b["clicked"], b["dismissed"], b["click_rate"], b["dismissal_rate"])
            for b in stats] == [("maintenance", 2, 1, 1, 50.0, 50.0)]
    tours = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours", headers=editor).get_json()["tours"]
    assert [t["tour_id"] for t in tours] == ["welcome"]  # banners are not tours with funnels
    csv_text = client.get(f"/api/v1/apps/{app_record.id}/analytics/banners?format=csv", headers=editor)
    assert csv_text.mimetype == "text/csv" and "maintenance" in csv_text.get_data(as_text=True)
    assert client.put("/api/v1/sdk/users/bob/opt-out", json={"opted_out": True},
                      headers={"X-Waypost-Key": app_record.key}).status_code == 200
    assert boot(client, app_record, user_id="bob")["experiences"] == []


def test_a_banner_follows_its_audience_and_schedule(client, editor):
    app_record = make_app()
    now = datetime.now(UTC)
    create(client, editor, app_record, {**BANNER, "id": "trial-ends", "audience": {
        "all": [{"trait": "plan", "op": "equals", "value": "trial"}]}})
    create(client, editor, app_record, {**BANNER, "id": "next-week", "schedule": {
        "start": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "end": None, "timezone": "Asia/Bangkok"}})
    assert [b["id"] for b in boot(client, app_record, traits=json.dumps({"plan": "trial"}))["experiences"]] == [
        "trial-ends"]
    assert boot(client, app_record, user_id="pro", traits=json.dumps({"plan": "pro"}))["experiences"] == []


def test_the_text_is_sanitized_and_links_stay_safe(client, editor):
    app_record = make_app()
    create(client, editor, app_record, {**BANNER, "text": "<script>alert(1)</script>[x](javascript:alert(2)) "
                                                          "<img src=x onerror=alert(3)> *ok*", "translations": {}})
    html = boot(client, app_record)["experiences"][0]["html"]
    assert "<script" not in html and "<img" not in html and "href" not in html and "<em>ok</em>" in html
    assert "&lt;script&gt;" in html  # shown as the text it is


@pytest.mark.parametrize("change, field", [
    ({"button": {"label": "Go", "url": "javascript:alert(1)"}}, "button"),
    ({"button": {"label": "Go", "url": "//evil.example/"}}, "button"),
    ({"button": {"label": "Go", "url": "/\\evil.example"}}, "button"),
    ({"button": {"label": "Go", "url": "/%5Cevil.example"}}, "button"),
    ({"button": {"label": "Go", "url": "data:text/html,<script>alert(1)</script>"}}, "button"),
    ({"button": {"label": "Go", "url": "https://@evil.example"}}, "button"),
    ({"button": {"label": "Go", "url": "/a\tb"}}, "button"),
    ({"button": {"label": "Go", "url": "/x", "tour": "welcome"}}, "button"),
    ({"button": {"label": "Go"}}, "button"),
    ({"button": {"label": " ", "url": "/x"}}, "button"),
    ({"button": {"label": "x" * 61, "url": "/x"}}, "button"),
    ({"button": {"label": "Go", "tour": "../admin"}}, "button"),
    ({"button": {"label": "Go", "article": "<b>"}}, "button"),
    ({"button": "click me"}, "button"),
    ({"text": ""}, "text"), ({"text": "x" * 1001}, "text"), ({"text": 5}, "text"),
    ({"position": "middle"}, "position"), ({"style": "popup"}, "style"), ({"dismissible": "yes"}, "dismissible"),
    ({"type": "popup"}, "type"), ({"type": ["banner"]}, "type"), ({"type": None}, "type"),
    ({"translations": {"en": {"text": "again"}}}, "translations"),
    ({"translations": {"th": {"text": ""}}}, "translations"),
    ({"translations": {"../x": {"text": "y"}}}, "translations"),
    ({"steps": [{"id": "a", "title": "A"}]}, "steps"),
])
def test_hostile_banners_are_field_errors_and_store_nothing(client, editor, change, field):
    app_record = make_app()
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json={**BANNER, **change}, headers=editor)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/apps/{app_record.id}/tours", headers=editor).get_json() == []


def test_an_experience_keeps_its_type(client, editor):
    app_record = make_app()
    make_tour(app_record, "welcome")
    create(client, editor, app_record, BANNER, publish=False)
    to_tour = client.put(f"/api/v1/apps/{app_record.id}/tours/maintenance",
                         json={"id": "maintenance", "name": "M", "steps": [{"id": "a", "title": "A"}]}, headers=editor)
    assert to_tour.status_code == 422 and "type" in to_tour.get_json()["error"]["fields"]
    to_banner = client.put(f"/api/v1/apps/{app_record.id}/tours/welcome", json={**BANNER, "id": "welcome"},
                           headers=editor)
    assert to_banner.status_code == 422 and "type" in to_banner.get_json()["error"]["fields"]
    pushed = client.post(f"/api/v1/apps/{app_record.id}/tours/push", json={"tours": [{**BANNER, "id": "welcome"}],
                                                                           "dry_run": True}, headers=editor)
    assert pushed.status_code == 422 and "type" in pushed.get_json()["error"]["fields"]
    bad_filter = client.get(f"/api/v1/apps/{app_record.id}/tours?type=popup", headers=editor)
    assert bad_filter.status_code == 422 and "type" in bad_filter.get_json()["error"]["fields"]


def test_a_banner_file_validates_and_round_trips(tmp_path):
    path = tmp_path / "maintenance.yaml"
    path.write_text(yaml.safe_dump({**BANNER, "style": "overlay", "position": "bottom", "dismissible": False},
                                   allow_unicode=True))
    spec, problems = load_tour_file(path)
    assert problems == [] and spec["type"] == "banner" and spec["style"] == "overlay"
    again = tmp_path / "again.yaml"
    again.write_text(dump_tour_file(spec))
    assert load_tour_file(again) == (spec, [])
    assert "type: banner" in again.read_text() and "inline" not in again.read_text()
    path.write_text("id: maintenance\ntype: banner\nname: M\ntext: Hi\nbutton: {label: Go, url: 'javascript:x'}\n")
    _spec, problems = load_tour_file(path)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(5, "button.url")]


def test_a_tour_pulled_keeps_its_rule_audience_and_schedule(tmp_path):
    audience = {"any": [{"trait": "plan", "op": "in", "value": ["trial"]},
                        {"event": "custom:export", "op": "at_least", "count": 3, "within_days": 7}]}
    schedule = {"start": "2027-01-04T09:00", "end": None, "timezone": "Asia/Bangkok"}
    path = tmp_path / "ruled.yaml"
    path.write_text(dump_tour_file(TourSpecSchema().load(tour_spec("ruled", audience=audience, schedule=schedule))))
    spec, problems = load_tour_file(path)
    assert problems == [] and spec["audience"] == audience and spec["schedule"] == schedule
