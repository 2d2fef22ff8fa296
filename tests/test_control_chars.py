"""What a user gives (a handler's line, an event file, an event type) is quoted in errors with its control
characters escaped, so that none acts on the terminal: a title set, the screen wiped, the text reordered."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui

from segtui.control_chars import json_visible, visible
from segtui.errors import quoted_line

RAW = "\x1b]0;TITLE\x07\x1b[2J\x1b[?1049h\u202e"
"""An OSC setting the terminal's title, a screen wipe, the alternate screen, and a right-to-left override."""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "ok.js").write_text("async function onTrack(event) { return 1; }")
    (tmp_path / "syntax.js").write_text(f"async function onTrack(event) {{ return 1; }}\n\"{RAW}\n")
    (tmp_path / "bad.json").write_text(f'{{"type": "track",\n "event": "{RAW}" x}}')
    (tmp_path / "type.json").write_text('{"type": "\\u001b[2Jtrack\\u202e"}')
    return tmp_path


@pytest.mark.parametrize("command", [
    ["run", "syntax.js", "--event", "track"],
    ["test", "syntax.js", "track"],
    ["run", "ok.js", "--event", "bad.json"],
    ["run", "ok.js", "--event", "track", "--mock", "bad.json"],
    ["run", "ok.js", "--event", "type.json"],
    ["replay", "ok.js", "type.json"],
    ["run", "ok.js", "--event", f"{RAW}track"],
], ids=["run-syntax", "test-syntax", "event-json", "mock-json", "event-type", "replay-type", "event-argument"])
def test_an_error_quoting_what_the_user_gave_escapes_its_control_characters(folder, command):
    done = segtui(*command, "--offline", cwd=folder)
    assert done.returncode == 2, done.stderr
    assert not {"\x1b", "\x07", "\u202e"} & set(done.stderr), done.stderr
    assert "\\x1b[2J" in done.stderr and "\\u202e" in done.stderr


def test_the_caret_under_a_quoted_line_stays_under_its_character_past_escaped_ones():
    quoted, caret = quoted_line('"event": "\x1b]0;T\x07" x}', 19).split("\n")
    assert quoted == '    "event": "\\x1b]0;T\\x07" x}'
    assert quoted[caret.index("^")] == "x"


ACTING = "\x7f\x9b31m\x9d0;TITLE\x9c\u202e\u2066"
"""What JSON leaves raw but a terminal acts on: DEL, a C1 CSI and OSC (xterm reads them in UTF-8 too), and bidi."""
CONTROLS = set("\x7f\x9b\x9d\x9c\u202e\u2066")


@pytest.mark.parametrize("command", [
    ["run", "shows.js", "--event", "track", "--json"],
    ["replay", "shows.js", "one.ndjson", "--json"],
    ["test", "shows.js", "track", "--json"],
    ["replay", "emits.js", "request.json", "--out", "-"],
], ids=["run", "replay", "test", "replay-out"])
@pytest.mark.parametrize("acting", [ACTING, "DEL\x7f alone in ASCII"], ids=["mixed", "ascii"])
def test_json_on_standard_output_escapes_what_would_act_on_a_terminal_and_reads_back_the_same(tmp_path, command, acting):
    # A probe: the handler's return, logs, error and emitted messages went to a UTF-8 standard output raw in JSON.
    (tmp_path / "shows.js").write_text(
        f"async function onTrack(event) {{ console.log({acting!r}); return {{ [{acting!r}]: {acting!r} }}; }}\n")
    (tmp_path / "emits.js").write_text(
        f"async function onRequest(request) {{ Segment.track({{ event: {acting!r}, userId: 'u' }}); }}\n")
    (tmp_path / "one.ndjson").write_text('{"type": "track"}\n')
    (tmp_path / "request.json").write_text('{"method": "POST", "url": "https://example.com/hook", "body": "{}"}')
    done = segtui(*command, "--offline", cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    assert not CONTROLS & set(done.stdout), ascii(done.stdout)
    shown = done.stdout if command[0] == "test" else done.stdout.splitlines()[0]  # test's report is indented
    assert acting in json.dumps(json.loads(shown), ensure_ascii=False)


def test_json_visible_escapes_the_same_characters_in_text_that_is_not_all_ascii_as_a_terminal_view_does():
    # json_visible skips its per-character escape for printable text: every character a terminal view escapes must
    # be one that makes the text unprintable, or it would go through raw beside a mask's dots.
    for code in range(0x10000):
        char = chr(code)
        if char in "\t\n":
            continue
        escaped = json_visible("•" + char) != "•" + char
        assert escaped == (visible(char) != char), hex(code)


def test_a_run_of_control_characters_is_found_as_visible_finds_each():
    # CONTROL_RUNS is written as ranges (one escape per character took ~10 ms to compile at every start): each code
    # point is in it exactly when `visible` escapes it.
    from segtui.control_chars import CONTROL_RUNS

    differ = [code for code in range(0x110000)
              if bool(CONTROL_RUNS.fullmatch(chr(code))) != (visible(chr(code)) != chr(code) and chr(code) != "\n")]
    assert differ == []
    assert CONTROL_RUNS.split("a\x1b[2J\x00\ud800b\u202ec") == ["a", "\x1b", "[2J", "\x00\ud800", "b", "\u202e", "c"]
