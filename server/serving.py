"""Production serving, started from `waypost serve`: granian (a Rust HTTP server) runs the Flask app through a2wsgi.

granian parses HTTP, enforces the head's time limit and holds connections in its event loop; `WholeRequests`
reads each request body there too, within a deadline and the body limit, so a Python thread only runs a request
that has arrived whole; a2wsgi then runs Flask in a pool of threads and hands the answer back to the event loop,
which writes it at whatever pace the client reads. Slow or idle clients cost a connection, never a thread.
"""
import asyncio
import json
import re
from functools import partial

from a2wsgi import WSGIMiddleware
from granian.constants import HTTPModes, Interfaces, Loops
from granian.http import HTTP1Settings
from granian.server import Server

from .jobs import start_webhook_worker
from .logs import ACCESS_FORMAT, logging_config

THREADS = 4                 # Python threads running requests, per worker process
HEAD_TIMEOUT_MS = 10_000    # from a connection's accept (or its previous answer) to the whole request head
HEAD_MAX = 64 * 1024        # longer request heads are refused (431); granian itself reads at most ~400 KiB
BODY_TIMEOUT_S = 15         # from the head to the whole body
UPLOADS = re.compile(r"/api/v1/apps/\d+/media")  # media uploads may be larger (WAYPOST_MEDIA_MAX_BYTES)
ANSWER_CHUNKS = 1024        # chunks of an answer (a2wsgi's queue) a thread may hand over before the client reads


class WholeRequests:
    """ASGI middleware: the app gets a request only once its whole body has arrived: 413 beyond `max_body`
    bytes (before reading when Content-Length says so), 408 when it takes longer than BODY_TIMEOUT_S; and 431
    for a head over HEAD_MAX."""

    def __init__(self, app, max_body: int, upload_max: int = 0):
        self.app, self.max_body, self.upload_max = app, max_body, upload_max

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if sum(len(name) + len(value) + 4 for name, value in scope["headers"]) > HEAD_MAX:
            return await _refuse(send, 431, "request_header_fields_too_large", "The request head is too large.")
        limit = self.upload_max if UPLOADS.match(scope["path"]) else self.max_body
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > limit:
            return await _refuse(send, 413, "request_entity_too_large", "The request body is too large.")
        try:
            body = await asyncio.wait_for(self._body(receive, limit), BODY_TIMEOUT_S)
        except TimeoutError:
            return await _refuse(send, 408, "request_timeout", "The request body took too long to arrive.")
        except OverflowError:
            return await _refuse(send, 413, "request_entity_too_large", "The request body is too large.")
        except ConnectionError:  # the client left, or broke the body's framing (granian reports both alike)
            return await _refuse(send, 400, "bad_request", "The request body could not be read.")
        whole = [{"type": "http.request", "body": body, "more_body": False}]
        return await self.app(scope, lambda: _next(whole, receive), send)

    async def _body(self, receive, limit: int) -> bytes:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ConnectionError
            body += message.get("body", b"")
            if len(body) > limit:
                raise OverflowError
            if not message.get("more_body"):
                return bytes(body)


async def _next(whole: list, receive):
    return whole.pop() if whole else await receive()


async def _refuse(send, status: int, code: str, message: str):
    body = json.dumps({"error": {"code": code, "message": message, "fields": {}}}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def asgi_app(app):
    """Runs in each worker process after the fork: its webhook loop, and the app as granian calls it."""
    start_webhook_worker(app, app.config["WAYPOST_JOBS_INTERVAL"])
    wsgi = WSGIMiddleware(app, workers=THREADS, send_queue_size=ANSWER_CHUNKS)
    return WholeRequests(wsgi, app.config["MAX_CONTENT_LENGTH"], app.config["WAYPOST_MEDIA_MAX_BYTES"])


def run_server(app, host: str, port: int, workers: int) -> None:
    """Serve `app` with `workers` processes of THREADS threads each until a signal stops it; logs go to stderr."""
    with app.app_context():
        from .extensions import db

        db.engine.dispose()  # no connection may be shared across the fork
    server = Server(
        "waypost", address=host, port=port, interface=Interfaces.ASGINL, workers=workers, loop=Loops.asyncio,
        http=HTTPModes.http1, websockets=False, http1_settings=HTTP1Settings(header_read_timeout=HEAD_TIMEOUT_MS),
        log_dictconfig=logging_config(), log_access=True, log_access_format=ACCESS_FORMAT,
        respawn_failed_workers=True, workers_kill_timeout=10,
    )
    server.serve(target_loader=partial(asgi_app, app), wrap_loader=False)
