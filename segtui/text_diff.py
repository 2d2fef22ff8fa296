"""Unified diffs of texts of any size: what lies between their common start and common end is diffed up to a bound."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from segtui.plurals import plural

MAX_DIFFED_LINES = 1_000
"""Lines of each side's changed middle that are diffed: difflib's matching grows faster than the lines it is given
(a 50,000-line golden whose every third line changed took over ten minutes), so a longer middle is cut here."""

HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")
"""A hunk header: the first line of each side it covers, 1-based, and their counts."""


def unified_diff(before: Sequence[str], after: Sequence[str], fromfile: str = "", tofile: str = "", *,
                 n: int = 3, lineterm: str = "\n") -> list[str]:
    """difflib.unified_diff's lines, in bounded time: past MAX_DIFFED_LINES changed lines, the diff ends with a line
    saying how many more were not compared. Hunk headers number the lines of the whole texts; texts within the bound
    get difflib's own diff, line for line."""
    if max(len(before), len(after)) <= MAX_DIFFED_LINES:
        return list(difflib.unified_diff(before, after, fromfile, tofile, n=n, lineterm=lineterm))
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    middle_before, middle_after = before[start:len(before) - end], after[start:len(after) - end]
    cut = max(len(middle_before), len(middle_after)) > MAX_DIFFED_LINES
    first = max(0, start - n)
    if cut:
        kept_before = [*before[first:start], *middle_before[:MAX_DIFFED_LINES]]
        kept_after = [*after[first:start], *middle_after[:MAX_DIFFED_LINES]]
    else:
        kept_before = [*before[first:len(before) - end + n]]
        kept_after = [*after[first:len(after) - end + n]]
    lines = [_shifted(line, first) for line in difflib.unified_diff(kept_before, kept_after, fromfile, tofile,
                                                                     n=n, lineterm=lineterm)]
    if cut:
        left_before = len(middle_before) - min(len(middle_before), MAX_DIFFED_LINES)
        left_after = len(middle_after) - min(len(middle_after), MAX_DIFFED_LINES)
        lines.append(f"@@ the diff stops here: the next {plural(left_before, 'line')} of the old side and {left_after:,} of the "
                     f"new, up to their common end, were not compared @@{lineterm}")
    return lines


def _shifted(line: str, offset: int) -> str:
    """A hunk header's line numbers moved by `offset` (the lines left out before the diffed part); other lines as they are."""
    if not offset or not line.startswith("@@"):
        return line
    match = HUNK.match(line)
    if match is None:
        return line
    old, old_count, new, new_count = match.groups()
    return (f"@@ -{int(old) + offset}{old_count or ''} +{int(new) + offset}{new_count or ''} @@"
            f"{line[match.end():]}")
