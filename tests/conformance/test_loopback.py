"""The conformance fixtures' loopback server: what one run sent is never taken as the next run's."""

import socket
import time

from loopback import LoopbackServer


def test_a_request_sent_by_a_client_that_has_already_gone_is_taken_with_its_run():
    """Node may end (an aborted fetch) before the server's threads read what it sent: taken then, the request was
    missing from Node's list and counted first in segtui's (abort_signals, fetch_timer_race failed under -n 4)."""
    server = LoopbackServer()
    try:
        host, port = server.base.removeprefix("http://").split(":")
        paths = [f"/{number}" for number in range(40)]  # enough that the server's threads lag behind the client
        for path in paths:
            with socket.create_connection((host, int(port))) as client:
                client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        assert sorted(request["path"] for request in server.take()) == sorted(paths)
        assert server.take() == []
    finally:
        server.close()


def test_the_date_header_is_the_same_whenever_a_run_reads_it():
    """Node and segtui run a fixture seconds apart: a logged Date header differed across a second boundary
    (fetch_body_reading failed in CI)."""
    server = LoopbackServer()
    try:
        host, port = server.base.removeprefix("http://").split(":")

        def date() -> bytes:
            with socket.create_connection((host, int(port))) as client:
                client.sendall(b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                head = b"".join(iter(lambda: client.recv(4096), b""))
            return next(line for line in head.split(b"\r\n") if line.lower().startswith(b"date:"))

        first = date()
        time.sleep(1.1)  # past the next second boundary, whatever the clock read at the first request
        assert date() == first
    finally:
        server.close()
