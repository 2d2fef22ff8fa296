"""When segtui's TUI itself fails: the unsaved edits are kept, and the report shows no secret and no frame's values."""

from __future__ import annotations

import inspect
import json

import pytest
from rich.console import Console
from textual.app import App

from segtui.ui.app import SegtuiApp
from segtui.ui.crash_report import MaskedCrashes
from ui.helpers import wait_for_runs

SECRET = "crash-report-secret-7Qx"
SCHEMA = [{"label": "API Key", "sensitive": True}]


def test_textual_still_reports_an_unhandled_exception_through_the_hook_segtui_overrides():
    # The canary of segtui/ui/crash_report.py: Textual's private hook, which shows each frame's locals (the settings).
    assert "self._fatal_error()" in inspect.getsource(App._handle_exception)
    assert SegtuiApp._fatal_error is MaskedCrashes._fatal_error


async def test_a_crash_keeps_the_edits_and_shows_a_masked_traceback_without_values(make_app, workdir) -> None:
    shown = []

    class Crashing(SegtuiApp):
        def panic(self, *renderables) -> None:
            shown.extend(renderables)
            super().panic(*renderables)

        def action_crash(self) -> None:
            settings = {"apiKey": SECRET}  # a frame's local, as the settings are in segtui's own frames
            raise RuntimeError(f"broke on {settings['apiKey']}")

    app = make_app(settings={"apiKey": SECRET}, schema=SCHEMA)
    app.__class__ = Crashing
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for_runs(pilot, 1)
            app.main_screen.code.editor.insert("// not saved yet\n", (0, 0))
            app.main_screen.event_editor.text_area.load_text(json.dumps({"type": "track", "event": "Edited"}))
            await pilot.pause()
            app.call_later(app.action_crash)
            await pilot.pause(0.2)
    console = Console(width=200, record=True)
    for renderable in shown:
        console.print(renderable)
    report = console.export_text()
    assert "segtui crashed: this is a bug in segtui" in report
    assert "RuntimeError: broke on ••••••" in report and SECRET not in report
    assert "settings = " not in report  # Textual's own report lists each frame's locals
    kept = workdir / "handler.unsaved.js"
    assert kept.read_text().startswith("// not saved yet\n") and "handler.unsaved.js" in report
    edited = json.loads((workdir / "events" / "track.unsaved.json").read_text())
    assert edited["event"] == "Edited"


async def test_a_workers_failure_is_shown_masked(make_app) -> None:
    # A leak probe (reading the code): a background task's traceback, shown to be reported, was not masked.
    from segtui.ui.messages import WorkerFailed
    from segtui.ui.screens.dialogs import ErrorDialog

    app = make_app(settings={"apiKey": SECRET}, schema=SCHEMA)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.post_message(WorkerFailed("run", f"Traceback (most recent call last):\nValueError: bad {SECRET}"))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ErrorDialog)
        assert app.screen.details.endswith("ValueError: bad ••••••") and SECRET not in app.screen.details
