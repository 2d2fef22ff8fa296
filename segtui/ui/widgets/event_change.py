"""An insert function's output event as a readable change of its input event."""

from __future__ import annotations

from rich.text import Text

from segtui.event_diff import change_summary
from segtui.ui.kind_views import EventChanges

CHANGE_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


def change_text(changes: EventChanges, width: int) -> Text:
    """`Output event: 1 added, 1 removed` then one coloured line per field (`+`, `-`, `~`), values cut to `width`."""
    events = "events" if changes.batch else "event"
    text = Text.assemble((f"Output {events}: ", "bold"), change_summary(changes.changes),
                         (f" · f: the full {events}", "dim"))
    for change in changes.changes:
        # At least the 21 columns a changed value's shortest before and after take with the arrow between them.
        text.append("\n").append(change.line(max(width - len(change.path) - 4, 21)), CHANGE_STYLES[change.kind])
    if changes.note:
        text.append(f"\n{changes.note}", "dim")
    return text
