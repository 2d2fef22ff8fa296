"""V8's thread rule: every context is built and freed on one long-lived thread, and memory protection keys are off.

On a CPU with memory protection keys (`pku`), freeing a context on a thread other than the one that
built it (or after that thread ended) segfaults inside V8. A CPU without them cannot show the crash,
so these tests check the rule itself on every path that frees a context, in-process and through the
sandbox process, and pass or fail the same on either kind of CPU.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading

import pytest

from segtui.protocol import notice
from segtui.sandbox.sandbox import Sandbox
from segtui.sandbox.v8 import V8_FLAGS, V8Context

SANDBOX_OPTIONS = {"timeout_s": 0.5}
"""The conftest `sandbox` in this process: a short time limit, for the tests of runs it stops."""

ENGINE_OPTIONS = {"timeout_s": 0.5, "memory_mb": 64}
GOOD = "async function onTrack(event) { return event.n; }"


def assert_freed_where_built(context: V8Context) -> None:
    assert context.freed_on is not None, "the context was not freed"
    assert context.freed_on is context.built_on
    assert context.built_on.name == "v8-owner" and context.built_on.is_alive()


def test_v8_runs_with_memory_protection_keys_off():
    assert "--no-memory-protection-keys" in V8_FLAGS


def test_a_context_made_on_a_thread_that_has_ended_is_freed_on_the_thread_that_built_it():
    made: list[V8Context] = []
    helper = threading.Thread(target=lambda: made.append(V8Context(lambda _buffer: None)), name="helper")
    helper.start()
    helper.join()
    (context,) = made
    assert context.eval("6 * 7") == 42
    context.close()
    assert_freed_where_built(context)
    assert context.built_on is not helper


def test_freeing_a_context_anywhere_but_its_own_thread_is_refused():
    context = V8Context(lambda _buffer: None)
    with pytest.raises(RuntimeError, match="thread that built it"):
        context._free()
    context.close()
    assert_freed_where_built(context)


def spare_of(sandbox: Sandbox) -> V8Context:
    """The spare context the sandbox will load the next handler into, once its helper thread has finished."""
    building = sandbox._spare
    assert building is not None, "no spare context is on its way"
    building.thread.join()
    assert building.spare is not None
    return building.spare.context


@pytest.mark.parametrize("source, error", [
    ("async function onTrack( {", "SyntaxError"),
    ("notDefined();\nasync function onTrack() {}", "ReferenceError"),
    ("while (true) {}", "TimeoutError"),
], ids=["parse-error", "top-level-throw", "top-level-timeout"])
def test_a_spare_context_is_freed_where_it_was_built_when_its_load_fails(sandbox, source, error):
    spare = spare_of(sandbox)
    loaded = sandbox.load("handler.js", source)
    assert (loaded.ok, loaded.error["name"]) == (False, error)
    assert_freed_where_built(spare)


def test_a_context_stopped_at_the_time_limit_is_freed_where_it_was_built(sandbox):
    spare = spare_of(sandbox)
    assert sandbox.load("handler.js", "async function onTrack() { await null; while (true) {} }").ok
    out = io.StringIO()
    sandbox.invoke_many([json.dumps({"type": "track"})], "{}", out)
    said, answer = out.getvalue().splitlines()
    assert (said + "\n", json.loads(answer)["outcome"]) == (notice("stopping timeout"), "timeout")
    assert_freed_where_built(spare)


def test_a_fresh_load_per_event_frees_each_context_where_it_was_built(sandbox):
    contexts = []
    for n in range(4):
        sandbox.prepare_spare()
        contexts.append(spare_of(sandbox))
        assert sandbox.load("handler.js", GOOD).ok
        out = io.StringIO()
        sandbox.invoke_many([json.dumps({"type": "track", "n": n})], "{}", out)
        assert json.loads(out.getvalue())[0]["return"] == n
    sandbox.close()
    for context in contexts:
        assert_freed_where_built(context)


# Through the sandbox process: a context freed on the wrong thread would raise there (or crash V8),
# so each path must end with the handler's own outcome, never a crash.

@pytest.mark.parametrize("source, outcome, name", [
    ("async function onTrack( {", "bad_request", "SyntaxError"),
    ("notDefined();\nasync function onTrack() {}", "bad_request", "ReferenceError"),
    ("async function onTrack() { while (true) {} }", "timeout", "TimeoutError"),
    ("async function onTrack() { await new Promise(() => {}) }", "timeout", "TimeoutError"),
], ids=["parse-error", "top-level-throw", "busy-loop", "never-settles"])
def test_through_the_sandbox_process_each_freeing_path_ends_with_the_handlers_outcome(runner, source, outcome, name):
    for _ in range(3):  # each load frees the context the last one made
        _loaded, result = runner.engine.run_fresh(runner.write(source), None, {"type": "track"}, {})
        assert (result.outcome, result.error.name) == (outcome, name)
        assert not result.crashed
    assert runner.run(GOOD, {"type": "track", "n": 5}).return_value == 5


def test_a_suite_loads_fresh_for_every_event_without_a_crash(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text(GOOD)
    events = tmp_path / "events"
    events.mkdir()
    for n in range(12):
        (events / f"e{n:02}.json").write_text(json.dumps({"type": "track", "n": n}))
    done = subprocess.run([sys.executable, "-m", "segtui", "test", str(handler), str(events), "--update"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "12 events: 12 passed" in done.stdout
