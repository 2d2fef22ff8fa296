"""Text that holds a secret encoded piece by piece, read back to plain text: characters or groups with separators
between them (hex with colons, base64 in groups of four or wrapped into lines, a secret spaced out, `[...secret]` as
util.inspect lays it out), numbers as bytes, char codes or 32-bit words (`Array.from(buffer)`, also in octal or
binary), bytes in binary, a column of console.table's cells, escapes of each character, invisible characters, colours,
fullwidth letters or accents between or on its characters, and base64 or hex of a text that holds a form (base64 of
base64, hex of a part). A Masker looks for a secret's forms in each reading and masks what it was read from, which no
single form of the secret can match.

Each reading is of the whole text, made by C-speed string operations; where a reading's character came from is worked
out only for a form found in it, which is rare.
"""

from __future__ import annotations

import functools
import itertools
import re
from array import array
from collections.abc import Iterator
from typing import NamedTuple

from segtui.decoded_runs import Locate, Reading, base64_runs, hex_runs
from segtui.indexed_chars import indexed
from segtui.mask_work import STEP, charge
from segtui.number_readings import (
    SIX_BYTES_GROUPED,
    WORDS_LISTED,
    byte_bits,
    float_words,
    long_words,
    numbers,
    six_byte_words,
    sixteen_bit_words,
    thirteen_digits,
    tokens,
)
from segtui.unicode_readings import fold, folded, has_other_digits, hidden_readings, wide_separators, without

_SEPARATORS = " \t\r\n\f\v\x00,:;|.-_/*'\"`[](){}\\!#$%&<>?@^~"
"""What a reading leaves out from between a secret's characters: spacing, punctuation and every other ASCII symbol but
`+` (a form URL's space, left out by a reading of its own) and `=` (base64's padding, which its groups keep), quotes,
brackets, and the backslash a regular expression escapes a character with (`a\\.b`): so a secret with any number of
them between its characters (`[...k].join('####')`) is read whole."""
_SEPARATOR_BYTES = _SEPARATORS.encode("ascii")
_NO_SEPARATORS = dict.fromkeys(map(ord, _SEPARATORS))


_ASTRAL_CHAR = re.compile("[\U00010000-\U0010ffff]")


def utf16_units(text: str) -> str:
    """The text as JavaScript's code units, each a character of its own: a character beyond the BMP as its two halves
    (what `split('')` leaves of it)."""
    if not _ASTRAL_CHAR.search(text):  # each character a code unit already
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[index:index + 2], "little")) for index in range(0, len(data), 2))


def without_separators(text: str) -> str:
    """The text as a reading that takes separators out leaves it: a secret that holds some (spaces, quotes, colons) is
    looked for so in that reading, where `[...secret].join(' ')` shows."""
    joined = text.translate(_NO_SEPARATORS)
    return joined if joined.isascii() else without(joined, wide_separators(joined))


def spelled(secret: str) -> set[str]:
    """The secret as the readings that leave characters out spell it (`[...secret].join(' ')`), also reversed; and,
    beyond ASCII, as a folded reading does (accents off: `[...secret].join('\\u200b')`, fullwidth letters)."""
    joined = without_separators(secret)
    forms = {joined, joined[::-1]}
    return forms | {fold(form) for form in (secret, *forms) if not form.isascii()}


def _classes(members: bytes, kept: bytes = b"") -> bytes:
    """A bytes.translate table that makes each of `members` "0", leaves `kept` and makes any other byte "x": with it
    a text's UTF-8 shows at C speed whether it has a run of members (regular expressions take ~10× longer)."""
    return bytes(ord("0") if byte in members else byte if byte in kept else ord("x") for byte in range(256))


_DIGITS = _classes(b"0123456789", b", \n;|")
_LISTED = re.compile(rb"0(?:, ?|[ ;|]|,\n *)0")
"""A list of numbers in a text whose digits _DIGITS made "0": one after another, a comma, space, `;` or `|` between
(not `-` or `/`, which every date has)."""
_CHARACTER = re.compile(r"""(?<![\w\\])(?:'(\\.|[^'\\:,])'|"(\\.|[^"\\:,])")(?!\s*:)""", re.DOTALL)
"""A string of one character, as a value (not a key, which a colon follows): an item of `{...secret}` (`'0': 'X'`), of
`[...secret].map((c, i) => ({ i, c }))`; an escaped one (`'\\'`) unescaped. The quote that opens it ends no other string."""
_QUOTED = bytes(ord('"') if byte in b"'\"" else byte if byte in b":," else ord("x") for byte in range(256))
_CONTINUING = bytes(range(0x80, 0xC0))
"""Make a text's UTF-8 show its quotes (each a `"`), colons and commas only, a character a byte (continuing bytes left
out): `"x"` is where a string of one character may stand."""
_SPELLING = 6
"""The fewest strings of one character that spell a form (a short password's)."""
_QP, _QP_PAIR = _classes(b"0123456789ABCDEFabcdef", b"=, "), re.compile(rb"=00[ ,]*=00")
"""Quoted-printable's escapes, two in a row in either case (also spaced or listed), in a text _QP made "=00"s of."""
_BINARY = _classes(b"01")
_BASE64_CHARS = _classes(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_ESCAPE = re.compile(
    r"\\+u([0-9a-fA-F]{4})|\\+u\{([0-9a-fA-F]{1,6})\}|\\+x([0-9a-fA-F]{2})|\\+([0-7]{1,3})|%([0-9a-fA-F]{2})"
    r"|&#([0-9]{1,7});?|&#[xX]([0-9a-fA-F]{1,6});?|%u([0-9a-fA-F]{4})|=([0-9A-F]{2})|\\+(/)|&([A-Za-z][A-Za-z0-9]{1,31};)"
    r"|=([ \t]*(?:\r|\\r)?(?:\n|\\n))")
"""One character escaped: JavaScript's \\u, \\x and octal escapes, percent-encoding (`escape`'s %u too), HTML's
numeric references (with their `;` or without) and named ones (`&dollar;`, `&nbsp;` as a space), quoted-printable's
=XX and its soft line break (`=\\r\\n`, spaces or tabs before the break too, as RFC 2045 allows, also escaped for JSON, read
as nothing), JSON's escaped slash (PHP's). A
backslash escape escaped again (JSON of JSON: `\\\\u043f`) reads as the same character."""
_BASES = (16, 16, 16, 8, 16, 10, 16, 16, 16, 0, -1, -2)
"""The base of each of _ESCAPE's groups (0: the character itself; -1: an HTML entity's name; -2: nothing)."""


@functools.cache
def _named() -> dict[str, str]:
    """HTML's named character references, a no-break space read as the space a handler escaped with it: read from
    html.entities on the first text that names one, as importing html took ~2.5 ms of CPU at each start."""
    from html.entities import html5

    return {**html5, "nbsp;": " "}


_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\f]?")
"""CSS's escape of a character: a backslash, its code point in hex, and a space that ends it (`\\73 \\6b `); read
apart from _ESCAPE, where `\\73` is JavaScript's octal escape."""
_HEX_CHARS = _classes(b"0123456789abcdefABCDEF")
_PADDED_SOFT_BREAK = re.compile(r"=[ \t]+\r?\n")
"""Quoted-printable's soft line break with spaces or tabs before the break (RFC 2045's decoders strip them)."""
_HEX_PREFIX = re.compile("0[xX](?=[0-9a-fA-F])")
"""The `0x` before a number in hex, which a text of bytes or words written so (`0x5a0x71…`) holds between them."""
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
"""A terminal's escape sequence (a colour, say), which shows as nothing."""


def views(text: str) -> Iterator[Reading]:
    """Each reading of the text that differs from the text itself."""
    data = text.encode("utf-8", "surrogatepass")
    yield from _separated(text, data)
    if not text.isascii():
        folded_text = folded(text)
        yield folded_text
        yield from hidden_readings(text, lambda hidden: (_within(hidden, kept) for kept in _separated(hidden.text)))
        if has_other_digits(text):  # a number in a script's own digits, grouped (`toLocaleString('ar-EG')`)
            yield from (_within(folded_text, kept) for kept in _separated(folded_text.text))
            # Six bytes as one number so (`buf.readUIntBE(0, 6).toLocaleString('ar-EG')`, fullwidth digits).
            yield from (_within(folded_text, words) for words in six_byte_words(folded_text.text, True))
    if "\x1b" in text:
        yield _without_ansi(text)
    if len(data.translate(None, _NOT_FILLING)) >= 4 and _FILLED.search(text):
        yield _unfilled(text)
    digits = data.translate(_DIGITS)
    yield from indexed(text, digits)
    if _LISTED.search(digits):
        yield from numbers(text)
    if WORDS_LISTED.search(digits) or b"0x" in data or b"0X" in data:  # 16-bit words, listed any way
        yield from sixteen_bit_words(text)
    if (b"0x" in data or b"0X" in data) and _HEX_PREFIX.search(text):  # `'0x' + hex` of each byte or word, joined too
        unprefixed = _listed(text, [index for start, end in _gaps(text, _HEX_PREFIX) for index in range(start, end)])
        yield unprefixed
        yield from (_within(unprefixed, kept) for kept in _separated(unprefixed.text))
    if b"0" * 15 in digits:
        yield from long_words(text)
    grouped = SIX_BYTES_GROUPED.search(digits) is not None
    if grouped or b"0" * 14 in digits or b"0" * 13 in digits and thirteen_digits(digits, data):
        yield from six_byte_words(text, grouped)
    yield from float_words(text)
    if data.translate(_QUOTED, _CONTINUING).count(b'"x"') >= _SPELLING:
        yield _characters(text)
    if "│" in text:
        yield from _table_columns(text)
    if b"0" * 8 in data.translate(_BINARY):
        yield from byte_bits(text)
    # Quoted-printable's soft line break (an escaped one has a backslash).
    soft_break = "=\n" in text or "=\r\n" in text or "=" in text and _PADDED_SOFT_BREAK.search(text) is not None
    quoted = "=" in text and _QP_PAIR.search(data.translate(_QP)) is not None
    seen: set[str] = set()  # upper-case quoted-printable is read here and by _ESCAPE: each reading searched once
    if quoted:  # quoted-printable in either case, also spaced; read apart from _ESCAPE's, which a lone `c=5a` breaks
        for reading in _apart(text, [_Escape(*found.span(), chr(int(found.group(1), 16)), True)
                                     for run in _QP_RUN.finditer(text) for found in _QP_BYTE.finditer(text, *run.span())]):
            seen.add(reading.text)
            yield reading
    if "U+" in text or "u+" in text:  # code points as Unicode names them (`U+0053 U+006B …`)
        yield from _apart(text, [_Escape(*found.span(), _char(int(found.group(1), 16)), False)
                                 for found in _CODE_POINT.finditer(text)])
    if "\\" in text or "%" in text or "&" in text or quoted or soft_break:
        for reading in (read for read in _unescaped(text) if read.text not in seen):
            yield reading
            # Each character escaped, then spaced out or listed (`JSON.stringify([...secret])` of a secret beyond the
            # BMP, whose halves JSON escapes): the escapes read, then the separators left out.
            yield from (_within(reading, kept) for kept in _separated(reading.text))
    if b"0" * 16 in data.translate(_BASE64_CHARS):
        yield from _with_utf16(base64_runs(text))
        if b"0" * 16 in data.translate(_HEX_CHARS):
            yield from _with_utf16(hex_runs(text))


_UTF16_ASCII = re.compile("(?:[^\x00]\x00){6}|(?:\x00[^\x00]){6}")
"""Six characters of UTF-16 of ASCII, in either byte order: a piece of a secret's (a NUL byte alone, or a run of them,
is what bytes hold, such as an id's hex)."""


def _with_utf16(readings: Iterator[Reading]) -> Iterator[Reading]:
    """Readings of bytes (base64's, hex's), each followed, when it holds NUL bytes, by the same without them: UTF-16 of
    ASCII text, cut to a piece of a secret (`Buffer.from(k, 'utf16le').toString('hex').slice(0, 40)`), is that piece's
    characters between NULs, which no form of the whole secret matches."""
    for reading in readings:
        yield reading
        if "\x00" in reading.text and _UTF16_ASCII.search(reading.text):
            yield _within(reading, Reading(reading.text.replace("\x00", ""), _kept_locator(reading.text, "\x00")))


def _separated(text: str, data: bytes | None = None) -> Iterator[Reading]:
    """The text without separators (and of that, spaced hex read as bytes), and without a form URL's `+`, if it has them."""
    data = text.encode("utf-8", "surrogatepass") if data is None else data
    joined = data.translate(None, _SEPARATOR_BYTES)
    left_out = _SEPARATORS
    if not data.isascii():  # separators beyond ASCII too, those the text holds
        decoded = joined.decode("utf-8", "surrogatepass")
        wide = "".join(sorted(wide_separators(decoded)))
        joined = without(decoded, wide).encode("utf-8", "surrogatepass")
        left_out += wide
    if len(joined) != len(data):
        kept = Reading(joined.decode("utf-8", "surrogatepass"), _kept_locator(text, left_out))
        yield kept
        if b"0" * 16 in joined.translate(_HEX_CHARS):  # spaced hex (a Buffer's bytes in util.inspect) read as bytes
            yield from (_within(kept, reading) for reading in _with_utf16(hex_runs(kept.text)))
    # A form URL's spaces (`s+k+_+l…`, `pw=correct+horse+…`); kept in the reading above, where base64 has them.
    if b"+" in joined:
        yield Reading(joined.replace(b"+", b"").decode("utf-8", "surrogatepass"), _kept_locator(text, left_out + "+"))


_FILLED = re.compile(r"([!#$%&<=>?@^~])(?:[^\s]\1){3,}")
"""A symbol that no reading leaves out (as a secret may hold it) put between each two characters of a run, four times
or more (`[...secret].join('#')`)."""
_NOT_FILLING = bytes(byte for byte in range(256) if byte not in b"!#$%&<=>?@^~")
"""The bytes of a text's UTF-8 but _FILLED's symbols: a text that holds fewer than four of those, told at C speed by
leaving out these bytes, holds no run _FILLED finds (its search took ~2 µs a text)."""


def _unfilled(text: str) -> Reading:
    """The text without the symbol put between the characters of each run _FILLED finds."""
    filled = {index for run in _FILLED.finditer(text) for index in range(run.start(), run.end(), 2)}
    return _listed(text, [index for index in range(len(text)) if index not in filled])


def _without_ansi(text: str) -> Reading:
    """The text without its terminal escape sequences."""
    return _listed(text, [index for start, end in _gaps(text, _ANSI) for index in range(start, end)])


def _gaps(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The spans of the text between matches of the pattern."""
    last = 0
    for match in pattern.finditer(text):
        yield last, match.start()
        last = match.end()
    yield last, len(text)


def _kept_locator(text: str, left_out: str) -> Locate:
    """Where a reading made of the text's characters but its runs of the characters `left_out`, in order, came from
    (the kept indices are listed once, on the first find, a run between two left out at a time: a 2 MB log line of a
    secret repeated 100,000 times took minutes listing them for each, and a character at a time ~1 µs each)."""
    indices = array("q")

    def locate(start: int, end: int) -> tuple[int, int]:
        if not indices:
            for gap_start, gap_end in _gaps(text, re.compile(f"[{''.join(map(re.escape, left_out))}]+")):
                indices.extend(range(gap_start, gap_end))
        return indices[start], indices[end - 1] + 1
    return locate


def _characters(text: str) -> Reading:
    """The text's strings of one character, in order (a secret's characters each in an item of their own)."""
    return tokens(text, _CHARACTER, [ord((single or double)[-1]) for single, double in _CHARACTER.findall(text)])


_TABLE_ROW = re.compile(r"^│(.*)│$", re.MULTILINE)
"""A row of a table console.table drew (its cells between `│`)."""


def _table_columns(text: str) -> Iterator[Reading]:
    """Each column of a table console.table drew (`console.table([...secret])`: a character a row), read down it
    without its cells' quotes and padding."""
    columns: dict[int, list[int]] = {}
    for row in _TABLE_ROW.finditer(text):
        start = row.start(1)
        for number, cell in enumerate(row.group(1).split("│")):
            columns.setdefault(number, []).extend(start + at for at, char in enumerate(cell) if char not in _SEPARATORS)
            start += len(cell) + 1
    yield from (_listed(text, kept) for kept in columns.values())


def _listed(text: str, kept: list[int]) -> Reading:
    """The text's characters at the `kept` indices, in order."""
    return Reading("".join(text[index] for index in kept), lambda start, end: (kept[start], kept[end - 1] + 1))


def _char(code: int) -> str:
    """The character of a code point, or one no form holds past the last."""
    return chr(code) if code <= 0x10FFFF else "\uffff"


def _unescaped(text: str) -> Iterator[Reading]:
    """The text with each escaped character read back: a percent-escaped (or \\x, or quoted-printable) byte as its
    Latin-1 character, as UTF-8 read as Latin-1 is a form of a secret that is not ASCII; and, where such bytes run on
    as UTF-8, as the characters they spell (`encodeURIComponent(secret.toUpperCase())`, of any form of a secret)."""
    escapes: list[_Escape] = []
    for found in _ESCAPE.finditer(text):
        # One group an alternative, each matching one character or more: the last matched is the only one.
        group = found.lastindex or 1
        digits, base = found.group(group), _BASES[group - 1]
        char = digits if not base else "" if base == -2 else _named().get(digits) if base < 0 else _char(int(digits, base))
        if char is not None:
            escapes.append(_Escape(found.start(), found.end(), char, group - 1 in _BYTE_GROUPS))
    charge(STEP * len(escapes))
    if escapes:  # one is enough: `Secret\u0056alue` is the secret to any JSON reader
        yield _escapes_reading(text, escapes)
        if any(escape.byte and escape.char >= "\x80" for escape in escapes):
            yield _escapes_reading(text, _utf8(escapes))
    if "\\" in text:
        css = [_Escape(*found.span(), _char(int(found.group(1), 16)), False) for found in _CSS_ESCAPE.finditer(text)]
        if css:
            yield _escapes_reading(text, css)


_QP_RUN, _QP_BYTE = re.compile("=[0-9a-fA-F]{2}(?:[ ,]*=[0-9a-fA-F]{2})+"), re.compile("=([0-9a-fA-F]{2})")
"""Quoted-printable's escapes in a run, in either case, spaced or listed (`=5a =71`, `=5A,=71`), and each of them."""
_CODE_POINT = re.compile(r"(?:\\+N\{)?[Uu]\+([0-9a-fA-F]{2,6})\}?")
"""A code point as Unicode names it (`U+0053`), also Perl's and Python's escape of one (`\\N{U+0053}`)."""


def _apart(text: str, escapes: list[_Escape]) -> Iterator[Reading]:
    """The text with escapes read back, also unseparated: apart from _ESCAPE's, which a lone look-alike (`c=5a`) breaks."""
    reading = _escapes_reading(text, _utf8(escapes) if any(escape.char >= "\x80" for escape in escapes) else escapes)
    yield from (reading, *(_within(reading, kept) for kept in _separated(reading.text))) if escapes else ()


class _Escape(NamedTuple):
    """Where an escape (or a run of escaped bytes that spell one character) stands, what it reads as, and whether it
    is a lone escaped byte."""

    start: int
    end: int
    char: str
    byte: bool


_BYTE_GROUPS = frozenset((2, 4, 8))
"""The groups of _ESCAPE that escape a byte (\\x, %, =) rather than a character."""


def _escapes_reading(text: str, escapes: list[_Escape]) -> Reading:
    """The text with each escape read as its character; where each character came from is worked out on a find."""
    pieces, last = [], 0
    for escape in escapes:
        pieces += [text[last:escape.start], escape.char]
        last = escape.end
    pieces.append(text[last:])
    origins: list[tuple[int, int]] = []

    def locate(start: int, end: int) -> tuple[int, int]:
        if not origins:
            last = 0
            for escape in escapes:
                origins.extend((index, index + 1) for index in range(last, escape.start))
                origins.extend([(escape.start, escape.end)] if escape.char else [])
                last = escape.end
            origins.extend((index, index + 1) for index in range(last, len(text)))
        return origins[start][0], origins[end - 1][1]
    return Reading("".join(pieces), locate, True)


def _utf8(escapes: list[_Escape]) -> list[_Escape]:
    """The escapes with each run of escaped bytes, one right after another, that is UTF-8 made one escape of the
    character it spells."""
    spelled: list[_Escape] = []
    index = 0
    while index < len(escapes):
        lead = ord(escapes[index].char or "\0")  # nothing: a soft line break
        width = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
        run = escapes[index:index + width]
        joined = all(escape.byte for escape in run) and all(a.end == b.start for a, b in itertools.pairwise(run))
        if width > 1 and len(run) == width and joined:
            try:
                char = bytes(ord(escape.char) for escape in run).decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                spelled.append(_Escape(run[0].start, run[-1].end, char, False))
                index += width
                continue
        spelled.append(escapes[index])
        index += 1
    return spelled


def _within(outer: Reading, inner: Reading) -> Reading:
    """A reading of a reading, located in the text the outer one was read from (its numbers' bytes looked up as the
    inner one's are)."""
    return Reading(inner.text, lambda start, end: outer.locate(*inner.locate(start, end)), words=inner.words)
