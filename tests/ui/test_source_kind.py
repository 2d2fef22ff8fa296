"""Source functions in the TUI: the picker's requests, emitted messages, and the words that name a request."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import Markdown, Static

from segtui.ui.screens.dialogs import QuitDialog
from segtui.ui.screens.help import HelpScreen
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.emitted_messages import EmittedMessages
from segtui.ui.widgets.result_panes import RawLogOutput, ResultPanes
from segtui.ui.widgets.run_tables import HistoryTable, SuiteTable
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until, write
from ui.kind_handlers import SIZE, SOURCE


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
