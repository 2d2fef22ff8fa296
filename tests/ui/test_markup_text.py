"""Text from the handler, its runs and the user's files shows as written in the TUI, never read as markup (an unmatched
closing tag such as `[/x]` crashed the app)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from segtui.function_files.handler_code import list_functions
from segtui.ui.function_picker import FunctionPicker
from ui.helpers import open_builder, record_notifications, screen_rows, wait_for_runs, wait_until

SIZE = (160, 44)

THROWING = """\
async function onTrack(event) {
  throw new Error("[b]boom[/x] " + event.event);
}
"""


def shown(app) -> str:
    return "\n".join(screen_rows(app))


async def test_an_error_and_an_event_name_holding_markup_show_as_written_in_the_suite_and_history(make_app, workdir):
    # A probe: a handler throwing "[/x]" (or `throw Symbol("[/]")`) crashed the app as the suite's table drew its row,
    # DataTable reading the detail as markup; an event file named "a[/b].json" did the same in either table.
    (workdir / "events" / "a[").mkdir(parents=True)
    (workdir / "events" / "a[" / "b].json").write_text('{"type": "track", "event": "[/]"}')
    app = make_app(THROWING)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(" events: " in note for note, _ in notes), what="the suite's end")
        await pilot.pause()
        assert "Error: [b]boom[/x] [/]" in shown(app)
        assert "a[/b].json" in shown(app)
        await pilot.press("f9")
        await pilot.pause()
        assert "a[/b].json" in shown(app)
        assert app.is_running


async def test_a_batch_items_error_message_holding_markup_shows_as_written(make_app) -> None:
    # A probe: onBatch's {status, errormessage} went into the note under the Callback Return as markup, and crashed it.
    app = make_app('async function onBatch(events) { return events.map(() => ({status: 500, errormessage: "up[/x]"})) }')
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.selection.select(next(event.key for event in screen.picker.events if event.key.endswith(":batch")))
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        await pilot.pause()
        assert "Retry (BatchItemError: up[/x])" in shown(app)


async def test_a_settings_search_holding_markup_that_finds_nothing_says_so_as_typed(make_app) -> None:
    schema = [{"label": f"Setting {index}", "type": "string"} for index in range(40)]
    app = make_app("async function onTrack(event, settings) { return 1 }", schema=schema)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.query_one("#settings-find", Input).value = "[b]x[/y]"
        await wait_until(pilot, lambda: builder.find == "[b]x[/y]" and not builder.query(".setting"), what="the search")
        await pilot.pause()
        assert "No setting's name or label holds '[b]x[/y]'." in shown(app)


async def test_a_function_folders_problem_holding_markup_is_listed_as_written(workdir: Path) -> None:
    (workdir / "one.js").write_text("async function onTrack() { return 1 }\n")
    (workdir / "two.js").write_text("async function onTrack() { return 2 }\n")
    (workdir / "a[").mkdir()
    (workdir / "a[" / "b].tf").write_text('resource "segment_function" "x" {\n  code = [/]\n}\n')
    picker = FunctionPicker(workdir, list_functions(workdir))
    async with picker.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "a[/b].tf:2:11: not valid HCL" in shown(picker)
        await pilot.press("ctrl+q")
