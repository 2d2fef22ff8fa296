"""Six of a secret's bytes read as one number (`buf.readUIntBE(i, 6)`, `readUIntLE`, a signed `readIntBE`,
`BigInt('0x' + hex.slice(…))`, `parseInt` of 12 of its hex digits from any digit), or as three 16-bit words in a row
(`new Uint16Array(buffer)`, `readUInt16BE`), found alone: six bytes of a secret are no id, time or count by chance, so
they are masked whatever those bytes are (a key's fixed prefix too, a 6-character password whole)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from segtui.decoded_runs import Reading

WIDTH = 6
_LONGEST = 4096
"""The longest secret (in bytes) whose every six bytes are kept: a key file's would be thousands of words to keep."""
WORD_LEAST = 8000
"""The least of three 16-bit words in a row read as bytes: one of two bytes of text (each 0x20 or more) is 8,224 or
more; counts, sizes and years (`[1024, 2048, 4096]`) are less."""
ORDERS: tuple[Literal["big", "little"], ...] = ("big", "little")
_NO_WORD = "\uffff\uffff"
"""Two characters no six bytes of a secret hold (beyond Latin-1): a number that is no 16-bit word."""


def sixteen_bit_windows(values: Sequence[object], order: Literal["big", "little"]) -> str:
    """The bytes of each three 16-bit words in a row among the values (each an int of 0 to 65,535 or no word), six
    Latin-1 characters a window, one window a value but the last two: a secret's bytes are at any even offset of them."""
    pairs = [value.to_bytes(2, order).decode("latin-1") if type(value) is int and 0 <= value < 65536 else _NO_WORD
             for value in values]
    return "".join(first + second + third for first, second, third in zip(pairs, pairs[1:], pairs[2:], strict=False))


class ByteWords:
    """The six-byte words of some secrets' bytes, looked up in a reading of a text's numbers as bytes
    (number_readings.six_byte_words)."""

    def __init__(self, secrets: Iterable[str], keys: Iterable[str]) -> None:
        """`keys`: decoded keys, text of one Latin-1 character a byte (made_forms.decoded_key)."""
        words: set[bytes] = set()
        for data in [*(secret.encode("utf-8", "surrogatepass") for secret in secrets), *(key.encode("latin-1") for key in keys)]:
            if WIDTH <= len(data) <= _LONGEST:
                words.update(data[start:start + WIDTH] for start in range(len(data) - WIDTH + 1))
                digits = data.hex()  # 12 hex digits from an odd one: half a byte, five bytes, half a byte
                words.update(bytes.fromhex(digits[start:start + 2 * WIDTH]) for start in range(1, len(digits) - 2 * WIDTH, 2))
        self._words = frozenset(word.decode("latin-1") for word in words)

    def spans(self, reading: Reading) -> list[tuple[int, int]]:
        """Where the text a reading of words was read from holds a number that is six bytes of a secret."""
        if not self._words:
            return []
        text = reading.text
        return [reading.locate(start, start + WIDTH) for start in range(0, len(text), WIDTH)
                if text[start:start + WIDTH] in self._words]

    def item_runs(self, items: Sequence[object]) -> list[tuple[int, int]]:
        """The runs of three items (the first's index, and past the last's) that are 16-bit words of six bytes of a
        secret, in either order (`Array.from(new Uint16Array(buffer))` returned)."""
        if not self._words:
            return []
        textual = [type(item) is int and WORD_LEAST <= item < 65536 for item in items]
        if not any(map(all, zip(textual, textual[1:], textual[2:], strict=False))):
            return []
        runs: list[tuple[int, int]] = []
        for order in ORDERS:
            windows = sixteen_bit_windows(items, order)
            runs += [(index, index + 3) for index in range(len(items) - 2)
                     if windows[WIDTH * index:WIDTH * index + WIDTH] in self._words]
        return runs
