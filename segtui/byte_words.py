"""Six of a secret's bytes read as one number (`buf.readUIntBE(i, 6)`, `readUIntLE`, `BigInt('0x' + hex.slice(…))`,
`parseInt` of 12 of its hex digits from any digit), found alone: a number of 14 or 15 digits that is six bytes of a
secret is no id or time by chance, so it is masked whatever those bytes are (a key's fixed prefix too)."""

from __future__ import annotations

from collections.abc import Iterable

from segtui.decoded_runs import Reading

WIDTH = 6
_LONGEST = 4096
"""The longest secret (in bytes) whose every six bytes are kept: a key file's would be thousands of words to keep."""


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
