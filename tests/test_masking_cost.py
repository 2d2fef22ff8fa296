"""Masking a handler's output crafted to be costly: memory held while searching stays bounded, and widening a find
against a long secret gives what a character-by-character walk gives."""

from __future__ import annotations

import random
import tracemalloc

from segtui.form_search import FormSearch, Widening
from segtui.masking import MASK, Masker

SECRET = "sk_live_abcdef123456"


def near_copies(count: int) -> str:
    """A log of the secret's near-copies, each with its last character changed (what a probe logged 200,000 of)."""
    return "".join(SECRET[:-1] + str(index % 10) + " " for index in range(count))


def test_a_search_of_a_log_of_near_copies_holds_memory_in_proportion_to_what_it_finds():
    grams = [SECRET[start:start + 6] for start in range(len(SECRET) - 5)]
    search = FormSearch(groups={1: grams, 2: [SECRET]})
    text = near_copies(20_000)
    tracemalloc.start()
    try:
        found = search.spans_of(text, (1, 2))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found[1]) == 3 * 20_000 and len(found[2]) == 2_000  # every 6th gram; each copy ending in 6 whole
    # Millions of overlapping matches were held at once (~200 bytes a character of the text); the spans kept are ~20.
    assert peak < 100 * len(text), peak


def test_a_log_of_near_copies_is_masked_in_every_copy():
    masker = Masker([SECRET])
    masked = masker.text(near_copies(20_000))
    assert SECRET[:12] not in masked
    assert masked.count(MASK) == 20_000


def _walked(text: str, start: int, end: int, secrets: list[str]) -> tuple[int, int, str, int]:
    """A Widening as a walk a character at a time (the test's own oracle)."""
    piece, best = text[start:end], (start, end, "", 0)
    for secret in secrets:
        offset = secret.find(piece) if len(secret) > len(piece) else -1
        low, high = start, end
        while offset > 0 and low > 0 and text[low - 1] == secret[offset - 1]:
            low, offset = low - 1, offset - 1
        while (offset >= 0 and high < len(text) and offset + high - low < len(secret)
               and text[high] == secret[offset + high - low]):
            high += 1
        best = (low, high, secret, offset) if high - low > best[1] - best[0] or not best[2] and offset >= 0 else best
    return best


def test_widening_against_secrets_gives_what_a_walk_a_character_at_a_time_gives():
    rng = random.Random(7)
    for _ in range(2_000):
        secrets = ["".join(rng.choice("ab1") for _ in range(rng.randint(1, 30))) for _ in range(rng.randint(1, 3))]
        text = "".join(rng.choice("ab1x") for _ in range(rng.randint(1, 60)))
        start = rng.randrange(len(text))
        end = rng.randint(start + 1, len(text))
        assert Widening(secrets)(text, start, end) == _walked(text, start, end, secrets)


def test_a_long_secret_in_a_text_is_widened_to_all_of_it():
    rng = random.Random(3)
    secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(300_000))
    text = "id=" + secret + " done"
    assert Widening([secret])(text, 1_003, 1_013)[:2] == (3, 3 + len(secret))


def test_a_search_in_chunks_finds_each_form_across_their_bounds_in_text_beyond_ascii():
    search = FormSearch(groups={1: ["é" + SECRET[:5]], 2: [SECRET]})
    text = "".join("é" * (index % 7) + SECRET + " " for index in range(20_000))
    expected = [index for index in range(len(text)) if text.startswith(SECRET, index)]
    found = search.spans_of(text, (1, 2))
    assert found[2] == [(index, index + len(SECRET)) for index in expected]
    assert found[1] == [(index - 1, index + 5) for index in expected if text[index - 1] == "é"]
