"""Pilot tests of each flow: run, hot reload, conflicts, quitting, busy loops, errors, events."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from textual.widgets import Input, Static

from segtui.ui.screens.dialogs import ConflictDialog, PathDialog, QuitDialog
from segtui.ui.widgets.result_panes import CallbackReturn, RawLogOutput
from ui.engines import GatedEngine, ScriptedEngine, on_engine
from ui.helpers import (
    SIMPLE_HANDLER,
    error_text,
    log_messages,
    outcome,
    rename_style_save,
    returned,
    settle,
    showing,
    wait_for_runs,
    wait_until,
    watching,
)

SIZE = (140, 40)


async def test_start_runs_the_selected_event_and_shows_both_panes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert "✔ Success" in outcome(app)
        assert json.loads(returned(app)) == {"ok": True, "event": "Order Completed"}
        assert log_messages(app) == ["tracking Order Completed"]
        screen = app.main_screen
        assert screen.query_one(CallbackReturn).border_title == "Callback Return"
        assert screen.query_one(RawLogOutput).border_title == "Raw Log Output"
        assert screen.query_one(CallbackReturn).has_class("-success")
        assert screen.history.runs[0].trigger == "start"


async def test_ctrl_r_runs_again(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.history.runs[-1].trigger == "manual"


async def test_a_save_on_disk_reloads_and_runs_once(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        new = SIMPLE_HANDLER.replace("ok: true", "ok: 'saved'")
        (workdir / "handler.js").write_text(new)
        await wait_for_runs(pilot, 2)
        assert json.loads(returned(app))["ok"] == "saved"
        assert app.main_screen.code.text == new
        assert not app.main_screen.code.dirty
        await settle(pilot, workdir)
        assert len(app.main_screen.history) == 2
        assert app.main_screen.history.runs[-1].trigger == "save"


async def test_a_rename_style_save_is_one_run(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        rename_style_save(workdir / "handler.js", SIMPLE_HANDLER.replace("ok: true", "ok: 'renamed'"))
        await wait_for_runs(pilot, 2)
        assert json.loads(returned(app))["ok"] == "renamed"
        await settle(pilot, workdir)
        assert len(app.main_screen.history) == 2


async def test_ctrl_s_saves_atomically_and_runs_once(make_app, workdir: Path) -> None:
    app = make_app()
    path = workdir / "handler.js"
    os.chmod(path, 0o640)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        editor = app.main_screen.code.editor
        editor.replace("'edited'", (1, 19), (1, 19))
        editor.replace("", (1, 18), (1, 19))
        await pilot.pause()
        assert app.main_screen.code.dirty
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert path.read_text() == editor.text
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert not app.main_screen.code.dirty
        assert not [p for p in workdir.iterdir() if p.name.endswith(".tmp")]
        await settle(pilot, workdir)
        assert len(app.main_screen.history) == 2
        assert app.main_screen.history.runs[-1].trigger == "save"
        assert app.main_screen.history.runs[-1].reload_ms is not None


async def test_a_change_on_disk_under_unsaved_edits_asks_and_can_keep_mine(make_app, workdir: Path) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        editor = app.main_screen.code.editor
        editor.insert("// my unsaved edit\n", (0, 0))
        mine = editor.text
        (workdir / "handler.js").write_text(SIMPLE_HANDLER + "// from another editor\n")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.press("m")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConflictDialog), what="the dialog to close")
        await pilot.pause()
        assert app.main_screen.code.text == mine
        assert app.main_screen.code.dirty
        assert len(app.main_screen.history) == 1
        assert (workdir / "handler.js").read_text().endswith("// from another editor\n")


async def test_a_change_on_disk_under_unsaved_edits_can_take_the_disk_version(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        app.main_screen.code.editor.insert("// my unsaved edit\n", (0, 0))
        disk = SIMPLE_HANDLER.replace("ok: true", "ok: 'disk'")
        (workdir / "handler.js").write_text(disk)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.press("d")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.code.text == disk
        assert not app.main_screen.code.dirty
        assert json.loads(returned(app))["ok"] == "disk"


async def test_quitting_with_unsaved_edits_asks_first(make_app, workdir: Path) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// unsaved\n", (0, 0))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, QuitDialog), what="the quit dialog to close")
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert (workdir / "handler.js").read_text().startswith("// unsaved\n")


async def test_quitting_without_edits_does_not_ask(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")


BUSY = """\
async function onTrack(event, settings) {
  console.log("spinning");
  while (true) {}
}
"""


async def test_a_busy_loop_times_out_and_the_ui_stays_responsive(make_app) -> None:
    engine = GatedEngine()
    app = on_engine(make_app(BUSY, timeout=3.0), engine)
    async with app.run_test(size=SIZE) as pilot:
        # The run waits at the gate until the test has looked: it is in progress however slowly the UI answers.
        await wait_until(pilot, lambda: app.main_screen.running, what="the run to start")
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.main_screen.query_one("#top").current == "event-editor",
                         what="F3 to show the event editor")
        await pilot.press("f3")
        await wait_until(pilot, lambda: "Running" in outcome(app), what="the panes to say the run is going")
        assert app.main_screen.running
        engine.gate.set()
        await wait_for_runs(pilot, 1)
        assert "✖ Timeout  track → onTrack" in outcome(app)
        assert "Task timed out after 3.00 seconds" in error_text(app)
        assert app.main_screen.query_one(CallbackReturn).has_class("-timeout")


async def test_a_save_during_a_busy_loop_stops_it_and_runs_the_new_version(make_app, workdir: Path) -> None:
    app = make_app(BUSY, timeout=120.0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.running, what="the busy run to start")
        await watching(pilot)
        (workdir / "handler.js").write_text("async function onTrack() { return 'fixed' }\n")
        await wait_until(pilot, lambda: "✔ Success" in outcome(app), what="the new version's result, long before the 120 s limit")
        assert '"fixed"' in returned(app)


SYNTAX_ERROR = """\
async function onTrack(event, settings) {
  const x = {
  return x
}
"""


async def test_a_syntax_error_marks_the_line_and_ctrl_g_jumps_there(make_app) -> None:
    app = make_app(SYNTAX_ERROR)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert "Could not load the handler" in outcome(app)
        assert "SyntaxError" in error_text(app)
        code = app.main_screen.code
        assert code.error is not None
        line = code.error[0]
        assert code.editor.error_line == line - 1
        assert code.has_class("-error")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: code.editor.cursor_location[0] == line - 1, what="the cursor on the failing line")


THROWS = """\
async function onTrack(event, settings) {
  const user = undefined;
  return user.name;
}
"""


async def test_a_runtime_error_shows_name_message_and_handler_lines(make_app) -> None:
    app = make_app(THROWS)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert "✖ Bad Request" in outcome(app)
        text = error_text(app)
        assert text.startswith("TypeError: ")
        assert "at onTrack (handler.js:3:" in text
        assert "3 │ return user.name;" in text
        assert app.main_screen.code.editor.error_line == 2


async def test_the_event_json_is_validated_live_and_can_be_saved_as_new(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f3")
        editor = app.main_screen.event_editor
        area = editor.text_area
        await wait_until(pilot, lambda: area.has_focus, what="F3 to focus the event JSON")
        area.load_text('{\n  "type": "track",\n  "event": "Edited"\n  "x": 1\n}\n')
        await wait_until(pilot, lambda: editor.error is not None, what="the event JSON to be checked")
        assert ":4:3:" in editor.error
        assert "✖" in str(app.main_screen.query_one("#event-validation", Static).render())
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        assert "Not run" in outcome(app)
        area.load_text('{"type": "track", "event": "Edited", "userId": "u1"}')
        await wait_until(pilot, lambda: editor.error is None, what="the fixed event JSON to be checked")
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 3)
        assert json.loads(returned(app))["event"] == "Edited"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: showing(app, PathDialog, "Input:focus"), what="the save-as dialog")
        assert app.screen.query_one(Input).value == "events/track-edited.json"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.selection.key.endswith("events/track-edited.json"),
                         what="the saved event to be selected")
        saved = workdir / "events" / "track-edited.json"
        assert json.loads(saved.read_text())["event"] == "Edited"
        assert any(event.source.name == "events/track-edited.json" for event in app.main_screen.picker.events)


async def test_reset_brings_back_the_event_file(make_app) -> None:
    app = on_engine(make_app(), ScriptedEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f3")
        editor = app.main_screen.event_editor
        await wait_until(pilot, lambda: editor.text_area.has_focus, what="F3 to focus the event JSON")
        original = editor.text_area.text
        editor.text_area.load_text("{}")
        await wait_until(pilot, lambda: editor.dirty and editor.error, what="the edit to be checked")
        await pilot.press("ctrl+backslash")
        await wait_until(pilot, lambda: editor.text_area.text == original and not editor.dirty, what="the reset")


async def test_picking_an_event_runs_it(make_app, workdir: Path) -> None:
    (workdir / "events").mkdir()
    (workdir / "events" / "signup.json").write_text(json.dumps({"type": "track", "event": "Signed Up", "userId": "u"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith("events/signup.json")
        assert json.loads(returned(app))["event"] == "Signed Up"
        keys = [event.key for event in app.main_screen.picker.events]
        identify = next(key for key in keys if key.endswith(":identify"))
        app.main_screen.picker.highlight(identify)
        await pilot.press("f2")
        await wait_until(pilot, lambda: app.main_screen.picker.option_list.has_focus, what="F2 to focus the events")
        await pilot.press("enter")
        await wait_for_runs(pilot, 2)
        assert "Unsupported Event Type" in outcome(app)


async def test_an_event_file_saved_on_disk_reruns(make_app, workdir: Path) -> None:
    event_file = workdir / "events" / "one.json"
    event_file.parent.mkdir()
    event_file.write_text(json.dumps({"type": "track", "event": "First"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        event_file.write_text(json.dumps({"type": "track", "event": "Second"}))
        await wait_for_runs(pilot, 2)
        assert json.loads(returned(app))["event"] == "Second"
