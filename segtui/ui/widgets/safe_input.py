"""Widgets that show a user's text as typed but never write a control character of it to the terminal raw, and apply
the keys typed into them in order (segtui.ui.widgets.ordered_keys)."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input

from segtui.control_chars import without_controls
from segtui.ui.widgets.ordered_keys import run_own_binding


def without_control_segments(strip: Strip) -> Strip:
    """A rendered line less the control characters in its text: each takes no cell, so no column moves."""
    return Strip([Segment(without_controls(text), style, control) for text, style, control in strip], strip.cell_length)


class SafeInput(Input):
    """An Input whose value keeps every character (a settings value is saved as it was read) but whose line leaves
    out the control characters it would write to the terminal raw (an OSC in a value set the terminal's title), and
    whose editing keys (backspace, arrows, ctrl+u, enter's submit …) run in the order they were typed."""

    def on_mount(self) -> None:
        """Blink the cursor only where the app does (a test's snapshot drew it or not by when it was taken)."""
        if not getattr(self.app, "cursor_blink", True):
            self.cursor_blink = False

    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def render_line(self, y: int) -> Strip:
        """The line Input renders, less its control characters."""
        return without_control_segments(super().render_line(y))
