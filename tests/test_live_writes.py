"""A live request is written and its answer read at once when its socket is ready (no wait before: live_http's
_write_now and _read_now), and by the bounded waits when it is not: a body past what the socket takes at once arrives
whole, as does an answer that begins late."""

from __future__ import annotations

import time

from support.http_server import Reply
from support.wire_items import wire_item

from segtui.protocol import NetworkOptions
from segtui.sandbox.network import Network


def _post(port: int, body: bytes, target: str = "/slow-reader") -> dict:
    item = wire_item(port, target)
    item["method"] = "POST"
    item["headers"] = [["Content-Length", str(len(body))], *item["headers"]]
    item["binary"] = body.decode("latin-1")
    return item


def test_a_body_past_what_the_socket_takes_at_once_arrives_whole(loopback):
    body = bytes(range(256)) * (24 * 2**20 // 256)  # 24 MB: more than a loopback socket's buffers hold

    def slow_reader(received) -> Reply:
        return Reply(body=str(len(received.body)).encode() + b" " + str(received.body == body).encode())

    loopback.routes["/slow-reader"] = slow_reader
    network = Network(NetworkOptions(), timeout_s=60)
    [reply] = network.fetch({"items": [_post(loopback.port, body)]})
    assert (reply["status"], reply["text"]) == (200, f"{len(body)} True")
    [record] = network.take_records()
    assert record["body_size"] == len(body) and record["response"]["body"] == f"{len(body)} True"


def test_an_answer_that_begins_late_is_read_whole(loopback):
    def late(_received) -> Reply:
        time.sleep(0.05)  # past meanwhile.LATE_S: the socket is not known readable when reading starts
        return Reply(body=b"x" * 300_000)

    loopback.routes["/late"] = late
    late_calls: list[bool] = []
    network = Network(NetworkOptions(), timeout_s=30)
    [reply] = network.fetch({"items": [wire_item(loopback.port, "/late")]}, late_calls.append)
    assert (reply["status"], reply["text"]) == (200, "x" * 300_000)
    assert late_calls == [False, True]
