"""Microsurveys: authored like any experience, shown until answered or closed, answers stored as events with the
survey's version, and results worked out by hand: NPS, CSAT, a rating, choices, the text, per locale, over time."""
import csv
import io
import uuid

import pytest

from server.rules.survey_answers import answer_problem
from server.services.tour_files import dump_tour_file, load_tour_file
from tests.factories import auth_headers, make_admin, make_app

NPS = {"id": "nps", "type": "survey", "name": "NPS", "match": {"url": "/app/*"},
       "question": {"kind": "nps", "text": "How likely are you to recommend us?", "low_label": "Not likely",
                    "high_label": "Very likely", "follow_up": "What is the main reason?"},
       "translations": {"ar": {"question": "ما مدى احتمال أن توصي بنا؟", "follow_up": "ما السبب الرئيسي؟"}}}


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def create(client, editor, app_record, spec):
    base = f"/api/v1/apps/{app_record.id}/tours"
    assert client.post(base, json=spec, headers=editor).status_code == 201
    assert client.post(f"{base}/{spec['id']}/publish", headers=editor).status_code == 200


def boot(client, app_record, user_id, locale=None, url="/app/home"):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": user_id, "url": url, **({"locale": locale} if locale else {})})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["experiences"]


def answer(client, app_record, user_id, survey_id, data, at="2026-11-02T10:00:00+00:00", kind="survey_answered"):
    event = {"id": str(uuid.uuid4()), "type": kind, "ts": at, "url": "/app/home", "tour_id": survey_id,
             "tour_version": 1, "data": data}
    return client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": [event]},
                       headers={"X-Waypost-Key": app_record.key})


def test_a_survey_is_served_in_the_users_language_until_answered_or_closed(client, editor):
    app_record = make_app()
    create(client, editor, app_record, NPS)
    served = boot(client, app_record, "ann", "ar")
    assert served == [{"id": "nps", "type": "survey", "version": 1, "name": "NPS", "locale": "ar", "dir": "rtl",
                       "question": {"kind": "nps", "text": "ما مدى احتمال أن توصي بنا؟", "low_label": "Not likely",
                                    "high_label": "Very likely", "follow_up": "ما السبب الرئيسي؟"},
                       "thanks": None, "trigger": {"on": "page"}}]
    assert answer(client, app_record, "ann", "nps", {"question": "nps", "score": 9, "version": 1}).status_code == 202
    assert boot(client, app_record, "ann") == []  # answered: on every device
    assert answer(client, app_record, "bob", "nps", None, kind="survey_dismissed").status_code == 202
    assert boot(client, app_record, "bob") == []
    assert [s["id"] for s in boot(client, app_record, "cat")] == ["nps"]
    assert boot(client, app_record, "cat", url="/billing") == []


def test_nps_results_worked_out_by_hand(client, editor, app):
    app_record = make_app()
    create(client, editor, app_record, NPS)
    # 10, 9 promoters; 8, 7 passives; 6, 0 detractors → NPS (2 − 2) / 6 = 0; dan answers twice: the later counts.
    # Weeks: 2 and 3 Nov (ann 10, bob 9, cat 8 → 66.7), 9 and 10 Nov (dan 7, eve 6, fay 0 → −66.7).
    for user, score, day, text, locale in (("ann", 10, 2, "Fast", "en"), ("bob", 9, 2, None, "en"),
                                           ("cat", 8, 3, None, "th"), ("dan", 2, 3, "Slow", "ar"),
                                           ("dan", 7, 9, "Better now", "ar"), ("eve", 6, 9, "Bugs", "th"),
                                           ("fay", 0, 10, "ไม่ชอบ", "th")):
        data = {"question": "nps", "score": score, "version": 1, "locale": locale, **({"text": text} if text else {})}
        assert answer(client, app_record, user, "nps", data, f"2026-11-{day:02d}T10:00:00+00:00").status_code == 202
    base = f"/api/v1/apps/{app_record.id}/analytics/surveys"
    results = client.get(f"{base}/nps?from=2026-11-01&to=2026-11-14", headers=editor).get_json()
    assert (results["responses"], results["nps"], results["promoters"], results["passives"], results["detractors"]) \
        == (6, 0.0, 2, 2, 2)
    assert [d["responses"] for d in results["distribution"]] == [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert [(p["period"], p["responses"], p["nps"]) for p in results["series"]] == [
        ("2026-10-26", 0, None), ("2026-11-02", 3, 66.7), ("2026-11-09", 3, -66.7)]
    assert [a["text"] for a in results["answers"]] == ["ไม่ชอบ", "Bugs", "Better now", "Fast"]
    assert results["locales"] == ["ar", "en", "th"]
    thai = client.get(f"{base}/nps?locale=th", headers=editor).get_json()
    assert (thai["responses"], thai["nps"], thai["detractors"]) == (3, -66.7, 2)
    summary = client.get(base, headers=editor).get_json()
    assert [(s["survey_id"], s["responses"], s["nps"]) for s in summary] == [("nps", 6, 0.0)]
    exported = client.get(f"{base}/nps?format=csv", headers=editor)
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0][:4] == ["at", "user_id", "score", "choice"] and len(rows) == 5
    for bad in ({"locale": "../x"}, {"interval": "year"}, {"format": "xml"}):
        refused = client.get(f"{base}/nps", query_string=bad, headers=editor)
        assert refused.status_code == 422 and refused.get_json()["error"]["fields"]
    assert client.get(f"{base}/nope", headers=editor).status_code == 404


def test_csat_rating_and_choice_results(client, editor):
    app_record = make_app()
    create(client, editor, app_record, {**NPS, "id": "csat", "translations": {},
                                        "question": {"kind": "csat", "text": "Happy?"}})
    create(client, editor, app_record, {**NPS, "id": "plan", "priority": 5,
                                        "translations": {"th": {"choices": {"pro": "โปร"}}},
                                        "question": {"kind": "choice", "text": "Which plan?", "choices": [
                                            {"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}]}})
    for user, score in (("a", 5), ("b", 4), ("c", 2)):
        assert answer(client, app_record, user, "csat", {"question": "csat", "score": score}).status_code == 202
    for user, choice in (("a", "pro"), ("b", "pro"), ("c", "free")):
        assert answer(client, app_record, user, "plan", {"question": "choice", "choice": choice}).status_code == 202
    base = f"/api/v1/apps/{app_record.id}/analytics/surveys"
    csat = client.get(f"{base}/csat", headers=editor).get_json()
    assert (csat["responses"], csat["csat"], csat["satisfied"]) == (3, 66.7, 2)
    plan = client.get(f"{base}/plan", headers=editor).get_json()
    assert [(d["value"], d["responses"]) for d in plan["distribution"]] == [("free", 1), ("pro", 2)]
    [thai] = boot(client, app_record, "new", "th")  # one survey per page: the higher priority
    assert thai["question"]["choices"] == [{"id": "free", "label": "Free"}, {"id": "pro", "label": "โปร"}]


@pytest.mark.parametrize("data, problem", [
    (None, "data is"), ("9", "mapping"), ({"score": 9}, "question is"), ({"question": "nps"}, "score from 0 to 10"),
    ({"question": "nps", "score": 11}, "0 to 10"), ({"question": "nps", "score": True}, "0 to 10"),
    ({"question": "nps", "score": 9.5}, "0 to 10"), ({"question": "csat", "score": 0}, "1 to 5"),
    ({"question": "choice"}, "names the option"), ({"question": "choice", "choice": "x" * 101}, "names the option"),
    ({"question": "text"}, "has text"), ({"question": "text", "text": "   "}, "has text"),
    ({"question": "nps", "score": 9, "text": "x" * 2001}, "2,000"), ({"question": "nps", "score": 9, "extra": 1}, "Unknown"),
    ({"question": "text", "text": "hi", "score": 3}, "no score"), ({"question": "nps", "score": 1, "version": 0}, "version"),
    ({"question": "nps", "score": 1, "locale": "x" * 36}, "locale"),
    ({"question": "nps", "score": 1, "choice": "a"}, "no choice"),
])
def test_hostile_answers_are_refused_with_the_whole_batch(client, editor, data, problem):
    app_record = make_app()
    refused = answer(client, app_record, "ann", "nps", data)
    assert refused.status_code == 422
    assert problem in str(refused.get_json()["error"]["fields"])
    assert isinstance(data, str) or problem in (answer_problem(data) or "")


@pytest.mark.parametrize("question, field", [
    ({"kind": "choice", "text": "Which?"}, "choices"),
    ({"kind": "choice", "text": "Which?", "choices": [{"id": "a", "label": "A"}]}, "choices"),
    ({"kind": "choice", "text": "Which?", "choices": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}, "choices"),
    ({"kind": "nps", "text": "x", "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}, "choices"),
    ({"kind": "text", "text": "Tell us", "low_label": "x"}, "_schema"),
    ({"kind": "text", "text": "Tell us", "follow_up": "And?"}, "follow_up"),
    ({"kind": "stars", "text": "x"}, "kind"), ({"kind": "nps", "text": ""}, "text"), ({"kind": "nps"}, "text"),
    ({"kind": "nps", "text": "<script>" * 50}, "text"),
])
def test_hostile_questions_are_field_errors(client, editor, question, field):
    app_record = make_app()
    refused = client.post(f"/api/v1/apps/{app_record.id}/tours", json={**NPS, "translations": {}, "question": question},
                          headers=editor)
    assert refused.status_code == 422
    assert field in refused.get_json()["error"]["fields"]["question"]


@pytest.mark.parametrize("trigger", [
    {"on": "event"}, {"on": "event", "event": "nonsense"}, {"on": "page", "event": "tour_completed"},
    {"on": "event", "event": "custom:x", "tour": "welcome"}, {"on": "hover"},
])
def test_bad_triggers_are_field_errors(client, editor, trigger):
    app_record = make_app()
    refused = client.post(f"/api/v1/apps/{app_record.id}/tours", json={**NPS, "trigger": trigger}, headers=editor)
    assert refused.status_code == 422 and "trigger" in refused.get_json()["error"]["fields"]


def test_a_survey_file_round_trips(tmp_path):
    import yaml

    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({**NPS, "id": "plan", "thanks": "Merci!", "question": {
        "kind": "choice", "text": "Which plan?", "choices": [{"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}],
        "follow_up": "Why?"}, "trigger": {"on": "event", "event": "tour_completed", "tour": "welcome"},
        "translations": {"th": {"choices": {"pro": "โปร"}}}}, allow_unicode=True))
    spec, problems = load_tour_file(path)
    assert problems == []
    again = tmp_path / "again.yaml"
    again.write_text(dump_tour_file(spec))
    assert load_tour_file(again) == (spec, [])
    path.write_text(yaml.safe_dump({**NPS, "translations": {"th": {"choices": {"gold": "ทอง"}}}}))
    assert "No choice with id 'gold'" in load_tour_file(path)[1][0].message


@pytest.mark.parametrize("event", ["article_voted", "support_requested", "tour_completed", "custom:exported"])
def test_a_survey_can_follow_a_vote_a_support_request_a_tour_or_the_hosts_event(client, editor, event):
    app_record = make_app()
    spec = {**NPS, "trigger": {"on": "event", "event": event}}
    assert client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor).status_code == 201
