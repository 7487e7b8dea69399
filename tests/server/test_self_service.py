"""Self-service KPIs on a fixture whose answers are worked out by hand in the comments, and their CSV files."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from server.extensions import db
from server.models import KbFeedback, KbSearch, SupportRequest
from server.services.end_users import get_or_create_end_user
from server.services.kb import save_article
from server.services.rollups import rebuild_app_rollups
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, make_tour


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC)


@pytest.fixture
def viewer(app):
    return auth_headers(app, make_admin("viewer"))


def event(client, app_record, user, kind, when, **fields):
    batch = [{"id": new_uuid(), "type": kind, "ts": when.isoformat(), "url": "/app", **fields}]
    answer = client.post("/api/v1/sdk/events", json={"user_id": user, "events": batch},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 202, answer.get_json()


def user_of(app_record, external_id):
    return get_or_create_end_user(app_record, external_id).id if external_id else None


def search(app_record, user, when, query, locale, results, opened=None):
    db.session.add(KbSearch(app_id=app_record.id, end_user_id=user_of(app_record, user), query=query,
                            normalized=query.casefold(), locale=locale, result_count=results,
                            opened_article_id=opened, created_at=when))


def vote(app_record, user, when, article, helpful):
    db.session.add(KbFeedback(app_id=app_record.id, article_id=article.id, end_user_id=user_of(app_record, user),
                              locale=article.locale, helpful=helpful, created_at=when))


def support(app_record, user, when):
    db.session.add(SupportRequest(app_id=app_record.id, end_user_id=user_of(app_record, user), message="Help",
                                  context={}, created_at=when))


@pytest.fixture
def fixture_app(client):
    """Five help sessions, three support requests, four searches, two votes, four active users, 2–4 Nov 2026.

    S1 u1 2 Nov 10:00 th widget: opened, search (opened A), article A, vote yes → resolved
    S2 u1 2 Nov 10:45 th widget: a search 42 minutes after S1's last activity → a new session, nothing opened
    S3 u2 2 Nov 12:00 ar widget: opened, search with no results; support request R1 at 12:30 → escalated
    S4 u3 3 Nov 09:00 en article_link: article B straight from the page, vote no; R2 at 20:00 → escalated,
       and R2 came after an article was read
    S5 u3 4 Nov 09:00 en widget: opened only
    R3 u4 4 Nov 10:00: no help session before it → channel direct, language unknown
    an anonymous search (en, no results) on 4 Nov; u5 only saw a tour on 4 Nov (active, no help)
    """
    app_record = make_app()
    make_tour(app_record)
    a = save_article(app_record, {"slug": "chat", "locale": "th", "title": "แชท", "body": "แชท", "status": "published"})
    b = save_article(app_record, {"slug": "billing", "locale": "en", "title": "Billing", "body": "Billing",
                                  "status": "published"})
    event(client, app_record, "u1", "help_opened", at(2, 10), data={"locale": "th"})
    search(app_record, "u1", at(2, 10, 1), "แชท", "th", 2, opened=a.id)
    event(client, app_record, "u1", "article_viewed", at(2, 10, 2), article_id=str(a.id), query="แชท")
    vote(app_record, "u1", at(2, 10, 3), a, True)
    search(app_record, "u1", at(2, 10, 45), "ฟอรัม", "th", 1)
    event(client, app_record, "u2", "help_opened", at(2, 12), data={"locale": "ar"})
    search(app_record, "u2", at(2, 12, 1), "فاتورة", "ar", 0)
    support(app_record, "u2", at(2, 12, 30))
    event(client, app_record, "u3", "article_viewed", at(3, 9), article_id=str(b.id))
    vote(app_record, "u3", at(3, 9, 1), b, False)
    support(app_record, "u3", at(3, 20))
    event(client, app_record, "u3", "help_opened", at(4, 9), data={"locale": "en-GB"})
    support(app_record, "u4", at(4, 10))
    search(app_record, None, at(4, 11), "refund", "en", 0)
    event(client, app_record, "u5", "tour_started", at(4, 12), tour_id="welcome", tour_version=1)
    event(client, app_record, "u9", "help_opened", at(5, 9), data={"locale": "en"})  # after the range
    rebuild_app_rollups(app_record)  # the searches, votes and requests above were written as rows, at set times
    db.session.commit()
    return app_record


def kpis(client, viewer, app_record, **query):
    answer = client.get(f"/api/v1/apps/{app_record.id}/analytics/kpis", headers=viewer,
                        query_string={"from": "2026-11-02", "to": "2026-11-04", **query})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_totals_over_the_range(client, viewer, fixture_app):
    totals = kpis(client, viewer, fixture_app)["totals"]
    assert totals == {
        "help_sessions": 5, "resolved_sessions": 1, "resolution_rate": 20.0, "escalated_sessions": 2,
        "support_requests": 3, "support_per_100_sessions": 60.0,
        "active_users": 4, "support_per_1000_users": 750.0,  # u1, u2, u3, u5 sent events; u4 only asked
        "support_after_article": 1, "support_after_article_pct": 33.3,
        "searches": 4, "searches_with_article": 1, "search_success_rate": 25.0,
        "zero_result_searches": 2, "zero_result_rate": 50.0,
        "votes": 2, "helpful_votes": 1, "helpfulness": 50.0,
    }


def test_per_day_per_week_per_language_and_per_channel(client, viewer, fixture_app):
    daily = kpis(client, viewer, fixture_app)
    assert [(d["period"], d["help_sessions"], d["resolved_sessions"], d["support_requests"], d["active_users"],
             d["searches"], d["votes"]) for d in daily["series"]] == [
        ("2026-11-02", 3, 1, 1, 2, 3, 1), ("2026-11-03", 1, 0, 1, 1, 0, 1), ("2026-11-04", 1, 0, 1, 2, 1, 0)]
    weekly = kpis(client, viewer, fixture_app, interval="week")["series"]
    assert len(weekly) == 1 and weekly[0]["period"] == "2026-11-02" and weekly[0]["help_sessions"] == 5

    languages = {row["language"]: row for row in daily["by_language"]}
    assert sorted(languages) == ["ar", "en", "th", "unknown"]
    assert (languages["th"]["help_sessions"], languages["th"]["resolution_rate"], languages["th"]["searches"]) == (2, 50.0, 2)
    ar = languages["ar"]
    assert (ar["help_sessions"], ar["support_requests"], ar["zero_result_rate"]) == (1, 1, 100.0)
    assert (languages["en"]["help_sessions"], languages["en"]["support_requests"]) == (2, 1)
    assert languages["unknown"]["support_requests"] == 1 and languages["th"]["active_users"] is None

    channels = {row["channel"]: row for row in daily["by_channel"]}
    assert [row["channel"] for row in daily["by_channel"]] == ["widget", "article_link", "direct"]
    assert (channels["widget"]["help_sessions"], channels["widget"]["support_requests"]) == (4, 1)
    assert (channels["article_link"]["help_sessions"], channels["article_link"]["support_per_100_sessions"]) == (1, 100.0)
    assert (channels["direct"]["help_sessions"], channels["direct"]["support_requests"]) == (0, 1)


def test_filters_narrow_every_figure_but_active_users(client, viewer, fixture_app):
    thai = kpis(client, viewer, fixture_app, locale="th")
    assert thai["totals"]["help_sessions"] == 2 and thai["totals"]["support_requests"] == 0
    assert thai["totals"]["active_users"] is None and thai["totals"]["support_per_1000_users"] is None
    assert [d["help_sessions"] for d in thai["series"]] == [2, 0, 0]
    linked = kpis(client, viewer, fixture_app, channel="article_link")["totals"]
    assert (linked["help_sessions"], linked["escalated_sessions"], linked["support_after_article"]) == (1, 1, 1)
    later = kpis(client, viewer, fixture_app, **{"from": "2026-11-03"})["totals"]
    assert (later["help_sessions"], later["support_requests"], later["searches"]) == (2, 2, 1)


@pytest.mark.parametrize("query", [
    {"interval": "month"}, {"locale": "../../etc"}, {"locale": "TH"}, {"channel": "email"},
    {"format": "xlsx"}, {"table": "users"}, {"from": "2026-11-05", "to": "2026-11-01"}, {"from": "yesterday"},
])
def test_bad_parameters_are_field_errors(client, viewer, query):
    app_record = make_app()
    answer = client.get(f"/api/v1/apps/{app_record.id}/analytics/kpis", headers=viewer, query_string=query)
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) <= {"interval", "locale", "channel", "format", "table",
                                                          "from", "to"}


def read_csv(answer) -> list[list[str]]:
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True).removeprefix("\ufeff"))))


def test_every_table_is_a_csv_file_with_the_apis_numbers(client, viewer, fixture_app):
    base = f"/api/v1/apps/{fixture_app.id}/analytics"
    rows = read_csv(client.get(f"{base}/kpis?from=2026-11-02&to=2026-11-04&format=csv", headers=viewer))
    assert rows[0][:4] == ["period", "help_sessions", "resolved_sessions", "resolution_rate"]
    assert [row[:3] for row in rows[1:]] == [["2026-11-02", "3", "1"], ["2026-11-03", "1", "0"], ["2026-11-04", "1", "0"]]
    languages = read_csv(client.get(f"{base}/kpis?from=2026-11-02&to=2026-11-04&format=csv&table=by_language",
                                    headers=viewer))
    assert [row[0] for row in languages] == ["language", "ar", "en", "th", "unknown"]
    assert read_csv(client.get(f"{base}/tours?format=csv", headers=viewer))[1][0] == "welcome"
    assert read_csv(client.get(f"{base}/articles?format=csv", headers=viewer))[0][:2] == ["article_id", "slug"]
    trends = read_csv(client.get(f"{base}/tours/trends?from=2026-11-02&to=2026-11-08&format=csv", headers=viewer))
    assert trends[0][:4] == ["tour_id", "name", "period", "started"] and trends[1][2:4] == ["2026-11-02", "1"]
    helpful = read_csv(client.get(f"{base}/articles/helpfulness?from=2026-11-02&to=2026-11-08&format=csv",
                                  headers=viewer))
    assert [(row[1], row[2], row[5], row[6]) for row in helpful[1:]] == [("billing", "en", "1", "0"), ("chat", "th", "1", "1")]


def test_a_cell_a_spreadsheet_would_run_is_exported_as_text(client, viewer):
    app_record = make_app()
    for query in ('=HYPERLINK("http://evil.test","x")', "+1", "-2", "@SUM(A1)", "plain"):
        search(app_record, None, at(2, 10), query, "en", 0)
    db.session.commit()
    rows = read_csv(client.get(f"/api/v1/apps/{app_record.id}/analytics/searches?format=csv&table=no_results",
                               headers=viewer))
    assert sorted(row[1] for row in rows[1:]) == sorted(
        ["'=HYPERLINK(\"http://evil.test\",\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"])


def test_tour_and_helpfulness_trends_per_week(client, viewer, fixture_app):
    base = f"/api/v1/apps/{fixture_app.id}/analytics"
    tours = client.get(f"{base}/tours/trends?from=2026-11-02&to=2026-11-15", headers=viewer).get_json()
    welcome = tours["tours"][0]
    assert [(p["period"], p["started"]) for p in welcome["series"]] == [("2026-11-02", 1), ("2026-11-09", 0)]
    assert [p["opted_out"] for p in tours["opt_outs"]] == [0, 0]
    helpful = client.get(f"{base}/articles/helpfulness?from=2026-11-02&to=2026-11-15", headers=viewer).get_json()
    assert [(a["slug"], a["locale"], a["votes"], a["helpfulness"]) for a in helpful["articles"]] == [
        ("billing", "en", 1, 0.0), ("chat", "th", 1, 100.0)]
    assert [p["votes"] for p in helpful["articles"][1]["series"]] == [1, 0]


def test_the_widget_opened_by_a_link_to_an_article_is_the_article_link_channel(client, viewer):
    app_record = make_app()
    event(client, app_record, "linked", "help_opened", at(2, 10), data={"locale": "id", "via": "link"})
    event(client, app_record, "opened", "help_opened", at(2, 11), data={"locale": "id"})
    event(client, app_record, "odd", "help_opened", at(2, 12), data={"locale": 7, "via": ["link"]})  # a crafted one
    channels = {c["channel"]: c["help_sessions"] for c in kpis(client, viewer, app_record)["by_channel"]}
    assert channels == {"widget": 2, "article_link": 1}


def test_support_after_an_article_counts_views_up_to_exactly_24_hours_before(client, viewer):
    app_record = make_app()
    b = save_article(app_record, {"slug": "billing", "locale": "en", "title": "Billing", "body": "Billing",
                                  "status": "published"})
    event(client, app_record, "on-the-edge", "article_viewed", at(2, 10, 0), article_id=str(b.id))
    support(app_record, "on-the-edge", at(3, 10, 0))  # 24 hours after the view, to the second
    event(client, app_record, "a-second-late", "article_viewed", datetime(2026, 11, 2, 9, 59, 59, 500000, tzinfo=UTC),
          article_id=str(b.id))
    support(app_record, "a-second-late", datetime(2026, 11, 3, 10, 0, 0, 0, tzinfo=UTC))
    event(client, app_record, "after", "article_viewed", at(3, 10, 1), article_id=str(b.id))
    support(app_record, "after", at(3, 10, 0))  # the view came after the request
    rebuild_app_rollups(app_record)
    db.session.commit()
    totals = kpis(client, viewer, app_record)["totals"]
    assert (totals["support_requests"], totals["support_after_article"]) == (3, 1)


def test_support_after_an_article_is_counted_as_it_happens_whichever_reaches_the_server_first(client, viewer):
    """The snippet sends events in batches: the view of an article may arrive after the request it preceded."""
    from server.models import utcnow

    app_record = make_app()
    b = save_article(app_record, {"slug": "billing", "locale": "en", "title": "Billing", "body": "Billing",
                                  "status": "published"})
    headers = {"X-Waypost-Key": app_record.key}
    now = utcnow()

    def ask(user):
        answer = client.post("/api/v1/sdk/support-requests", json={"user_id": user, "message": "Still stuck"},
                             headers=headers)
        assert answer.status_code == 201, answer.get_json()

    event(client, app_record, "read-first", "article_viewed", now, article_id=str(b.id))
    ask("read-first")
    ask("view-arrives-late")
    event(client, app_record, "view-arrives-late", "article_viewed", now, article_id=str(b.id))
    ask("read-after")
    event(client, app_record, "read-after", "article_viewed", utcnow() + timedelta(minutes=5),
          article_id=str(b.id))
    ask("read-long-before")
    event(client, app_record, "read-long-before", "article_viewed", now - timedelta(hours=25), article_id=str(b.id))
    day = now.date().isoformat()
    query = {"from": day, "to": day}
    totals = client.get(f"/api/v1/apps/{app_record.id}/analytics/kpis", headers=viewer, query_string=query).get_json()
    assert (totals["totals"]["support_requests"], totals["totals"]["support_after_article"]) == (4, 2)
    rebuild_app_rollups(app_record)
    db.session.commit()
    again = client.get(f"/api/v1/apps/{app_record.id}/analytics/kpis", headers=viewer, query_string=query).get_json()
    assert again["totals"] == totals["totals"]


def test_a_direct_request_counts_in_the_language_its_context_names_and_a_crafted_one_in_unknown(client, viewer):
    app_record = make_app()
    for user, context in [("thai", {"locale": "th-TH", "page": "/x"}), ("number", {"locale": 7}),
                          ("list", {"locale": ["ar"]}), ("none", {}), ("quoted", {"locale": "vi", "note": "\"x\""})]:
        db.session.add(SupportRequest(app_id=app_record.id, end_user_id=user_of(app_record, user), message="Help",
                                      context=context, created_at=at(2, 10)))
    db.session.commit()
    languages = {row["language"]: row["support_requests"] for row in kpis(client, viewer, app_record)["by_language"]}
    assert languages == {"th": 1, "vi": 1, "unknown": 3}
