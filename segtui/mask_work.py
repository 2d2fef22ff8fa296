"""A bound on the work of masking one output, in proportion to its length: masking runs in segtui's own process, after
the handler's time limit, so a handler's output crafted to be costly to read back (near-copies of a secret, nested
encodings) must not cost more than the output's share; past it, the output is withheld, never shown unmasked.

The work is counted in units of about one character handled at C speed (a reading made, a text searched); a step
taken in Python for one find (a widening, a locating) counts STEP.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import TypeVar

from segtui.mask_copies import LONG_TEXTS_KEPT, remember

T = TypeVar("T")

PER_CHAR = 256
"""The units of work each character of an output may take (a few microseconds): a normal output takes 5 to 65 (a key
logged over and over), a log of a key's near-copies ~60, and what was quadratic or inflates 64-fold more."""
BASE = 2_000_000
"""The units any output may take whatever its length (a few milliseconds): a short text searched for many forms."""
STEP = 64
"""The units counted for one step taken in Python for a find (~1 µs)."""
SHORT_TEXT = 16 * STEP
"""The units counted for a short text masked whole (its readings and searches are a few tens of steps)."""


class TooCostly(Exception):
    """Masking an output would take more work than its share."""


class _Work:
    """The units of work an output being masked has left."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


_current: contextvars.ContextVar[_Work | None] = contextvars.ContextVar("segtui_mask_work", default=None)


def charge(units: int) -> None:
    """Count work done for the output being masked, raising TooCostly past its share (nothing outside `bounded`)."""
    work = _current.get()
    if work is not None:
        work.left -= units
        if work.left < 0:
            raise TooCostly


def bounded(size: int, mask: Callable[[], T], withheld: Callable[[], T], per_char: int = PER_CHAR) -> T:
    """`mask()` for an output of `size` characters within its share of work, else `withheld()`; inside another
    output's masking (a body's runs of text, what it inflates to), its share is added to that output's."""
    work = _current.get()
    if work is not None:
        work.left += per_char * size
        return mask()
    token = _current.set(_Work(BASE + per_char * size))
    try:
        return mask()
    except TooCostly:
        return withheld()
    finally:
        _current.reset(token)


def bounded_kept(kept: dict[str, str], text: str, mask: Callable[[], str], withheld: Callable[[], str],
                 per_char: int = PER_CHAR) -> str:
    """`bounded` for a text, kept in `kept` (mask_copies.remember) when masked whole as an output of its own, and given
    from there again: a Masker masks a text alike each time (its memories only save it work), so the same log line,
    URL or body in each result is masked once. Inside another output's masking a text is neither kept nor looked up
    (the work it saves would count towards that output), and one withheld is not kept (it may fit with memories since)."""
    if _current.get() is not None:
        return bounded(len(text), mask, withheld, per_char)
    if (masked := kept.get(text)) is not None:
        return masked
    return bounded(len(text), lambda: remember(kept, text, mask(), LONG_TEXTS_KEPT), withheld, per_char)


def share(units: int) -> None:
    """Add `units` to the share of the output being masked (what its runs inflate to brings a share of its own)."""
    work = _current.get()
    if work is not None:
        work.left += units


def withheld_note(size: int) -> str:
    """What stands for an output withheld because masking it would have taken too long."""
    return (f"[segtui withheld this output ({size:,} characters): it could not be checked for secrets in time, "
            "so it is not shown]")
