"""Bounded text views of run results, built in workers so huge outputs never reach the UI loop whole.

No Textual import: these turn invocation data into plain strings and say what they left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from segtui.runtime.invocation import Invocation, LogEntry
from segtui.settings import mask_text

MAX_JSON_CHARS = 200_000
"""The most of a pretty-printed value shown at once; the rest is announced with a note."""
MAX_JSON_LINES = 5_000
MAX_LOG_LINES = 20_000
MAX_LOG_LINE_CHARS = 2_000
MAX_BODY_CHARS = 100_000


@dataclass
class Bounded:
    """Text cut to a bound, and a note saying what was left out (empty when nothing was)."""

    text: str
    note: str = ""


def _human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size}"


def human_size(size: int | None) -> str:
    """1234 → "1.2 KB"."""
    return "" if size is None else _human_size(size)


def bound_text(text: str, max_chars: int = MAX_JSON_CHARS, max_lines: int = MAX_JSON_LINES) -> Bounded:
    """Cut text to at most `max_lines` lines and `max_chars` characters, with a note when cut."""
    cut = text[:max_chars]
    lines = cut.split("\n")
    if len(lines) > max_lines:
        cut = "\n".join(lines[:max_lines])
    if len(cut) == len(text):
        return Bounded(text)
    total_lines = text.count("\n") + 1
    shown_lines = cut.count("\n") + 1
    return Bounded(cut, f"showing {shown_lines:,} of {total_lines:,} lines ({human_size(len(cut))} of "
                        f"{human_size(len(text))}); the rest is not shown")


def pretty_json(value: object) -> Bounded:
    """A value as indented JSON, bounded."""
    try:
        text = json.dumps(value, indent=2, ensure_ascii=False)
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


def log_lines(entries: list[LogEntry], dropped: int = 0, max_lines: int = MAX_LOG_LINES) -> LogLines:
    """Split log entries into display lines, bounded; the note counts what the view and the engine left out."""
    lines: list[LogLine] = []
    shown_entries = 0
    for entry in entries:
        if len(lines) >= max_lines:
            break
        shown_entries += 1
        for index, text in enumerate(entry.message.split("\n")):
            if len(lines) >= max_lines:
                break
            if len(text) > MAX_LOG_LINE_CHARS:
                text = text[:MAX_LOG_LINE_CHARS] + f" … ({len(text) - MAX_LOG_LINE_CHARS:,} more characters)"
            lines.append(LogLine(entry.level, entry.time, text, index == 0))
    hidden = len(entries) - shown_entries + dropped
    note = ""
    if hidden:
        note = f"{hidden:,} more log lines not shown (the view keeps the first {len(lines):,})"
    return LogLines(lines, note)


def request_size(record: dict) -> int | None:
    """The response body's size in bytes, as recorded (or measured from the kept body)."""
    response = record.get("response") or {}
    for key in ("size", "body_size"):
        if isinstance(response.get(key), int):
            return response[key]
    body = response.get("body")
    if isinstance(body, str):
        return len(body.encode("utf-8", "replace"))
    return None


def request_status(record: dict) -> str:
    response = record.get("response")
    if response:
        return f"{response.get('status', '')} {response.get('status_text', '')}".strip()
    error = record.get("error")
    if isinstance(error, dict):
        return "failed: " + str(error.get("code") or error.get("type") or "error")
    return "failed" if error else "pending"


_FRAME = re.compile(r"^\s*at (?:(?P<fn>.*?) \()?(?P<file>[^()]*?):(?P<line>\d+):(?P<col>\d+)\)?\s*$")


@dataclass
class StackLine:
    """A line of an error's stack: a frame, or the handler source line a frame points at."""

    text: str
    source: bool = False
    line: int | None = None


@dataclass
class RunView:
    """An invocation made ready for the panes: bounded, masked, with the stack mapped to handler lines."""

    return_json: Bounded
    logs: LogLines
    stack: list[StackLine] = field(default_factory=list)


def stack_lines(stack: str, handler: str, source: str) -> list[StackLine]:
    """The stack frames after the headline; frames in the handler show the file's name and the line they point at."""
    lines = source.split("\n")
    short = Path(handler).name
    result: list[StackLine] = []
    for raw in stack.splitlines():
        match = _FRAME.match(raw)
        if match is None:
            continue
        text = raw.strip().replace(handler, short)
        if match["file"] != handler:
            result.append(StackLine(text))
            continue
        number = int(match["line"])
        result.append(StackLine(text, line=number))
        if 0 < number <= len(lines):
            result.append(StackLine(f"{number:>5} │ {lines[number - 1].strip()[:200]}", source=True, line=number))
    return result


def build_run_view(invocation: Invocation, secrets: list[str], handler: str, source: str) -> RunView:
    """Everything the panes need from one invocation, computed off the UI loop."""
    if invocation.error:
        return_json = Bounded("")
    else:
        bounded = pretty_json(invocation.return_value)
        return_json = Bounded(mask_text(bounded.text, secrets), bounded.note)
    logs = log_lines(invocation.logs, invocation.logs_dropped)
    if secrets:
        for line in logs.lines:
            line.text = mask_text(line.text, secrets)
    stack = stack_lines(invocation.error.stack, handler, source) if invocation.error else []
    return RunView(return_json, logs, stack)
