"""A hostile handler's result that segtui's own copies could not hold: it is still the handler's outcome, with its logs."""

from __future__ import annotations

import pytest

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

HUGE_TEXTS = {
    "a 100 MB message": ("throw new Error('m'.repeat(100e6));", "message", "m"),
    "a 50 MB name": ("const e = new Error('x'); e.name = 'N'.repeat(50e6); throw e;", "name", "N"),
    "a 50 MB stack from Error.prepareStackTrace": (
        "Error.prepareStackTrace = () => 's'.repeat(50e6); const e = new Error('x'); throw e;", "stack", "s"),
    "a 100 MB message from a getter": ("throw { get message() { return 'g'.repeat(100e6); } };", "message", "g"),
}


@pytest.fixture
def engine():
    engine = Engine(SandboxConfig(timeout_s=5))
    engine.start()
    yield engine
    engine.close()


def run_twice(engine: Engine, path, body: str) -> tuple:
    path.write_text("async function onTrack(event) {\n  console.log('kept', event.event);\n"
                    f"  if (event.event === 'hostile') {{ {body} }}\n  return 'ran ' + event.event;\n}}\n")
    assert engine.load(path).ok
    return tuple(engine.invoke({"type": "track", "event": name}, {}) for name in ("hostile", "next"))


@pytest.mark.parametrize("text", list(HUGE_TEXTS), ids=list(HUGE_TEXTS))
def test_a_thrown_value_with_a_huge_text_is_its_bad_request_with_the_text_cut(engine, tmp_path, text):
    # A probe found a 100 MB message (or a 50 MB stack) made segtui's copies run out of memory: a MemoryError,
    # and the run's logs lost, where Node reports the handler's error.
    body, field, letter = HUGE_TEXTS[text]
    hostile, after = run_twice(engine, tmp_path / "huge.js", body)
    assert (hostile.outcome, [entry.message for entry in hostile.logs]) == ("bad_request", ["kept hostile"])
    shown = getattr(hostile.error, field)
    assert shown.startswith(letter * 1000) and " … [segtui kept the first 1000000 of " in shown, shown[-80:]
    assert len(shown) < 1000100
    assert (after.outcome, after.return_value) == ("success", "ran next")


def test_the_logs_of_a_run_whose_result_runs_out_of_memory_are_kept(engine, tmp_path):
    # The console handed its logs to the result before the result's JSON ran V8 out of memory; they were lost.
    hostile, after = run_twice(engine, tmp_path / "big.js", "return 'y'.repeat(60e6);")
    assert (hostile.outcome, hostile.error.name) == ("bad_request", "MemoryError")
    assert [entry.message for entry in hostile.logs] == ["kept hostile"]
    assert (after.outcome, after.return_value) == ("success", "ran next")
