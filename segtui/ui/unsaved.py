"""What quitting would lose, and what "Save and quit" does with each edit. No Textual import."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.events import EventSource, load_event_file, parse_event_text, save_event, unsaved_copy
from segtui.ui.files import display_path, new_event_path
from segtui.user_files import real_path, write_bytes_atomic
from segtui.webhooks import is_request


@dataclass
class UnsavedEdit:
    """An edit quitting would lose: what it is and what saving does with it.

    An edited event is saved to `target`: over its own file, or (a bundled sample) as a new file; an edit that is no
    valid event (its JSON broken) is saved as its `text`, as it is, to a new file no suite runs (or over segtui's kept copy
    it was read from); an empty one is not.
    """

    what: str
    on_save: str
    saveable: bool = True
    event: dict[str, Any] | list[Any] | None = None
    target: Path | None = None
    overwrite: bool = False
    """`target` is the event's own file (or segtui's kept copy), which saving writes over."""
    text: str | None = None
    """The edit's text, saved as it is: it is no valid event."""

    def __str__(self) -> str:
        return f"{self.what}: {self.on_save}"

    def save(self) -> None:
        """Write the edit to its target, if it has one (SegtuiInputError when that fails)."""
        if self.target is not None and self.event is not None:
            save_event(self.event, self.target, overwrite=self.overwrite)
        elif self.target is not None and self.text is not None:
            write_bytes_atomic(self.text.encode("utf-8", "surrogatepass"), self.target, overwrite=self.overwrite)


@dataclass(frozen=True)
class EditedEvent:
    """An event's edited JSON, not saved: `text`, written over its file when `in_place`, which held `read_as` (as
    `source_text` gives it) when the edit began."""

    source: EventSource
    text: str
    in_place: bool
    read_as: str

    @property
    def own(self) -> Path | None:
        """The file saving writes over, if any."""
        return self.source.path if self.in_place else None

    def changed_on_disk(self) -> bool:
        """Whether its own file no longer holds what it held when the edit began (another program wrote it, or made it
        unreadable)."""
        now = reread(self.source) if self.own is not None else None
        return now is not None and source_text(now) != self.read_as

    def gone(self) -> bool:
        """Whether its own file was removed or renamed since the edit began."""
        return self.own is not None and reread(self.source) is None


def event_text(payload: object) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def source_text(source: EventSource) -> str:
    """An event's JSON as the editor shows its file: formatted, or a broken file's raw text."""
    if source.ok:
        return event_text(source.payload)
    if source.path is not None and os.path.isdir(source.path):  # a folder that may not be listed: the loader said why
        return f"// {source.error}\n"
    try:
        return source.path.read_text(encoding="utf-8", errors="replace") if source.path else ""
    except OSError as error:  # made unreadable, or a folder, since it was listed
        return f"// {error.strerror or error}\n"


def reread(source: EventSource) -> EventSource | None:
    """`source` as its file holds it now (None when the file is gone)."""
    path = source.path
    if path is None or not path.exists():
        return None
    try:
        loaded = load_event_file(path, source.name)
    except (SegtuiInputError, OSError) as error:
        return replace(source, payload=None, error=str(error))
    return loaded[0] if len(loaded) == 1 else replace(source, payload=None, error="several events")


def event_edits(events_home: Path, edits: list[EditedEvent], noun: str = "event", *,
                kept: bool = False) -> list[UnsavedEdit]:
    """The edited events, each with the file saving it writes: its own, as ctrl+s saves it, or a new file under
    `events/` (a request under `requests/`) for a bundled sample, when its own file changed on disk since the edit
    began (both versions are kept), or when another edit is saved over that file (the same file listed twice); each
    a new file named as an edit a crash or a stop `kept` (new_event_path)."""
    items = []
    taken: set[Path] = set()
    for edit in edits:
        name = edit.source.name
        what = f"{noun} {name}, edited"
        if not edit.text.strip():
            items.append(UnsavedEdit(what, "empty, so there is nothing to save", saveable=False))
            continue
        try:
            payload = parse_event_text(edit.text, name)
        except SegtuiInputError:  # kept as typed, over no file but segtui's own kept copy, named so that no suite runs it
            items.append(_kept_as_typed(edit, events_home, taken, noun))
            continue
        own = edit.own
        if own is not None and real_path(own) in taken:
            why = f"{display_path(own)} is saved from its other listing; "
        elif own is not None and edit.gone():
            taken.add(real_path(own))
            items.append(UnsavedEdit(what, f"{display_path(own)} was removed or renamed since; saved as a new file "
                                     "there", True, payload, own))
            continue
        elif own is not None and edit.changed_on_disk():
            why = f"{display_path(own)} changed on disk since, and is left as it is; "
        elif own is not None:
            taken.add(real_path(own))
            items.append(UnsavedEdit(what, f"saved over its file, {display_path(own)}", True, payload, own, overwrite=True))
            continue
        else:
            why = ""
        target = new_event_path(events_home, name, frozenset(taken), request=is_request(payload), kept=kept)
        taken |= {target, real_path(target)}
        items.append(UnsavedEdit(what, f"{why}saved as a new file, {display_path(target)}", True, payload, target))
    return items


def _kept_as_typed(edit: EditedEvent, events_home: Path, taken: set[Path], noun: str) -> UnsavedEdit:
    """An edit that is no valid event, saved as typed: over its own file when that is segtui's kept copy of an edit
    (unsaved_copy) unchanged on disk since, else to a new one named as a kept edit (new_event_path); `taken` grows."""
    what, own = f"{noun} {edit.source.name}, edited", edit.own
    if own is not None and unsaved_copy(own) and real_path(own) not in taken and not edit.changed_on_disk():
        taken.add(real_path(own))
        return UnsavedEdit(what, f"not a valid {noun}, so saved as it is over its file, {display_path(own)}, which no "
                           "suite runs", target=own, overwrite=True, text=edit.text)
    target = new_event_path(events_home, edit.source.name, frozenset(taken), request=noun == "request", kept=True)
    taken |= {target, real_path(target)}
    return UnsavedEdit(what, f"not a valid {noun}, so saved as it is to a new file, {display_path(target)}, which no "
                       "suite runs", target=target, text=edit.text)
