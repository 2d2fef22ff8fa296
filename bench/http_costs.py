"""What one loopback POST costs in Python, by client: segtui's (its own socket, llhttp by httptools), httpx's transport, a raw socket.

    python bench/http_costs.py [--requests 3000]

Each request is sent as node-fetch sends it (a new connection, `Connection: close`) to the
loopback server in its own process, one after another; wall and CPU microseconds per request.
httpx's transport is what segtui used before; the raw socket is a floor, not a client.
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from common import Loopback, median, table

from segtui.sandbox.connector import Connector
from segtui.sandbox.exchange import Outgoing
from segtui.sandbox.live_http import LiveRequest
from segtui.sandbox.meanwhile import nothing

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


def httpx_transport(request: Outgoing):
    """httpx's HTTP/1.1 transport without keep-alive, as segtui sent requests before it drove its own socket."""
    import httpx

    transport = httpx.HTTPTransport(retries=0, limits=httpx.Limits(max_keepalive_connections=0))
    url = httpx.URL(scheme=request.scheme, host=request.host, port=request.port)
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in request.headers]

    def send_one() -> None:
        response = transport.handle_request(httpx.Request(request.method, url, headers=headers, content=request.body,
                                                          extensions={"target": request.target.encode()}))
        b"".join(response.iter_raw())
        response.close()

    return send_one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with Loopback() as server:
        request = outgoing(int(server.url.rsplit(":", 1)[1]))
        connector = Connector()
        pool = ThreadPoolExecutor(1)
        clients = {
            "segtui: LiveRequest on the calling thread, as Network runs a lone request":
                lambda: LiveRequest(connector, request, time.perf_counter() + 5, 2**40)(nothing),
            "LiveRequest on a pool thread, as Network runs requests started together":
                lambda: pool.submit(LiveRequest(connector, request, time.perf_counter() + 5, 2**40), nothing).result(),
            "httpx's HTTPTransport (segtui before 2026-11-26)": httpx_transport(request),
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
