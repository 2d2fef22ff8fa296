"""A log view that renders only the lines on screen, so 100,000 lines scroll as smoothly as ten."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from segtui.ui.views import LogLine

LEVEL_STYLES = {
    "log": Style(),
    "info": Style(color="#5fd7ff"),
    "warn": Style(color="#ffd75f"),
    "error": Style(color="#ff5f5f"),
    "debug": Style(dim=True),
}
_TIME = Style(dim=True)


class LogView(ScrollView, can_focus=True):
    """Log lines with time and level colour, drawn line by line on demand."""

    DEFAULT_CSS = """
    LogView { background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[LogLine] = []
        self.time_format: Callable[[str], str] = lambda iso: iso[11:23]
        self._width = 0

    def set_lines(self, lines: list[LogLine], time_format: Callable[[str], str]) -> None:
        self.lines = lines
        self.time_format = time_format
        self._width = max((len(line.text) for line in lines[:5000]), default=0) + 20
        self.virtual_size = Size(self._width, len(lines))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        level = LEVEL_STYLES.get(line.level, Style())
        if line.first:
            segments = [
                Segment(self.time_format(line.time) + " ", _TIME),
                Segment(f"{line.level.upper():<5} ", level + Style(bold=True)),
            ]
        else:
            segments = [Segment(" " * 19)]
        segments.append(Segment(line.text, level))
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width).apply_style(base)
