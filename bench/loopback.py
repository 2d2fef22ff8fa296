"""A minimal loopback HTTP/1.1 server for the benchmarks, run in its own process so it shares no GIL with segtui.

    python bench/loopback.py      prints the port it listens on, then serves until stdin closes

Every request gets the same small JSON answer (201); `GET /count` answers how many requests
came before it, so a benchmark can check that each event made its request.
"""

from __future__ import annotations

import asyncio
import sys

_BODY = b'{"accepted":true,"id":"evt_01"}'
_HEAD = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % len(_BODY)
_CLOSE = _HEAD + b"Connection: close\r\n\r\n" + _BODY
_KEEP = _HEAD + b"Connection: keep-alive\r\n\r\n" + _BODY


def _content_length(head: bytes) -> int:
    start = head.find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    return int(head[start + 17:].split(b"\r\n", 1)[0])


class _Http(asyncio.Protocol):
    """Answers each complete request on a connection; closes it when the client asked for that."""

    served = 0

    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].lower()
            length = _content_length(head)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            if head.startswith(b"get /count"):
                body = str(_Http.served).encode()
                self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                self.transport.close()
                return
            _Http.served += 1
            if b"connection: close" in head:
                self.transport.write(_CLOSE)
                self.transport.close()
                return
            self.transport.write(_KEEP)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(_serve())
