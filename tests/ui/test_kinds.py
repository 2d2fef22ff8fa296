"""Insert and source functions in the TUI: the title, the picker's requests, the change to the event, emitted messages."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import Markdown, Static, TextArea

from segtui.ui.screens.dialogs import QuitDialog
from segtui.ui.screens.help import HelpScreen
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.emitted_messages import EmittedMessages
from segtui.ui.widgets.result_panes import RawLogOutput, ResultPanes
from segtui.ui.widgets.run_tables import HistoryTable, SuiteTable
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until, write

SIZE = (140, 40)

SOURCE = """\
async function onRequest(request, settings) {
  const body = request.json();
  console.log("got", body.id);
  await fetch("http://127.0.0.1:9/lookup").catch(() => null);
  Segment.identify({ userId: body.customer.id, traits: { email: body.customer.email, key: settings.apiKey } });
  Segment.track({ properties: {} });
}
"""

INSERT = """\
async function onTrack(event, settings) {
  event.properties.tier = "gold";
  delete event.context;
  return event;
}
async function onIdentify(event) {
  throw new DropEvent("internal user");
}
"""


def select(app, suffix: str) -> None:
    key = next(event.key for event in app.main_screen.picker.events if event.key.endswith(suffix))
    app.main_screen.selection.select(key)


async def test_a_source_function_lists_requests_runs_one_and_names_its_kind(make_app, workdir) -> None:
    write(workdir / "requests" / "order.json", json.dumps({
        "method": "POST", "url": "https://hooks.example/?source=shop", "headers": {"Content-Type": "application/json"},
        "body": {"id": "evt_1", "customer": {"id": "c1", "email": "p@example.com"}}}))
    write(workdir / "event.json", json.dumps({"type": "track", "event": "not for a source"}))
    app = make_app(SOURCE, "--offline", "--setting", "apiKey=sekrit-value")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.query_one(CodePane).border_title == "handler.js · Source Function"
        assert "Source Function" in app.title
        listed = [(event.group, event.event_type, event.source.name) for event in screen.picker.events]
        assert ("Beside the handler", "POST", "requests/order.json") in listed
        assert ("Sample requests", "GET", "get-query") in listed
        assert not any(name == "event.json" for _, _, name in listed)
        run = screen.shown
        assert run.event_name == "requests/order.json"
        assert run.invocation.outcome == "message_rejected"
        assert [line.headline for line in run.view.emitted] == ["Segment.identify() userId=c1", "Segment.track()"]
        assert "sekrit-value" not in run.view.emitted[0].json and "••••••" in run.view.emitted[0].json
        assert run.view.emitted[1].problems == ["track needs an event name (event)",
                                                "track needs a userId or an anonymousId"]
        pane = screen.query_one(EmittedMessages)
        assert pane.display and pane.border_title == "Emitted messages (2)"
        listed = str(pane.query_one("#emitted-list", Static).render())
        assert listed.index("↳ GET http://127.0.0.1:9/lookup → failed") < listed.index("● 1. Segment.identify() userId=c1")
        assert listed.index("● 1. Segment.identify()") < listed.index("✖ 2. Segment.track()")
        assert "   ✖ track needs a userId or an anonymousId" in listed and "sekrit-value" not in listed
        await pilot.press("f3")
        await pilot.pause()
        assert screen.event_editor.border_title == "Request: requests/order.json"
        assert "valid POST request" in str(screen.query_one("#event-validation").render())


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


async def test_a_source_functions_emitted_messages_fit_a_narrow_terminal(make_app, workdir) -> None:
    # A new user's trial at 100x30: the stacked Emitted messages pane was half again as wide as the column it sits in
    # (its 1.5fr beside the other panes, kept when they stack), so its right border and the end of each line were cut.
    # Stacked (on a narrow, tall terminal), side by side (a wide one) or alone (100 columns: side by side the panes were
    # 19 cells wide), the pane stays inside the results.
    app = make_app(SOURCE, "--offline", "--setting", "apiKey=sekrit-value")
    async with app.run_test(size=(100, 50)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.has_class("-narrow")
        pane, log = screen.query_one(EmittedMessages), screen.query_one(RawLogOutput)
        results = screen.query_one(ResultPanes)
        assert pane.display and pane.region.width > 0
        assert (pane.region.x, pane.region.right) == (log.region.x, log.region.right)
        assert log.region.bottom <= pane.region.y
        await pilot.resize_terminal(150, 30)
        await pilot.pause()
        assert screen.has_class("-short")
        assert log.region.right <= pane.region.x and pane.region.right <= results.region.right
        assert pane.region.width > log.region.width
        await pilot.resize_terminal(100, 40)
        await wait_until(pilot, lambda: not log.display or not pane.display, what="one pane at a time")
        await pilot.press("f6", "right", "right")  # the strip of tabs, then its third: Emitted messages
        await wait_until(pilot, lambda: pane.display and not log.display, what="the emitted messages alone")
        for size in ((100, 40), (100, 30)):  # the pane picked stays in view
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert pane.display and not log.display
            assert (pane.region.x, pane.region.right) == (results.region.x, results.region.right)


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
        await pilot.pause()
        text = str(app.main_screen.query_one("#changes", Static).render())
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


async def test_a_source_functions_request_json_says_request_wherever_it_shows_one(make_app, workdir) -> None:
    # A new user's trial: with a source function's request open in F3 (titled "Request: …"), the footer offered
    # "Save event", an invalid edit was "The event is not valid … Fix it in the Event JSON pane", ctrl+s said "Fix the
    # event first" under "Event not saved", F1 explained the "Event JSON", and quitting listed "event requests/….json".
    write(workdir / "requests" / "order.json", json.dumps({"method": "POST", "url": "https://hooks.example/",
                                                           "body": {"customer": {"id": "c1", "email": "p@x.io"}}}))
    app = make_app(SOURCE, "--offline")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        code_footer = " ".join(screen_rows(app)[-1:])
        assert "Request JSON" in code_footer and "Event JSON" not in code_footer
        await pilot.press("f3")
        area = screen.event_editor.text_area
        await wait_until(pilot, lambda: area.has_focus, what="F3 to focus the request JSON")
        area.load_text('{"method": "POST", "body": ')
        await wait_until(pilot, lambda: screen.event_editor.dirty, what="the edit to be checked")
        await pilot.pause()
        footer = screen_rows(app)[-1]
        assert "Save request" in footer and "Reset request" in footer and " event" not in footer
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        shown = str(screen.query_one("#error", Static).render())
        assert shown.startswith("The request is not valid, so it was not run: ")
        assert shown.endswith("Fix it in the Request JSON pane (F3).")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(options.get("title") == "Request not saved" for _, options in notes),
                         what="the refusal to save")
        assert any(message.startswith("Fix the request first: ") for message, _ in notes)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        help_text = app.screen.query_one(Markdown).source
        assert help_text.startswith("## Request JSON\nThe request that runs") and "under `--events`" in help_text
        assert "Save the edited request over its file" in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == [("request requests/order.json, edited: not a valid request, so saved as it is "
                                       "to a new file, requests/order.unsaved.json, which no suite runs")]


def test_a_source_functions_suite_with_no_requests_says_requests(workdir) -> None:
    # `segtui test source.js folder/` of a folder with no requests said "no events found in folder/".
    write(workdir / "handler.js", SOURCE)
    (workdir / "empty").mkdir()
    done = subprocess.run([sys.executable, "-m", "segtui", "test", "handler.js", "empty", "--offline"],
                          check=False, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.strip() == "segtui: error: no requests found in empty"


async def test_a_source_functions_suite_history_and_diff_name_its_requests(make_app, workdir) -> None:
    # A new user's trial with a source function: the Suite and History tables headed their first column "Event", the
    # suite's Type column was empty for each request, its toast counted "3 events", a picked request ran as "event
    # picked", and Diff asked to "run the same event twice".
    app = make_app(SOURCE, "--offline")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert "Run the same request twice" in str(screen.query_one("#diff-text", Static).render())
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in notes), what="the suite")
        suite = screen.query_one(SuiteTable)
        assert [str(column.label) for column in suite.ordered_columns][1] == "Request"
        assert {str(suite.get_cell_at(Coordinate(row, 3))) for row in range(suite.row_count)} == {"POST", "GET"}
        assert next(message for message, options in notes if options.get("title") == "Suite").startswith("3 requests: ")
        runs = len(screen.history)
        await pilot.press("f2", *"form-url", "enter")
        await wait_for_runs(pilot, runs + 1)
        assert screen.shown.event_name == "form-urlencoded"
        await pilot.press("f9")
        history = screen.query_one(HistoryTable)
        await wait_until(pilot, lambda: history.row_count == runs + 1, what="the history")
        assert [str(column.label) for column in history.ordered_columns][2] == "Request"
        assert str(history.get_cell_at(Coordinate(0, 4))) == "request picked"


class _Panes(App[None]):
    """The result panes alone, for what they say before any run."""

    def __init__(self, noun: str) -> None:
        super().__init__()
        self.noun = noun

    def compose(self) -> ComposeResult:
        yield ResultPanes(self.noun)


async def test_callback_return_before_any_run_names_what_the_function_runs() -> None:
    # A new user's probe: a source function's Callback Return said "press ctrl+r to run the selected event."
    for noun in ("request", "event"):
        app = _Panes(noun)
        async with app.run_test(size=SIZE):
            shown = str(app.query_one("#outcome", Static).render())
            assert shown == f"No run yet: press ctrl+r to run the selected {noun}."


async def test_f1_over_a_source_functions_results_speaks_of_requests(make_app, workdir) -> None:
    # A new user's probe: F1 over a source function's Suite, History, Diff and Callback Return spoke of events (and
    # of an insert function's change to the input event).
    app = make_app(SOURCE, "--offline")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        helps = {}
        for tab, pane in (("output-tab", "#callback-return"), ("suite-tab", "#suite"), ("history-tab", "#history"),
                          ("diff-tab", "#diff")):
            screen.action_show_tab(tab)
            await pilot.pause()
            target = screen.query_one(pane)
            (target if target.can_focus else target.query_one("#return-value")).focus()
            await pilot.pause()
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
            helps[tab] = app.screen.query_one(Markdown).source
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), what="the help to close")
        assert helps["output-tab"].startswith("## Callback Return\n") and "onRequest returned" in helps["output-tab"]
        assert helps["suite-tab"].startswith("## Suite\n**ctrl+t** runs every request in the picker")
        assert helps["history-tab"].startswith("## History\n") and "which request" in helps["history-tab"]
        assert helps["diff-tab"].startswith("## Diff\nThe shown run compared with the previous run of the same request")
        for text in helps.values():
            topic = text.split("## Keys")[0] + text.split("## Workflow")[1]
            assert not re.search(r"\b[Ee]vents?\b", topic), topic


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
