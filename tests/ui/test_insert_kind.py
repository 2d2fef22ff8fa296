"""Insert functions in the TUI: the title, the change to the event, the whole output event, dropped events."""

from __future__ import annotations

import json

from textual.widgets import Markdown, Static, TextArea

from segtui.ui.screens.help import HelpScreen
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.emitted_messages import EmittedMessages
from ui.helpers import screen_rows, wait_for_runs, wait_until, write
from ui.kind_handlers import INSERT, SIZE, SOURCE


def select(app, suffix: str) -> None:
    key = next(event.key for event in app.main_screen.picker.events if event.key.endswith(suffix))
    app.main_screen.selection.select(key)


async def test_an_insert_function_shows_its_kind_and_the_change_to_the_event(make_app, workdir) -> None:
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app(INSERT)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.query_one(CodePane).border_title == "handler.js · Destination Insert Function"
        run = screen.shown
        assert run.invocation.outcome == "success"
        assert [change.line() for change in run.view.changes.changes][:1] == ['+ properties.tier: "gold"']
        assert any(change.kind == "removed" and change.path == "context" for change in run.view.changes.changes)
        assert not screen.query_one(EmittedMessages).display
        changes = str(screen.query_one("#changes", Static).render())
        # Each part whole on a line: the key's hint takes the next one when the pane cannot hold both.
        assert changes.startswith("Output event: 1 added, 1 removed\nctrl+f: the full event")
        assert '+ properties.tier: "gold"' in changes
        value = screen.query_one("#return-value", TextArea)
        assert not value.display
        await pilot.press("f6", "f")
        await pilot.pause()
        assert value.display and not screen.query_one("#changes-scroll").display
        assert '"tier": "gold"' in value.text
        await pilot.press("f")
        await pilot.pause()
        assert not value.display and screen.query_one("#changes-scroll").display
        select(app, ":identify")
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        assert screen.shown.invocation.outcome == "dropped"
        assert screen.shown.view.changes is None
        shown = str(screen.query_one("#error", Static).render())
        assert shown.startswith("Dropped: filtered at destination, the event is not passed on\nDropEvent: internal user")
        assert str(screen.query_one("#outcome", Static).render()).startswith("✔ Dropped")


async def test_an_insert_functions_changed_value_fits_its_row_and_is_refitted_on_resize(make_app, workdir) -> None:
    # A new user's trial at 200x50: `~ traits.email: "…" → "…"` took three columns more than the pane had (the arrow
    # was not counted), so the after value wrapped onto a row of its own; and a terminal made narrower kept the
    # change cut to the old width, wrapping it over three rows.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    write(workdir / "events" / "signup.json", json.dumps({"type": "identify", "userId": "u1",
                                                          "traits": {"email": "  Joanna@Chotchkies.example  "}}))
    app = make_app("async function onIdentify(event) { event.traits.email = 'h'.repeat(64); return event; }")
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for_runs(pilot, 1)
        for size in ((200, 50), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            change = next(row for row in screen_rows(app) if "~ traits.email:" in row)
            assert "→" in change and "hhhhh" in change, change


async def test_a_change_whose_path_leaves_little_room_shows_its_values_whole_on_the_row_below(make_app, workdir) -> None:
    # A user's day at 120x40: `~ properties.email: "a@b.com" → "[scrubb…` wrapped onto two rows anyway, yet cut the
    # ten-character value: the path left under 21 columns beside it, so the values were cut to 21 and overflowed.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    write(workdir / "events" / "buy.json", json.dumps({"type": "track", "event": "Bought", "userId": "u1",
                                                       "properties": {"email": "a@b.com"}}))
    app = make_app("async function onTrack(event) { event.properties.email = '[scrubbed]'; return event; }")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.pause()
        rows = screen_rows(app)
        at = next(index for index, row in enumerate(rows) if "~ properties.email:" in row)
        assert '"a@b.com" → "[scrubbed]"' in rows[at + 1], rows[at:at + 2]
        pane = app.main_screen.query_one("#changes", Static).region
        assert all("│" in row[pane.right:pane.right + 2] for row in rows[at:at + 2])  # nothing overruns the border


async def test_an_event_dropped_with_drop_event_marks_no_failing_line(make_app, workdir) -> None:
    # A user's day: a DropEvent thrown on purpose showed ✔ Dropped, yet the handler's line was tinted as failing with a
    # ✖ in the gutter and "✖ line 2: DropEvent: … · ctrl+g jumps there" under the code, as a crash would.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app("async function onTrack(event) {\n  throw new DropEvent('heartbeat is noise');\n}\n")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.shown.invocation.outcome == "dropped"
        assert "DropEvent: heartbeat is noise" in str(screen.query_one("#error", Static).render())
        code = screen.query_one(CodePane)
        assert code.error is None and code.editor.error_line is None
        assert code.border_subtitle == "" and not code.has_class("-error")


async def test_f1_lists_the_full_event_key_for_an_insert_function_only(make_app, workdir) -> None:
    # A user's day: F1 over a source function's results listed "f: An insert function's output: its change to the
    # input event, or the whole event", a key that did nothing there.
    async def keys_listed(app, pilot) -> str:
        await wait_for_runs(pilot, 1)
        await pilot.press("f6")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        return app.screen.query_one(Markdown).source

    app = make_app(SOURCE, "--offline")
    async with app.run_test(size=SIZE) as pilot:
        assert "An insert function's output" not in await keys_listed(app, pilot)
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app(INSERT)
    async with app.run_test(size=SIZE) as pilot:
        assert "| **f** / **^f** | An insert function's output" in await keys_listed(app, pilot)


async def test_an_event_dropped_by_a_forgotten_return_says_so(make_app, workdir) -> None:
    # A user's day: `event.properties.x = 1;` with no `return event` showed ✔ Dropped and nothing of why.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app("async function onTrack(event) { event.properties.x = 1; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        shown = str(app.main_screen.query_one("#error", Static).render())
        assert shown == ("Dropped: filtered at destination, the event is not passed on\n"
                         "onTrack returned nothing (undefined): return the event to pass it on")


async def test_a_change_that_fits_beside_its_path_whole_stays_on_one_row(make_app, workdir) -> None:
    # At 80x24, the panes maximized: `+ properties.plan: "gold"` (25 columns of 34) went on two rows, its path leaving
    # under 21 columns beside it; and a short before beside a long after had the after cut to half the room, the room
    # the before left unused (`"a" → "abcdefghijkl…`).
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    write(workdir / "events" / "buy.json", json.dumps({"type": "track", "event": "Bought", "userId": "u1",
                                                       "properties": {"n": "a"}}))
    app = make_app("async function onTrack(event) {\n  event.properties.plan = 'gold';\n"
                   "  event.properties.n = 'abcdefghijklmnopq';\n  return event;\n}\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f6", "f7")
        changes = app.main_screen.query_one("#changes", Static)
        # The pane is laid out maximized when its heading fits one row (one pause was not always enough in CI).
        await wait_until(pilot, lambda: str(changes.render()).startswith("Output event: 1 added, 1 changed\n"),
                         what="the maximized pane's layout")
        text = str(changes.render())
        assert '\n+ properties.plan: "gold"' in text
        assert '\n~ properties.n:\n    "a" → "abcdefghijklmnopq"' in text


async def test_the_full_event_key_the_change_names_works_from_the_editor_and_f_types_there(make_app, workdir) -> None:
    # A new user's trial: the insert function's change said "f: the full event" while the code editor had the focus,
    # where f typed "f" into the handler. The key it names works from the editors, whose typed keys stay theirs.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app(INSERT)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        value = screen.query_one("#return-value", TextArea)
        hint = next(line for line in str(screen.query_one("#changes", Static).render()).splitlines() if "full" in line)
        key = hint.split(" · ")[-1].split(":")[0]
        for editor in (screen.code.editor, screen.event_editor.text_area):
            screen.action_toggle_event_editor("code-pane" if editor is screen.code.editor else "event-editor")
            await wait_until(pilot, lambda editor=editor: editor.has_focus, what="the editor's focus")
            text = editor.text
            await pilot.press(key)
            await wait_until(pilot, lambda: value.display, what=f"{key} to show the whole event")
            assert editor.text == text and editor.has_focus
            await pilot.press(key)
            await wait_until(pilot, lambda: not value.display, what=f"{key} to show the change again")
            await pilot.press("f")
            await pilot.pause()
            assert editor.text == "f" + text and not value.display  # typed, and only typed
            editor.undo()


async def test_an_insert_functions_whole_output_event_keeps_room_for_its_json_at_80_by_24(make_app, workdir) -> None:
    # A new user's probe: at 80x24 the note under the whole output event wrapped onto three rows of a narrow Callback
    # Return, leaving the JSON one row.
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app(INSERT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await pilot.press("f6", "ctrl+f")
        value, note = screen.query_one("#return-value", TextArea), screen.query_one("#return-note", Static)
        await wait_until(pilot, lambda: value.display and value.text.startswith("{"), what="the whole output event")
        await pilot.pause()
        assert note.size.height == 1 and value.size.height >= 2  # the outcome above takes two rows at this width
        assert "ctrl+f" in str(note.render())
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: str(note.render()).startswith("The whole output event · ctrl+f: its change"),
                         what="the longer note at 140 columns")
        assert note.size.height == 1
