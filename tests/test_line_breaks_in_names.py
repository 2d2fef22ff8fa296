"""A line break in a name the user gives or segtui finds (a path, an event's name) shows escaped, so that one name is
one line and cannot fake a summary or an error line of segtui's own; messages segtui writes on several lines keep them."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui

HANDLER = "async function onTrack(event) { return event; }\n"
FAKE = "segtui: error: fake"
BREAKS = ["\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\r\n"]


def _lines(text: str) -> list[str]:
    """The lines a terminal, a log viewer or a reader of Unicode text sees."""
    return text.splitlines()


def test_a_written_file_s_name_stays_on_the_summary_s_line(tmp_path):
    (tmp_path / "ins.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "ev.ndjson").write_text(json.dumps({"type": "track", "event": "x"}) + "\n", encoding="utf-8")
    done = segtui("replay", "ins.js", "ev.ndjson", "--kind", "insert", "--out", f"new\n{FAKE}.ndjson", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"new\n{FAKE}.ndjson").is_file()
    assert "Wrote 1 event to new\\nsegtui: error: fake.ndjson" in _lines(done.stdout)
    assert not any(line.startswith(FAKE) for line in _lines(done.stdout + done.stderr))


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("where", ["handler", "event", "out"])
def test_an_error_naming_a_path_is_one_line_whatever_line_break_it_holds(tmp_path, brk, where):
    (tmp_path / "ins.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "ev.ndjson").write_text(json.dumps({"type": "track"}) + "\n", encoding="utf-8")
    name = f"no{brk}{FAKE}"
    if where == "out":  # a file where --out wants a folder
        (tmp_path / name).write_text("", encoding="utf-8")
    command = {"handler": ["run", name, "--event", "track"], "event": ["run", "ins.js", "--event", name],
               "out": ["replay", "ins.js", "ev.ndjson", "--kind", "insert", "--out", f"{name}/x.ndjson"]}[where]
    done = segtui(*command, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(_lines(done.stderr)) == 1, done.stderr
    assert "no\\" in done.stderr and "Traceback" not in done.stderr


def test_a_folder_s_functions_are_one_row_each(tmp_path):
    folder = tmp_path / "fns"
    folder.mkdir()
    (folder / f"a\n{FAKE}.js").write_text(HANDLER, encoding="utf-8")
    (folder / "b.js").write_text(HANDLER, encoding="utf-8")
    done = segtui("run", "fns", "--event", "track", cwd=tmp_path)
    assert done.returncode == 2
    assert len(_lines(done.stderr)) == 3, done.stderr
    assert not any(line.startswith(FAKE) for line in _lines(done.stderr))


def test_a_multi_line_error_keeps_its_lines_with_the_path_escaped(tmp_path):
    (tmp_path / "ins.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / f"bad\n{FAKE}.json").write_text('{\n  "type" "track"\n}', encoding="utf-8")
    done = segtui("run", "ins.js", "--event", f"bad\n{FAKE}.json", cwd=tmp_path)
    assert done.returncode == 2
    lines = _lines(done.stderr)
    assert lines[0].startswith("segtui: error: bad\\nsegtui: error: fake.json:2:10: invalid JSON"), done.stderr
    assert lines[1:] == ['      "type" "track"', "             ^"]


def test_a_suite_s_event_named_with_a_line_break_is_one_row(tmp_path):
    (tmp_path / "ins.js").write_text(HANDLER, encoding="utf-8")
    events = tmp_path / "events"
    events.mkdir()
    (events / f"t\n{FAKE}.json").write_text(json.dumps({"type": "track"}), encoding="utf-8")
    done = segtui("test", "ins.js", "--events", "events", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert not any(line.startswith(FAKE) for line in _lines(done.stdout + done.stderr)), done.stdout
    assert any("t\\nsegtui: error: fake" in line for line in _lines(done.stdout)), done.stdout


def test_a_path_made_from_the_handler_s_name_stays_on_its_line(tmp_path):
    (tmp_path / f"x\n{FAKE}.js").write_text(HANDLER, encoding="utf-8")
    done = segtui("test", f"x\n{FAKE}.js", "track", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "--update writes goldens to x\\nsegtui: error: fake.goldens" in done.stdout
    assert not any(line.startswith(FAKE) for line in _lines(done.stdout + done.stderr))


def test_a_setting_s_value_leaves_the_handler_s_own_line_breaks_while_a_path_s_is_escaped(tmp_path):
    (tmp_path / f"h\n{FAKE}.js").write_text(
        "async function onTrack(event, settings) {\n"
        "  console.log('got data\\nmore lines');\n"
        "  throw new ValidationError('bad data\\n/b more');\n"
        "}\n", encoding="utf-8")
    done = segtui("run", f"h\n{FAKE}.js", "--event", "track", "--setting", "x=a\n/b", "--setting", "y=more lines",
                  "--har", f"out\n{FAKE}.har", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = _lines(done.stdout)
    assert "got data" in " ".join(lines) and any(line.strip().startswith("more lines") for line in lines), done.stdout
    assert any(line.strip().startswith("/b more") for line in lines), done.stdout
    assert "got data\\n" not in done.stdout and "bad data\\n" not in done.stdout
    assert not any(line.startswith(FAKE) for line in _lines(done.stdout + done.stderr)), done.stdout
    assert "out\\nsegtui: error: fake.har" in done.stdout + done.stderr, done.stdout
