"""What end users do with the knowledge base: searches (and what they opened next), views, votes."""
from datetime import UTC, timedelta

from sqlalchemy import case, delete, func, insert, literal_column, select

from ..extensions import db
from ..models import App, EndUser, KbArticle, KbFeedback, KbSearch, SearchDay, utcnow
from ..models.rollups import NONE
from ..rules.article_ids import article_number
from .event_store import store_server_event
from .help_sessions import note_help
from .kb_search import search_text
from .sql import add_counts, utc_day

OPENED_WINDOW = timedelta(minutes=30)
TYPING_BURST = timedelta(seconds=30)


def log_search(app: App, user: EndUser | None, query: str, locale: str | None, result_count: int,
               url: str | None = None) -> KbSearch:
    """Logs one search per settled query. Search as you type asks at every pause ("eska", "eskalasi ag",
    "eskalasi agen"): a query that extends or shortens the user's last one, within TYPING_BURST and before an
    article was opened from it, replaces it, so the log keeps the burst's last query."""
    normalized = search_text(query)[:500]
    last = user and db.session.scalar(
        select(KbSearch).filter_by(app_id=app.id, end_user_id=user.id).order_by(KbSearch.id.desc()).limit(1))
    if (normalized and last and last.opened_article_id is None and last.created_at >= utcnow() - TYPING_BURST
            and (normalized.startswith(last.normalized) or last.normalized.startswith(normalized))):
        before = _search_key(last)
        last.query, last.normalized, last.locale, last.result_count = query[:500], normalized, locale, result_count
        last.url, last.created_at = url or last.url, utcnow()
        count_searches(app.id, [(before, -1), (_search_key(last), 1)])
        note_help(app.id, user.id, last.created_at, "search", locale, counted=False)
        db.session.flush()
        return last
    row = KbSearch(app_id=app.id, end_user_id=user.id if user else None, query=query[:500],
                   normalized=normalized, locale=locale, result_count=result_count, url=url, created_at=utcnow())
    db.session.add(row)
    count_searches(app.id, [(_search_key(row), 1)])
    if user is not None:
        note_help(app.id, user.id, row.created_at, "search", locale)
    db.session.flush()
    return row


def note_article_opened(app: App, user: EndUser, article_id: str | None, query: str | None) -> None:
    """Link an `article_viewed` event that names the query it came from to that search."""
    number = article_number(article_id)
    if not query or number is None:
        return
    search = db.session.scalar(
        select(KbSearch).filter_by(app_id=app.id, end_user_id=user.id, query=query[:500])
        .where(KbSearch.created_at >= utcnow() - OPENED_WINDOW).order_by(KbSearch.id.desc()).limit(1))
    article = db.session.get(KbArticle, number)
    if search is not None and article is not None and article.app_id == app.id and search.opened_article_id is None:
        before = _search_key(search)
        search.opened_article_id = article.id
        count_searches(app.id, [(before, -1), (_search_key(search), 1)])


def _search_key(search: KbSearch) -> tuple:
    """Where a logged search counts among the day's."""
    return (search.created_at.astimezone(UTC).date(), search.locale or NONE, int(search.result_count == 0),
            int(search.opened_article_id is not None))


_SEARCH_DAY_COLUMNS = ("app_id", "day", "locale", "zero_results", "opened", "searches")


def count_searches(app_id: int, changes: list[tuple[tuple, int]]) -> None:
    """Moves the daily search counts by these (key, ±1) changes."""
    add_counts(SearchDay.__table__, _SEARCH_DAY_COLUMNS, [((app_id, *key), n) for key, n in changes])


def forget_user_searches(app_id: int, user_id: int) -> None:
    """An erased user's searches leave the daily counts (the caller deletes them)."""
    count_searches(app_id, [(_search_key(search), -1) for search in db.session.scalars(
        select(KbSearch).filter_by(app_id=app_id, end_user_id=user_id))])


def recount_search_days(app_id: int) -> None:
    """The daily search counts, from the search log."""
    db.session.execute(delete(SearchDay).where(SearchDay.app_id == app_id))
    locale = func.coalesce(KbSearch.locale, literal_column(f"'{NONE}'"))
    zero = case((KbSearch.result_count == 0, 1), else_=0)
    opened = case((KbSearch.opened_article_id.is_not(None), 1), else_=0)
    day = utc_day(KbSearch.created_at)
    db.session.execute(insert(SearchDay).from_select(list(_SEARCH_DAY_COLUMNS), select(
        KbSearch.app_id, day, locale, zero, opened, func.count()).where(KbSearch.app_id == app_id)
        .group_by(KbSearch.app_id, day, locale, zero, opened)))


def record_feedback(app: App, article: KbArticle, user: EndUser | None, helpful: bool,
                    comment: str | None, url: str | None = None) -> KbFeedback:
    feedback = KbFeedback(app_id=app.id, article_id=article.id, end_user_id=user.id if user else None,
                          locale=article.locale, helpful=helpful, comment=comment, url=url, created_at=utcnow())
    db.session.add(feedback)
    if user is not None:
        note_help(app.id, user.id, feedback.created_at, "vote", article.locale)
        store_server_event(app.id, user.id, "article_voted", article_id=str(article.id), url=url,
                           data={"helpful": helpful, "locale": article.locale, "commented": comment is not None})
    db.session.flush()
    return feedback
