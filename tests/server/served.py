"""`waypost serve` as a real process, for tests that need the server itself: its HTTP layer, its logs."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.server.test_serve import _free_port

WAYPOST = Path(sys.executable).with_name("waypost")


@contextmanager
def served(tmp_path, db_url: str | None = None, with_app: bool = True, **env):
    """`waypost serve` (2 workers) on `db_url`, by default a new SQLite database holding one app of its own:
    yields (port, that app's key or None, the path of the server's log). `env` adds environment variables."""
    port = _free_port()
    env = {**os.environ, "WAYPOST_DATABASE_URL": db_url or f"sqlite:///{tmp_path / 'served.sqlite3'}",
           "WAYPOST_WORKERS": "2", "WAYPOST_SECRET_KEY": "served-test-secret-key-that-is-long-enough", **env}
    key = None
    if with_app:
        created = subprocess.run([str(WAYPOST), "apps", "create", "Served", "--origin", "https://host.example"],
                                 env=env, capture_output=True, text=True, check=True)
        key = json.loads(created.stdout)["key"]
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(WAYPOST), "serve", "--port", str(port)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while healthz_seconds(port) is None:
                assert process.poll() is None and time.monotonic() < deadline, log_path.read_text(errors="replace")
                time.sleep(0.2)
            yield port, key, log_path
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def healthz_seconds(port, timeout=5.0) -> float | None:
    """Seconds /healthz took on a new connection, or None if it did not answer 200 within `timeout`."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
    except OSError:
        return None
    return time.monotonic() - started if answer.startswith(b"HTTP/1.1 200") else None


