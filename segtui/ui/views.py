"""Bounded text views of run results, built in workers so huge outputs never reach the UI loop whole.

No Textual import: these turn invocation data into plain strings and say what they left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from segtui.bounded_text import MAX_JSON_CHARS, Bounded, bound_headline, bound_text
from segtui.cut_secrets import cut
from segtui.indented_json import indented_json
from segtui.invocation import CRASHED, REFUSED, Invocation, LogEntry
from segtui.log_masking import masked_in_chunks
from segtui.masking import Masker
from segtui.plurals import plural
from segtui.records import RequestRecord
from segtui.stacks import handler_location
from segtui.terminal import visible
from segtui.ui.kind_views import EmittedLine, EventChanges, emitted_lines, insert_changes

MAX_LOG_LINES = 20_000
LOGS_AT_ONCE = 1_000
"""The most log entries a run's view masks as the run ends: more are masked once the run is shown, off the UI loop
(RawLogOutput), while the rest of it is already shown (masking a run's 10,000 took seconds before it was)."""
LOG_CHARS_AT_ONCE = 100_000
"""The most characters of log messages a run's view masks as the run ends: as for LOGS_AT_ONCE, more wait for the run to
be shown (in a review, 1,000 entries of ~2,000 characters were masked for 2.6 s before the run showed)."""
MAX_KEPT_LOGS = "10,000 lines and 2,000,000 characters"  # what segtui/sandbox/js/console.js keeps
MAX_LOG_LINE_CHARS = 2_000
MAX_BODY_CHARS = 100_000
_MARKS = {"success": "✔", "dropped": "✔", "unsupported_event_type": "○", CRASHED: "‼", REFUSED: "‼"}


def outcome_mark(outcome: str) -> str:
    """✔ for a success, ○ for an event type the handler declares unsupported (as Segment, not a failure),
    ‼ for segtui's own crash or the system's refusal to start a sandbox, else ✖."""
    return _MARKS.get(outcome, "✖")


def pretty_json(value: object) -> Bounded:
    """A value as indented JSON, bounded."""
    try:
        text = indented_json(value)
    except (TypeError, ValueError):
        text = repr(value)
    return bound_text(text)


def pretty_body(body: object) -> tuple[Bounded, bool]:
    """A request or response body for display: indented when it is JSON. Returns (text, is_json)."""
    if body is None:
        return Bounded(""), False
    if not isinstance(body, str):
        return pretty_json(body), True
    if len(body) <= MAX_JSON_CHARS:
        try:
            return pretty_json(json.loads(body)), True
        except ValueError:
            pass
    return bound_text(body, MAX_BODY_CHARS), False


@dataclass
class LogLine:
    """One display line of the Raw Log Output: the first line of an entry carries its time and level."""

    level: str
    time: str
    text: str
    first: bool = True


@dataclass
class LogLines:
    lines: list[LogLine] = field(default_factory=list)
    note: str = ""


def log_lines(entries: list[LogEntry], messages: list[str], dropped: int = 0) -> LogLines:
    """Split log entries into display lines, bounded; the note counts what the view and the engine left out.

    `messages` are the first entries' whole messages masked (together: masked_in_chunks) before they are split or cut:
    a secret across lines (a PEM key) or across the cut would otherwise be masked in no line.
    """
    lines: list[LogLine] = []
    shown_entries = 0
    for entry, message in zip(entries, messages):
        if len(lines) >= MAX_LOG_LINES:
            break
        shown_entries += 1
        for index, text in enumerate(message.split("\n")):
            if len(lines) >= MAX_LOG_LINES:
                break
            if len(text) > MAX_LOG_LINE_CHARS:
                text = text[:MAX_LOG_LINE_CHARS] + f" … ({plural(len(text) - MAX_LOG_LINE_CHARS, 'more character')})"
            lines.append(LogLine(entry.level, entry.time, text, index == 0))
    notes = []
    if len(entries) > shown_entries:
        notes.append(f"{plural(len(entries) - shown_entries, 'more log line')} not shown (the view keeps the first {len(lines):,})")
    if dropped:
        notes.append(f"{plural(dropped, 'more log line')} not kept (a run keeps {MAX_KEPT_LOGS})")
    return LogLines(lines, "; ".join(notes))


def request_size(record: RequestRecord) -> int | None:
    """The response body's size in bytes, as recorded."""
    return record.response.body_size if record.response is not None else None


def request_status(record: RequestRecord) -> str:
    """`200 OK`, or how the request failed."""
    if record.response is not None:
        return f"{record.response.status} {record.response.status_text}".strip()
    if record.error is not None:
        return "failed: " + (record.error.code or record.error.type or "error")
    return "pending"


@dataclass
class StackLine:
    """A line of an error's stack: a frame, or the handler source line a frame points at."""

    text: str
    source: bool = False
    line: int | None = None


@dataclass
class RunView:
    """An invocation made ready for the panes: bounded, secrets masked, the stack mapped to handler lines.

    Every text the panes, tables and editor show of a run comes from here, so nothing unmasked reaches them.
    """

    return_json: Bounded
    logs: LogLines | None
    """None while more than LOGS_AT_ONCE entries wait to be masked (shown_logs, as the run is shown)."""
    headline: str = ""
    """The error as `Name: message` (empty when the run did not throw), bounded as segtui.bounded_text.bound_headline bounds it."""
    headline_note: str = ""
    """What of the headline was cut, and where to see it whole (empty when nothing was)."""
    stack: list[StackLine] = field(default_factory=list)
    source_line: str = ""
    """For a syntax error: the offending line of the handler."""
    items: list[str] = field(default_factory=list)
    """One line per event of a batch: its type, outcome and error."""
    changes: EventChanges | None = None
    """An insert function's output event as a change of its input (None for other kinds and runs)."""
    emitted: list[EmittedLine] = field(default_factory=list)
    """A source function's emitted messages."""
    notes: list[str] = field(default_factory=list)
    """The run's notes (a setting read without a value names what the handler read, which may hold a secret)."""
    weight: int = 0
    """About how many characters of data the run holds (its return as JSON, logs, bodies): what History bounds."""


MAX_FRAMES = 200
"""The frames of a stack the error pane shows: a deeper one (Error.stackTraceLimit = Infinity, a stack the handler
wrote) is cut with a line saying how many more there are; laid out whole, 50,000 frames held the UI up for a minute."""
MAX_FRAME_CHARS = 1000
"""The characters of a frame the pane shows (a real one is a line of a few dozen): wrapped, one of 800,000 that a
handler wrote held the UI up for ten seconds."""
MAX_ITEM_CHARS = 1000
"""The characters of a batch item's line (its error's headline among them) the pane shows."""


def stack_lines(stack: str, handler: str, source: str) -> list[StackLine]:
    """The stack frames after the headline (the first MAX_FRAMES); frames in the handler show the file's name and the
    line they point at."""
    lines = source.split("\n")
    short = Path(handler).name
    result: list[StackLine] = []
    frames = [raw for raw in stack.splitlines() if raw.lstrip().startswith("at ")]
    for raw in frames[:MAX_FRAMES]:
        text = cut(raw.strip().replace(handler, short), MAX_FRAME_CHARS)  # masked whole before: the cut shows no secret
        location = handler_location(raw, handler)
        if location is None:
            result.append(StackLine(text))
            continue
        number = location.line
        result.append(StackLine(text, line=number))
        if 0 < number <= len(lines):
            result.append(StackLine(f"{number:>5} │ {lines[number - 1].strip()[:200]}", source=True, line=number))
    if len(frames) > MAX_FRAMES:
        result.append(StackLine(f"… {plural(len(frames) - MAX_FRAMES, 'more frame')} not shown (segtui run --json gives them all)"))
    return result


def build_run_view(invocation: Invocation, masker: Masker, handler: str, source: str, event: object = None) -> RunView:
    """Everything the panes need from one invocation (and the event it ran, for an insert function's change), masked,
    control characters escaped, computed off the UI loop."""

    def shown(text: str) -> str:
        return visible(masker.text(text))

    error = invocation.error
    if error:
        return_json = Bounded("")
    elif invocation.returned_undefined:
        return_json = Bounded("undefined")
    else:
        bounded = pretty_json(masker.data(invocation.return_value))
        return_json = Bounded(visible(bounded.text), bounded.note, bounded.size)
    log_chars = sum(len(entry.message) for entry in invocation.logs)
    at_once = len(invocation.logs) <= LOGS_AT_ONCE and log_chars <= LOG_CHARS_AT_ONCE
    logs = shown_logs(invocation, masker) if at_once else None
    view = RunView(return_json, logs, changes=insert_changes(invocation, event, masker),
                   emitted=emitted_lines(invocation, masker))
    if error:
        headline = bound_headline(masker.text(error.headline()))
        view.headline, view.headline_note = visible(headline.text), headline.note
        view.source_line = shown(error.source_line)
        view.stack = stack_lines(masker.text(error.stack), handler, source)
        for frame in view.stack:
            frame.text = shown(frame.text)
    view.items = [visible(cut(item.item_line(masker.text), MAX_ITEM_CHARS)) for item in invocation.items]
    view.notes = [shown(note) for note in invocation.notes]
    view.weight = return_json.size + log_chars + sum(
        len(record.body or "") + len(record.response.body or "" if record.response else "") for record in invocation.requests)
    return view


def shown_logs(invocation: Invocation, masker: Masker, cancelled: Callable[[], bool] = lambda: False) -> LogLines | None:
    """The run's log lines as the Raw Log Output shows them: masked, bounded, control characters made visible (None once
    `cancelled` says so between two chunks of the masking)."""
    entries = invocation.logs[:MAX_LOG_LINES]
    messages = masked_in_chunks(masker, [entry.message for entry in entries], cancelled)
    if messages is None:
        return None
    logs = log_lines(invocation.logs, messages, invocation.logs_dropped)
    for line in logs.lines:
        line.text = visible(line.text)
    return logs
