"""Helpers shared by the benchmark modules: JSON lines, ports, a served Waypost, throwaway databases, seeding.

Every module prints its figures as one JSON object per line on stdout and its progress on stderr.
Nothing here ever talks to anything but 127.0.0.1.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_ADMIN_URL = os.environ.get("WAYPOST_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-key-that-is-long-enough-for-hs256-signing"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def emit(obj: dict) -> None:
    """One result line on stdout (run.py collects these)."""
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    """Debian's wrk; installed with apt-get when missing (the bench runs as root), apt-get update only if needed."""
    path = shutil.which("wrk")
    if path:
        return path
    log("wrk is missing: apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, capture_output=True, timeout=180).returncode:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=180)
        subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, check=True, capture_output=True, timeout=180)
    return shutil.which("wrk")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# --- PostgreSQL ------------------------------------------------------------------------------

def postgres_reachable() -> bool:
    from sqlalchemy import create_engine

    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@contextmanager
def throwaway_postgres(tag: str):
    """A fresh PostgreSQL database named waypost_bench_<tag>_<pid>, dropped (forcibly) afterwards."""
    from sqlalchemy import create_engine, text

    name = f"waypost_bench_{tag}_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask_app(db_url: str):
    """The Waypost Flask app on `db_url`, migrated."""
    from flask_migrate import upgrade

    from server import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
    return app


# --- a served Waypost (`waypost serve`) -------------------------------------

class Served:
    """`waypost serve` in its own process group; stopped by that group's id, never by name."""

    def __init__(self, db_url: str, workdir: Path, demo: bool = False, env: dict | None = None,
                 command: list[str] | None = None):
        """`command` replaces `waypost serve` (it gets `--host` and `--port` too)."""
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = workdir / f"server-{self.port}.log"
        self.env = {
            **os.environ,
            "WAYPOST_DATABASE_URL": db_url,
            "WAYPOST_SECRET_KEY": SECRET,
            "WAYPOST_SDK_RATE_LIMIT": "100000000 per minute",
            "WAYPOST_SDK_DIST": str(ROOT / "sdk_js" / "dist"),
            **(env or {}),
        }
        self.args = ((command or [str(BIN / "waypost"), "serve"]) + ["--host", HOST, "--port", str(self.port)]
                     + (["--demo"] if demo else []))
        self.proc = None

    def __enter__(self):
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.args, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)
        try:
            self.wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"waypost serve exited ({self.proc.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"waypost serve not healthy within {timeout}s: {self.tail()}")

    def worker_cpu(self) -> dict[int, int]:
        """CPU time (clock ticks, user + system) of each server worker process so far, by pid."""
        found = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        ticks = {}
        for pid in map(int, found):
            try:
                ticks[pid] = sum(map(int, Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]))
            except OSError:
                pass
        return ticks

    def tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log.close()


def new_id() -> str:
    return str(uuid.uuid4())
