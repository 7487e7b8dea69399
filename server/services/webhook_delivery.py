"""Deliveries to an app's webhook, whatever they carry (a support request, an alert): each row keeps its delivery in
four columns (webhook_attempts, _next_attempt_at, _delivered_at, _last_error). A row is committed before any
delivery is tried, so a failing webhook never loses it; each attempt is claimed atomically, so several worker
processes never send one row at the same time, and failures are retried with backoff."""
import hashlib
import hmac
import logging
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..models import App, utcnow
from ..rules import strict_json
from . import outbound_http

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over 'timestamp.body' with the app secret, as sent in X-Waypost-Signature."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def claim(model, row_id: int) -> bool:
    """Leases a due row to this delivery for LEASE (the caller commits it before calling out, so that another
    process's loop leaves it alone meanwhile); False when it is not due or another one has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(model)
        .where(model.id == row_id, model.webhook_delivered_at.is_(None), model.webhook_next_attempt_at <= now)
        .values(webhook_next_attempt_at=now + LEASE)
    ).rowcount
    return claimed == 1


def attempt(model, row_id: int, payload_of: Callable[[object], dict], timeout: float = 5.0,
            url_of: Callable[[object], str] | None = None, headers_of: Callable[[object], dict] | None = None) -> bool:
    """One delivery of a claimed row (to the app's webhook_url, or where `url_of` says, with `headers_of`'s headers
    too), its outcome recorded; True when the webhook accepted it."""
    row = db.session.get(model, row_id)
    app = db.session.get(App, row.app_id)
    body = strict_json.dumps(payload_of(row), ensure_ascii=False).encode()
    timestamp = str(int(utcnow().timestamp()))
    row.webhook_attempts += 1
    ok, error = outbound_http.post(url_of(row) if url_of else app.webhook_url, body, {
        "Content-Type": "application/json", "User-Agent": "Waypost-Webhook/1",
        "X-Waypost-Timestamp": timestamp, "X-Waypost-Signature": signature(app.secret, timestamp, body),
        **(headers_of(row) if headers_of else {}),
    }, allow_private=current_app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"], timeout=timeout)
    if ok:
        row.webhook_delivered_at, row.webhook_next_attempt_at, row.webhook_last_error = utcnow(), None, None
    else:
        row.webhook_last_error = error
        row.webhook_next_attempt_at = (utcnow() + timedelta(seconds=min(3600, 15 * 2 ** (row.webhook_attempts - 1)))
                                       if row.webhook_attempts < MAX_ATTEMPTS else None)
        log.warning("webhook delivery of %s %s failed: %s", model.__tablename__, row.id, error)
    db.session.flush()
    return ok


def due(model, limit: int = 20) -> list[int]:
    """Rows whose next delivery attempt is due, oldest first."""
    return list(db.session.scalars(select(model.id).where(
        model.webhook_delivered_at.is_(None), model.webhook_next_attempt_at <= utcnow(),
        model.webhook_attempts < MAX_ATTEMPTS).order_by(model.id).limit(limit)))
