"""The error in Callback Return fits the pane: a syntax error's caret under its character, a quoted stack line hung
under its code, whatever the pane's width when the run ended and after."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Static

from segtui.ui.widgets.result_panes import CallbackReturn
from ui.helpers import wait_for_runs, wait_until, watching

LONG_SYNTAX_ERROR = """\
async function onTrack(event, settings) {
  const endpoint = = 'https://api.example-webhook.com/v1/events?source=segment&retries=3';
  return endpoint;
}
"""
"""A syntax error (the second `=`, column 20) on a line far wider than a Callback Return beside Raw Log Output."""

LONG_THROW = """\
async function onTrack(event, settings) {
  throw new RetryError(`POST ${event.event} failed with a status the webhook API answers when it is overloaded`);
}
"""


def error_lines(app) -> list[str]:
    return str(app.main_screen.query_one("#error", Static).render()).split("\n")


def fits(app) -> bool:
    """Whether every line of the error quoting the handler's code (indented, or a stack's `   19 │ code`) fits the width
    of its Static, so that the pane wraps none of them (its prose may wrap)."""
    width = app.main_screen.query_one("#error", Static).content_region.width
    quoting = [line for line in error_lines(app) if line.startswith("    ") or "│" in line]
    return width > 0 and bool(quoting) and all(cell_len(line) <= width for line in quoting)


def caret_under(app) -> str:
    """The character of the quoted line that the caret line's `^` is under."""
    lines = error_lines(app)
    caret = next(index for index, line in enumerate(lines) if line.strip() == "^")
    return lines[caret - 1][lines[caret].index("^")]


async def test_a_syntax_error_on_a_long_line_is_cut_to_the_pane_with_the_caret_under_its_character(make_app) -> None:
    app = make_app(LONG_SYNTAX_ERROR)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await wait_until(pilot, lambda: fits(app), what="the quoted line cut to the pane")
        assert caret_under(app) == "="
        assert any(line.strip().startswith("…") or line.rstrip().endswith("…") for line in error_lines(app))
        await pilot.resize_terminal(90, 30)  # narrower: cut again to the new width
        await wait_until(pilot, lambda: fits(app), what="the quoted line cut to the narrower pane")
        assert caret_under(app) == "="


async def test_an_error_shown_behind_the_requests_tab_fits_the_pane_once_it_shows(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        await wait_until(pilot, lambda: not app.main_screen.query_one(CallbackReturn).region.width,
                         what="the requests tab over Callback Return")
        await watching(pilot)
        (workdir / "handler.js").write_text(LONG_THROW)
        await wait_for_runs(pilot, 2)
        await pilot.press("f6")
        await wait_until(pilot, lambda: fits(app), what="the quoted stack line fitted to the shown pane")
        quoted = [line for line in error_lines(app) if "│" in line]
        assert len(quoted) > 1, "the handler's line is wrapped under its code, the bar kept on each line"
        assert len({line.index("│") for line in quoted}) == 1
