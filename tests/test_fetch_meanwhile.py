"""A fetch does the sandbox's own work (`meanwhile`: writing the results before it) once its request is on the wire,
while the server answers; the work's failure is never taken for the request's (segtui.sandbox.network)."""

from __future__ import annotations

import threading

import pytest
from support.http_server import Reply
from support.wire_items import wire_item

from segtui.protocol import NetworkOptions
from segtui.sandbox.network import Network


def test_the_work_is_done_while_the_server_holds_the_answer(loopback):
    done = threading.Event()
    seen_before_answering: list[bool] = []

    def wait_for_the_work(_received) -> Reply:
        seen_before_answering.append(done.wait(timeout=10))
        return Reply(body=b"answered")

    loopback.routes["/wait"] = wait_for_the_work
    network = Network(NetworkOptions(), timeout_s=30)
    [reply] = network.fetch({"items": [wire_item(loopback.port)]}, done.set)
    assert (reply["status"], reply["text"]) == (200, "answered")
    assert seen_before_answering == [True], "the work waited for the response instead of being done while it was awaited"
    [record] = network.take_records()
    assert (record["source"], record["response"]["status"]) == ("live", 200)


def test_the_work_is_done_once_when_no_request_goes_out():
    calls: list[str] = []
    network = Network(NetworkOptions(offline=True), timeout_s=5)
    [reply] = network.fetch({"items": [wire_item(9)]}, lambda: calls.append("done"))
    assert calls == ["done"]
    assert reply["error"]["code"] == "ENETUNREACH"


def test_a_failure_of_the_work_is_raised_as_itself_after_the_request(loopback):
    def fail() -> None:
        raise BrokenPipeError("segtui's output closed")

    network = Network(NetworkOptions(), timeout_s=30)
    with pytest.raises(BrokenPipeError, match="output closed"):
        network.fetch({"items": [wire_item(loopback.port, "/json")]}, fail)
    [record] = network.take_records()
    assert record["error"] is None and record["response"]["status"] == 200, "the work's failure was taken for the request's"
