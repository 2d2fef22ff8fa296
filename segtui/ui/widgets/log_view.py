"""A log view that renders only the rows on screen, so 100,000 lines scroll as smoothly as ten; long lines wrap."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import partial
from typing import cast

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from segtui.ui.views import LogLine
from segtui.ui.widgets.threaded_layout import AT_ONCE_ROWS, ThreadedLayout

LEVEL_STYLES = {
    "log": Style(),
    "info": Style(color="#5fd7ff"),
    "warn": Style(color="#ffd75f"),
    "error": Style(color="#ff5f5f"),
    "debug": Style(dim=True),
}
_TIME = Style(dim=True)
_PREFIX = 19
"""Columns taken by `HH:MM:SS.mmm LEVEL ` before each line's text (continuation rows are indented as much)."""
_MIN_TEXT = 20


def _line_rows(index: int, line: LogLine, *, width: int, indent: int, console: Console) -> list[tuple[int, int, str]]:
    """A line's display rows, `width` cells each (and a row of its own for the time and level when `indent` is 0)."""
    return [(index, part, text) for part, text in ([] if indent or not line.first else [(-1, "")])
            + list(enumerate(_wrapped(line.text, width, console)))]


def _rest_rows(lines: list[LogLine], start: int, line_rows: Callable[[int, LogLine], list[tuple[int, int, str]]],
               stale: Callable[[], bool]) -> list[tuple[int, int, str]]:
    """On a thread: the rows of the lines from `start` on, until the layout is stale."""
    rows: list[tuple[int, int, str]] = []
    for index in range(start, len(lines)):
        if stale():
            break
        rows += line_rows(index, lines[index])
    return rows


def _wrapped(text: str, width: int, console: Console) -> list[str]:
    """A line's text rows: broken between words as Rich does, a word longer than a row folded."""
    if cell_len(text) <= width:
        return [text]
    return [part.plain for part in Text(text).wrap(console, width, overflow="fold")] or [""]


class LogView(ThreadedLayout, ScrollView, can_focus=True):
    """Log lines with time and level colour, wrapped to the width, drawn row by row on demand."""

    DEFAULT_CSS = """
    LogView { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[LogLine] = []
        self.time_format: Callable[[str], str] = lambda iso: iso[11:23]
        self._rows: list[tuple[int, int, str]] = []
        """Each display row as (line index, which wrapped part of the line, its text)."""
        self._wrapped_for = (0, _PREFIX)
        """The (text width, indent) the rows were worked out for: either changing lays them out again."""
        self._indent = _PREFIX
        """Columns before each row's text: the time and level's, or none in a narrow pane."""
        self.empty_text = ""
        """What the first row says when there are no lines (once a run is shown: "(no logs)")."""
        self._laying_out = False
        """Whether a thread is laying out the rest of the rows."""
        self._return_to: tuple[int, int] | None = None
        """The line a resize found at the top, and where the view was left meanwhile: scrolled back to once its rows are
        laid out, unless the user scrolled since."""
        self._to_end = False
        """Whether the end was asked for while the rest of the rows were laid out: gone to once they are."""
        self._failure = ""
        """Why the rest of the rows could not be laid out, shown in a row after those that were."""

    def set_lines(self, lines: list[LogLine], time_format: Callable[[str], str], empty_text: str = "") -> None:
        if lines == self.lines and time_format == self.time_format and empty_text == self.empty_text:
            return  # as shown (often: no logs again), so nothing to paint
        self.empty_text = empty_text
        self.lines = lines
        self.time_format = time_format
        self._wrapped_for = (0, _PREFIX)
        self._wrap()
        self._return_to, self._to_end = None, False
        self.scroll_to(0, 0, animate=False)

    def on_resize(self) -> None:
        """Lay the rows out for the new width, keeping the line at the top in view."""
        layout, top = self._layout, 0
        if self._return_to:
            top = self._return_to[0]
        elif self._rows:
            top = self._rows[min(self.scroll_offset.y, len(self._rows) - 1)][0]
        self._wrap()
        if self._layout != layout and top > 0 and self._rows:
            self._go_to_line(top)

    def action_scroll_end(self) -> None:
        """Go to the last row, and again once the rest of the rows are laid out."""
        self._to_end, self._return_to = self._laying_out, None
        super().action_scroll_end()

    def _go_to_line(self, line: int) -> None:
        """Scroll to the line's first row if it is laid out, else to the last row laid out until it is."""
        row = bisect_left(self._rows, line, key=lambda each: each[0])
        if row < len(self._rows):
            self._return_to = None
            self.scroll_to(0, row, animate=False)
        else:
            parked = max(0, len(self._rows) - self.scrollable_content_region.height)
            self._return_to = (line, parked)
            self.scroll_to(0, parked, animate=False)

    def _wrap(self) -> None:
        """Work out the display rows for the current width (only row counts: text is cut when drawn). A pane too narrow
        for the time and level beside the text shows them on a row of their own (part -1), the text below at full width.
        The first rows are laid out here, so the pane shows at once; the rest on a thread (AT_ONCE_ROWS). A hidden
        pane (width 0: another tab in front) is laid out when shown, as its resize comes."""
        available = self.scrollable_content_region.width
        if available <= 0:  # hidden: laid out once shown, as its resize comes
            if self._wrapped_for == (0, _PREFIX):  # new lines since the last layout: none of theirs yet
                self.new_layout()
                self._laying_out, self._rows, self._failure = False, [], ""
                self._show_rows()
            return
        self._indent = _PREFIX if available - _PREFIX >= _MIN_TEXT else 0
        width = max(_MIN_TEXT if self._indent else 1, available - self._indent)
        if (width, self._indent) == self._wrapped_for and self._rows:
            return  # laid out already: the same text width, the time and level in the same place
        self._wrapped_for = (width, self._indent)
        self.new_layout()
        self._failure = ""
        line_rows = partial(_line_rows, width=width, indent=self._indent, console=self.app.console)
        rows: list[tuple[int, int, str]] = []
        done = 0
        while done < len(self.lines) and len(rows) < AT_ONCE_ROWS:
            rows += line_rows(done, self.lines[done])
            done += 1
        self._rows = rows
        self._show_rows()
        self._laying_out = done < len(self.lines)
        if self._laying_out:
            self.lay_out_on_thread(partial(_rest_rows, self.lines, done, line_rows), "laying out the Raw Log Output")

    def laid_out(self, result: object) -> None:
        """Show the rest of the current layout's rows."""
        self._rows += cast("list[tuple[int, int, str]]", result)
        self._laying_out, self._failure = False, ""
        self._show_rows()
        if self._to_end:
            self._to_end = False
            self.call_after_refresh(self.scroll_end, animate=False)
        elif self._return_to is not None:
            line, parked = self._return_to
            self._return_to = None
            if self.scroll_offset.y == parked:  # else the user scrolled meanwhile
                self.call_after_refresh(self._go_to_line, line)

    def layout_failed(self, error: str) -> None:
        """Say, after the rows laid out, that the rest of the log is not shown and why."""
        self._laying_out, self._to_end, self._return_to = False, False, None
        self._failure = f"(the rest of the log could not be shown: {error})"
        self._show_rows()

    def _show_rows(self) -> None:
        """Size the scrollable area to the rows laid out, and draw them."""
        self.virtual_size = Size(self._wrapped_for[0] + self._indent, len(self._rows) + bool(self._failure))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = scroll_y + y
        if index >= len(self._rows):
            note, style = ((self._failure, LEVEL_STYLES["error"]) if index == len(self._rows) and self._failure
                           else (self.empty_text, Style(dim=True)) if index == 0 else ("", Style()))
            if note:  # where the next row, or the first line, would be
                return Strip([Segment(note, style)]).crop(0, width).extend_cell_length(width).apply_style(base)
            return Strip.blank(width, base)
        line_index, part, text = self._rows[index]
        line = self.lines[line_index]
        level = LEVEL_STYLES.get(line.level, Style())
        if line.first and part == (0 if self._indent else -1):
            segments = [
                Segment(self.time_format(line.time) + " ", _TIME),
                Segment(f"{line.level.upper():<5} ", level + Style(bold=True)),
            ]
        else:
            segments = [Segment(" " * self._indent)]
        if part >= 0:
            segments.append(Segment(text, level))
        strip = Strip(segments).crop(0, width)
        return strip.extend_cell_length(width).apply_style(base)
