"""What a Masker copies and keeps: a record's shallow copy, its memories of what it masked, and object keys that
masking made alike told apart."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

CACHED_TEXTS, LONGEST_KEPT = 4096, 1024
"""The most texts (or pairs, or joins) one of a Masker's memories keeps, and the longest text kept: an array's items
joined, or a find of base64 that holds a short secret, may be long, and thousands kept across outputs could hold
gigabytes."""
LONG_TEXTS_KEPT = 256
"""The most long texts (up to LONGEST_KEPT characters) a Masker keeps masked whole (mask_work.bounded_kept): a few
megabytes at most, whatever the texts' characters; the texts each result repeats are few."""


def remember(kept: dict[K, V], key: K, masked: V, most: int = CACHED_TEXTS) -> V:
    """Keep `masked` under `key` in one of a Masker's memories, emptied first when it holds `most`; a text key longer
    than LONGEST_KEPT is not kept."""
    if isinstance(key, str) and len(key) > LONGEST_KEPT:
        return masked
    if len(kept) >= most:
        kept.clear()
    kept[key] = masked
    return masked


def copy_record(value: T) -> T:
    """A shallow copy of a record (`dataclasses.replace` runs `__init__` again: ~4× the cost, once per output line)."""
    copied: T = object.__new__(type(value))
    copied.__dict__.update(value.__dict__)
    return copied


def unused_key(mapping: dict[Any, Any], key: Any, numbered: dict[Any, int]) -> Any:
    """`key`, or when masking made it one the mapping has (two secrets as keys), it numbered: `•••••• (2)`; `numbered`
    keeps the last number each key took in the mapping, below which all are taken (counting from 2 for each of many
    keys masked alike took time in the square of their number)."""
    count = numbered.get(key, 1)
    while (unused := key if count == 1 else f"{key} ({count})") in mapping:
        count += 1
    numbered[key] = count
    return unused
