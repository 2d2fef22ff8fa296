"""A loopback HTTP server for the conformance fixtures: answers from a route table and records what it received."""

from __future__ import annotations

import gzip
import json
import select
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_SETTLE_S = 10.0
"""The most `take` waits for connections already made to be read (a bound for a hung test)."""


class LoopbackServer:
    """Serves `routes` ("METHOD /path" or "* /path" → response spec) on 127.0.0.1 and records each request.

    A spec gives `status`, `reason`, `headers`, `json` or `body`, `gzip`, `delay_ms`; or `raw`, the response's
    bytes (as latin-1 text) written as they are before the connection closes.
    """

    def __init__(self) -> None:
        self.routes: dict[str, dict] = {}
        self._received: list[dict] = []
        self._lock = threading.Lock()
        self._unread: set[object] = set()
        """The connections accepted whose request is neither recorded nor given up (the client left first)."""
        self._server = _TrackingServer(("127.0.0.1", 0), _handler_for(self))
        self._server.unread = self._unread
        self._server.lock = self._lock
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def take(self) -> list[dict]:
        """The requests received since the last take, in arrival order, once every connection made so far is read.

        A client that has ended (Node's run) may have left a request the server's threads had not read yet (an aborted
        one, on a busy machine): taken later, it was counted as the next run's.
        """
        deadline = time.monotonic() + _SETTLE_S
        while time.monotonic() < deadline:
            with self._lock:
                if not self._unread and not select.select([self._server.socket], [], [], 0)[0]:
                    taken, self._received = self._received, []
                    return taken
            time.sleep(0.005)
        raise AssertionError(f"a connection to the loopback server was not read within {_SETTLE_S:g} s")

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def record(self, request: dict, connection: object) -> None:
        """Keep one received request, read from `connection`."""
        with self._lock:
            self._received.append(request)
            self._unread.discard(connection)

    def route(self, method: str, path: str) -> dict | None:
        """The response spec for a method and path (query excluded), if any."""
        bare = path.split("?", 1)[0]
        return self.routes.get(f"{method} {bare}") or self.routes.get(f"* {bare}")


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(handler.rfile.readline().strip() or b"0", 16)
            if size == 0:
                handler.rfile.readline()
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            body = _read_body(self)
            server.record({
                "method": self.command,
                "path": self.path,
                "headers": [[name.lower(), value] for name, value in self.headers.items()],
                "body": body.decode("utf-8", "backslashreplace"),
            }, self.request)
            spec = server.route(self.command, self.path)
            if spec is None:
                spec = {"status": 404, "body": "not found"}
            time.sleep(spec.get("delay_ms", 0) / 1000)
            if "raw" in spec:
                self.wfile.write(spec["raw"].encode("latin-1"))  # the whole response as given, then the connection closes
                self.close_connection = True
                return
            payload = json.dumps(spec["json"]).encode() if "json" in spec else spec.get("body", "").encode()
            headers = {"Content-Type": "application/json"} if "json" in spec else {"Content-Type": "text/plain"}
            headers.update(spec.get("headers", {}))
            if spec.get("gzip"):
                payload = gzip.compress(payload)
                headers["Content-Encoding"] = "gzip"
            self.send_response(spec.get("status", 200), spec.get("reason"))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up first (a timeout fixture)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

        def date_time_string(self, timestamp: float | None = None) -> str:
            """One fixed Date header: Node and segtui read the same server seconds apart, and a fixture that logs its
            headers must not differ when a second boundary falls between the two runs."""
            return "Mon, 07 Dec 2026 12:00:00 GMT"

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the test reports what matters."""

    return Handler


class _TrackingServer(ThreadingHTTPServer):
    """A threading server that knows which accepted connections have not had their request read yet."""

    unread: set[object]
    lock: threading.Lock

    def get_request(self):  # type: ignore[no-untyped-def]
        # Accepted and noted under the lock `take` looks under: noted only later (process_request), a connection taken
        # off the listening socket was for a moment in neither place, and `take` returned without its request.
        with self.lock:
            request = super().get_request()
            self.unread.add(request[0])
        return request

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self.lock:
            self.unread.discard(request)
        super().shutdown_request(request)
