"""Background work inside each server process: delivering support-request webhooks with retries."""
import logging
import threading

log = logging.getLogger(__name__)
_wake = threading.Event()
_started = False


def nudge() -> None:
    """Ask the delivery loop to run now (a no-op where no loop runs, as in tests)."""
    _wake.set()


def start_webhook_worker(app, interval: float = 15.0) -> None:
    """Run deliver_due() every `interval` seconds, or sooner when nudged; once per process."""
    global _started
    if _started:
        return
    _started = True

    def loop():
        from .services.support import deliver_due

        while True:
            _wake.wait(interval)
            _wake.clear()
            try:
                with app.app_context():
                    deliver_due()
            except Exception:  # a bad row or a DB hiccup must not end the loop
                log.exception("webhook delivery loop failed; retrying later")

    threading.Thread(target=loop, name="waypost-webhooks", daemon=True).start()
