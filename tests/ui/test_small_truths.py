"""What the TUI says matches what happened: `undefined` returned, the palette's Quit, the suite's words."""

from __future__ import annotations

import re
from collections import Counter

from textual.widgets import Static

from segtui.ui.widgets.run_tables import SuiteTable
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until, watching

MIXED = """\
async function onTrack(event) { console.log("returns nothing"); }
async function onIdentify(event) { throw new ValidationError("userId is required"); }
async function onPage(event) { return null; }
"""


async def test_a_handler_that_returns_undefined_shows_undefined(make_app) -> None:
    app = make_app(MIXED)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.query_one("#return-value").text == "undefined"
        key = next(event.key for event in app.main_screen.picker.events if event.key.endswith(":page"))
        app.main_screen.selection.select(key)
        app.main_screen.action_run_event()
        await wait_for_runs(pilot, 2)
        assert app.main_screen.query_one("#return-value").text == "null"


async def test_the_palettes_quit_says_it_asks_about_unsaved_edits(make_app) -> None:
    app = make_app(MIXED)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        quits = [command for command in app.get_system_commands(app.main_screen) if command.title == "Quit"]
        assert len(quits) == 1 and "unsaved" in quits[0].help



async def test_the_suite_toast_uses_the_suite_tables_words(make_app) -> None:
    app = make_app(MIXED)
    async with app.run_test(size=(140, 40)) as pilot:
        seen = record_notifications(app)
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in seen), timeout=60,
                         what="the suite's toast")
        toast = next(message for message, options in seen if options.get("title") == "Suite")
        table = app.main_screen.query_one(SuiteTable)
        words = Counter(str(table.get_cell(row, "outcome")) for row in table.rows)
        said = {word: int(count) for count, word in re.findall(r"(\d+) ([A-Za-z ]+?)(?:,|$)", toast.splitlines()[0].split(": ", 1)[1])}
        assert said == dict(words)
        assert {"Success", "Message Rejected", "Unsupported Event Type"} <= set(said)
        assert toast.splitlines()[1].startswith("Shown: the first that failed, ")  # the run the panes show
        assert str(app.main_screen.query_one("#outcome", Static).render())


def test_the_run_diff_masks_a_request_body_before_cutting_it():
    # A leak probe: F8 cut a long body at 100,000 characters and masked the lines after, so a secret the cut split
    # showed all but its last characters.
    from segtui.invocation import Invocation
    from segtui.masking import Masker
    from segtui.records import RequestRecord
    from segtui.ui.diff import diff_invocations

    secret = "Sh0rtSecret12"
    masker = Masker([secret])

    def run(tag: str) -> Invocation:
        body = tag + "x" * (100_000 - len(secret)) + secret + "tail"
        return Invocation("h.js", "track", "onTrack", "success", requests=[
            RequestRecord(method="POST", url="http://127.0.0.1/", body=body, body_encoding="utf-8", body_size=len(body))])

    shown = "\n".join(line for section in diff_invocations(run("A"), run("B"), (masker,)) for _, line in section.lines)
    assert secret[:-1] not in shown


async def test_a_log_pane_too_narrow_for_time_and_level_beside_the_text_puts_them_above_it() -> None:
    # A probe: the source example's Raw Log Output at 120 columns is ~22 wide, and each row showed 2 or 3 characters of
    # the message after the 19-column time and level.
    from textual.app import App, ComposeResult

    from segtui.ui.views import LogLine
    from segtui.ui.widgets.log_view import LogView

    class Narrow(App[None]):
        CSS = "LogView { width: 24; height: 10; }"

        def compose(self) -> ComposeResult:
            yield LogView()

    app = Narrow()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(LogView)
        view.set_lines([LogLine("log", "2026-12-04T23:23:18.060Z", "webhook order.created evt_1042 from shop")],
                       lambda iso: iso[11:23])
        await pilot.pause()
        rows = [view.render_line(y).text.rstrip() for y in range(4)]
        assert rows[0] == "23:23:18.060 LOG"
        assert rows[1].startswith("webhook order") and "".join(rows[1:]).replace(" ", "") == \
            "webhookorder.createdevt_1042fromshop"


async def test_the_run_diff_names_a_failed_load_as_the_history_does(make_app, workdir) -> None:
    # A new user's trial: a save with a syntax error was "Load failed" in History (F9) and "Could not load the
    # handler" in Callback Return, but F8 compared "- Bad Request" with the next run, a label no pane had shown.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        (workdir / "handler.js").write_text("async function onTrack(event) { return 1 }\n}")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.outcome_word == "Load failed"
        # and the status line, which said "✖ load failed" and not of which event
        assert str(app.main_screen.status.render()).startswith("✖ Load failed · track   network:")
        await pilot.press("f8")
        diff = app.main_screen.query_one("#diff-text")
        await wait_until(pilot, lambda: "compared with run #1" in str(diff.render()), what="the diff")
        shown = str(diff.render())
        assert "+ Load failed" in shown and "Bad Request" not in shown


async def test_the_suite_says_which_batch_items_failed_and_warns(make_app) -> None:
    # A new user's trial: onBatch rejected two of five events; the suite's batch row said Success with no detail, and
    # the toast was a calm "information" one.
    app = make_app("async function onBatch(events) {\n"
                   "  return events.map(e => e.type === 'track' ? {status: 200} : {status: 400, errormessage: 'no'});\n}\n"
                   "async function onTrack() { return 1; }\n")
    async with app.run_test(size=(140, 40)) as pilot:
        seen = record_notifications(app)
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in seen), timeout=60,
                         what="the suite's toast")
        table = app.main_screen.query_one(SuiteTable)
        batch = next(key for key in table.rows if str(table.get_cell(key, "type")) == "batch")
        assert str(table.get_cell(batch, "outcome")) == "Success"
        assert table.details[batch.value] == "3 of 5 batch items failed: 3 Message Rejected"
        assert next(options for _, options in seen if options.get("title") == "Suite")["severity"] == "warning"


async def test_a_long_failing_line_quoted_under_the_error_wraps_under_its_code(make_app) -> None:
    # A new user's trial: the quoted line wrapped at the pane's edge and its end began the next line at the margin,
    # where it read as another line of the stack ("${response.status}`);").
    app = make_app("async function onTrack(event) {\n"
                   "  throw new RetryError(`CRM answered ${event.type} for ${event.userId} at ${event.timestamp}`);\n}\n")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        error = app.main_screen.query_one("#error", Static)
        shown = error.render().plain.splitlines()
        start = next(index for index, line in enumerate(shown) if line.startswith("      2 │ throw new RetryError("))
        rest = shown[start + 1:]
        assert rest and all(line.startswith("        │ ") for line in rest), shown
        assert " ".join(line.split("│ ", 1)[1] for line in shown[start:]) == (
            "throw new RetryError(`CRM answered ${event.type} for ${event.userId} at ${event.timestamp}`);")
        assert max(len(line) for line in shown[start:]) <= error.content_region.width



async def test_a_banner_too_wide_for_its_pane_wraps_the_run_time_whole(make_app) -> None:
    # A trial in tmux at 150 columns: "… → onIdentify  11.9" ended one line and "ms" began the next.
    from textual.content import Content

    from segtui.ui.session import Clock
    from segtui.ui.widgets.result_panes import outcome_line

    app = make_app(MIXED)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        record = app.main_screen.shown
        for duration_ms in (1.44, 11.94, 123.4, 1009.5):
            record.invocation.duration_ms = duration_ms
            banner = outcome_line(record, Clock())
            taken = Clock().duration(duration_ms)
            for width in range(12, len(banner.plain) + 1):
                lines = [line.plain.strip() for line in Content.from_rich_text(banner).wrap(width)]
                assert any(taken in line for line in lines), (width, lines)


async def test_the_diff_of_a_first_run_says_how_to_get_one(make_app) -> None:
    # A new user's trial: F8 after the first run said "No earlier run of this event to compare with." and no more.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f8")
        diff = app.main_screen.query_one("#diff-text")
        await wait_until(pilot, lambda: "Run #1" in str(diff.render()), what="the diff")
        assert "run it again (ctrl+r, or save the handler), then F8 shows what changed" in str(diff.render())
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        await pilot.press("f8")
        await wait_until(pilot, lambda: "compared with run #1" in str(diff.render()), what="the second run's diff")


async def test_the_suites_detail_column_has_room_at_120_columns(make_app) -> None:
    # A new user's probe: at 120 columns the event's name took the room the other columns leave, and the Detail column
    # showed 8 characters of each failure ("RetryErr"), the rest past the table's edge.
    app = make_app(MIXED)
    async with app.run_test(size=(120, 36)) as pilot:
        seen = record_notifications(app)
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in seen), timeout=60,
                         what="the suite's toast")
        app.clear_notifications()
        await pilot.pause()
        rows = [row for row in screen_rows(app) if "Message Rejected" in row and "│" in row]  # not the status line
        assert rows and all("ValidationError: " in row for row in rows), rows
