"""Pilot tests of the later flows: the suite, history, settings, bounds on output, layout, help and the template."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from segtui.ui.screens.help import HelpScreen
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.widgets.log_view import LogView
from segtui.ui.widgets.result_panes import CallbackReturn, RawLogOutput
from segtui.ui.widgets.status_line import StatusLine
from ui.engines import ScriptedEngine, on_engine
from ui.helpers import (
    SIMPLE_HANDLER,
    error_text,
    log_messages,
    outcome,
    returned,
    settle,
    showing,
    wait_for_runs,
    wait_until,
    watching,
)

SIZE = (140, 40)


async def test_the_suite_runs_every_event_and_a_row_shows_its_run(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        await wait_until(pilot, lambda: app.main_screen.query_one("#bottom-tabs").active == "requests-tab",
                         what="F4 to show the requests")
        await pilot.press("ctrl+t")
        total = len([event for event in app.main_screen.picker.events if event.source.ok])
        await wait_for_runs(pilot, 1 + total, timeout=60)
        table = app.main_screen.query_one("SuiteTable")
        assert table.row_count == total
        assert app.main_screen.query_one("#bottom-tabs").active == "suite-tab"
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.query_one("#bottom-tabs").active == "output-tab",
                         what="the row's run to be shown")
        first = app.main_screen.shown
        assert first.trigger == "suite" and first.event_name == str(table.get_row_at(0)[1])
        assert app.main_screen.query_one("#bottom-tabs").active == "output-tab"


async def test_history_and_diff_with_the_previous_run_of_the_same_event(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("ok: true", "ok: false"))
        await wait_for_runs(pilot, 2)
        await pilot.press("f8")
        await wait_until(pilot, lambda: "compared with run #1" in str(app.main_screen.query_one("#diff-text").render()),
                         what="the diff")
        diff = str(app.main_screen.query_one("#diff-text").render())
        assert '-   "ok": true,' in diff and '+   "ok": false,' in diff
        assert "Raw Log Output  unchanged" in diff
        await pilot.press("f9")
        history = app.main_screen.query_one("HistoryTable")
        await wait_until(pilot, lambda: history.row_count == 2 and history.has_focus, what="both runs in the history")
        history.move_cursor(row=1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.shown.number == 1, what="run #1 to be shown")
        assert json.loads(returned(app))["ok"] is True
        status = app.main_screen.query_one("#status", StatusLine)
        assert str(status.render()).startswith("run #1, from History · ✔ Success"), "a past run said it was one"
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 3)
        assert "from History" not in str(status.render())


SETTINGS_SCHEMA = [
    {"label": "API Key", "required": True, "sensitive": True},
    {"label": "Region", "type": "string"},
]

USES_SETTINGS = """\
async function onTrack(event, settings) {
  console.log("key is", settings.apiKey);
  return { region: settings.region || null, hasKey: !!settings.apiKey };
}
"""


async def test_a_missing_required_setting_refuses_the_run_and_the_settings_screen_fixes_it(make_app, workdir: Path) -> None:
    app = make_app(USES_SETTINGS, schema=SETTINGS_SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert "Not run" in outcome(app)
        assert "Missing required setting: apiKey" in error_text(app)
        # A new user's trial: the TUI's advice was the command line's ("Set it with --setting apiKey=...").
        assert error_text(app).endswith("\nPress ctrl+o to open the settings.") and "--setting" not in error_text(app)
        await watching(pilot)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: showing(app, SettingsScreen, "#setting-1"), what="the settings screen")
        key_input = app.screen.query_one("#setting-0", Input)
        assert key_input.password
        key_input.value = "s3cret-key"
        app.screen.query_one("#setting-1", Input).value = "eu"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        saved = workdir / "segtui.settings.json"
        assert json.loads(saved.read_text()) == {"apiKey": "s3cret-key", "region": "eu"}
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert json.loads(returned(app)) == {"region": "eu", "hasKey": True}
        assert log_messages(app) == ["key is ••••••"]
        await settle(pilot, workdir)
        assert len(app.main_screen.history) == 2


async def test_a_settings_file_saved_on_disk_reruns(make_app, workdir: Path) -> None:
    app = make_app(USES_SETTINGS, schema=SETTINGS_SCHEMA, settings={"apiKey": "k1"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert json.loads(returned(app))["region"] is None
        await watching(pilot)
        (workdir / "segtui.settings.json").write_text(json.dumps({"apiKey": "k1", "region": "us"}))
        await wait_for_runs(pilot, 2)
        assert json.loads(returned(app))["region"] == "us"


CHATTY = """\
async function onTrack(event, settings) {
  for (let i = 0; i < 100000; i++) console.log("line", i);
  return "done";
}
"""


async def test_100000_log_lines_are_bounded_with_a_note(make_app) -> None:
    app = make_app(CHATTY, timeout=30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1, timeout=60)
        assert "✔ Success" in outcome(app)
        lines = log_messages(app)
        assert lines[0] == "line 0" and len(lines) < 100_000
        note = str(app.main_screen.query_one("#log-note", Static).render())
        assert note == "90,000 more log lines not kept (a run keeps 10,000 lines and 2,000,000 characters)"
        view = app.main_screen.query_one(LogView)
        view.scroll_end(animate=False)
        await pilot.pause()


BIG_RETURN = """\
async function onTrack(event, settings) {
  return Array.from({ length: 300000 }, (_, i) => ({ i, name: "item " + i }));
}
"""


async def test_a_huge_return_value_is_bounded_with_a_note(make_app) -> None:
    app = make_app(BIG_RETURN, timeout=30)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1, timeout=60)
        assert "✔ Success" in outcome(app)
        assert len(returned(app)) <= 200_000
        note = str(app.main_screen.query_one("#return-note", Static).render())
        assert "the rest is not shown" in note


async def test_narrow_terminals_stack_the_panes(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        callback, logs = app.main_screen.query_one(CallbackReturn), app.main_screen.query_one(RawLogOutput)
        # Until the narrow breakpoint applies the panes are side by side (or not laid out): wait for the final layout.
        await wait_until(pilot, lambda: logs.region.y > callback.region.y and logs.region.x == callback.region.x,
                         what="the panes to stack")


async def test_f1_shows_help_for_the_focused_pane(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        assert "Handler editor" in app.screen.focused_help
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), what="the help screen to close")


async def test_every_main_action_is_in_the_command_palette(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        titles = {command.title for command in app.get_system_commands(app.main_screen)}
        for title in ("Run the selected event", "Save the handler", "Pick an event", "Run the whole suite",
                      "Show requests", "Settings", "Diff with the previous run", "History", "Help", "Quit",
                      "Copy request as curl", "Export run as HAR", "Save event as new file"):
            assert title in titles
        keys = [binding.key for binding in (*app.BINDINGS, *app.main_screen.BINDINGS)]
        assert keys and not any("ctrl+enter" in key for key in keys)


def test_a_missing_handler_is_created_from_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segtui.commands import tui

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    path = tmp_path / "new" / "handler.js"
    assert tui.offer_template(path)
    text = path.read_text()
    for name in ("onTrack", "onIdentify", "onPage", "onScreen", "onGroup", "onAlias", "onDelete"):
        assert f"async function {name}(" in text


def test_a_missing_handler_without_a_terminal_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segtui.cli import main

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main([str(tmp_path / "missing.js")]) == 2


async def test_a_long_setting_description_wraps_on_a_narrow_terminal(make_app) -> None:
    description = "Your webhook API key, found under Settings → API keys. Sent as the Basic auth username."
    app = on_engine(make_app(SIMPLE_HANDLER, schema=[{"label": "API Key", "description": description}]), ScriptedEngine())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: showing(app, SettingsScreen, ".setting-description"), what="the settings dialog")
        shown = app.screen.query_one(".setting-description")
        # Before the dialog is laid out the description has no size: wait for the layout that wraps it.
        await wait_until(pilot, lambda: shown.size.height == 2 and shown.size.width < len(description),
                         what="the description to wrap on two lines")
