"""Textual's own log file and devtools console get every message of the app as Python shows it: a run's settings,
result, logs and requests unmasked. The TUI turns them off unless --reveal-secrets, and says so."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.terminal_screen import tui_in_terminal

SECRET = "Zq8vK2mP9xL4wR7t"
HANDLER = "async function onTrack(event, settings) {\n  console.log('using', settings.apiKey);\n  return 'done';\n}\n"


@pytest.mark.parametrize("reveal", [False, True], ids=["masked", "revealed"])
def test_textuals_log_file_gets_no_secret_unless_revealed(tmp_path: Path, reveal: bool) -> None:
    # A probe: with TEXTUAL_LOG set, the log held `RunFinished(record=RunRecord(... settings ...))` with the key in it.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "API Key", "sensitive": True}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET}))
    log = tmp_path / "textual.log"
    arguments = ["handler.js", *(["--reveal-secrets"] if reveal else [])]
    with tui_in_terminal(*arguments, cwd=tmp_path, env={"TEXTUAL_LOG": str(log), "TEXTUAL": "devtools"}) as (cli, shown):
        shown.wait_for("using " + (SECRET if reveal else "••••••"))
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)
    assert cli.returncode == 0
    logged = log.read_text(encoding="utf-8") if log.exists() else ""
    if reveal:
        assert SECRET in logged, "Textual's log is written as asked"
    else:
        assert SECRET not in logged and SECRET not in shown.text
        assert "Textual's log (TEXTUAL_LOG) and devtools are off" in shown.text
