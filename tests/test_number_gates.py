"""The gates encoded_views reads a text's digits with find what their plain forms find: written for speed, not changed."""

import random
import re

from segtui.encoded_views import _DIGITS
from segtui.events import bundled_events_dir
from segtui.number_readings import SIX_BYTES_GROUPED, WORDS_LISTED

_WORDS_PLAIN = re.compile(rb"(?<!0)0{4,5}(?:[^0]{1,5}0{4,5}(?!0)){2}")
"""WORDS_LISTED as first written: three runs of 4 or 5 "0"s, 1 to 5 other bytes between."""
_GROUPS = (b"0,000,000,000,000", b"000 000 000 000", b"000x000x000x000", b"000xx000xx000xx000", b"000xxx000xxx000xxx000",
           b"00,00,00,00,000")


def _samples() -> list[bytes]:
    """Digits as _DIGITS shows them at each edge of the gates (a run at the start, of 3 to 6 zeros, a zero just
    before one), and many random ones of the same bytes."""
    edges = [b"0000x0000x0000", b"00000x0000x00000", b"000000x0000x0000", b"x0000x0000x000000", b"0000x0000",
             b"0000xxxxxx0000x0000", b"x0000,0000 00000", b"00000", b"0,000,000,000,000", b"00,00,00,00,000",
             b"000xx000xx000x000", b"000 000 000 000"]
    draw = random.Random(16)
    return edges + [bytes(draw.choice(b"000000x, ") for _ in range(draw.randint(0, 40))) for _ in range(20_000)]


def test_words_listed_finds_what_its_plain_pattern_finds() -> None:
    for digits in _samples():
        assert (WORDS_LISTED.search(digits) is None) == (_WORDS_PLAIN.search(digits) is None), digits


def test_six_bytes_grouped_finds_what_its_groups_do() -> None:
    for digits in _samples():
        assert (SIX_BYTES_GROUPED.search(digits) is None) == (not any(group in digits for group in _GROUPS)), digits


def test_a_listed_numbers_text_passes_both_gates() -> None:
    digits = b"8224, 12336, 29547; 1.234.567.890.123 and 1 234 567 890 123".translate(_DIGITS)
    assert WORDS_LISTED.search(digits) and SIX_BYTES_GROUPED.search(digits)


def test_the_indexed_bytes_gate_passes_every_text_its_listing_finds() -> None:
    """indexed_chars' gate on the digits fires wherever _BYTES_LISTED finds a listing, however spaced, quoted or
    escaped, and on none of the bundled Spec events (where the listing's search cost ~8 µs a body)."""
    from segtui.indexed_chars import _BYTES_GATE, _BYTES_LISTED

    draw = random.Random(17)
    pieces = ['"', "'", "\\", ":", ",", " ", "\n", "\t", "\r", "1", "12", "255", "1234567", "a", "\u00a0", "\u2003",
              '"0":', '"1":', "'2': "]
    texts = ["".join(draw.choice(pieces) for _ in range(draw.randint(4, 18))) for _ in range(100_000)]
    texts += ['{"0":90,"1":113}', '{\\"0\\":90,\\"1\\":113}', "{ '0': 90,\r\n  '1': 113 }", '{"0":\t90,\u2003"1": 9}']
    found = [text for text in texts if _BYTES_LISTED.search(text)]
    assert len(found) > 50
    assert all(_BYTES_GATE.search(text.encode().translate(_DIGITS)) for text in found)
    bundled = [path.read_text(encoding="utf-8") for path in bundled_events_dir().rglob("*.json")]
    assert len(bundled) > 10
    assert not [text for text in bundled if _BYTES_GATE.search(text.encode().translate(_DIGITS))]
