"""Edits of an event no longer shown are checked against its file before anything is written: a file changed on disk
since is never overwritten by them, nor are they lost."""

from __future__ import annotations

import json
from pathlib import Path

from support.settled_files import write_settled

from segtui.ui.screens.dialogs import ConflictDialog, QuitDialog
from ui.helpers import wait_for_runs, wait_until, watching

HANDLER = "async function onTrack(event, settings) { return event.event; }"
FIRST = "Beside the handler:events/a-first.json"
SECOND = "Beside the handler:events/b-second.json"


async def _edit_first_then_pick_second(pilot, app, workdir: Path) -> None:
    """Edit a-first.json's event in the editor (F3), pick b-second.json, then change a-first.json from outside."""
    await wait_for_runs(pilot, 1)
    screen = app.main_screen
    await watching(pilot)
    assert screen.selection.key == FIRST
    await pilot.press("f3")
    screen.event_editor.text_area.load_text('{"type": "track", "event": "Mine"}')
    await wait_until(pilot, lambda: screen.event_editor.dirty, what="the edit to be checked")
    screen.selection.select(SECOND)
    (workdir / "events" / "a-first.json").write_text('{"type": "track", "event": "Theirs"}')
    await wait_until(pilot, lambda: screen.picker.get(FIRST).source.payload["event"] == "Theirs",
                     what="the picker to read the changed file")


def _write_events(workdir: Path) -> None:
    for name in ("a-first", "b-second"):
        write_settled(workdir / "events" / f"{name}.json", {"type": "track", "event": name})


async def test_save_and_quit_keeps_both_when_an_edited_events_file_changed_after_another_was_picked(
        make_app, workdir: Path) -> None:
    # A new user's probe: "Save and quit" wrote the stored edits over the file changed on disk, without a word.
    _write_events(workdir)
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_then_pick_second(pilot, app, workdir)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == [("event events/a-first.json, edited: events/a-first.json changed on disk since, "
                                       "and is left as it is; saved as a new file, events/a-first-edited.json")]
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert json.loads((workdir / "events" / "a-first.json").read_text())["event"] == "Theirs"
    assert json.loads((workdir / "events" / "a-first-edited.json").read_text())["event"] == "Mine"


async def test_picking_an_edited_event_again_after_its_file_changed_asks_which_to_keep(make_app, workdir: Path) -> None:
    _write_events(workdir)
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_then_pick_second(pilot, app, workdir)
        editor = app.main_screen.event_editor
        app.main_screen.selection.select(FIRST)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.press("m")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConflictDialog), what="the dialog to close")
        assert json.loads(editor.text_area.text)["event"] == "Mine" and editor.dirty
        editor.reset()  # Reset now shows the file as it is on disk
        assert json.loads(editor.text_area.text)["event"] == "Theirs"


async def _edit(pilot, screen, key: str, event: str) -> None:
    """Pick `key` and edit its event's name to `event`."""
    screen.selection.select(key)
    await wait_until(pilot, lambda: screen.event_editor.event is not None and screen.event_editor.event.key == key,
                     what="the event to be shown")
    screen.event_editor.text_area.load_text(json.dumps({"type": "track", "event": event}))
    await wait_until(pilot, lambda: screen.event_editor.dirty, what="the edit to be checked")


async def _save_and_quit(pilot, app) -> list[str]:
    """Quit with "Save and quit"; what the dialog said."""
    await pilot.press("ctrl+q")
    await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
    said = list(app.screen.unsaved)
    await pilot.press("s")
    await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    return said


async def test_save_and_quit_never_writes_two_edits_of_a_file_listed_twice_over_it(make_app, workdir: Path) -> None:
    # A new user's probe: with --events events, a-first.json was listed beside the handler and under events/; both
    # edits were "saved over its file", the second replacing the first. A file beside the handler is now listed once;
    # a folder given twice still lists its files twice.
    for name in ("a-first", "b-second"):
        write_settled(workdir / "shared" / f"{name}.json", {"type": "track", "event": name})
    app = make_app(HANDLER, "--events", "shared", "--events", "shared")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        first, again = (event.key for event in screen.picker.events if event.source.name == "a-first.json")
        await _edit(pilot, screen, first, "EditOne")
        await _edit(pilot, screen, again, "EditTwo")
        screen.selection.select(next(event.key for event in screen.picker.events if event.source.name == "b-second.json"))
        said = await _save_and_quit(pilot, app)
    assert sum("saved over its file" in line for line in said) == 1
    kept = {json.loads(path.read_text())["event"] for path in [workdir / "shared" / "a-first.json",
                                                                *(workdir / "events").glob("a-first*.json")]}
    assert kept == {"EditOne", "EditTwo"}


async def _said_after_the_edited_file_went(make_app, workdir: Path, folder: bool) -> list[str]:
    """Edit the first event, pick the second, remove the first's file (and make a folder in its place when `folder`),
    then Save and quit; what the dialog said."""
    _write_events(workdir)
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        await _edit(pilot, screen, FIRST, "Mine")
        screen.selection.select(SECOND)
        (workdir / "events" / "a-first.json").unlink()
        if folder:
            (workdir / "events" / "a-first.json").mkdir()
        return await _save_and_quit(pilot, app)


async def test_save_and_quit_keeps_the_edit_of_an_event_whose_file_became_a_folder(make_app, workdir: Path) -> None:
    said = await _said_after_the_edited_file_went(make_app, workdir, folder=True)
    assert said == [("event events/a-first.json, edited: events/a-first.json changed on disk since, and is left as it "
                     "is; saved as a new file, events/a-first-edited.json")]
    assert json.loads((workdir / "events" / "a-first-edited.json").read_text())["event"] == "Mine"


async def test_save_and_quit_says_an_edited_events_removed_file_is_saved_anew(make_app, workdir: Path) -> None:
    said = await _said_after_the_edited_file_went(make_app, workdir, folder=False)
    assert said == [("event events/a-first.json, edited: events/a-first.json was removed or renamed since; saved as a "
                     "new file there")]
    assert json.loads((workdir / "events" / "a-first.json").read_text())["event"] == "Mine"


async def test_save_and_quit_keeps_a_file_changed_while_the_quit_dialog_was_open_and_says_so(
        make_app, workdir: Path, capsys) -> None:
    # A new user's probe: the file was checked only when the dialog opened, and written over when "s" was pressed.
    _write_events(workdir)
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        await _edit(pilot, screen, FIRST, "Mine")
        screen.selection.select(SECOND)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == ["event events/a-first.json, edited: saved over its file, events/a-first.json"]
        (workdir / "events" / "a-first.json").write_text('{"type": "track", "event": "Theirs"}')
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert json.loads((workdir / "events" / "a-first.json").read_text())["event"] == "Theirs"
    assert json.loads((workdir / "events" / "a-first-edited.json").read_text())["event"] == "Mine"
    said = " ".join(capsys.readouterr().err.split())  # what segtui prints as it exits
    assert ("Saved otherwise than the quit dialog said: your event events/a-first.json, edited: events/a-first.json "
            "changed on disk since, and is left as it is; saved as a new file, events/a-first-edited.json.") in said
