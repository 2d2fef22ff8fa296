"""Live requests, each on a socket of its own framed by h11 (the HTTP/1.1 engine under httpx): sent byte for byte
as node-fetch sends them, failures worded as Node words them.

node-fetch asks for `Connection: close` unless a handler says otherwise, so there is no pool to
keep. httpx's transport costs ~0.3 ms of CPU per request against ~0.15 ms for h11 on a plain
socket (bench/http_costs.py), so segtui drives h11 itself and takes httpx's TLS defaults
(certifi's CA bundle, SSL_CERT_FILE) and its proxy rules (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
NO_PROXY; see proxy.py). Every wait on the socket is bounded by the request's end, so a server or
proxy that trickles bytes cannot outlast it.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import h11

    from segtui.sandbox.proxy import Proxy

from segtui.sandbox.exchange import DEADLINE_NOTE, Exchange, Outgoing, timeout_error
from segtui.sandbox.fetch_errors import ConnectFailed, HangUp, node_error
from segtui.sandbox.response_body import body_timeout, decode_body

_MIN_WAIT_S = 0.001
_CUT_NOTE = "the connection closed before the whole body arrived; the handler got what had arrived"
_MAX_HEAD = 100 * 1024  # the largest response head, as httpcore allows
_RECV_BYTES = 65536
_LOOKUP_THREADS = 4


def request_head(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers as node-fetch writes them, in the order given.

    h11 frames the body and reads the response, but writes Host first; Node writes it after the
    headers node-fetch passes, and a server sees that order. So segtui writes the head itself,
    and h11 is used through its public API only.
    """
    lines = [b"%s %s HTTP/1.1" % (method.encode("ascii"), target)]
    lines += [b"%s: %s" % (name, value) for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _target(target: str) -> bytes:
    """The request line's target; characters HTTP cannot carry raw are percent-encoded as UTF-8."""
    data = target.encode("utf-8", "surrogatepass")
    if all(0x21 <= byte <= 0x7E for byte in data):
        return data
    return b"".join(bytes([byte]) if 0x21 <= byte <= 0x7E else b"%%%02X" % byte for byte in data)


def _shut(sock: socket.socket) -> None:
    """Shut a socket down both ways, which wakes a thread blocked reading it; one already closed is left alone."""
    try:
        # socket.socket's own method, as SSLSocket.shutdown would drop the TLS state under the reading thread.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


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
        self.proxies = environment_proxies()

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
            sock.settimeout(_wait(ends_at))
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
            sock = socket.socket(family, kind, proto)
            track(sock)
            try:
                sock.settimeout(_wait(ends_at))
                sock.connect(address)
            except OSError as error:
                sock.close()
                failure, tried = error, address[0]
                if isinstance(error, TimeoutError):
                    raise
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        raise ConnectFailed(failure, host, tried, port)

    @staticmethod
    def _tunnel(sock: socket.socket, proxy: Proxy, outgoing: Outgoing, ends_at: float) -> None:
        """Ask the proxy for a tunnel to the origin (CONNECT, as httpcore asks); one not granted raises ProxyError.

        ProxyError's message is the one Node gives (ERR_PROXY_TUNNEL) when it tunnels through a proxy itself.
        """
        import h11

        from segtui.sandbox.proxy import ProxyError

        authority = _authority(_ip(outgoing.host) or outgoing.host, outgoing.port).encode("ascii")
        headers = [(b"Host", authority), (b"Accept", b"*/*")]
        if proxy.authorization:
            headers.append((b"Proxy-Authorization", proxy.authorization.encode("ascii")))
        connection = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        data = connection.send(h11.Request(method="CONNECT", target=authority, headers=headers))
        data += connection.send(h11.EndOfMessage())
        sock.settimeout(_wait(ends_at))
        sock.sendall(data)
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                sock.settimeout(_wait(ends_at))
                data = sock.recv(_RECV_BYTES)
                if not data:
                    raise ProxyError("Connection to establish proxy tunnel ended unexpectedly", "ERR_PROXY_TUNNEL")
                connection.receive_data(data)
            elif isinstance(event, h11.Response):
                break
        if not 200 <= event.status_code <= 299:
            line = f"HTTP/{event.http_version.decode()} {event.status_code} {event.reason.decode('latin-1')}".rstrip()
            raise ProxyError(f"Failed to establish tunnel to {authority.decode()} via {proxy.shown}: {line}",
                             "ERR_PROXY_TUNNEL")

    def _addresses(self, host: str, port: int, ends_at: float, numeric: bool) -> list[Any]:
        """Resolve on a side thread when it is a name, so that a slow resolver cannot hold the run past its end."""
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

    def __init__(self, connector: Connector, outgoing: Outgoing, deadline: float) -> None:
        self.connector = connector
        self.outgoing = outgoing
        self.proxy = connector.proxy_for(outgoing)
        self.deadline = deadline
        self.limit = outgoing.timeout_ms / 1000 if outgoing.timeout_ms > 0 else None
        self.ends_at = deadline if self.limit is None else min(time.perf_counter() + self.limit, deadline)
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._cut = False

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

    def __call__(self) -> Exchange:
        """Perform the request, giving up at its `timeout` or the run's deadline."""
        import h11

        from segtui.sandbox.proxy import ProxyError

        outgoing = self.outgoing
        started = time.perf_counter()
        by_timeout = self.ends_at < self.deadline
        connection = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        step = "connect"
        proxy_note = None if self.proxy is None else self.proxy.note
        try:
            with self.connector.connect(outgoing, self.proxy, self.ends_at, self._track) as sock:
                step = "read"
                self._send(sock, connection)
                response = self._head(sock, connection)
                wait_ms = (time.perf_counter() - started) * 1000
                body_until = self.deadline if self.limit is None else time.perf_counter() + self.limit
                body_by_timeout = body_until < self.deadline
                self.ends_at = min(body_until, self.deadline)
                raw, ended = self._read_body(sock, connection, response)
        except (OSError, ConnectFailed, HangUp, ProxyError, h11.ProtocolError) as error:
            if isinstance(error, TimeoutError) or self._cut:
                return Exchange(error=timeout_error(outgoing.url), note=_notes(proxy_note, None if by_timeout else DEADLINE_NOTE))
            return Exchange(error=node_error(error, outgoing, step), note=proxy_note)
        body_error = body_timeout(outgoing) if ended == "late" and body_by_timeout else None
        note = {"late": None if body_by_timeout else DEADLINE_NOTE, "cut": _CUT_NOTE}.get(ended) if ended else None
        note = _notes(proxy_note, note)
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers.raw_items()]
        body, decode_error = decode_body(raw, outgoing, response.status_code, headers)
        body_error = body_error or decode_error
        if body_error is None and outgoing.size and len(body) > outgoing.size:
            body_error = {"message": f"content size at {outgoing.url} over limit: {outgoing.size}", "type": "max-size"}
        reason = response.reason.decode("latin-1")
        return Exchange(response.status_code, reason, headers, body, body_error=body_error, note=note, wait_ms=wait_ms)

    def _send(self, sock: socket.socket, connection: h11.Connection) -> None:
        """Write the request; a server that closes early may still have answered, so a failed write is not final."""
        import h11

        outgoing = self.outgoing
        headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in outgoing.headers]
        target = _target(outgoing.target)
        if self.proxy is not None and outgoing.scheme == "http":
            # To a forward proxy: the absolute URL, and its credentials first (as httpcore merges them).
            target = _target(outgoing.url)
            if self.proxy.authorization:
                headers.insert(0, (b"Proxy-Authorization", self.proxy.authorization.encode("ascii")))
        connection.send(h11.Request(method=outgoing.method, target=target, headers=headers))  # h11 frames the body
        data = request_head(outgoing.method, target, headers)
        if outgoing.body:
            data += connection.send(h11.Data(data=outgoing.body))
        data += connection.send(h11.EndOfMessage())
        try:
            sock.settimeout(_wait(self.ends_at))
            sock.sendall(data)
        except TimeoutError:
            raise
        except OSError:
            pass

    def _recv(self, sock: socket.socket) -> bytes:
        sock.settimeout(_wait(self.ends_at))
        return sock.recv(_RECV_BYTES)

    def _head(self, sock: socket.socket, connection: h11.Connection) -> h11.Response | h11.InformationalResponse:
        """The response's status line and headers (a 1xx other than 101 is skipped, as httpcore does)."""
        import h11

        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                data = self._recv(sock)
                if not data and connection.their_state is h11.SEND_RESPONSE:
                    raise HangUp
                connection.receive_data(data)
            elif isinstance(event, h11.Response) or (isinstance(event, h11.InformationalResponse) and event.status_code == 101):
                return event

    def _read_body(self, sock: socket.socket, connection: h11.Connection,
                   response: h11.Response | h11.InformationalResponse) -> tuple[bytes, str | None]:
        """The raw body, and how reading it ended early: "late" (time ran out), "cut" (the server closed) or None."""
        import h11

        chunks: list[bytes] = []
        if not isinstance(response, h11.Response):
            return b"", None
        try:
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    if time.perf_counter() > self.ends_at:
                        return b"".join(chunks), "late"
                    connection.receive_data(self._recv(sock))
                elif isinstance(event, h11.Data):
                    chunks.append(event.data)
                elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)) or event is h11.PAUSED:
                    return b"".join(chunks), None
        except TimeoutError:
            return b"".join(chunks), "late"
        except (OSError, h11.RemoteProtocolError):
            return b"".join(chunks), "late" if self._cut else "cut"
