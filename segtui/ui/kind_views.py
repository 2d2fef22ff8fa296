"""What insert and source functions add to a run's view: the change to the event, and the emitted messages.

No Textual import: plain, masked, bounded text the panes show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from segtui.event_diff import Change, event_changes
from segtui.invocation import Invocation
from segtui.masking import Masker
from segtui.plurals import plural
from segtui.terminal import visible

MAX_CHANGES = 2_000
"""The most changed fields listed; a note counts the rest."""
MAX_MESSAGE_CHARS = 20_000


@dataclass
class EventChanges:
    """An insert function's output event as a change of its input event, masked and bounded."""

    changes: list[Change] = field(default_factory=list)
    note: str = ""
    batch: bool = False
    """The change of a batch's events (an insert function's onBatch, or each event through its own handler)."""


@dataclass
class EmittedLine:
    """One emitted message as the Emitted messages pane lists it: its call, its JSON, what Segment would reject."""

    seq: int
    fetches: int
    headline: str
    json: str
    problems: list[str] = field(default_factory=list)


def insert_changes(invocation: Invocation, event: object, masker: Masker) -> EventChanges | None:
    """The fields an insert function added, removed and changed; None unless it passed an event on."""
    if invocation.kind != "insert" or invocation.outcome != "success" or event is None:
        return None
    changes = event_changes(masker.data(event), masker.data(invocation.return_value))
    shown = [Change(change.kind, visible(change.path), change.before, change.after) for change in changes[:MAX_CHANGES]]
    note = f"{plural(len(changes) - MAX_CHANGES, 'more changed field')} not listed" if len(changes) > MAX_CHANGES else ""
    return EventChanges(shown, note, batch=isinstance(event, list))


def emitted_lines(invocation: Invocation, masker: Masker) -> list[EmittedLine]:
    """A source function's messages, masked, control characters escaped, each message's JSON bounded."""
    lines = []
    for item in invocation.emitted:
        text = json.dumps(masker.data(item.message), ensure_ascii=False)
        if len(text) > MAX_MESSAGE_CHARS:
            text = text[:MAX_MESSAGE_CHARS] + f" … ({plural(len(text) - MAX_MESSAGE_CHARS, 'more character')})"
        lines.append(EmittedLine(item.seq, item.fetches, visible(masker.text(item.headline())), visible(text), list(item.problems)))
    return lines
