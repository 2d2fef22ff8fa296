"""What one loopback POST costs in Python, by client: the transport segtui uses (httpx) and lighter options.

    python bench/http_costs.py [--requests 3000]

Each request is sent as node-fetch sends it (a new connection, `Connection: close`) to the
loopback server in its own process, one after another; wall and CPU microseconds per request.
The lighter clients are sketches for comparison, not drop-in replacements.
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from common import Loopback, median, table

from segtui.runtime.net_exchange import Outgoing
from segtui.runtime.net_http import LiveRequest, open_transport

_BODY = json.dumps({"id": "msg-000001", "name": "Order Completed", "user_id": "user-1",
                    "properties": {"order_id": "o-1", "revenue": 11}, "occurred_at": "2026-01-01T12:00:00.000Z"}).encode()


def outgoing(port: int) -> Outgoing:
    """The request post_one.js makes, with node-fetch's headers in wire order."""
    headers = [("Authorization", "Basic YmVuY2g6"), ("Content-Type", "application/json"), ("Accept", "*/*"),
               ("Content-Length", str(len(_BODY))), ("User-Agent", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"),
               ("Accept-Encoding", "gzip,deflate"), ("Connection", "close"), ("Host", f"127.0.0.1:{port}")]
    return Outgoing("POST", f"http://127.0.0.1:{port}/events", "http", "127.0.0.1", port, "/events", headers, _BODY)


def per_request(send_one, count: int) -> tuple[float, float]:
    """Wall and CPU microseconds per request, after a warm-up."""
    for _ in range(200):
        send_one()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        send_one()
    return (time.perf_counter() - wall) / count * 1e6, (time.process_time() - cpu) / count * 1e6


def raw_socket(request: Outgoing):
    """Send the exact bytes and read to the server's close."""
    head = f"{request.method} {request.target} HTTP/1.1\r\n".encode() + b"".join(
        f"{name}: {value}\r\n".encode("latin-1") for name, value in request.headers) + b"\r\n"

    def send_one() -> None:
        with socket.create_connection((request.host, request.port), timeout=5) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(head + request.body)
            data = b"".join(iter(lambda: sock.recv(65536), b""))
        assert data.startswith(b"HTTP/1.1 201")

    return send_one


def h11_socket(request: Outgoing):
    """h11 (the parser httpcore uses) on a plain socket, without httpx's models and httpcore's pool."""
    import h11

    def send_one() -> None:
        with socket.create_connection((request.host, request.port), timeout=5) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = h11.Connection(h11.CLIENT)
            sock.sendall(connection.send(h11.Request(method=request.method, target=request.target, headers=request.headers))
                         + connection.send(h11.Data(data=request.body)) + connection.send(h11.EndOfMessage()))
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    connection.receive_data(sock.recv(65536))
                elif isinstance(event, h11.EndOfMessage):
                    return

    return send_one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with Loopback() as server:
        request = outgoing(int(server.url.rsplit(":", 1)[1]))
        transport = open_transport()
        pool = ThreadPoolExecutor(1)
        clients = {
            "segtui today: LiveRequest on a pool thread, as Network runs it":
                lambda: pool.submit(LiveRequest(transport, request, time.perf_counter() + 5)).result(),
            "LiveRequest (httpx's HTTPTransport) on the calling thread":
                lambda: LiveRequest(transport, request, time.perf_counter() + 5)(),
            "h11 on a socket": h11_socket(request),
            "raw socket, read to close": raw_socket(request),
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in clients}
        for _ in range(args.repeat):
            for name, send_one in clients.items():
                samples[name].append(per_request(send_one, args.requests))
        pool.shutdown()
    print(f"One loopback POST, new connection each, median of {args.repeat} x {args.requests}")
    print(table(["client", "wall µs", "CPU µs"], [[name, f"{median([w for w, _ in runs]):.0f}", f"{median([c for _, c in runs]):.0f}"]
                                                   for name, runs in samples.items()]))


if __name__ == "__main__":
    main()
