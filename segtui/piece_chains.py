"""A secret cut into short pieces that a text holds in order with other words between (`key.match(/.{1,4}/g)` logged as
`k0=sk9Q&k1=mX2v&…`, `{"f0":"sk9Q","f1":"mX2v",…}`, `part sk9Qm` a line): pieces shorter than the 6 characters a piece
needs to be masked alone (segtui.masking), found by following the secret from one piece to the next."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Any

from segtui.made_forms import piece_like
from segtui.mask_copies import remember
from segtui.mask_work import STEP, charge

_WORD = re.compile(r"[A-Za-z0-9]+")
_SPLIT = re.compile(r"([A-Za-z0-9]+)")
"""A word of a text: the secrets are followed by their letters and digits alone (a piece `sk_lo` is the words `sk`, `lo`)."""
_LONGEST = 256
"""The longest secret followed (an API key, a password, a token; a PEM key's lines are pieces long enough alone)."""
_SHORTEST = 6
"""The fewest letters and digits of a secret followed."""
_COVERED = 8
"""How many of a secret's letters and digits the pieces must spell together (all of a shorter secret's)."""
_DISTINCT = re.compile(r"[0-9A-Z]")
"""What makes a piece a key's rather than a word's: a digit or a capital."""
_ITEM = 128
"""The longest item taken for a piece with its label (`part sk9Q`): a longer text is masked as a text."""
_BETWEEN = 32
"""The most characters between two pieces (`&k1=`, `","f1":"`, a log line's `\\npart `)."""


class PieceChains:
    """Finds, for a Masker, the secrets' pieces of two characters or more that follow one another in a text."""

    def __init__(self, secrets: Sequence[str]) -> None:
        found = {"".join(_WORD.findall(secret)) for secret in secrets if len(secret) <= _LONGEST}
        self._secrets = [secret for secret in found if len(secret) >= _SHORTEST]
        self._starts: dict[str, list[tuple[int, int]]] = {}
        """Where each two and three characters stand in each secret: where a piece of two, or of three or more, may."""
        self._items: dict[str, list[int]] = {}
        for number, secret in enumerate(self._secrets):
            for at in range(len(secret) - 1):
                for width in (2, 3):
                    self._starts.setdefault(secret[at:at + width], []).append((number, at))

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pieces of the text's chains stand (`chains`)."""
        return [piece for chain in self.chains(text) for piece in chain]

    def chains(self, text: str) -> list[tuple[tuple[int, int], ...]]:
        """Where the pieces stand of each run of two pieces or more in the text (of 2 characters or more, each within
        `_BETWEEN` of the last) that follow one another in a secret, those with a digit or a capital spelling 8 of its
        characters or more (all of a shorter secret's): a key's pieces, not words (`sk_live 9fQ2x` is `sk_live_`, which
        every such key starts with, and 5 characters)."""
        if not self._starts:
            return []
        # Only a word that starts as a piece of a secret does (~1 in 10,000 words of other text for a short secret; of
        # two characters, the whole word) is looked at: the others are only between pieces. The text split at C speed.
        parts = _SPLIT.split(text)
        starts = self._starts
        found = [index for index in range(1, len(parts), 2) if parts[index][:3] in starts]
        charge(len(text) + STEP * len(found))
        if len(found) < 2:
            return []
        ends = list(itertools.accumulate(map(len, parts)))
        chains: dict[tuple[int, int], tuple[tuple[tuple[int, int], ...], int, int]] = {}
        """Each chain by its secret and where in it its next piece starts: where its pieces stand in the text, where in
        the secret it starts, and how many characters its pieces with a digit or a capital spell."""
        spelled: dict[tuple[int, int, int], tuple[tuple[int, int], ...]] = {}
        for index in found:
            word, begin, end = parts[index], ends[index - 1], ends[index]
            counted = len(word) if _DISTINCT.search(word) else 0
            followed: dict[tuple[int, int], tuple[tuple[tuple[int, int], ...], int, int]] = {}
            for (number, at), (pieces, start, count) in chains.items():
                if self._secrets[number].startswith(word, at) and begin - pieces[-1][1] <= _BETWEEN:
                    followed[number, at + len(word)] = ((*pieces, (begin, end)), start, count + counted)
                elif end - pieces[-1][1] <= _BETWEEN:
                    followed.setdefault((number, at), (pieces, start, count))
            for number, at in self._starts[word[:3]]:
                # A chain that starts here is tighter than one with the same need that this word did not continue.
                if self._secrets[number].startswith(word, at) and followed.get((number, at + len(word)), ((),))[0][-1:] != ((begin, end),):
                    followed[number, at + len(word)] = (((begin, end),), at, counted)
            charge(STEP * len(followed))
            for (number, at), (pieces, start, count) in followed.items():
                secret = self._secrets[number]
                if len(pieces) > 1 and pieces[-1][1] == end and count >= min(_COVERED, len(secret)) and piece_like(secret[start:at]):
                    spelled[number, start, pieces[0][0]] = pieces  # the longest run of the chain found so far
            chains = followed
        return list(spelled.values())

    def items(self, pieces: Sequence[str]) -> list[int]:
        """The items that hold a piece of a chain that runs across two items or more (an array's pieces, the values of an
        object, a log's messages)."""
        joined = "\n".join(pieces)
        if (found := self._items.get(joined)) is None:  # an object's or array's texts repeat from event to event
            ends = list(itertools.accumulate(len(piece) + 1 for piece in pieces))
            held = [{bisect.bisect_right(ends, start) for start, _ in chain} for chain in self.chains(joined)]
            found = remember(self._items, joined, sorted({item for items in held if len(items) > 1 for item in items}))
        return found

    def mask(self, holder: Any, keys: Sequence[Any], mask: str) -> None:
        """Replace by `mask` each text item of the holder (at `keys`) that holds a piece of a chain across items."""
        texts = [key for key in keys if type(holder[key]) is str and len(holder[key]) <= _ITEM]
        if len(texts) >= 2 and self._starts:
            for index in self.items([holder[key] for key in texts]):
                holder[texts[index]] = mask
