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

import errno
import functools
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segtui.sandbox.proxy import Proxy

from segtui.records import MAX_RECORDED_BODY
from segtui.sandbox.exchange import DEADLINE_NOTE, Exchange, Outgoing, timeout_error
from segtui.sandbox.fetch_errors import ConnectFailed, HangUp, node_error
from segtui.sandbox.request_bytes import request_body, request_head, target_bytes
from segtui.sandbox.response_body import body_timeout, decode_body, inflation, too_large
from segtui.sandbox.response_reader import ParseFailure, ResponseReader

_MIN_WAIT_S = 0.001
_CUT_NOTE = "the connection closed before the whole body arrived; the handler got what had arrived"
_MAX_HEAD = 100 * 1024  # the largest response head, as httpcore allows
_RECV_BYTES = 65536
_LOOKUP_THREADS = 4


def _shut(sock: socket.socket) -> None:
    """Shut a socket down both ways, which wakes a thread blocked reading it; one already closed is left alone."""
    try:
        # socket.socket's own method, as SSLSocket.shutdown would drop the TLS state under the reading thread.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


@functools.lru_cache(maxsize=256)
def _ip(host: str) -> str | None:
    """The host as an IP address without URL brackets, or None for a name."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return None


def _notes(*notes: str | None) -> str | None:
    """A record's notes joined, or None when there are none."""
    return "; ".join(note for note in notes if note) or None


def _wait(ends_at: float) -> float:
    return max(ends_at - time.perf_counter(), _MIN_WAIT_S)


def _bound(sock: socket.socket, ends_at: float) -> None:
    """Make the socket's next wait end by `ends_at`, within _MIN_WAIT_S: its timeout is set again only when it is off
    by more than that, as each setting is a system call (it saves two of a loopback request's dozen)."""
    wait = _wait(ends_at)
    current = sock.gettimeout()
    if current is None or abs(current - wait) > _MIN_WAIT_S:
        sock.settimeout(wait)


def _new_socket(family: int, kind: int, proto: int) -> socket.socket:
    """A TCP socket with Nagle's algorithm off (set before connecting, it holds for the connection), as Node's are."""
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _close(sockets: list[socket.socket]) -> None:
    """Close sockets whose requests are over (how each ends is nothing to report)."""
    for sock in sockets:
        try:
            sock.close()
        except OSError:
            pass


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Connector:
    """Opens the connections of live requests: name lookups bounded by the request's end, TLS and proxies as httpx
    sets them up."""

    def __init__(self) -> None:
        from segtui.sandbox.proxy import environment_proxies  # ~3 ms, not paid by a sandbox that never goes live

        self._lock = threading.Lock()
        self._lookups: ThreadPoolExecutor | None = None
        self._tls: ssl.SSLContext | None = None
        self._finished: list[socket.socket] = []
        self._spare: tuple[tuple[int, int, int], socket.socket] | None = None
        """The socket `meanwhile` made for the next request, with its family, type and protocol."""
        self.proxies = environment_proxies()

    def finished(self, sock: socket.socket) -> None:
        """Keep the connection of a request answered in full, to be closed by `meanwhile` or `close_all`.

        Closing a TCP connection costs ~25 µs of the handler's time (the kernel sends its FIN then), so it is done
        while the next request waits on its server, or when the run ends; the handler has its response meanwhile.
        """
        with self._lock:
            self._finished.append(sock)

    def meanwhile(self) -> None:
        """While a request waits on its server (from any thread): close the connections kept by `finished`, and make
        the socket the next request connects with (making one costs ~15 µs; unconnected, it sends nothing)."""
        with self._lock:
            finished, self._finished = self._finished, []
            wanted = self._spare is None
        _close(finished)
        if not wanted:
            return
        kind = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            spare = _new_socket(*kind)
        except OSError:  # out of file descriptors, say: the next request makes its own and reports what fails
            return
        with self._lock:
            if self._spare is None:
                self._spare = (kind, spare)
                return
        spare.close()

    def close_all(self) -> None:
        """Close the connections kept by `finished` and the spare socket: the run is over."""
        with self._lock:
            kept, self._finished = self._finished, []
            if self._spare is not None:
                kept.append(self._spare[1])
                self._spare = None
        _close(kept)

    def _socket(self, family: int, kind: int, proto: int) -> socket.socket:
        """A TCP socket to connect: the spare `meanwhile` made when it is of the kind asked for, else a new one."""
        with self._lock:
            spare = self._spare
            if spare is not None and spare[0] == (family, kind, proto):
                self._spare = None
                return spare[1]
        return _new_socket(family, kind, proto)

    def proxy_for(self, outgoing: Outgoing) -> Proxy | None:
        """The proxy the request goes through, or None when it goes direct."""
        return self.proxies.for_url(outgoing.scheme, outgoing.host, outgoing.port)

    def connect(self, outgoing: Outgoing, proxy: Proxy | None, ends_at: float,
                track: Callable[[socket.socket], None]) -> socket.socket:
        """A socket to the origin, direct or through `proxy` (TLS for https, in a CONNECT tunnel through a proxy),
        each attempt handed to `track` so that it can be cut off."""
        if proxy is None:
            sock = self._open(outgoing.host, outgoing.port, ends_at, track)
        else:
            sock = self._open(proxy.usable().host, proxy.port, ends_at, track)
            if outgoing.scheme == "https":
                try:
                    self._tunnel(sock, proxy, outgoing, ends_at)
                except BaseException:
                    sock.close()
                    raise
        if outgoing.scheme != "https":
            return sock
        try:
            _bound(sock, ends_at)
            return self._tls_context().wrap_socket(sock, server_hostname=_ip(outgoing.host) or outgoing.host)
        except OSError:
            sock.close()
            raise

    def _open(self, host: str, port: int, ends_at: float, track: Callable[[socket.socket], None]) -> socket.socket:
        """A TCP connection to host:port, trying each of its addresses in turn."""
        ip = _ip(host)
        try:
            addresses = self._addresses(ip or host, port, ends_at, ip is not None)
        except socket.gaierror as error:
            raise ConnectFailed(error, host, host, port) from None
        failure, tried = OSError(errno.ECONNREFUSED, "no address"), host
        for family, kind, proto, _name, address in addresses:
            sock = self._socket(family, kind, proto)
            track(sock)
            try:
                _bound(sock, ends_at)
                sock.connect(address)
            except OSError as error:
                sock.close()
                failure, tried = error, address[0]
                if isinstance(error, TimeoutError):
                    raise
                continue
            return sock
        raise ConnectFailed(failure, host, tried, port)

    @staticmethod
    def _tunnel(sock: socket.socket, proxy: Proxy, outgoing: Outgoing, ends_at: float) -> None:
        """Ask the proxy for a tunnel to the origin (CONNECT, as httpcore asks); one not granted raises ProxyError.

        ProxyError's message is the one Node gives (ERR_PROXY_TUNNEL) when it tunnels through a proxy itself.
        """
        from segtui.sandbox.proxy import ProxyError

        authority = _authority(_ip(outgoing.host) or outgoing.host, outgoing.port).encode("ascii")
        headers = [(b"Host", authority), (b"Accept", b"*/*")]
        if proxy.authorization:
            headers.append((b"Proxy-Authorization", proxy.authorization.encode("ascii")))
        _bound(sock, ends_at)
        sock.sendall(request_head("CONNECT", authority, headers))
        reader = ResponseReader(_MAX_HEAD)
        while not reader.head_done:
            _bound(sock, ends_at)
            data = sock.recv(_RECV_BYTES)
            if not data:
                raise ProxyError("Connection to establish proxy tunnel ended unexpectedly", "ERR_PROXY_TUNNEL")
            reader.feed(data)
        if not 200 <= reader.status <= 299:
            line = f"HTTP/{reader.version} {reader.status} {reader.reason.decode('latin-1')}".rstrip()
            raise ProxyError(f"Failed to establish tunnel to {authority.decode()} via {proxy.shown}: {line}",
                             "ERR_PROXY_TUNNEL")

    def _addresses(self, host: str, port: int, ends_at: float, numeric: bool) -> list[Any]:
        """Resolve on a side thread when it is a name, so that a slow resolver cannot hold the run past its end."""
        if numeric and ":" not in host:
            # An IPv4 literal has one address, which getaddrinfo would only copy (~4 µs per request).
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (host, port))]
        if numeric:
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with self._lock:
            if self._lookups is None:
                self._lookups = ThreadPoolExecutor(_LOOKUP_THREADS, thread_name_prefix="segtui-dns")
        return self._lookups.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM).result(_wait(ends_at))

    def _tls_context(self) -> ssl.SSLContext:
        """httpx's default verifying context, built at the first https request (it costs ~20 ms)."""
        with self._lock:
            if self._tls is None:
                import httpx

                self._tls = httpx.create_ssl_context()
            return self._tls


class LiveRequest:
    """One live request on a connection of its own, given up when `ends_at` comes.

    `ends_at` is when node-fetch would give up (its `timeout`, counted again for the body) or the
    run's deadline, whichever is first. Each wait on the socket lasts only until then; `cut` (from
    another thread) shuts the socket down for whatever else might block. Through an HTTP proxy an
    http request goes in absolute form, an https one in a CONNECT tunnel; its record notes the proxy.
    """

    def __init__(self, connector: Connector, outgoing: Outgoing, deadline: float, body_limit: int) -> None:
        self.connector = connector
        self.outgoing = outgoing
        self.proxy = connector.proxy_for(outgoing)
        self.deadline = deadline
        self.limit = outgoing.timeout_ms / 1000 if outgoing.timeout_ms > 0 else None
        self.ends_at = deadline if self.limit is None else min(time.perf_counter() + self.limit, deadline)
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._cut = False
        self.size_limit = min(body_limit, outgoing.size) if outgoing.size else body_limit
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
            _shut(sock)

    def _track(self, sock: socket.socket) -> None:
        """Keep each socket the request connects with, cutting it if already due."""
        with self._lock:
            self._sockets.append(sock)
            cut = self._cut
        if cut:
            _shut(sock)

    def __call__(self, meanwhile: Callable[[], None]) -> Exchange:
        """Perform the request, giving up at its `timeout` or the run's deadline; `meanwhile` is done once the
        request is on the wire, while the server answers."""
        from segtui.sandbox.proxy import ProxyError

        outgoing = self.outgoing
        started = time.perf_counter()
        by_timeout = self.ends_at < self.deadline
        reader = ResponseReader(_MAX_HEAD, bodiless=outgoing.method == "HEAD")
        step = "connect"
        proxy_note = None if self.proxy is None else self.proxy.note
        try:
            sock = self.connector.connect(outgoing, self.proxy, self.ends_at, self._track)
            try:
                step = "read"
                self._send(sock)
                self.connector.meanwhile()
                meanwhile()
                self._head(sock, reader)
                if inflation(outgoing, reader.status, reader.text_headers()) is None:  # else bounded as inflated
                    self.read_limit = self.size_limit
                wait_ms = (time.perf_counter() - started) * 1000
                body_until = self.deadline if self.limit is None else time.perf_counter() + self.limit
                body_by_timeout = body_until < self.deadline
                self.ends_at = min(body_until, self.deadline)
                ended = self._read_body(sock, reader)
            except BaseException:
                sock.close()
                raise
            self.connector.finished(sock)
        except (OSError, ConnectFailed, HangUp, ProxyError, ParseFailure) as error:
            if isinstance(error, TimeoutError) or self._cut:
                return Exchange(error=timeout_error(outgoing.url), note=_notes(proxy_note, None if by_timeout else DEADLINE_NOTE))
            return Exchange(error=node_error(error, outgoing, step), note=proxy_note)
        body_error = body_timeout(outgoing) if ended == "late" and body_by_timeout else None
        if ended == "large":
            body_error, ended = too_large(outgoing, self.read_limit), None
        note = _notes(proxy_note, {"late": None if body_by_timeout else DEADLINE_NOTE, "cut": _CUT_NOTE}.get(ended or ""))
        raw, headers = b"".join(reader.chunks), reader.text_headers()
        body, decode_error = decode_body(raw, outgoing, reader.status, headers, self.size_limit)
        body_error = body_error or decode_error
        if body_error is None and len(body) > self.size_limit:
            body_error = too_large(outgoing, self.size_limit)
        if body_error is not None and body_error["type"] == "max-size":
            body = body[: MAX_RECORDED_BODY + 1]  # the handler gets the error, the record the body's start
        return Exchange(reader.status, reader.reason.decode("latin-1"), headers, body, body_error=body_error, note=note,
                        wait_ms=wait_ms)

    def _send(self, sock: socket.socket) -> None:
        """Write the request; a server that closes early may still have answered, so a failed write is not final."""
        outgoing = self.outgoing
        headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in outgoing.headers]
        target = target_bytes(outgoing.target)
        if self.proxy is not None and outgoing.scheme == "http":
            # To a forward proxy: the absolute URL, and its credentials first (as httpcore merges them).
            target = target_bytes(outgoing.url)
            if self.proxy.authorization:
                headers.insert(0, (b"Proxy-Authorization", self.proxy.authorization.encode("ascii")))
        data = request_head(outgoing.method, target, headers) + request_body(outgoing.body, headers)
        try:
            _bound(sock, self.ends_at)
            sock.sendall(data)
        except TimeoutError:
            raise
        except OSError:
            pass

    def _recv(self, sock: socket.socket) -> bytes:
        _bound(sock, self.ends_at)
        return sock.recv(_RECV_BYTES)

    def _head(self, sock: socket.socket, reader: ResponseReader) -> None:
        """Read until the response's status line and headers are in (a server closing before that hung up)."""
        while not reader.head_done:
            data = self._recv(sock)
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
