"""Garbage is no handler's memory: the memory limit stops only a handler whose live memory is past it
(segtui/sandbox/heap_pressure.py), and V8's heap is read and collected from a host call on V8's thread (v8.py)."""

from __future__ import annotations

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.sandbox.v8 import V8Context

# Each event builds ~500,000 short strings and joins them (~25-35 MB live at its peak) and keeps nothing: V8 left each
# event's garbage in its old generation, and at --memory 64 every second event failed with the memory error.
CHURN = """
async function onTrack(event) {
  let parts = [];
  for (let i = 0; i < 500000; i++) parts.push('line ' + i + ' of ' + event.messageId);
  const joined = parts.join('\\n');
  parts = null;
  return joined.length;
}
"""

# Each event keeps 40 MB more: the second is past 64 MB live, and the load that follows starts over.
RETAIN = """
const kept = [];
async function onTrack(event) {
  kept.push(new Array(5e6).fill(event.messageId.length + 0.5));  // 40 MB of doubles in V8's heap
  return kept.length;
}
"""


@pytest.fixture
def runner(tmp_path):
    engine = make_engine(timeout_s=60, memory_mb=64)
    yield HandlerRunner(engine, tmp_path)
    engine.close()


def _events(count: int) -> list[dict]:
    return [{"type": "track", "event": "E", "messageId": f"m{number}"} for number in range(count)]


def test_a_handler_that_churns_garbage_but_keeps_little_passes_every_event(runner):
    assert runner.load(CHURN).ok
    results = list(runner.engine.invoke_many(_events(8), {}))
    assert [(result.outcome, result.error) for result in results] == [("success", None)] * 8
    assert all(result.return_value == results[0].return_value for result in results)


def test_one_event_at_a_time_churning_garbage_passes_too(runner):
    assert runner.load(CHURN).ok
    outcomes = [runner.engine.invoke(event, {}).outcome for event in _events(6)]
    assert outcomes == ["success"] * 6


def test_a_handler_whose_live_memory_passes_the_limit_still_fails_with_the_memory_error(runner):
    assert runner.load(RETAIN).ok
    results = list(runner.engine.invoke_many(_events(4), {}))
    assert [result.outcome for result in results] == ["success", "bad_request", "success", "bad_request"]
    assert [result.return_value for result in results[::2]] == [1, 1]  # each after a failure runs on a fresh load
    for failed in results[1::2]:
        assert failed.error.name == "MemoryError"
        assert "memory limit of 64 MB" in failed.error.message


def _on_v8s_thread(script: str) -> list[tuple[int, int]]:
    """Run `script`, where `host()` is a host call that reads V8's heap, collects it, and reads it again."""
    readings: list[tuple[int, int]] = []
    context = V8Context(lambda _buffer: None)

    def on_call(_buffer: memoryview) -> None:
        before = context.heap_used()
        context.collect_garbage()
        readings.append((before, context.heap_used()))

    context._on_call = on_call
    try:
        context.install_host(context.eval("(call) => { globalThis.host = call; return new SharedArrayBuffer(8); }"))
        context.eval(script)
    finally:
        context.close()
    return readings


def test_the_heap_read_on_v8s_thread_counts_garbage_until_it_is_collected():
    # 40 MB of strings in an array dropped before the call: garbage the first reading counts and the collection frees;
    # then 40 MB kept while the call collects, counted before and after.
    readings = _on_v8s_thread("""
        let dropped = []; for (let i = 0; i < 1e6; i++) dropped.push('dropped ' + i); dropped = null;
        host();
        const kept = []; for (let i = 0; i < 1e6; i++) kept.push('kept ' + i);
        host();
        kept.length;
    """)
    (garbage_before, garbage_after), (kept_before, kept_after) = readings
    assert garbage_before - garbage_after > 20 * 2**20
    assert kept_after > garbage_after + 20 * 2**20
    assert kept_before >= kept_after


def test_the_heap_read_agrees_with_mini_racers_own():
    context = V8Context(lambda _buffer: None)
    used: list[int] = []
    context._on_call = lambda _buffer: used.append(context.heap_used())
    try:
        context.install_host(context.eval("(call) => { globalThis.host = call; return new SharedArrayBuffer(8); }"))
        context.eval("globalThis.kept = []; for (let i = 0; i < 3e5; i++) kept.push('kept ' + i); host()")
        import json

        theirs = json.loads(context._context.heap_stats())["used_heap_size"]
    finally:
        context.close()
    assert 10 * 2**20 < used[0] < 200 * 2**20
    assert abs(used[0] - theirs) < 4 * 2**20


BUILDS = """
async function onTrack(event) {
  let total = 0;
  for (let i = 0; i < 8; i++) {  // 8 distinct sources of 1 MB each, built and dropped
    total += new Function(`return ${JSON.stringify(event.messageId + i)} + "${"x".repeat(1 << 20)}"`)().length;
  }
  return total;
}
"""


def test_functions_built_from_many_large_sources_are_not_kept_past_the_limit(runner):
    # V8's compilation cache keeps each source the Function constructor built until a full collection (as the heap is
    # collected between events): building and dropping large ones is not the handler's memory.
    assert runner.load(BUILDS).ok
    results = list(runner.engine.invoke_many(_events(16), {}))
    assert [(result.outcome, result.error) for result in results] == [("success", None)] * 16
