"""A running run can be cancelled from its key; a pane can fill the screen; the status line names every network mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.http_server import Reply
from textual.widgets import Footer, Static

from segtui.ui.app import SegtuiApp
from segtui.ui.session import FrozenClock
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import ResultPanes
from ui.engines import GatedEngine
from ui.helpers import SIMPLE_HANDLER, outcome, screen_rows, wait_for_runs, wait_until

SPINS_ON_TRACK = """\
async function onTrack(event, settings) {
  console.log("before spinning");
  while (true) {}
}

async function onIdentify(event, settings) {
  return "identified " + event.userId;
}
"""

WAITS_ON_TRACK = """\
async function onTrack(event, settings) {
  console.log("before");
  await new Promise((resolve) => setTimeout(resolve, 8000));
  console.log("after");
}
"""


def footer_keys(app) -> set[str]:
    return {key.key for key in app.main_screen.query_one(Footer).query("FooterKey")}


async def test_escape_cancels_a_run_which_is_kept_with_what_it_logged(make_app, loopback) -> None:
    # The escape waits for the handler's request, sent after its log: on a loaded machine the running line could show
    # while the handler still loaded, and the cancelled run held no log.
    arrived = []
    loopback.routes["/spin"] = lambda _received: arrived.append(True) or Reply(body=b"spin")
    app = make_app(SPINS_ON_TRACK.replace('console.log("before spinning");',
                                          'console.log("before spinning");\n  await fetch(settings.base + "/spin");'),
                   "--setting", f"base={loopback.base}", timeout=120)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: bool(arrived), what="the handler's request, after its log")
        await cancel_a_run(pilot)
        assert outcome(app).startswith("✖ Cancelled  track → onTrack")
        assert str(screen.status.render()).startswith("✖ Cancelled · track")
        assert [entry.message for entry in screen.shown.invocation.logs] == ["before spinning"]
        key = next(event.key for event in screen.picker.events if event.key.endswith(":identify"))
        screen.selection.select(key)
        screen.action_run_event()
        await wait_until(pilot, lambda: "identified" in screen.query_one("#return-value").text, what="the next run")
        assert not screen.query_one(ResultPanes).has_class("-running") and dimmed_tabs(screen) == [False, False]
        screen.selection.select(next(event.key for event in screen.picker.events if event.key.endswith(":track")))
        screen.action_run_event()
        # A new user read what a slow run left below its running line as that run's result.
        await cancel_a_run(pilot, "⏳ Running track… · the result below is the previous run's")
        assert [record.outcome_word for record in screen.history.runs] == ["Cancelled", "Success", "Cancelled"]


async def test_a_cancelled_run_keeps_the_logs_it_wrote_before(make_app, loopback) -> None:
    # A new user's probe: escape while the handler awaited a timer threw the run's logs away ("before"), where its
    # timeout keeps them: the panes went on showing the previous run, dimmed. The escape waits for the handler's
    # request, sent after its log: an escape while the handler loaded (a loaded CI machine) left no log to keep.
    arrived = []
    loopback.routes["/wait"] = lambda _received: arrived.append(True) or Reply(body=b"late", delay_s=100)
    app = make_app(WAITS_ON_TRACK.replace("await new Promise((resolve) => setTimeout(resolve, 8000));",
                                          "await new Promise((resolve) => setTimeout(resolve, 100));\n"
                                          "  await fetch(settings.base + '/wait');"),
                   "--setting", f"base={loopback.base}", timeout=60)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: bool(arrived), what="the handler's request, after its log")
        await cancel_a_run(pilot)
        shown = pilot.app.main_screen.shown
        assert shown.cancelled and [entry.message for entry in shown.invocation.logs] == ["before"]
        assert any("LOG   before" in row for row in screen_rows(app)), screen_rows(app)


async def test_escape_as_the_handler_loads_keeps_what_its_top_level_logged(make_app) -> None:
    # Escape while the top level ran was answered as "no run has ended yet", what it had logged thrown away, and the
    # sandbox said a timeout. A top level sends no request until it ends, so the sandbox's CPU time says when its
    # spinning (after its log) has begun: a second of it beyond what the process had used when the run started.
    app = make_app("console.log('loading');\nwhile (true) {}\n" + SIMPLE_HANDLER, timeout=60)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: screen.running and screen.engine._sandbox is not None, what="the run to start")
        pid = screen.engine._sandbox.process.pid
        started = cpu_seconds(pid)
        await wait_until(pilot, lambda: cpu_seconds(pid) > started + 1, what="the top level to spin")
        await cancel_a_run(pilot)
        shown = screen.shown
        assert outcome(app).startswith("✖ Cancelled  track → (top level)"), outcome(app)
        assert str(screen.status.render()).startswith("✖ Cancelled · track")
        assert [entry.message for entry in shown.invocation.logs] == ["loading"]
        assert shown.invocation.error is not None and shown.invocation.error.name == "SandboxError"
        assert any("LOG   loading" in row for row in screen_rows(app)), screen_rows(app)


def cpu_seconds(pid: int) -> float:
    """The CPU time process `pid` has used (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def cancel_a_run(pilot, running: str = "⏳ Running track…") -> None:
    """Wait for the run's running line to read `running`, cancel it with escape, wait for the cancelled run to be
    shown and the cancel key to go."""
    app, screen = pilot.app, pilot.app.main_screen
    runs = len(screen.history)
    await wait_until(pilot, lambda: screen.running, what="the run to start")
    await wait_until(pilot, lambda: "escape" in footer_keys(app), what="the cancel key in the footer")
    await wait_until(pilot, lambda: "Running" in outcome(app), what="the running line")
    assert screen.query_one(ResultPanes).has_class("-running")
    assert outcome(app) == running
    await pilot.press("escape")
    await wait_for_runs(pilot, runs + 1)
    assert screen.shown.cancelled and screen.shown is screen.history.get(runs + 1)
    assert not screen.query_one(ResultPanes).has_class("-running")  # what is shown is this run's result
    assert dimmed_tabs(screen) == [False, False]  # as the Requests and Diff tabs show
    await wait_until(pilot, lambda: "escape" not in footer_keys(app), what="the cancel key to leave the footer")


def dimmed_tabs(screen) -> list[bool]:
    """Whether the Requests and Diff tabs are dimmed as showing a previous run."""
    return [screen.query_one(name).has_class("-running") for name in ("RequestInspector", "DiffView")]


async def test_escape_does_nothing_to_the_editor_when_no_run_is_going(make_app) -> None:
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.check_action("cancel_run", ()) is False
        assert "escape" not in footer_keys(app)


async def test_f7_maximizes_the_focused_pane_and_restores_it(make_app) -> None:
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await wait_for_runs(pilot, 1)
        assert "f7" in footer_keys(app)
        code = screen.query_one(CodePane)
        small = code.size.height
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is code
        assert code.size.height > small and code.outer_size.width == app.size.width  # the whole screen
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is None
        await pilot.press("f6")  # the output panes: the whole results area fills the screen
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is screen.query_one("#bottom-tabs")  # the tabs and what they show


async def test_the_footer_offers_f7_to_restore_while_a_pane_fills_the_screen(make_app) -> None:
    # A new user's trial: with the code filling the screen the footer still read "f7 Maximize".
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await wait_for_runs(pilot, 1)

        def footer() -> str:
            return screen_rows(app)[-1]

        await wait_until(pilot, lambda: "f7 Maximize" in footer(), what="the footer drawn after the run")
        assert "Restore" not in footer()
        for restore in ("f7", "escape"):
            await pilot.press("f7")
            await wait_until(pilot, lambda: "f7 Restore" in footer(), what="f7 offered to restore")
            assert screen.maximized is not None and "Maximize" not in footer()
            await pilot.press(restore)
            await wait_until(pilot, lambda: "f7 Maximize" in footer(), what="f7 offered to maximize again")
            assert screen.maximized is None


async def test_f7_in_a_request_s_detail_fills_the_screen_with_the_tabs(make_app, workdir) -> None:
    # A new user's trial: tab from the requests table to the request's headers and bodies, then f7: nothing happened,
    # though the footer offered "f7 Maximize" (a scrolling container may not be maximized itself).
    (workdir / "mock.yaml").write_text("- url: https://api.example.com/v1/events\n  status: 202\n")
    app = make_app('async function onTrack(event) { await fetch("https://api.example.com/v1/events"); }',
                   "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.main_screen
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        await wait_until(pilot, lambda: screen.query_one(RequestInspector).table.row_count == 1, what="the request")
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.query_one("#request-detail-scroll")
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is screen.query_one("#bottom-tabs")
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is None
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        await pilot.press("f8")  # the diff of the two runs: a view of its own that may not fill the screen alone either
        screen.query_one("#diff").focus()
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is screen.query_one("#bottom-tabs")


@pytest.mark.parametrize("size", [(100, 30), (160, 40)])
async def test_f7_on_the_event_list_fills_the_screen_and_shows_long_names_whole(make_app, workdir, size) -> None:
    # A new user's trial at 100x30: f7 in the event list kept it 24 columns wide in the middle of a hatched screen,
    # its names still cut ("01-page-ho…"), where a pane filling the screen should show them whole.
    (workdir / "events").mkdir()
    name = "identify-a-returning-customer-from-the-mobile-app"
    (workdir / "events" / f"{name}.json").write_text('{"type": "identify", "userId": "u1"}')
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        await wait_for_runs(pilot, 1)
        await pilot.press("f2", "f7")
        await pilot.pause()
        assert screen.maximized is screen.picker
        assert screen.picker.outer_size.width == app.size.width
        assert any(name in row for row in screen_rows(app))
        await pilot.press("f7")
        await pilot.pause()
        assert screen.maximized is None and screen.picker.outer_size.width < app.size.width // 2


async def test_the_status_line_names_every_network_mode(make_app, workdir) -> None:
    (workdir / "mock.yaml").write_text("- url: https://example.com/\n  status: 200\n")
    app = make_app(SIMPLE_HANDLER, "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert "network: mock + offline" in str(app.main_screen.query_one("#status", Static).render())


async def test_a_big_terminal_shows_long_event_names_whole_in_the_picker_and_the_suite(make_app, workdir) -> None:
    # A new user's trial at 220×60: "03-identify-anonymou…" in the picker and "events/identify-no-emai…" in the suite
    # table, cut to the widths of an 80-column terminal beside 150 columns of blank.
    (workdir / "events").mkdir()
    (workdir / "events" / "identify-no-email.json").write_text('{"type": "identify", "userId": "u1"}')
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(220, 60)) as pilot:
        screen = app.main_screen
        await wait_for_runs(pilot, 1)
        assert screen.picker.option_list.content_region.width >= len("identify 03-identify-anonymous-user")
        total = len([event for event in screen.picker.events if event.source.ok])
        await pilot.press("ctrl+t")
        await wait_for_runs(pilot, 1 + total)
        await wait_until(pilot, lambda: screen.status.running is None, what="the suite to end")
        suite = screen.results.suite
        names = [str(suite.get_cell(key, "event")) for key in suite.rows]
    assert "events/identify-no-email.json" in names


class SteppedClock(FrozenClock):
    """A frozen clock whose monotonic reading moves only when the test moves it."""

    reading = 1000.0

    def monotonic(self) -> float:
        return self.reading


async def test_a_slow_run_counts_its_seconds_against_the_time_limit_on_the_status_line(make_app) -> None:
    # A new user's trial: a run waiting on a slow API said "⏳ running track…" for five seconds, nothing moving, and
    # then timed out; the limit it ran into was never in view.
    clock, engine = SteppedClock(), GatedEngine()
    app = make_app(timeout=3.0)
    app = SegtuiApp(app.setup, engine=engine, clock=clock, cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        status = app.main_screen.status
        await wait_until(pilot, lambda: "⏳ running track… 0s (3s limit per event)" in str(status.render()),
                         what="the run's count to start")
        clock.reading += 2.5
        await wait_until(pilot, lambda: "⏳ running track… 2s (3s limit per event)" in str(status.render()),
                         what="the count to follow the clock")
        engine.gate.set()
        await wait_for_runs(pilot, 1)
        assert str(status.render()).startswith("✔ Success · track")
        assert status._ticker is None, "the count stopped with the run"
