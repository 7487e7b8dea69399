"""Help sessions, kept as help activity arrives (and rebuilt from it), for the self-service KPIs.

A help session is one end user's help activity (the widget opened, a search, an article opened, a vote) with no gap
over SESSION_GAP. Its channel is `article_link` when its first activity is an article opened straight from the host
page (a link or the JS API), else `widget`; its language is that of its earliest activity that names one (the
widget's locale when opened, a search's, an opened article's, a vote's). Activity may arrive out of order: it joins
the session it falls within SESSION_GAP of, and one that bridges two sessions merges them.
"""
import heapq
from datetime import UTC, date, datetime
from types import SimpleNamespace

from sqlalchemy import case, delete, func, insert, literal_column, select

from ..extensions import db
from ..models import EndUser, Event, HelpSession, HelpSessionDay, KbArticle, KbFeedback, KbSearch
from ..models.rollups import NONE
from ..rules.article_ids import article_number
from ..rules.help_sessions import SESSION_GAP
from ..rules.i18n import language_of
from .sql import add_counts


def _language(locale) -> str | None:
    return language_of(locale) if isinstance(locale, str) and locale else None


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def help_event(kind: str, data) -> str | None:
    """The help activity an event is: `help_opened` at an article by a link counts as the article opened first."""
    if kind == "article_viewed":
        return "article"
    if kind == "help_opened":
        return "article" if isinstance(data, dict) and data.get("via") == "link" else "open"
    return None


def note_help(app_id: int, user_id: int, at: datetime, kind: str, locale: str | None = None,
              article: int | None = None, counted: bool = True) -> None:
    """Adds one help activity of the user to their sessions. `counted` False: an activity already counted that
    moved (a search replaced as the user typed on) only extends its session."""
    db.session.execute(select(EndUser.id).where(EndUser.id == user_id).with_for_update())  # one writer per user
    near = list(db.session.scalars(
        select(HelpSession).where(HelpSession.end_user_id == user_id, HelpSession.started_at <= at + SESSION_GAP,
                                  HelpSession.ended_at >= at - SESSION_GAP).order_by(HelpSession.started_at)))
    if not near:
        session = _started(app_id, user_id, at, kind, locale, article, counted)
        db.session.add(session)
        count_sessions(app_id, [(_day_key(session), 1)])
        return
    before = [(_day_key(s), -1) for s in near]
    session = near[0]
    for later in near[1:]:
        _merge(session, later)
        db.session.delete(later)
    _add(session, at, kind, locale, article, counted)
    count_sessions(app_id, [*before, (_day_key(session), 1)])


def forget_user_sessions(app_id: int, user_id: int) -> None:
    """An erased user's sessions, and their part of the daily counts, go."""
    sessions = list(db.session.scalars(select(HelpSession).filter_by(app_id=app_id, end_user_id=user_id)))
    count_sessions(app_id, [(_day_key(session), -1) for session in sessions])
    db.session.execute(delete(HelpSession).where(HelpSession.app_id == app_id, HelpSession.end_user_id == user_id))


def _day_key(session) -> tuple:
    """Where a session counts among the day's: its day, language, channel and whether an article was opened."""
    return session.started_day, session.language or NONE, session.channel, int(session.article_count > 0)


def count_sessions(app_id: int, changes: list[tuple[tuple, int]]) -> None:
    """Moves the daily session counts by these (key, ±1) changes."""
    add_counts(HelpSessionDay.__table__, _DAY_COLUMNS, [((app_id, *key), n) for key, n in changes])


_DAY_COLUMNS = ("app_id", "day", "language", "channel", "with_article", "sessions")


def _started(app_id: int, user_id: int, at: datetime, kind: str, locale, article, counted: bool = True,
             make=HelpSession) -> HelpSession:
    session = make(app_id=app_id, end_user_id=user_id, started_at=at, started_day=_day(at), ended_at=at,
                          channel="article_link" if kind == "article" else "widget", language=None, language_at=None,
                          searches=0, votes=0, articles=[], article_count=0)
    _add(session, at, kind, locale, article, counted)
    return session


def _add(session: HelpSession, at: datetime, kind: str, locale, article, counted: bool) -> None:
    if at < session.started_at:
        session.started_at, session.started_day = at, _day(at)
        session.channel = "article_link" if kind == "article" else "widget"
    session.ended_at = max(session.ended_at, at)
    language = _language(locale)
    if language and (session.language_at is None or at < session.language_at):
        session.language, session.language_at = language, at
    session.searches += counted and kind == "search"
    session.votes += counted and kind == "vote"
    if kind == "article" and article is not None and article not in session.articles:
        session.articles = [*session.articles, article]
        session.article_count = len(session.articles)


def _merge(session: HelpSession, later: HelpSession) -> None:
    """Folds a later session into an earlier one that an activity joined."""
    session.ended_at = max(session.ended_at, later.ended_at)
    if later.language_at is not None and (session.language_at is None or later.language_at < session.language_at):
        session.language, session.language_at = later.language, later.language_at
    session.searches += later.searches
    session.votes += later.votes
    session.articles = sorted(set(session.articles) | set(later.articles))
    session.article_count = len(session.articles)


def note_help_events(app_id: int, user_id: int, events: list[dict]) -> None:
    """The help activity among events just stored (as the SDK sent them)."""
    helpful = [e for e in events if help_event(e["type"], e.get("data"))]
    if helpful:
        locales = _article_locales(app_id, [e.get("article_id") for e in helpful])
        for event in helpful:
            note_help(app_id, user_id, event["ts"], *_move(event["type"], event.get("article_id"), event.get("data"),
                                                           locales))


def _article_locales(app_id: int, article_ids=None) -> dict[int, str]:
    """Article number → its locale: of these article ids, or of every article of the app (None)."""
    scope = [KbArticle.app_id == app_id]
    if article_ids is not None:
        numbers = {article_number(a) for a in article_ids} - {None}
        if not numbers:
            return {}
        scope.append(KbArticle.id.in_(numbers))
    return dict(db.session.execute(select(KbArticle.id, KbArticle.locale).where(*scope)).all())


def _move(event_type: str, article_id, data, locales: dict[int, str]) -> tuple:
    """A help event as an activity: (kind, locale, article number). An article viewed is in the article's locale;
    the widget opened, in the locale it says."""
    kind = help_event(event_type, data)
    if event_type == "article_viewed":
        number = article_number(article_id)
        return kind, locales.get(number), number
    return kind, data.get("locale") if isinstance(data, dict) else None, None


def rebuild_help_sessions(app_id: int, since: datetime | None = None) -> int:
    """Recounts the app's help sessions from its help activity from `since` (all when None); sessions that began
    before it are kept. The activity is read as one stream ordered by user and time, and the sessions written in
    chunks, so that memory stays flat however much there is. Returns the sessions written."""
    db.session.execute(delete(HelpSession).where(HelpSession.app_id == app_id,
                                                 *([HelpSession.started_at >= since] if since else [])))
    written, chunk, current = 0, [], None
    for user, at, kind, locale, article in _activity(app_id, since):
        if current is None or current.end_user_id != user or at - current.ended_at > SESSION_GAP:
            current = _started(app_id, user, at, kind, locale, article, make=SimpleNamespace)
            chunk.append(current)
            if len(chunk) > REBUILD_CHUNK:
                written += _insert(chunk[:-1])
                chunk = chunk[-1:]
        else:
            _add(current, at, kind, locale, article, True)
    written += _insert(chunk)
    _recount_days(app_id)
    return written


def _recount_days(app_id: int) -> None:
    """The daily session counts, from the sessions."""
    db.session.execute(delete(HelpSessionDay).where(HelpSessionDay.app_id == app_id))
    language = func.coalesce(HelpSession.language, literal_column(f"'{NONE}'"))
    with_article = case((HelpSession.article_count > 0, 1), else_=0)
    db.session.execute(insert(HelpSessionDay).from_select(list(_DAY_COLUMNS), select(
        HelpSession.app_id, HelpSession.started_day, language, HelpSession.channel, with_article, func.count())
        .where(HelpSession.app_id == app_id)
        .group_by(HelpSession.app_id, HelpSession.started_day, language, HelpSession.channel, with_article)))


REBUILD_CHUNK = 5000


def _insert(sessions: list[SimpleNamespace]) -> int:
    if sessions:
        db.session.execute(insert(HelpSession), [vars(session) for session in sessions])
    return len(sessions)


def _activity(app_id: int, since: datetime | None):
    """Every help activity of the app's users from `since`: (user, time, kind, locale, article number), ordered by
    user, then time (at the same time: events, searches, votes)."""
    def after(column):
        return [column >= since] if since else []

    locales = _article_locales(app_id)
    streamed = {"yield_per": 5000}
    events = db.session.execute(
        select(Event.end_user_id, Event.client_ts, Event.type, Event.article_id, Event.data)
        .where(Event.app_id == app_id, Event.type.in_(("help_opened", "article_viewed")), *after(Event.client_ts))
        .order_by(Event.end_user_id, Event.client_ts).execution_options(**streamed))
    searches = db.session.execute(
        select(KbSearch.end_user_id, KbSearch.created_at, KbSearch.locale)
        .where(KbSearch.app_id == app_id, KbSearch.end_user_id.is_not(None), *after(KbSearch.created_at))
        .order_by(KbSearch.end_user_id, KbSearch.created_at).execution_options(**streamed))
    votes = db.session.execute(
        select(KbFeedback.end_user_id, KbFeedback.created_at, KbFeedback.locale)
        .where(KbFeedback.app_id == app_id, KbFeedback.end_user_id.is_not(None), *after(KbFeedback.created_at))
        .order_by(KbFeedback.end_user_id, KbFeedback.created_at).execution_options(**streamed))

    def of_events():
        for user, at, kind, article_id, data in events:
            yield user, at, *_move(kind, article_id, data, locales)

    return heapq.merge(of_events(), ((user, at, "search", locale, None) for user, at, locale in searches),
                       ((user, at, "vote", locale, None) for user, at, locale in votes),
                       key=lambda move: (move[0], move[1]))
