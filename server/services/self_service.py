"""Is self-service working? Help sessions (services/help_sessions.py) and the KPIs built on them, by day or week,
language and channel.

A session counts in the period, language and channel it started in. A support request belongs to the latest
session of its user that it followed within FOLLOW_UP of its last activity (none: channel `direct`, language of the
request's own context when it names one); a session with a request is escalated, one with an article opened and no
request resolved. Searches and votes of anonymous users count in the search and vote figures, not in sessions.
Figures that divide are percentages with one decimal, None when there is nothing to divide by. Everything is
counted in the database, from the stored sessions and the daily rollups: the cost does not grow with the activity.
"""
from collections import defaultdict
from datetime import datetime

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import App, HelpSession, HelpSessionDay, KbFeedback, SearchDay, SupportRequest
from ..rules.help_sessions import CHANNELS, FOLLOW_UP
from ..rules.i18n import language_of
from ..rules.periods import period_of, period_of_day, periods
from .active_users import active_series, active_users
from .sql import day_text, json_text, period_column, shifted, utc_day

UNKNOWN = "unknown"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _language(locale) -> str:
    return (language_of(locale) if isinstance(locale, str) and locale else None) or UNKNOWN


def _range(column, start: datetime | None, end: datetime | None) -> list:
    return [c for c in (column >= start if start else None, column < end if end else None) if c is not None]


class _Tally:
    """The KPI figures of one group (a period, a language, a channel or the total)."""

    def __init__(self):
        self.help_sessions = self.resolved = self.escalated = 0
        self.support_requests = self.support_after_article = 0
        self.searches = self.searches_with_article = self.zero_result_searches = 0
        self.votes = self.helpful_votes = 0
        self.active_users = 0

    def figures(self, with_active_users: bool) -> dict:
        """`active_users` (and support per 1,000 of them) only where they are known: app-wide, unfiltered."""
        active = self.active_users if with_active_users else None
        return {
            "help_sessions": self.help_sessions, "resolved_sessions": self.resolved,
            "resolution_rate": percent(self.resolved, self.help_sessions),
            "escalated_sessions": self.escalated,
            "support_requests": self.support_requests,
            "support_per_100_sessions": (round(100 * self.support_requests / self.help_sessions, 1)
                                         if self.help_sessions else None),
            "active_users": active,
            "support_per_1000_users": (round(1000 * self.support_requests / active, 1) if active else None),
            "support_after_article": self.support_after_article,
            "support_after_article_pct": percent(self.support_after_article, self.support_requests),
            "searches": self.searches, "searches_with_article": self.searches_with_article,
            "search_success_rate": percent(self.searches_with_article, self.searches),
            "zero_result_searches": self.zero_result_searches,
            "zero_result_rate": percent(self.zero_result_searches, self.searches),
            "votes": self.votes, "helpful_votes": self.helpful_votes,
            "helpfulness": percent(self.helpful_votes, self.votes),
        }


class _Kpis:
    def __init__(self, interval: str, language: str | None, channel: str | None):
        self.interval, self.language, self.channel = interval, language, channel
        self.total, self.by_period = _Tally(), defaultdict(_Tally)
        self.languages: dict[str, _Tally] = defaultdict(_Tally)
        self.channels: dict[str, _Tally] = defaultdict(_Tally)

    def add(self, period: str, lang: str, chan: str, apply) -> None:
        if (self.language is None or lang == self.language) and (self.channel is None or chan == self.channel):
            for tally in (self.total, self.by_period[period], self.languages[lang], self.channels[chan]):
                apply(tally)


def self_service_kpis(app: App, start: datetime | None, end: datetime | None, interval: str = "day",
                      language: str | None = None, channel: str | None = None) -> dict:
    """The KPIs over the range: in total, per period (every period of the range, empty ones included), per
    language and per channel. `language` and `channel` narrow everything but `active_users` (app-wide)."""
    kpis = _Kpis(interval, language, channel)
    _count_sessions(kpis, app, start, end)
    _count_support(kpis, app, start, end)
    _count_searches_and_votes(kpis, app, start, end)
    app_wide = language is None and channel is None
    if app_wide:
        _count_active_users(kpis, app, start, end)
    span = periods(start, end, interval, kpis.by_period)
    return {
        "interval": interval,
        "totals": kpis.total.figures(app_wide),
        "series": [{"period": p, **kpis.by_period[p].figures(app_wide)} for p in span],
        "by_language": [{"language": k, **v.figures(False)} for k, v in sorted(kpis.languages.items())],
        "by_channel": [{"channel": k, **kpis.channels[k].figures(False)} for k in CHANNELS if k in kpis.channels],
    }


def _period(column, interval: str):
    return period_column(utc_day(column), interval)


def _count_sessions(kpis: _Kpis, app: App, start, end) -> None:
    for day, lang, chan, with_article, sessions in db.session.execute(
            select(HelpSessionDay.day, HelpSessionDay.language, HelpSessionDay.channel, HelpSessionDay.with_article,
                   HelpSessionDay.sessions)
            .where(HelpSessionDay.app_id == app.id, HelpSessionDay.sessions != 0,
                   *_range(HelpSessionDay.day, start and start.date(), end and end.date()))):
        def count(t, sessions=sessions, with_article=with_article):
            t.help_sessions += sessions
            t.resolved += sessions if with_article else 0
        kpis.add(period_of_day(day, kpis.interval), lang or UNKNOWN, chan, count)


def _count_support(kpis: _Kpis, app: App, start, end) -> None:
    """Each support request of the range, and the sessions in the range that requests (to FOLLOW_UP after it)
    followed: those are escalated, not resolved."""
    hi = end + FOLLOW_UP if end else None
    latest_followed = (select(HelpSession.id).where(
        HelpSession.end_user_id == SupportRequest.end_user_id, HelpSession.started_at <= SupportRequest.created_at,
        HelpSession.ended_at >= shifted(SupportRequest.created_at, -FOLLOW_UP))
        .order_by(HelpSession.started_at.desc()).limit(1).scalar_subquery())
    requests = db.session.execute(
        select(SupportRequest.end_user_id, SupportRequest.created_at, json_text(SupportRequest.context, "locale"),
               SupportRequest.after_article, latest_followed)
        .where(SupportRequest.app_id == app.id, *_range(SupportRequest.created_at, start, hi))
        .order_by(SupportRequest.created_at)).all()
    if not requests:
        return
    followed_ids = {session_id for *_, session_id in requests if session_id is not None}
    followed = {session.id: session for session in db.session.execute(
        select(HelpSession.id, HelpSession.started_at, HelpSession.channel, HelpSession.language,
               HelpSession.started_day, HelpSession.article_count)
        .where(HelpSession.id.in_(followed_ids)))} if followed_ids else {}

    escalated: dict[int, tuple] = {}
    for _user, at, locale, after_article, session_id in requests:
        session = followed.get(session_id)
        if session is not None:
            escalated[session.id] = session
        if end is not None and at >= end:
            continue
        lang = session.language if session and session.language else _language(locale)

        def request(t, after_article=after_article):
            t.support_requests += 1
            t.support_after_article += after_article
        kpis.add(period_of(at, kpis.interval), lang, session.channel if session else "direct", request)

    for session in escalated.values():
        if (start is None or session.started_at >= start) and (end is None or session.started_at < end):
            def escalate(t, session=session):
                t.escalated += 1
                t.resolved -= session.article_count > 0
            kpis.add(period_of(session.started_at, kpis.interval), session.language or UNKNOWN, session.channel,
                     escalate)


def _count_searches_and_votes(kpis: _Kpis, app: App, start, end) -> None:
    for day, locale, zero, opened, n in db.session.execute(
            select(SearchDay.day, SearchDay.locale, SearchDay.zero_results, SearchDay.opened, SearchDay.searches)
            .where(SearchDay.app_id == app.id, SearchDay.searches != 0,
                   *_range(SearchDay.day, start and start.date(), end and end.date()))):
        def search(t, n=n, opened=opened, zero=zero):
            t.searches += n
            t.searches_with_article += n if opened else 0
            t.zero_result_searches += n if zero else 0
        kpis.add(period_of_day(day, kpis.interval), _language(locale or None), "widget", search)
    period = _period(KbFeedback.created_at, kpis.interval)
    helpful = case((KbFeedback.helpful, 1), else_=0)
    for day, locale, n, yes in db.session.execute(
            select(period, KbFeedback.locale, func.count(), func.sum(helpful))
            .where(KbFeedback.app_id == app.id, *_range(KbFeedback.created_at, start, end))
            .group_by(period, KbFeedback.locale)):
        def vote(t, n=n, yes=yes):
            t.votes += n
            t.helpful_votes += yes or 0
        kpis.add(day_text(day), _language(locale), "widget", vote)


def _count_active_users(kpis: _Kpis, app: App, start, end) -> None:
    """An active user is one who sent any event: in the range, and in each period."""
    first, last = start and start.date(), end and end.date()
    kpis.total.active_users = active_users(app.id, first, last)
    for period, n in active_series(app.id, kpis.interval, first, last).items():
        kpis.by_period[period].active_users = n
