"""The messages a source function emits with `Segment.track(…)` and the others, and the checks Segment applies to them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

_IDENTIFIED = ("track", "identify", "page", "screen", "group")
"""Message types that need a userId or an anonymousId."""
_REQUIRED: dict[str, tuple[tuple[str, str], ...]] = {
    "track": (("event", "an event name"),),
    "group": (("groupId", "a groupId"),),
    "alias": (("previousId", "a previousId"), ("userId", "a userId")),
    "set": (("collection", "a collection"), ("id", "an id")),
}
_OBJECTS = ("properties", "traits", "context", "integrations")


def problems(message: dict[str, Any]) -> list[str]:
    """What Segment would reject in a message: a missing required field, no user identity, a field of the wrong type."""
    kind = message.get("type")
    found: list[str] = []
    for name, what in _REQUIRED.get(str(kind), ()):
        value = message.get(name)
        if value is None or value == "":
            found.append(f"{kind} needs {what} ({name})")
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            found.append(f"{name} must be a string")
    if kind in _IDENTIFIED and not any(message.get(name) not in (None, "") for name in ("userId", "anonymousId")):
        found.append(f"{kind} needs a userId or an anonymousId")
    if kind == "set" and isinstance(message.get("collection"), str) and message["collection"] != message["collection"].lower():
        found.append("the collection name must be lowercase")
    for name in _OBJECTS:
        if name in message and not isinstance(message[name], dict):
            found.append(f"{name} must be an object")
    return found


@dataclass
class EmittedMessage:
    """One message a source function emitted: the fields Segment would send, and where it falls among the logs."""

    message: dict[str, Any]
    seq: int = 0
    """How many logs came before it (as a log's and a request's `seq`)."""
    fetches: int = 0
    """How many fetch calls the run made before it (a request's `fetch` number counts them)."""
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EmittedMessage:
        """Build from the sandbox's `{"seq", "fetches", "message"}`, checked as Segment would check it."""
        message = data.get("message")
        message = message if isinstance(message, dict) else {}
        return cls(message, int(data.get("seq", 0)), int(data.get("fetches", 0)), problems(message))

    @property
    def type(self) -> str:
        """The message's type: track, identify, group, page, screen, alias or set."""
        return str(self.message.get("type", ""))

    def headline(self) -> str:
        """`Segment.track("Order Completed") userId=u1`: which call it was, named as the function wrote it."""
        name = self.message.get("event") if self.type == "track" else self.message.get("name")
        who = next((f"{key}={self.message[key]}" for key in ("userId", "anonymousId", "groupId", "id")
                    if self.message.get(key) not in (None, "")), "")
        named = f"({json.dumps(name, ensure_ascii=False)})" if isinstance(name, str) and name else "()"
        return f"Segment.{self.type}{named} {who}".rstrip()


def rejection(emitted: list[EmittedMessage]) -> str:
    """Every problem of the emitted messages, numbered by message, for the run's ValidationError (empty when none)."""
    return "; ".join(f"message {index} ({item.type}): {', '.join(item.problems)}"
                     for index, item in enumerate(emitted, 1) if item.problems)
