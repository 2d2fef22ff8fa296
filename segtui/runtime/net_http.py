"""Live requests through httpx: sent byte for byte as node-fetch sends them, failures worded as Node words them.

The transport is used directly rather than through `httpx.Client`, whose default headers, cookie
jar, auth and redirect handling would all change what goes on the wire or what comes back.
Connections are not kept for reuse (node-fetch asks for `Connection: close` anyway unless a
handler says otherwise), so each request's socket is its own to cut off when its time is up.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
import threading
import time
import zlib

from segtui.runtime.net_exchange import DEADLINE_NOTE, Exchange, Outgoing, header_value, system_error, timeout_error

# OpenSSL verification codes and how Node 20 reports them.
_TLS_ERRORS = {
    9: ("certificate is not yet valid", "CERT_NOT_YET_VALID"),
    10: ("certificate has expired", "CERT_HAS_EXPIRED"),
    18: ("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"),
    19: ("self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"),
    20: ("unable to get local issuer certificate", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    21: ("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
}
_HOSTNAME_MISMATCH = 62
_MIN_WAIT_S = 0.001
_CUT_NOTE = "the connection closed before the whole body arrived; the handler got what had arrived"
_CONNECTED = frozenset(("connection.connect_tcp.complete", "connection.start_tls.complete"))


def _write_headers_in_order(headers, write) -> None:
    for raw_name, _name, value in headers._full_items:
        write(b"%s: %s\r\n" % (raw_name, value))
    write(b"\r\n")


def _keep_header_order() -> None:
    """Make h11 write request headers in the order given.

    h11 moves Host to the front; Node writes it after the headers node-fetch passes, and the
    server sees that order. httpx itself puts Host first whenever it adds it, so nothing else
    in the process changes.
    """
    import h11._writers

    if getattr(h11._writers, "write_headers", None) is not None:
        h11._writers.write_headers = _write_headers_in_order


def open_transport():
    """A pooled HTTP/1.1 transport; httpx is imported here as it costs ~70 ms and only live requests need it."""
    import httpx

    _keep_header_order()
    return httpx.HTTPTransport(retries=0, limits=httpx.Limits(max_keepalive_connections=0))


def _target(target: str) -> bytes:
    """The request line's target; characters HTTP cannot carry raw are percent-encoded as UTF-8."""
    data = target.encode("utf-8", "surrogatepass")
    if all(0x21 <= byte <= 0x7E for byte in data):
        return data
    return b"".join(bytes([byte]) if 0x21 <= byte <= 0x7E else b"%%%02X" % byte for byte in data)


def _timeouts(seconds: float) -> dict:
    seconds = max(seconds, _MIN_WAIT_S)
    return {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}


def _shut(sock: socket.socket) -> None:
    """Shut a socket down both ways, which wakes a thread blocked reading it; one already closed is left alone."""
    try:
        # socket.socket's own method, as SSLSocket.shutdown would drop the TLS state under the reading thread.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _js_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _os_error(error: BaseException) -> OSError | None:
    """The operating-system error at the root of an httpx error, if any."""
    seen = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _address(host: str, port: int) -> str:
    """The address Node would name in a connect error: the host if it is an IP, else its first resolved one."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
    except OSError:
        return host


def node_error(error: Exception, outgoing: Outgoing) -> dict:
    """The FetchError node-fetch raises for a failed request, from the httpx error that ended it."""
    import httpx

    cause = _os_error(error)
    url = outgoing.url
    if isinstance(cause, socket.gaierror):
        code = "EAI_AGAIN" if cause.errno == socket.EAI_AGAIN else "ENOTFOUND"
        return system_error(url, f"getaddrinfo {code} {outgoing.host}", code)
    if isinstance(cause, ssl.SSLCertVerificationError):
        if cause.verify_code == _HOSTNAME_MISMATCH:
            reason = f"Hostname/IP does not match certificate's altnames: Host: {outgoing.host}. is not in the cert's altnames"
            return system_error(url, reason, "ERR_TLS_CERT_ALTNAME_INVALID")
        reason, code = _TLS_ERRORS.get(cause.verify_code, (cause.verify_message, "ERR_TLS_CERT_INVALID"))
        return system_error(url, reason, code)
    if isinstance(cause, ssl.SSLError):
        reason = (cause.reason or "SSL_ERROR").lower().replace("_", " ")
        return system_error(url, reason, f"ERR_SSL_{cause.reason or 'ERROR'}")
    if cause is not None and cause.errno in errno.errorcode:
        code = errno.errorcode[cause.errno]
        if isinstance(error, httpx.ConnectError):
            return system_error(url, f"connect {code} {_address(outgoing.host, outgoing.port)}:{outgoing.port}", code)
        verb = "write" if isinstance(error, httpx.WriteError) else "read"
        return system_error(url, f"{verb} {code}", code)
    if isinstance(error, httpx.RemoteProtocolError) and "without sending a response" in str(error):
        return system_error(url, "socket hang up", "ECONNRESET")
    if isinstance(error, httpx.RemoteProtocolError):
        return system_error(url, f"Parse Error: {error}", "HPE_INVALID_CONSTANT")
    return system_error(url, str(error) or type(error).__name__, "EPROTO")


def _zlib_reason(error: zlib.error) -> str:
    text = str(error)
    return text.split(": ", 1)[1] if ": " in text else text


def _inflate(raw: bytes, wbits: int) -> bytes:
    """Decompress leniently as Node's zlib does with Z_SYNC_FLUSH: a cut-short stream gives what it holds."""
    out = []
    while raw:
        decompressor = zlib.decompressobj(wbits)
        out.append(decompressor.decompress(raw))
        raw = decompressor.unused_data if wbits > zlib.MAX_WBITS else b""
    return b"".join(out)


def decode_body(raw: bytes, outgoing: Outgoing, status: int, headers: list[tuple[str, str]]) -> tuple[bytes, dict | None]:
    """Undo gzip or deflate content coding when node-fetch would, or report the body error it would give."""
    coding = header_value(headers, "content-encoding")
    if not outgoing.compress or outgoing.method == "HEAD" or coding is None or status in (204, 304):
        return raw, None
    if coding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif coding in ("deflate", "x-deflate"):
        wbits = zlib.MAX_WBITS if raw and (raw[0] & 0x0F) == 0x08 else -zlib.MAX_WBITS
    else:
        return raw, None
    try:
        return _inflate(raw, wbits), None
    except zlib.error as error:
        message = f"Invalid response body while trying to fetch {outgoing.url}: {_zlib_reason(error)}"
        return b"", {"message": message, "type": "system", "code": "Z_DATA_ERROR"}


def _body_timeout(outgoing: Outgoing) -> dict:
    return {"message": f"Response timeout while trying to fetch {outgoing.url} (over {_js_number(outgoing.timeout_ms)}ms)",
            "type": "body-timeout"}


class LiveRequest:
    """One live request on a connection of its own, which another thread cuts off when `ends_at` comes.

    `ends_at` is when node-fetch would give up (its `timeout`, counted again for the body) or the
    run's deadline, whichever is first. httpx's timeouts apply to each read, so a server that
    trickles bytes would outlast them; shutting the socket down wakes the read at once.
    """

    def __init__(self, transport, outgoing: Outgoing, deadline: float) -> None:
        self.transport = transport
        self.outgoing = outgoing
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

    def _traced(self, event: str, info: dict) -> None:
        """httpcore's trace hook: keep each socket the request connects with, cutting it if already due."""
        if event not in _CONNECTED:
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            self._sockets.append(sock)
            cut = self._cut
        if cut:
            _shut(sock)

    def __call__(self) -> Exchange:
        """Perform the request, giving up at its `timeout` or the run's deadline."""
        import httpx

        outgoing = self.outgoing
        started = time.perf_counter()
        by_timeout = self.ends_at < self.deadline
        request = httpx.Request(
            outgoing.method, httpx.URL(scheme=outgoing.scheme, host=outgoing.host, port=outgoing.port),
            headers=[(name.encode("latin-1"), value.encode("latin-1")) for name, value in outgoing.headers],
            content=outgoing.body,
            extensions={"target": _target(outgoing.target), "timeout": _timeouts(self.ends_at - started),
                        "trace": self._traced},
        )
        try:
            response = self.transport.handle_request(request)
        except httpx.HTTPError as error:
            if isinstance(error, httpx.TimeoutException) or self._cut:
                return Exchange(error=timeout_error(outgoing.url), note=None if by_timeout else DEADLINE_NOTE)
            return Exchange(error=node_error(error, outgoing))
        wait_ms = (time.perf_counter() - started) * 1000
        body_until = self.deadline if self.limit is None else time.perf_counter() + self.limit
        body_by_timeout = body_until < self.deadline
        self.ends_at = min(body_until, self.deadline)
        try:
            raw, ended = self._read_body(response)
        finally:
            response.close()
        body_error = _body_timeout(outgoing) if ended == "late" and body_by_timeout else None
        note = {"late": None if body_by_timeout else DEADLINE_NOTE, "cut": _CUT_NOTE}.get(ended)
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers.raw]
        body, decode_error = decode_body(raw, outgoing, response.status_code, headers)
        body_error = body_error or decode_error
        if body_error is None and outgoing.size and len(body) > outgoing.size:
            body_error = {"message": f"content size at {outgoing.url} over limit: {outgoing.size}", "type": "max-size"}
        reason = response.extensions.get("reason_phrase", b"").decode("latin-1")
        return Exchange(response.status_code, reason, headers, body, body_error=body_error, note=note, wait_ms=wait_ms)

    def _read_body(self, response) -> tuple[bytes, str | None]:
        """The raw body, and how reading it ended early: "late" (time ran out), "cut" (the server closed) or None."""
        import httpx

        chunks: list[bytes] = []
        ended = None
        try:
            for chunk in response.iter_raw():
                chunks.append(chunk)
                if time.perf_counter() > self.ends_at:
                    ended = "late"
                    break
        except httpx.TimeoutException:
            ended = "late"
        except httpx.HTTPError:
            ended = "late" if self._cut else "cut"
        return b"".join(chunks), ended
