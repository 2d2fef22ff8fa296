"""Live requests, each on a socket of its own: sent byte for byte as node-fetch sends them, the response parsed by
llhttp (Node's own parser, through httptools), failures worded as Node words them.

node-fetch asks for `Connection: close` unless a handler says otherwise, so there is no pool to
keep. httpx's transport costs ~0.3 ms of CPU per request and h11 on a plain socket ~0.15 ms
(bench/http_costs.py); llhttp parses a response in a few microseconds. segtui takes httpx's TLS
defaults (certifi's CA bundle, SSL_CERT_FILE) and its proxy rules (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
NO_PROXY; see proxy.py). Every wait on the socket is bounded by the request's end, so a server or
proxy that trickles bytes cannot outlast it.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable

from segtui.records import MAX_RECORDED_BODY
from segtui.sandbox.connector import MAX_HEAD, RECV_BYTES, Connector, answering, bound, shut
from segtui.sandbox.exchange import DEADLINE_NOTE, Exchange, Outgoing, timeout_error, unsent
from segtui.sandbox.fetch_errors import ConnectFailed, HangUp, ProxyError, node_error
from segtui.sandbox.meanwhile import LATE_S
from segtui.sandbox.request_bytes import request_body, request_head, target_text
from segtui.sandbox.response_body import body_timeout, content_coding, decode_body, too_large
from segtui.sandbox.response_reader import ParseFailure, ResponseReader

_CUT_NOTE = ("the connection closed before the whole body arrived: node-fetch 2.6.0 never settles reading such a body, so a "
             "handler that reads it waits until the time limit, as on Segment")


def _notes(*notes: str | None) -> str | None:
    """A record's notes joined, or None when there are none."""
    return "; ".join(note for note in notes if note) or None


def _plain(sock: socket.socket) -> bool:
    """Whether the socket is a plain TCP one (not TLS's) whose descriptor is non-blocking, as its timeout makes it: one
    written or read at once, with os.write or os.read."""
    return type(sock) is socket.socket and sock.gettimeout() is not None


def _write_now(sock: socket.socket, data: bytes) -> int:
    """How much of `data` a plain TCP socket (`_plain`) takes at once, written with no wait before (socket.sendall
    polls first); 0 through TLS, or when its buffer is full."""
    if not _plain(sock):
        return 0
    try:
        return os.write(sock.fileno(), data)
    except BlockingIOError:
        return 0


def _read_now(sock: socket.socket) -> bytes | None:
    """What a plain TCP socket (`_plain`) known to be readable holds, read with no wait before (socket.recv polls
    first); None through TLS, or when nothing is there after all."""
    if not _plain(sock):
        return None
    try:
        return os.read(sock.fileno(), RECV_BYTES)
    except BlockingIOError:
        return None


class LiveRequest:
    """One live request on a connection of its own, given up when `ends_at` comes.

    `ends_at` is when node-fetch would give up (its `timeout`, counted from when the request is sent and again for
    the body) or the run's deadline, whichever is first. Each wait on the socket lasts only until then; `cut` (from
    another thread) shuts the socket down for whatever else might block. Through an HTTP proxy an
    http request goes in absolute form, an https one in a CONNECT tunnel; its record notes the proxy.
    """

    def __init__(self, connector: Connector, outgoing: Outgoing, deadline: float, body_limit: int) -> None:
        self.connector = connector
        self.outgoing = outgoing
        self.proxy = connector.proxy_for(outgoing)
        self.deadline = deadline
        self.limit = outgoing.timeout_ms / 1000 if outgoing.timeout_ms > 0 else None
        self.ends_at = deadline
        """Until the request is sent, the deadline: time it waits queued on segtui's pool (16 at a time, where Node
        sends all at once) is not counted against its `timeout`."""
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._cut = False
        self.size_limit = body_limit if outgoing.size_cap is None else min(body_limit, outgoing.size_cap)
        """The most body the handler may get: node-fetch's `size`, and the sandbox's memory limit, which a body could
        never fit in (an endless or inflating body would otherwise fill segtui's memory until the run's time limit)."""
        self.read_limit = body_limit
        """Past this many bytes of body segtui stops reading (the size limit, when the body is not to be inflated)."""

    def cut(self) -> None:
        """Shut the request's connection down (from any thread), so that whatever waits on it gives up."""
        with self._lock:
            self._cut = True
            sockets = list(self._sockets)
        for sock in sockets:
            shut(sock)

    def _track(self, sock: socket.socket) -> None:
        """Keep each socket the request connects with, cutting it if already due."""
        with self._lock:
            self._sockets.append(sock)
            cut = self._cut
        if cut:
            shut(sock)

    def __call__(self, meanwhile: Callable[[bool], None]) -> Exchange:
        """Perform the request, giving up at its `timeout` or the run's deadline; `meanwhile(False)` is done once the
        request is on the wire, while the server answers, and `meanwhile(True)` should its answer not begin within
        LATE_S."""
        outgoing = self.outgoing
        started = time.perf_counter()
        if self.limit is not None:
            self.ends_at = min(started + self.limit, self.deadline)
        # Queued on the pool past the deadline (its `timeout` counts only once sent), or aborted or abandoned there.
        if started >= self.ends_at or self._cut:
            return unsent(outgoing.url)
        by_timeout = self.ends_at < self.deadline
        reader = ResponseReader(MAX_HEAD, bodiless=outgoing.method == "HEAD")
        step = "connect"
        proxy_note = None if self.proxy is None else self.proxy.note
        try:
            sock = self.connector.connect(outgoing, self.proxy, self.ends_at, self._track)
            try:
                step = "read"
                self._send(sock)
                self.connector.meanwhile()
                meanwhile(False)
                ready = answering(sock, max(min(LATE_S, self.ends_at - time.perf_counter()), 0.0))
                if not ready:
                    meanwhile(True)
                self._head(sock, reader, ready)
                headers = reader.headers  # the head's: what comes after it (a chunked body's trailers) is no header
                coding = content_coding(outgoing, reader.status, headers)
                if coding is None:  # else bounded as inflated
                    self.read_limit = self.size_limit
                wait_ms = (time.perf_counter() - started) * 1000
                body_until = self.deadline if self.limit is None else time.perf_counter() + self.limit
                body_by_timeout = body_until < self.deadline
                self.ends_at = min(body_until, self.deadline)
                ended = self._read_body(sock, reader)
            except BaseException:
                sock.close()
                self.connector.dropped()
                raise
            self.connector.finished(sock)
        except (OSError, ConnectFailed, HangUp, ProxyError, ParseFailure) as error:
            if isinstance(error, TimeoutError) or self._cut:
                return Exchange(error=timeout_error(outgoing.url), note=_notes(proxy_note, None if by_timeout else DEADLINE_NOTE))
            return Exchange(error=node_error(error, outgoing, step), note=proxy_note)
        body_error, note = None, proxy_note
        if ended is not None:  # read in full (nearly always): no error or note of its own
            body_error = body_timeout(outgoing) if ended == "late" and body_by_timeout else None
            if ended == "large":
                body_error, ended = too_large(outgoing, self.read_limit), None
            note = _notes(proxy_note, {"late": None if body_by_timeout else DEADLINE_NOTE, "cut": _CUT_NOTE}.get(ended or ""))
        body = b"".join(reader.chunks)
        if coding is not None:
            body, decode_error = decode_body(body, outgoing, coding, self.size_limit)
            body_error = body_error or decode_error
        if body_error is None and len(body) > self.size_limit:
            body_error = too_large(outgoing, self.size_limit)
        if body_error is not None and body_error["type"] == "max-size":
            body = body[: MAX_RECORDED_BODY + 1]  # the handler gets the error, the record the body's start
        return Exchange(reader.status, reader.reason.decode("latin-1"), headers, body, body_error=body_error, note=note,
                        wait_ms=wait_ms, cut=ended == "cut")

    def _send(self, sock: socket.socket) -> None:
        """Write the request; a server that closes early may still have answered, so a failed write is not final."""
        outgoing = self.outgoing
        headers = outgoing.headers
        target = target_text(outgoing.target)
        if self.proxy is not None and outgoing.scheme == "http":
            # To a forward proxy: the absolute URL, and its credentials first (as httpcore merges them).
            target = target_text(outgoing.url)
            if self.proxy.authorization:
                headers = [("Proxy-Authorization", self.proxy.authorization), *headers]
        data = request_head(outgoing.method, target, headers) + request_body(outgoing.body, headers)
        try:
            sent = _write_now(sock, data)
            if sent < len(data):
                bound(sock, self.ends_at)
                sock.sendall(memoryview(data)[sent:])
        except TimeoutError:
            raise
        except OSError:
            pass

    def _recv(self, sock: socket.socket) -> bytes:
        bound(sock, self.ends_at)
        return sock.recv(RECV_BYTES)

    def _head(self, sock: socket.socket, reader: ResponseReader, ready: bool) -> None:
        """Read until the response's status line and headers are in (a server closing before that hung up); `ready`:
        the socket is known readable, so its first read needs no wait."""
        while not reader.head_done:
            data = _read_now(sock) if ready else None
            if data is None:
                data = self._recv(sock)
            ready = False
            if not data:
                raise HangUp
            reader.feed(data)

    def _read_body(self, sock: socket.socket, reader: ResponseReader) -> str | None:
        """Read the rest of the body into `reader`; how reading it ended early: "late" (time ran out), "cut" (the
        server closed or broke the framing), "large" (past `read_limit`) or None."""
        try:
            while not reader.complete:
                if reader.broken:
                    return "cut"
                if reader.body_size > self.read_limit:
                    return "large"
                if time.perf_counter() > self.ends_at:
                    return "late"
                data = self._recv(sock)
                if not data:
                    if self._cut:
                        return "late"
                    return None if reader.ends_at_close() else "cut"
                reader.feed(data)
        except TimeoutError:
            return "late"
        except OSError:
            return "late" if self._cut else "cut"
        return None
