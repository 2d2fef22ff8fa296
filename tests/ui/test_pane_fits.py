"""What the panes show where: the editor's share of a small terminal, the requests table's URL column, `(no logs)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.event_editor import EventEditor
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import RawLogOutput
from ui.helpers import screen_rows, wait_for_runs, wait_until

SILENT = """\
async function onTrack(event, settings) {
  return 1;
}
"""


async def test_no_logs_is_said_at_the_top_of_the_raw_log_output_where_logs_start(make_app) -> None:
    app = make_app(SILENT)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        pane = app.main_screen.query_one(RawLogOutput)
        top = pane.content_region
        rows = screen_rows(app)
        assert "(no logs)" in rows[top.y][top.x:top.right]


LONG_URLS = """\
async function onTrack(event, settings) {
  await fetch("https://api.example.com/v1/collections/orders/events?include=properties&limit=100&cursor=" + "c".repeat(80));
  await fetch("https://unknown.invalid/v1/events");
  return 1;
}
"""


@pytest.mark.parametrize("size", [(140, 40), (200, 50)])
async def test_the_requests_url_column_takes_the_room_the_other_columns_leave(make_app, workdir: Path, size) -> None:
    # A probe: at 140 columns the table sat beside the detail in half the tab and showed 8 characters of each URL
    # ("/v1…en"), or no URL column at all beside a long status.
    (workdir / "mock.yaml").write_text("- prefix: https://api.example.com/v1/\n  status: 200\n"
                                       "- prefix: https://unknown.invalid/\n  fail: dns\n")
    app = make_app(LONG_URLS, "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        inspector = app.main_screen.query_one(RequestInspector)
        table = inspector.table

        def cells() -> list[list[str]]:
            return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]

        # The tab's layout, then the table's resize, then its fill for that width (an earlier fill, for a width the
        # table had on the way, can meet the first two conditions): a few frames on a busy machine.
        await wait_until(pilot, lambda: table.row_count == 2 and 0 < table.virtual_size.width <= table.size.width
                         and list(table.columns.values())[-1].get_render_width(table) >= 40 and cells()[0][-1].endswith("…"),
                         what="the table filled for its width")
        rows = cells()
        long_url, short_url = rows[0][-1], rows[1][-1]
        assert long_url.startswith("api.example.com/v1/collections/orders/") and long_url.endswith("…")
        assert short_url in ("https://unknown.invalid/v1/events", "unknown.invalid/v1/events")
        assert rows[0][2] == "200 OK" and rows[1][2].startswith("failed: ")
        url_column = list(table.columns.values())[-1]
        assert url_column.get_render_width(table) >= 40
        # Drawn whole, not cut again by the table: the frame that draws the filled table may come a little later.
        await wait_until(pilot, lambda: any(long_url in row for row in screen_rows(app)), what="the whole URL drawn")


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (140, 40), (200, 50)])
async def test_the_editor_gets_a_usable_share_and_every_pane_stays_in_view(make_app, size) -> None:
    # A probe: at 80x24 the editor showed 5 lines of code, the results (stacked, a line or two each) the rest.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        work = screen.query_one("#work").size.height
        editor = screen.query_one(CodePane).editor.scrollable_content_region
        assert editor.height >= 10 and editor.height >= work * 0.4
        for selector in ("#events", "#callback-return", "#raw-log-output"):
            shown = screen.query_one(selector).content_region
            assert shown.height >= 4 and shown.width >= 20, selector
        await pilot.press("f7")  # any pane fills the screen by key: the editor here
        await pilot.pause()
        assert screen.maximized is screen.query_one(CodePane)


async def test_the_status_line_keeps_the_network_mode_and_the_unsaved_mark_at_80_columns(make_app, workdir) -> None:
    # A new user's trial at 80x24: "✖ Bad Request · track · 10.3ms · shown 45.6ms after the save   network: mock +"
    # ran off the edge, taking the network mode's end and the unsaved-edits mark with it.
    (workdir / "events").mkdir()
    (workdir / "events" / "a-rather-long-event-file-name-for-checkout.json").write_text(
        '{"type": "track", "event": "Order Completed"}')
    app = make_app(SILENT, "--offline")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.code.editor.insert("// more\n", (0, 0))
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        screen.code.editor.insert("// unsaved\n", (0, 0))
        await pilot.pause()
        row = screen_rows(app)[screen.status.region.y]
        assert "a-rather-long" in row
        assert row.rstrip().endswith("network: offline   ● unsaved edits")
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        row = screen_rows(app)[screen.status.region.y]
        assert "a-rather-long-event-file-name-for-checkout.json · " in row
        assert "after the save   network: offline   ● unsaved edits" in row


@pytest.mark.parametrize("size", [(100, 30), (120, 40), (200, 50)])
async def test_the_history_cuts_a_long_event_name_so_the_outcome_and_duration_stay_in_view(make_app, workdir: Path,
                                                                                           size) -> None:
    # A probe: at 120 columns a Developer Center file's name pushed the duration out of the History tab, at 100 the
    # outcome too ("Unsupported Eve").
    name = "events/checkout-completed-with-three-line-items-a-coupon-and-a-gift-card.json"
    (workdir / "events").mkdir()
    (workdir / name).write_text('{"type": "track", "event": "Checkout Completed", "userId": "u1"}')
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f9")
        table = app.main_screen.query_one("HistoryTable")
        await wait_until(pilot, lambda: table.row_count == 1 and 0 < table.virtual_size.width <= table.size.width,
                         what="the history filled for its width")

        def drawn_rows() -> list[str]:
            number, _, event, _, trigger, _ = (str(cell) for cell in table.get_row_at(0))
            return [row for row in screen_rows(app) if f"{number}  " in row and event in row and trigger in row]

        # The frame that draws the filled table may come a little later on a busy machine, and the table is filled
        # again for its width as the layout settles: the row's cells are read again each time.
        await wait_until(pilot, lambda: bool(drawn_rows()), what="the history's row drawn")
        drawn = drawn_rows()[0]
        _, _, event, outcome, trigger, duration = (str(cell) for cell in table.get_row_at(0))
        assert outcome == "Success" and trigger == "start"
        assert drawn.index(event) < drawn.index("Success") < drawn.index(trigger) < drawn.index(duration)
        assert event == name if size[0] >= 200 else event.startswith("events/checkout-") and event.endswith("…")


@pytest.mark.parametrize("size", [(20, 5), (40, 10), (60, 15), (79, 24)])
async def test_on_a_tiny_terminal_every_pane_fits_across_and_the_editor_has_the_larger_share(make_app, size) -> None:
    # A probe: at 20x5 the event list (24 columns at any width) ran off the screen and hid the editor; at 40x10 it left
    # the editor 16 columns.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        picker, work = screen.picker.region, screen.query_one("#work").region
        assert picker.right <= work.x and work.right <= size[0]
        assert work.width > picker.width > 0


SCRUB = """\
async function onIdentify(event) {
  delete event.traits.phone;
  delete event.context;
  event.traits.email = "hashed";
  return event;
}
"""


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_callback_returns_outcome_line_breaks_between_its_parts_never_inside_a_name(make_app, workdir, size) -> None:
    # A trial in tmux at 80x24: "events/customer-signup.j" ended a row and "son → onIdentify" began the next, and the
    # insert function's summary read "Output event: 2" over "removed, 1 changed ·".
    import json

    from textual.widgets import Static

    (workdir / "segtui.json").write_text(json.dumps({"kind": "insert"}))
    (workdir / "events").mkdir()
    event = {"type": "identify", "userId": "u1", "traits": {"email": "a@b.c", "phone": "1"}, "context": {"ip": "1"}}
    (workdir / "events" / "customer-signup-from-the-website.json").write_text(json.dumps(event))
    app = make_app(SCRUB, "--event", "events/customer-signup-from-the-website.json")
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.pause()

        def shown(selector: str) -> list[str]:
            """The rows of a Static as drawn (the changes' may lie below the pane's bottom, scrolled to)."""
            static = app.main_screen.query_one(selector, Static)
            return ["".join(part.text for part in static.render_line(y)).strip() for y in range(static.size.height)]

        outcome = shown("#outcome")
        assert outcome[0] == "✔ Success", outcome
        name = outcome[1]
        assert name.startswith("events/") and name.endswith(".json") and "…" in name, outcome
        assert outcome[2].startswith("→ onIdentify"), outcome
        changes = shown("#changes")
        assert any("2 removed," in row for row in changes) and any("1 changed" in row for row in changes), changes


async def _event_editor_open(pilot, app) -> EventEditor:
    """The event editor, opened (f3) once the first run is done, showing the event's JSON."""
    await wait_for_runs(pilot, 1)
    await pilot.press("f3")
    editor = app.main_screen.query_one(EventEditor)
    await wait_until(pilot, lambda: editor.text_area.text.count("\n") > 2, what="the event's JSON")
    return editor


async def test_on_a_short_terminal_a_valid_events_check_keeps_to_one_row_and_leaves_the_rest_to_the_editor(make_app) -> None:
    # A trial in tmux at 60x15: "✔ valid track event" wrapped onto three rows beside the buttons, and the event's
    # JSON showed one line of its file.
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        editor = await _event_editor_open(pilot, app)
        await pilot.pause()
        label = editor.query_one("#event-validation")
        assert str(label.render()).startswith("✔ valid")
        assert label.region.height == 1
        assert editor.text_area.region.height >= 3


async def test_on_a_small_terminal_an_invalid_events_reason_takes_one_row_over_the_buttons(make_app) -> None:
    # A new user's trial at 60x15: a quote typed into the event's JSON put "✖ line 2 col 21 · invalid JSON: …" in the
    # eight columns beside the buttons, four rows of them, and the editor showed one line, the user's typing out of view.
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        editor = await _event_editor_open(pilot, app)
        await pilot.press("down", "end", '"', "x")
        await wait_until(pilot, lambda: editor.has_class("-invalid"), what="the JSON found invalid")
        await pilot.pause()
        label = editor.query_one("#event-validation")
        assert str(label.render()).startswith("✖ line 2 col ")
        assert label.region.height == 1 and label.region.width > 30
        assert editor.text_area.region.height >= 3
        buttons = [button for button in editor.query("#event-bar Button") if button.display]
        assert buttons and all(editor.content_region.contains_region(button.region) for button in buttons)


async def test_on_a_tiny_terminal_the_requests_table_shows_a_request_under_its_header(make_app, workdir: Path) -> None:
    # A trial in tmux at 60x15: the stacked table's even share was two rows, its header and the scrollbar its columns
    # need, and the tab showed no request at all.
    (workdir / "mock.yaml").write_text("- prefix: https://api.example.com/v1/\n  status: 201\n")
    app = make_app(LONG_URLS, "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        table = app.main_screen.query_one(RequestInspector).table
        await wait_until(pilot, lambda: table.row_count == 2 and table.region.height > 0, what="the table filled")
        await pilot.pause()
        region = table.region
        rows = [row[region.x:region.right] for row in screen_rows(app)[region.y:region.bottom]]
        assert any(row.lstrip().startswith("1  GET") for row in rows), rows


async def test_the_requests_tab_maximized_gives_the_detail_the_rows_the_table_does_not_need(make_app, workdir: Path) -> None:
    # A trial at 120x40: F7 on the Requests tab split its height in two, the table's two requests followed by 16 empty
    # rows, and the detail cut to the other half.
    (workdir / "mock.yaml").write_text("- prefix: https://api.example.com/v1/\n  status: 201\n")
    app = make_app(LONG_URLS, "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "f7")
        inspector = app.main_screen.query_one(RequestInspector)
        await wait_until(pilot, lambda: inspector.table.row_count == 2 and inspector.table.region.height > 0,
                         what="the table filled")
        await pilot.pause()
        assert inspector.region.height >= 34
        assert inspector.table.region.height <= 2 + 2  # its header and two rows, and a scrollbar's row
        assert inspector.query_one("#request-detail-scroll").region.height >= inspector.region.height - 5
