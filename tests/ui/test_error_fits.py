"""The error in Callback Return fits the pane: a syntax error's caret under its character, a quoted stack line hung
under its code, whatever the pane's width when the run ended and after."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from segtui.bounded_text import MAX_HEADLINE_CHARS
from segtui.ui.views import MAX_FRAME_CHARS, MAX_FRAMES
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.result_panes import CallbackReturn
from ui.helpers import screen_rows, wait_for_runs, wait_until, watching

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

DEEP_STACK = """\
async function onTrack(event, settings) {
  const error = new Error('deep');
  error.stack = 'Error: deep\\n    at ' + 'y'.repeat(5000) + '\\n' + '    at step (/lib/steps.js:2:17)\\n'.repeat(999);
  throw error;
}
"""
"""A stack of 1,000 frames, as a handler may write one (or get with Error.stackTraceLimit = Infinity), the first of
them 5,000 characters long."""


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


@pytest.mark.parametrize(("source", "bad", "good"), [
    ("async function onTrack(event) {\n  const x = {a: 1,,};\n  return x;\n}\n", "const x", "return x"),
    ("".join(f"// {n}\n" for n in range(9)) + "async function onTrack(event) {\n  const x = {a: 1,,};\n  return x;\n}\n",
     "const x", "return x"),
])
async def test_the_failing_lines_mark_keeps_its_code_in_line_with_the_others(make_app, source, bad, good) -> None:
    # A new user's trial: in a five-line handler the ✖ before the failing line's number took a column the gutter did
    # not have, so that line's code sat a column right of the lines around it (as did line 11 of a 12-line handler).
    app = make_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.query_one(CodePane).editor
        await wait_until(pilot, lambda: editor.error_line is not None, what="the failing line marked")
        await pilot.pause()
        rows = screen_rows(app)
        marked = next(row for row in rows if bad in row)
        other = next(row for row in rows if good in row)
        assert "✖" in marked
        assert marked.index(bad) == other.index(good)


async def test_a_deep_stack_shows_its_first_frames_cut_and_how_many_more_there_are(make_app) -> None:
    # A probe: a stack of 50,000 frames was laid out whole in the pane, which held the UI up for most of a minute; a
    # frame of 800,000 characters, wrapped, for ten seconds.
    app = make_app(DEEP_STACK)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        lines = error_lines(app)
        assert sum(line.strip().startswith("at step") for line in lines) == MAX_FRAMES - 1
        assert 100 < sum(line.count("y") for line in lines) < MAX_FRAME_CHARS
        assert any(line.strip().startswith(f"… {1000 - MAX_FRAMES} more frames not shown") for line in lines), lines[-3:]


HUGE_MESSAGE = f"""\
async function onTrack(event, settings) {{
  throw new Error('x'.repeat({MAX_HEADLINE_CHARS - len("Error: ") - 4}) + settings.apiKey + 'ab '.repeat(3e5));
}}
"""
"""A message of about a megabyte, the secret setting in it from four characters before where the pane cuts it."""


async def test_a_huge_error_message_is_cut_after_masking_with_a_note_saying_where_to_see_it_whole(make_app) -> None:
    # A probe: a message of a megabyte, laid out whole in the pane, held the UI up for seconds.
    app = make_app(HUGE_MESSAGE, "--setting", "apiKey=hunter2-secret-value",
                   schema=[{"label": "API Key", "sensitive": True}])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        text = "".join(error_lines(app))
        assert "hunt" not in text and "secret-value" not in text
        assert "•" in text, "the start of the masked secret is where the cut came"
        assert text.count("ab ") < 2 * MAX_HEADLINE_CHARS // 3
        note = "the error is cut: showing 1 of 1 line "  # it said "1 of 1 lines"
        assert note in text and "segtui run --json gives it whole" in text, text[-300:]
