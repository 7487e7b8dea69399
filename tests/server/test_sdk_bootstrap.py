"""GET /api/v1/sdk/bootstrap: targeting, auto rules, opt-out, locale, ETag, identity, CORS."""
import json

from flask import g

from server.extensions import db
from server.models import EndUser
from tests.factories import HOST, make_app, make_tour, user_token


def boot(client, app_record, user_id="u1", url="/app/projects", **params):
    headers = params.pop("headers", {})
    query = {"url": url, "user_id": user_id, **params}
    return client.get("/api/v1/sdk/bootstrap", query_string=query,
                      headers={"X-Waypost-Key": app_record.key, **headers})


def tour_ids(response):
    return [t["id"] for t in response.get_json()["tours"]]


def test_bootstrap_serves_matching_published_tours_with_sanitized_html(client):
    app_record = make_app()
    make_tour(app_record, "welcome", steps=[
        {"id": "a", "title": "Hi <b>x</b>", "body": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"}])
    make_tour(app_record, "elsewhere", match={"url": "/billing*"})
    make_tour(app_record, "unpublished", publish=False)
    response = boot(client, app_record)
    assert response.status_code == 200
    body = response.get_json()
    assert tour_ids(response) == ["welcome"]
    step = body["tours"][0]["steps"][0]
    assert step["title"] == "Hi <b>x</b>"  # a text field: the SDK inserts it as text, never HTML
    assert "<strong>bold</strong>" in step["body_html"]
    assert "<script" not in step["body_html"] and "href" not in step["body_html"]
    assert "&lt;script&gt;" in step["body_html"]  # shown as text, not run
    assert body["tours"][0]["version"] == 1 and body["tours"][0]["auto"] is True
    assert body["user"] == {"id": "u1", "opted_out": False}
    assert body["strings"]["next"] == "Next" and body["dir"] == "ltr"


def test_regex_rules_and_audience_traits(client):
    app_record = make_app()
    make_tour(app_record, "by-regex", match={"regex": r"^/reports/\d+$"})
    make_tour(app_record, "trial-only", match=None, audience={"traits": {"plan": ["trial"]}})
    assert tour_ids(boot(client, app_record, url="/reports/42")) == ["by-regex"]
    assert tour_ids(boot(client, app_record, url="/reports/x")) == []
    trial = boot(client, app_record, url="/x", traits=json.dumps({"plan": "trial"}))
    assert tour_ids(trial) == ["trial-only"]
    assert tour_ids(boot(client, app_record, url="/x", traits=json.dumps({"plan": "pro"}))) == []


def test_full_urls_match_on_their_path(client):
    app_record = make_app()
    make_tour(app_record, "welcome")
    assert tour_ids(boot(client, app_record, url="https://host.example/app/x?y=1#z")) == ["welcome"]


def _post_events(client, app_record, user_id, *types):
    from tests.conftest import new_uuid

    events = [{"id": new_uuid(), "type": t, "ts": f"2026-11-25T10:00:0{i}Z", "url": "/app/x",
               "tour_id": "welcome", "tour_version": 1} for i, t in enumerate(types)]
    return client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": events},
                       headers={"X-Waypost-Key": app_record.key})


def test_completed_or_dismissed_auto_tours_do_not_start_again(client):
    app_record = make_app()
    make_tour(app_record, "welcome")
    assert _post_events(client, app_record, "done", "tour_started", "tour_completed").status_code == 202
    assert _post_events(client, app_record, "gone", "tour_started", "tour_dismissed").status_code == 202
    for user in ("done", "gone"):
        tours = boot(client, app_record, user_id=user).get_json()["tours"]
        assert [(t["id"], t["auto"]) for t in tours] == [("welcome", False)]  # still startable by hand
    assert boot(client, app_record, user_id="fresh").get_json()["tours"][0]["auto"] is True


def test_in_progress_tour_is_served_on_other_pages_with_its_progress(client):
    app_record = make_app()
    make_tour(app_record, "welcome")
    from tests.conftest import new_uuid

    client.post("/api/v1/sdk/events", headers={"X-Waypost-Key": app_record.key}, json={"user_id": "u", "events": [
        {"id": new_uuid(), "type": "tour_started", "ts": "2026-11-25T10:00:00Z", "tour_id": "welcome"},
        {"id": new_uuid(), "type": "step_viewed", "ts": "2026-11-25T10:00:01Z", "tour_id": "welcome",
         "step_id": "button", "tour_version": 1}]})
    tours = boot(client, app_record, user_id="u", url="/settings").get_json()["tours"]
    assert tours[0]["id"] == "welcome"
    assert tours[0]["progress"] == {"status": "in_progress", "step_id": "button", "version": 1}
    # not one of its pages: the SDK keeps its steps without a url for the pages it matches
    assert tours[0]["on_page"] is False
    assert boot(client, app_record, user_id="u").get_json()["tours"][0]["on_page"] is True


def test_opted_out_users_get_no_auto_tour_but_can_opt_back_in(client):
    app_record = make_app()
    make_tour(app_record, "welcome")
    response = client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": True},
                          headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 200 and response.get_json() == {"opted_out": True, "tour_id": None}
    body = boot(client, app_record).get_json()
    assert body["user"]["opted_out"] is True
    assert [(t["id"], t["auto"]) for t in body["tours"]] == [("welcome", False)]
    client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": False}, headers={"X-Waypost-Key": app_record.key})
    assert boot(client, app_record).get_json()["tours"][0]["auto"] is True


def test_opting_out_of_one_tour_dismisses_only_that_tour(client):
    app_record = make_app()
    make_tour(app_record, "welcome")
    make_tour(app_record, "other")
    response = client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": True, "tour_id": "welcome"},
                          headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 200
    tours = {t["id"]: t["auto"] for t in boot(client, app_record).get_json()["tours"]}
    assert tours == {"welcome": False, "other": True}
    missing = client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": True, "tour_id": "nope"},
                         headers={"X-Waypost-Key": app_record.key})
    assert missing.status_code == 404


def test_translations_locale_fallback_and_rtl(client):
    app_record = make_app()
    make_tour(app_record, "welcome", translations={
        "ar": {"name": "مرحبا", "steps": {"hello": {"title": "أهلاً"}}},
        "th": {"steps": {"hello": {"title": "สวัสดี", "body": "ยินดีต้อนรับ"}}},
    })
    ar = boot(client, app_record, locale="ar").get_json()
    assert ar["dir"] == "rtl" and ar["strings"]["next"] == "التالي"
    assert ar["tours"][0]["name"] == "مرحبا" and ar["tours"][0]["dir"] == "rtl"
    assert ar["tours"][0]["steps"][0]["title"] == "أهلاً"
    assert ar["tours"][0]["steps"][1]["title"] == "Create"  # untranslated step falls back
    th = boot(client, app_record, locale="th-TH").get_json()
    assert th["tours"][0]["steps"][0]["body_html"] == "<p>ยินดีต้อนรับ</p>"
    de = boot(client, app_record, locale="de").get_json()
    assert de["tours"][0]["steps"][0]["title"] == "Hello" and de["strings"]["next"] == "Next"


def test_etag_gives_304_until_something_changes(client):
    app_record = make_app()
    first = boot(client, app_record)
    etag = first.headers["ETag"]
    assert boot(client, app_record, headers={"If-None-Match": etag}).status_code == 304
    make_tour(app_record, "welcome")
    changed = boot(client, app_record, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and tour_ids(changed) == ["welcome"]


def test_traits_are_stored_and_merged(client):
    app_record = make_app()
    boot(client, app_record, traits=json.dumps({"plan": "trial"}))
    boot(client, app_record, traits=json.dumps({"seats": 3}))
    user = db.session.query(EndUser).filter_by(app_id=app_record.id, external_id="u1").one()
    assert user.traits == {"plan": "trial", "seats": 3}


def test_bad_input_gets_field_errors(client):
    app_record = make_app()
    response = boot(client, app_record, traits="{not json")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"traits": ["Not valid JSON."]}
    missing = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key})
    assert missing.status_code == 422 and "user_id" in missing.get_json()["error"]["fields"]
    long_id = boot(client, app_record, user_id="x" * 256)
    assert long_id.status_code == 422 and "user_id" in long_id.get_json()["error"]["fields"]


def test_unknown_or_missing_key_is_401(client):
    response = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_app_key"


def test_identity_verification(client):
    app_record = make_app(require_identity=True)
    assert boot(client, app_record).get_json()["error"]["code"] == "identity_required"
    good = boot(client, app_record, user_token=user_token(app_record, "u1"))
    assert good.status_code == 200 and good.get_json()["user"]["id"] == "u1"
    wrong_user = boot(client, app_record, user_token=user_token(app_record, "someone-else"))
    assert wrong_user.status_code == 401 and wrong_user.get_json()["error"]["code"] == "identity_mismatch"
    expired = boot(client, app_record, user_token=user_token(app_record, "u1", expires_in=-10))
    assert expired.get_json()["error"]["code"] == "identity_expired"
    forged = boot(client, app_record, user_token=user_token(app_record, "u1", secret="not-the-app-secret" * 3))
    assert forged.get_json()["error"]["code"] == "identity_invalid"


def test_cors_only_for_the_apps_own_origins(client):
    app_record = make_app(origins=[HOST])
    make_app(origins=["https://other.example"])
    ok = boot(client, app_record, headers={"Origin": HOST})
    assert ok.status_code == 200 and ok.headers["Access-Control-Allow-Origin"] == HOST
    foreign = boot(client, app_record, headers={"Origin": "https://other.example"})
    assert foreign.status_code == 403 and "Access-Control-Allow-Origin" not in foreign.headers
    assert foreign.get_json()["error"]["code"] == "origin_not_allowed"
    preflight = client.options("/api/v1/sdk/bootstrap", headers={
        "Origin": HOST, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-waypost-key"})
    assert preflight.headers["Access-Control-Allow-Origin"] == HOST
    assert "X-Waypost-Key" in preflight.headers["Access-Control-Allow-Headers"]
    stranger = client.options("/api/v1/sdk/bootstrap", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in stranger.headers


def test_start_by_hand_fetches_a_tour_on_any_page(client):
    app_record = make_app()
    make_tour(app_record, "billing-tour", match={"url": "/billing"})
    response = client.get("/api/v1/sdk/tours/billing-tour", query_string={"user_id": "u1"},
                          headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 200 and response.get_json()["steps"][0]["id"] == "hello"
    missing = client.get("/api/v1/sdk/tours/nope", query_string={"user_id": "u1"},
                         headers={"X-Waypost-Key": app_record.key})
    assert missing.status_code == 404


def test_over_long_urls_are_field_errors(client):
    app_record = make_app()
    response = boot(client, app_record, url="/" + "a" * 2048)
    assert response.status_code == 422 and "url" in response.get_json()["error"]["fields"]


def test_sdk_rate_limit_answers_429_with_retry_after(client, app):
    app.config["WAYPOST_SDK_RATE_LIMIT"] = "3 per minute"
    app_record, other = make_app(), make_app()
    statuses = [boot(client, app_record).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    g.pop("waypost_app", None)  # the test's app context outlives each request; in production `g` is per request
    limited = boot(client, app_record, headers={"Origin": HOST})
    assert limited.get_json()["error"]["code"] == "too_many_requests" and int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["message"].startswith("Too many requests: at most 3 per 1 minute.")
    assert limited.headers["Access-Control-Allow-Origin"] == HOST  # so the page can read it
    assert "Access-Control-Allow-Origin" not in boot(client, app_record, headers={"Origin": "https://evil.example"}).headers
    assert boot(client, other).status_code == 200  # another app's key has its own budget


def test_a_refused_character_in_the_key_is_a_400_with_or_without_an_origin(client):
    for headers in ({}, {"Origin": HOST}):
        g.pop("waypost_app", None)
        refused = client.get("/api/v1/sdk/bootstrap?user_id=u1&key=%00", headers=headers)
        assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_characters"


def test_the_sdk_rate_limit_is_one_budget_across_routes(client, app):
    app.config["WAYPOST_SDK_RATE_LIMIT"] = "3 per minute"
    app_record = make_app()
    headers = {"X-Waypost-Key": app_record.key}
    assert boot(client, app_record).status_code == 200
    assert client.get("/api/v1/sdk/kb/search", query_string={"q": "x"}, headers=headers).status_code == 200
    assert client.put("/api/v1/sdk/users/u1/opt-out", json={"opted_out": True}, headers=headers).status_code == 200
    assert client.get("/api/v1/sdk/tours/x", query_string={"user_id": "u1"}, headers=headers).status_code == 429


def test_every_shipped_locale_translates_every_ui_string():
    from server.rules.i18n import STRINGS

    for locale, strings in STRINGS.items():
        assert set(strings) == set(STRINGS["en"]), locale
        if locale != "en":
            assert strings["next"] != STRINGS["en"]["next"] and strings["send"] != STRINGS["en"]["send"], locale


def test_a_locale_longer_than_any_language_tag_is_refused(client):
    app_record = make_app()
    answer = client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u1", "locale": "en-" + "-".join(["abcdefgh"] * 4)},
                        headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 422 and "locale" in str(answer.get_json()["error"])
