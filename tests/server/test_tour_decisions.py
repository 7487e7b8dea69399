"""Why a user does or does not get a tour: the admin's answer comes from the decision bootstrap makes, on the same
compiled rule (page first, then audience), so the two cannot disagree."""
import pytest

from server.rules.eligibility import Subject, compile_targeting
from tests.factories import auth_headers, make_admin, make_app, make_tour


def test_a_rule_checks_the_page_first_then_each_audience_trait_and_says_which_failed():
    rule = compile_targeting({"url": "/app/*"}, {"traits": {"plan": ["trial", "pro"], "role": ["admin"]}})
    assert rule.check(Subject("/app/x", {"plan": "trial", "role": "admin"})) is None
    assert rule.check(Subject("/billing", {"plan": "free"})).as_dict() == {
        "rule": "page", "leaf": {"url": "/app/*"}, "value": "/billing"}
    assert rule.check(Subject("/app/x", {"plan": "free", "role": "admin"})).as_dict() == {
        "rule": "audience", "leaf": {"trait": "plan", "op": "in", "value": ["trial", "pro"]}, "value": "free"}
    assert rule.check(Subject("/app/x", {"plan": "pro"})).leaf["trait"] == "role"  # not set: None
    everyone = compile_targeting(None, None)
    assert everyone.check(Subject("/anything", {})) is None


@pytest.fixture
def viewer(app):
    return auth_headers(app, make_admin("viewer"))


def boot(client, app_record, user_id, url, traits=None):
    query = {"url": url, "user_id": user_id, **({"traits": traits} if traits else {})}
    return client.get("/api/v1/sdk/bootstrap", query_string=query, headers={"X-Waypost-Key": app_record.key})


def decisions(client, viewer, app_record, user_id, url):
    answer = client.get(f"/api/v1/apps/{app_record.id}/end-users/{user_id}/tours", headers=viewer,
                        query_string={"url": url})
    assert answer.status_code == 200, answer.get_json()
    return {d["tour_id"]: d for d in answer.get_json()}


def test_why_agrees_with_bootstrap_and_says_what_settles_it(client, viewer):
    app_record = make_app()
    make_tour(app_record, "welcome")  # /app/*, auto
    make_tour(app_record, "trial-tip", audience={"traits": {"plan": ["trial"]}})
    make_tour(app_record, "billing", match={"url": "/billing*"})
    make_tour(app_record, "manual", auto=False)
    make_tour(app_record, "draft", publish=False)
    sent = {t["id"]: t["auto"] for t in boot(client, app_record, "ann", "/app/home", '{"plan": "pro"}')
            .get_json()["tours"]}
    why = decisions(client, viewer, app_record, "ann", "https://app.example.com/app/home?x=1")
    assert "draft" not in why  # never served: drafts are not in the snapshot
    assert {t: d["auto"] for t, d in why.items() if d["sent"]} == sent  # the same decision as bootstrap's
    assert why["welcome"]["reason"] == {"code": "starts"}
    assert why["manual"]["reason"] == {"code": "manual"} and why["manual"]["sent"] is True
    assert why["billing"]["reason"] == {"code": "page", "rule": "page", "leaf": {"url": "/billing*"},
                                        "value": "/app/home"}
    assert why["trial-tip"]["reason"] == {"code": "audience", "rule": "audience",
                                          "leaf": {"trait": "plan", "op": "in", "value": ["trial"]}, "value": "pro"}

    assert client.put("/api/v1/sdk/users/ann/opt-out", json={"opted_out": True},
                      headers={"X-Waypost-Key": app_record.key}).status_code == 200
    opted = decisions(client, viewer, app_record, "ann", "/app/home")
    assert opted["welcome"]["reason"]["code"] == "opted_out" and opted["welcome"]["auto"] is False
    assert opted["welcome"]["reason"]["at"]


def test_why_for_an_unknown_user_is_404_and_a_hostile_page_is_a_field_error_or_just_a_page(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    assert client.get(f"/api/v1/apps/{app_record.id}/end-users/nobody/tours", headers=viewer).status_code == 404
    boot(client, app_record, "bob", "/app/x")
    long = client.get(f"/api/v1/apps/{app_record.id}/end-users/bob/tours", headers=viewer,
                      query_string={"url": "/" + "a" * 2048})
    assert long.status_code == 422 and "url" in long.get_json()["error"]["fields"]
    for page in ("javascript:alert(1)", "/app/<script>", "//evil.test/app/x", "/app/%00"):
        answer = client.get(f"/api/v1/apps/{app_record.id}/end-users/bob/tours", headers=viewer,
                            query_string={"url": page})
        assert answer.status_code == 200, page
    assert client.get(f"/api/v1/apps/{app_record.id}/end-users/bob/tours").status_code == 401
