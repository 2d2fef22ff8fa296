"""Invalid JSON in a user's file says which slip from JavaScript's object syntax caused it, where one did."""

import pytest
from support.cli import segtui

HANDLER = "async function onTrack(event) { return event.event }\n"


@pytest.mark.parametrize("text, message", [
    ('{"type": "track", "event": "x",\n}', ("e.json:2:1: invalid JSON: Expecting property name enclosed in double "
                                          "quotes (a comma before '}': JSON allows no trailing comma)")),
    ('{"type": "track", "tags": [1, 2, ]}', ("e.json:1:34: invalid JSON: Expecting value (a comma before ']': JSON "
                                           "allows no trailing comma)")),
    ("{'type': 'track'}", ("e.json:1:2: invalid JSON: Expecting property name enclosed in double quotes (JSON takes "
                          "double quotes around strings and names)")),
    ('{"type": "track" // the type\n}', "e.json:1:18: invalid JSON: Expecting ',' delimiter (JSON has no comments)"),
    ('{"type": "track"},', ("e.json:1:18: invalid JSON: Extra data (a comma after a whole value: a JSON file holds "
                           "one value, an NDJSON file one per line with no commas)")),
    ('{"type": "track", "event": }', "e.json:1:28: invalid JSON: Expecting value\n"),
    ('{"type": "track", "tags": [1,}', "e.json:1:30: invalid JSON: Expecting value\n"),
    # Python's reader ends these with "at" for the position it appends: the message read "Invalid control character at".
    ('{"type": "track", "event": "Sig\n}', ("e.json:1:32: invalid JSON: Invalid control character (a line break inside "
                                          "a string: its closing quote is missing, or JSON strings write it as \\n)\n")),
    ('{"type": "track", "event": "a\tb"}', ("e.json:1:30: invalid JSON: Invalid control character (a tab inside a "
                                           "string: JSON strings write it as \\t)\n")),
    ('{"type": "track", "event": "ab}', "e.json:1:28: invalid JSON: Unterminated string starting here\n"),
], ids=["trailing-comma-object", "trailing-comma-array", "single-quotes", "comment", "comma-after", "no-hint",
        "unclosed-not-trailing", "line-break-in-string", "tab-in-string", "unterminated-string"])
def test_an_event_file_with_a_javascript_slip_says_which(tmp_path, text, message):
    (tmp_path / "h.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "e.json").write_text(text, encoding="utf-8")
    done = segtui("run", "h.js", "--event", "e.json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"segtui: error: {message}" in done.stderr


def test_settings_and_replayed_lines_say_it_too(tmp_path):
    (tmp_path / "h.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "s.json").write_text('{"apiKey": "abc",}', encoding="utf-8")
    (tmp_path / "e.ndjson").write_text('{"type": "track"},\n{"type": "track"}\n', encoding="utf-8")
    settings = segtui("run", "h.js", "--event", "track", "--settings", "s.json", cwd=tmp_path)
    assert "s.json:1:18: invalid JSON: Expecting property name enclosed in double quotes (a comma before '}'" in settings.stderr
    replayed = segtui("replay", "h.js", "e.ndjson", cwd=tmp_path)
    assert "e.ndjson:1:18: invalid JSON: Extra data (a comma after a whole value" in replayed.stderr
    assert settings.returncode == replayed.returncode == 2


@pytest.mark.parametrize("closer, hinted", [("]", True), ("}", False)])
def test_telling_a_trailing_comma_in_megabytes_reads_them_no_second_time(closer, hinted):
    import json
    import tracemalloc

    from segtui.errors import json_syntax_error

    text = '{"type": "track", "items": [' + '{"k": [1, 2, 3]}, ' * 200_000 + closer + "}"
    try:
        json.loads(text)
    except json.JSONDecodeError as found:
        error = found
    tracemalloc.start()
    try:
        message = str(json_syntax_error("e.json", text, error))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A second reading copied the text (~3.6 MB) and built its objects; the message tells the bracket's container.
    assert peak < 200_000 and ("JSON allows no trailing comma" in message) == hinted


@pytest.mark.parametrize("text", ['{"type": "track", "event": "x",\n}', '{"type": "track", "tags": [1, 2, \t]}'])
def test_a_trailing_comma_is_said_alike_whichever_python_reads_it(text):
    # Python 3.13's reader says "Illegal trailing comma before end of object" at the comma; 3.11 and 3.12 "Expecting
    # property name …" at the brace. segtui says it one way, with its hint, on any of them.
    import json

    from segtui.errors import json_syntax_error

    try:
        json.loads(text)
    except json.JSONDecodeError as found:
        this_python = str(json_syntax_error("e.json", text, found))
    comma = text.rindex(",")
    container = "array" if text.rstrip().endswith("]}") else "object"
    python_313 = json.JSONDecodeError(f"Illegal trailing comma before end of {container}", text, comma)
    assert str(json_syntax_error("e.json", text, python_313)) == this_python
    assert "JSON allows no trailing comma" in this_python
