"""Runs and their results: stopping, superseding, quitting mid-run, which tab shows, how outcomes read."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import time

import pytest
from textual.widgets import Footer, Static

from segtui.ui.widgets.result_panes import CallbackReturn
from segtui.ui.widgets.run_tables import HISTORY_ROWS
from ui.helpers import SIMPLE_HANDLER, outcome, record_notifications, sandbox_processes, wait_for_runs, wait_until

SIZE = (140, 40)

BUSY = """\
async function onTrack(event, settings) {
  while (true) {}
}

async function onIdentify(event, settings) {
  return "identified " + event.userId;
}
"""


def tab(app) -> str:
    return app.main_screen.query_one("#bottom-tabs").active


def select(app, name: str) -> None:
    """Select a Spec sample in the picker without running it."""
    key = next(event.key for event in app.main_screen.picker.events if event.key.endswith(f":{name}"))
    app.main_screen.selection.select(key)


async def test_quitting_during_a_run_leaves_no_sandbox_process(make_app) -> None:
    before = sandbox_processes()
    app = make_app(BUSY, timeout=120)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.running, what="the busy run to start")
        await wait_until(pilot, lambda: sandbox_processes() - before, what="the sandbox process")
        spinning = sandbox_processes() - before
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    deadline = time.monotonic() + 10
    while sandbox_processes() & spinning and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not sandbox_processes() & spinning


async def test_a_suite_stopped_by_a_new_run_posts_no_cancelled_result(make_app) -> None:
    app = make_app(BUSY, timeout=120)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.running, what="the first run to start")
        select(app, "identify")
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: app.main_screen.status.running == "track", what="the suite to reach track")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(app.main_screen.history) == 2 and not app.main_screen.running,
                         what="the new run")
        assert [run.event_name for run in app.main_screen.history] == ["identify", "identify"]
        assert not any(run.invocation.error and "cancelled" in run.invocation.error.message
                       for run in app.main_screen.history)
        assert app.main_screen.shown.invocation.return_value.startswith("identified ")
        suite = app.main_screen.query_one("SuiteTable")
        assert str(suite.get_row_at(0)[2]) == "stopped"
        await wait_until(pilot, lambda: any("Stopped after 0 of" in message for message, _ in notes),
                         what="the suite's stop notice")


COUNTS = """\
let calls = 0;
async function onTrack(event) { calls += 1; return [event.type, calls]; }
async function onIdentify(event) { calls += 1; return [event.type, calls]; }
async function onPage(event) { calls += 1; return [event.type, calls]; }
async function onScreen(event) { calls += 1; return [event.type, calls]; }
"""


async def test_runs_superseded_quickly_each_get_a_fresh_handler(make_app, monkeypatch) -> None:
    """A superseded run must not run its event on the next run's fresh load (every run counts one call)."""
    app = make_app(COUNTS)
    load = app.engine.load

    def slow_load(*args, **kwargs):
        loaded = load(*args, **kwargs)
        time.sleep(0.2)
        return loaded

    monkeypatch.setattr(app.engine, "load", slow_load)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f2")
        for _ in range(3):
            runs = len(app.main_screen.history)
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda runs=runs: app.main_screen.running or len(app.main_screen.history) > runs,
                             what="the picked event's run")
            await pilot.pause(0.1)
            await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: not app.main_screen.running, what="the last run")
        await pilot.pause()
        for run in app.main_screen.history:
            assert run.invocation.return_value == [run.event_payload["type"], 1], run.event_name
        assert app.main_screen.shown.event_name == "screen"


async def test_tabs_out_of_view_catch_up_when_clicked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        history = app.main_screen.query_one("HistoryTable")
        assert history.row_count == 0
        await pilot.click("#--content-tab-history-tab")
        await wait_until(pilot, lambda: history.row_count == 2, what="the history rows")
        assert [str(history.get_row_at(row)[0]) for row in range(2)] == ["2", "1"]
        await pilot.click("#--content-tab-requests-tab")
        inspector = app.main_screen.query_one("RequestInspector")
        await wait_until(pilot, lambda: inspector.border_title == "Requests (0)", what="the requests of run #2")
        assert "This run sent no requests." in str(inspector.query_one("#request-detail", Static).render())


async def test_runs_waiting_for_the_history_tab_are_bounded_by_what_it_lists(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        first = app.main_screen.history.runs[0]
        for number in range(2, HISTORY_ROWS + 6):
            app.main_screen.results.add_run(dataclasses.replace(first, number=number))
        assert len(app.main_screen.results._unlisted) == HISTORY_ROWS
        await pilot.press("f9")
        history = app.main_screen.query_one("HistoryTable")
        assert history.row_count == HISTORY_ROWS
        assert str(history.get_row_at(0)[0]) == str(HISTORY_ROWS + 5)
        assert str(history.get_row_at(HISTORY_ROWS - 1)[0]) == "6"


async def test_a_run_keeps_a_tab_showing_runs_in_view_brings_output_back_from_others_and_f6_shows_it(make_app, workdir):
    fetches = "await Promise.allSettled([{}].map((path) => fetch('http://127.0.0.1:9/' + path)));\n  return"
    app = make_app(SIMPLE_HANDLER.replace("return", fetches.format("'a', 'b'"), 1), "--offline")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        assert tab(app) == "requests-tab"
        inspector = app.main_screen.query_one("RequestInspector")
        await wait_until(pilot, lambda: inspector.border_title == "Requests (2)", what="run #1's requests")
        await pilot.press("down")
        await wait_until(pilot, lambda: "GET http://127.0.0.1:9/b" in inspector.detail_plain, what="request 2 selected")
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("return", fetches.format("'x', 'y', 'z'"), 1))
        await wait_for_runs(pilot, 2)
        # A user watching a request while editing its fetch sees the next run's there, the same request selected.
        assert tab(app) == "requests-tab"
        await wait_until(pilot, lambda: inspector.border_title == "Requests (3)", what="run #2's requests")
        assert "GET http://127.0.0.1:9/y" in inspector.detail_plain
        assert inspector.table.cursor_row == 1
        await pilot.press("f9")
        assert tab(app) == "history-tab"
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 3)
        assert tab(app) == "output-tab"
        await pilot.press("f9")
        await pilot.press("f6")
        assert tab(app) == "output-tab"
        await pilot.press("f8")
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("ok: true", "ok: 'saved'"))
        await wait_for_runs(pilot, 4)
        assert tab(app) == "diff-tab"
        await wait_until(pilot, lambda: "Run #4 compared with run #3" in str(app.main_screen.query_one("#diff-text").render()),
                         what="run #4's diff")
        titles = {command.title for command in app.get_system_commands(app.main_screen)}
        assert "Show output" in titles


async def test_an_unsupported_event_type_is_neutral_not_a_failure(make_app) -> None:
    app = make_app(SIMPLE_HANDLER, "--event", "identify")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert outcome(app).startswith("○ Unsupported Event Type")
        assert app.main_screen.query_one(CallbackReturn).has_class("-unsupported_event_type")
        code = app.main_screen.code
        assert code.error is None and code.editor.error_line is None
        assert code.border_subtitle == "" and not code.has_class("-error")
        status = str(app.main_screen.status.render())
        assert status.startswith("○ Unsupported Event Type") and "✖" not in status


async def test_a_crashed_sandbox_shows_as_segtuis_failure_never_as_bad_request(make_app) -> None:
    before = sandbox_processes()
    app = make_app("async function onTrack() { await new Promise((r) => setTimeout(r, 60000)) }", timeout=120)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.running and sandbox_processes() - before,
                         what="the run to start in its sandbox")
        for pid in sandbox_processes() - before:
            os.kill(pid, signal.SIGSEGV)
        await wait_for_runs(pilot, 1)
        assert outcome(app).startswith("‼ Sandbox Crashed (segtui bug)")
        panes = app.main_screen.query_one(CallbackReturn)
        assert panes.has_class("-sandbox_crashed") and not panes.has_class("-bad_request")
        assert "killed by SIGSEGV" in str(app.main_screen.query_one("#error", Static).render())
        status = str(app.main_screen.status.render())
        assert status.startswith("‼ Sandbox Crashed") and "Bad Request" not in status


@pytest.mark.parametrize(("text", "why"), [
    ('{"type": "track",}', "track:1:18: invalid JSON"),
    # A new user's trial: valid JSON of an unknown type was called "The event JSON is not valid".
    ('{"type": "trak", "event": "x"}', 'track: unknown event type "trak" (did you mean "track"?)'),
], ids=["invalid-json", "unknown-type"])
async def test_an_invalid_event_reads_as_a_whole_sentence_saying_why(make_app, text: str, why: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text(text)
        await pilot.pause()
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        status = str(app.main_screen.status.render()).split("   network:")[0]
        assert status.startswith(f"✖ not run · The event is not valid, so it was not run: {why}")
        assert not status.rstrip().endswith(":")
        error = str(app.main_screen.query_one("#error", Static).render())
        assert "Fix it in the Event JSON pane (F3)." in error and " tab" not in error



async def test_f5_and_f6_work_in_the_code_editor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f9")
        app.main_screen.code.editor.focus()
        await pilot.press("f6")
        assert tab(app) == "output-tab"
        await pilot.press("f5")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.history.runs[-1].trigger == "manual"


LONG_ERROR = """\
async function onTrack(event, settings) {
  throw new Error("this message is far too long for the border of the editor, " + "so it is cut ".repeat(5));
}
"""


async def test_the_editor_border_cuts_a_long_error_with_an_ellipsis(make_app) -> None:
    app = make_app(LONG_ERROR)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.pause()
        code = app.main_screen.code
        subtitle = code.border_subtitle
        assert subtitle.startswith("✖ line 2: Error: this") and "…" in subtitle
        assert subtitle.endswith(" · ctrl+g")
        assert len(subtitle) <= code.size.width - 4


async def test_the_footer_keeps_what_fits_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        for focus in ("f9", "f4", "f3", "f6"):
            await pilot.press(focus)
            await pilot.pause(0.2)
            keys = list(app.main_screen.query_one(Footer).query("FooterKey"))
            assert sum(key.outer_size.width for key in keys) <= 80, focus
            assert {"ctrl+q", "f1"} <= {key.key for key in keys}, focus


async def test_a_run_past_segments_log_limit_says_so_under_the_callback_return(make_app) -> None:
    app = make_app("async function onTrack(event) {\n  console.log('x'.repeat(5000));\n  return 1;\n}\n")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        note = app.main_screen.query_one("#return-note", Static)
        assert note.display
        assert str(note.render()) == "the logs are 4.9 KB: Segment's test UI shows only the first 4 KB"


async def test_on_batchs_statuses_show_what_happens_to_each_event_under_its_callback_return(make_app) -> None:
    app = make_app("async function onBatch(events) {\n  return events.map((e, i) => ({ status: i ? 500 : 200 }));\n}\n")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        select(app, "batch")
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        note = str(app.main_screen.query_one("#return-note", Static).render())
        assert outcome(app).startswith("✔ Success")
        lines = note.splitlines()
        assert lines[0] == "Each event:" and lines[1].startswith("  ") and lines[1].endswith(": Success")
        assert len(lines) > 3 and all(line.endswith(": Retry (BatchItemError: status 500)") for line in lines[2:])


async def test_the_history_forgets_old_runs_past_its_weight_and_nothing_else_keeps_them(make_app) -> None:
    """Each run of a handler returning a million keys kept ~150 MB in the TUI (History kept 200 runs, and the History
    tab's waiting list held every run whole): repeated saves grew it by that much each."""
    import gc

    from segtui.invocation import Invocation

    app = make_app("async function onTrack() { const o = {}; for (let i = 0; i < 50000; i++) o['k' + i] = i; return o; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.history.weight = 1_000_000  # each run's return is ~0.9 million characters of JSON
        for count in range(2, 6):
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda done=count: not screen.running and screen.history.runs[-1].number >= done,
                             what=f"run {count}")
        assert [run.number for run in screen.history.runs] == [4, 5]
        gc.collect()
        kept = [thing for thing in gc.get_objects() if isinstance(thing, Invocation) and thing.return_value]
        assert len(kept) == 2, "a forgotten run is still held"


async def test_the_history_counts_the_events_run_once_each_in_its_weight(make_app, workdir) -> None:
    """History's bound counted returns, logs and bodies but not the events: each edit of a big event kept another
    copy of it for as long as 200 runs."""
    big = {"type": "track", "event": "Big", "properties": {"blob": "x" * 400_000}}
    (workdir / "events").mkdir()
    (workdir / "events" / "big.json").write_text(json.dumps(big))
    app = make_app("async function onTrack(event) { return event.properties.blob.length; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.history.weight = 1_000_000  # room for two of the 0.4-million-character events, not three
        for count in range(2, 5):  # the same event again: one copy, however many runs hold it
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda done=count: not screen.running and len(screen.history) >= done,
                             what=f"run {count}")
        assert [run.number for run in screen.history.runs] == [1, 2, 3, 4]
        for count in range(5, 8):  # each edit a new copy
            big["properties"]["blob"] = str(count) * 400_000
            screen.event_editor.text_area.load_text(json.dumps(big))
            await pilot.pause()
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda done=count: not screen.running and screen.history.runs[-1].number >= done,
                             what=f"run {count}")
        assert [run.number for run in screen.history.runs] == [6, 7]
        assert screen.history.runs[-1].invocation.return_value == 400_000


async def test_a_suite_shows_its_first_failure_not_its_last_run(make_app) -> None:
    # A new user's trial: after ctrl+t the panes and the status line showed the suite's last event (a screen sample,
    # "Unsupported Event Type"), the one Message Rejected further up the table, its count only in a passing toast.
    app = make_app("async function onIdentify(event) { throw new ValidationError('no email for ' + event.userId); }\n"
                   "async function onTrack(event) { return 1; }\n")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(note.startswith("16 events") for note, _ in notes), what="the suite's end")
        screen = app.main_screen
        suite = screen.query_one("SuiteTable")
        assert screen.shown.trigger == "suite" and screen.shown.event_name == "identify"
        assert str(suite.get_row_at(suite.cursor_row)[1]) == "identify"
        assert str(screen.status.render()).startswith("run #3, from the suite · ✖ Message Rejected · identify")
        toast = next(note for note, _ in notes if note.startswith("16"))
        assert toast.endswith("\nShown: the first that failed, identify.")
