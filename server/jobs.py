"""Background work inside each server process: delivering webhooks (support requests, alerts, event batches) with
retries, and the events' retention."""
import logging
import threading
import time

log = logging.getLogger(__name__)
_wake = threading.Event()
_started = False


def nudge() -> None:
    """Ask the delivery loop to run now (a no-op where no loop runs, as in tests)."""
    _wake.set()


def _kinds():
    """What is delivered: each model with what its rows are sent as, where (None: the app's webhook_url) and with
    which headers besides the signature."""
    from .models import Alert, SupportRequest, WebhookBatch
    from .services import alerts, outbound_webhooks, support

    return {SupportRequest: (support.payload, None, None), Alert: (alerts.payload, None, None),
            WebhookBatch: (outbound_webhooks.payload, outbound_webhooks.url_of, outbound_webhooks.headers_of)}


def deliver(row_id: int, timeout: float = 5.0, model=None) -> bool:
    """Try one delivery of a due row (a support request unless `model` says), as two units of work: the lease is
    committed before the webhook is called (no transaction is held open across the call), the outcome after. True
    when it was accepted."""
    from .extensions import db
    from .models import SupportRequest
    from .services.webhook_delivery import attempt, claim

    model = model or SupportRequest
    claimed = claim(model, row_id)
    db.session.commit()
    if not claimed:
        return False
    payload_of, url_of, headers_of = _kinds()[model]
    ok = attempt(model, row_id, payload_of, timeout, url_of, headers_of)
    db.session.commit()
    return ok


def deliver_due(limit: int = 20) -> int:
    """Batch the events outbound webhooks subscribe to, then deliver the rows whose next attempt is due; returns how
    many were accepted."""
    from .extensions import db
    from .services.outbound_webhooks import batch_new_events
    from .services.webhook_delivery import due

    batch_new_events()
    db.session.commit()
    return sum(deliver(row_id, model=model) for model in _kinds() for row_id in due(model, limit))


PRUNE_EVERY = 3600.0  # seconds between two retention passes of one process
PRUNE_SLICES = 100  # at most this many slices a pass


def prune_events() -> int:
    """One retention pass: on PostgreSQL the month partitions ahead made, and the expired months dropped; then
    expired events deleted a slice at a time, each slice its own transaction. Returns how many were deleted one by
    one."""
    from .extensions import db
    from .services.partitions import ensure_partitions
    from .services.retention import prune_months, prune_slice

    ensure_partitions()
    db.session.commit()
    dropped = prune_months()
    db.session.commit()
    if dropped:
        log.info("retention: dropped the event partitions %s", ", ".join(dropped))
    removed = 0
    for _ in range(PRUNE_SLICES):
        deleted = prune_slice()
        db.session.commit()
        removed += deleted
        if not deleted:
            break
    return removed


def start_webhook_worker(app, interval: float = 15.0) -> None:
    """Run deliver_due() every `interval` seconds, or sooner when nudged, and the events' retention every hour;
    once per process."""
    global _started
    if _started:
        return
    _started = True
    def loop():
        pruned_at = 0.0
        while True:
            _wake.wait(interval)
            _wake.clear()
            try:
                with app.app_context():
                    deliver_due()
                    if time.monotonic() - pruned_at >= PRUNE_EVERY:
                        pruned_at = time.monotonic()
                        prune_events()
            except Exception:  # a bad row or a DB hiccup must not end the loop
                log.exception("background loop failed; retrying later")

    threading.Thread(target=loop, name="waypost-webhooks", daemon=True).start()
