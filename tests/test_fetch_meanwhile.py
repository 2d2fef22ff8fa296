"""A fetch does the sandbox's own work (`meanwhile(late)`: writing the results taken before it) once its request is on
the wire, while the server answers, and again as late once the answer has not begun within LATE_S; the work's failure is
never taken for the request's (segtui.sandbox.meanwhile, segtui.sandbox.network)."""

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
    [reply] = network.fetch({"items": [wire_item(loopback.port)]}, lambda late: done.set())
    assert (reply["status"], reply["text"]) == (200, "answered")
    assert seen_before_answering == [True], "the work waited for the response instead of being done while it was awaited"
    [record] = network.take_records()
    assert (record["source"], record["response"]["status"]) == ("live", 200)


@pytest.mark.parametrize("targets", [["/wait"], ["/wait", "/wait"], ["/json", "/wait"]],
                         ids=["lone", "together", "one-waited-for-later"])
def test_the_work_is_done_again_as_late_while_the_server_still_holds_the_answer(loopback, targets):
    # Held until the late work is done: the late call cannot wait for the answer, however slow the machine. With a
    # quick answer beside it, the held one may be left to fetch_wait, whose wait is late then.
    late = threading.Event()
    calls: list[bool] = []

    def work(is_late: bool) -> None:
        calls.append(is_late)
        if is_late:
            late.set()

    def wait_for_the_late_work(_received) -> Reply:
        return Reply(body=b"late" if late.wait(timeout=10) else b"never late")

    loopback.routes["/wait"] = wait_for_the_late_work
    network = Network(NetworkOptions(), timeout_s=30)
    replies = network.fetch({"items": [wire_item(loopback.port, target) for target in targets]}, work)
    while any("ticket" in reply for reply in replies):  # together: one still out is answered through fetch_wait
        answered = dict(network.fetch_wait({}, work))
        replies = [answered.get(reply.get("ticket"), reply) for reply in replies]
    assert [reply["text"] for reply in replies][-1] == "late"
    assert calls[:2] == [False, True]  # a fetch's work once of each kind; fetch_wait's wait may be late again


def test_the_work_is_done_once_when_no_request_goes_out():
    calls: list[str] = []
    network = Network(NetworkOptions(offline=True), timeout_s=5)
    [reply] = network.fetch({"items": [wire_item(9)]}, lambda late: calls.append(f"done, late: {late}"))
    assert calls == ["done, late: False"]
    assert reply["error"]["code"] == "ENETUNREACH"


def test_a_failure_of_the_work_is_raised_as_itself_after_the_request(loopback):
    def fail(late: bool) -> None:
        raise BrokenPipeError("segtui's output closed")

    network = Network(NetworkOptions(), timeout_s=30)
    with pytest.raises(BrokenPipeError, match="output closed"):
        network.fetch({"items": [wire_item(loopback.port, "/json")]}, fail)
    [record] = network.take_records()
    assert record["error"] is None and record["response"]["status"] == 200, "the work's failure was taken for the request's"
