"""Rate-limit counters (storages for the `limits` library behind flask-limiter), keyed by a hash of the limit's key.

- `waypost-memory://`: in one process, as limits' memory storage, without its timer thread. limits' MemoryStorage
  starts a threading.Timer whenever the previous one has finished (10 ms), to drop expired counters; under steady
  traffic that is a new thread every few requests, measured at ~265 µs per hit. Counters already expire when read,
  so here the sweep that frees memory runs at most once a second, on the request path. The default of create_app.
- `waypost-shared:///path/to/file`: one SQLite file shared by the processes of one machine, so that every worker
  of `waypost serve` counts against the same limit; `waypost serve` uses it unless WAYPOST_RATELIMIT_STORAGE_URI
  names another storage (redis://… for several machines).

Keys are hashed first: a limit keyed by what a client sends (an email at login) costs the same few bytes whatever
its length.
"""
import hashlib
import os
import sqlite3
import tempfile
import threading
import time
from urllib.parse import urlparse

from limits.storage import MemoryStorage, Storage

SWEEP_EVERY_S = 1.0


def hashed(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


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

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        return super().incr(hashed(key), expiry, amount)

    def get(self, key: str) -> int:
        return super().get(hashed(key))

    def get_expiry(self, key: str) -> float:
        return super().get_expiry(hashed(key))

    def clear(self, key: str) -> None:
        return super().clear(hashed(key))


class SharedFileStorage(Storage):
    """Fixed-window counters in a SQLite file: one row per key, counted and reset in one statement."""

    STORAGE_SCHEME = ["waypost-shared"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlparse(uri).path
        self._local = threading.local()
        self._next_sweep = 0.0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened in this process (a forked worker never uses its parent's)."""
        if getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # counters need not survive a crash of the machine
            conn.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER NOT NULL,"
                         " expires REAL NOT NULL) WITHOUT ROWID")
            self._local.conn, self._local.pid = conn, os.getpid()
        return self._local.conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        (count,) = db.execute(
            "INSERT INTO hits VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET"
            " count = CASE WHEN expires <= ?4 THEN ?2 ELSE count + ?2 END,"
            " expires = CASE WHEN expires <= ?4 THEN ?3 ELSE expires END RETURNING count",
            (hashed(key), amount, now + expiry, now)).fetchone()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY_S
            db.execute("DELETE FROM hits WHERE expires <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        row = self._db().execute("SELECT count FROM hits WHERE key = ? AND expires > ?",
                                 (hashed(key), time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._db().execute("SELECT expires FROM hits WHERE key = ? AND expires > ?", (hashed(key), now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM hits").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM hits WHERE key = ?", (hashed(key),))


def shared_storage_uri() -> str:
    """A new, private counters file for the workers of one server (removed with its folder by the caller)."""
    folder = tempfile.mkdtemp(prefix="waypost-ratelimits-")
    return f"waypost-shared://{folder}/counters.sqlite3"
