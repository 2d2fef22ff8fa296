"""segtui reads its sandbox's replies on the thread that waits for them (segtui.engine.process): a reply of many
reads arrives whole, replies that come in one read are taken one by one, and a pipe numbered past 1,023 (which
select() cannot watch) is read like any other."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine


def test_a_reply_of_many_reads_and_many_replies_of_one_read_each_arrive_whole(tmp_path):
    engine = make_engine(timeout_s=10)
    try:
        runner = HandlerRunner(engine, tmp_path)
        # ~3 MB of JSON in one reply: dozens of reads of the pipe, with non-ASCII text split anywhere between them.
        big = runner.run("async function onTrack(event) { return 'é€'.repeat(event.n) + '|end'; }",
                         {"type": "track", "event": "E", "n": 500_000})
        assert big.outcome == "success"
        assert big.return_value == "é€" * 500_000 + "|end"
        # Many small results, which the sandbox writes close together: each is its own, in order.
        runner.load("async function onTrack(event) { return event.n; }")
        results = list(engine.invoke_many([{"type": "track", "event": "E", "n": n} for n in range(300)], {}))
        assert [result.return_value for result in results] == list(range(300))
    finally:
        engine.close()


def test_a_sandbox_whose_pipes_are_numbered_past_1023_is_read_and_timed_out_as_any_other(tmp_path):
    code = """
import os, resource
from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
engine = Engine(SandboxConfig(timeout_s=1))
engine.start()
print("fd", engine._sandbox.stdout.fileno())
open("h.js", "w").write("async function onTrack(e) { if (e.spin) for (;;); return e.n * 2; }")
assert engine.load("h.js").ok
print("result", engine.invoke({"type": "track", "event": "E", "n": 21}, {}).return_value)
print("spin", engine.invoke({"type": "track", "event": "E", "spin": True}, {}).outcome)
engine.close()
"""
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 2048:
        pytest.skip("this machine's hard limit on open files is below 2,048")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert int(lines["fd"]) > 1023
    assert lines["result"] == "42"
    assert lines["spin"] == "timeout"


@pytest.mark.parametrize("outcome", [None, "nonsense", 5])
def test_a_result_without_an_outcome_segtui_knows_is_its_own_crash_not_a_traceback(outcome):
    from segtui.invocation import CRASHED, Invocation

    invocation = Invocation.from_json("h.js", {"event_type": "track", "handler_name": "onTrack", "outcome": outcome})
    assert invocation.outcome == CRASHED and invocation.crashed
    assert invocation.error is not None and "bug in segtui" in invocation.error.message
