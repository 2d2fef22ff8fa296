"""Six of a secret's bytes read as one number (`buf.readUIntBE(i, 6)`, `readUIntLE`, a signed `readIntBE`,
`BigInt('0x' + hex.slice(…))`, `parseInt` of 12 of its hex digits from any digit), or as three 16-bit words in a row
(`new Uint16Array(buffer)`, `readUInt16BE`), found alone: six bytes of a secret are no id, time or count by chance, so
they are masked whatever those bytes are (a key's fixed prefix too, a 6-character password whole)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, cast

from segtui.decoded_runs import Reading

WIDTH = 6
_LONGEST = 4096
"""The longest secret (in bytes) whose every six bytes are kept: a key file's would be thousands of words to keep."""
WORD_LEAST = 8000
"""The least of three 16-bit words in a row read as bytes in a text: one of two bytes of text (each 0x20 or more) is
8,224 or more; counts, sizes and years (`[1024, 2048, 4096]`) are less."""
ORDERS: tuple[Literal["big", "little"], ...] = ("big", "little")


def word16(item: object) -> int | None:
    """An item as the 16-bit word it could be: a number of 0 to 65,535, a negative one of an Int16Array (as its bytes
    read unsigned), or such a number written in decimal or as `0x…` (`words.map(String)`); or None."""
    if type(item) is str and 0 < len(item) <= WIDTH:
        try:
            item = int(item, 16) if item[1:2] in ("x", "X") else int(item)
        except ValueError:
            return None
    return item & 0xFFFF if type(item) is int and -0x8000 <= item < 0x10000 else None


class ByteWords:
    """The six-byte words of some secrets' bytes, looked up in a reading of a text's numbers as bytes
    (number_readings.six_byte_words)."""

    def __init__(self, secrets: Iterable[str], keys: Iterable[str]) -> None:
        """`keys`: decoded keys, text of one Latin-1 character a byte (decoded_keys.decoded_key)."""
        words: set[bytes] = set()
        for data in [*(secret.encode("utf-8", "surrogatepass") for secret in secrets),
                     *(key.encode("latin-1") for key in keys)]:
            if WIDTH <= len(data) <= _LONGEST:
                words.update(data[start:start + WIDTH] for start in range(len(data) - WIDTH + 1))
                digits = data.hex()  # 12 hex digits from an odd one: half a byte, five bytes, half a byte
                words.update(bytes.fromhex(digits[start:start + 2 * WIDTH])
                             for start in range(1, len(digits) - 2 * WIDTH, 2))
        self._words = frozenset(word.decode("latin-1") for word in words)
        # Where 16-bit words are read, only a run that starts with a word's first two bytes is looked up: in a reading,
        # by its characters; among items, by the number an item holds (an Int16Array's negative too, either in decimal).
        self._heads = frozenset(word[:2] for word in self._words)
        self._starts = {order: frozenset(_item_forms(words, order)) for order in ORDERS}
        self._any_start = self._starts["big"] | self._starts["little"]

    def spans(self, reading: Reading) -> list[tuple[int, int]]:
        """Where the text a reading of words was read from holds a number that is six bytes of a secret, or 16-bit words
        three in a row that are (`reading.words`: the characters from one word's start to the next)."""
        if not self._words:
            return []
        text, step, words, heads = reading.text, reading.words, self._words, self._heads
        return [reading.locate(start, start + WIDTH) for start in range(0, len(text) - WIDTH + 1, step)
                if text[start:start + 2] in heads and text[start:start + WIDTH] in words]

    def item_runs(self, items: Sequence[object]) -> list[tuple[int, int]]:
        """The runs of three items (the first's index, and past the last's) that are 16-bit words of six bytes of a
        secret, in either order (`Array.from(new Uint16Array(buffer))` returned, an Int16Array's, `words.map(String)`):
        looked up only where an item is the first word of one."""
        if not self._words or len(items) < 3:
            return []
        starts, any_start, words = self._starts, self._any_start, self._words
        runs: dict[str, list[tuple[int, int]]] = {order: [] for order in ORDERS}
        for index in range(len(items) - 2):
            item = items[index]
            if type(item) in _ITEMS and item in any_start:
                values = [word16(item) for item in items[index:index + 3]]
                for order in ORDERS:
                    if item in starts[order] and _bytes(values, order) in words:
                        runs[order].append((index, index + 3))
        return [run for order in ORDERS for run in runs[order]]  # each byte order's runs in turn


_ITEMS = (int, str)
"""The items that could be 16-bit words (and that a set can hold)."""


def _item_forms(words: Iterable[bytes], order: Literal["big", "little"]) -> Iterator[int | str]:
    """The first 16-bit word of each word in a byte order as items hold it: its number, an Int16Array's (negative
    from 0x8000), each also in decimal."""
    for word in words:
        value = int.from_bytes(word[:2], order)
        for number in (value, value - 0x10000) if value >= 0x8000 else (value,):
            yield from (number, str(number))


def _bytes(values: Sequence[int | None], order: Literal["big", "little"]) -> str:
    """16-bit words' bytes as Latin-1 text, or "" when one is no word."""
    if None in values:
        return ""
    return b"".join(value.to_bytes(2, order) for value in cast("Sequence[int]", values)).decode("latin-1")
