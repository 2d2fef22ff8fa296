"""Tests for loading and validating events, and for the bundled samples."""

import json
from datetime import datetime

import pytest
from support.input_files import error_of, write

from segtui.events import (
    HANDLER_NAMES,
    SPEC_TYPES,
    bundled_events_dir,
    developer_center_suite,
    discover_events,
    load_event_arg,
    parse_event_text,
    validate_event,
)

TRACK = {"type": "track", "event": "Order Completed", "userId": "u1"}
IDENTIFY = {"type": "identify", "userId": "u1", "traits": {"email": "a@example.com"}}
COMMON_FIELDS = ("type", "messageId", "timestamp", "originalTimestamp", "sentAt", "receivedAt", "context", "integrations", "channel")


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def all_bundled_events() -> list[dict]:
    events = []
    for path in sorted(bundled_events_dir().rglob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        events.extend(payload if isinstance(payload, list) else [payload])
    return events


def test_handler_names_cover_every_spec_type():
    assert HANDLER_NAMES == {
        "identify": "onIdentify",
        "track": "onTrack",
        "page": "onPage",
        "screen": "onScreen",
        "group": "onGroup",
        "alias": "onAlias",
        "delete": "onDelete",
    }


@pytest.mark.parametrize("spec_type", SPEC_TYPES)
def test_type_name_loads_bundled_sample(spec_type):
    [source] = load_event_arg(spec_type)
    assert source.name == spec_type
    assert source.kind == "event"
    assert source.ok
    assert source.payload["type"] == spec_type
    assert source.path == bundled_events_dir() / f"{spec_type}.json"


def test_batch_name_loads_bundled_batch_of_mixed_types():
    [source] = load_event_arg("batch")
    assert source.kind == "batch"
    assert 4 <= len(source.payload) <= 6
    assert len({event["type"] for event in source.payload}) >= 3


@pytest.mark.parametrize("spec_type", SPEC_TYPES)
def test_bundled_samples_carry_common_fields(spec_type):
    event = load_event_arg(spec_type)[0].payload
    for field in COMMON_FIELDS:
        assert field in event, field
    assert event.get("userId") or event.get("anonymousId")
    if spec_type != "delete":
        assert event["version"] == 2
        assert {"ip", "library", "locale", "timezone"} <= set(event["context"])


def test_bundled_delete_has_the_seed_shape():
    event = load_event_arg("delete")[0].payload
    assert set(event) == {
        "type", "channel", "messageId", "projectId", "userId", "context", "integrations",
        "receivedAt", "sentAt", "originalTimestamp", "timestamp",
    }
    assert event["messageId"].startswith("delete-")
    assert event["context"] is None and event["integrations"] is None


def test_bundled_type_specific_fields():
    samples = {spec_type: load_event_arg(spec_type)[0].payload for spec_type in SPEC_TYPES}
    assert samples["identify"]["traits"]
    assert samples["track"]["event"] and samples["track"]["properties"]
    assert {"name", "category", "properties"} <= set(samples["page"])
    assert {"name", "properties"} <= set(samples["screen"])
    assert {"app", "device", "os", "screen", "network"} <= set(samples["screen"]["context"])
    assert samples["group"]["groupId"] and samples["group"]["traits"]
    assert samples["alias"]["previousId"]


@pytest.mark.parametrize("event", all_bundled_events(), ids=lambda event: event["messageId"])
def test_bundled_timing_relation_holds(event):
    received = parse_time(event["receivedAt"])
    skew = parse_time(event["sentAt"]) - parse_time(event["originalTimestamp"])
    assert parse_time(event["timestamp"]) == received - skew
    assert all(event[field].endswith("Z") for field in ("timestamp", "originalTimestamp", "sentAt", "receivedAt"))


def test_every_bundled_file_validates():
    sources = discover_events([bundled_events_dir()])
    assert sources and all(source.ok for source in sources), [source.error for source in sources]


def test_developer_center_suite_has_eight_events_in_order():
    suite = developer_center_suite()
    assert [source.name for source in suite] == [
        "01-page-homepage.json",
        "02-page-signup.json",
        "03-identify-anonymous-user.json",
        "04-track-user-signs-up.json",
        "05-group-workspace.json",
        "06-track-enables-integration.json",
        "07-track-invites-teammate.json",
        "08-screen-opens-mobile-app.json",
    ]
    page_home, page_signup, identify, signs_up, group, integration, invite, screen = [s.payload for s in suite]
    assert (page_home["type"], page_home["properties"]["path"]) == ("page", "/")
    assert (page_signup["type"], page_signup["properties"]["path"]) == ("page", "/signup")
    assert identify["type"] == "identify" and "userId" not in identify and identify["anonymousId"]
    assert (signs_up["type"], signs_up["event"]) == ("track", "User Signs Up")
    assert group["type"] == "group" and group["groupId"]
    assert (integration["type"], integration["event"]) == ("track", "User enables an Integration")
    assert (invite["type"], invite["event"]) == ("track", "User Invites a Teammate")
    assert (screen["type"], screen["name"]) == ("screen", "User Opens Mobile Application")


def test_json_object_file_is_one_event(tmp_path):
    path = write(tmp_path / "order.json", json.dumps(TRACK))
    [source] = load_event_arg(str(path))
    assert (source.name, source.path, source.payload, source.kind, source.error) == (
        "order.json", path, TRACK, "event", None,
    )


def test_json_array_file_is_one_batch(tmp_path):
    path = write(tmp_path / "two.json", json.dumps([TRACK, IDENTIFY]))
    [source] = load_event_arg(str(path))
    assert source.kind == "batch" and source.payload == [TRACK, IDENTIFY]


def test_ndjson_gives_one_source_per_line_named_by_line(tmp_path):
    path = write(tmp_path / "events.ndjson", f"{json.dumps(TRACK)}\n\n{json.dumps(IDENTIFY)}\n")
    sources = load_event_arg(str(path))
    assert [source.name for source in sources] == ["events.ndjson:1", "events.ndjson:3"]
    assert [source.payload for source in sources] == [TRACK, IDENTIFY]


def test_ndjson_is_recognised_in_a_json_file(tmp_path):
    path = write(tmp_path / "events.json", f"{json.dumps(TRACK)}\n{json.dumps(IDENTIFY)}\n")
    assert [source.name for source in load_event_arg(str(path))] == ["events.json:1", "events.json:2"]


def test_ndjson_bad_line_names_file_line_and_column(tmp_path):
    path = write(tmp_path / "events.ndjson", f'{json.dumps(TRACK)}\n{{"type": "track",, "event": "x"}}\n')
    message = error_of(load_event_arg, str(path))
    assert message.startswith(f"{path}:2:18: invalid JSON")
    assert '{"type": "track",, "event": "x"}' in message
    assert "\n    " + " " * 17 + "^" in message


def test_ndjson_line_that_is_not_an_object(tmp_path):
    path = write(tmp_path / "events.ndjson", f"{json.dumps(TRACK)}\n[1, 2]\n")
    assert error_of(load_event_arg, str(path)) == f"{path}:2: each NDJSON line must be an event object, got an array"


def test_ndjson_line_with_unknown_type(tmp_path):
    path = write(tmp_path / "events.ndjson", f'{json.dumps(TRACK)}\n{{"type": "purchase"}}\n')
    message = error_of(load_event_arg, str(path))
    assert message.startswith(f'{path}:2: unknown event type "purchase"')


def test_invalid_json_names_line_and_column_and_shows_the_line(tmp_path):
    path = write(tmp_path / "bad.json", '{\n  "type": "track",\n  "event": "Signed Up"\n  "userId": "u1"\n}\n')
    message = error_of(load_event_arg, str(path))
    assert message == (
        f"{path}:4:3: invalid JSON: Expecting ',' delimiter\n"
        '      "userId": "u1"\n'
        "      ^"
    )


def test_missing_file_lists_the_bundled_names(tmp_path):
    message = error_of(load_event_arg, str(tmp_path / "nope.json"))
    assert message.startswith(f"{tmp_path / 'nope.json'}: no such file.")
    assert "identify, track, page, screen, group, alias, delete, batch" in message


def test_misspelt_type_name_gets_a_suggestion():
    assert 'Did you mean "track"?' in error_of(load_event_arg, "trak")


def test_directory_is_refused(tmp_path):
    assert error_of(load_event_arg, str(tmp_path)).startswith(f"{tmp_path} is a directory; expected a file holding")


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file_is_refused(tmp_path, text):
    path = write(tmp_path / "empty.json", text)
    assert error_of(load_event_arg, str(path)).startswith(f"{path} is empty; expected a JSON event object")


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"type": "track", "event": "Café"}'.encode("latin-1"))
    assert error_of(load_event_arg, str(path)).startswith(f"{path}: not UTF-8 text")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_file_is_named_as_such(tmp_path, encoding):
    # A new user's probe: an event file written by Windows PowerShell's `>` (UTF-16 with a byte order mark) was refused
    # as "not UTF-8 text (invalid start byte at byte 0)", which did not say what the file is or what to do.
    path = tmp_path / "ps.json"
    path.write_bytes("\ufeff".encode(encoding) + json.dumps(TRACK).encode(encoding))
    assert error_of(load_event_arg, str(path)) == (
        f"{path}: UTF-16 text (it starts with a UTF-16 byte order mark, as Windows PowerShell's `>` writes); "
        "save it as UTF-8")


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(TRACK).encode())
    assert load_event_arg(str(path))[0].payload == TRACK


def test_array_with_a_non_object(tmp_path):
    path = write(tmp_path / "batch.json", json.dumps([TRACK, "identify"]))
    assert error_of(load_event_arg, str(path)) == f"{path}: batch item 2 is a string, not an event object"


def test_array_item_with_unknown_type(tmp_path):
    path = write(tmp_path / "batch.json", json.dumps([TRACK, {"type": "Identify"}]))
    message = error_of(load_event_arg, str(path))
    assert message.startswith(f'{path}: batch item 2: unknown event type "Identify" (did you mean "identify"?)')


def test_empty_array(tmp_path):
    path = write(tmp_path / "batch.json", "[]")
    assert "the batch is empty" in error_of(load_event_arg, str(path))


def test_scalar_json(tmp_path):
    path = write(tmp_path / "number.json", "42")
    assert error_of(load_event_arg, str(path)) == (
        f"{path}: an event must be a JSON object (or an array of objects for a batch), got a number"
    )


def test_missing_type(tmp_path):
    path = write(tmp_path / "untyped.json", '{"event": "x"}')
    assert error_of(load_event_arg, str(path)) == (
        f'{path}: the event has no "type"; valid types: identify, track, page, screen, group, alias, delete'
    )


def test_type_that_is_not_a_string():
    assert error_of(validate_event, {"type": 3}).startswith('"type" must be a string, got a number; valid types:')


def test_unknown_type_lists_the_valid_ones():
    assert error_of(validate_event, {"type": "purchase"}) == (
        'unknown event type "purchase"; valid types: identify, track, page, screen, group, alias, delete'
    )


def test_validate_event_accepts_events_and_batches():
    validate_event(TRACK)
    validate_event([TRACK, IDENTIFY])


def test_nan_is_refused(tmp_path):
    path = write(tmp_path / "nan.json", '{"type": "track", "properties": {"x": NaN}}')
    assert error_of(load_event_arg, str(path)) == f"{path}: invalid JSON: NaN is not a JSON value"


def test_parse_event_text_for_an_editor():
    assert parse_event_text(json.dumps(TRACK, indent=2), "editor") == TRACK
    assert error_of(parse_event_text, '{"type": "track"', "editor").startswith("editor:1:17: invalid JSON")
    assert error_of(parse_event_text, '{"type": "trac"}', "editor").startswith('editor: unknown event type "trac"')
    assert error_of(parse_event_text, " ", "editor").startswith("editor is empty")


def test_long_line_error_shows_a_window_around_the_column():
    text = '{"type": "track", "properties": {"a": "' + "x" * 300 + '" "b": 1}}'
    message = error_of(parse_event_text, text, "editor")
    excerpt, caret = message.splitlines()[1:]
    assert excerpt.startswith("    …") and len(excerpt) < 120
    assert excerpt[len(caret) - 1] == '"' and caret.endswith("^")
