"""A test server's plumbing: a listening socket on 127.0.0.1, a thread per connection, what it saw kept in order."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class RequestHead:
    """A request's line and header lines, as they arrived."""

    request_line: bytes
    header_lines: list[bytes]

    @property
    def method(self) -> str:
        return self.request_line.split(b" ")[0].decode("latin-1")

    @property
    def target(self) -> str:
        return self.request_line.split(b" ")[1].decode("latin-1")

    @property
    def headers(self) -> list[tuple[str, str]]:
        pairs = [line.split(b":", 1) for line in self.header_lines]
        return [(name.decode("latin-1"), value.strip().decode("latin-1")) for name, value in pairs]

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


class SocketServer(Generic[T]):
    """Listens on 127.0.0.1 (a free port); `_serve` handles each connection on a thread and `keep`s what it saw.

    A subclass sets its own attributes before calling `__init__`, which starts accepting at once.
    """

    def __init__(self) -> None:
        self._seen: list[T] = []
        self._lock = threading.Lock()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port: int = self._socket.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def keep(self, item: T) -> None:
        """Remember what a connection saw, for `take`."""
        with self._lock:
            self._seen.append(item)

    def take(self) -> list[T]:
        """What was seen since the last take, in arrival order."""
        with self._lock:
            taken, self._seen = self._seen, []
        return taken

    def take_when(self, count: int, limit_s: float = 10.0) -> list[T]:
        """`take` once `count` things were seen, or at `limit_s` with what was (a request its run no longer waited for
        may still be on its way to the server when the run ends)."""
        ends_at = time.monotonic() + limit_s
        while True:
            with self._lock:
                seen = len(self._seen)
            if seen >= count or time.monotonic() >= ends_at:
                return self.take()
            time.sleep(0.01)

    def close(self) -> None:
        """Stop listening; shutting the socket down first wakes the accepting thread, so no connection is taken after."""
        self._closed = True
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()

    threaded = True
    """Each connection on a thread of its own; False serves one at a time, as a single-threaded server does (the next
    is accepted once `_serve` returns)."""

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            if self.threaded:
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()
            else:
                self._serve(connection)

    def _serve(self, connection: socket.socket) -> None:
        raise NotImplementedError
