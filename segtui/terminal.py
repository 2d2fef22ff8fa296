"""Text for a terminal: control characters shown escaped (segtui.control_chars), the outcome styles, and Rich text
rendered to ANSI."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, TextIO

from segtui.control_chars import one_line, visible
from segtui.invocation import CRASHED, REFUSED

if TYPE_CHECKING:
    from rich.text import Text

OUTCOME_STYLES = {
    "success": "bold green", "unsupported_event_type": "bold yellow", "message_rejected": "bold yellow",
    "retry": "bold magenta", "timeout": "bold red", "bad_request": "bold red", CRASHED: "bold reverse magenta",
    REFUSED: "bold red",
}
"""Each outcome's style, the same in the TUI and in text output."""
LEVEL_STYLES = {"warn": "yellow", "error": "red", "debug": "dim"}
"""Each console level's style."""

__all__ = ["LEVEL_STYLES", "OUTCOME_STYLES", "ansi", "as_written", "one_line", "visible"]
"""visible and one_line are segtui.control_chars', kept here beside the other helpers of text for a terminal."""


def as_written(text: str, stream: TextIO) -> str:
    """`text` as `stream` shows it: what its encoding cannot hold (a file name's byte that is not UTF-8, any non-ASCII
    under PYTHONIOENCODING=ascii) escaped as segtui's streams escape it (backslashreplace, segtui.cli), so that it
    can be measured for a column."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding)


def ansi(text: Text, colour: bool) -> str:
    """Rich text as a string for a terminal: with ANSI styles when `colour`, plain otherwise; never wrapped."""
    if not colour:
        return text.plain
    # Span by span (Text.render), not as Console.print, which splits the text into lines first: ~20 µs a line, 20 s
    # for a Callback Return of a million lines.
    from rich.color import ColorSystem  # here: `replay` and plain output never import Rich's console (~15-35 ms)
    from rich.console import Console
    from rich.segment import Segment

    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", highlight=False, markup=False,
                      emoji=False)
    segments = Segment.apply_style(text.render(console, end=""), console.get_style(text.style))
    return "".join("\n".join(segment.style.render(line, color_system=ColorSystem.STANDARD) for line in
                             segment.text.split("\n")) if segment.style else segment.text for segment in segments)
