"""What changed between two runs of the same event: outcome, return value, logs and requests.

No Textual import; the diff view only paints the lines this returns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from segtui.invocation import Invocation
from segtui.text_diff import unified_diff
from segtui.ui.views import pretty_body, request_status

MAX_DIFF_LINES = 2_000


@dataclass
class DiffSection:
    """One part of a run compared: unified-diff lines tagged "+", "-", " " or "@" (a hunk header)."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(tag in "+-" for tag, _ in self.lines)


def _outcome_lines(invocation: Invocation, word: str | None) -> list[str]:
    lines = [word or invocation.label]
    if invocation.error:
        lines.append(invocation.error.headline())
    return lines


def _return_lines(invocation: Invocation) -> list[str]:
    if invocation.error:
        return []
    return json.dumps(invocation.return_value, indent=2, ensure_ascii=False, default=repr).splitlines()


def _log_lines(invocation: Invocation) -> list[str]:
    return [f"{entry.level.upper():5} {line}" for entry in invocation.logs for line in entry.message.split("\n")]


def _request_lines(invocation: Invocation, mask: Callable[[str], str]) -> list[str]:
    """Each request and its bodies, masked before a long body is cut (a secret the cut split would show its start)."""
    lines = []
    for record in invocation.requests:
        response = record.response
        lines.append(f"{record.method} {record.url} → {request_status(record)}")
        body, _ = pretty_body(mask(record.body) if record.body else record.body)
        lines += [f"  > {line}" for line in body.text.splitlines()]
        if response:
            body, _ = pretty_body(mask(response.body) if response.body else response.body)
            lines += [f"  < {line}" for line in body.text.splitlines()]
    return lines


def _section(title: str, before: list[str], after: list[str]) -> DiffSection:
    section = DiffSection(title)
    for line in unified_diff(before, after, lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        if len(section.lines) >= MAX_DIFF_LINES:
            section.lines.append(("@", "… the rest of the diff is not shown"))
            break
        tag = "@" if line.startswith("@@") else line[:1]
        section.lines.append((tag, line if tag == "@" else line[1:]))
    return section


def diff_invocations(before: Invocation, after: Invocation, mask: Callable[[str], str] = str,
                     words: tuple[str, str] = ("", "")) -> list[DiffSection]:
    """The sections of two runs compared, each with its unified diff (empty when that part is unchanged); `mask` masks
    a request's body before it is cut to be shown (the caller masks every line shown); `words` name each run's outcome
    as the history does ("Load failed"), when not its invocation's label."""
    return [
        _section("Outcome", _outcome_lines(before, words[0]), _outcome_lines(after, words[1])),
        _section("Callback Return", _return_lines(before), _return_lines(after)),
        _section("Raw Log Output", _log_lines(before), _log_lines(after)),
        _section("Requests", _request_lines(before, mask), _request_lines(after, mask)),
    ]
