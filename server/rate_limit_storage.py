"""The default, in-process rate-limit storage: limits' memory storage without its timer thread.

limits' MemoryStorage starts a threading.Timer whenever the previous one has finished (10 ms), to
drop expired counters; under steady traffic that is a new thread every few requests, measured at
~265 µs per hit. Counters already expire when read (`get`), so here the sweep that frees memory
runs at most once a second, on the request path. Selected by WAYPOST_RATELIMIT_STORAGE_URI's
default `waypost-memory://`.
"""
import time

from limits.storage import MemoryStorage

SWEEP_EVERY_S = 1.0


class SweptMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["waypost-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the parent's private timer scheduling
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY_S
            self._MemoryStorage__expire_events()
