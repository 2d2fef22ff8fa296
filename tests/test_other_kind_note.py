"""A handler that fails on a global only another kind of function has (an insert function's DropEvent, a source
function's Segment) is run as that kind's note says: which kind, and how to choose it."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import segtui

INSERT = 'async function onTrack(event) {\n  if (event.userId === "test") throw new DropEvent("test user");\n  return event;\n}\n'


def _run(folder: Path, source: str, *options: str) -> dict:
    (folder / "handler.js").write_text(source, encoding="utf-8")
    (folder / "event.json").write_text('{"type": "track", "event": "E", "userId": "test"}', encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "event.json", "--json", *options, cwd=folder)
    return json.loads(done.stdout)


def test_an_insert_function_run_as_a_destination_is_told_to_use_kind_insert(tmp_path: Path) -> None:
    # A new user's trial: `throw new DropEvent(…)` gave "ReferenceError: DropEvent is not defined" and nothing more.
    printed = _run(tmp_path, INSERT)
    assert printed["error"]["name"] == "ReferenceError"
    assert printed["notes"] == [('DropEvent exists only in insert functions, and this one runs as a destination function: '
                                'run it with --kind insert, or set "kind": "insert" in segtui.json beside it')]
    assert _run(tmp_path, INSERT, "--kind", "insert")["outcome"] == "dropped"


def test_a_source_global_at_the_top_level_names_kind_source(tmp_path: Path) -> None:
    printed = _run(tmp_path, 'Segment.track({ event: "x" });\nasync function onTrack() {}\n', "--kind", "insert")
    assert printed["error"]["message"] == "Segment is not defined"
    assert printed["notes"] == [('Segment exists only in source functions, and this one runs as an insert function: '
                                'run it with --kind source, or set "kind": "source" in segtui.json beside it')]


def test_no_note_for_another_undefined_name_or_the_right_kind(tmp_path: Path) -> None:
    assert "notes" not in _run(tmp_path, "async function onTrack() { return DropEvents; }\n")
    assert "notes" not in _run(tmp_path, "async function onTrack() { const DropEvent = 1; return missing; }\n")
