"""An insert function's output event as a readable change of its input event."""

from __future__ import annotations

import sys

from rich.text import Text

from segtui.event_diff import change_summary
from segtui.ui.kind_views import EventChanges
from segtui.ui.widgets.line_fit import laid_out

CHANGE_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}
VALUES_WIDTH = 21
"""The fewest columns a change's values are given: a changed value's shortest before and after, and the arrow."""


def change_text(changes: EventChanges, width: int) -> Text:
    """`Output event: 1 added, 1 removed` (each count whole on a line) then one coloured line per field (`+`, `-`,
    `~`), values cut to `width` (the pane's, less its padding and scroll bar)."""
    events = "events" if changes.batch else "event"
    counts = change_summary(changes.changes).split(", ")
    text = laid_out([("", f"Output {events}:", "bold"), *((" ", f"{count}," if number < len(counts) else count, "")
                                                           for number, count in enumerate(counts, 1)),
                     (" · ", f"ctrl+f: the full {events}", "dim")], width)
    for change in changes.changes:
        # A changed value's shortest before and after take 21 columns with the arrow between them: when the path leaves
        # fewer beside it (and they do not fit there whole), the values go on the row below, indented, rather than cut to
        # 21 columns and wrapped anyway.
        beside = width - len(change.path) - 4
        whole = change.values(sys.maxsize)
        if len(whole) <= beside:  # not cut at all (a cut shares the room evenly, a short before leaving its room unused)
            shown = f"{change.head()} {whole}"
        elif beside >= VALUES_WIDTH:
            shown = change.line(beside)
        else:
            shown = f"{change.head()}\n    {change.values(max(width - 4, VALUES_WIDTH))}"
        text.append("\n").append(shown, CHANGE_STYLES[change.kind])
    if changes.note:
        text.append(f"\n{changes.note}", "dim")
    return text
