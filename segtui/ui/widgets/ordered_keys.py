"""A text editor that applies every key in the order it was typed, bound keys (backspace, arrows, ctrl+k) too."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class OrderedKeysTextArea(TextArea):
    """A TextArea whose own key bindings run as their key arrives, as typed characters do.

    Textual inserts a character where the editor gets its key, but runs a bound key (backspace, an arrow) only once
    the key has bubbled up to the app: keys typed faster than the app's loop turns over (a burst while it draws a
    run's result) landed out of order, a character before the backspaces typed ahead of it (Textualize/textual#6605,
    still open for the pinned 8.2.8). Bindings of the app, the screen and the panes still run from the app, as ever.
    """

    async def on_key(self, event: events.Key) -> None:
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or active.binding.priority:
            return  # a character (inserted by TextArea itself), or a key the app or a pane handles
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()
