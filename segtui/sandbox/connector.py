"""The connections of live requests: sockets made ahead and closed off the handler's path by a tidier thread, name
lookups bounded by the request's end, TLS and proxies as httpx sets them up."""

from __future__ import annotations

import errno
import functools
import ipaddress
import queue
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segtui.sandbox.proxy import Proxy

from segtui.sandbox.exchange import Outgoing
from segtui.sandbox.fetch_errors import ConnectFailed, ProxyError
from segtui.sandbox.request_bytes import request_head
from segtui.sandbox.response_reader import ResponseReader

_MIN_WAIT_S = 0.001
MAX_HEAD = 100 * 1024  # the largest response head, as httpcore allows
RECV_BYTES = 65536
_LOOKUP_THREADS = 4
_SPARES, _CLOSED_TOGETHER = 8, 8
"""Spare sockets kept ready (one per request, more for those a handler starts together), and how many connections
their servers close are handed to the tidier at once."""
_SPARE_KIND = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)


def shut(sock: socket.socket) -> None:
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


def _wait(ends_at: float) -> float:
    return max(ends_at - time.perf_counter(), _MIN_WAIT_S)


def answering(sock: socket.socket, within: float) -> bool:
    """Whether the server begins its answer within `within` seconds. Through TLS, never: its own records (session
    tickets) make a socket readable before any answer, so a wait there counts as late at once."""
    if isinstance(sock, ssl.SSLSocket):
        return False
    poll = select.poll()  # not select.select, which refuses descriptors past 1023
    poll.register(sock, select.POLLIN)
    return bool(poll.poll(within * 1000))


def bound(sock: socket.socket, ends_at: float) -> None:
    """Make the socket's next wait end by `ends_at`, within _MIN_WAIT_S: its timeout is set again only when it is off
    by more than that, as each setting is a system call (it saves two of a loopback request's dozen)."""
    wait = max(ends_at - time.perf_counter(), _MIN_WAIT_S)  # _wait's, inline: three a request
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


def _peers_closed(sockets: list[socket.socket]) -> list[socket.socket]:
    """The sockets whose peers have closed (or sent more): readable once their responses were read in full."""
    try:
        readable, _, _ = select.select(sockets, [], [], 0)
    except (OSError, ValueError):  # a socket closed already, or too many for select: each is closed here
        return []
    return list(readable)


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
        self._closing: list[socket.socket] = []
        """Answered connections their servers have closed, for the tidier thread to close."""
        self._in_flight = 0
        """Connections `connect` gave whose requests are not over: while one is, the next finished is closed at once."""
        self._spares: list[socket.socket] = []
        """TCP sockets over IPv4, made ahead by the tidier thread for the next requests to connect with."""
        self._tidier: queue.SimpleQueue[tuple[int, list[socket.socket]]] | None = None
        self._runs = 0
        """How many runs have ended (`close_all`): the tidier makes no spare for a run that has."""
        self.proxies = environment_proxies()

    def finished(self, sock: socket.socket) -> None:
        """The connection of a request answered in full (the handler has its response meanwhile): closed at once while
        another request waits on a server, which may serve one connection at a time (Node frees it at the response's
        end); else kept until the next wait (`meanwhile`) or `close_all`."""
        with self._lock:
            self._in_flight -= 1
            others = self._in_flight > 0
            if not others:
                self._finished.append(sock)
        if others:
            _close([sock])

    def dropped(self) -> None:
        """A connection `connect` gave was closed by its request (it failed)."""
        with self._lock:
            self._in_flight -= 1

    def meanwhile(self) -> None:
        """While a request waits on its server (from any thread): close the connections kept since, and make sockets
        for the next requests.

        Closing a TCP connection costs ~25 µs of the kernel's time (it sends the FIN then) and making a socket ~15 µs:
        on V8's thread, with the work of writing results, that outlasted a fast server's answer, and the handler waited
        on it. A connection its server has closed already (`Connection: close`: its FIN is in) waits on nobody, so the
        tidier thread closes it on another core (its calls let go of Python's lock), a few at a time, and makes the
        spare sockets: waking it for each request cost more than it saved. One its server keeps open is closed here and
        now, as the server may be waiting on it.
        """
        with self._lock:
            kept, self._finished = self._finished, []
        ended = _peers_closed(kept) if kept else []
        _close([sock for sock in kept if sock not in ended])
        with self._lock:
            self._closing += ended
            if len(self._closing) < _CLOSED_TOGETHER and len(self._spares) >= _SPARES // 2:
                return
            handed, self._closing = self._closing, []
            if self._tidier is None:
                self._tidier = queue.SimpleQueue()
                threading.Thread(target=self._tidy, args=(self._tidier,), name="segtui-sockets", daemon=True).start()
            tidier, run = self._tidier, self._runs
        tidier.put((run, handed))

    def _tidy(self, work: queue.SimpleQueue[tuple[int, list[socket.socket]]]) -> None:
        """The tidier thread: close the connections it is handed, then make spare sockets up to _SPARES (none once the
        run it was handed them in has ended: `close_all`)."""
        while True:
            run, finished = work.get()
            _close(finished)
            while True:
                with self._lock:
                    if run != self._runs or len(self._spares) >= _SPARES:
                        break
                try:
                    spare = _new_socket(*_SPARE_KIND)
                except OSError:  # out of file descriptors, say: each request makes its own and reports what fails
                    break
                with self._lock:
                    if run == self._runs:
                        self._spares.append(spare)
                        continue
                spare.close()

    def close_all(self) -> None:
        """Close the connections kept by `finished` and the spare sockets: the run is over."""
        with self._lock:
            kept = self._finished + self._closing + self._spares
            self._finished, self._closing, self._spares = [], [], []
            self._runs += 1
        _close(kept)

    def _socket(self, family: int, kind: int, proto: int) -> socket.socket:
        """A TCP socket to connect: a spare one when it is of the kind asked for, else a new one."""
        if (family, kind, proto) == _SPARE_KIND:
            with self._lock:
                if self._spares:
                    return self._spares.pop()
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
        if outgoing.scheme == "https":
            try:
                bound(sock, ends_at)
                sock = self._tls_context().wrap_socket(sock, server_hostname=_ip(outgoing.host) or outgoing.host)
            except OSError:
                sock.close()
                raise
        with self._lock:
            self._in_flight += 1
        return sock

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
                bound(sock, ends_at)
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
        authority = _authority(_ip(outgoing.host) or outgoing.host, outgoing.port)
        headers = [("Host", authority), ("Accept", "*/*")]
        if proxy.authorization:
            headers.append(("Proxy-Authorization", proxy.authorization))
        bound(sock, ends_at)
        sock.sendall(request_head("CONNECT", authority, headers))
        reader = ResponseReader(MAX_HEAD)
        while not reader.head_done:
            bound(sock, ends_at)
            data = sock.recv(RECV_BYTES)
            if not data:
                raise ProxyError("Connection to establish proxy tunnel ended unexpectedly", "ERR_PROXY_TUNNEL")
            reader.feed(data)
        if not 200 <= reader.status <= 299:
            line = f"HTTP/{reader.version} {reader.status} {reader.reason.decode('latin-1')}".rstrip()
            raise ProxyError(f"Failed to establish tunnel to {authority} via {proxy.shown}: {line}",
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
        # As bytes, as Node passes it: a str goes through Python's idna codec, which raises UnicodeError for a label
        # empty or over 63 characters where the resolver answers ENOTFOUND (the name is already ASCII, as fetch_url.js
        # turns a Unicode one into punycode).
        name = host.encode("utf-8", "replace")
        return self._lookups.submit(socket.getaddrinfo, name, port, type=socket.SOCK_STREAM).result(_wait(ends_at))

    def _tls_context(self) -> ssl.SSLContext:
        """httpx's default verifying context, built at the first https request (it costs ~20 ms)."""
        with self._lock:
            if self._tls is None:
                import httpx

                self._tls = httpx.create_ssl_context()
            return self._tls
