"""A loopback forward proxy for proxy tests: absolute-form requests are passed on, CONNECT opens a tunnel.

It keeps each request it was asked (the raw request line and header lines), can demand credentials
(407 without the right Proxy-Authorization) or refuse every tunnel with a status of the test's choice,
or read requests and never answer them. Bytes are relayed as they come, both ways, until a side closes.
"""

from __future__ import annotations

import base64
import socket
import threading
from urllib.parse import urlsplit

from support.socket_server import RequestHead, SocketServer

_HOP_BY_HOP = (b"proxy-authorization", b"proxy-connection")


class Asked(RequestHead):
    """One request the proxy was asked: its request line and header lines, as they arrived."""


class ProxyServer(SocketServer[Asked]):
    """Serves on 127.0.0.1 (a free port) from a thread per connection.

    `credentials` ("user:password") makes it answer 407 to a request without them; `refuse_tunnels`
    answers every CONNECT with that status line instead; `silent` reads requests and never answers.
    """

    def __init__(self, credentials: str | None = None, refuse_tunnels: str | None = None, silent: bool = False) -> None:
        self.credentials = credentials
        self.refuse_tunnels = refuse_tunnels
        self.silent = silent
        super().__init__()

    def url(self, userinfo: str = "") -> str:
        """The proxy's URL for HTTP_PROXY and friends, with `userinfo` ("user:password") when given."""
        return f"http://{userinfo + '@' if userinfo else ''}127.0.0.1:{self.port}"

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(10)
        upstream = None
        try:
            buffer = b""
            while b"\r\n\r\n" not in buffer:
                chunk = client.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, rest = buffer.split(b"\r\n\r\n", 1)
            request_line, *header_lines = head.split(b"\r\n")
            asked = Asked(request_line, header_lines)
            self.keep(asked)
            if self.silent:
                client.recv(1)  # until the client gives up
                return
            if self.credentials is not None and asked.header("Proxy-Authorization") != self._expected():
                client.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n"
                               b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                return
            if asked.method == "CONNECT":
                if self.refuse_tunnels is not None:
                    client.sendall(b"HTTP/1.1 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                   % self.refuse_tunnels.encode("latin-1"))
                    return
                host, _, port = asked.target.rpartition(":")
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
                client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            else:
                url = urlsplit(asked.target)
                upstream = socket.create_connection((url.hostname, url.port or 80), timeout=10)
                origin_form = (url.path or "/") + (f"?{url.query}" if url.query else "")
                line = b"%s %s HTTP/1.1" % (asked.method.encode(), origin_form.encode("latin-1"))
                kept = [header for header in header_lines if header.split(b":")[0].strip().lower() not in _HOP_BY_HOP]
                upstream.sendall(b"\r\n".join([line, *kept]) + b"\r\n\r\n" + rest)
            self._relay(client, upstream)
        except OSError:
            return
        finally:
            if upstream is not None:
                upstream.close()
            client.close()

    def _expected(self) -> str:
        return "Basic " + base64.b64encode((self.credentials or "").encode()).decode()

    @staticmethod
    def _relay(client: socket.socket, upstream: socket.socket) -> None:
        """Copy bytes both ways until either side closes."""

        def pump(source: socket.socket, target: socket.socket) -> None:
            try:
                while chunk := source.recv(65536):
                    target.sendall(chunk)
            except OSError:
                pass
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        back.start()
        pump(client, upstream)
        back.join(10)
