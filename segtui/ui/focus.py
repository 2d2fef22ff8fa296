"""Moving the focus at once, so that keys typed right after the key that moved it go to the new place."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus `widget` before the next key is handled: `Widget.focus()` waits behind the keys already queued, which
    went on to the old place (F2 then a quick "track" typed into the code editor)."""
    widget.screen.set_focus(widget)
