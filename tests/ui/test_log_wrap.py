"""The Raw Log Output's rows follow its width through every resize: never left as worked out for an earlier width."""

from __future__ import annotations

from textual.app import App, ComposeResult

from segtui.ui.views import LogLine
from segtui.ui.widgets.log_view import LogView

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
