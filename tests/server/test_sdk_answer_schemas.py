"""The SDK's answers are what the OpenAPI document says they are: every field documented, nothing else sent."""
import jsonschema_rs
import pytest

from server.extensions import db
from server.schemas.experience_spec import ExperienceSpecSchema
from server.services import tours
from server.services.kb import save_article
from tests.factories import make_app, make_tour


def _validator(client, name: str):
    document = client.get("/api/v1/openapi.json").get_json()
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{name}",
                                               "components": document["components"]})


def _problems(validator, answer) -> list[str]:
    return [f"{'/'.join(map(str, error.instance_path))}: {error.message}" for error in validator.iter_errors(answer)]


@pytest.fixture
def served(client):
    """An app with a translated tour (a modal, a tooltip, a step on another page), help articles and a user who
    has started the tour and one who opted out."""
    app_record = make_app(default_locale="en")
    make_tour(app_record, "welcome", steps=[
        {"id": "hello", "title": "Hello", "body": "**Welcome**"},
        {"id": "menu", "target": "#menu", "placement": "right-start", "title": "Menu", "body": "Here.",
         "advance_on": "click"},
        {"id": "later", "target": "#save", "title": "Save", "body": "There.", "url": "/app/settings"},
    ], translations={"ar": {"name": "أهلا", "steps": {"hello": {"title": "مرحبا", "body": "أهلا بك."}}}})
    for spec in ({"id": "notice", "type": "banner", "name": "Notice", "match": {"url": "/app/*"}, "text": "**Hi**",
                  "button": {"label": "Go", "tour": "welcome"}},
                 {"id": "nps", "type": "survey", "name": "NPS", "match": {"url": "/app/*"},
                  "question": {"kind": "nps", "text": "Recommend us?", "low_label": "No", "follow_up": "Why?"},
                  "trigger": {"on": "event", "event": "tour_completed", "tour": "welcome"}},
                 {"id": "setup", "type": "checklist", "name": "Set up", "match": {"url": "/app/*"},
                  "tasks": [{"id": "tour", "title": "Tour", "action": {"tour": "welcome"}},
                            {"id": "hand", "title": "By hand", "description": "*Do* it"}]},
                 {"id": "spots", "type": "hotspot", "name": "Spots", "match": {"url": "/app/*"},
                  "hotspots": [{"id": "a", "target": "#a", "title": "A", "body": "*a*"},
                               {"id": "b", "target": "#b", "title": "B", "tour": "welcome"}]},
                 {"id": "pick", "type": "survey", "name": "Pick", "match": {"url": "/app/*"},
                  "question": {"kind": "choice", "text": "Which?", "choices": [{"id": "a", "label": "A"},
                                                                              {"id": "b", "label": "B"}]}}):
        tours.publish(tours.create_tour(app_record, ExperienceSpecSchema().load(spec)), "test")
    for locale, title in (("en", "Reset your password"), ("ar", "إعادة تعيين كلمة المرور")):
        save_article(app_record, {"slug": "reset", "locale": locale, "title": title, "body": "Open *Settings*.",
                                  "faq_answer": "Settings." if locale == "en" else None, "status": "published",
                                  "pages": [{"url": "/app/*"}]})
    db.session.commit()
    headers = {"X-Waypost-Key": app_record.key}
    started = client.post("/api/v1/sdk/events", headers=headers, json={"user_id": "started", "events": [
        {"id": "6f1c1f7e-52a4-4a8e-9b36-0c1f3b1f0a01", "type": "step_viewed", "ts": "2026-11-25T10:00:00Z",
         "tour_id": "welcome", "tour_version": 1, "step_id": "menu", "url": "/app/projects"}]})
    assert started.status_code == 202, started.get_json()
    opted = client.put("/api/v1/sdk/users/gone/opt-out", headers=headers, json={"opted_out": True})
    assert opted.status_code == 200, opted.get_json()
    return headers


@pytest.mark.parametrize("user_id, locale, url", [
    ("new", "en", "/app/projects"),
    ("started", "ar", "/app/projects?tab=2"),
    ("started", "th", "/app/settings"),
    ("gone", None, "/elsewhere"),
])
def test_bootstrap_answers_match_the_documented_schema(client, served, user_id, locale, url):
    query = {"user_id": user_id, "url": url, **({"locale": locale} if locale else {})}
    answer = client.get("/api/v1/sdk/bootstrap", headers=served, query_string=query)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert _problems(_validator(client, "Bootstrap"), body) == []
    if url.startswith("/app"):  # the answer holds what the schema checks, not only empty lists
        assert body["tours"] and body["help"]["articles"]
        assert {e["type"] for e in body["experiences"]} == ({"banner", "survey", "checklist", "hotspot"} if user_id != "gone"
                                                            else set())


def test_a_tour_by_id_matches_the_documented_schema(client, served):
    answer = client.get("/api/v1/sdk/tours/welcome", headers=served,
                        query_string={"user_id": "started", "url": "/anywhere", "locale": "ar"})
    assert answer.status_code == 200, answer.get_json()
    assert _problems(_validator(client, "TourOut"), answer.get_json()) == []


def test_the_schema_refuses_what_was_not_documented(client, served):
    """The check is strict: an undocumented field or a missing one is a problem."""
    body = client.get("/api/v1/sdk/bootstrap", headers=served,
                      query_string={"user_id": "new", "url": "/app/projects"}).get_json()
    validator = _validator(client, "Bootstrap")
    assert _problems(validator, {**body, "surprise": 1})
    assert _problems(validator, {key: value for key, value in body.items() if key != "strings"})
    tour = body["tours"][0]
    assert _problems(validator, {**body, "tours": [{**tour, "steps": [{**tour["steps"][0], "extra": True}]}]})
    assert _problems(validator, {**body, "user": {"id": "new"}})
