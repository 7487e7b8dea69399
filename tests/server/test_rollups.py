"""Daily rollups (event_days): kept in step with the events stored, once per event however often a batch is sent,
rebuilt from raw events by one command, outliving raw events past retention, and what analytics read."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.jobs import prune_events
from server.models import ActiveMonth, ActiveReturn, App, EventDay, HelpSession, HelpSessionDay, SearchDay, utcnow
from server.services.active_users import active_users, rebuild_active
from server.services.event_store import rebuild_rollups
from server.services.help_sessions import rebuild_help_sessions
from server.services.kb import save_article
from server.services.kb_activity import recount_search_days
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app, make_tour
from tests.server.test_analytics import send, three_users_through_welcome, tour_event
from tests.server.test_cli import cli  # noqa: F401  (a fixture)


def rollups(app_record) -> list[tuple]:
    db.session.expire_all()
    return sorted(db.session.execute(
        select(EventDay.subject, EventDay.type, EventDay.step_id, EventDay.day, EventDay.end_user_id, EventDay.events)
        .where(EventDay.app_id == app_record.id)).all())


def post(client, app_record, user_id, batch):
    response = client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": batch},
                           headers={"X-Waypost-Key": app_record.key})
    assert response.status_code == 202, response.get_json()


def test_each_event_adds_to_its_users_day_once_however_often_its_batch_is_sent(client):
    app_record = make_app()
    batch = [{"id": new_uuid(), "type": "custom:export", "ts": "2026-11-20T23:59:59Z"},
             {"id": new_uuid(), "type": "custom:export", "ts": "2026-11-20T22:00:00-02:00"},  # 21 Nov, in UTC
             {"id": new_uuid(), "type": "custom:export", "ts": "2026-11-20T00:00:00Z"},
             {"id": new_uuid(), "type": "article_viewed", "ts": "2026-11-20T10:00:00Z", "article_id": "7",
              "tour_id": "welcome"}]
    post(client, app_record, "u1", batch)
    post(client, app_record, "u1", batch)  # a retry
    post(client, app_record, "u1", batch[:1] + [{**batch[1], "id": new_uuid()}])  # one new event
    user = db.session.scalar(select(EventDay.end_user_id))
    assert [(subject, kind, step, day.isoformat(), n) for subject, kind, step, day, u, n in rollups(app_record)
            if u == user] == [
        ("", "custom:export", "", "2026-11-20", 2),
        ("", "custom:export", "", "2026-11-21", 2),
        ("7", "article_viewed", "", "2026-11-20", 1),  # an article view is the article's, whatever tour it was in
    ]


def test_a_rebuild_gives_the_rollups_kept_as_events_arrived(client):
    app_record = make_app()
    make_tour(app_record)
    three_users_through_welcome(client, app_record)
    three_users_through_welcome(client, app_record, ts="2026-11-22T08:30:00+07:00")
    send(client, app_record, "u4", ("article_viewed", "2026-11-23T01:00:00Z", {"article_id": "3"}),
         ("search", "2026-11-23T01:00:00Z", {"query": "ใบแจ้งหนี้"}))
    kept = rollups(app_record)
    assert len(kept) > 10
    other = make_app()
    send(client, other, "u1", tour_event("tour_started"))
    db.session.execute(EventDay.__table__.update().values(events=99))  # drifted, everywhere
    rebuilt = rebuild_rollups(app_record.id)
    db.session.commit()
    assert rollups(app_record) == kept and rebuilt == len(kept)
    assert {n for *_, n in rollups(other)} == {99}  # another app's rollups are left alone


def test_rollups_outlive_raw_events_past_retention_and_a_rebuild_keeps_the_days_before_it(
        client, app, cli, monkeypatch):  # noqa: F811
    app.config["WAYPOST_EVENT_RETENTION_DAYS"] = 30
    monkeypatch.setenv("WAYPOST_EVENT_RETENTION_DAYS", "30")  # for the command's own app
    app_record = make_app()
    make_tour(app_record)
    old = (utcnow() - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = (utcnow() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    three_users_through_welcome(client, app_record, ts=old)
    send(client, app_record, "u7", tour_event("tour_started", ts=recent))
    db.session.execute(db.text("UPDATE events SET received_at = client_ts"))  # received when they happened
    db.session.commit()
    assert prune_events() == 13  # the old ones
    viewer = auth_headers(app, make_admin("viewer"))
    funnel = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/welcome", headers=viewer).get_json()
    assert funnel["started"] == 4 and funnel["completed"] == 1  # counted from the rollups

    db.session.execute(EventDay.__table__.update().values(events=99))
    db.session.commit()
    result = cli("analytics", "rebuild", "--app", app_record.key)
    cutoff = (utcnow() - timedelta(days=30)).date() + timedelta(days=1)
    assert result.exit_code == 0
    assert result.output == f"rebuilt 1 rollup rows and 0 help sessions (from {cutoff.isoformat()})\n"
    counts = {(kind, day >= cutoff): n for _, kind, _, day, _, n in rollups(app_record)}
    assert counts[("tour_started", True)] == 1 and counts[("tour_started", False)] == 99
    funnel = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/welcome", headers=viewer).get_json()
    assert funnel["started"] == 4


def test_rebuild_through_the_api_is_for_owners_and_the_cli_names_unknown_apps(client, app, cli):  # noqa: F811
    app_record = make_app()
    send(client, app_record, "u1", ("custom:x", "2026-11-20T10:00:00Z", {}))
    db.session.execute(EventDay.__table__.delete())
    db.session.commit()
    url = f"/api/v1/apps/{app_record.id}/analytics/rebuild"
    assert client.post(url, headers=auth_headers(app, make_admin("editor"))).status_code == 403
    response = client.post(url, headers=auth_headers(app, make_admin("owner")))
    assert response.status_code == 200 and response.get_json() == {"rows": 1, "help_sessions": 0, "from": None}
    assert len(rollups(app_record)) == 1
    unknown = cli("analytics", "rebuild", "--app", "pk_" + uuid.uuid4().hex)
    assert unknown.exit_code != 0 and "Traceback" not in unknown.output
    hostile = cli("analytics", "rebuild", "--app", "' OR 1=1; DROP TABLE event_days; --")
    assert hostile.exit_code != 0 and len(rollups(app_record)) == 1
    assert db.session.get(App, app_record.id) is not None


@pytest.mark.parametrize("interval, periods", [
    ("day", ["2026-11-22", "2026-11-23", "2026-11-24"]),
    ("week", ["2026-11-16", "2026-11-23"]),  # ISO weeks, named by their Monday; Sunday the 22nd is in the first
])
def test_trends_count_distinct_users_per_period_in_the_database(client, app, interval, periods):
    app_record = make_app()
    make_tour(app_record)
    for user, ts in (("u1", "2026-11-22T23:00:00Z"), ("u1", "2026-11-23T01:00:00Z"), ("u2", "2026-11-24T12:00:00Z"),
                     ("u3", "2026-11-22T10:00:00Z")):
        send(client, app_record, user, tour_event("tour_started", ts=ts))
    viewer = auth_headers(app, make_admin("viewer"))
    trends = client.get(f"/api/v1/apps/{app_record.id}/analytics/tours/trends",
                        query_string={"from": "2026-11-22", "to": "2026-11-24", "interval": interval},
                        headers=viewer).get_json()
    series = trends["tours"][0]["series"]
    assert [p["period"] for p in series] == periods
    started = [p["started"] for p in series]
    assert started == ([2, 1, 1] if interval == "day" else [2, 2])  # u1 twice in a week counts once


def test_the_migration_rolls_up_the_events_stored_before_it(client, app):
    from flask_migrate import downgrade, upgrade

    app_record = make_app()
    make_tour(app_record)
    three_users_through_welcome(client, app_record, ts="2026-11-22T08:30:00+07:00")
    send(client, app_record, "u4", ("article_viewed", "2026-11-23T01:00:00Z", {"article_id": "3", "tour_id": "x"}))
    kept = rollups(app_record)
    db.session.remove()
    downgrade(revision="0027")
    upgrade()
    assert rollups(app_record) == kept


def _sessions(app_record) -> list[tuple]:
    db.session.expire_all()
    return sorted((s.end_user_id, s.started_at, s.ended_at, s.channel, s.language, s.language_at, s.searches,
                   s.votes, sorted(s.articles), s.article_count)
                  for s in db.session.scalars(select(HelpSession).filter_by(app_id=app_record.id)))


def test_help_sessions_kept_as_activity_arrives_out_of_order_are_those_a_rebuild_finds(client, monkeypatch):
    from server.services import help_sessions

    monkeypatch.setattr(help_sessions, "REBUILD_CHUNK", 1)  # a rebuild writes in chunks: one session each here
    app_record = make_app()
    article = save_article(app_record, {"slug": "billing", "locale": "th", "title": "บิล", "body": "บิล",
                                        "status": "published"})
    db.session.commit()
    now = utcnow().replace(microsecond=0)

    def ago(minutes):
        return (now - timedelta(minutes=minutes)).isoformat()

    sdk = {"X-Waypost-Key": app_record.key}
    send(client, app_record, "u1", ("help_opened", ago(100), {"data": {"locale": "en"}}),
         ("help_opened", ago(40), {}))  # two sessions, an hour apart
    send(client, app_record, "u1", ("article_viewed", ago(70), {"article_id": str(article.id)}))  # bridges them
    send(client, app_record, "u1", ("help_opened", ago(200), {"data": {"via": "link"}}))  # an earlier session
    assert client.get("/api/v1/sdk/kb/search", query_string={"q": "บิล", "locale": "th", "user_id": "u1"},
                      headers=sdk).status_code == 200  # now: a session of its own
    assert client.post(f"/api/v1/sdk/kb/articles/{article.id}/feedback", json={"helpful": True, "user_id": "u1"},
                       headers=sdk).status_code == 201
    send(client, app_record, "u2", ("article_viewed", ago(10), {"article_id": str(article.id)}))
    send(client, app_record, "u2", ("help_opened", ago(15), {"data": {"locale": "ar"}}))  # came first, sent last

    kept = _sessions(app_record)
    shapes = [(channel, language, searches, votes, count) for _, _, _, channel, language, _, searches, votes, _, count
              in kept]
    assert sorted(shapes) == sorted([
        ("article_link", None, 0, 0, 0),  # u1, by a link
        ("widget", "en", 0, 0, 1),  # u1: opened, the article, opened again: one session
        ("widget", "th", 1, 1, 0),  # u1: the search and the vote
        ("widget", "ar", 0, 0, 1),  # u2: its channel and language are those of its first activity
    ])
    days = _day_counts(app_record)
    assert sum(n for *_, n in days) == 4 and sum(n for *_, with_article, n in days if with_article) == 2
    assert rebuild_help_sessions(app_record.id) == 4
    db.session.commit()
    assert _sessions(app_record) == kept and _day_counts(app_record) == days


def _day_counts(app_record) -> list[tuple]:
    db.session.expire_all()
    return sorted(db.session.execute(
        select(HelpSessionDay.day, HelpSessionDay.language, HelpSessionDay.channel, HelpSessionDay.with_article,
               HelpSessionDay.sessions).filter_by(app_id=app_record.id).where(HelpSessionDay.sessions != 0)).all())


def _search_counts(app_record) -> list[tuple]:
    db.session.expire_all()
    return sorted(db.session.execute(
        select(SearchDay.day, SearchDay.locale, SearchDay.zero_results, SearchDay.opened, SearchDay.searches)
        .filter_by(app_id=app_record.id).where(SearchDay.searches != 0)).all())


def test_daily_search_counts_follow_typing_bursts_articles_opened_and_erasure(client, app):
    app_record = make_app()
    article = save_article(app_record, {"slug": "refunds", "locale": "vi", "title": "Hoàn tiền", "body": "Hoàn tiền",
                                        "status": "published"})
    db.session.commit()
    sdk = {"X-Waypost-Key": app_record.key}

    def search(q, user, locale="vi"):
        query = {"q": q, "locale": locale, **({"user_id": user} if user else {})}
        assert client.get("/api/v1/sdk/kb/search", query_string=query, headers=sdk).status_code == 200

    search("hoan", "u1")
    search("hoàn tiền", "u1")  # the same burst: replaces the first
    send(client, app_record, "u1", ("article_viewed", utcnow().isoformat(),
                                    {"article_id": str(article.id), "query": "hoàn tiền"}))  # opened from it
    search("zzzq", "u2", "th")  # nothing found
    search("zzzq", None, None)  # anonymous, no locale
    today = utcnow().date()
    assert _search_counts(app_record) == [(today, "", 1, 0, 1), (today, "th", 1, 0, 1), (today, "vi", 0, 1, 1)]
    assert_recount_keeps(lambda: _search_counts(app_record), lambda: recount_search_days(app_record.id))
    owner = auth_headers(app, make_admin("owner"))
    assert client.delete(f"/api/v1/apps/{app_record.id}/end-users/u2", headers=owner).status_code == 200
    assert _search_counts(app_record) == [(today, "", 1, 0, 1), (today, "vi", 0, 1, 1)]


def assert_recount_keeps(read, recount) -> None:
    """What is kept as activity arrives equals what a recount from the stored rows gives."""
    kept = read()
    recount()
    db.session.commit()
    assert read() == kept


def _active(app_record) -> tuple[list, list]:
    db.session.expire_all()
    months = sorted(db.session.execute(select(ActiveMonth.month, ActiveMonth.end_user_id, ActiveMonth.days)
                                       .filter_by(app_id=app_record.id)).all())
    returns = sorted(db.session.execute(select(ActiveReturn.day, ActiveReturn.since, ActiveReturn.users)
                                        .filter_by(app_id=app_record.id).where(ActiveReturn.users != 0)).all())
    return months, returns


def test_active_users_over_any_range_match_counting_the_events_and_survive_a_rebuild_and_an_erasure(client, app):
    app_record = make_app()
    activity = {  # across a month's end (Sunday 30 Nov, Monday 1 Dec), a week's end and back in time
        "u1": ["2026-11-29T23:30:00Z", "2026-11-30T00:10:00Z", "2026-12-01T08:00:00Z", "2026-11-03T10:00:00Z"],
        "u2": ["2026-11-30T12:00:00Z", "2026-11-30T13:00:00Z"],
        "u3": ["2026-12-07T09:00:00Z", "2026-11-24T09:00:00Z"],
        "u4": ["2026-10-31T23:59:59Z"],
    }
    for user, times in activity.items():
        for ts in times:  # one batch an event, out of order, and one sent twice
            send(client, app_record, user, ("custom:x", ts, {}))
    send(client, app_record, "u2", ("custom:y", "2026-11-30T12:00:00Z", {}))
    days = {user: {ts[:10] for ts in times} for user, times in activity.items()}

    def expected(first: str, last: str) -> int:
        return sum(any(first <= day <= last for day in user_days) for user_days in days.values())

    for first, last in [("2026-11-01", "2026-12-31"), ("2026-11-30", "2026-11-30"), ("2026-11-29", "2026-12-01"),
                        ("2026-11-04", "2026-11-23"), ("2026-10-31", "2026-11-03"), ("2026-12-02", "2026-12-07")]:
        got = active_users(app_record.id, date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1))
        assert got == expected(first, last), (first, last)
    viewer = auth_headers(app, make_admin("viewer"))
    weekly = client.get(f"/api/v1/apps/{app_record.id}/analytics/kpis", headers=viewer, query_string={
        "from": "2026-11-25", "to": "2026-12-07", "interval": "week"}).get_json()
    assert [(p["period"], p["active_users"]) for p in weekly["series"]] == [
        ("2026-11-23", expected("2026-11-25", "2026-11-29")),  # a week cut by the range: its days in it
        ("2026-11-30", expected("2026-11-30", "2026-12-06")), ("2026-12-07", expected("2026-12-07", "2026-12-07"))]
    assert weekly["totals"]["active_users"] == expected("2026-11-25", "2026-12-07") == 3

    assert_recount_keeps(lambda: _active(app_record), lambda: rebuild_active(app_record.id))
    owner = auth_headers(app, make_admin("owner"))
    assert client.delete(f"/api/v1/apps/{app_record.id}/end-users/u1", headers=owner).status_code == 200
    del days["u1"]
    assert active_users(app_record.id, None, None) == 3
    # the counts lost u1's days and weeks, as a recount does
    assert_recount_keeps(lambda: _active(app_record), lambda: rebuild_active(app_record.id))
