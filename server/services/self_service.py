"""Is self-service working? Help sessions and the KPIs built on them, by day or week, language and channel.

A help session is one end user's help activity (the widget opened, a search, an article opened, a vote) with no
gap over SESSION_GAP. It starts in the period, language and channel the KPIs count it in:
- language: the one the help was shown in when it opened, else of its first search, else of its first article;
- channel: `widget` when it began in the help widget (opened, or a search), `article_link` when it began with an
  article opened straight from the host page (a link or the JS API).
A support request belongs to the session of its user that it followed within FOLLOW_UP of its last activity
(none: channel `direct`, language of the request's own context when it names one).
Searches and votes of anonymous users count in the search and vote figures, not in sessions.
Figures that divide are percentages with one decimal, None when there is nothing to divide by.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import App, Event, KbArticle, KbFeedback, KbSearch, SupportRequest
from ..rules.article_ids import article_number
from ..rules.help_sessions import CHANNELS, FOLLOW_UP, SESSION_GAP
from ..rules.i18n import language_of
from ..rules.periods import period_of, periods

UNKNOWN = "unknown"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class HelpSession:
    user: int
    start: datetime
    end: datetime
    channel: str
    language: str | None = None
    searches: int = 0
    articles: set = field(default_factory=set)
    votes: int = 0
    support_requests: int = 0

    @property
    def resolved(self) -> bool:
        """An article was opened and no support request followed."""
        return bool(self.articles) and not self.support_requests


def _language(locale: str | None) -> str | None:
    return language_of(locale) if locale else None


class _Activity:
    """One app's help activity over a range (with the margins sessions and follow-ups need)."""

    def __init__(self, app: App, start: datetime | None, end: datetime | None):
        lo = start - FOLLOW_UP if start else None
        hi = end + FOLLOW_UP if end else None

        def within(column, low=lo, high=end):
            return [c for c in (column >= low if low else None, column < high if high else None) if c is not None]

        self.events = db.session.execute(
            select(Event.end_user_id, Event.type, Event.client_ts, Event.article_id, Event.data)
            .where(Event.app_id == app.id, Event.type.in_(("help_opened", "article_viewed")), *within(Event.client_ts))
        ).all()
        self.searches = db.session.execute(
            select(KbSearch.end_user_id, KbSearch.created_at, KbSearch.locale, KbSearch.result_count,
                   KbSearch.opened_article_id)
            .where(KbSearch.app_id == app.id, *within(KbSearch.created_at))).all()
        self.votes = db.session.execute(
            select(KbFeedback.end_user_id, KbFeedback.created_at, KbFeedback.locale, KbFeedback.helpful,
                   KbFeedback.article_id)
            .where(KbFeedback.app_id == app.id, *within(KbFeedback.created_at))).all()
        self.requests = db.session.execute(
            select(SupportRequest.end_user_id, SupportRequest.created_at, SupportRequest.context)
            .where(SupportRequest.app_id == app.id, *within(SupportRequest.created_at, lo, hi))).all()
        numbers = {article_number(e.article_id) for e in self.events if e.article_id}
        numbers.discard(None)
        self.article_locales = dict(db.session.execute(
            select(KbArticle.id, KbArticle.locale).where(KbArticle.app_id == app.id, KbArticle.id.in_(numbers))).all())

    def sessions(self) -> list[HelpSession]:
        """Every help session, oldest first, with the support requests that followed each."""
        moves: dict[int, list[tuple]] = defaultdict(list)
        for user, kind, at, article_id, data in self.events:
            if kind == "help_opened":
                data = data if isinstance(data, dict) else {}
                locale = data.get("locale") if isinstance(data.get("locale"), str) else None
                # opened at an article by a link on the host page (or the JS API): as if the article came first
                moves[user].append((at, "article" if data.get("via") == "link" else "open", locale, None))
            else:
                number = article_number(article_id)
                moves[user].append((at, "article", self.article_locales.get(number), number))
        for user, at, locale, _, _ in self.searches:
            if user is not None:
                moves[user].append((at, "search", locale, None))
        for user, at, locale, _, _ in self.votes:
            if user is not None:
                moves[user].append((at, "vote", locale, None))

        sessions = []
        for user, items in moves.items():
            current = None
            for at, kind, locale, article in sorted(items, key=lambda item: item[0]):
                if current is None or at - current.end > SESSION_GAP:
                    current = HelpSession(user, at, at, "article_link" if kind == "article" else "widget")
                    sessions.append(current)
                current.end = at
                current.language = current.language or _language(locale)
                current.searches += kind == "search"
                current.votes += kind == "vote"
                if kind == "article" and article is not None:
                    current.articles.add(article)
        sessions.sort(key=lambda s: s.start)
        self.attributed = self._attribute(sessions)
        return sessions

    def _attribute(self, sessions: list[HelpSession]) -> list[tuple[int, datetime, HelpSession | None, dict]]:
        """Each support request (its user, time and context) with the session it followed, or None."""
        by_user: dict[int, list[HelpSession]] = defaultdict(list)
        for s in sessions:
            by_user[s.user].append(s)
        attributed = []
        for user, at, context in self.requests:
            followed = next((s for s in reversed(by_user.get(user, [])) if s.start <= at <= s.end + FOLLOW_UP), None)
            if followed is not None:
                followed.support_requests += 1
            attributed.append((user, at, followed, context or {}))
        return attributed


def _in(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment < end)


class _Tally:
    """The KPI figures of one group (a period, a language, a channel or the total)."""

    def __init__(self):
        self.help_sessions = self.resolved = self.escalated = 0
        self.support_requests = self.support_after_article = 0
        self.searches = self.searches_with_article = self.zero_result_searches = 0
        self.votes = self.helpful_votes = 0
        self.active_users: set = set()

    def figures(self, with_active_users: bool) -> dict:
        """`active_users` (and support per 1,000 of them) only where they are known: app-wide, unfiltered."""
        active = len(self.active_users) if with_active_users else None
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


def self_service_kpis(app: App, start: datetime | None, end: datetime | None, interval: str = "day",
                      language: str | None = None, channel: str | None = None) -> dict:
    """The KPIs over the range: in total, per period (every period of the range, empty ones included), per
    language and per channel. `language` and `channel` narrow everything but `active_users` (app-wide)."""
    activity = _Activity(app, start, end)
    sessions = activity.sessions()
    total, by_period = _Tally(), defaultdict(_Tally)
    languages: dict[str, _Tally] = defaultdict(_Tally)
    channels: dict[str, _Tally] = defaultdict(_Tally)

    def wanted(lang: str, chan: str) -> bool:
        return (language is None or lang == language) and (channel is None or chan == channel)

    def add(moment, lang, chan, apply):
        if not _in(moment, start, end) or not wanted(lang, chan):
            return
        for tally in (total, by_period[period_of(moment, interval)], languages[lang], channels[chan]):
            apply(tally)

    for s in sessions:
        def count(t, s=s):
            t.help_sessions += 1
            t.resolved += s.resolved
            t.escalated += bool(s.support_requests)
        add(s.start, s.language or UNKNOWN, s.channel, count)

    viewed_at: dict[int, list[datetime]] = defaultdict(list)
    for user, kind, at, _, _ in activity.events:
        if kind == "article_viewed":
            viewed_at[user].append(at)
    for user, at, followed, context in activity.attributed:
        lang = followed.language if followed and followed.language else (
            _language(context.get("locale")) if isinstance(context.get("locale"), str) else None) or UNKNOWN
        chan = followed.channel if followed else "direct"
        after_article = any(at - FOLLOW_UP <= v <= at for v in viewed_at[user])

        def request(t, after_article=after_article):
            t.support_requests += 1
            t.support_after_article += after_article
        add(at, lang, chan, request)

    for _user, at, locale, results, opened in activity.searches:
        def search(t, results=results, opened=opened):
            t.searches += 1
            t.searches_with_article += opened is not None
            t.zero_result_searches += results == 0
        add(at, _language(locale) or UNKNOWN, "widget", search)
    for _user, at, locale, helpful, _ in activity.votes:
        def vote(t, helpful=helpful):
            t.votes += 1
            t.helpful_votes += bool(helpful)
        add(at, _language(locale) or UNKNOWN, "widget", vote)

    app_wide = language is None and channel is None
    if app_wide:
        for user, at in _active(app, start, end):
            total.active_users.add(user)
            by_period[period_of(at, interval)].active_users.add(user)

    return {
        "interval": interval,
        "totals": total.figures(app_wide),
        "series": [{"period": p, **by_period[p].figures(app_wide)} for p in periods(start, end, interval, by_period)],
        "by_language": [{"language": k, **v.figures(False)} for k, v in sorted(languages.items())],
        "by_channel": [{"channel": k, **channels[k].figures(False)} for k in CHANNELS if k in channels],
    }


def _active(app: App, start: datetime | None, end: datetime | None):
    """(end user, time) of the events in the range: an active user is one who sent any."""
    return db.session.execute(
        select(Event.end_user_id, Event.client_ts).where(
            Event.app_id == app.id, *[c for c in (Event.client_ts >= start if start else None,
                                                  Event.client_ts < end if end else None) if c is not None]))
