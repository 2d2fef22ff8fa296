"""Live requests close their connections once answered, even when the server would keep them open (node-fetch
without an agent opens a connection per request; segtui.sandbox.live_http, segtui.sandbox.connector)."""

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

    connection = b"keep-alive"
    """What its answers' Connection header says."""

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
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: %s\r\n"
                               b"Content-Length: %d\r\n\r\n%s" % (self.connection, len(body), body))
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


class OneAtATimeServer(KeepAliveServer):
    """Serves one connection at a time, as a single-threaded server does: the next is accepted only once the client
    has closed the one before. Its answers say `Connection: <connection>` whatever it then does (it never closes)."""

    threaded = False

    def __init__(self, connection: str) -> None:
        self.connection = connection.encode()
        super().__init__()


@pytest.mark.parametrize("connection", ["keep-alive", "close"])
def test_a_server_that_serves_one_connection_at_a_time_answers_every_request(runner, connection):
    """Node frees a connection at its response's end: requests made together, and one after another, each reach a
    server that takes the next connection only once the client closed the one before, whatever its answers said."""
    server = OneAtATimeServer(connection)
    try:
        source = """
        async function onTrack(event, settings) {
          const one = () => fetch(settings.url + '/n/1').then((res) => res.json());
          const [a, b] = await Promise.all([one(), one()]);
          return a.n + b.n + (await one()).n;
        }
        """
        assert runner.load(source).ok
        results = list(runner.engine.invoke_many([{"type": "track", "event": "e"}] * 3, {"url": server.url}))
        assert [(result.outcome, result.return_value) for result in results] == [("success", 3)] * 3, \
            [result.error for result in results]
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


def test_requests_connect_on_sockets_the_tidier_made_and_it_closes_what_servers_closed():
    """`meanwhile` (while a request waits on its server) has the tidier thread make sockets ahead, unconnected; a
    connection uses one, with Nagle's algorithm off as before. A finished connection is closed at once while another
    request is out, else at the next wait when its server keeps its side open; one its server has closed is left to the
    tidier, which closes a few at a time. The run's end closes what is left, spares included, for good. In a process of
    its own: the test process's other threads (a fixture's server) open and close files meanwhile."""
    code = """
import os, select, socket, threading, time
from segtui.sandbox import connector as connections
from segtui.sandbox.connector import Connector
from segtui.sandbox.exchange import Outgoing
def open_files():
    return len(os.listdir("/proc/self/fd"))
def until(condition):
    ends = time.monotonic() + 10
    while not condition() and time.monotonic() < ends:
        time.sleep(0.01)
    return condition()
listener = socket.create_server(("127.0.0.1", 0), backlog=64)
port = listener.getsockname()[1]
outgoing = Outgoing.from_js({"method": "GET", "scheme": "http", "host": "127.0.0.1", "port": port,
                             "target": "/", "headers": [["Host", f"127.0.0.1:{port}"]]})
connector = Connector()
before = open_files()
connector.meanwhile()
spares = until(lambda: open_files() - before == connections._SPARES)
def connect():
    sock = connector.connect(outgoing, None, time.perf_counter() + 10, lambda _: None)
    served, _ = listener.accept()
    return sock, served
sock, served = connect()
on_a_spare = open_files() - before == connections._SPARES + 1  # the connection took a spare; the server's end is new
nodelay = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
other, other_served = connect()
connector.finished(sock)
closed_while_another_was_out = sock.fileno() == -1
connector.finished(other)
kept_until_the_wait = other.fileno() != -1
connector.meanwhile()
kept_open_closed_at_the_wait = other.fileno() == -1
answered = []
for _ in range(connections._CLOSED_TOGETHER):
    sock, served = connect()
    served.close()
    until(lambda: select.select([sock], [], [], 0)[0])  # its FIN is in
    connector.finished(sock)
    answered.append(sock)
connector.meanwhile()  # their servers have closed them all: the tidier has them together
tidied = until(lambda: all(sock.fileno() == -1 for sock in answered))
for end in (served, other_served):
    end.close()
connector.close_all()
until(lambda: open_files() == before)  # a spare the tidier was making as the run ended is closed by the tidier
print(spares, on_a_spare, bool(nodelay), closed_while_another_was_out, kept_until_the_wait, kept_open_closed_at_the_wait,
      tidied, open_files() - before, any(thread.name == "segtui-sockets" for thread in threading.enumerate()))
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    (spares, on_a_spare, nodelay, closed_while_another_was_out, kept_until_the_wait, kept_open_closed_at_the_wait, tidied,
     after, tidier) = done.stdout.split()
    assert spares == "True" and tidier == "True", "the tidier made no spare sockets ahead"
    assert on_a_spare == "True" and nodelay == "True", "the connection was made on a new socket, not a spare"
    assert closed_while_another_was_out == "True", "a finished connection was kept while another request was out"
    assert kept_until_the_wait == "True" and kept_open_closed_at_the_wait == "True", \
        "a connection its server kept open was not closed at the next wait"
    assert tidied == "True", "the tidier did not close the connections their servers had closed"
    assert after == "0", "the run's end left sockets open, or the tidier made spares after it"


def test_a_spare_socket_that_cannot_be_made_is_no_failure_of_the_request_waiting():
    """Out of file descriptors while a request waits: the tidier makes no spare, quietly (the next request makes its
    own, and fails on its own account); once descriptors are free again, the next wait's spares come."""
    code = """
import os, resource, socket, sys, time
from segtui.sandbox import connector as connections
from segtui.sandbox.connector import Connector
def open_files():
    return len(os.listdir("/proc/self/fd"))
connector = Connector()
limits = resource.getrlimit(resource.RLIMIT_NOFILE)
before = open_files()
lowest_free = os.dup(0)  # a new descriptor takes the lowest number free: with the limit there, none can be made
os.close(lowest_free)
resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, limits[1]))
connector.meanwhile()
time.sleep(0.2)
try:
    socket.socket()
except OSError as error:
    print("refused", error.errno)
resource.setrlimit(resource.RLIMIT_NOFILE, limits)
connector.meanwhile()
ends = time.monotonic() + 10
while open_files() - before < connections._SPARES and time.monotonic() < ends:
    time.sleep(0.01)
print(open_files() - before == connections._SPARES)
connector.close_all()
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    refused, errno, spares_later = done.stdout.split()
    assert (refused, errno) == ("refused", "24") and spares_later == "True", done.stdout
