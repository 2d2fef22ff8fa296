"""Text beyond ASCII as a Masker reads it (segtui.encoded_views): its separators, its folded reading (fullwidth and
accented letters plain, every mark and format character left out, other scripts' digits as ASCII's) and what its
hidden characters (tag characters, variation selectors) spell, with or without the text they stand in.

Which characters are separators, marks or format characters comes from Unicode's categories, not from lists picked
by hand: a handler may put any of them between a secret's characters.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from segtui.decoded_runs import Reading

_CODES = (range(0x80, 0x20000), range(0xE0000, 0xE0200))
"""The code points past ASCII that have a category of interest (beyond them, only tag characters and variation
selectors 17-256 are marks or format characters, and no character a separator)."""
_INVISIBLE = "\u115f\u1160\u3164"
"""Hangul fillers, letters that a terminal shows as nothing."""
_HAN_DIGITS = "〇一二三四五六七八九"
"""Chinese numerals as `toLocaleString('zh-u-nu-hanidec')` writes digits."""
_REGIONAL_A = 0x1F1E6
"""The regional indicator of the letter A; those of B to Z follow it."""

_WIDE_SEPARATORS: set[str] = set()
_FOLDS: dict[str, str] = {}
_FOLDED_CHARS: set[str] = set()
"""The characters read so far that are separators (`wide_separators`), and those a folded reading changes, with what
it makes of each (`_folded_char`): every such character once _every_read."""
_READ = set(map(chr, range(0x80)))
"""The characters whose category was read (ASCII's: none of them is of interest here)."""
_LONG = 65_536
_MOST_READ = 8_192
"""A text longer than _LONG, or over _MOST_READ characters read, has every character's category read."""
_every_read = False
_LOCK = threading.Lock()


def _read_categories(text: str) -> None:
    """Reads the category of each character of the text not read before. Of most texts, holding no character past
    ASCII or a few, it reads those alone: every character's took ~40 ms of CPU at the start of every process that
    masks. Of a long text (or once many characters were read), it reads every character's, once: finding which
    characters a text holds takes ~2.5× as long as finding which of a few it holds, for 200,000 Chinese ones.

    segtui masks from several threads (the TUI's worker and UI loop, a replay's import thread): the reading is done
    under a lock, checked again inside it, and _READ is never emptied, so no thread ever reads an ASCII character's
    category (ASCII punctuation read as a separator left a spaced-out secret unmasked, a review found)."""
    global _every_read
    if _every_read or _READ.issuperset(text):
        return
    with _LOCK:
        if _every_read or _READ.issuperset(text):
            return
        every = len(text) > _LONG or len(_READ) > _MOST_READ
        unread = map(chr, itertools.chain(*_CODES)) if every else set(text).difference(_READ)
        for char in unread:
            if char == "∙" or unicodedata.category(char)[0] in "ZP":
                _WIDE_SEPARATORS.add(char)
            made = _folded_char(char)
            if made is not None:
                _FOLDS[char] = made
                _FOLDED_CHARS.add(char)
        if every:
            _every_read = True
        else:
            _READ.update(unread)


def wide_separators(text: str) -> set[str]:
    """The separators beyond ASCII the text holds: every space, line or paragraph separator and punctuation mark
    (`[...k].join('\\u3000')`, `'，'`, `'–'`, a locale's grouping of digits: `toLocaleString('fr-FR')`), and the bullet
    operator `∙`."""
    _read_categories(text)
    return _WIDE_SEPARATORS.intersection(text)


def without(text: str, chars: Iterable[str]) -> str:
    """The text without the characters: str.translate looks up each character of a text beyond ASCII, ~2× as long as
    replacing each of those it holds."""
    for char in chars:
        text = text.replace(char, "")
    return text


def _folded_char(char: str) -> str | None:
    """What a folded reading makes of a character past ASCII (None: the character itself): nothing of a filler and of
    every combining or enclosing mark and format character (accents, a keycap's `⃣`, joiners, direction marks and
    isolates, variation selectors, tag characters), and ASCII's of a regional indicator's letter (`🇿🇶`) and of other
    scripts' digits (`٤٨١٥`, `๔๘๑๕`, `四八一五`)."""
    if char in _INVISIBLE:
        return ""
    if _REGIONAL_A <= ord(char) < _REGIONAL_A + 26:
        return chr(ord("A") + ord(char) - _REGIONAL_A)
    if char in _HAN_DIGITS:
        return str(_HAN_DIGITS.index(char))
    kind = unicodedata.category(char)
    if kind in ("Mn", "Me", "Cf"):
        return ""
    return str(unicodedata.decimal(char)) if kind == "Nd" else None


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
    if text.isascii():  # as NFKD leaves it, none of its characters folded (a folded reading's each character)
        return text
    text = unicodedata.normalize("NFKD", text)
    _read_categories(text)
    for char in _FOLDED_CHARS.intersection(text):
        text = text.replace(char, _FOLDS[char])
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
