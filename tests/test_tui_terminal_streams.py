"""The debugger on terminals that differ from the developer's: an exported COLUMNS and LINES, standard error redirected,
TERM=dumb."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from support.terminal_screen import tui_in_terminal

HANDLER = "// the handler's first line\nasync function onTrack(event) { return event.event; }\n"


def test_the_screen_takes_the_terminals_size_not_an_exported_columns_and_lines(tmp_path: Path) -> None:
    # A probe: with COLUMNS=150 LINES=50 exported (a shell profile, a script, an IDE's terminal) on a 70x20 terminal,
    # Textual took them for the terminal's size and drew rows 21-50 and columns 71-150 past its edges.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    with tui_in_terminal("handler.js", cwd=tmp_path, env={"COLUMNS": "150", "LINES": "50"}, size=(70, 20)) as (cli, shown):
        shown.wait_for("handler's first line")
        shown.wait_for("Quit")  # the footer, on the last row
        places = [(int(row), int(column)) for row, column in re.findall(r"\x1b\[(\d+);(\d+)H", shown.text)]
        assert places and max(row for row, _ in places) == 20 and max(column for _, column in places) <= 70, places
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)
    assert cli.returncode == 0


@pytest.mark.parametrize("closed", [False, True], ids=["redirected", "closed"])
def test_the_debugger_with_standard_error_not_a_terminal_is_refused_clearly(tmp_path: Path, closed: bool) -> None:
    # A probe: `segtui handler.js 2>log` drew the whole screen into the log (Textual writes to standard error) and
    # left the terminal blank, reading keys for a screen nobody saw.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    with (tmp_path / "log").open("wb") as log, \
         tui_in_terminal("handler.js", cwd=tmp_path, stderr=log.fileno(),
                         preexec_fn=(lambda: os.close(2)) if closed else None) as (cli, shown):
        try:
            cli.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the debugger kept running with its screen not on the terminal")
        shown.wait_for_end()
    written = (tmp_path / "log").read_text(encoding="utf-8", errors="replace")
    assert cli.returncode == 2, written[-2000:]
    assert "\x1b[" not in written and "handler's first line" not in shown.text + written
    assert "draws the interactive debugger on standard error, which is not a terminal" in shown.text, shown.text
    if not closed:
        assert "draws the interactive debugger on standard error, which is not a terminal" in written, written
        assert "Traceback" not in written


def test_the_debugger_on_a_dumb_terminal_is_refused_clearly(tmp_path: Path) -> None:
    # A probe: under TERM=dumb (Emacs' M-x shell) the screen was drawn as a stream of escape sequences.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    with tui_in_terminal("handler.js", cwd=tmp_path, env={"TERM": "dumb"}) as (cli, shown):
        try:
            cli.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the debugger started on a dumb terminal")
        shown.wait_for_end()
    assert cli.returncode == 2, shown.text[-2000:]
    assert "this terminal (TERM=dumb) cannot show" in shown.text and "handler's first line" not in shown.text
