"""A handler whose top level fails: what it logged before it failed reaches the user, once."""

import pytest
from support.cli import segtui
from support.sandbox_helpers import HandlerRunner, make_engine

SECRET = "sk_live_51TopLevelSecretValue0123"


def track(number: int) -> dict:
    return {"type": "track", "event": f"e{number}"}


@pytest.mark.parametrize("failure, error", [
    ("notDefined();", "ReferenceError"),
    ("throw 'a bare string';", "Error"),
    ("while (true) {}", "TimeoutError"),
    ("const hoard = []; for (;;) hoard.push('x'.repeat(1e6) + hoard.length);", "MemoryError"),
    # Outside V8's heap, in one call V8 cannot stop: the process ends itself past the limit, answering the load first.
    ("const buffer = new Uint8Array(1.5e9); buffer.fill(1);", "MemoryError"),
], ids=["throws", "throws-no-error", "past-the-time-limit", "past-the-memory-limit", "filling-past-the-memory-limit"])
def test_the_logs_a_top_level_wrote_before_it_failed_are_the_first_events(tmp_path, request, failure, error):
    # A hoard reaches 64 MB within a second only on an idle machine (near the limit V8 spends its time in full GCs):
    # with a time limit of 1 s a busy one stopped it as a TimeoutError first. Only the spin is meant to meet the clock.
    engine = make_engine(timeout_s=60 if error == "MemoryError" else 1, memory_mb=64)
    request.addfinalizer(engine.close)
    runner = HandlerRunner(engine, tmp_path)
    loaded = runner.load(f"console.log('reading config', 42);\nconsole.warn('almost there');\n{failure}\n"
                         "async function onTrack() { return 1 }")
    assert not loaded.ok and loaded.error.name == error
    first, second = engine.invoke_many([track(1), track(2)], {})
    assert (first.outcome, first.handler_name, first.error.name) == ("bad_request", "(top level)", error)
    assert [(entry.level, entry.message) for entry in first.logs] == [("log", "reading config 42"), ("warn", "almost there")]
    assert second.outcome == "bad_request" and second.logs == []  # the top level ran once, as on one instance


def test_a_replay_of_a_top_level_that_failed_says_why_once_with_its_logs_masked(tmp_path):
    handler = tmp_path / "broken.js"
    handler.write_text(f"console.log('key is {SECRET}');\nconsole.error('loading failed');\n"
                       "throw new TypeError('no config');\nasync function onTrack() {}\n", encoding="utf-8")
    (tmp_path / "s.json").write_text(f'{{"apiKey": "{SECRET}"}}', encoding="utf-8")
    (tmp_path / "e.ndjson").write_text('{"type": "track"}\n{"type": "track"}\n', encoding="utf-8")
    done = segtui("replay", "broken.js", "e.ndjson", "--settings", "s.json", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[:3] == ["segtui: the top level of broken.js failed, so no event was replayed:",
                         "TypeError: no config", "    at broken.js:3:7"]
    assert lines[3] == "Its logs before it failed:"
    assert lines[4].endswith("LOG   key is ••••••") and lines[5].endswith("ERROR loading failed")
    assert SECRET not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("top_level", [
    "exports.processEvents = async (event) => ({events: [{type: 'track', event: event.payload.body.type}]});\n",
    "const fetch = require('node-fetch');\nasync function onTrack() {}\nmodule.exports = {onTrack};\n",
    "async function onTrack() {}\nmodule.exports = {onTrack};\n",
], ids=["legacy-source", "require", "module-exports"])
def test_a_file_written_as_a_node_module_is_told_how_segment_wants_handlers(tmp_path, top_level):
    # A probe ran functions-library's and legalmonster's legacy `exports.processEvents` sources: only "exports is not defined".
    (tmp_path / "handler.js").write_text(top_level, encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert done.returncode == 1 and "ReferenceError: " in done.stdout
    assert "Segment runs the function file as a plain script, without Node's require, module or exports" in done.stdout
    assert "async function onRequest(request, settings)" in done.stdout and "Traceback" not in done.stderr
    (tmp_path / "e.ndjson").write_text('{"type": "track"}\n', encoding="utf-8")
    replayed = segtui("replay", "handler.js", "e.ndjson", cwd=tmp_path)
    assert replayed.returncode == 1 and "\nNote: Segment runs the function file as a plain script" in replayed.stderr


def test_a_top_level_that_fails_on_another_name_gets_no_such_note(tmp_path):
    (tmp_path / "handler.js").write_text("config.load();\nasync function onTrack() {}\n", encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert "ReferenceError: config is not defined" in done.stdout and "plain script" not in done.stdout


def test_a_failed_top_level_that_logged_past_the_logs_budget_counts_every_line_it_does_not_show(runner):
    runner.load("for (let i = 0; i < 30000; i++) console.log('line', i);\nthrow new Error('done logging');\n"
                "async function onTrack() {}")
    result = runner.engine.invoke(track(1), {})
    assert result.error.headline() == "Error: done logging" and result.logs[0].message == "line 0"
    assert len(result.logs) + result.logs_dropped == 30000


def test_a_top_level_that_fails_inside_a_built_in_is_placed_at_its_own_line(runner):
    # V8 placed the SyntaxError of JSON.parse in segtui's JSON.parse, past the handler's end: "line 7" of a 3-line file.
    path = runner.write("console.log('loading');\nconst TABLE = JSON.parse('{\"a\": 1, }');\nasync function onTrack() {}\n",
                        "table.js")
    loaded = runner.engine.load(path)
    assert (loaded.error.name, loaded.error.line, loaded.error.column) == ("SyntaxError", 2, 20)
    assert loaded.error.source_line == "const TABLE = JSON.parse('{\"a\": 1, }');"
    assert loaded.error.stack.splitlines()[1:] == ["    at JSON.parse (<anonymous>)", f"    at {path}:2:20"]
