"""An event edit that is not valid JSON is never lost: quitting saves it as typed to a new file, named as a kept edit
(events/NAME.unsaved.json, which no suite runs), and so does a stop; the user's own file is left as it was, and a kept
edit edited again is saved back to itself."""

from __future__ import annotations

import json
from pathlib import Path

from segtui.ui.screens.dialogs import QuitDialog
from ui.helpers import record_notifications, wait_for_runs, wait_until

SIZE = (140, 40)
OWN = {"type": "track", "event": "Mine"}
BROKEN = '{"type": "track", "event": "Mine, half edited",\n  "properties": {"total": 12'


def own_event(workdir: Path) -> Path:
    own = workdir / "events" / "mine.json"
    own.parent.mkdir()
    own.write_text(json.dumps(OWN))
    return own


async def test_save_and_quit_keeps_an_invalid_edit_as_typed_in_a_new_file_and_says_where(make_app, workdir: Path,
                                                                                       capsys) -> None:
    # A probe: the quit dialog said an edit that was not valid JSON "cannot be saved and is lost", and it was.
    own = own_event(workdir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text(BROKEN)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        said = ("event events/mine.json, edited: not a valid event, so saved as it is to a new file, "
                "events/mine.unsaved.json, which no suite runs")
        assert app.screen.unsaved == [said] and app.screen.can_save
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert (workdir / "events" / "mine.unsaved.json").read_text() == BROKEN
    assert json.loads(own.read_text()) == OWN
    assert " ".join(capsys.readouterr().err.split()) == f"Your {said}."  # said again as segtui exits


async def test_a_stop_keeps_an_invalid_edit_and_the_next_suite_leaves_it_out_once(make_app, workdir: Path) -> None:
    own_event(workdir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.event_editor.text_area.load_text(BROKEN)
        await pilot.pause()
        kept = app.keep_edits()  # what SIGTERM and SIGHUP do before exiting (app._stop_now)
    assert kept == ["Your event events/mine.json, edited is in events/mine.unsaved.json."]
    assert (workdir / "events" / "mine.unsaved.json").read_text() == BROKEN

    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert any(event.source.name == "events/mine.unsaved.json" for event in app.main_screen.picker.events)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any("not run: events/mine.unsaved.json" in message for message, _ in notes),
                         what="the suite's note")
    # Said once, as a kept edit: not also as an event file that could not be read.
    assert [message for message, _ in notes if "mine.unsaved.json" in message] == [
        ("1 unsaved edit kept on a crash, a stop or a quit is not run: events/mine.unsaved.json (open one and save it "
         "under another name to run it)")]


async def test_a_kept_edit_edited_again_and_still_broken_is_saved_back_to_its_own_file(make_app, workdir: Path) -> None:
    own_event(workdir)
    kept = workdir / "events" / "mine.unsaved.json"
    kept.write_text(BROKEN)
    again = BROKEN + ', "more": 1'
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.picker.highlight(next(event.key for event in app.main_screen.picker.events
                                              if event.source.name == "events/mine.unsaved.json"))
        await pilot.press("f2", "enter")
        await wait_until(pilot, lambda: app.main_screen.selection.key.endswith("mine.unsaved.json"), what="the kept edit")
        app.main_screen.event_editor.text_area.load_text(again)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == [("event events/mine.unsaved.json, edited: not a valid event, so saved as it is "
                                       "over its file, events/mine.unsaved.json, which no suite runs")]
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert kept.read_text() == again
    assert sorted(path.name for path in kept.parent.iterdir()) == ["mine.json", "mine.unsaved.json"]
