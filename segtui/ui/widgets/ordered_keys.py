"""Typing widgets whose own key bindings run as their key arrives, in the order keys were typed.

Textual inserts a character where the widget gets its key, but runs a bound key (backspace, an arrow) only once the
key has bubbled up to the app: keys typed faster than the app's loop turns over (a burst while it draws a run's
result, a paste through a slow link) landed out of order, a character before the backspaces typed ahead of it
(Textualize/textual#6605, still open for the pinned 8.2.8). Bindings of the app, the screen and the panes still run
from the app, as ever.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


async def run_own_binding(widget: Widget, event: events.Key) -> None:
    """Run `widget`'s own, non-priority binding for `event` now, and stop the key, if it has one."""
    active = widget.screen.active_bindings.get(event.key)
    if active is None or active.node is not widget or active.binding.priority:
        return  # a character (inserted by the widget itself), or a key the app or a pane handles
    if await widget.app.run_action(active.binding.action, widget):
        event.stop()
        event.prevent_default()

