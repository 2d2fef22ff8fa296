"""Tests for discovering and saving events, and the handler template."""

import json
import os

import pytest
from support.input_files import error_of, write

from segtui.events import (
    HANDLER_NAMES,
    NOT_EVENT_FILES,
    SPEC_TYPES,
    discover_events,
    load_event_file,
    save_event,
)
from segtui.settings import SCHEMA_FILENAME
from segtui.templates import handler_template
from segtui.user_files import write_json_atomic

TRACK = {"type": "track", "event": "Order Completed", "userId": "u1"}
IDENTIFY = {"type": "identify", "userId": "u1", "traits": {"email": "a@example.com"}}


def test_discover_events_sorted_recursive_and_keeps_broken_files(tmp_path):
    write(tmp_path / "b.json", json.dumps(IDENTIFY))
    write(tmp_path / "a.ndjson", f"{json.dumps(TRACK)}\n{json.dumps(IDENTIFY)}\n")
    write(tmp_path / "nested" / "c.json", json.dumps([TRACK]))
    write(tmp_path / "broken.json", '{"type": ')
    write(tmp_path / "notes.txt", "not an event")
    write(tmp_path / SCHEMA_FILENAME, '{"settings": []}')
    write(tmp_path / ".hidden" / "d.json", json.dumps(TRACK))
    write(tmp_path / "nested" / "node_modules" / "pkg" / "track.json", json.dumps(TRACK))  # the watcher skips it too
    sources = discover_events([tmp_path])
    assert [source.name for source in sources] == ["a.ndjson:1", "a.ndjson:2", "b.json", "broken.json", "nested/c.json"]
    broken = sources[3]
    assert not broken.ok and broken.payload is None and broken.path == tmp_path / "broken.json"
    assert broken.error.startswith(f"{tmp_path / 'broken.json'}:1:10: invalid JSON")
    assert sources[4].kind == "batch"


def test_discover_events_over_several_folders_prefixes_names(tmp_path):
    write(tmp_path / "one" / "track.json", json.dumps(TRACK))
    write(tmp_path / "two" / "track.json", json.dumps(TRACK))
    sources = discover_events([tmp_path / "one", tmp_path / "two", tmp_path / "one"])
    assert [source.name for source in sources] == ["one/track.json", "two/track.json"]


def test_discover_events_refuses_a_missing_folder(tmp_path):
    assert error_of(discover_events, [tmp_path / "nope"]) == f"{tmp_path / 'nope'}: no such folder of events"


def test_schema_file_is_never_taken_for_an_event():
    assert SCHEMA_FILENAME in NOT_EVENT_FILES


def test_save_event_writes_pretty_json_and_round_trips(tmp_path):
    path = save_event(TRACK, tmp_path / "saved" / "order.json")
    assert path.read_text(encoding="utf-8") == json.dumps(TRACK, indent=2) + "\n"
    assert load_event_file(path)[0].payload == TRACK
    assert list(path.parent.iterdir()) == [path]


def test_save_event_never_overwrites_unless_asked(tmp_path):
    path = write(tmp_path / "order.json", "keep me")
    assert error_of(save_event, TRACK, path) == f"{path} already exists; not overwriting it"
    assert path.read_text() == "keep me"
    save_event(IDENTIFY, path, overwrite=True)
    assert json.loads(path.read_text()) == IDENTIFY
    assert list(tmp_path.iterdir()) == [path]


def test_save_event_refuses_an_invalid_event(tmp_path):
    path = tmp_path / "bad.json"
    assert error_of(save_event, {"type": "nope"}, path).startswith(f'{path}: unknown event type "nope"')
    assert not path.exists()


def test_failed_save_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "taken.json"
    target.mkdir()
    assert error_of(save_event, TRACK, target, overwrite=True).startswith(f"cannot write {target}: ")
    assert list(tmp_path.iterdir()) == [target]


def test_save_event_replaces_through_a_temporary_file(tmp_path):
    path = write(tmp_path / "order.json", json.dumps(TRACK))
    before = path.stat().st_ino
    save_event(IDENTIFY, path, overwrite=True)
    assert path.stat().st_ino != before


def test_write_json_atomic_keeps_lone_surrogates_and_stays_readable_without_them(tmp_path):
    path = tmp_path / "data.json"
    write_json_atomic({"text": "caf\u00e9 \ud800"}, path, overwrite=True)
    assert json.loads(path.read_text(encoding="utf-8")) == {"text": "caf\u00e9 \ud800"}
    write_json_atomic({"text": "caf\u00e9"}, path, overwrite=True)
    assert "caf\u00e9" in path.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [path]


def test_write_json_atomic_removes_its_temporary_file_whatever_stops_it(tmp_path, monkeypatch):
    path = write(tmp_path / "data.json", "keep me")

    def interrupted(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_json_atomic({"a": 1}, path, overwrite=True)
    assert path.read_text() == "keep me"
    assert list(tmp_path.iterdir()) == [path]


def test_handler_template_has_all_seven_handlers():
    template = handler_template()
    for handler in HANDLER_NAMES.values():
        assert f"async function {handler}(event, settings)" in template
    assert "btoa(settings.apiKey + ':')" in template
    assert "throw new RetryError(error.message)" in template
    assert "response.status >= 500 || response.status === 429" in template
    for spec_type in (t for t in SPEC_TYPES if t != "track"):
        assert f"throw new EventNotSupported('{spec_type} is not supported')" in template
    assert "EventNotSupported('track" not in template
