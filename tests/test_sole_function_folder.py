"""A folder holding one function opens it, in every command and the TUI: there is nothing to choose."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.cli import segtui
from support.terminal_screen import tui_in_terminal

HANDLER = "// the only handler here\nasync function onTrack(event) { return 'ran ' + event.event; }\n"


def test_run_and_test_take_a_folder_holding_one_handler(tmp_path: Path) -> None:
    # A new user's trial: `segtui run examples/webhook --event track` said "examples/webhook is a folder of 1
    # function(s); give one of them", and the TUI showed a picker of one row.
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "handler.js").write_text(HANDLER)
    done = segtui("run", "fn", "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"handler": "fn/handler.js"' in done.stdout and '"return": "ran Order Completed"' in done.stdout
    assert segtui("test", "fn", "track", cwd=tmp_path).returncode == 0
    (tmp_path / "fn" / "other.js").write_text(HANDLER)
    two = segtui("run", "fn", "--event", "track", cwd=tmp_path)
    assert two.returncode == 2 and "fn is a folder of 2 functions; give one of them:" in two.stderr


def test_copies_of_unsaved_code_segtui_kept_beside_a_handler_are_not_functions_of_their_own(tmp_path: Path) -> None:
    # A new user's trial: after the terminal closed on an unsaved edit, handler.unsaved.js (segtui's copy) made the
    # folder one of 2 functions, and `segtui run fn` asked which to give. A copy whose handler is gone is still listed.
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "handler.js").write_text(HANDLER)
    (tmp_path / "fn" / "handler.unsaved.js").write_text(HANDLER)
    (tmp_path / "fn" / "handler.unsaved-2.js").write_text(HANDLER)
    (tmp_path / "fn" / "dfn_1.unsaved.js").write_text(HANDLER)  # a .tf function's copy, its dfn_1.tf not there
    done = segtui("run", "fn", "--event", "track", cwd=tmp_path)
    assert done.returncode == 2 and "fn is a folder of 2 functions; give one of them:" in done.stderr
    assert "fn/dfn_1.unsaved.js" in done.stderr and "fn/handler.unsaved" not in done.stderr
    (tmp_path / "fn" / "dfn_1.unsaved.js").unlink()
    one = segtui("run", "fn", "--event", "track", "--json", cwd=tmp_path)
    assert one.returncode == 0 and '"handler": "fn/handler.js"' in one.stdout, one.stderr
    (tmp_path / "fn" / "handler.js").unlink()
    gone = segtui("run", "fn", "--event", "track", cwd=tmp_path)
    assert gone.returncode == 2 and "fn/handler.unsaved-2.js" in gone.stderr and "fn/handler.unsaved.js" in gone.stderr


def test_the_tui_opens_a_folders_only_handler_without_a_picker(tmp_path: Path) -> None:
    (tmp_path / "handler.js").write_text(HANDLER)
    with tui_in_terminal(".", cwd=tmp_path) as (cli, shown):
        shown.wait_for("the only handler here")
        assert "Functions in" not in shown.text, shown.text[-2000:]
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)
    assert cli.returncode == 0


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"}],
                         ids=["ascii-locale", "ascii-streams"])
def test_the_tui_draws_in_utf8_whatever_the_locale(tmp_path: Path, env: dict[str, str]) -> None:
    # A probe: with an ASCII locale every border and mark came out as a `\u256d` escape, and the handler's non-ASCII
    # text too.
    (tmp_path / "handler.js").write_text("// Grüße\n" + HANDLER, encoding="utf-8")
    (tmp_path / "x\udcff.json").write_text('{"type": "track"}', encoding="utf-8")  # a name that is not UTF-8, listed
    with tui_in_terminal("handler.js", cwd=tmp_path, env=env) as (cli, shown):
        shown.wait_for("onTrack")  # the handler's third line, drawn in the same frame as its first
        assert "Grüße" in shown.text and "╭" in shown.text and "\\u25" not in shown.text, shown.text[-2000:]
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)
    assert cli.returncode == 0
