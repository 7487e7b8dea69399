"""The content-gap inbox: searches that found nothing, or after which nothing was opened, grouped by normalized
query, language and page, ranked by the users they failed; and the articles written to answer them.

A gap is answered once an article is linked to it; from then on the inbox shows how the same searches fare."""
import hashlib
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import App, KbArticle, KbGap, KbSearch
from ..rules.i18n import language_of
from .errors import ServiceError, not_found
from .kb_search import search_text

UNKNOWN = "unknown"


def page_of(url: str | None) -> str:
    """The path a search was typed on, without its query string or fragment ('' when not known)."""
    return (url or "").split("#", 1)[0].split("?", 1)[0][:2048]


def gap_key(normalized: str, language: str, page: str) -> str:
    return hashlib.sha256("\x00".join((normalized, language, page)).encode()).hexdigest()


def _group(search: KbSearch) -> tuple[str, str, str]:
    return search.normalized, language_of(search.locale) if search.locale else UNKNOWN, page_of(search.url)


def _in_range(column, start, end) -> list:
    return [c for c in (column >= start if start else None, column < end if end else None) if c is not None]


def content_gaps(app: App, start: datetime | None = None, end: datetime | None = None, limit: int = 50) -> dict:
    """`open`: failed searches grouped, most users first; `answered`: the gaps an article was written for, with
    how their searches went since (searches, and those after which an article was opened)."""
    answered = {gap.key: gap for gap in db.session.scalars(select(KbGap).filter_by(app_id=app.id))}
    groups: dict[str, dict] = {}
    since: dict[str, list[int]] = {key: [0, 0] for key in answered}
    rows = db.session.scalars(select(KbSearch).where(KbSearch.app_id == app.id, *_in_range(KbSearch.created_at,
                                                                                          start, end))
                              .order_by(KbSearch.created_at))
    for search in rows:
        normalized, language, page = _group(search)
        key = gap_key(normalized, language, page)
        gap = answered.get(key)
        if gap is not None and search.created_at >= gap.answered_at:
            since[key][0] += 1
            since[key][1] += search.opened_article_id is not None
            continue
        if search.result_count and search.opened_article_id is not None:
            continue
        group = groups.setdefault(key, {"key": key, "normalized": normalized, "language": language, "page": page,
                                        "searches": 0, "zero_results": 0, "users": set(), "anonymous": 0})
        group["query"] = search.query  # the latest wording
        group["last_searched_at"] = search.created_at
        group["searches"] += 1
        group["zero_results"] += search.result_count == 0
        if search.end_user_id is None:
            group["anonymous"] += 1
        else:
            group["users"].add(search.end_user_id)

    def shown(group: dict) -> dict:
        users = len(group.pop("users")) + group.pop("anonymous")
        return {**group, "users": users}

    open_gaps = sorted((shown(g) for k, g in groups.items() if k not in answered),
                       key=lambda g: (-g["users"], -g["searches"], g["normalized"]))[:limit]
    titles = dict(db.session.execute(select(KbArticle.id, KbArticle.title).where(
        KbArticle.id.in_([g.article_id for g in answered.values() if g.article_id]))).all())
    answered_gaps = []
    for key, gap in sorted(answered.items(), key=lambda item: item[1].answered_at, reverse=True)[:limit]:
        before = groups.get(key)
        searches, succeeded = since[key]
        answered_gaps.append({
            "key": key, "normalized": gap.normalized, "language": gap.language, "page": gap.page,
            "query": before["query"] if before else gap.normalized, "article_id": gap.article_id,
            "article_title": titles.get(gap.article_id), "answered_at": gap.answered_at,
            "failed_before": before["searches"] if before else 0,
            "searches_since": searches, "succeeded_since": succeeded,
            "success_rate_since": round(100 * succeeded / searches, 1) if searches else None,
        })
    return {"open": open_gaps, "answered": answered_gaps}


def link_gap(app: App, article: KbArticle, query: str, language: str, page: str) -> KbGap:
    """Marks the gap of (query, language, page) as answered by `article` (again: by the newer article).
    `query` is normalized as searches are, so the gap's own wording or its normalized text both do."""
    normalized = search_text(query)[:500]
    if not normalized:
        raise ServiceError(422, "validation_error", "The gap's query has no words.", {"gap": {"query": ["No words."]}})
    if article.app_id != app.id:
        raise not_found("The article")
    key = gap_key(normalized, language, page_of(page))
    gap = db.session.scalar(select(KbGap).filter_by(app_id=app.id, key=key))
    if gap is None:
        gap = KbGap(app_id=app.id, key=key, normalized=normalized, language=language, page=page_of(page))
        db.session.add(gap)
    gap.article_id = article.id
    db.session.flush()
    return gap
