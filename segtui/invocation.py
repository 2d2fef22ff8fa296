"""The result of running one event: plain data shared by the CLI, the TUI and the reports."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from segtui.cut_secrets import ERROR_MOST, cut
from segtui.emitted import EmittedMessage, rejection
from segtui.events import HANDLER_NAMES, TYPE_MOST
from segtui.kinds import FunctionKind
from segtui.plurals import plural
from segtui.records import RequestRecord
from segtui.webhooks import is_request

OUTCOMES = ("success", "dropped", "unsupported_event_type", "message_rejected", "retry", "timeout", "bad_request")
"""Segment's outcomes: what a handler's run can come to (`dropped`: an insert function filtered the event out)."""
CRASHED = "sandbox_crashed"
"""Not one of Segment's outcomes: segtui's own sandbox died, a bug in segtui that says nothing of the handler."""
REFUSED = "sandbox_refused"
"""Not one of Segment's outcomes: the system would not let segtui's sandbox start (a limit the user set: ulimit)."""
ACCEPTED_OUTCOMES = ("success", "dropped", "unsupported_event_type")
"""Outcomes Segment is content with: a run, an event an insert function dropped, or an event type the handler
declares unsupported (passes without a golden; a replay does not list it as failing)."""
OUTCOME_LABELS = {
    "success": "Success",
    "dropped": "Dropped",
    "unsupported_event_type": "Unsupported Event Type",
    "message_rejected": "Message Rejected",
    "retry": "Retry",
    "timeout": "Timeout",
    "bad_request": "Bad Request",
    CRASHED: "Sandbox Crashed (segtui bug)",
    REFUSED: "Sandbox Not Started (system limit)",
}
NO_HANDLER = "no handler"
"""The handler column of an event of no Spec type, for which Segment calls none."""
TOP_LEVEL = "(top level)"
"""The handler name of a result whose handler never ran because the file's top level failed."""


def event_identity(event: object, handlers: Collection[str] = ()) -> tuple[str | None, str | None]:
    """The event type and handler name of an event (or batch) payload, for results made outside the sandbox; a batch's
    is onBatch when `handlers` (those the function defines) has it, else none (each event's own)."""
    if isinstance(event, list):
        return "batch", "onBatch" if "onBatch" in handlers else None
    if is_request(event):
        return "request", "onRequest"  # a source function's request
    event_type = event.get("type") if isinstance(event, dict) else None
    return event_type, HANDLER_NAMES.get(event_type) if isinstance(event_type, str) else None


def unset_setting_note(name: str, *, command_line: bool = False, declarations: str | None = None) -> str:
    """The note for a setting the handler read that has no value, saying how to set it where the user is: the TUI's
    ctrl+o, or the command line's settings file; `declarations` names the file that declares the function's settings
    when it does not declare this one (a value for it would be refused as a typo)."""
    read = f"settings.{name}" if name.isidentifier() else f"settings[{name!r}]"
    if declarations:
        return f"{read} was read but {declarations} does not declare it, so it has no value — declare it there, then set it"
    how = f"in the settings file or with --setting {name}=…" if command_line else f"with ctrl+o or --setting {name}=…"
    return f"{read} was read but has no value — set it {how}"


def unset_more_note(more: object) -> list[str]:
    """The note for the settings read without a value past those a result names (the sandbox names 20 at most)."""
    return [f"… and {plural(more, 'more setting')} read with no value"] if isinstance(more, int) and more > 0 else []


def command_line_notes(invocation: Invocation, declared: Iterable[str] | None, declarations: str) -> None:
    """Reword the notes of settings read without a value for the command line, where ctrl+o means nothing; one that the
    function's declarations (`declared`; None when it declares none) leave out is to be declared, as `--setting` would
    refuse a value for it."""
    names = None if declared is None else set(declared)
    for item in (invocation, *invocation.items):
        for name in item.unset_settings:
            note = unset_setting_note(name)
            undeclared = declarations if names is not None and name not in names else None
            reworded = unset_setting_note(name, command_line=True, declarations=undeclared)
            item.notes = [reworded if text == note else text for text in item.notes]


@dataclass
class ErrorInfo:
    """An error thrown by the handler (or by segtui on its behalf), with where it happened in the handler."""

    name: str
    message: str
    stack: str = ""
    line: int | None = None
    column: int | None = None
    source_line: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ErrorInfo | None:
        """Build from the sandbox's error dict."""
        if not data:
            return None
        return cls(data.get("name") or "Error", data.get("message", ""), data.get("stack", ""),
                   data.get("line"), data.get("column"), data.get("source_line", ""))

    def headline(self) -> str:
        """`Name: message`, as Segment shows errors."""
        return f"{self.name}: {self.message}" if self.message else self.name

    def stack_lines(self, masked: Callable[[str], str]) -> list[str]:
        """The stack's lines after its headline, masked whole (a secret may span lines): all of a message's lines when
        the stack starts with them, as V8's does, so that a message of several lines is not shown twice."""
        lines, headline = masked(self.stack).splitlines(), masked(self.headline()).splitlines()
        return lines[len(headline) if lines[: len(headline)] == headline else 1 :]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form."""
        return {"name": self.name, "message": self.message, "stack": self.stack,
                "line": self.line, "column": self.column}


@dataclass
class LogEntry:
    """One console call: level is the console method, time is ISO-8601 UTC, seq orders logs among requests."""

    level: str
    message: str
    time: str
    seq: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogEntry:
        """Read from its JSON form (the sandbox's console entry)."""
        return cls(data["level"], data["message"], data["time"], data.get("seq", 0))

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form."""
        return {"level": self.level, "message": self.message, "time": self.time, "seq": self.seq}


@dataclass
class Invocation:
    """What one event (or batch) did: outcome, Callback Return, error, logs and outbound requests."""

    handler: str
    event_type: str | None
    handler_name: str | None
    outcome: str
    return_value: object = None
    returned_undefined: bool = False
    """The handler returned `undefined` (its JSON `return` is null, as Segment's would be)."""
    error: ErrorInfo | None = None
    logs: list[LogEntry] = field(default_factory=list)
    logs_dropped: int = 0
    requests: list[RequestRecord] = field(default_factory=list)
    duration_ms: float = 0.0
    items: list[Invocation] = field(default_factory=list)
    sandbox_reset: bool = False
    notes: list[str] = field(default_factory=list)
    """What Segment would do differently (segtui.limits), set by the command or screen that ran it."""
    interactions: list[dict[str, Any]] = field(default_factory=list)
    """Under --record, the run's live exchanges as the cassette holds them (already masked), for segtui to save."""
    kind: FunctionKind = "destination"
    emitted: list[EmittedMessage] = field(default_factory=list)
    """A source function's messages (`Segment.track(…)` …), in emit order."""
    unset_settings: list[str] = field(default_factory=list)
    """The settings the handler read that had no value (each has a note)."""
    unknown_type_note: str | None = None
    """For an event object whose `type` is no Spec type (run under --skip-bad-lines), the note, one of `notes` too, that
    Segment calls no handler for it (segtui.result_notes)."""

    @property
    def ok(self) -> bool:
        """Whether Segment would call this a success (an insert function dropping an event is one)."""
        return self.outcome in ("success", "dropped")

    @property
    def output_event(self) -> object:
        """What an insert function passes on downstream: its return value, or None when it dropped the event."""
        return self.return_value if self.outcome == "success" else None

    @property
    def drop_reason(self) -> str | None:
        """What an insert function returned to drop the event (`onTrack returned null`); None when it threw DropEvent
        (its error says why) or the event was not dropped. Nothing returned is the usual slip of a forgotten return."""
        if self.outcome != "dropped" or self.error is not None or self.handler_name is None:
            return None
        if self.returned_undefined:
            return f"{self.handler_name} returned nothing (undefined): return the event to pass it on"
        if self.return_value is None:
            return f"{self.handler_name} returned null"
        return f"{self.handler_name} returned an empty array" if self.return_value == [] else None

    def item_line(self, masked: Callable[[str], str]) -> str:
        """A batch item's line under its batch: its event's type (or that it had none), outcome and error, the error
        `masked` (segtui's own words are not: a short secret masked in one would be told by where it stands), then cut at
        ERROR_MOST characters."""
        kind = self.event_type if self.event_type is not None else "(no type)"
        return f"{kind}: {self.label}" + (f" ({cut(masked(self.error.headline()), ERROR_MOST)})" if self.error else "")

    @property
    def failed_items(self) -> list[tuple[int, Invocation]]:
        """The batch items, numbered from 1, whose outcome Segment is not content with (rejected, retried, …)."""
        return [(number, item) for number, item in enumerate(self.items, 1) if item.outcome not in ACCEPTED_OUTCOMES]

    @property
    def crashed(self) -> bool:
        """Whether segtui's sandbox died under this run (or one of its batch items): segtui's failure, not the handler's."""
        return self.outcome == CRASHED or any(item.crashed for item in self.items)

    @property
    def refused(self) -> bool:
        """Whether the system would not let a sandbox start for this run (or one of its batch items): a limit of the
        user's (ulimit), neither segtui's failure nor the handler's."""
        return self.outcome == REFUSED or any(item.refused for item in self.items)

    @property
    def refusal(self) -> str:
        """The system's words for why it would not let a sandbox start (the limit it names), or "" when it did."""
        if self.outcome == REFUSED and self.error is not None:
            return self.error.message
        return next((item.refusal for item in self.items if item.refused), "")

    def error_headline(self) -> str:
        """The error's headline as text shows it: for an event of no Spec type, Segment's `<type> not supported` with the
        type cut to TYPE_MOST characters (a type may be a megabyte; JSON keeps Segment's whole message)."""
        if self.error is None:
            return ""
        if self.unknown_type_note is not None:
            return f"{self.error.name}: {cut(str(self.event_type), TYPE_MOST)} not supported"
        return self.error.headline()

    @property
    def label(self) -> str:
        """Segment's name for the outcome."""
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @classmethod
    def from_json(cls, handler: str, data: dict[str, Any], kind: FunctionKind = "destination") -> Invocation:
        """Build from the sandbox's result dict; a source function whose messages Segment would reject is Message Rejected."""
        requests = data.get("requests", [])
        interactions = [record.pop("interaction") for record in requests if "interaction" in record]
        emitted = [EmittedMessage.from_json(item) for item in data.get("emitted", []) if isinstance(item, dict)]
        invocation = cls(
            handler=handler,
            event_type=data.get("event_type"),
            handler_name=data.get("handler_name"),
            outcome=str(data.get("outcome")),
            return_value=data.get("return"),
            returned_undefined=data.get("returned_undefined", False),
            error=ErrorInfo.from_json(data.get("error")),
            logs=[LogEntry.from_json(entry) for entry in data.get("logs", [])],
            logs_dropped=data.get("logs_dropped", 0),
            requests=[RequestRecord.from_json(record) for record in requests],
            duration_ms=data.get("duration_ms", 0.0),
            items=[cls.from_json(handler, item, kind) for item in data.get("items", [])],
            sandbox_reset=data.get("sandbox_reset", False),
            notes=[*map(str, data.get("notes", [])), *(unset_setting_note(name) for name in data.get("unset_settings", [])),
                   *unset_more_note(data.get("unset_more"))],
            interactions=interactions,
            kind=kind,
            emitted=emitted,
            unset_settings=[str(name) for name in data.get("unset_settings", [])],
        )
        if invocation.outcome not in (*OUTCOMES, CRASHED, REFUSED):  # segtui's runtime failed to record one: its bug, said so
            invocation.outcome = CRASHED
            invocation.error = ErrorInfo("SandboxError", f"segtui's sandbox gave a result with no outcome it knows "
                                         f"({str(data.get('outcome'))[:40]}); this is a bug in segtui")
        rejected = rejection(emitted)
        if rejected and invocation.outcome == "success":
            invocation.outcome = "message_rejected"
            invocation.error = ErrorInfo("ValidationError", rejected)
        return invocation

    def to_json(self, record_json: Callable[[RequestRecord], dict[str, Any]] = RequestRecord.to_json) -> dict[str, Any]:
        """The documented `segtui run --json` object, each request as `record_json` gives it (e.g. masked)."""
        data = {
            "handler": self.handler,
            "event_type": self.event_type,
            "handler_name": self.handler_name,
            "outcome": self.outcome,
            "return": self.return_value,
            "error": self.error.to_json() if self.error else None,
            "logs": [entry.to_json() for entry in self.logs],
            "requests": [record_json(record) for record in self.requests],
            "duration_ms": round(self.duration_ms, 3),
        }
        if self.logs_dropped:
            data["logs_dropped"] = self.logs_dropped
        if self.notes:
            data["notes"] = self.notes
        if self.items:
            data["items"] = [item.to_json(record_json) for item in self.items]
        if self.kind != "destination":
            data["kind"] = self.kind
        if self.kind == "source":
            data["emitted"] = [item.message for item in self.emitted]
        return data
