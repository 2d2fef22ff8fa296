"""What quitting would lose, and what "Save and quit" does with each edit. No Textual import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.events import parse_event_text
from segtui.ui.files import display_path, new_event_path
from segtui.webhooks import is_request


@dataclass
class UnsavedEdit:
    """An edit quitting would lose: what it is and what saving does with it.

    An edited event is saved to `target`: over its own file, or (a bundled sample) as a new file; without a target
    (the JSON is not valid), it cannot be saved and is lost.
    """

    what: str
    on_save: str
    saveable: bool = True
    event: dict[str, Any] | list[Any] | None = None
    target: Path | None = None
    overwrite: bool = False
    """`target` is the event's own file, which saving writes over."""

    def __str__(self) -> str:
        return f"{self.what}: {self.on_save}"


def event_edits(events_home: Path, edits: list[tuple[str, str, Path | None]], noun: str = "event") -> list[UnsavedEdit]:
    """The edited events, as (name, edited text, own file), each with the file saving it writes: its own, as ctrl+s
    saves it, or (a bundled sample) a new file under `events/` (a request under `requests/`)."""
    items = []
    taken: set[Path] = set()
    for name, text, own in edits:
        what = f"{noun} {name}, edited"
        try:
            payload = parse_event_text(text, name)
        except SegtuiInputError:
            items.append(UnsavedEdit(what, "not valid JSON, so it cannot be saved and is lost", saveable=False))
            continue
        if own is not None:
            items.append(UnsavedEdit(what, f"saved over its file, {display_path(own)}", True, payload, own, overwrite=True))
            continue
        target = new_event_path(events_home, name, frozenset(taken), request=is_request(payload))
        taken.add(target)
        items.append(UnsavedEdit(what, f"saved as a new file, {display_path(target)}", True, payload, target))
    return items
