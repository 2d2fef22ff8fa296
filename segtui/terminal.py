"""Text for a terminal: control characters shown escaped, the outcome styles, and Rich text rendered to ANSI."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from segtui.invocation import CRASHED

if TYPE_CHECKING:
    from rich.text import Text

OUTCOME_STYLES = {
    "success": "bold green", "unsupported_event_type": "bold yellow", "message_rejected": "bold yellow",
    "retry": "bold magenta", "timeout": "bold red", "bad_request": "bold red", CRASHED: "bold reverse magenta",
}
"""Each outcome's style, the same in the TUI and in text output."""
LEVEL_STYLES = {"warn": "yellow", "error": "red", "debug": "dim"}
"""Each console level's style."""

# Every control character but tab and line feed, shown as an escape instead of acting on the terminal
# (a title-setting OSC, a line wipe, a clipboard write): C0, DEL and C1.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code not in (0x09, 0x0A)}


def visible(text: str) -> str:
    """Text safe to print to a terminal: control characters escaped (`\\x1b`), so none acts on the terminal."""
    return text.translate(_CONTROLS)


def ansi(text: Text, colour: bool) -> str:
    """Rich text as a string for a terminal: with ANSI styles when `colour`, plain otherwise; never wrapped."""
    if not colour:
        return text.plain
    from rich.console import Console  # here: `replay` and plain output never import Rich's console (~15-35 ms)

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=1_000_000,
                      highlight=False, markup=False, emoji=False, soft_wrap=True)
    console.print(text, end="")
    return buffer.getvalue()
