"""A count and its noun, in the singular for one: `1 event`, `2 events`, `1,000 sandboxes`; and a verb agreeing with it."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`count` (with thousands separators) and `noun`, or `nouns` (default: `noun` and an "s") when it is not one."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def agreeing(count: int, one: str, many: str) -> str:
    """The verb (or words) that agree with `count`: `one` for one (`is`), else `many` (`are`)."""
    return one if count == 1 else many
