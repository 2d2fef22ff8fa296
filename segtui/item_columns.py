"""A secret spelled across objects a character (or a char code) at a time: down a list of objects, under the same key of
each (`[...secret].map((c, i) => ({ i, c }))`), or by an object's values (`Object.fromEntries([...secret].map(…))`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_FEWEST = 6


def mask_columns(items: list[Any], mask_items: Callable[[Any, Sequence[Any]], None], fewest: int) -> None:
    """Mask, with `mask_items` (Masker.mask_items), each key's values down a list of at least `fewest` objects; an
    object changed is replaced by a copy (the list is the masker's own, the objects still the caller's)."""
    if len(items) < fewest or not all(type(item) is dict for item in items):
        return
    for name in items[0]:
        column = [item.get(name) for item in items]
        if not all(type(value) in (str, int) for value in column):
            continue
        shown = list(column)
        mask_items(shown, range(len(shown)))
        for index, (value, masked) in enumerate(zip(column, shown)):
            if masked is not value:
                items[index] = {**items[index], name: masked}


def spelled_by_values(mapping: dict[Any, Any]) -> bool:
    """Whether an object's values are each a character or a char code, enough of them to spell a secret (8, or a short
    password's 6): Masker.mask_items then reads them in order."""
    return len(mapping) >= _FEWEST and all(type(value) is int or type(value) is str and len(value) == 1
                                           for value in mapping.values())
