"""NDJSON read line by line: each line's event, and under --skip-bad-lines the lines that are no event (BadLine)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from segtui.cut_secrets import cut
from segtui.errors import SegtuiInputError
from segtui.event_size import EventTooBig, check_text_size
from segtui.json_input import decode_json, json_kind, json_lines
from segtui.plurals import plural
from segtui.user_files import quotable

_Made = TypeVar("_Made")
"""What a caller of ndjson_lines makes of each line's value."""


@dataclass(frozen=True)
class BadLine:
    """An NDJSON line --skip-bad-lines left out as no event: where it is (`path:line`) and why."""

    where: str
    why: str

    @property
    def said(self) -> str:
        """`where: why`, as segtui says a skipped line."""
        return f"{self.where}: {self.why}"


def check_line_object(event: object, where: str) -> None:
    """Raise unless an NDJSON line's value is an object: a batch (an array) is a file's, never a line's."""
    if not isinstance(event, dict):
        raise SegtuiInputError(f"{where}: each NDJSON line must be an event object, got {json_kind(event)}")


def ndjson_lines(text: str, path: Path, memory_mb: int, check: Callable[[Any, str], _Made],
                 skipped: list[BadLine] | None) -> Iterator[tuple[int, _Made]]:
    """Each non-blank line of NDJSON text read from `path`: its number and what `check` makes of its value (at `where`),
    within check_text_size; a line that is no event raises, or, given `skipped`, is kept there with why and left out (a
    line too big to run, EventTooBig, raises whatever: it is an event)."""
    quote = quotable(path)
    for number, line in enumerate(json_lines(text), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            check_text_size(line, f"The event at {where}", memory_mb)
            made = check(decode_json(line, str(path), number - 1, quote=quote), where)
        except SegtuiInputError as error:
            if skipped is None or isinstance(error, EventTooBig):
                raise
            skipped.append(BadLine(where, bad_line_reason(str(error), where)))
            continue
        yield number, made


REASON_MOST = 300
"""The most characters of a skipped line's reason said (its first line; a quoted excerpt of the line is cut already): more
than segtui's own longest reason (~230), so only a value the line holds is cut."""
_COLUMN = re.compile(r"(\d+): ")
"""The column a JSON error says after its `where:` (compiled once: a file may have thousands of bad lines)."""


def bad_line_reason(message: str, where: str) -> str:
    """Why a line was skipped: its refusal, without the `where` (or its file's name, or `The event at where`) its first
    line begins with, a column said as one, that first line cut to REASON_MOST characters (it may quote the line's value:
    a megabyte of "type" flooded the terminal); all its lines, cut where shown once masked (a secret may span them)."""
    column = _COLUMN.match(message, len(where) + 1) if message.startswith(f"{where}:") else None
    if column:
        reason = f"column {column[1]}: {message[column.end():]}"
    else:
        file = where.rpartition(":")[0]  # invalid JSON that names no line (NaN, nesting too deep) names the file
        reason = message.removeprefix(f"{where}: ").removeprefix(f"{file}: ").replace(f"The event at {where}", "The event", 1)
    first, newline, rest = reason.partition("\n")
    return cut(first, REASON_MOST) + newline + rest


def every_line_skipped(where: str, skipped: Sequence[BadLine], verb: str) -> SegtuiInputError:
    """The refusal of NDJSON whose every line --skip-bad-lines skipped: how many, and the first with its whole reason
    (its quoted line too), so that the user learns why without running again."""
    return SegtuiInputError(f"{where}: no line is an event to {verb} (--skip-bad-lines skipped "
                            f"{plural(len(skipped), 'line')}); the first: {skipped[0].said}")
