"""V8's own heap ceiling, pinned well above the largest memory limit segtui accepts, and a run that grows on past the
limit in code V8 cannot interrupt until V8 itself ends the process: the handler's memory error, never segtui's crash."""

import json
import subprocess
import sys

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.protocol import MAX_MEMORY_MB
from segtui.sandbox.v8 import V8_FLAGS, V8_HEAP_MB, V8Context


def memory_refusal() -> str:
    """What `segtui run --memory` says of a limit past the largest."""
    done = subprocess.run([sys.executable, "-m", "segtui", "run", "h.js", "--event", "track", "--memory", "99999"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    return done.stderr


def test_v8s_heap_ceiling_is_the_pinned_one_whatever_the_machines_memory():
    """V8's default ceiling is a quarter of the machine's memory, up to ~1.5 GB: below a 1 GB limit on a 4 GB machine."""
    assert f"--max-old-space-size={V8_HEAP_MB}" in V8_FLAGS
    context = V8Context(lambda buffer: None)
    try:
        ceiling_mb = json.loads(context._context.heap_stats())["heap_size_limit"] / 2**20
    finally:
        context.close()
    assert V8_HEAP_MB <= ceiling_mb <= V8_HEAP_MB + 64  # the old generation's, and the young one's few MB
    assert MAX_MEMORY_MB * 1.25 < V8_HEAP_MB, "segtui's limit must act well before V8 ends the process"
    assert f"holds {V8_HEAP_MB / 1024:g} GB in all" in memory_refusal(), "--memory's refusal names V8's ceiling"


# 50 million nested arrays: JSON.parse grows to ~3.5 GB in one call no interrupt reaches, past V8's ceiling, where V8
# ends the process (SIGTRAP, with no last words).
DEEP = "JSON.parse('['.repeat(5e7))"


@pytest.mark.parametrize("timeout_s", [30, 0.3], ids=["memory-first", "time-limit-first"])
def test_growing_past_the_limit_until_v8_ends_the_process_is_the_handlers_memory_error(tmp_path, timeout_s):
    engine = make_engine(timeout_s=timeout_s, memory_mb=MAX_MEMORY_MB)
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run(f"async function onTrack() {{ return {DEEP}.length }}")
        if timeout_s < 1 and result.outcome == "timeout":
            # A machine so busy that the parse had not passed the memory limit within the time segtui gives a stopping
            # sandbox (protocol.STOP_BOUND_S): killed, it is the time limit's, as any run V8 cannot interrupt.
            assert result.error.name == "TimeoutError" and "could not interrupt" in result.notes[-1], result
        else:
            assert (result.outcome, result.error.name) == ("bad_request", "MemoryError"), result.error
        assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"
    finally:
        engine.close()


def test_a_top_level_growing_past_the_limit_until_v8_ends_the_process_is_the_handlers_memory_error(tmp_path):
    engine = make_engine(timeout_s=30, memory_mb=MAX_MEMORY_MB)
    runner = HandlerRunner(engine, tmp_path)
    try:
        loaded = runner.load(f"{DEEP};\nasync function onTrack() {{}}")
        assert (loaded.ok, loaded.outcome, loaded.error.name) == (False, "bad_request", "MemoryError"), loaded.error
        assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"
    finally:
        engine.close()
