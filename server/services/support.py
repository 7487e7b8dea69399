"""Support requests: stored with what the user already tried, then delivered to the app's webhook.

A request is committed before any delivery is tried, so a failing webhook never loses it;
deliveries are retried with backoff, and each attempt is claimed atomically so several
worker processes never send the same request at the same time.
"""
import hashlib
import hmac
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..models import App, EndUser, Event, KbSearch, SupportRequest, Tour, TourProgress, utcnow
from ..rules import strict_json
from ..rules.article_ids import article_number
from . import outbound_http
from .article_refs import article_titles

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)


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
    request = SupportRequest(app_id=app.id, end_user_id=user.id, message=message, email=email,
                             context=user_context(app, user, url),
                             webhook_next_attempt_at=utcnow() if app.webhook_url else None)
    db.session.add(request)
    db.session.flush()
    return request


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over 'timestamp.body' with the app secret, as sent in X-Waypost-Signature."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def payload(request: SupportRequest, user: EndUser) -> dict:
    return {"type": "support_request.created", "id": request.id, "created_at": request.created_at.isoformat(),
            "user_id": user.external_id, "email": request.email, "message": request.message,
            "context": request.context}


def claim(request_id: int) -> bool:
    """Leases a due request to this delivery for LEASE (the caller commits it before calling out, so that
    another process's loop leaves it alone meanwhile); False when it is not due or another one has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(SupportRequest)
        .where(SupportRequest.id == request_id, SupportRequest.webhook_delivered_at.is_(None),
               SupportRequest.webhook_next_attempt_at <= now)
        .values(webhook_next_attempt_at=now + LEASE)
    ).rowcount
    return claimed == 1


def attempt(request_id: int, timeout: float = 5.0) -> bool:
    """One delivery of a claimed request, its outcome recorded; True when the webhook accepted it."""
    request = db.session.get(SupportRequest, request_id)
    app = db.session.get(App, request.app_id)
    body = strict_json.dumps(payload(request, db.session.get(EndUser, request.end_user_id)), ensure_ascii=False).encode()
    timestamp = str(int(utcnow().timestamp()))
    request.webhook_attempts += 1
    ok, error = outbound_http.post(app.webhook_url, body, {
        "Content-Type": "application/json", "User-Agent": "Waypost-Webhook/1",
        "X-Waypost-Timestamp": timestamp, "X-Waypost-Signature": signature(app.secret, timestamp, body),
    }, allow_private=current_app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"], timeout=timeout)
    if ok:
        request.webhook_delivered_at, request.webhook_next_attempt_at, request.webhook_last_error = utcnow(), None, None
    else:
        request.webhook_last_error = error
        request.webhook_next_attempt_at = (
            utcnow() + timedelta(seconds=min(3600, 15 * 2 ** (request.webhook_attempts - 1)))
            if request.webhook_attempts < MAX_ATTEMPTS else None)
        log.warning("webhook delivery of support request %s failed: %s", request.id, error)
    db.session.flush()
    return ok


def due_requests(limit: int = 20) -> list[int]:
    """Requests whose next delivery attempt is due, oldest first."""
    return list(db.session.scalars(select(SupportRequest.id).where(
        SupportRequest.webhook_delivered_at.is_(None), SupportRequest.webhook_next_attempt_at <= utcnow(),
        SupportRequest.webhook_attempts < MAX_ATTEMPTS).order_by(SupportRequest.id).limit(limit)))
