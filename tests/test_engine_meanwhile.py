"""`Engine.invoke_many(meanwhile=...)` does the caller's next work (`segtui run`'s Masker) once the first events are
sent, while the sandbox runs them, and before their results are read: once, however many events."""

from __future__ import annotations

import threading

from support.http_server import Reply
from support.sandbox_helpers import HandlerRunner

HANDLER = "async function onTrack(event, settings) { return (await fetch(settings.base + '/wait')).text() }"


def test_the_work_is_done_once_while_the_first_event_runs(engine, loopback, tmp_path):
    done = threading.Event()
    calls: list[str] = []

    def wait_for_the_work(_received) -> Reply:
        return Reply(body=b"done meanwhile" if done.wait(timeout=10) else b"not done while it ran")

    def meanwhile() -> None:
        calls.append("called")
        done.set()

    loopback.routes["/wait"] = wait_for_the_work
    assert HandlerRunner(engine, tmp_path).load(HANDLER).ok
    events = [{"type": "track", "event": f"Event {number}"} for number in range(3)]
    results = list(engine.invoke_many(events, {"base": loopback.base}, meanwhile=meanwhile))
    assert [result.return_value for result in results] == ["done meanwhile"] * 3, [result.error for result in results]
    assert calls == ["called"]


def test_a_run_that_does_not_load_calls_no_work(engine, tmp_path):
    calls: list[str] = []
    assert not HandlerRunner(engine, tmp_path).load("function onTrack( {").ok
    [result] = engine.invoke_many([{"type": "track"}], {}, meanwhile=lambda: calls.append("called"))
    assert result.outcome != "success" and calls == []
