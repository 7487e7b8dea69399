"""What support staff look up about end users: finding them, one user's timeline, the support inbox."""
from sqlalchemy import select

from ..extensions import db
from ..models import (
    App,
    EndUser,
    Event,
    KbArticle,
    KbFeedback,
    KbRequestArticle,
    KbSearch,
    SupportRequest,
    Tour,
    TourProgress,
)
from .article_refs import article_titles
from .end_users import find_end_user
from .errors import not_found
from .identity import normalize_user_id


def find_end_users(app: App, prefix: str, limit: int = 50) -> list[EndUser]:
    """End users whose id starts with `prefix` (exactly, case-sensitive), most recently seen first."""
    escaped = normalize_user_id(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(db.session.scalars(
        select(EndUser).where(EndUser.app_id == app.id, EndUser.external_id.like(escaped + "%", escape="\\"))
        .order_by(EndUser.last_seen_at.desc(), EndUser.external_id).limit(limit)))




# The server's events of what the timeline lists from its own rows (votes, support requests, the opt-out): left out
# before the limit, so that they never push out the events only the log holds.
_LISTED_APART = Event.type.in_(("article_voted", "support_requested")) | (
    (Event.type == "opted_out") & Event.tour_id.is_(None))


def user_timeline(app: App, external_id: str, limit: int = 500) -> dict:
    """The user, their tour progress, and their last `limit` items of each kind, oldest first:
    events, searches, "was this helpful?" votes, support requests and the opt-out."""
    user = find_end_user(app, external_id)
    events = db.session.scalars(select(Event).filter_by(app_id=app.id, end_user_id=user.id).where(~_LISTED_APART)
                                .order_by(Event.client_ts.desc(), Event.id.desc()).limit(limit)).all()
    searches = db.session.scalars(select(KbSearch).filter_by(app_id=app.id, end_user_id=user.id)
                                  .order_by(KbSearch.id.desc()).limit(limit)).all()
    votes = db.session.scalars(select(KbFeedback).filter_by(app_id=app.id, end_user_id=user.id)
                               .order_by(KbFeedback.id.desc()).limit(limit)).all()
    requests = db.session.scalars(select(SupportRequest).filter_by(app_id=app.id, end_user_id=user.id)
                                  .order_by(SupportRequest.id.desc()).limit(limit)).all()
    # fetched newest first to apply the limit; oldest first from here, so equal times keep their order
    events, searches, votes, requests = (rows[::-1] for rows in (events, searches, votes, requests))
    titles = {str(article_id): title for article_id, title in
              article_titles(app.id, [e.article_id for e in events] + [v.article_id for v in votes]).items()}

    names = {slug: (draft or {}).get("name") for slug, draft in
             db.session.execute(select(Tour.slug, Tour.draft).where(Tour.app_id == app.id))}
    # The SDK reports each search as an event too; the logged search says more (its result count): keep that one.
    logged = {s.query.strip().casefold() for s in searches}
    events = [e for e in events if not (e.type == "search" and (e.query or "").strip().casefold() in logged)]

    items = [{"kind": "event", "at": e.client_ts, "type": e.type, "tour_id": e.tour_id,
              "tour_name": names.get(e.tour_id), "step_id": e.step_id, "article_id": e.article_id,
              "article_title": titles.get(e.article_id), "query": e.query, "url": e.url, "data": e.data}
             for e in events]
    items += [{"kind": "search", "at": s.created_at, "query": s.query, "result_count": s.result_count,
               "locale": s.locale} for s in searches]
    items += [{"kind": "feedback", "at": v.created_at, "article_id": str(v.article_id),
               "article_title": titles.get(str(v.article_id)), "helpful": v.helpful, "comment": v.comment} for v in votes]
    items += [{"kind": "support_request", "at": r.created_at, "request_id": r.id, "message": r.message,
               "email": r.email, "status": r.status} for r in requests]
    if user.opted_out_at is not None:
        items.append({"kind": "opt_out", "at": user.opted_out_at})
    items.sort(key=lambda item: item["at"])

    progress = db.session.execute(
        select(Tour.slug, TourProgress.status, TourProgress.step_id, TourProgress.version, TourProgress.updated_at)
        .join(Tour, Tour.id == TourProgress.tour_id).where(TourProgress.end_user_id == user.id)
        .order_by(Tour.slug)).all()
    # Last seen is the latest sign of the user: bootstrap refreshes it only now and then, events carry their own time.
    last_seen = max([user.last_seen_at, *(item["at"] for item in items if item["kind"] == "event")])
    return {
        "user": {"external_id": user.external_id, "traits": user.traits, "first_seen_at": user.first_seen_at,
                 "last_seen_at": last_seen, "opted_out_at": user.opted_out_at},
        "tours": [{"tour_id": slug, "tour_name": names.get(slug), "status": status, "step_id": step,
                   "version": version, "updated_at": at} for slug, status, step, version, at in progress],
        "items": items,
    }


def support_inbox(app: App, status: str | None = None, limit: int = 200) -> list[dict]:
    """The app's support requests, newest first, with the end user's id and the article drafted from each."""
    query = (select(SupportRequest, EndUser.external_id, KbArticle.id, KbArticle.title)
             .join(EndUser, EndUser.id == SupportRequest.end_user_id)
             .outerjoin(KbRequestArticle, KbRequestArticle.support_request_id == SupportRequest.id)
             .outerjoin(KbArticle, KbArticle.id == KbRequestArticle.article_id)
             .where(SupportRequest.app_id == app.id).order_by(SupportRequest.id.desc()).limit(limit))
    if status:
        query = query.where(SupportRequest.status == status)
    return [{"request": request, "user_id": user_id,
             "article": {"id": article_id, "title": title} if article_id else None}
            for request, user_id, article_id, title in db.session.execute(query)]


def get_support_request(app: App, request_id: int) -> SupportRequest:
    request = db.session.get(SupportRequest, request_id)
    if request is None or request.app_id != app.id:
        raise not_found("The support request")
    return request


def link_drafted_article(app: App, request_id: int, article: KbArticle) -> None:
    """Records that `article` was drafted from the support request (the newer draft wins)."""
    request = get_support_request(app, request_id)
    link = db.session.get(KbRequestArticle, request.id)
    if link is None:
        db.session.add(KbRequestArticle(support_request_id=request.id, article_id=article.id))
    else:
        link.article_id = article.id
    db.session.flush()


def set_support_status(app: App, request_id: int, status: str) -> dict:
    request = get_support_request(app, request_id)
    request.status = status
    db.session.flush()
    return support_request_view(app, request.id)


def support_request_view(app: App, request_id: int) -> dict:
    """One support request as the inbox shows it."""
    request = get_support_request(app, request_id)
    link = db.session.get(KbRequestArticle, request.id)
    article = db.session.get(KbArticle, link.article_id) if link else None
    return {"request": request, "user_id": db.session.get(EndUser, request.end_user_id).external_id,
            "article": {"id": article.id, "title": article.title} if article else None}
