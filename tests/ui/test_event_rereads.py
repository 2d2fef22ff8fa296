"""A change to one event file among many lists the events again reading that file alone (the picker reusing the rows
of the others), and runs the new event."""

from __future__ import annotations

import json
from pathlib import Path

from support.settled_files import write_settled

from segtui.ui.screens.dialogs import ConflictDialog
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until, watching

HANDLER = "async function onTrack(event, settings) { return event.event; }"


async def test_changing_one_event_file_of_many_reads_only_it_again(make_app, workdir: Path) -> None:
    for index in range(30):
        write_settled(workdir / "events" / f"e{index:02}.json", {"type": "track", "event": f"E{index}"})
    # A file the listing reads but does not list (not an event beside the handler: a fixture, a cassette) is not read
    # again either.
    write_settled(workdir / "fixture.json", {"rows": [1, 2]})
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.shown.invocation.return_value == "E0"
        await watching(pilot)
        options = screen.picker.option_list
        row = options.get_option("Beside the handler:events/e05.json")
        for round_ in (1, 2):
            (workdir / "events" / "e00.json").write_text(f'{{"type": "track", "event": "Changed {round_}"}}')
            await wait_for_runs(pilot, 1 + round_)
            assert screen.shown.invocation.return_value == f"Changed {round_}"
        reads = {path.name: count for path, count in screen.selection.files.reads.items()}
        assert reads.pop("e00.json") >= 3
        assert reads == {**{f"e{index:02}.json": 1 for index in range(1, 30)}, "fixture.json": 1}
        assert options.get_option("Beside the handler:events/e05.json") is row  # its row too is not made again


async def test_the_selected_event_file_deleted_runs_nothing_and_keeps_its_content(make_app, workdir: Path) -> None:
    # A new user's probe: deleting the selected event's file (opened with --event) selected another event and ran it, a
    # live request the user did not ask for. Nothing runs because a file vanished; the editor keeps the last content.
    for name in ("a-first", "b-picked"):
        write_settled(workdir / "events" / f"{name}.json", {"type": "track", "event": name})
    app = make_app(HANDLER, "--event", "events/b-picked.json")
    notes = record_notifications(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.shown.invocation.return_value == "b-picked"
        await watching(pilot)
        (workdir / "events" / "b-picked.json").unlink()
        gone = "events/b-picked.json is no longer on disk"
        await wait_until(pilot, lambda: any(message.startswith(gone) for message, _ in notes), what="the notice")
        await pilot.pause()
        assert not screen.running and len(screen.history) == 1
        assert any(message.startswith(f"{gone}; nothing else is selected.") for message, _ in notes)
        assert screen.event_editor.payload == {"type": "track", "event": "b-picked"}
        assert screen.picker.option_list.highlighted is None
        await pilot.press("ctrl+r")  # the user asks: the last content runs
        await wait_for_runs(pilot, 2)
        assert screen.shown.invocation.return_value == "b-picked"


async def test_saving_the_edited_event_runs_it_again(make_app, workdir: Path) -> None:
    # A user's day: ctrl+s in the Event JSON wrote the file but left the panes showing the run of what it held before
    # (an edit of the same file from outside ran it at once; so does saving the handler).
    write_settled(workdir / "events" / "one.json", {"type": "track", "event": "First"})
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        await pilot.press("f3")
        area = screen.event_editor.text_area
        await wait_until(pilot, lambda: area.has_focus, what="F3 to focus the event JSON")
        area.load_text('{"type": "track", "event": "Second"}')
        await wait_until(pilot, lambda: screen.event_editor.dirty, what="the edit to be checked")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.event_editor.dirty, what="the event to be saved")
        await wait_for_runs(pilot, 2)
        assert screen.shown.invocation.return_value == "Second"


async def test_ctrl_s_from_the_results_saves_the_event_json_shown_and_says_so(make_app, workdir: Path) -> None:
    # A new user's probe: with the Event JSON showing edits and the focus in Output, ctrl+s saved the handler's code and
    # ran it, the event edit left unsaved, under a footer saying only "Save". ctrl+s saves what the top pane shows.
    event_file = write_settled(workdir / "events" / "one.json", {"type": "track", "event": "First"})
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        screen.code.editor.insert("// mine\n", (0, 0))
        await pilot.press("f3")
        area = screen.event_editor.text_area
        await wait_until(pilot, lambda: area.has_focus, what="F3 to focus the event JSON")
        area.load_text('{"type": "track", "event": "Second"}')
        await wait_until(pilot, lambda: screen.event_editor.dirty, what="the edit to be checked")
        await pilot.press("f6")
        await wait_until(pilot, lambda: not area.has_focus, what="F6 to focus the output")
        await pilot.pause()
        assert "^s Save event" in screen_rows(app)[-1]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.event_editor.dirty, what="the event to be saved")
        await wait_for_runs(pilot, 2)
        assert json.loads(event_file.read_text())["event"] == "Second"
        assert screen.shown.invocation.return_value == "Second"
        assert screen.code.dirty and "// mine" not in (workdir / "handler.js").read_text()
        await pilot.press("f3", "f6")  # the code shown again: ctrl+s saves it
        await pilot.pause()
        footer = screen_rows(app)[-1]
        assert "^s Save " in footer and "Save event" not in footer
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 3)
        assert (workdir / "handler.js").read_text().startswith("// mine")


async def test_reset_after_the_event_file_changed_under_edits_shows_the_file_as_it_is(make_app, workdir: Path) -> None:
    # A user's day: the event file changed on disk under edits in the Event JSON, and the toast said "your edits to it
    # are kept (Reset shows the file)"; Reset then showed the file as it was before the change.
    event_file = workdir / "events" / "one.json"
    write_settled(event_file, {"type": "track", "event": "First"})
    app = make_app(HANDLER)
    notes = record_notifications(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        await pilot.press("f3")
        editor = screen.event_editor
        await wait_until(pilot, lambda: editor.text_area.has_focus, what="F3 to focus the event JSON")
        editor.text_area.load_text('{"type": "track", "event": "Mine"}')
        await wait_until(pilot, lambda: editor.dirty, what="the edit to be checked")
        event_file.write_text('{"type": "track", "event": "From outside"}')
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the question which to keep")
        await pilot.press("m")
        await wait_until(pilot, lambda: any("Kept your edits" in message for message, _ in notes), what="the answer")
        assert editor.dirty and '"Mine"' in editor.text_area.text
        await pilot.press("ctrl+backslash")
        await wait_until(pilot, lambda: not editor.dirty, what="the reset")
        assert json.loads(editor.text_area.text) == {"type": "track", "event": "From outside"}


async def edited_event(app, pilot, text: str):
    """Edit the selected event's JSON (F3) to `text`, and return the event editor."""
    await pilot.press("f3")
    editor = app.main_screen.event_editor
    await wait_until(pilot, lambda: editor.text_area.has_focus, what="F3 to focus the event JSON")
    editor.text_area.load_text(text)
    await wait_until(pilot, lambda: editor.dirty, what="the edit to be checked")
    return editor


async def test_an_event_file_changed_under_edits_asks_which_to_keep_and_takes_the_files(make_app, workdir: Path) -> None:
    # A new user's trial: the event file changed on disk (a teammate's pull) while the Event JSON held edits; a toast
    # warned, and ctrl+s then wrote the edits over the file's new version. It asks, as the handler's editor does.
    event_file = workdir / "events" / "one.json"
    write_settled(event_file, {"type": "track", "event": "First"})
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await watching(pilot)
        editor = await edited_event(app, pilot, '{"type": "track", "event": "Mine"}')
        event_file.write_text('{"type": "track", "event": "From outside"}')
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the question which to keep")
        assert "events/one.json changed on disk" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("d")
        await wait_for_runs(pilot, 2)
        assert not editor.dirty and json.loads(editor.text_area.text)["event"] == "From outside"
        assert screen.shown.invocation.return_value == "From outside"
        assert json.loads(event_file.read_text())["event"] == "From outside"


async def test_saving_an_event_whose_file_changed_unseen_asks_before_writing_over_it(make_app, workdir: Path) -> None:
    # The same, saved before the change is seen (no watcher here, so it is never seen): ctrl+s wrote over the file's
    # new version without a word. It asks which to keep; keeping the edits, a second ctrl+s writes them.
    event_file = workdir / "events" / "one.json"
    write_settled(event_file, {"type": "track", "event": "First"})
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()
        editor = await edited_event(app, pilot, '{"type": "track", "event": "Mine"}')
        event_file.write_text('{"type": "track", "event": "From outside"}')
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the question which to keep")
        assert json.loads(event_file.read_text())["event"] == "From outside"
        await pilot.press("m")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConflictDialog), what="the dialog to close")
        assert editor.dirty and '"Mine"' in editor.text_area.text
        assert json.loads(event_file.read_text())["event"] == "From outside"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not editor.dirty, what="the save")
        assert json.loads(event_file.read_text())["event"] == "Mine"
