"""The nesting check of JSON input, against a plain reading of the text a character at a time."""

from __future__ import annotations

import random

import pytest

from segtui import json_input

INSIDE = ["[", "]", "{", "}", '\\"', "\\\\", "\\n", "a", "é", "𝄞", "\\u005c"]
OUTSIDE = ["[", "]", "{", "}", " ", "1", ",", ":"]


def read_depth_exceeds(text: str, limit: int) -> bool:
    """A character at a time: brackets outside strings, a backslash in a string escaping the next character."""
    if len(text) <= 2 * limit:
        return False
    depth, at = 0, 0
    while at < len(text):
        if text[at] == '"':
            at += 1
            while at < len(text) and text[at] != '"':
                at += 2 if text[at] == "\\" else 1
            if at >= len(text):
                return False
        elif text[at] in "[{":
            depth += 1
            if depth > limit:
                return True
        elif text[at] in "]}":
            depth -= 1
        at += 1
    return False


@pytest.mark.parametrize("chunk", [3, 1 << 16])
def test_the_nesting_check_agrees_with_a_reading_of_each_character(monkeypatch, chunk):
    # The check cuts the text to its structure in chunks (never between a backslash and what it escapes): with
    # 3-character chunks, runs of backslashes and escaped quotes stand across every boundary.
    monkeypatch.setattr(json_input, "_CHUNK", chunk)
    rng = random.Random(7)

    def string(length: int) -> str:
        return '"' + "".join(rng.choice(INSIDE) for _ in range(length))

    for _ in range(5000):
        limit = rng.choice([1, 2, 3, 5])
        parts = [string(rng.randint(0, 6)) + '"' if rng.random() < 0.3 else rng.choice(OUTSIDE)
                 for _ in range(rng.randint(0, 40))]
        text = "".join(parts) + (string(3) if rng.random() < 0.2 else "")  # some end in a string that never ends
        assert json_input.nesting_depth_exceeds(text, limit) is read_depth_exceeds(text, limit), (text, limit)
