"""An event too big to run under --memory is refused up front, saying which limit and how to raise it: a 200 MB event
file took ~1.6 GB across segtui and its sandbox, then timed out in V8's JSON.parse, whatever --memory said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import segtui

from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.event_files import EventFileCache
from segtui.event_size import check_event_size, check_settings_size
from segtui.protocol import SandboxConfig
from segtui.ui.catalog import gather_events

HANDLER = "async function onTrack(event) { return event.properties.blob.length; }\n"
BLOB = 5 * 1024 * 1024
"""Characters of an event over the 4 MB that --memory 16 (the least) allows, a quarter of it; under the 6 MB of 24."""


def big_event() -> dict:
    return {"type": "track", "event": "Big", "properties": {"blob": "x" * BLOB}}


def folder_with(tmp_path: Path, name: str, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "handler.js").write_text(HANDLER)
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    return tmp_path


def test_run_refuses_an_event_file_too_big_for_memory_and_says_how_to_raise_it(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "big.json", json.dumps(big_event()))
    refused = segtui("run", "handler.js", "--event", "big.json", "--memory", "16", cwd=folder)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "big.json is 5.0 MB of JSON" in refused.stderr
    assert "up to 4 MB" in refused.stderr and "--memory 16" in refused.stderr
    assert "Run with --memory 21 or more" in refused.stderr
    ran = segtui("run", "handler.js", "--event", "big.json", "--memory", "24", "--json", cwd=folder)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["return"] == BLOB


def test_an_ndjson_line_too_big_is_named_by_its_line(tmp_path: Path) -> None:
    lines = [json.dumps({"type": "track", "event": "Small"}), json.dumps(big_event())]
    folder = folder_with(tmp_path, "many.ndjson", "\n".join(lines) + "\n")
    refused = segtui("run", "handler.js", "--event", "many.ndjson", "--memory", "16", cwd=folder)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "The event at many.ndjson:2 is 5.0 MB of JSON" in refused.stderr


def test_test_fails_on_a_too_big_event_beside_the_handler_or_in_its_folders_instead_of_skipping_it(tmp_path: Path) -> None:
    for place in ("big.json", "events/big.json"):
        folder = folder_with(tmp_path / place.replace("/", "-").removesuffix(".json"), place, json.dumps(big_event()))
        refused = segtui("test", "handler.js", "--memory", "16", cwd=folder)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert "big.json is 5.0 MB of JSON" in refused.stderr and "--memory 16" in refused.stderr


def test_the_engine_does_not_send_an_event_too_big_for_memory_to_the_sandbox(tmp_path: Path) -> None:
    handler = folder_with(tmp_path, "unused.json", "{}") / "handler.js"
    engine = Engine(SandboxConfig(memory_mb=16))
    try:
        load, result = engine.run_fresh(handler, None, big_event(), {})
        assert load.ok
        assert result.outcome == "bad_request" and result.error is not None and result.error.name == "EventTooBig"
        assert "The event is 5.0 MB of JSON" in result.error.message and "--memory 21 or more" in result.error.message
        assert engine.run_fresh(handler, None, {"type": "track", "properties": {"blob": "x"}}, {})[1].return_value == 1
    finally:
        engine.close()


def test_the_tui_lists_a_too_big_event_file_beside_the_handler_as_broken_saying_why(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "big.json", json.dumps(big_event()))
    listed = gather_events(folder / "handler.js", [], load=EventFileCache(16).load)
    (big,) = [event for event in listed if event.source.name == "big.json"]
    assert not big.source.ok and big.source.error is not None and "--memory 21 or more" in big.source.error


def test_replay_refuses_a_line_or_an_array_item_too_big_before_running_any(tmp_path: Path) -> None:
    small = {"type": "track", "event": "Small"}
    folder = folder_with(tmp_path, "many.ndjson", "\n".join(json.dumps(event) for event in (small, big_event())) + "\n")
    (folder / "many.json").write_text(json.dumps([small, small, big_event()]))
    for name, where in (("many.ndjson", "many.ndjson:2"), ("many.json", "many.json[2]")):
        refused = segtui("replay", "handler.js", name, "--memory", "16", cwd=folder)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert f"The event at {where} is 5.0 MB of JSON" in refused.stderr and refused.stdout == ""


def test_a_settings_file_too_big_for_memory_is_refused_unread_and_says_how_to_raise_it(tmp_path: Path) -> None:
    # A 200 MB one was looked through for secrets for a minute, then failed the handler's run with a MemoryError.
    folder = folder_with(tmp_path, "segtui.settings.json", json.dumps({"blob": "x" * BLOB}))
    (folder / "handler.js").write_text("async function onTrack(event, settings) { return settings.blob.length; }\n")
    for command in (["run", "handler.js", "--event", "track"], ["test", "handler.js", "track"]):
        refused = segtui(*command, "--memory", "16", cwd=folder)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert "segtui.settings.json is 5.0 MB; segtui takes settings of up to 4 MB" in refused.stderr
        assert "Run with --memory 21 or more" in refused.stderr
    ran = segtui("run", "handler.js", "--event", "track", "--memory", "24", "--json", cwd=folder)
    assert ran.returncode == 0 and json.loads(ran.stdout)["return"] == BLOB, ran.stderr


@pytest.mark.parametrize("check", [check_event_size, check_settings_size])
def test_a_size_past_what_the_largest_memory_takes_names_no_memory_to_run_with(check) -> None:
    # It named --memory 1200 for 300 MB, which --memory refuses (at most 1024).
    with pytest.raises(SegtuiInputError) as refused:
        check(300 * 1024 * 1024, "big.json", 256)
    assert "No --memory takes it: the most is 1024, for 256 MB" in str(refused.value)
    with pytest.raises(SegtuiInputError) as refused:
        check(255 * 1024 * 1024, "big.json", 256)
    assert "Run with --memory 1020 or more" in str(refused.value)
