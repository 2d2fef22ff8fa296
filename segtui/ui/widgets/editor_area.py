"""The text editor of the handler and event panes: every key applied in the order it was typed, and the keys to the
document's start and end, and the indentation kept on enter, that a code editor has."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import TextArea

from segtui.ui.widgets.ordered_keys import run_own_binding
from segtui.ui.widgets.safe_input import without_control_segments


class EditorArea(TextArea):
    """A TextArea whose own key bindings run as their key arrives, as typed characters do (see `ordered_keys`), and
    that goes to the start or end of the document with ctrl+home / ctrl+end (shift to select), which Textual's TextArea
    leaves unbound."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "cursor_document_start", "Start of file", show=False),
        Binding("ctrl+end", "cursor_document_end", "End of file", show=False),
        Binding("ctrl+shift+home", "cursor_document_start(True)", "Select to start of file", show=False),
        Binding("ctrl+shift+end", "cursor_document_end(True)", "Select to end of file", show=False),
    ]

    def render_line(self, y: int) -> Strip:
        """A line as TextArea renders it, less the control characters it would write to the terminal raw (an OSC in a
        comment set the terminal's title): each takes no cell, so the cursor's column is unchanged."""
        return without_control_segments(super().render_line(y))

    def action_cursor_document_start(self, select: bool = False) -> None:
        """Move the cursor to the start of the document, selecting the text passed over with `select`."""
        self.move_cursor((0, 0), select=select)

    def action_cursor_document_end(self, select: bool = False) -> None:
        """Move the cursor to the end of the document, selecting the text passed over with `select`."""
        self.move_cursor(self.document.end, select=select)

    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            self._break_line_indented(event)
        else:
            await run_own_binding(self, event)

    def _break_line_indented(self, event: events.Key) -> None:
        """Start the new line with the indentation of the one enter breaks, as code editors do (TextArea's own handler,
        which would insert a bare line break, is not called)."""
        event.stop()
        event.prevent_default()
        self._restart_blink()
        start, end = self.selection
        row, column = min(start, end)
        before = self.document.get_line(row)[:column]
        self._replace_via_keyboard("\n" + before[: len(before) - len(before.lstrip(" \t"))], start, end)
