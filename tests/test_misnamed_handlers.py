"""A handler named in the wrong case (`ontrack`, `OnIdentify`) never runs, as on Segment; the run says why."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import segtui


def run_json(folder: Path, source: str, event: str) -> dict:
    (folder / "handler.js").write_text(source, encoding="utf-8")
    done = segtui("run", "handler.js", "--event", event, "--json", cwd=folder)
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


def test_a_handler_named_in_another_case_is_named_in_a_note(tmp_path: Path) -> None:
    # A new user's trial: `async function ontrack(…)` gave "EventNotSupported: track not supported" and nothing more.
    printed = run_json(tmp_path, "async function ontrack(event) { return 1; }\nfunction OnTrack() {}\n", "track")
    assert printed["outcome"] == "unsupported_event_type"
    assert printed["error"]["message"] == "track not supported"  # Segment's own message, unchanged
    assert printed["notes"] == [("onTrack is not defined, but OnTrack, ontrack are: Segment calls a handler by its "
                                 "exact name, onTrack")]
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert "Note: onTrack is not defined, but OnTrack, ontrack are" in done.stdout


def test_no_note_when_the_handler_exists_or_nothing_is_named_like_it(tmp_path: Path) -> None:
    declared = run_json(tmp_path, "async function onTrack() { throw new EventNotSupported('no'); } // ontrack\n", "track")
    assert declared["outcome"] == "unsupported_event_type" and "notes" not in declared
    other = run_json(tmp_path, "async function onidentify() {}\nasync function onIdentify() {}\n", "track")
    assert other["outcome"] == "unsupported_event_type" and "notes" not in other


def test_no_note_for_a_name_only_in_a_comment_or_a_string(tmp_path: Path) -> None:
    # "onTrack is not defined, but OnTrack is" was said of a file that only mentions OnTrack in a comment.
    source = ("// This function only handles identify calls; we'll add OnTrack support later.\n"
              "const help = 'define ontrack to take track events';\n"
              "async function onIdentify(event) { return 1 }\n")
    printed = run_json(tmp_path, source, "track")
    assert printed["outcome"] == "unsupported_event_type" and "notes" not in printed
    declared = run_json(tmp_path, "const OnTrack = async (event) => 1;\nasync function onIdentify() {}\n", "track")
    assert declared["notes"] == ["onTrack is not defined, but OnTrack is: Segment calls a handler by its exact name, onTrack"]



def test_segtui_test_prints_the_note_though_the_events_pass_as_not_supported(tmp_path: Path) -> None:
    # Without a golden, Unsupported Event Type passes (a declared "not supported"): a misnamed onTrack passed the suite
    # in CI without a word.
    (tmp_path / "handler.js").write_text("async function ontrack(event) { return 1; }\n", encoding="utf-8")
    done = segtui("test", "handler.js", "track", "developer-center", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("Note (spec/track and 3 more): onTrack is not defined, but ontrack is: Segment calls a handler by its exact "
            "name, onTrack") in done.stdout
    # The other events' note: nothing else is defined (ontrack is no handler).
    assert done.stdout.count("Note (") == 2 and "the function defines no handler" in done.stdout


def test_a_function_that_defines_no_handler_says_so(tmp_path: Path) -> None:
    # A new user's trial: an empty draft ran as "Unsupported Event Type" with no word that it defines no handler.
    printed = run_json(tmp_path, "// TODO: write the handlers\nconst endpoint = 'https://api.example.com';\n", "track")
    assert printed["outcome"] == "unsupported_event_type"
    assert printed["notes"] == [("the function defines no handler (onIdentify, onTrack, onPage, onScreen, onGroup, "
                                "onAlias, onDelete, onBatch): Segment answers every event with EventNotSupported")]
    only_misnamed = run_json(tmp_path, "async function ontrack(event) { return 1; }\n", "track")
    assert len(only_misnamed["notes"]) == 1 and only_misnamed["notes"][0].startswith("onTrack is not defined, but")
