"""Production serving with gunicorn, started from `waypost serve`.

gunicorn's threaded worker gives each new connection a thread that waits up to 5 s for its first byte, then reads
the request and writes the answer with blocking calls that have no timeout, and it lingers on every connection it
closes for up to 2 s inside its event loop. A few dozen idle, slow-sending or slow-reading clients therefore hold
every thread, and a handful that never close stall the loop itself: the server stops answering anyone.
`RequestBufferingWorker` does what a buffering proxy would: its event loop reads each request whole (head and body)
before a thread takes it, and writes the answer the thread collected; it lingers without blocking, and every
blocking socket call left in a thread has a timeout.
"""
import errno
import json
import selectors
import socket
import time
from collections import deque
from functools import partial

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import TConn, ThreadWorker

from .jobs import start_webhook_worker

REQUEST_S = 15          # from a connection's accept (or its next request's first byte) to the whole request read
WRITE_S = 30            # for the client to take the whole answer
SOCKET_S = 10           # the longest any one blocking read or write in a request thread may wait
LINGER_S = 2            # after the server's FIN, how long a closing connection is drained before it is closed
HEAD_MAX = 64 * 1024    # a longer request head is refused (431) unread; gunicorn's own limits apply below it
ANSWER_MAX = 1024 * 1024  # an answer is held for the event loop up to this size; a thread writes the rest itself
YIELD_S = 0.015         # how long a worker holding a connection per thread leaves a new one to the others


class _TimedSocket(socket.socket):
    """Blocking mode always comes with a timeout, whoever asks for it (gunicorn does, for every request). While a
    thread answers a request, what it sends is collected in `answer` for the event loop to write."""

    answer = None

    def setblocking(self, flag):
        if flag:
            self.settimeout(SOCKET_S)
        else:
            super().setblocking(False)

    def send(self, data, flags=0):
        if self.answer is None:
            return super().send(data, flags)
        self._collect(data)
        return len(data)

    def sendall(self, data, flags=0):
        if self.answer is None:
            return super().sendall(data, flags)
        return self._collect(data)

    def sendfile(self, file, offset=0, count=None):
        if self.answer is None:
            return super().sendfile(file, offset, count)
        file.seek(offset)
        data = file.read(count) if count else file.read()
        self._collect(data)
        return len(data)

    def _collect(self, data):
        if len(self.answer) + len(data) > ANSWER_MAX:  # too much to hold: this thread writes, with the timeout
            super().sendall(self.answer)
            self.answer.clear()
            if len(data) > ANSWER_MAX:
                return super().sendall(data)
        self.answer += data
        return None


class _Conn(TConn):
    def __init__(self, worker, *args):
        super().__init__(*args)
        self.worker, self.request, self.answer, self.ready = worker, bytearray(), bytearray(), False

    def close(self, graceful=False):
        if graceful:
            self.worker.linger(self)
        else:
            super().close()


def request_state(data: bytes, max_body: int) -> str:
    """'more' until the head and the body it announces are in ('continue' if the client waits for a 100 Continue
    first), 'head_too_large' or 'too_large' if they never will be, else 'complete'. Anything odd (no length, two
    lengths, junk) is 'complete': gunicorn's parser answers it.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return "head_too_large" if len(data) > HEAD_MAX else "more"
    length, chunked, expect = None, False, False
    for line in bytes(data[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            if not value.isdigit() or length not in (None, int(value)):
                return "complete"
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"expect":
            expect = value == b"100-continue"
    body = len(data) - end - 4
    more = "continue" if expect else "more"
    if chunked:  # complete at the last chunk; a wrong guess only means a thread reads the rest, with timeouts
        return "too_large" if body > max_body + 4096 else "complete" if data.endswith(b"0\r\n\r\n") else more
    if length is None:
        return "complete"
    if length > max_body:
        return "too_large"
    return "complete" if body >= length else more


def _without_expect(data: bytes) -> bytearray:
    end = data.find(b"\r\n\r\n")
    lines = [line for line in bytes(data[:end]).split(b"\r\n") if not line.lower().startswith(b"expect:")]
    return bytearray(b"\r\n".join(lines) + data[end:])


class RequestBufferingWorker(ThreadWorker):
    """gthread, with requests read in the event loop: a thread only ever runs a request that is all there."""

    max_body = 1024 * 1024  # the app's MAX_CONTENT_LENGTH, set by run_gunicorn

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading = deque()     # connections whose request is arriving, oldest deadline first
        self.writing = deque()     # connections whose answer is leaving, oldest deadline first
        self.lingering = deque()   # closed on our side, drained until the client closes too
        self.accept_after = 0.0    # after leaving a new connection to the other workers, listening again from then on

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and time.monotonic() >= self.accept_after)

    def wait_for_and_dispatch_events(self, timeout):
        now = time.monotonic()
        if self.accept_after > now:  # wake up to listen again in time
            timeout = min(timeout, self.accept_after - now)
        super().wait_for_and_dispatch_events(timeout)

    def accept(self, listener):
        """Every worker is woken by a new connection and the first to call accept() gets it, so a burst of
        connections would all go to whichever worker is awake while the others idle. A worker that already holds a
        connection per thread stops listening for YIELD_S, without blocking its loop, so that a less busy worker
        takes the connection first (as Puma does); if none did, it takes it then."""
        now = time.monotonic()
        if self.cfg.workers > 1 and self.nr_conns >= self.cfg.threads and now > self.accept_after + YIELD_S:
            self.accept_after = now + YIELD_S  # if the connection is still there when we listen again, we take it
            self.set_accept_enabled(False)
            return
        try:
            client, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        sock = _TimedSocket(fileno=client.detach())
        self.enqueue_req(_Conn(self, self.cfg, sock, address, listener.getsockname()))

    def enqueue_req(self, conn):
        """Every way to a thread passes here (a new, kept-alive or pipelining connection): read the request first."""
        if conn.ready:
            conn.ready = False
            return super().enqueue_req(conn)
        conn.sock.setblocking(False)
        conn.request = bytearray(conn.parser.unreader.take_buffered() if conn.parser else b"")
        conn.continued = conn.waiting = False
        conn.timeout = time.monotonic() + REQUEST_S
        if not self._take(conn):  # often it has all arrived already: no trip through the poller then
            conn.waiting = True
            self.reading.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
        return None

    def _on_readable(self, conn, _sock):
        self._take(conn)

    def _take(self, conn) -> bool:
        """Read what has arrived; hand a complete request to a thread or refuse one that can't be. False while
        more is due, True once the connection has left the reading state."""
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            data = None
        except OSError:
            data = b""
        if data == b"":  # the client went away before its request was in
            self._stop_waiting(conn)
            self.nr_conns -= 1
            conn.close()
            return True
        conn.request += data or b""
        state = request_state(conn.request, self.max_body) if conn.request else "more"
        if state == "continue" and not conn.continued:
            conn.continued = True
            try:
                conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            except OSError:
                pass
        if state in ("more", "continue"):
            return False
        self._stop_waiting(conn)
        if state == "complete":
            if conn.continued:  # answered already: gunicorn must not send a second 100 Continue
                conn.request = _without_expect(conn.request)
            conn.ready = conn.data_ready = True
            self.enqueue_req(conn)
        elif state == "too_large":
            self._refuse(conn, "413 Request Entity Too Large", "request_entity_too_large",
                         "The request body is too large.")
        else:
            self._refuse(conn, "431 Request Header Fields Too Large", "request_header_fields_too_large",
                         "The request head is too large.")
        return True

    def _stop_waiting(self, conn):
        if conn.waiting:
            conn.waiting = False
            self.reading.remove(conn)
            self.poller.unregister(conn.sock)

    def handle(self, conn):
        """In the thread: the parser gets the request read so far, and the answer is collected, not sent."""
        request, conn.request = bytes(conn.request), bytearray()
        conn.sock.setblocking(True)
        conn.init()
        conn.parser.unreader.unread(request)
        conn.sock.answer = bytearray()
        try:
            return super().handle(conn)
        finally:
            conn.answer, conn.sock.answer = conn.sock.answer, None

    def finish_request(self, conn, fs):
        """In the event loop once a thread is done: write its answer, then carry on as gunicorn does."""
        if conn.answer:
            conn.sock.setblocking(False)
            conn.timeout, conn.finished = time.monotonic() + WRITE_S, fs
            state = self._write(conn)
            if state == "more":
                self.writing.append(conn)
                self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._on_writable, conn))
                return
            if state == "gone":
                self.nr_conns -= 1
                conn.close()
                return
        super().finish_request(conn, fs)

    def _on_writable(self, conn, _sock):
        state = self._write(conn)
        if state == "more":
            return
        self.writing.remove(conn)
        self.poller.unregister(conn.sock)
        if state == "gone":
            self.nr_conns -= 1
            conn.close()
        else:
            super().finish_request(conn, conn.finished)

    @staticmethod
    def _write(conn) -> str:
        """Send what the socket takes now: 'done', 'more' or 'gone' (the client went away)."""
        try:
            while conn.answer:
                del conn.answer[:conn.sock.send(conn.answer)]
        except (BlockingIOError, InterruptedError):
            return "more"
        except OSError:
            conn.answer = bytearray()
            return "gone"
        return "done"

    def _refuse(self, conn, status: str, code: str, message: str) -> None:
        """Answer in the API's error shape from the event loop, and close: the body is never read."""
        body = json.dumps({"error": {"code": code, "message": message, "fields": {}}}).encode()
        head = (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n").encode()
        try:
            conn.sock.send(head + body)  # a few hundred bytes into an empty send buffer
        except OSError:
            pass
        self.log.info("%s: %s, refused before the body was read", conn.client[0], status)
        self.nr_conns -= 1
        conn.close(graceful=True)

    def linger(self, conn):
        """Send FIN, then drain what the client still sends until it closes or LINGER_S pass, without blocking."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
            conn.sock.setblocking(False)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_linger_bytes, conn))
        except (OSError, ValueError, KeyError):
            util.close(conn.sock)
            return
        conn.timeout = time.monotonic() + LINGER_S
        self.lingering.append(conn)

    def on_linger_bytes(self, conn, _sock):
        try:
            if conn.sock.recv(65536):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self.lingering.remove(conn)
        self.poller.unregister(conn.sock)
        util.close(conn.sock)

    def murder_pending(self):
        """Also close requests that did not arrive in time (idle ones at once when stopping), and ended lingers."""
        super().murder_pending()
        now = time.monotonic()
        late = []
        while self.reading and self.reading[0].timeout <= now:
            late.append(self.reading[0])
            self._stop_waiting(self.reading[0])
        if not self.alive:
            idle = [conn for conn in self.reading if not conn.request]
            for conn in idle:
                self._stop_waiting(conn)
            late += idle
        while self.writing and self.writing[0].timeout <= now:
            conn = self.writing.popleft()
            self.poller.unregister(conn.sock)
            late.append(conn)
        for conn in late:
            self.nr_conns -= 1
            conn.close()
        while self.lingering and (self.lingering[0].timeout <= now or not self.alive):
            conn = self.lingering.popleft()
            self.poller.unregister(conn.sock)
            util.close(conn.sock)


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def run_gunicorn(app, host: str, port: int, workers: int) -> None:
    """Serve `app` with `workers` processes of 4 threads each; logs go to stderr."""
    with app.app_context():
        from .extensions import db

        db.engine.dispose()  # no connection may be shared across the fork
    RequestBufferingWorker.max_body = app.config.get("MAX_CONTENT_LENGTH") or RequestBufferingWorker.max_body
    _Gunicorn(app, {
        "bind": f"{host}:{port}", "workers": workers, "worker_class": RequestBufferingWorker, "threads": 4,
        "accesslog": "-", "errorlog": "-", "timeout": 60, "graceful_timeout": 10,
        "post_worker_init": lambda worker: start_webhook_worker(app),
    }).run()
