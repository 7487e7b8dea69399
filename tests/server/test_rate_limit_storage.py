"""The default rate-limit storage: counts like limits' memory storage, frees memory, starts no threads."""
import multiprocessing
import threading
import time

import pytest
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
    assert len(store.storage) == 1  # client-b's counter was swept on that hit: its window had ended


def test_the_server_uses_it_by_default(app):
    from server.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"] == "waypost-memory://"
    assert isinstance(limiter.storage, rate_limit_storage.SweptMemoryStorage)


def _hit_many(uri: str, times: int, results) -> None:
    """In a process of its own: `times` hits from each of 4 threads; puts how many were allowed."""
    limiter = strategies.FixedWindowRateLimiter(storage.storage_from_string(uri))
    limit, allowed = parse("100/minute"), []

    def hits():
        allowed.extend(limiter.hit(limit, "sdk", "pk_one", "127.0.0.1") for _ in range(times))

    threads = [threading.Thread(target=hits) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(sum(allowed))


def test_the_shared_storage_counts_once_for_every_process(tmp_path):
    uri = f"waypost-shared://{tmp_path}/counters.sqlite3"
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_hit_many, args=(uri, 40, results)) for _ in range(2)]  # 320 hits
    for process in processes:
        process.start()
    allowed = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(10)
    assert sum(allowed) == 100, allowed
    limiter = strategies.FixedWindowRateLimiter(storage.storage_from_string(uri))
    remaining = limiter.get_window_stats(parse("100/minute"), "sdk", "pk_one", "127.0.0.1").remaining
    assert remaining == 0 and limiter.hit(parse("100/minute"), "sdk", "pk_two", "127.0.0.1")


def test_shared_windows_end_and_are_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(rate_limit_storage, "SWEEP_EVERY_S", 0.0)
    store = storage.storage_from_string(f"waypost-shared://{tmp_path}/counters.sqlite3")
    limiter = strategies.FixedWindowRateLimiter(store)
    assert [limiter.hit(parse("2/second"), "a") for _ in range(3)] == [True, True, False]
    assert limiter.hit(parse("2/second"), "b")
    time.sleep(1.1)
    assert limiter.hit(parse("2/second"), "a")  # a new window, and b's ended one is gone
    assert store._db().execute("SELECT count(*) FROM hits").fetchone() == (1,)
    store.clear(parse("2/second").key_for("a"))
    assert store.get(parse("2/second").key_for("a")) == 0 and store.check()


@pytest.mark.parametrize("uri", ["waypost-memory://", "waypost-shared://{tmp}/counters.sqlite3"])
def test_keys_are_hashed_so_a_long_one_costs_no_more(uri, tmp_path):
    """40 logins with 1 MB emails once grew each worker by 40 MB: the key a client chooses is stored hashed."""
    store = storage.storage_from_string(uri.format(tmp=tmp_path))
    limiter = strategies.FixedWindowRateLimiter(store)
    huge = "x" * (1024 * 1024) + "@example.com"
    assert limiter.hit(parse("1/minute"), "login", huge) and not limiter.hit(parse("1/minute"), "login", huge)
    assert limiter.hit(parse("1/minute"), "login", huge + "y")  # another key all the same
    if isinstance(store, rate_limit_storage.SharedFileStorage):
        keys = [row[0] for row in store._db().execute("SELECT key FROM hits")]
    else:
        keys = list(store.storage)
    assert len(keys) == 2 and all(len(key) <= 64 for key in keys), [len(key) for key in keys]
