"""Slow clients hold connections, never threads: `waypost serve` answers /healthz within a second while 32
connections of each kind trickle their heads or bodies a byte at a time, or never read big answers."""
import asyncio
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server.served import healthz_seconds, served

PER_KIND = 32
HOLD_S = 14          # how long the slow clients keep at it; longer than the head timeout of a default server
ANSWER_S = 1.0


def _head(method: str, path: str, *headers: str) -> bytes:
    return ("\r\n".join([f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]) + "\r\n\r\n").encode()


def _slow_kinds(key: str) -> dict:
    """What each kind sends at once, then what it trickles, one byte every TRICKLE_S."""
    events = ("POST", "/api/v1/sdk/events", "Content-Type: application/json", f"X-Waypost-Key: {key}")
    return {
        "slowloris headers": (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow: " + b"a" * 1000),
        # the first chunk's data ends like the last chunk: the attack that held every thread of our own worker
        "slow chunked body": (_head(*events, "Transfer-Encoding: chunked") + b'8\r\n{"u0\r\n\r\n',
                              b"\r\n" + b"1\r\na\r\n" * 200),
        "slow Content-Length body": (_head(*events, "Content-Length: 100000"), b'{"user_id": "' + b"x" * 1000),
    }


TRICKLE_S = 0.5


async def _trickle(port, first: bytes, rest: bytes, until: float, outcomes: list):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as exc:
        outcomes.append(f"no connection: {exc}")
        return
    outcome = "held open to the end"
    try:
        writer.write(first)
        for byte in rest:
            await writer.drain()
            try:  # the server sees what was sent so far on its own before the next byte comes
                data = await asyncio.wait_for(reader.read(1024), TRICKLE_S)
            except TimeoutError:
                if time.monotonic() >= until:
                    break
                writer.write(bytes([byte]))
                continue
            outcome = f"answered {data.split()[1].decode()}" if data.startswith(b"HTTP/") else "closed by server"
            break
    except OSError:
        outcome = "closed by server"
    finally:
        writer.close()
    outcomes.append(outcome)


async def _never_read(port, until: float, outcomes: list):
    """Asks for a 377 KB file (the API docs' script) 20 times through a 4 KB window, and never reads."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, ("127.0.0.1", port))
        await loop.sock_sendall(sock, _head("GET", "/api/docs/assets/swagger-ui.js") * 20)
        await asyncio.sleep(max(0.0, until - time.monotonic()))
        outcomes.append("held open to the end")
    except OSError as exc:
        outcomes.append(f"closed: {exc}")
    finally:
        sock.close()


async def _slow_clients_and_checks(port, key) -> tuple[dict, list]:
    until = time.monotonic() + HOLD_S
    slow = _slow_kinds(key)
    outcomes = {kind: [] for kind in [*slow, "slow reading of big answers"]}
    clients = [_trickle(port, first, rest, until, outcomes[kind])
               for kind, (first, rest) in slow.items() for _ in range(PER_KIND)]
    clients += [_never_read(port, until, outcomes["slow reading of big answers"]) for _ in range(PER_KIND)]
    running = asyncio.gather(*clients)
    await asyncio.sleep(2)  # every slow client is connected and has started
    loop = asyncio.get_running_loop()
    checks = []
    while time.monotonic() < until - 1:
        checks.append(await loop.run_in_executor(None, healthz_seconds, port, 5.0))
        await asyncio.sleep(0.5)
    await running
    return outcomes, checks


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_slow_clients_never_hold_the_threads(db_url, tmp_path):
    with served(tmp_path) as (port, key, log_path):
        # In a thread of its own: a browser-test module earlier in the session may leave Playwright's loop running here.
        with ThreadPoolExecutor(1) as pool:
            outcomes, checks = pool.submit(asyncio.run, _slow_clients_and_checks(port, key)).result()
        assert healthz_seconds(port) is not None
    assert len(checks) >= 10, checks
    assert all(seconds is not None and seconds < ANSWER_S for seconds in checks), checks
    for kind, seen in outcomes.items():
        assert len(seen) == PER_KIND, (kind, seen)
        # none of them ever gets a request through: held, refused or timed out
        assert set(seen) <= {"held open to the end", "closed by server", "answered 408", "answered 400"}, (kind, seen)
