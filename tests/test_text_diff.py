"""Unified diffs in bounded time: difflib's own diff within the bound, a cut one past it with whole-text numbering."""

import difflib
import random

from segtui import text_diff
from segtui.text_diff import MAX_DIFFED_LINES, unified_diff


def edited(lines: list[str], rng: random.Random, edits: int) -> list[str]:
    changed = list(lines)
    for _ in range(edits):
        where = rng.randint(0, len(changed))
        choice = rng.random()
        if choice < 0.3 and changed:
            changed.pop(min(where, len(changed) - 1))
        elif choice < 0.6:
            changed.insert(where, rng.choice("abcdef") + "\n")
        elif changed:
            changed[min(where, len(changed) - 1)] = rng.choice("xyz") + "\n"
    return changed


def test_texts_within_the_bound_get_difflibs_own_diff():
    rng = random.Random(7)
    for _ in range(500):
        before = [rng.choice("abcde") + "\n" for _ in range(rng.randint(0, 40))]
        after = edited(before, rng, rng.randint(0, 6))
        context = rng.randint(0, 4)
        assert unified_diff(before, after, "a", "b", n=context) == list(
            difflib.unified_diff(before, after, "a", "b", n=context))


def test_a_long_text_with_one_change_numbers_its_hunk_as_difflib_does():
    before = [f"line {number}\n" for number in range(MAX_DIFFED_LINES * 5)]
    after = [*before[:4000], "changed\n", *before[4001:]]
    assert unified_diff(before, after, "a", "b") == list(difflib.unified_diff(before, after, "a", "b"))


def test_a_diff_past_the_bound_is_cut_and_says_so(monkeypatch):
    # A golden of 50,000 lines whose every third line changed took `segtui test` over ten minutes in difflib.
    before = [f'  "v": {number},\n' if number % 3 == 0 else '  "s": "same",\n' for number in range(60_000)]
    after = [line.replace('"v": ', '"v": 2') for line in before]
    lines = unified_diff(before, after, "golden", "this run")
    assert len(lines) < 3 * MAX_DIFFED_LINES
    assert lines[-1] == ("@@ the diff stops here: the next 58,998 lines of the old side and 58,998 of the new, up to "
                         "their common end, were not compared @@\n")
    assert lines[2].startswith("@@ -1,") and lines[3] == '-  "v": 0,\n'


def test_a_cut_diff_keeps_the_lines_before_the_change_out_of_it_and_numbers_from_them(monkeypatch):
    monkeypatch.setattr(text_diff, "MAX_DIFFED_LINES", 10)
    before = ["same\n"] * 500 + [f"old {number}\n" for number in range(100)]
    after = ["same\n"] * 500 + [f"new {number}\n" for number in range(100)]
    lines = unified_diff(before, after, "a", "b", n=2)
    assert lines[2] == "@@ -499,12 +499,12 @@\n"
    assert lines[3:5] == [" same\n", " same\n"] and lines[5] == "-old 0\n"
    assert lines[-1] == ("@@ the diff stops here: the next 90 lines of the old side and 90 of the new, up to their "
                         "common end, were not compared @@\n")
