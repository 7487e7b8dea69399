"""Support requests: stored with what the user already tried, then delivered to the app's webhook.

Its delivery (committed first, claimed atomically, retried with backoff) is webhook_delivery's.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import App, EndUser, Event, KbSearch, SupportRequest, Tour, TourProgress, utcnow
from ..rules.article_ids import article_number
from .article_refs import article_titles
from .event_store import store_server_event
from .support_after_article import read_before


def user_context(app: App, user: EndUser, url: str | None) -> dict:
    """What the user saw and tried recently: page, tours and steps, articles, searches, opt-out."""
    events = list(db.session.scalars(select(Event).filter_by(app_id=app.id, end_user_id=user.id)
                                     .order_by(Event.id.desc()).limit(50)))
    progress = db.session.execute(select(Tour.slug, Tour.draft, TourProgress.status, TourProgress.step_id)
                                  .join(Tour, Tour.id == TourProgress.tour_id)
                                  .where(TourProgress.end_user_id == user.id)).all()
    searches = db.session.execute(select(KbSearch.query, KbSearch.result_count, KbSearch.created_at)
                                  .filter_by(app_id=app.id, end_user_id=user.id)
                                  .order_by(KbSearch.id.desc()).limit(10)).all()
    viewed_ids = [n for e in events if e.type == "article_viewed" and (n := article_number(e.article_id))]
    # published only: the context leaves Waypost in the webhook, and end users can't open drafts
    titles = article_titles(app.id, viewed_ids, published_only=True)
    return {
        "page": url or next((e.url for e in events if e.url), None),
        "user_id": user.external_id,
        "traits": user.traits,
        "opted_out": user.opted_out_at is not None,
        "tours": [{"id": slug, "name": (draft or {}).get("name"), "status": status, "step_id": step}
                  for slug, draft, status, step in progress],
        "recent_steps": [{"type": e.type, "tour_id": e.tour_id, "step_id": e.step_id, "ts": e.client_ts.isoformat()}
                         for e in events if e.tour_id][:20],
        "articles_viewed": [{"id": i, "title": titles.get(i)} for i in dict.fromkeys(viewed_ids)][:10],
        "searches": [{"query": q, "results": n, "at": at.isoformat()} for q, n, at in searches],
    }


def create_support_request(app: App, user: EndUser, message: str, email: str | None, url: str | None) -> SupportRequest:
    now = utcnow()
    request = SupportRequest(app_id=app.id, end_user_id=user.id, message=message, email=email,
                             context=user_context(app, user, url), created_at=now,
                             after_article=read_before(user.id, now),
                             webhook_next_attempt_at=now if app.webhook_url else None)
    db.session.add(request)
    db.session.flush()
    store_server_event(app.id, user.id, "support_requested", url=url, data={"support_request_id": request.id})
    return request


def payload(request: SupportRequest) -> dict:
    """What the app's webhook gets of a support request (webhook_delivery sends it)."""
    user = db.session.get(EndUser, request.end_user_id)
    return {"type": "support_request.created", "id": request.id, "created_at": request.created_at.isoformat(),
            "user_id": user.external_id, "email": request.email, "message": request.message,
            "context": request.context}


