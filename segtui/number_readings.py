"""A text's numbers read as the characters or bytes they could be (segtui.encoded_views): char codes and bytes in
decimal, octal or binary, 32-bit or 64-bit words of a text's bytes, and doubles or floats of them."""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Iterator, Sequence
from typing import Literal

from segtui.byte_words import ORDERS, WIDTH, word16
from segtui.decoded_runs import Locate, Reading

_NUMBER = re.compile(r"0[xX][0-9a-fA-F]{1,8}|\d{1,10}")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{15,20}(?!\d)")
"""A number that could be a 64-bit word of a text's bytes (`readBigUInt64BE`, a BigUint64Array: 8 of a key's
characters in one number); not one of 13 or 14 digits, which 6 of them make, as every time in milliseconds has them
(reading each took ~35 µs an event)."""
_SEVEN_BYTES = 1 << 53
"""The least 64-bit word whose bytes may hold seven characters of text in a row (each 0x20 or more) in either order: a
smaller one holds six at most, as a number of 13 or 14 digits does, which is not read (a time in microseconds, ~1.7e15,
made two readings of every event that had one)."""
_FLOAT = re.compile(r"(?<![\w.])-?(?:\d+\.\d+(?:e[+-]?\d+)?|\d{7,21})(?![\w.])")
"""A number as JavaScript writes a double (`8.755264490228021e+232`, `17614533618250547000`); one written as a whole
number (of 7 digits or more: a float's that has no fraction bits) is read only as a float's bits, where a list of a
Float32Array's has it among its fractions."""
_PRECISION = 12
"""The characters of a number's digits and point up to which it is written short (fewer than 12 digits)."""
_FLOAT_WHOLE = 1 << 23
"""The least float that has no fraction bits: a smaller whole number (a count, a status) is no float of a text's bytes."""
_SIX_BYTES = re.compile(r"(?<![\d.])\d{13,15}(?!\d|\.\d)")
_SIX_BYTES_GROUPED = re.compile(_SIX_BYTES.pattern + r"|(?<![\d,.])(?:\d{1,3}([,.\u00a0\u202f'’ \u066c])\d{3}(?:\1\d{3}){3}"
                                r"|\d{1,2}(?:,\d\d){4,6},\d{3})(?!\d|[,.]\d)")
"""A number that six of a text's bytes make (`buf.readUIntBE(0, 6)`, `BigInt('0x' + hex.slice(0, 12))`, a signed
`readIntBE` that comes out negative; an item of a list too, `[n1,n2]`); the second also grouped as `toLocaleString()`
writes it (by threes with `,`, `.`, a space, a no-break or thin one, an apostrophe or Arabic's `٬`; India's lakhs): 14 or 15 digits, or 13 from
2,200,000,000,000 (12 hex digits of text from a zero digit, a byte's low half; a time in milliseconds has 13 digits
too, but is less until 2039: `_SIX_LEAST` tells them apart). A minus sign before one is read apart (`_signed`): a
pattern that looks for one took ~3× as long over every text."""
SIX_BYTES_GROUPED = re.compile(b"|".join(map(re.escape, (b"0,000,000,000,000", b"000 000 000 000", b"000x000x000x000",
                                                          b"000xx000xx000xx000", b"000xxx000xxx000xxx000", b"00,00,00,00,000"))))
"""What a number _SIX_BYTES_GROUPED finds grouped shows in a text whose digits are "0", its `,` and spaces kept and any other
byte "x" (encoded_views._DIGITS): one of these is in each, found in one search (~2× quicker than six `in`s)."""
_NOT_DIGIT = re.compile(r"\D")
_SIX_LEAST, _SIX_PAST = 2_200_000_000_000, 1 << 48
"""The range of the numbers read as six bytes: a time in microseconds (~1.7e15) is past it, one in milliseconds
(~1.7e12) before it; a negative number is read as its two's complement (`readIntBE`), in the upper half."""
_THIRTEEN = re.compile(rb"(?<!0)0{13}(?!0)")
_PRECISE = re.compile(r"\.\d{6}")
"""Where a number written to full precision could stand: a gate that starts at its point, which re finds at C speed (a
digit before it first took ~4 µs a text, most texts holding no such number)."""
_OCTAL_LIST = re.compile(r"(?<!\d)[0-7]{2,3}(?:[\s,;|]+[0-7]{2,3}){3,}(?!\d)")
_BINARY_LIST = re.compile(r"(?<!\d)[01]{6,8}(?:[\s,;|]+[01]{6,8}){3,}(?!\d)")
"""Lists of bytes or ASCII codes that octal or binary could have written (`x.toString(8)`, `x.toString(2)`)."""
_LONGEST_OTHER_BASES = 65536
_WORD_PAIR = re.compile(r"\d{8,10}[\s,;|]+\d{8,10}")
"""Two numbers that could be 32-bit words of a text's bytes, side by side (a word of text has a byte past its first 24
bits: it is 16,777,216 or more)."""
_WORD16 = (r"(?<![\w.])(?:-(?:[1-9]\d{3}|[12]\d{4}|3[0-2]\d{3})|[89]\d{3}|[1-5]\d{4}|6[0-5]\d{3}"
           r"|0[xX][2-9a-fA-F][0-9a-fA-F]{3})(?![\w.])")
_SIXTEEN_BIT_RUN = re.compile(_WORD16 + r"(?:(?:[\s\"']*[,;|/-][\s\"']*|\s+)" + _WORD16 + "){2}")
"""Three numbers in a row that could be 16-bit words of text (byte_words.WORD_LEAST to 65,535; an Int16Array's negative
one of 4 or 5 digits; `0x…`), listed with a comma, `;`, `|`, `/`, `-` or spacing between, quoted or not."""
WORDS_LISTED = re.compile(rb"0000(?<!00000)0?(?:[^0]{1,5}0{4,5}(?!0)){2}")
"""What _SIXTEEN_BIT_RUN finds in decimal shows in a text whose digits are "0" (encoded_views._DIGITS): `(?<!0)0{4,5}` at
its start written as four zeros no zero came before, and a fifth or none, the same runs, where re then scans for the
literal `0000` (~10× quicker over a JSON body's digits)."""
_WORD_TOKEN = re.compile(r"0[xX][0-9a-fA-F]+|-?\d+")
_JOINED = re.compile(r"\w-\d")
_JOINED_WORD_TOKEN = re.compile(r"0[xX][0-9a-fA-F]+|(?<![\w-])-\d+|\d+")
"""A number in a list of 16-bit words, negative after a minus sign; where `-` joins numbers (`8224-12336`), only after
one that stands apart (the pattern that tells them apart takes ~1.6× as long)."""


def numbers(text: str) -> Iterator[Reading]:
    """The text's numbers read as char codes or bytes: in decimal; in octal or binary where a list of them could be
    (x.toString(8), x.toString(2)); and as 32-bit words where two such numbers stand together, each only where it could
    be, and the last three only in a text of up to _LONGEST_OTHER_BASES characters (a megabyte of JSON has ~100,000
    numbers, and reading each in every way took ~0.4 s)."""
    found = _NUMBER.findall(text)
    decimal = [_number(token, 10) for token in found] if "x" in text or "X" in text else list(map(int, found))
    yield tokens(text, _NUMBER, decimal)
    if len(text) > _LONGEST_OTHER_BASES:
        return
    for base, listed in ((8, _OCTAL_LIST), (2, _BINARY_LIST)):
        if listed.search(text):
            yield tokens(text, _NUMBER, [_number(token, base) for token in found])
    if _WORD_PAIR.search(text):  # 32-bit words (Buffer's readUInt32BE, a Uint32Array): each four bytes
        for order in ORDERS:
            yield tokens(text, _NUMBER, decimal, order)


def sixteen_bit_words(text: str) -> Iterator[Reading]:
    """The text's numbers read as 16-bit words in either order (a Uint16Array's, an Int16Array's, `0x…`), each three in
    a row six bytes looked up alone (byte_words), where three that could be stand in a row, in a text of up to
    _LONGEST_OTHER_BASES characters."""
    if len(text) > _LONGEST_OTHER_BASES or not _SIXTEEN_BIT_RUN.search(text):
        return
    token = _JOINED_WORD_TOKEN if _JOINED.search(text) else _WORD_TOKEN
    found = token.findall(text)
    values = [word16(number) for number in found] if "x" in text or "X" in text else list(map(int, found))
    # Each value's bytes at C speed; one that is no word as 0xFFFF, whose bytes no text's UTF-8 holds.
    words = array("H", [0xFFFF if (word := word16(value)) is None else word for value in values])
    locate = _locator(text, token, 2)
    native = words.tobytes()
    words.byteswap()
    for data in (native, words.tobytes()):  # each byte order
        yield Reading(data.decode("latin-1"), locate, words=2)


def long_words(text: str) -> Iterator[Reading]:
    """The text's numbers of 15 to 20 digits read as 64-bit words, each eight bytes, in either order (alone too: one is
    8 of a key's characters)."""
    values = [int(token) for token in _LONG_NUMBER.findall(text)]
    if not any(value >= _SEVEN_BYTES for value in values):  # none, or times in µs and ids: no reading
        return
    for order in ORDERS:  # a longer run of digits (a hex id's zeros) is none
        yield tokens(text, _LONG_NUMBER, values, order, width=8)


def thirteen_digits(digits: bytes, data: bytes) -> bool:
    """Whether a text's UTF-8 (`data`), whose digits are "0" in `digits` (encoded_views._DIGITS), has a number of 13
    digits that six bytes could make (from 2,200,000,000,000: not a time in milliseconds), told at C speed."""
    return any(data[found.start():found.start() + 2] >= b"22" for found in _THIRTEEN.finditer(digits))


def six_byte_words(text: str, grouped: bool) -> Iterator[Reading]:
    """The text's numbers that six bytes make read as those bytes, in either order (`readUIntBE`, `readUIntLE`), each
    a word a Masker looks up alone (segtui.byte_words); also those grouped where the text may hold one (`grouped`: the
    pattern that finds them takes ~3× as long)."""
    pattern = _SIX_BYTES_GROUPED if grouped else _SIX_BYTES
    values = [_signed(text, token) for token in pattern.finditer(text)]
    if not any(value is not None and _SIX_LEAST <= value < _SIX_PAST for value in values):  # none, or ids and times
        return
    for order in ORDERS:
        yield tokens(text, pattern, values, order, width=WIDTH)._replace(words=WIDTH)


def _signed(text: str, token: re.Match[str]) -> int | None:
    """A six-byte number's bytes as an unsigned number: after a minus sign (`-`, or U+2212 as sv-SE's
    `toLocaleString()` writes it) that stands apart (not an id's `ajs-000…`), its two's complement (`readIntBE`), or
    None past."""
    value, start = int(_NOT_DIGIT.sub("", token.group())), token.start()
    if (start == 0 or text[start - 1] not in "-\u2212"
            or start > 1 and (text[start - 2].isalnum() or text[start - 2] in "_.-")):
        return value
    return _SIX_PAST - value if value <= _SIX_PAST >> 1 else None


def float_words(text: str) -> Iterator[Reading]:
    """The text's numbers written to a double's full precision (12 significant digits or more) read as the 8 bytes of
    that double and the 4 of a float, in either order (`new Float64Array(buffer)`, `readDoubleBE`, a Float32Array: a
    key's bytes as numbers no integer reading sees); a float's also where it is a whole number (`63250660`)."""
    if not _PRECISE.search(text):  # most texts: no such number
        return
    doubles: list[int | None] = []
    floats: list[int | None] = []
    for token in _FLOAT.findall(text):
        if "." not in token:
            doubles.append(None)
            floats.append(_whole_float_bits(token))
        elif len(token.partition("e")[0]) - token.startswith("-") <= _PRECISION:  # a price, `19.99`: no bytes of a key
            doubles.append(None)
            floats.append(None)
        else:
            value = float(token)
            doubles.append(exact_bits(value, "d"))
            floats.append(exact_bits(value, "f"))
    for values, width in ((doubles, 8), (floats, 4)):
        for order in ORDERS:
            yield tokens(text, _FLOAT, values, order, width=width)


def exact_bits(number: float, layout: str) -> int | None:
    """The bits of the float (`f`) or double (`d`) that a number is exactly, or None (no bytes of a text)."""
    try:
        packed = struct.pack(">" + layout, number)
    except (OverflowError, struct.error):
        return None
    return int.from_bytes(packed, "big") if struct.unpack(">" + layout, packed)[0] == number else None


def _whole_float_bits(token: str) -> int | None:
    """The bits of a float that a whole number is exactly and that has no fraction bits, or None."""
    value = int(token)
    return exact_bits(value, "f") if _FLOAT_WHOLE <= abs(value) < 10**21 else None


def _number(token: str, base: int) -> int:
    """A number token's value in a base (a 0x token in hex whatever the base), or one past any character's."""
    try:
        return int(token, 16) if token[1:2] in ("x", "X") else int(token, base)
    except ValueError:
        return 0x110000


def tokens(text: str, token: re.Pattern[str], values: Sequence[int | None],
           order: Literal["big", "little"] | None = None, offset: int = 0, width: int = 4) -> Reading:
    """Each token of the text read as the character of its value (a byte's Latin-1 character, a char code's), or with
    `order` as the `width` bytes of a word (32-bit by default); a value of None (or past any character) as characters
    no form holds."""
    if order is None:
        chars, width = "".join([chr(value) if value is not None and value <= 0x10FFFF else "\uffff" for value in values]), 1
    elif None not in values:
        chars = b"".join((value % 2 ** (8 * width)).to_bytes(width, order) for value in values).decode("latin-1")
    else:
        filler = "\uffff" * width
        chars = "".join(filler if value is None else (value % 2 ** (8 * width)).to_bytes(width, order).decode("latin-1")
                        for value in values)
    return Reading(chars, _locator(text, token, width, offset))


def _locator(text: str, token: re.Pattern[str], width: int, offset: int = 0) -> Locate:
    """Where the characters of a reading that gives each token of the text `width` of them came from."""
    spans: list[tuple[int, int]] = []  # found once, on the first find

    def locate(start: int, end: int) -> tuple[int, int]:
        if not spans:
            spans.extend(found.span() for found in token.finditer(text))
        return offset + spans[start // width][0], offset + spans[(end - 1) // width][1]
    return locate


_BITS = re.compile(r"[01]{8}(?:[ ,]?[01]{8}){3,}")
"""Bytes written in binary, eight bits each, apart or not."""
_BYTE_BITS = re.compile("[01]{8}")


def byte_bits(text: str) -> Iterator[Reading]:
    """The text with each run of bytes written in binary (`01011010 01110001 …`) read as the bytes."""
    for run in _BITS.finditer(text):
        yield tokens(run.group(), _BYTE_BITS, [int(bits, 2) for bits in _BYTE_BITS.findall(run.group())], offset=run.start())
