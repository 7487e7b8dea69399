"""The default rate-limit storage: counts like limits' memory storage, frees memory, starts no threads."""
import threading
import time

from limits import parse, storage, strategies

from server import rate_limit_storage


def test_counts_expire_and_are_swept_without_timer_threads(monkeypatch):
    monkeypatch.setattr(rate_limit_storage, "SWEEP_EVERY_S", 0.0)
    store = storage.storage_from_string("waypost-memory://")
    assert isinstance(store, rate_limit_storage.SweptMemoryStorage)
    limiter = strategies.FixedWindowRateLimiter(store)
    limit = parse("3/second")
    threads_before = threading.active_count()
    assert [limiter.hit(limit, "client-a") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(limit, "client-b")
    assert threading.active_count() == threads_before
    time.sleep(1.1)
    assert limiter.hit(limit, "client-a")  # a new window
    assert "client-b" not in "".join(store.storage)  # swept on that hit: its window had ended


def test_the_server_uses_it_by_default(app):
    from server.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"] == "waypost-memory://"
    assert isinstance(limiter.storage, rate_limit_storage.SweptMemoryStorage)
