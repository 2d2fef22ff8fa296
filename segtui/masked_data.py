"""JSON-like data masked by a Masker (Masker.data): its strings, object keys and numbers at any depth, and the items of
an array or object that spell a secret together."""

from __future__ import annotations

from typing import Any

from segtui.mask_copies import unused_key
from segtui.masking import MASK, SHORT, Masker
from segtui.number_texts import json_number_text


def masked_data(masker: Masker, value: Any, *, keys: bool) -> Any:
    """A copy of the data with secrets masked in its strings and (with `keys`) its object keys, at any depth."""
    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        item = holder[key]
        if isinstance(item, str):
            holder[key] = masker.text(item)
        elif masker.numbers and isinstance(item, (int, float)) and not isinstance(item, bool):
            text = json_number_text(item)
            if len(text) >= SHORT and (masked := masker.text(text)) != text:
                holder[key] = masked
        elif isinstance(item, list):
            copy = list(item)
            holder[key] = copy
            masker.mask_items(copy, range(len(copy)))
            stack.extend((copy, index) for index in range(len(copy)))
        elif isinstance(item, dict):
            mapping: dict[Any, Any] = {}
            numbered: dict[Any, int] = {}
            for name, child in item.items():
                mapping[unused_key(mapping, masker.text(name) if keys and isinstance(name, str) else name, numbered)] = child
            holder[key] = mapping
            if all(isinstance(name, str) and name.isdecimal() for name in mapping):
                masker.mask_items(mapping, list(mapping))
            else:  # `{f0: "sk9Q", f1: "mX2v", …}`
                masker.chains.mask(mapping, list(mapping), MASK)
            stack.extend((mapping, name) for name in mapping)
    return root[0]
