"""Moving the focus at once, so that keys typed right after the key that moved it go to the new place."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget, within: str | None = None) -> None:
    """Focus `widget` before the next key is handled (`Widget.focus()` waits behind the keys already queued, which
    went on to the old place: F2 then a quick "track" typed into the code editor), and once laid out scroll its nearest
    container of class `within`, if any, into view: an input's label above it, not the input alone (not centred, as
    Textual scrolls a focused widget it cannot yet see whole, before the layout: at 60x15 the Settings Builder opened on
    its first value, its name scrolled out of view)."""
    container = next((node for node in widget.ancestors if within is not None and node.has_class(within)), None)
    widget.screen.set_focus(widget, scroll_visible=container is None)
    if isinstance(container, Widget):
        widget.call_after_refresh(container.scroll_visible, animate=False)
