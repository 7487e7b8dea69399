"""Admin analytics, end-user timelines and the support inbox, from events posted through the SDK API."""
import pytest

from server.extensions import db
from server.models import EndUser, utcnow
from server.services.kb import save_article
from server.services.kb_activity import log_search
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, make_tour


@pytest.fixture
def viewer(app):
    return auth_headers(app, make_admin("viewer"))


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def send(client, app_record, user_id, *events):
    """Posts events as the SDK does; each is (type, ts, extra fields)."""
    batch = [{"id": new_uuid(), "type": kind, "ts": ts, "url": "/app/x", **extra} for kind, ts, extra in events]
    response = client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": batch},
                           headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 202, response.get_json()


def tour_event(kind, step=None, ts="2026-11-20T10:00:00Z", tour="welcome"):
    return kind, ts, {"tour_id": tour, "tour_version": 1, "step_id": step}


def three_users_through_welcome(client, app_record, ts="2026-11-20T10:00:00Z"):
    """u1 completes; u2 dismisses after the first step; u3 reaches the second step, whose target is missing."""
    send(client, app_record, "u1", tour_event("tour_started", ts=ts), tour_event("step_viewed", "hello", ts),
         tour_event("step_viewed", "hello", ts), tour_event("step_viewed", "button", ts),
         tour_event("tour_completed", ts=ts))
    send(client, app_record, "u2", tour_event("tour_started", ts=ts), tour_event("step_viewed", "hello", ts),
         tour_event("tour_dismissed", ts=ts))
    send(client, app_record, "u3", tour_event("tour_started", ts=ts), tour_event("step_viewed", "hello", ts),
         tour_event("step_viewed", "button", ts), tour_event("step_target_missing", "button", ts),
         tour_event("step_target_missing", "button", ts))


def test_funnel_counts_distinct_users_per_stage_with_percentages_of_started(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    three_users_through_welcome(client, app_record)
    send(client, app_record, "u9", tour_event("tour_started", tour="other"))

    funnel = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/welcome", headers=viewer).get_json()
    assert funnel["started"] == 3 and funnel["completed"] == 1 and funnel["dismissed"] == 1
    assert funnel["completion_rate"] == 33.3 and funnel["dismissal_rate"] == 33.3
    assert funnel["steps"] == [
        {"step_id": "hello", "title": "Hello", "viewed": 3, "viewed_pct": 100.0, "drop_off": 1, "drop_off_pct": 33.3},
        {"step_id": "button", "title": "Create", "viewed": 2, "viewed_pct": 66.7, "drop_off": 1, "drop_off_pct": 33.3},
    ]
    assert funnel["target_missing"] == {"button": 1}


def test_funnel_of_a_tour_nobody_started_has_no_rates_and_unknown_tours_are_404(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    funnel = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/welcome", headers=viewer).get_json()
    assert funnel["started"] == 0 and funnel["completion_rate"] is None
    assert [s["viewed_pct"] for s in funnel["steps"]] == [None, None]
    missing = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/nope", headers=viewer)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_date_range_filters_by_event_day_both_ends_included(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    three_users_through_welcome(client, app_record, ts="2026-11-10T23:59:00Z")
    send(client, app_record, "late", tour_event("tour_started", ts="2026-11-20T00:00:00Z"))
    url = f"/api/v1/apps/{app_record.id}/analytics/tours/welcome"

    def started(query):
        return client.get(f"{url}?{query}", headers=viewer).get_json()["started"]

    assert started("") == 4
    assert started("from=2026-11-11") == 1
    assert started("to=2026-11-10") == 3
    assert started("from=2026-11-10&to=2026-11-19") == 3
    assert started("from=2026-11-20&to=2026-11-20") == 1
    backwards = client.get(f"{url}?from=2026-11-20&to=2026-11-01", headers=viewer)
    assert backwards.status_code == 422 and "to" in backwards.get_json()["error"]["fields"]
    garbage = client.get(f"{url}?from=yesterday", headers=viewer)
    assert garbage.status_code == 422 and "from" in garbage.get_json()["error"]["fields"]


def test_tour_summaries_and_opt_out_rate(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    make_tour(app_record, "draft-only", publish=False)
    three_users_through_welcome(client, app_record)
    optout = client.put("/api/v1/sdk/users/u2/opt-out", json={"opted_out": True},
                        headers={"X-Waypost-Key": app_record.key})
    assert optout.status_code == 200

    body = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours", headers=viewer).get_json()
    by_id = {t["tour_id"]: t for t in body["tours"]}
    assert by_id["welcome"]["status"] == "published" and by_id["welcome"]["completion_rate"] == 33.3
    assert by_id["draft-only"]["status"] == "draft" and by_id["draft-only"]["started"] == 0
    assert by_id["draft-only"]["completion_rate"] is None
    assert body["opt_out"] == {"active_users": 3, "opted_out": 1, "rate": 33.3}

    # a user whose opt-out is stored with no event (before the server wrote one) still counts among the active
    db.session.add(EndUser(app_id=app_record.id, external_id="quiet", opted_out_at=utcnow()))
    db.session.commit()
    body = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours", headers=viewer).get_json()
    assert body["opt_out"] == {"active_users": 4, "opted_out": 2, "rate": 50.0}


def test_article_views_and_helpfulness(client, viewer, app):
    app_record = make_app()
    article = save_article(app_record, {"slug": "reset", "locale": "en", "title": "Reset your password",
                                        "body": "Click *Forgot*.", "status": "published"})
    save_article(app_record, {"slug": "unread", "locale": "en", "title": "Nobody reads this"})
    for user in ("u1", "u2"):
        send(client, app_record, user, ("article_viewed", "2026-11-20T10:00:00Z", {"article_id": str(article.id)}))
    send(client, app_record, "u1", ("article_viewed", "2026-11-21T10:00:00Z", {"article_id": str(article.id)}))
    for helpful in (True, True, False):
        vote = client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", json={"helpful": helpful},
                           headers={"X-Waypost-Key": app_record.key})
        assert vote.status_code == 201

    stats = client.get(f"/api/v1/apps/{app_record.id}/analytics/articles", headers=viewer).get_json()
    assert [s["slug"] for s in stats] == ["reset", "unread"]
    assert stats[0] | {"article_id": 0} == {
        "article_id": 0, "slug": "reset", "locale": "en", "title": "Reset your password", "status": "published",
        "views": 3, "viewers": 2, "helpful_yes": 2, "helpful_no": 1, "helpful_pct": 66.7,
        "comments": 0, "recent_votes": 3, "recent_helpful_pct": 66.7, "low_helpfulness": False}
    assert stats[1]["views"] == 0 and stats[1]["helpful_pct"] is None
    ranged = client.get(f"/api/v1/apps/{app_record.id}/analytics/articles?from=2026-11-21", headers=viewer)
    assert ranged.get_json()[0]["views"] == 1


def test_search_stats_group_by_normalized_text(client, viewer):
    app_record = make_app()
    for query, results in [("Reset password", 3), ("reset  PASSWORD", 3), ("refund", 0), ("Refund", 0),
                           ("refund", 0), ("invoice", 1)]:
        log_search(app_record, None, query, "en", results)

    stats = client.get(f"/api/v1/apps/{app_record.id}/analytics/searches", headers=viewer).get_json()
    assert stats["total"] == 6 and stats["zero_results"] == 3 and stats["zero_results_pct"] == 50.0
    assert [(q["count"], q["opened"]) for q in stats["top"]] == [(3, 0), (2, 0), (1, 0)]
    assert stats["top"][0]["query"].lower() == "refund"
    assert [(q["query"].lower(), q["count"]) for q in stats["no_results"]] == [("refund", 3)]
    limited = client.get(f"/api/v1/apps/{app_record.id}/analytics/searches?limit=1", headers=viewer).get_json()
    assert len(limited["top"]) == 1
    assert client.get(f"/api/v1/apps/{app_record.id}/analytics/searches?limit=0", headers=viewer).status_code == 422


def test_end_users_are_found_by_id_prefix_only(client, viewer):
    app_record = make_app()
    for user in ("alice", "alina", "bob", "a%ron", "team/alice"):
        send(client, app_record, user, ("custom:seen", "2026-11-20T10:00:00Z", {}))
    found = client.get(f"/api/v1/apps/{app_record.id}/end-users?q=ali", headers=viewer).get_json()
    assert sorted(u["id"] for u in found) == ["alice", "alina"]
    literal = client.get(f"/api/v1/apps/{app_record.id}/end-users?q=a%25", headers=viewer).get_json()
    assert [u["id"] for u in literal] == ["a%ron"]
    assert len(client.get(f"/api/v1/apps/{app_record.id}/end-users", headers=viewer).get_json()) == 5
    other_app = make_app()
    assert client.get(f"/api/v1/apps/{other_app.id}/end-users?q=ali", headers=viewer).get_json() == []


def test_timeline_lists_everything_the_user_did_in_time_order(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    article = save_article(app_record, {"slug": "reset", "locale": "en", "title": "Reset", "status": "published"})
    user = "team/alice"
    send(client, app_record, user, tour_event("step_viewed", "hello", "2026-01-02T10:00:00Z"),
         tour_event("tour_started", ts="2026-01-02T09:00:00Z"),
         ("article_viewed", "2026-01-03T10:00:00Z", {"article_id": str(article.id)}))
    headers = {"X-Waypost-Key": app_record.key}
    client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", json={"user_id": user, "helpful": False},
                headers=headers)
    client.post("/api/v1/sdk/support-requests", json={"user_id": user, "message": "Still stuck"}, headers=headers)
    client.put(f"/api/v1/sdk/users/{user}/opt-out", json={"opted_out": True}, headers=headers)

    body = client.get(f"/api/v1/apps/{app_record.id}/end-users/{user}/timeline", headers=viewer).get_json()
    assert body["user"]["id"] == user and body["user"]["opted_out_at"]
    assert [t["tour_id"] for t in body["tours"]] == ["welcome"]
    kinds = [(i["kind"], i.get("type")) for i in body["items"]]
    assert kinds == [("event", "tour_started"), ("event", "step_viewed"), ("event", "article_viewed"),
                     ("feedback", None), ("support_request", None), ("opt_out", None)]
    assert body["items"][2]["article_title"] == "Reset" and body["items"][4]["message"] == "Still stuck"
    assert [i["at"] for i in body["items"]] == sorted(i["at"] for i in body["items"])
    unknown = client.get(f"/api/v1/apps/{app_record.id}/end-users/nobody/timeline", headers=viewer)
    assert unknown.status_code == 404


def test_inbox_lists_and_closes_requests_editors_only(client, viewer, editor):
    app_record, other_app = make_app(), make_app()
    headers = {"X-Waypost-Key": app_record.key}
    for message in ("first", "second"):
        client.post("/api/v1/sdk/support-requests", json={"user_id": "u1", "message": message, "email": "a@b.example"},
                    headers=headers)
    base = f"/api/v1/apps/{app_record.id}/support-requests"
    inbox = client.get(base, headers=viewer).get_json()
    assert [(r["message"], r["status"], r["user_id"]) for r in inbox] == [("second", "open", "u1"),
                                                                          ("first", "open", "u1")]
    first = inbox[1]["id"]

    denied = client.patch(f"{base}/{first}", json={"status": "closed"}, headers=viewer)
    assert denied.status_code == 403 and denied.get_json()["error"]["code"] == "forbidden"
    closed = client.patch(f"{base}/{first}", json={"status": "closed"}, headers=editor)
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    assert [r["message"] for r in client.get(f"{base}?status=open", headers=viewer).get_json()] == ["second"]
    assert [r["message"] for r in client.get(f"{base}?status=closed", headers=viewer).get_json()] == ["first"]

    bad = client.patch(f"{base}/{first}", json={"status": "done"}, headers=editor)
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]["fields"]
    assert client.get(f"{base}?status=done", headers=viewer).status_code == 422
    foreign = client.patch(f"/api/v1/apps/{other_app.id}/support-requests/{first}", json={"status": "open"},
                           headers=editor)
    assert foreign.status_code == 404


def test_every_analytics_read_needs_a_login_and_any_role_will_do(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    send(client, app_record, "u1", ("custom:seen", "2026-11-20T10:00:00Z", {}))
    paths = ["analytics/tours", "analytics/tours/welcome", "analytics/articles", "analytics/searches",
             "end-users", "end-users/u1/timeline", "support-requests"]
    for path in paths:
        url = f"/api/v1/apps/{app_record.id}/{path}"
        assert client.get(url).status_code == 401, path
        assert client.get(url, headers=viewer).status_code == 200, path
    assert client.get("/api/v1/apps/999/analytics/tours", headers=viewer).status_code == 404


def test_what_was_missing_comments_per_article_newest_first_with_vote_locale_and_page(client, viewer):
    app_record = make_app()
    article = save_article(app_record, {"slug": "sso", "locale": "en", "title": "Single sign-on", "body": "SSO.",
                                        "status": "published"})
    other_app = make_app()
    elsewhere = save_article(other_app, {"slug": "x", "locale": "en", "title": "X", "body": "X.",
                                         "status": "published"})
    headers = {"X-Waypost-Key": app_record.key}
    path = f"/api/v1/sdk/kb/articles/{article.id}/feedback"
    votes = [({"helpful": False, "comment": "No word on Okta.", "url": "/app/settings?tab=sso"}, "u1"),
             ({"helpful": True}, "u2"),
             ({"helpful": True, "comment": "Good, but the SAML part is thin.", "url": "/app/help"}, "u3"),
             ({"helpful": False, "comment": "<script>alert(1)</script>", "url": "/" + "p" * 3000}, "u4")]
    for body, user in votes:
        answer = client.post(path, headers=headers, json={**body, "user_id": user})
        assert answer.status_code == (422 if len(body.get("url", "")) > 2048 else 201), answer.get_json()
    base = f"/api/v1/apps/{app_record.id}/analytics/articles"
    listed = client.get(f"{base}/{article.id}/comments", headers=viewer)
    assert listed.status_code == 200
    comments = listed.get_json()
    assert [(c["comment"], c["helpful"], c["locale"], c["url"], c["user_id"]) for c in comments] == [
        ("Good, but the SAML part is thin.", True, "en", "/app/help", "u3"),
        ("No word on Okta.", False, "en", "/app/settings?tab=sso", "u1")]
    stats = {s["article_id"]: s for s in client.get(base, headers=viewer).get_json()}
    assert stats[article.id]["comments"] == 2
    assert client.get(f"{base}/{elsewhere.id}/comments", headers=viewer).status_code == 404  # another app's
    assert client.get(f"{base}/999999/comments", headers=viewer).status_code == 404
    assert client.get(f"{base}/{article.id}/comments").status_code == 401
    assert client.get(f"{base}/{article.id}/comments", headers=viewer,
                      query_string={"from": "9999-99-99"}).status_code == 422


def test_an_article_is_flagged_when_its_last_votes_are_mostly_unhelpful(client, viewer):
    app_record = make_app()
    article = save_article(app_record, {"slug": "sso", "locale": "en", "title": "Single sign-on", "body": "SSO.",
                                        "status": "published"})
    key = {"X-Waypost-Key": app_record.key}
    # 30 votes: the first 15 helpful, the last 15 not; of the last 20, 5 helpful: 25%
    for helpful in [True] * 15 + [False] * 15:
        assert client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", json={"helpful": helpful},
                           headers=key).status_code == 201
    [stats] = client.get(f"/api/v1/apps/{app_record.id}/analytics/articles", headers=viewer).get_json()
    assert (stats["helpful_pct"], stats["recent_votes"], stats["recent_helpful_pct"], stats["low_helpfulness"]) == (
        50.0, 20, 25.0, True)


def test_steps_whose_target_was_missing_are_listed_with_users_selector_and_pages(client, viewer):
    app_record = make_app()
    make_tour(app_record)
    for user, ts, url in (("u1", "2026-11-20T10:00:00Z", "/app/a?x=1"), ("u2", "2026-11-21T10:00:00Z", "/app/b"),
                          ("u2", "2026-11-22T10:00:00Z", "/app/b")):
        send(client, app_record, user, ("step_target_missing", ts, {"tour_id": "welcome", "tour_version": 1,
                                                                  "step_id": "button", "url": url,
                                                                  "data": {"selector": "#new"}}))
    send(client, app_record, "u3", ("step_target_missing", "2026-11-22T10:00:00Z", {
        "tour_id": "welcome", "tour_version": 1, "step_id": "hello", "data": {"selector": "<img src=x>"}}))
    rows = client.get(f"/api/v1/apps/{app_record.id}/analytics/missing-targets", headers=viewer).get_json()
    assert [(r["step_id"], r["users"], r["selector"], r["pages"]) for r in rows] == [
        ("button", 2, "#new", ["/app/b", "/app/a"]), ("hello", 1, "<img src=x>", ["/app/x"])]
    assert rows[0]["tour_name"] == "Welcome" and rows[0]["last_seen_at"].startswith("2026-11-22")
    later = client.get(f"/api/v1/apps/{app_record.id}/analytics/missing-targets?from=2026-11-22", headers=viewer)
    assert [r["users"] for r in later.get_json()] == [1, 1]


def test_the_servers_own_events_never_push_what_only_the_log_holds_out_of_the_timeline(client):
    from server.services.user_activity import user_timeline

    app_record = make_app()
    article = save_article(app_record, {"slug": "a", "locale": "en", "title": "A", "body": "A", "status": "published"})
    send(client, app_record, "u1", tour_event("tour_started", ts="2026-11-20T10:00:00Z"),
         tour_event("step_viewed", "hello", ts="2026-11-20T10:00:01Z"))
    for helpful in (True, False, True):  # later than the tour: the newest events are the server's article_voted
        assert client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", headers={"X-Waypost-Key": app_record.key},
                           json={"helpful": helpful, "user_id": "u1"}).status_code == 201
    items = user_timeline(app_record, "u1", limit=2)["items"]
    assert [i.get("type") for i in items if i["kind"] == "event"] == ["tour_started", "step_viewed"]
    assert len([i for i in items if i["kind"] == "feedback"]) == 2
