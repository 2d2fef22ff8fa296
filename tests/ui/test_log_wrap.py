"""The Raw Log Output's rows follow its width through every resize: never left as worked out for an earlier width."""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.worker import Worker, WorkerState

from segtui.ui.messages import WorkerFailed
from segtui.ui.views import LogLine
from segtui.ui.widgets.log_view import LogView
from ui.helpers import wait_until

TEXT = " ".join(f"word{n}" for n in range(40))


class _Logs(App[None]):
    """A Raw Log Output's view filling the terminal."""

    CSS = "LogView { width: 100%; height: 100%; }"

    def compose(self) -> ComposeResult:
        yield LogView()


def _shown(view: LogView) -> list[str]:
    return [view.render_line(y).text.rstrip() for y in range(min(len(view._rows), view.size.height))]


async def test_the_log_rows_are_laid_out_again_whenever_the_time_and_level_move() -> None:
    # From 54 to 35 columns the text keeps its width (33 cells beside the time and level, then 33 under them), and the
    # rows of the wide layout were kept: the time and level, which now need a row of their own, were not shown at all.
    app = _Logs()
    async with app.run_test(size=(54, 20)) as pilot:
        view = app.query_one(LogView)
        view.set_lines([LogLine("info", "2026-01-01T10:11:12.345Z", TEXT)], lambda iso: iso[11:23])
        await pilot.pause()
        assert _shown(view)[0].startswith("10:11:12.345 INFO  word0 ")
        for size in ((35, 20), (1, 1), (120, 40), (35, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            rows = _shown(view)
            if size == (120, 40):
                assert rows[0].startswith("10:11:12.345 INFO  word0 word1 word2")
            elif size == (35, 20):
                assert rows[0] == "10:11:12.345 INFO" and rows[1].startswith("word0 word1 word2")
        assert " ".join(text for _, part, text in view._rows if part >= 0).split() == TEXT.split()


async def _laid_out(app: App[None], pilot: Pilot[None]) -> None:
    """Wait until the view has all its rows and no layout thread runs (a cancelled one fails `wait_for_complete`)."""
    await pilot.pause()
    while app.query_one(LogView)._laying_out or any(
            worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
        await pilot.pause(0.02)
    await pilot.pause()


def _long_lines(count: int, tag: str) -> list[LogLine]:
    return [LogLine("log", "2026-01-01T10:11:12.345Z", f"{tag}{n} " + " ".join(f"w{n}.{k}" for k in range(60)))
            for n in range(count)]


def _check_complete(view: LogView, lines: list[LogLine], width: int) -> None:
    """Every line's rows, in order, each at most `width` cells, rejoined to the line's words."""
    by_line: dict[int, list[str]] = {}
    for index, part, text in view._rows:
        assert part == len(by_line.setdefault(index, [])) and len(text) <= width
        by_line[index].append(text)
    assert list(by_line) == list(range(len(lines)))
    assert all(" ".join(by_line[n]).split() == line.text.split() for n, line in enumerate(lines))


async def test_a_long_log_is_laid_out_off_the_ui_loop_and_shown_whole_once_done() -> None:
    # What a run keeps at most (10,000 lines, 2,000,000 characters) took Rich ~2 s to wrap at 40 columns, all on the UI
    # loop: the app froze, and again at each resize.
    # Now the first rows are laid out at once and the rest on a thread; a resize or new lines meanwhile start over, and
    # the earlier layout's rows never land.
    app = _Logs()
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(LogView)
        lines = _long_lines(3000, "first")
        view.set_lines(lines, lambda iso: iso[11:23])
        assert 0 < len(view._rows) < 3000  # a screenful and more, not all 3,000 lines' rows
        assert view.render_line(0).text.startswith("10:11:12.345 LOG   first0 w0.0")
        await pilot.resize_terminal(60, 20)  # meanwhile: laid out again for 41 cells
        await _laid_out(app, pilot)
        _check_complete(view, lines, 60 - 19)
        newer = _long_lines(2000, "second")
        view.set_lines(newer, lambda iso: iso[11:23])
        view.set_lines(newer[:1500], lambda iso: iso[11:23])  # a newer run's before the first's rows were done
        await _laid_out(app, pilot)
        _check_complete(view, newer[:1500], 60 - 19)
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.render_line(view.size.height - 1).text.split()[-1] == "w1499.59"


async def test_a_resize_keeps_the_line_at_the_top_and_end_goes_to_the_real_end_once_laid_out() -> None:
    # A review: a resize parked the view at the ~400 rows laid out at once and never went back to the line it showed;
    # End while the rest were laid out stopped there too.
    app = _Logs()
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(LogView)
        lines = _long_lines(3000, "line")
        view.set_lines(lines, lambda iso: iso[11:23])
        await _laid_out(app, pilot)
        view.scroll_to(0, next(y for y, row in enumerate(view._rows) if row[:2] == (2000, 0)), animate=False)
        await pilot.pause()
        await pilot.resize_terminal(70, 20)
        await _laid_out(app, pilot)
        assert view._rows[view.scroll_offset.y][:2] == (2000, 0)
        await pilot.resize_terminal(60, 20)
        await pilot.press("end")
        await _laid_out(app, pilot)
        assert view.scroll_offset.y == len(view._rows) - view.scrollable_content_region.height > 30000


async def test_rows_of_an_older_layout_never_land_and_a_hidden_view_waits_until_shown() -> None:
    app = _Logs()
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(LogView)
        view.set_lines(_long_lines(5, "a"), lambda iso: iso[11:23])
        await pilot.pause()
        rows = list(view._rows)
        view.post_message(LogView.LaidOut(view._layout - 1, [(99, 0, "stale")]))
        await pilot.pause()
        assert view._rows == rows
        # Hidden (another tab in front), the view is 0 wide: laying 3,000 lines out 1 cell wide took ~10 s of CPU.
        view.display = False
        await pilot.pause()
        lines = _long_lines(3000, "b")
        view.set_lines(lines, lambda iso: iso[11:23])
        await _laid_out(app, pilot)
        assert view._rows == []
        view.display = True
        await _laid_out(app, pilot)
        _check_complete(view, lines, 80 - 19)


async def test_a_failure_laying_out_the_rest_of_the_log_is_shown() -> None:
    # A review: the thread laying out the rows after the first screenful failed in silence (exit_on_error=False and
    # no handler): the view kept its first rows as if they were the whole log, and nothing was reported.
    app = _Logs()
    posted: list[Message] = []
    async with app.run_test(size=(80, 20), message_hook=posted.append) as pilot:
        view = app.query_one(LogView)
        lines = _long_lines(1000, "line")
        lines[900] = LogLine("log", "2026-01-01T10:11:12.345Z", 900)  # type: ignore[arg-type] - text Rich cannot wrap
        view.set_lines(lines, lambda iso: iso[11:23])
        await wait_until(pilot, lambda: any(isinstance(message, Worker.StateChanged) and message.state == WorkerState.ERROR
                                            for message in posted), what="the layout to fail")
        await pilot.pause()
        assert not view._laying_out
        failed = {id(message): message for message in posted if isinstance(message, WorkerFailed)}  # seen at each hop
        assert len(failed) == 1 and "TypeError" in next(iter(failed.values())).details
        view.scroll_end(animate=False)
        await pilot.pause()
        last = view.render_line(view.size.height - 1).text
        assert "the rest of the log could not be shown" in last and "TypeError" in last


class _FailsOnAThread(str):
    """A line's text whose length, asked on a thread, waits until `go_on` and then fails."""

    asked = threading.Event()
    go_on = threading.Event()

    def __len__(self) -> int:
        if threading.current_thread() is not threading.main_thread():
            self.asked.set()
            self.go_on.wait(60)
            raise RuntimeError("an outdated layout failed")
        return super().__len__()


async def test_the_failure_of_an_outdated_layout_is_not_the_newer_logs() -> None:
    # A review: any layout thread's failure was shown and reported, an outdated one's too: a newer, whole log then
    # ended in "the rest of the log could not be shown".
    app = _Logs()
    posted: list[Message] = []
    async with app.run_test(size=(80, 20), message_hook=posted.append) as pilot:
        view = app.query_one(LogView)
        lines = _long_lines(1000, "line")
        lines[900] = LogLine("log", "2026-01-01T10:11:12.345Z", _FailsOnAThread("failing"))
        view.set_lines(lines, lambda iso: iso[11:23])
        await wait_until(pilot, _FailsOnAThread.asked.is_set, what="the layout thread at the failing line")
        view.set_lines(_long_lines(3, "newer"), lambda iso: iso[11:23])
        await pilot.pause()
        _FailsOnAThread.go_on.set()
        await wait_until(pilot, lambda: any(isinstance(message, Worker.StateChanged) and message.state == WorkerState.ERROR
                                            for message in posted), what="the outdated layout to fail")
        await pilot.pause()
        assert not view._failure and not any(isinstance(message, WorkerFailed) for message in posted)
        assert {line for line, _, _ in view._rows} == {0, 1, 2} and view.virtual_size.height == len(view._rows)
        view.scroll_end(animate=False)
        await pilot.pause()
        assert not any("could not be shown" in view.render_line(y).text for y in range(view.size.height))
