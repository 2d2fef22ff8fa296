"""A checkbox whose state reads without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox holding a tick when on and nothing when off: Textual's holds an X either way, on and off told apart by
    its colour alone, which many terminals' themes show alike (`▐X▌ Required` read as ticked when it was not)."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        """Show the tick when on and nothing when off, then let Checkbox restyle the box."""
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()
