"""An event file outside the folders the picker lists, given with --event or saved as from segtui, is listed as it is
on disk now: an edit of it from outside runs it again, as one beside the handler does, and one saved in segtui is
what shows and runs when picked again."""

from __future__ import annotations

import builtins
import json
import os
import shutil
from pathlib import Path

from support.settled_files import write_settled

from ui.helpers import record_notifications, wait_for_runs, wait_until, watching

HANDLER = "async function onTrack(event, settings) { return event.event; }"


def _given(workdir: Path) -> Path:
    return write_settled(workdir.parent / "elsewhere" / "given.json", {"type": "track", "event": "First"})


async def test_an_edit_from_outside_of_the_given_event_file_runs_it_again(make_app, workdir: Path) -> None:
    # A new user's probe: `segtui handler.js --event ../fixtures/x.json`, the file edited in another editor: nothing
    # ran, and ctrl+r ran what the file held at start, for as long as segtui ran.
    given = _given(workdir)
    app = make_app(HANDLER, "--event", "../elsewhere/given.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.shown.invocation.return_value == "First"
        await watching(pilot)
        given.write_text('{"type": "track", "event": "From outside"}')
        await wait_for_runs(pilot, 2)
        assert screen.shown.invocation.return_value == "From outside"
        assert json.loads(screen.event_editor.text_area.text)["event"] == "From outside"


async def test_the_given_event_file_deleted_runs_nothing_and_keeps_its_content(make_app, workdir: Path) -> None:
    # As a file beside the handler: the file read again for each listing must not turn a deleted one into a broken
    # entry whose "no such file" replaces the editor's content and is run, refused.
    given = _given(workdir)
    app = make_app(HANDLER, "--event", "../elsewhere/given.json")
    notes = record_notifications(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        given.unlink()
        gone = "given.json is no longer on disk"
        await wait_until(pilot, lambda: any(message.startswith(gone) for message, _ in notes), what="the notice")
        await pilot.pause()
        assert not screen.running and len(screen.history) == 1
        assert screen.event_editor.payload == {"type": "track", "event": "First"}


async def test_the_given_event_file_saved_in_segtui_is_what_runs_when_picked_again(make_app, workdir: Path) -> None:
    # The same probe: the given file edited in the Event JSON and saved (the file held the edit), then another event
    # picked and the given one again: the editor showed, and ran, the file as it was at start.
    given = _given(workdir)
    app = make_app(HANDLER, "--event", "../elsewhere/given.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()  # what the picker lists, not a watcher's run, is under test
        await pilot.press("f3")
        editor = screen.event_editor
        await wait_until(pilot, lambda: editor.text_area.has_focus, what="F3 to focus the event JSON")
        editor.text_area.load_text('{"type": "track", "event": "Saved"}')
        await wait_until(pilot, lambda: editor.dirty, what="the edit to be checked")
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert json.loads(given.read_text())["event"] == "Saved"
        await pilot.press("f2", *"page", "enter")
        await wait_until(pilot, lambda: len(screen.history) >= 3 and not screen.running, what="the page sample's run")
        await pilot.press("f2", *"given", "enter")
        await wait_for_runs(pilot, 4)
        assert screen.shown.event_name == "given.json"
        assert json.loads(editor.text_area.text)["event"] == "Saved"
        assert screen.shown.invocation.return_value == "Saved"


async def test_a_sample_saved_as_a_file_the_picker_does_not_list_is_listed_and_selected(make_app, workdir: Path) -> None:
    # A new user's probe: the track sample edited and saved as ../elsewhere/mine.json (a folder the picker does not
    # list). The file was written, but the picker kept the bundled sample selected, holding the edit as if it were the
    # sample's own: not marked edited, its runs named "track", and Reset no longer showing the sample.
    app = make_app(HANDLER, "--event", "track")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()
        editor = await save_as(pilot, '{"type": "track", "event": "Mine"}', "../elsewhere/mine.json")
        await wait_for_runs(pilot, 2)
        saved = workdir.parent / "elsewhere" / "mine.json"
        assert json.loads(saved.read_text())["event"] == "Mine"
        assert editor.event.path == saved.resolve() and not editor.dirty
        assert screen.picker.get(screen.selection.key).path == saved.resolve()
        assert screen.shown.event_name == "mine.json" and screen.shown.invocation.return_value == "Mine"
        await pilot.press("f2", *"spec track", "enter")  # the sample again: as bundled
        await wait_for_runs(pilot, 3)
        assert screen.shown.event_name == "track" and screen.shown.invocation.return_value != "Mine"


async def test_two_files_of_one_name_saved_in_two_folders_are_both_listed(make_app, workdir: Path) -> None:
    # A review: the --event group keyed its entries by file name, so a sample saved as ../b/mine.json beside a given
    # ../a/mine.json gave two entries one key, and the picker crashed the app (DuplicateID).
    given = write_settled(workdir.parent / "a" / "mine.json", {"type": "track", "event": "A"})
    app = make_app(HANDLER, "--event", "../a/mine.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()
        await pilot.press("f2", *"spec track", "enter")
        await wait_for_runs(pilot, 2)
        editor = await save_as(pilot, '{"type": "track", "event": "B"}', "../b/mine.json")
        await wait_for_runs(pilot, 3)
        saved = workdir.parent / "b" / "mine.json"
        assert screen.shown.invocation.return_value == "B" and editor.event.path == saved.resolve()
        listed = {event.path: event.key for event in screen.picker.events if event.source.name == "mine.json"}
        assert set(listed) == {given.resolve(), saved.resolve()} and len(set(listed.values())) == 2


async def save_as(pilot, text: str, path: str):
    """Edit the selected bundled sample's JSON to `text` and save it (ctrl+s) as `path`; the event editor."""
    app, screen = pilot.app, pilot.app.main_screen
    await pilot.press("f3")
    editor = screen.event_editor
    await wait_until(pilot, lambda: editor.text_area.has_focus, what="F3 to focus the event JSON")
    editor.text_area.load_text(text)
    await wait_until(pilot, lambda: editor.dirty, what="the edit to be checked")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is not screen, what="the path dialog")
    app.screen.query_one("#path-input").value = path
    await pilot.press("enter")
    return editor


async def test_an_event_given_through_a_pipe_runs_what_the_pipe_gave(make_app) -> None:
    # A review: `--event <(…)` was read again for each listing, and a pipe gives what it holds once: the event was
    # listed as an empty file and not run (and a named pipe blocked the UI, waiting for a writer).
    read, write = os.pipe()
    try:
        os.write(write, b'{"type": "track", "event": "Piped"}')
        os.close(write)
        app = make_app(HANDLER, "--event", f"/dev/fd/{read}")
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for_runs(pilot, 1)
            assert app.main_screen.shown.invocation.return_value == "Piped"
    finally:
        os.close(read)


async def test_the_given_event_file_is_read_once_at_start(make_app, workdir: Path, monkeypatch) -> None:
    # Checked at start, then read again to list it: read twice, a change in between listed and ran what was never
    # checked, and a big file was parsed twice before the first run.
    given = _given(workdir).resolve()
    opened: list[Path] = []
    real_open = builtins.open

    def spied_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and os.path.realpath(file) == str(given):
            opened.append(given)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spied_open)
    app = make_app(HANDLER, "--event", "../elsewhere/given.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.shown.invocation.return_value == "First"
        assert len(opened) == 1


async def test_an_event_saved_as_a_file_no_watch_looks_at_runs_again_when_edited_from_outside(make_app, workdir) -> None:
    # A user's probe: the track sample saved as ../elsewhere/mine.json (no folder segtui watches), then that file
    # edited in another editor: nothing ran, and the picker and the editor kept what segtui had saved.
    app = make_app(HANDLER, "--event", "track")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        await save_as(pilot, '{"type": "track", "event": "Mine"}', "../elsewhere/mine.json")
        await wait_for_runs(pilot, 2)
        await watching(pilot)
        (workdir.parent / "elsewhere" / "mine.json").write_text('{"type": "track", "event": "From outside"}')
        await wait_for_runs(pilot, 3)
        assert screen.shown.invocation.return_value == "From outside"
        assert json.loads(screen.event_editor.text_area.text)["event"] == "From outside"


async def test_files_saved_where_no_watch_looks_are_watched_by_the_one_watch_and_one_gone_stops_nothing_else(
        make_app, workdir: Path) -> None:
    # A review: each file saved where no watch looked started a watch of its own, never stopped (3 watches here), and
    # one ending stopped them all (they shared one stop), the handler's hot reload with it. The one watch, started
    # again twice and with a saved file's folder deleted, still reloads the handler.
    app = make_app(HANDLER, "--event", "track")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        editor = await save_as(pilot, '{"type": "track", "event": "One"}', "../elsewhere/one.json")
        await wait_for_runs(pilot, 2)
        await watching(pilot)
        editor.text_area.load_text('{"type": "track", "event": "Two"}')
        await wait_until(pilot, lambda: editor.dirty, what="the edit to be checked")
        editor.action_save_event_as()
        await wait_until(pilot, lambda: bool(app.screen.query("#path-input")), what="the path dialog")
        app.screen.query_one("#path-input").value = "../other/two.json"
        await pilot.press("enter")
        await wait_for_runs(pilot, 3)
        await watching(pilot)
        assert len([worker for worker in app.workers if worker.name == "_watch" and not worker.is_finished]) == 1
        shutil.rmtree(workdir.parent / "other")
        (workdir / "handler.js").write_text(HANDLER.replace("return event.event", 'return "Reloaded"'))
        await wait_for_runs(pilot, 4)
        assert app.main_screen.shown.invocation.return_value == "Reloaded"
