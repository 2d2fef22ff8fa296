"""Live requests close their connections once answered, even when the server would keep them open (node-fetch
without an agent opens a connection per request; segtui.sandbox.live_http)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
from support.socket_server import SocketServer

ENGINE_OPTIONS = {"timeout_s": 5, "memory_mb": 64}
KEEP_ALIVE = """
async function onTrack(event, settings) {
  const res = await fetch(settings.url + '/n/' + event.n, { headers: { Connection: 'keep-alive' } });
  return (await res.json()).n;
}
"""


class KeepAliveServer(SocketServer[bool]):
    """Answers one request per connection (to /n/<number>) with `Connection: keep-alive`, then waits for the client
    to close it."""

    def __init__(self) -> None:
        self.closed_by_client = threading.Semaphore(0)
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                data += connection.recv(4096)
            number = int(data.split(b" ", 2)[1].rsplit(b"/", 1)[1])
            self._before_answer(number)
            body = b'{"n":%d}' % number
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
                               b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            try:
                if connection.recv(4096) == b"":
                    self._closed_by_client(number)
            except OSError:
                pass

    def _before_answer(self, number: int) -> None:
        """Nothing to wait for: the request is answered at once."""

    def _closed_by_client(self, number: int) -> None:
        self.closed_by_client.release()


@pytest.fixture
def keep_alive_server():
    server = KeepAliveServer()
    yield server
    server.close()


def test_every_connection_is_closed_once_its_response_is_read(runner, keep_alive_server):
    assert runner.load(KEEP_ALIVE).ok
    events = [{"type": "track", "event": "e", "n": n} for n in range(30)]
    results = list(runner.engine.invoke_many(events, {"url": keep_alive_server.url}))
    assert [result.return_value for result in results] == list(range(30))
    for n in range(30):
        assert keep_alive_server.closed_by_client.acquire(timeout=30), f"only {n} of 30 connections were closed"


class OrderServer(KeepAliveServer):
    """Answers request n only once connection n - 1 is closed by the client (or after 10 s): it keeps, per request
    after the first, whether that connection was closed while the request waited."""

    def __init__(self) -> None:
        self.closed = [threading.Event() for _ in range(64)]
        super().__init__()

    def _before_answer(self, number: int) -> None:
        if number:
            self.keep(self.closed[number - 1].wait(10))

    def _closed_by_client(self, number: int) -> None:
        self.closed[number].set()


def test_an_answered_connection_is_closed_while_the_next_request_waits(runner):
    """The handler has its response before its connection is closed; the close comes while the next request is out."""
    server = OrderServer()
    try:
        assert runner.load(KEEP_ALIVE).ok
        events = [{"type": "track", "event": "e", "n": n} for n in range(4)]
        results = list(runner.engine.invoke_many(events, {"url": server.url}))
        assert [result.return_value for result in results] == list(range(4))
        assert server.take() == [True, True, True]
        assert server.closed[3].wait(30), "the run's last connection was left open"
    finally:
        server.close()


def test_a_connection_the_top_level_opened_is_closed_once_it_has_loaded(runner, keep_alive_server):
    source = f"""
    const first = fetch('{keep_alive_server.url}/n/7', {{ headers: {{ Connection: 'keep-alive' }} }})
      .then((res) => res.json());
    async function onTrack() {{ return (await first).n; }}
    """
    assert runner.load(source).ok
    assert keep_alive_server.closed_by_client.acquire(timeout=30), "the top level's connection was left open"


def test_a_request_connects_on_the_socket_made_while_the_one_before_waited():
    """`meanwhile` (while a request waits on its server) makes the next request's socket, unconnected; the next
    connection uses it, with Nagle's algorithm off as before, and the run's end closes what is left. In a process of
    its own: the test process's other threads (a fixture's server) open and close files meanwhile."""
    code = """
import os, socket, time
from segtui.sandbox.live_http import Connector
from segtui.sandbox.exchange import Outgoing
def open_files():
    return len(os.listdir("/proc/self/fd"))
listener = socket.create_server(("127.0.0.1", 0))
port = listener.getsockname()[1]
outgoing = Outgoing.from_js({"method": "GET", "scheme": "http", "host": "127.0.0.1", "port": port,
                             "target": "/", "headers": [["Host", f"127.0.0.1:{port}"]]})
connector = Connector()
before = open_files()
connector.meanwhile()
spare = open_files() - before
sock = connector.connect(outgoing, None, time.perf_counter() + 10, lambda _: None)
connected = open_files() - before
nodelay = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
connector.finished(sock)
connector.meanwhile()  # closes the answered connection, makes the next spare
again = open_files() - before
connector.close_all()
print(spare, connected, bool(nodelay), again, open_files() - before)
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    spare, connected, nodelay, again, after = done.stdout.split()
    assert spare == "1" and connected == "1", "the connection was made on a new socket, not the spare"
    assert nodelay == "True" and again == "1" and after == "0"


def test_a_spare_socket_that_cannot_be_made_is_no_failure_of_the_request_waiting():
    """Out of file descriptors while a request waits: making the next socket fails quietly there; the next request
    makes its own, and fails on its own account."""
    code = """
import os, resource, socket, sys
from segtui.sandbox.live_http import Connector
connector = Connector()
lowest_free = os.dup(0)  # a new descriptor takes the lowest number free: with the limit there, none can be made
os.close(lowest_free)
resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
connector.meanwhile()
try:
    socket.socket()
except OSError as error:
    print("refused", error.errno)
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "refused"
