"""What changed between two runs of the same event: outcome, return value, logs and requests.

No Textual import; the diff view only paints the lines this returns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from segtui.cut_secrets import CUT
from segtui.invocation import Invocation
from segtui.log_masking import masked_messages
from segtui.masking import Masker
from segtui.plurals import plural
from segtui.records import RequestRecord
from segtui.text_diff import HUNK, unified_diff
from segtui.ui.views import pretty_body, request_status

MAX_DIFF_LINES = 2_000
MAX_LINE_CHARS = 1_000
"""The characters of a line a section shows, its end cut with a count: Textual lays the diff out on the UI's loop, where
a 1 MB error message in both runs' Outcome held it for seconds (and again at each resize)."""
MAX_SECTION_CHARS = 100_000
"""The characters a section shows in all (2,000 lines of 1,000 would hold the loop as long)."""


@dataclass
class DiffSection:
    """One part of a run compared: unified-diff lines tagged "+", "-", " " or "@" (a hunk header)."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(tag in "+-" for tag, _ in self.lines)


Line = tuple[str, str]
"""A line diffed by its first text, the run's own (so that a changed secret shows as a change), and shown by its second,
masked."""


class _Masks:
    """The maskers of both runs applied in turn: each run's view is masked with the secrets of both."""

    def __init__(self, maskers: Sequence[Masker]) -> None:
        self.maskers = maskers

    def text(self, text: str) -> str:
        for masker in self.maskers:
            text = masker.text(text)
        return text

    def data(self, value: Any) -> Any:
        for masker in self.maskers:
            value = masker.data(value)
        return value

    def messages(self, messages: list[str]) -> list[str]:
        for masker in self.maskers:
            messages = masked_messages(masker, messages)
        return messages

    def record(self, record: RequestRecord) -> RequestRecord:
        for masker in self.maskers:
            record = masker.record(record)
        return record


def _paired(raw: list[str], shown: list[str]) -> list[Line]:
    """A part's lines as the run holds them beside the same part masked whole, then split (a secret spelled across lines
    is masked in no line alone); where masking joined lines (a secret across them), the masked lines stand for both."""
    return list(zip(raw, shown)) if len(raw) == len(shown) else [(line, line) for line in shown]


def _outcome_lines(invocation: Invocation, word: str | None, masks: _Masks) -> list[Line]:
    lines = [(word or invocation.label,) * 2]
    if invocation.error:
        headline = invocation.error.headline()
        lines.append((headline, masks.text(headline)))
    return lines


def _return_lines(invocation: Invocation, masks: _Masks) -> list[Line]:
    if invocation.error:
        return []
    raw, masked = (json.dumps(value, indent=2, ensure_ascii=False, default=repr).splitlines()
                   for value in (invocation.return_value, masks.data(invocation.return_value)))
    return _paired(raw, masked)


def _log_lines(invocation: Invocation, masks: _Masks) -> list[Line]:
    lines = []
    for entry, shown in zip(invocation.logs, masks.messages([entry.message for entry in invocation.logs])):
        raw, masked = ([f"{entry.level.upper():5} {line}" for line in message.split("\n")]
                       for message in (entry.message, shown))
        lines += _paired(raw, masked)
    return lines


def _request_lines(invocation: Invocation, masks: _Masks) -> list[Line]:
    """Each request and its bodies, masked before a long body is cut (a secret the cut split would show its start)."""
    lines = []
    for record in invocation.requests:
        lines += _paired(_record_lines(record), _record_lines(masks.record(record)))
    return lines


def _record_lines(record: RequestRecord) -> list[str]:
    response = record.response
    lines = [f"{record.method} {record.url} → {request_status(record)}"]
    lines += [f"  > {line}" for line in pretty_body(record.body)[0].text.splitlines()]
    if response:
        lines += [f"  < {line}" for line in pretty_body(response.body)[0].text.splitlines()]
    return lines


def _section(title: str, before: list[Line], after: list[Line]) -> DiffSection:
    """The unified diff of the lines as the runs hold them, each line shown masked (a long one cut)."""
    section = DiffSection(title)
    old = new = shown = 0
    for line in unified_diff([raw for raw, _ in before], [raw for raw, _ in after], lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        if len(section.lines) >= MAX_DIFF_LINES or shown >= MAX_SECTION_CHARS:
            section.lines.append(("@", "… the rest of the diff is not shown"))
            break
        tag = "@" if line.startswith("@@") else line[:1]
        if tag == "@":
            if hunk := HUNK.match(line):
                old, new = int(hunk[1]) - 1, int(hunk[3]) - 1
            text = line
        elif tag == "-":
            text = before[old][1]
            old += 1
        else:
            text = after[new][1]
            old, new = old + (tag == " "), new + 1
        if len(text) > MAX_LINE_CHARS:  # masked whole before: the cut shows no part of a secret
            text = f"{text[:MAX_LINE_CHARS]}{CUT} ({plural(len(text) - MAX_LINE_CHARS, 'more character')} not shown)"
        shown += len(text)
        section.lines.append((tag, text))
    return section


def diff_invocations(before: Invocation, after: Invocation, maskers: Sequence[Masker] = (),
                     words: tuple[str, str] = ("", "")) -> list[DiffSection]:
    """The sections of two runs compared, each with its unified diff (empty when that part is unchanged), every part the
    handler made masked whole with each of `maskers` before it is split into lines; `words` name each run's outcome
    as the history does ("Load failed"), when not its invocation's label."""
    masks = _Masks(maskers)
    return [
        _section("Outcome", _outcome_lines(before, words[0], masks), _outcome_lines(after, words[1], masks)),
        _section("Callback Return", _return_lines(before, masks), _return_lines(after, masks)),
        _section("Raw Log Output", _log_lines(before, masks), _log_lines(after, masks)),
        _section("Requests", _request_lines(before, masks), _request_lines(after, masks)),
    ]
