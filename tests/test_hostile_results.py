"""A hostile handler's result that segtui's own copies could not hold: it is still the handler's outcome, with its logs."""

from __future__ import annotations

import tracemalloc

import pytest

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig
from segtui.textout import TextRenderer

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
    # One 60 MB text, three times in the result: its JSON (~180 MB, then its copies) is past the 256 MB limit by far, not
    # near it (a copy saved in segtui's channel made 'y'.repeat(60e6) alone fit, at times).
    hostile, after = run_twice(engine, tmp_path / "big.js", "const y = 'y'.repeat(60e6); return [y, y, y];")
    assert (hostile.outcome, hostile.error.name) == ("bad_request", "MemoryError")
    assert [entry.message for entry in hostile.logs] == ["kept hostile"]
    assert (after.outcome, after.return_value) == ("success", "ran next")


STATUS_LISTS = {
    # (what onBatch returns for two events; its items' outcomes and error messages: none when it is no status list)
    "a status getter that throws": ("events.map(() => ({ get status() { throw new Error('getter'); } }))", []),
    "an errormessage whose text throws": (
        "events.map(() => ({ status: 500, errormessage: { toString() { throw new Error('text'); } } }))",
        [("retry", "(segtui could not read it: reading it threw)")] * 2),
}


@pytest.mark.parametrize("returned", list(STATUS_LISTS), ids=list(STATUS_LISTS))
def test_a_batch_status_list_that_throws_as_segtui_reads_it_is_still_onbatchs_result(engine, tmp_path, returned):
    # A getter that threw as segtui read the statuses after onBatch returned made a bad_request with no handler or event
    # type ("(per-event handlers)"), where Node's run of onBatch succeeds; an errormessage that threw did too.
    body, items = STATUS_LISTS[returned]
    (tmp_path / "batch.js").write_text(f"async function onBatch(events) {{\n  console.log('kept');\n  return {body};\n}}\n")
    assert engine.load(tmp_path / "batch.js").ok
    result = engine.invoke([{"type": "track", "event": "a"}, {"type": "track", "event": "b"}], {})
    assert (result.outcome, result.handler_name, result.event_type) == ("success", "onBatch", "batch"), result.error
    assert [entry.message for entry in result.logs] == ["kept"]
    assert [(item.outcome, item.error.message if item.error else None) for item in result.items] == items


def test_a_long_return_is_read_back_only_when_it_nests_too_deep(tmp_path):
    # Every return over 1,980 characters was parsed again and walked by its keys (a string per array item) to be cut
    # where it nested too deep: a 2-million-item array (16 MB of heap) ran a 64 MB sandbox out of memory, where Node
    # returns it at once. Brackets and quotes inside a text are no nesting; a return nested too deep is still cut.
    engine = Engine(SandboxConfig(timeout_s=30, memory_mb=64))
    engine.start()
    try:
        (tmp_path / "long.js").write_text(
            "async function onTrack(event) {\n  console.log('kept');\n"
            "  if (event.event === 'long') return new Array(2e6).fill(0);\n"
            "  let deep = ['\\\\\"' + '['.repeat(2000), '{'.repeat(2000)];\n"
            "  for (let i = 1; i < 1000; i++) deep = [deep];\n  return deep;\n}\n")
        assert engine.load(tmp_path / "long.js").ok
        long, deep = engine.invoke_many([{"type": "track", "event": name} for name in ("long", "deep")], {})
    finally:
        engine.close()
    assert (long.outcome, [entry.message for entry in long.logs]) == ("success", ["kept"]), long.error
    assert long.return_value == [0] * 2_000_000
    value, depth = deep.return_value, 1
    while isinstance(value, list) and len(value) == 1:
        value, depth = value[0], depth + 1
    assert (depth, value) == (991, "[nested more than 990 levels deep: segtui shows the first 990]")


def test_a_long_return_is_printed_in_memory_near_its_text(tmp_path):
    # A probe: json.dumps(indent=2) joins a list of every piece it writes (~50 bytes for each comma and number), so a
    # 12-million-item return took `segtui run` over 1 GB to print its 60 MB.
    engine = Engine(SandboxConfig(timeout_s=30))
    engine.start()
    try:
        (tmp_path / "long.js").write_text("async function onTrack(event) {\n  return new Array(300000).fill(0);\n}\n")
        assert engine.load(tmp_path / "long.js").ok
        result = engine.invoke({"type": "track"}, {})
    finally:
        engine.close()
    tracemalloc.start()
    try:
        text = TextRenderer(colour=False).render(result, "track")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text.count("\n  0,\n") >= 149_999 and text.count("  0") == 300_000
    assert peak < 8 * len(text), (peak, len(text))  # ~5× with the pieces written as made, ~13.5× joined
