"""Background work inside each server process: delivering support-request webhooks with retries."""
import logging
import threading

log = logging.getLogger(__name__)
_wake = threading.Event()
_started = False


def nudge() -> None:
    """Ask the delivery loop to run now (a no-op where no loop runs, as in tests)."""
    _wake.set()


def deliver(request_id: int, timeout: float = 5.0) -> bool:
    """Try one delivery of a due request, as two units of work: the lease is committed before the webhook is
    called (no transaction is held open across the call), the outcome after. True when it was accepted."""
    from .extensions import db
    from .services.support import attempt, claim

    claimed = claim(request_id)
    db.session.commit()
    if not claimed:
        return False
    ok = attempt(request_id, timeout)
    db.session.commit()
    return ok


def deliver_due(limit: int = 20) -> int:
    """Deliver the requests whose next attempt is due; returns how many were accepted."""
    from .services.support import due_requests

    return sum(deliver(request_id) for request_id in due_requests(limit))


def start_webhook_worker(app, interval: float = 15.0) -> None:
    """Run deliver_due() every `interval` seconds, or sooner when nudged; once per process."""
    global _started
    if _started:
        return
    _started = True

    def loop():
        while True:
            _wake.wait(interval)
            _wake.clear()
            try:
                with app.app_context():
                    deliver_due()
            except Exception:  # a bad row or a DB hiccup must not end the loop
                log.exception("webhook delivery loop failed; retrying later")

    threading.Thread(target=loop, name="waypost-webhooks", daemon=True).start()
