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


HIDDEN_COPY = ("A hidden secret is not copied: the clipboard is reached through the terminal, which would receive it. "
               "Start segtui with --reveal-secrets and tick Reveal secrets to copy it.")
"""Why copy and cut do nothing in an input that hides what it holds."""


class SafeInput(Input):
    """An Input whose value keeps every character (a settings value is saved as it was read) but whose line leaves
    out the control characters it would write to the terminal raw (an OSC in a value set the terminal's title), and
    whose editing keys (backspace, arrows, ctrl+u, enter's submit …) run in the order they were typed; one that hides
    its value (a secret) neither copies nor cuts it, as a browser's password field does."""

    def on_mount(self) -> None:
        """Blink the cursor only where the app does (a test's snapshot drew it or not by when it was taken)."""
        if not getattr(self.app, "cursor_blink", True):
            self.cursor_blink = False

    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def action_copy(self) -> None:
        """Copy the selection to the clipboard, unless the input hides it: Textual's copy writes it to the terminal (as
        OSC 52's base64), where a log or a recording of the session keeps it."""
        if self.password:
            self.notify(HIDDEN_COPY, severity="warning", title="Not copied")
            return
        super().action_copy()

    def action_cut(self) -> None:
        """Cut the selection, unless the input hides it (action_copy): then nothing is removed either."""
        if self.password:
            self.notify(HIDDEN_COPY, severity="warning", title="Not copied")
            return
        super().action_cut()

    def render_line(self, y: int) -> Strip:
        """The line Input renders, less its control characters."""
        return without_control_segments(super().render_line(y))
