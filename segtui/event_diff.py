"""How an insert function changed an event: the fields it added, removed and changed, by path, in a readable order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from segtui.cut_secrets import cut

ChangeKind = Literal["added", "removed", "changed"]
_MARKS = {"added": "+", "removed": "-", "changed": "~"}


@dataclass(frozen=True)
class Change:
    """One field the function added, removed or changed, at a dotted path (`properties.products[0].price`)."""

    kind: ChangeKind
    path: str
    before: object = None
    after: object = None

    def line(self, width: int = 80) -> str:
        """`+ properties.tier: "gold"`, `- context.ip: "…"`, `~ event: "a" → "b"`, values cut to fit `width`."""
        return f"{self.head()} {self.values(width)}"

    def head(self) -> str:
        """`+ properties.tier:`, the mark and the path."""
        return f"{_MARKS[self.kind]} {self.path}:"

    def values(self, width: int) -> str:
        """The value added or removed, or the value before and after ` → `, cut to fit `width` together."""
        if self.kind == "added":
            return _short(self.after, width)
        if self.kind == "removed":
            return _short(self.before, width)
        room = width - 3  # the two values and " → " between them fit the width together
        before, after = (json.dumps(value, ensure_ascii=False) for value in (self.before, self.after))
        # Each gets half the room, and the room one leaves unused goes to the other.
        before_room = max(room // 2, room - len(after))
        return f"{cut(before, max(before_room, 9))} → {cut(after, max(room - min(len(before), before_room), 9))}"


def _short(value: object, width: int) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return cut(text, max(width, 9))


def _child(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    name = str(key)
    plain = name.isidentifier()
    return (f"{path}.{name}" if path else name) if plain else f"{path}[{json.dumps(name, ensure_ascii=False)}]"


def event_changes(before: object, after: object, path: str = "") -> list[Change]:
    """Every difference from the input event to the output event, objects and arrays compared member by member."""
    if isinstance(before, dict) and isinstance(after, dict):
        changes: list[Change] = []
        for key in before:
            if key not in after:
                changes.append(Change("removed", _child(path, key), before=before[key]))
            else:
                changes += event_changes(before[key], after[key], _child(path, key))
        changes += [Change("added", _child(path, key), after=after[key]) for key in after if key not in before]
        return changes
    if isinstance(before, list) and isinstance(after, list):
        changes = []
        for index in range(max(len(before), len(after))):
            if index >= len(after):
                changes.append(Change("removed", _child(path, index), before=before[index]))
            elif index >= len(before):
                changes.append(Change("added", _child(path, index), after=after[index]))
            else:
                changes += event_changes(before[index], after[index], _child(path, index))
        return changes
    if before == after and isinstance(before, bool) == isinstance(after, bool):  # 60.0 and 60 are one JSON number
        return []
    return [Change("changed", path or "(the event)", before, after)]


def change_summary(changes: list[Change]) -> str:
    """`2 added, 1 removed, 1 changed`, or `unchanged`."""
    counts = {kind: sum(1 for change in changes if change.kind == kind) for kind in _MARKS}
    parts = [f"{count} {kind}" for kind, count in counts.items() if count]
    return ", ".join(parts) if parts else "unchanged"
