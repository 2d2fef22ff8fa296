"""Text cut to a bound for a reader, with a note saying what was left out: what the TUI's panes and `segtui run`'s
text show of a result that may be megabytes (a pane wraps it on the UI loop, a terminal scrolls it away)."""

from __future__ import annotations

from dataclasses import dataclass

from segtui.cut_secrets import CUT
from segtui.plurals import plural

MAX_JSON_CHARS = 200_000
"""The most of a pretty-printed value shown at once; the rest is announced with a note."""
MAX_JSON_LINES = 5_000
MAX_HEADLINE_CHARS = 5000
"""The characters of an error's `Name: message` shown: wrapped, a message of a megabyte held the TUI up for seconds, and
printed whole it buries the rest of `segtui run`'s report."""
MAX_HEADLINE_LINES = 100


@dataclass
class Bounded:
    """Text cut to a bound, and a note saying what was left out (empty when nothing was)."""

    text: str
    note: str = ""
    size: int = 0
    """The length of the whole text, of which `text` is the part shown."""


def _human_size(size: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


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
        return Bounded(text, size=len(text))
    total_lines = text.count("\n") + 1
    shown_lines = cut.count("\n") + 1
    return Bounded(cut, f"showing {shown_lines:,} of {plural(total_lines, 'line')} ({human_size(len(cut))} of "
                        f"{human_size(len(text))}); the rest is not shown", len(text))


def bound_headline(headline: str) -> Bounded:
    """An error's masked headline cut to be shown (masked whole before: the cut shows no part of a secret)."""
    bounded = bound_text(headline, MAX_HEADLINE_CHARS, MAX_HEADLINE_LINES)
    if not bounded.note:
        return bounded
    return Bounded(bounded.text + " " + CUT, f"the error is cut: {bounded.note} (segtui run --json gives it whole)",
                   bounded.size)
