"""A loopback HTTP/1.1 server for fetch tests: it keeps exactly the bytes each request arrived with.

Built on raw sockets so nothing is normalised: a test sees the request line, every header line
as sent (order and casing) and the body bytes. Routes (matched on the path, query ignored):

    /json, /invalid-json, /empty, /text, /binary, /headers       canned responses
    /gzip, /deflate, /deflate-raw, /bad-gzip                     content codings
    /redirect/N             302 to /redirect/N-1; /redirect/0 answers "done"
    /redirect-to?status=S&location=L                             one redirect of any kind
    /status/S               that status, body "status S"
    /slow?ms=N              headers and body after N ms; /slow-body?ms=N: the body after N ms
    /trickle-head?ms=N      a head that never ends, one byte every N ms, until the client leaves
    /trickle-body?ms=N      a whole head, then a body one byte every N ms, until the client leaves
    /close                  closes the connection without answering
    /big?bytes=N            N bytes of "a"
    anything else           200 "ok"

Each request is kept with server-side arrival and answer times, and an event set when the server
found the client gone while it was still sending. `meeting(n)` makes a route that answers only
once n requests are in flight at the same time, which proves concurrency without timing it.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from support.socket_server import RequestHead, SocketServer


@dataclass
class Received(RequestHead):
    """One request as it arrived: the raw request line, raw header lines and body bytes."""

    body: bytes
    arrived: float
    answered: float = 0.0
    left: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def head(self) -> bytes:
        """The request line and header lines exactly as sent, ending with the blank line."""
        return b"\r\n".join([self.request_line, *self.header_lines]) + b"\r\n\r\n"


@dataclass
class Reply:
    """What a route answers; `delay_s` waits before anything is sent, `body_delay_s` between headers and body.

    With `trickle` ("head" or "body"), that part is sent one byte every `trickle_s` until the client leaves;
    `content_length` is the Content-Length sent when it is not the body's (a body cut short, the connection closing).
    """

    status: int = 200
    body: bytes = b"ok"
    headers: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", "text/plain")])
    reason: str | None = None
    delay_s: float = 0.0
    body_delay_s: float = 0.0
    close_without_answer: bool = False
    trickle: str | None = None
    trickle_s: float = 0.02
    content_length: int | None = None


Route = Callable[[Received], Reply]
_TRICKLE_LIMIT_S = 30.0
_REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 404: "Not Found",
            500: "Internal Server Error", 503: "Service Unavailable"}


def _query(received: Received) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(received.target).query).items()}


def _json(data: object) -> Reply:
    return Reply(body=json.dumps(data).encode(), headers=[("Content-Type", "application/json")])


def meeting(parties: int, timeout_s: float = 5.0) -> Route:
    """A route holding each request until `parties` are in flight: "together", or "alone" after `timeout_s`."""
    barrier = threading.Barrier(parties, timeout=timeout_s)

    def meet(received: Received) -> Reply:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return Reply(body=b"alone")
        return Reply(body=b"together")

    return meet


def _default_route(received: Received) -> Reply:
    path, query = received.path, _query(received)
    parts = path.strip("/").split("/")
    canned = {
        "/json": lambda: _json({"ok": True, "n": 1}),
        "/invalid-json": lambda: Reply(body=b"<html>not json</html>", headers=[("Content-Type", "application/json")]),
        "/empty": lambda: Reply(body=b""),
        "/text": lambda: Reply(body="héllo wörld ✓".encode(), headers=[("Content-Type", "text/plain; charset=utf-8")]),
        "/binary": lambda: Reply(body=bytes(range(256)), headers=[("Content-Type", "application/octet-stream")]),
        "/headers": lambda: Reply(headers=[("X-Dup", "a"), ("x-dup", "b"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
                                           ("Content-Type", "text/a"), ("Content-Type", "text/b"), ("X-Lat", "caf\xe9")]),
        "/gzip": lambda: Reply(body=gzip.compress(b"gzipped body"), headers=[("Content-Encoding", "gzip")]),
        "/deflate": lambda: Reply(body=zlib.compress(b"deflated body"), headers=[("Content-Encoding", "deflate")]),
        "/deflate-raw": lambda: Reply(body=zlib.compress(b"raw deflated body")[2:-4], headers=[("Content-Encoding", "deflate")]),
        "/bad-gzip": lambda: Reply(body=b"not gzip at all", headers=[("Content-Encoding", "gzip")]),
        "/close": lambda: Reply(close_without_answer=True),
        "/slow": lambda: Reply(body=b"slow", delay_s=int(query.get("ms", "300")) / 1000),
        "/slow-body": lambda: Reply(body=b"late body", body_delay_s=int(query.get("ms", "300")) / 1000),
        "/big": lambda: Reply(body=b"a" * int(query.get("bytes", "1000"))),
        "/trickle-head": lambda: Reply(trickle="head", trickle_s=int(query.get("ms", "20")) / 1000),
        "/trickle-body": lambda: Reply(trickle="body", trickle_s=int(query.get("ms", "20")) / 1000),
    }
    if path in canned:
        return canned[path]()
    if parts[0] == "redirect" and len(parts) == 2:
        hops = int(parts[1])
        if hops == 0:
            return Reply(body=b"done")
        return Reply(302, b"", [("Location", f"/redirect/{hops - 1}")])
    if path == "/redirect-to":
        return Reply(int(query.get("status", "302")), b"", [("Location", query.get("location", "/json"))])
    if parts[0] == "status" and len(parts) == 2:
        return Reply(int(parts[1]), f"status {parts[1]}".encode())
    return Reply()


def _at_least(connection: socket.socket, buffer: bytes, length: int) -> bytes:
    """`buffer` with more received until it holds `length` bytes (or the client stops sending)."""
    while len(buffer) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        buffer += chunk
    return buffer


def _dechunk(connection: socket.socket, buffer: bytes) -> tuple[bytes, bytes]:
    """A chunked body's bytes, decoded, and what follows it."""
    body = b""
    while True:
        while b"\r\n" not in buffer:
            chunk = connection.recv(65536)
            if not chunk:
                return body, b""
            buffer += chunk
        size_line, buffer = buffer.split(b"\r\n", 1)
        size = int(size_line.split(b";")[0], 16)
        buffer = _at_least(connection, buffer, size + 2)
        if size == 0:
            return body, buffer[2:]
        body, buffer = body + buffer[:size], buffer[size + 2:]


class LoopbackServer(SocketServer[Received]):
    """Serves on 127.0.0.1 (a free port) from a thread per connection, keeping every request received.

    With `tls`, it serves HTTPS with that context's certificate.
    """

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self._tls = tls
        super().__init__()

    @property
    def base(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(10)
        buffer = b""
        try:
            if self._tls is not None:
                connection = self._tls.wrap_socket(connection, server_side=True)
            while True:
                pieces, found = [buffer], b"\r\n\r\n" in buffer
                while not found:  # each piece searched once, joined once: a head of megabytes comes in linear time
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    found = b"\r\n\r\n" in pieces[-1][-3:] + chunk
                    pieces.append(chunk)
                buffer = b"".join(pieces)
                arrived = time.perf_counter()
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                request_line, *header_lines = head.split(b"\r\n")
                received = Received(request_line, header_lines, b"", arrived)
                if (received.header("Transfer-Encoding") or "").lower() == "chunked":
                    received.body, buffer = _dechunk(connection, buffer)
                else:
                    length = int(received.header("Content-Length") or 0)
                    buffer = _at_least(connection, buffer, length)
                    received.body, buffer = buffer[:length], buffer[length:]
                self.keep(received)
                route = self.routes.get(received.path, _default_route)
                reply = route(received)
                if not self._answer(connection, received, reply):
                    return
                if (received.header("Connection") or "").lower() == "close":
                    return
        except OSError:
            return
        finally:
            connection.close()

    def _answer(self, connection: socket.socket, received: Received, reply: Reply) -> bool:
        time.sleep(reply.delay_s)
        received.answered = time.perf_counter()
        if reply.close_without_answer:
            return False
        if reply.trickle:
            self._trickle(connection, received, reply)
            return False
        reason = reply.reason if reply.reason is not None else _REASONS.get(reply.status, "Whatever")
        lines = [f"HTTP/1.1 {reply.status} {reason}".encode("latin-1")]
        lines += [f"{name}: {value}".encode("latin-1") for name, value in reply.headers]
        lines.append(f"Content-Length: {len(reply.body) if reply.content_length is None else reply.content_length}".encode())
        if (received.header("Connection") or "").lower() == "close":
            lines.append(b"Connection: close")
        connection.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        if reply.body_delay_s:
            time.sleep(reply.body_delay_s)
        if received.method != "HEAD":
            connection.sendall(reply.body)
        return reply.content_length is None

    def _trickle(self, connection: socket.socket, received: Received, reply: Reply) -> None:
        endless = b"X-Trickle: " if reply.trickle == "head" else b"Content-Length: 1000000\r\n\r\n"
        stop_at = time.perf_counter() + _TRICKLE_LIMIT_S
        try:
            connection.sendall(b"HTTP/1.1 200 OK\r\n" + endless)
            while time.perf_counter() < stop_at:
                time.sleep(reply.trickle_s)
                connection.sendall(b"a")
        except OSError:
            received.left.set()
