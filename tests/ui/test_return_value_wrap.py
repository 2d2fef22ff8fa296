"""A big Callback Return value is wrapped for a new width off the UI loop, and ends wrapped for the width it has."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from textual.app import App, ComposeResult
from textual.document import _wrapped_document
from textual.widgets import TextArea
from textual.widgets.text_area import WrappedDocument

from segtui.ui.widgets.return_value_area import STALE_CHECK_LINES, ReturnValueArea
from segtui.ui.widgets.threaded_layout import AT_ONCE_ROWS
from ui.helpers import screen_rows, wait_for_runs, wait_until

DEEP = """\
async function onTrack(event, settings) {
  const out = {};
  let level = out;
  for (let i = 0; i < 150; i++) {
    level.child = { level: i, text: "lorem ipsum dolor sit amet ".repeat(8) };
    level = level.child;
  }
  out.items = Array.from({ length: 300 }, (_, i) => ({ id: i, note: "consectetur adipiscing elit ".repeat(5) }));
  return out;
}
"""


class _Check(WrappedDocument):
    """A wrap the test makes itself, to compare with (not one of the app's)."""


def _wrapped_as_a_fresh_wrap(area: TextArea) -> bool:
    """Whether the area's text is wrapped as wrapping it now for its width would, and scrolls as far."""
    fresh = _Check(area.document, area.wrap_width, area.indent_width)
    return (area.wrapped_document._wrap_offsets == fresh._wrap_offsets
            and area.virtual_size.height == fresh.height)


@pytest.fixture
def wraps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, int]]:
    """Every wrap the app made of a text longer than AT_ONCE_ROWS lines, as (whether on the UI loop's thread, the
    width)."""
    seen: list[tuple[bool, int]] = []
    wrap = WrappedDocument.wrap

    def spied(self: WrappedDocument, width: int, tab_width: int | None = None) -> None:
        if self.document.line_count > AT_ONCE_ROWS and width and not isinstance(self, _Check):
            seen.append((threading.current_thread() is threading.main_thread(), width))
        wrap(self, width, tab_width)

    monkeypatch.setattr(WrappedDocument, "wrap", spied)
    return seen


async def test_a_big_return_value_is_wrapped_for_a_new_width_off_the_ui_loop(make_app, wraps) -> None:
    # A user's probe: with a deeply nested return value on screen, each resize froze the app ~2.8 s, TextArea wrapping
    # every line again on the UI loop for each width the resize went through.
    app = make_app(DEEP)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        area = app.main_screen.query_one("#return-value", TextArea)
        assert area.document.line_count > AT_ONCE_ROWS
        await wait_until(pilot, lambda: _wrapped_as_a_fresh_wrap(area), what="the value wrapped")
        wraps.clear()
        for size in ((80, 24), (200, 60), (40, 12), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await wait_until(pilot, lambda: _wrapped_as_a_fresh_wrap(area), what="the value wrapped for the last width")
        assert wraps and not any(on_ui_loop for on_ui_loop, _ in wraps)
        assert '"level": 0' in area.text and area.wrap_width < 100


class _Value(App[None]):
    """A return value's area filling the terminal."""

    CSS = "ReturnValueArea { width: 100%; height: 100%; border: none; padding: 0; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield ReturnValueArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False)


async def test_a_value_wrapped_on_a_thread_is_drawn_as_wrapped_when_its_row_count_stays() -> None:
    # A review: from 90 to 86 columns a line of 30 words still took 2 rows, so the size did not change and nothing was
    # drawn again: the screen kept the rows of the old wrap, and a word was missing from them.
    words = [f"w{n:03d}" for n in range(30)]
    app = _Value(" ".join(words) + "\n" + "\n".join(f"x{n}" for n in range(AT_ONCE_ROWS + 200)))
    async with app.run_test(size=(90, 20)) as pilot:
        area = app.query_one(ReturnValueArea)
        await wait_until(pilot, lambda: area.wrapped_document._width == area.wrap_width, what="the first wrap")
        await pilot.resize_terminal(86, 20)
        await wait_until(pilot, lambda: area.wrapped_document._width == area.wrap_width and area._wrapping_for is None,
                         what="the wrap for 86 columns")
        await pilot.pause()
        wrapped = [row.rstrip() for row in area.wrapped_document.lines[0]]
        assert len(wrapped) == 2 and " ".join(wrapped).split() == words  # still 2 rows, broken elsewhere
        assert [row.rstrip() for row in screen_rows(app)[:2]] == wrapped


async def test_a_wrap_for_a_width_a_resize_went_past_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    # A review: each width a resize went through was wrapped whole on its thread, wanted or not (a drag through 15
    # widths: 15 whole wraps, ~7 s of CPU). Here each thread waits at its first line until every resize is done.
    go_on = threading.Event()
    go_on.set()
    lines_wrapped: Counter[int] = Counter()
    wrap_offsets = _wrapped_document.compute_wrap_offsets

    def spied(line: str, width: int, *args: object, **kwargs: object) -> list[int]:
        if threading.current_thread() is not threading.main_thread():
            go_on.wait(60)
            lines_wrapped[width] += 1
        return wrap_offsets(line, width, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_wrapped_document, "compute_wrap_offsets", spied)
    app = _Value("\n".join(f"line {n} " * 20 for n in range(AT_ONCE_ROWS + 600)))
    async with app.run_test(size=(90, 20)) as pilot:
        area = app.query_one(ReturnValueArea)
        await wait_until(pilot, lambda: area.wrapped_document._width == area.wrap_width, what="the first wrap")
        go_on.clear()
        lines_wrapped.clear()
        passed = []
        for width in (86, 82, 78, 74):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            passed.append(area.wrap_width)
        last = passed.pop()
        go_on.set()
        await wait_until(pilot, lambda: area.wrapped_document._width == last and area._wrapping_for is None,
                         what="the wrap for the last width")
        assert lines_wrapped[last] == area.document.line_count
        assert all(lines_wrapped[width] <= STALE_CHECK_LINES for width in passed), lines_wrapped
