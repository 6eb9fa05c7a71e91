"""The common loopback server under every fake: threads, request log, faults.

Faults apply to the fake's *write* endpoint (the one that creates a post)
unless queued with ``on="any"``.  Queue them with ``fake.fault(kind, ...)``;
each is used once (or ``times`` times), in order.  Kinds:

``status``          answer with an HTTP error in the network's own format:
                    ``fake.fault("status", status=401)``; shortcuts
                    ``fake.fault(401)``, ``fake.fault(429, reset=…)``, …
``accept_timeout``  store the post, then wait ``delay`` seconds (default 5,
                    past any test client's timeout) before answering
``drop_before``     close the connection without storing or answering
``drop_after``      store the post, then close the connection unanswered
``accept_status``   store the post, then answer with an HTTP error anyway:
                    ``fake.fault("accept_status", status=500)``
``hold``            store the post, set ``fake.arrived``, wait for
                    ``fake.release`` (at most ``timeout`` s, default 60),
                    then answer normally
"""

from __future__ import annotations

import collections
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DROP = object()

FAULT_KINDS = {"status", "accept_timeout", "drop_before", "drop_after", "accept_status", "hold"}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else {}

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}

    def q(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default


@dataclass
class Response:
    status: int
    body: object = None  # dict/list -> JSON; bytes -> as is; None -> empty
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    kind: str
    on: str = "write"
    params: dict = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeNetwork/1"

    def log_message(self, format, *args):  # quiet: tests read fake.requests instead
        pass

    def _handle(self):
        fake: FakeServer = self.server.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Request(
            self.command, parts.path, parse_qs(parts.query, keep_blank_values=True),
            {k.lower(): v for k, v in self.headers.items()}, body,
        )
        with fake.lock:
            fake.requests.append(req)
        try:
            resp = fake.dispatch(req)
        except Exception as exc:  # a bug in a fake should show up as a 500, not a hang
            fake.errors.append(exc)
            resp = Response(500, {"error": "fake server error"})
        if resp is DROP:
            self.close_connection = True
            return
        data = resp.body
        if isinstance(data, (dict, list)):
            data = json.dumps(data).encode("utf-8")
            resp.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        data = data or b""
        try:
            self.send_response(resp.status)
            for name, value in resp.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data and self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _handle


class _Server(ThreadingHTTPServer):
    """One thread per connection, all tracked, so ``close_all`` leaves no thread behind.

    Code elsewhere in the project (the boundary precheck) forks only while a
    single thread runs: a fake must not leave keep-alive handler threads alive.
    """

    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._conn_lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._handlers: list[threading.Thread] = []

    def process_request(self, request, client_address):
        thread = threading.Thread(target=self._serve_one, args=(request, client_address), daemon=True,
                                  name="fake-conn")
        with self._conn_lock:
            self._conns.add(request)
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        thread.start()

    def _serve_one(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            pass
        finally:
            with self._conn_lock:
                self._conns.discard(request)
            self.shutdown_request(request)

    def close_all(self, timeout: float = 5.0) -> None:
        with self._conn_lock:
            conns, threads = list(self._conns), list(self._handlers)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in threads:
            thread.join(timeout)

    def handle_error(self, request, client_address):  # the client went away (timeouts, kills): not news
        pass


class FakeServer:
    """Base of each network fake. Subclasses implement ``route(req) -> Response``."""

    network = "base"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.posts: list[dict] = []
        self.requests: list[Request] = []
        self.errors: list[Exception] = []
        self.faults: collections.deque[Fault] = collections.deque()
        self.arrived = threading.Event()
        self.release = threading.Event()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.clock = time.time  # replaceable, for key expiry

    # ------------------------------------------------------------ lifecycle

    def start(self) -> "FakeServer":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fake-{self.network}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.close_all()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # ------------------------------------------------------------ faults

    def fault(self, kind, *, times: int = 1, on: str = "write", **params) -> "FakeServer":
        if isinstance(kind, int):
            params["status"] = kind
            kind = "status"
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        with self.lock:
            for _ in range(times):
                self.faults.append(Fault(kind, on, dict(params)))
        return self

    def _take(self, write: bool) -> Fault | None:
        with self.lock:
            if self.faults and (write or self.faults[0].on == "any"):
                return self.faults.popleft()
        return None

    def dispatch(self, req: Request):
        fault = self._take(write=False)
        if fault is not None:
            if fault.kind == "status":
                return self.error(fault.params.pop("status"), **fault.params)
            if fault.kind == "drop_before":
                return DROP
            # the other kinds only make sense around a write: put it back for the next write
            with self.lock:
                self.faults.appendleft(fault)
        return self.route(req)

    def write(self, create):
        """Run a post-creating handler under the next queued fault. ``create()`` stores and returns a Response."""
        fault = self._take(write=True)
        if fault is None:
            return create()
        params = dict(fault.params)
        if fault.kind == "status":
            return self.error(params.pop("status"), **params)
        if fault.kind == "drop_before":
            return DROP
        resp = create()
        if fault.kind == "drop_after":
            return DROP
        if fault.kind == "accept_status":
            return self.error(params.pop("status"), **params)
        if fault.kind == "accept_timeout":
            self._stopping.wait(params.get("delay", 5.0))
            return resp
        if fault.kind == "hold":
            self.arrived.set()
            self.release.wait(params.get("timeout", 60.0))
            return resp
        raise AssertionError(fault.kind)

    # ------------------------------------------------------------ to implement

    def route(self, req: Request) -> Response:
        raise NotImplementedError

    def error(self, status: int, **params) -> Response:
        """An error answer in the network's own format."""
        raise NotImplementedError

    # ------------------------------------------------------------ helpers for tests

    def received(self, value: str) -> bool:
        """Whether any request carried this exact value (header or body or query)."""
        with self.lock:
            for req in self.requests:
                blob = " ".join(req.headers.values()) + req.body.decode("utf-8", "replace") + repr(req.query)
                if value in blob:
                    return True
        return False

    def live_posts(self) -> list[dict]:
        with self.lock:
            return [p for p in self.posts if not p.get("deleted")]
