"""`waypost serve --demo` runs granian with the demo app, the example tours and the demo host page."""
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

WAYPOST = Path(sys.executable).with_name("waypost")


def _free_port() -> int:
    """A free port for a server started in another process, which binds it a moment later. Ephemeral ports
    (what binding port 0 gives, here and in other tests' servers) could be taken in that moment, so it comes
    from below the ephemeral range, from a block of its own for each parallel test worker."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    block = 20000 + (worker % 12) * 1000
    for _ in range(200):
        port = random.randrange(block, block + 1000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {block}-{block + 999}")


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.fixture
def demo_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "WAYPOST_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "WAYPOST_WORKERS": "2"}
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([str(WAYPOST), "serve", "--demo", "--port", str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        log.seek(0)
        pytest.fail("waypost serve did not become healthy:\n" + log.read())
    yield base, log
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_serve_demo_end_to_end(demo_server, db_url):
    base, log = demo_server
    status, headers, body = _get(base + "/healthz")
    assert json.loads(body) == {"status": "ok"} and headers["Server"] == "granian"
    log.seek(0)
    printed = log.read()
    assert re.search(r"Owner account:\s+owner@demo\.waypost\.local / \S+", printed)
    status, _, page = _get(base + "/demo/")
    key = re.search(rb'key: "(pk_[^"]+)"', page).group(1).decode()
    assert f"{base}/sdk/waypost.js".encode() in page
    status, headers, sdk = _get(base + "/sdk/waypost.js")
    assert status == 200 and "javascript" in headers["Content-Type"] and "max-age=3600" in headers["Cache-Control"]
    core = re.search(rb'"(m/core-[A-Z0-9]+\.js)"', sdk).group(1).decode()  # the snippet imports its core
    status, headers, chunk = _get(f"{base}/sdk/{core}")
    assert status == 200 and "javascript" in headers["Content-Type"] and len(chunk) > 1000
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Access-Control-Allow-Origin"] == "*"  # an ES module from another origin is fetched with CORS
    status, headers, body = _get(
        base + "/api/v1/sdk/bootstrap?user_id=visitor&url=/demo/",
        {"X-Waypost-Key": key, "Origin": base})
    assert headers["Access-Control-Allow-Origin"] == base
    tours = json.loads(body)["tours"]
    assert any(t["auto"] for t in tours), tours


@pytest.mark.parametrize("missing, says", [
    ({"WAYPOST_SDK_DIST": "empty"}, "WAYPOST_SDK_DIST"),
    ({"WAYPOST_ADMIN_DIST": "empty"}, "WAYPOST_ADMIN_DIST"),
    ({"WAYPOST_DEMO_TOURS": "empty"}, "WAYPOST_DEMO_TOURS"),
])
def test_serve_says_what_an_installed_package_lacks_and_how_to_get_it(tmp_path, missing, says):
    (tmp_path / "empty").mkdir()
    env = {**os.environ, "WAYPOST_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
           **{name: str(tmp_path / folder) for name, folder in missing.items()}}
    result = subprocess.run([str(WAYPOST), "serve", "--demo", "--port", str(_free_port())], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cannot serve yet" in result.stderr and says in result.stderr and "checkout" in result.stderr
    assert "Traceback" not in result.stderr
