"""An array's numbers that are words of a text's bytes: 32-bit integers (a Uint32Array's) and floats or doubles (a
Float32Array's or Float64Array's items, `Array.from(new Float32Array(buffer))`), each read as its bytes in either order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from segtui.byte_words import ORDERS
from segtui.made_forms import item_word
from segtui.number_readings import exact_bits

Find = Callable[[str], list[tuple[int, int]]]


def word_spans(items: Sequence[object], find: Find) -> list[tuple[int, int]]:
    """The runs of items (the first's index, and past the last's) whose bytes spell what `find` finds: read as 32-bit
    words where one has a byte past its first 24 bits (as each word of text does), as floats and doubles where one is a
    number with a fraction (a Float32Array of a key's bytes has some: its whole numbers are read with them)."""
    spans: list[tuple[int, int]] = []
    if any(type(item) is int and item >= 0x1000000 for item in items):
        for order in ORDERS:
            spans += _runs(find("".join(item_word(item, order) for item in items)), 4)
    if any(type(item) is float for item in items):
        for layout, width in (("f", 4), ("d", 8)):
            for order in ORDERS:
                spans += _runs(find("".join(_float_word(item, layout, width, order) for item in items)), width)
    return spans


def _runs(found: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """The items that spans of a reading `width` characters an item came from."""
    return [(start // width, (end - 1) // width + 1) for start, end in found]


def _float_word(item: object, layout: str, width: int, order: Literal["big", "little"]) -> str:
    """The bytes of a number that a float or double (`f`, `d`) is exactly, as Latin-1 characters; else `width`
    characters no form holds."""
    bits = exact_bits(item, layout) if type(item) in (int, float) else None  # type: ignore[arg-type]
    return "\uffff" * width if bits is None else bits.to_bytes(width, order).decode("latin-1")
