"""Pieces of a secret's base64 too short to be read back (`b64.slice(0, 15)`, under the 16 characters of a run that
segtui.encoded_views decodes): a Masker looks for them as it looks for pieces of the secret itself, by their
6-character runs, and masks one when the bytes it encodes are a piece of the secret it would mask as text."""

from __future__ import annotations

import base64
from collections.abc import Iterable

from segtui.made_forms import GRAM, GRAMS_UP_TO, PLAIN_PIECE, VIEWED, piece_like, windows

_VALUES = {char: value for value, char in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_VALUES |= {"-": 62, "_": 63}
"""Each base64 or base64url character's six bits."""
_KEY_PIECE = 7
"""The fewest of a decoded key's bytes a piece of its base64 encodes whole that is masked: 8 bytes' base64 ends in a
character that holds padding bits too, so it encodes 7 whole; 56 bits of random bytes are no other text's."""


class Base64Pieces:
    """The base64 a secret's bytes become at each of the three places in a group of three bytes where they can begin
    (base64 and base64url), only the characters that encode nothing but its bits, and what a piece of each reveals."""

    def __init__(self, secrets: Iterable[str], keys: Iterable[str] = ()) -> None:
        self.runs: dict[str, tuple[bytes, int, bool]] = {}
        """Each run of base64: the secret's bytes, how many of their first bits the character before it holds, and
        whether they are a decoded key's (decoded_keys.decoded_key, as Latin-1 text), any _KEY_PIECE of whose bytes are
        masked: an IV or a key cut from it at any offset (`key.subarray(1, 11).toString('base64')`)."""
        datas = [(secret.encode("utf-8", "surrogatepass"), False) for secret in secrets]
        for data, key in datas + [(key.encode("latin-1"), True) for key in keys]:
            if not VIEWED <= len(data) <= GRAMS_UP_TO:
                continue
            for phase in range(3):
                encoded = base64.b64encode(bytes(phase) + data).decode("ascii")
                first = -(-8 * phase // 6)
                run = encoded[first:8 * (phase + len(data)) // 6]
                for alphabet in (run, run.replace("+", "-").replace("/", "_")):
                    self.runs.setdefault(alphabet, (data, 6 * first - 8 * phase, key))
        self.texts = list(self.runs)
        """The runs, listed once (a Masker widens each piece found against them)."""
        self.grams = list(dict.fromkeys(gram for run in self.runs for gram in [*windows(run, GRAM)[::3], run[-GRAM:]]))
        """The runs' pieces of GRAM characters that start at every third character, and each run's last, by which a
        piece of one is found: a piece that encodes 6 bytes is 8 characters or more of a run, or starts or ends it."""

    def piece(self, text: str, start: int, end: int, run: str, offset: int) -> tuple[int, int] | None:
        """The span of the text to mask for its characters start:end, those of a run from offset, with the character
        on either side that holds the secret's first or last bits (their other bits are another text's), when the bytes
        they encode are a piece of the secret masked as text: one that looks like a piece of a key
        (made_forms.piece_like), or of PLAIN_PIECE bytes or more, or _KEY_PIECE of a decoded key's; None for fewer."""
        data, held, key = self.runs[run]
        whole = offset + end - start == len(run)
        first, last = held + 6 * offset, held + 6 * (offset + end - start)
        before = _VALUES.get(text[start - 1], 64) if offset == 0 and held and start > 0 else 64
        if before < 64 and before % (1 << held) == data[0] >> (8 - held):
            first, start = 0, start - 1
        rest = 8 * len(data) - last
        after = _VALUES.get(text[end], 64) if whole and rest and end < len(text) else 64
        if after < 64 and after >> (6 - rest) == data[-1] % (1 << rest):
            last, end = 8 * len(data), end + 1
        piece = data[-(-first // 8):last // 8]
        if key:
            return (start, end) if len(piece) >= _KEY_PIECE else None
        return (start, end) if len(piece) >= PLAIN_PIECE or piece_like(piece.decode("utf-8", "ignore")) else None
