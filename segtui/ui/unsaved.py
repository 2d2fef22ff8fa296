"""What quitting would lose, and what "Save and quit" does with each edit. No Textual import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.events import parse_event_text
from segtui.ui.files import display_path, new_event_path


@dataclass
class UnsavedEdit:
    """An edit quitting would lose: what it is and what saving does with it.

    An edited event is saved to `target` as a new file (its own file is left as it is); without a
    target (the JSON is not valid), it cannot be saved and is lost.
    """

    what: str
    on_save: str
    saveable: bool = True
    event: dict[str, Any] | list[Any] | None = None
    target: Path | None = None

    def __str__(self) -> str:
        return f"{self.what}: {self.on_save}"


def event_edits(events_home: Path, edits: list[tuple[str, str]]) -> list[UnsavedEdit]:
    """The edited events, as (name, edited text), each with a new file under `events/` to save it to."""
    items = []
    taken: set[Path] = set()
    for name, text in edits:
        what = f"event {name}, edited"
        try:
            payload = parse_event_text(text, name)
        except SegtuiInputError:
            items.append(UnsavedEdit(what, "not valid JSON, so it cannot be saved and is lost", saveable=False))
            continue
        target = new_event_path(events_home, name, frozenset(taken))
        taken.add(target)
        items.append(UnsavedEdit(what, f"saved as a new file, {display_path(target)}", True, payload, target))
    return items
