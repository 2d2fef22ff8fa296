"""The conformance fixtures' loopback server: what one run sent is never taken as the next run's."""

import socket

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
