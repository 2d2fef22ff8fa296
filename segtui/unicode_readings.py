"""Text beyond ASCII as a Masker reads it (segtui.encoded_views): its separators, its folded reading (fullwidth and
accented letters plain, every mark and format character left out, other scripts' digits as ASCII's) and what its
hidden characters (tag characters, variation selectors) spell, with or without the text they stand in.

Which characters are separators, marks or format characters comes from Unicode's categories, not from lists picked
by hand: a handler may put any of them between a secret's characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from segtui.decoded_runs import Reading

_CODES = [*range(0x80, 0x20000), *range(0xE0000, 0xE0200)]
"""The code points past ASCII that have a category of interest (beyond them, only tag characters and variation
selectors 17-256 are marks or format characters, and no character a separator)."""


def _by_category() -> tuple[frozenset[str], list[str], dict[str, str]]:
    """The separators, the marks and format characters, and the decimal digits past ASCII, each character's category
    read once: ~40 ms of CPU at the start of every segtui process that masks, where three passes took ~60."""
    separators, marks, digits = {"∙"}, [], {}
    for char in map(chr, _CODES):
        kind = unicodedata.category(char)
        if kind[0] in "ZP":
            separators.add(char)
        elif kind in ("Mn", "Me", "Cf"):
            marks.append(char)
        elif kind == "Nd":
            digits[char] = str(unicodedata.decimal(char))
    return frozenset(separators), marks, digits


WIDE_SEPARATORS, _MARKS, _DIGITS = _by_category()
"""Separators beyond ASCII: every space, line or paragraph separator and punctuation mark (`[...k].join('\\u3000')`,
`'，'`, `'–'`, a locale's grouping of digits: `toLocaleString('fr-FR')`), and the bullet operator `∙`."""
_INVISIBLE = "\u115f\u1160\u3164"
"""Hangul fillers, letters that a terminal shows as nothing."""
_HAN_DIGITS = "〇一二三四五六七八九"
"""Chinese numerals as `toLocaleString('zh-u-nu-hanidec')` writes digits."""
_FOLDED = {**dict.fromkeys(_INVISIBLE, ""),
           **dict.fromkeys(_MARKS, ""),
           **{chr(0x1F1E6 + letter): chr(ord("A") + letter) for letter in range(26)},
           **_DIGITS,
           **{char: str(digit) for digit, char in enumerate(_HAN_DIGITS)}}
"""What a folded reading leaves out (fillers, and every combining or enclosing mark and format character: accents,
a keycap's `⃣`, joiners, direction marks and isolates, variation selectors, tag characters), and reads as ASCII: a
regional indicator's letter (`🇿🇶`), other scripts' digits (`٤٨١٥`, `๔๘๑๕`, `四八一五`)."""
_FOLDED_CHARS = frozenset(_FOLDED)
_UNTAGGED = {**{code: code - 0xE0000 for code in range(0xE0020, 0xE007F)},
             **{code: code - 0xE0100 + 16 for code in range(0xE0100, 0xE01F0)}}
"""Tag characters and variation selectors 17-256 as the ASCII or bytes they hide, unseen (ASCII or emoji smuggling)."""
_HIDDEN = re.compile("[\U000e0020-\U000e007e\U000e0100-\U000e01ef]")
_OTHER_DIGIT = re.compile(f"(?![0-9])\\d|[{_HAN_DIGITS}]{{3}}")
"""A decimal digit of a script other than ASCII's, or three Chinese numerals in a row (a group of a number's: one
alone, 一, is a word of most Chinese text)."""


def fold(text: str) -> str:
    """The text as NFKD makes it (fullwidth and mathematical letters plain, accents split off) without marks or format
    characters, and with a script's own digits as ASCII's: what a folded reading makes of a secret that is not ASCII,
    and of the text around it."""
    return replaced(unicodedata.normalize("NFKD", text), _FOLDED, _FOLDED_CHARS)


def replaced(text: str, table: dict[str, str], chars: frozenset[str]) -> str:
    """The text with each of the table's characters (`chars`, its keys) it holds replaced by what the table gives:
    str.translate looks up each character of a text beyond ASCII, ~2× as long as finding which it holds and replacing
    each of those."""
    for char in chars.intersection(text):
        text = text.replace(char, table[char])
    return text


def has_other_digits(text: str) -> bool:
    """Whether the text has a digit of a script other than ASCII's (a number a locale wrote: `toLocaleString('ar-EG')`)."""
    return _OTHER_DIGIT.search(text) is not None


def folded(text: str) -> Reading:
    """The text folded (`fold`), each character traced to where it came from."""
    made = fold(text)
    origins: list[int] = []  # listed once, on the first find

    def locate(start: int, end: int) -> tuple[int, int]:
        if not origins:
            origins.extend(index for index, char in enumerate(text) for _ in fold(char))
        if len(origins) != len(made):  # NFKD reordered marks across characters: the whole text, then
            return 0, len(text)
        return origins[start], origins[end - 1] + 1
    return Reading(made, locate)


def hidden_readings(text: str, separated: Callable[[Reading], Iterable[Reading]]) -> Iterator[Reading]:
    """What the text's tag characters and variation selectors 17-256 hide, read as ASCII or bytes: in place, amid the
    text they stand in (a run of them); and on their own (one after each letter of other text, or each emoji), also
    as the `separated` readings of that (tag characters spaced out by tag spaces)."""
    if max(text, default="\0") < "\U000e0020":
        return
    untagged = text.translate(_UNTAGGED)
    if untagged == text:
        return
    yield Reading(untagged, lambda start, end: (start, end))
    kept = [found.start() for found in _HIDDEN.finditer(text)]
    if len(kept) < len(text):
        alone = Reading("".join(untagged[index] for index in kept), lambda start, end: (kept[start], kept[end - 1] + 1))
        yield alone
        yield from separated(alone)
