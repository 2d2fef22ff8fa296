"""Secrets spread out: one to three characters, whatever they are (a letter, a digit, an emoji, the character itself), put
between each two of a secret's own (`[...secret].join('x')`, each character doubled, an interleave with another text),
found whole in every second, third or fourth character of a text. A symbol between, the common case, is read with the secret's
other forms too (encoded_views)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from segtui.form_search import FormSearch, wants_automaton
from segtui.made_forms import VIEWED, short_password
from segtui.mask_work import charge

STRIDES = (2, 3, 4)
"""How far apart a spread secret's characters stand: one to three characters between each two."""


class SpreadSearch:
    """Finds secrets (those that no reading makes by chance: VIEWED characters or more, or a short password) spread out."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = [secret for secret in dict.fromkeys(secrets) if len(secret) >= VIEWED or short_password(secret)]
        self._shortest = min(map(len, self._secrets), default=0)
        # Many secrets are looked for with an automaton; a few each with str's search (~0.1 µs a text).
        self._many = FormSearch(self._secrets).spans if wants_automaton(self._secrets) else None
        self._rarest = [] if self._many else [(secret, sorted(set(secret), key=_commonness, reverse=True)[:_RAREST])
                                              for secret in self._secrets]
        """Each of a few secrets with its least common characters: a text that lacks one holds no spread copy of it,
        told by a search for a character or two (~0.1 µs) instead of in the text's nine parts (~5 µs)."""

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text holds a secret spread out, from its first character to its last."""
        spans: list[tuple[int, int]] = []
        if not self._secrets:
            return spans
        charge(len(text) * len(STRIDES))
        # A spread secret's characters all stand in the text: a text without one of a secret's rarest holds none.
        secrets = [secret for secret, rarest in self._rarest if all(char in text for char in rarest)]
        if self._many is None and not secrets:
            return spans
        for stride in STRIDES:
            if len(text) < stride * (self._shortest - 1) + 1:
                break
            for start in range(stride):
                part = text[start::stride]
                if self._many is not None:
                    found = self._many(part)
                else:
                    found = [(at, at + len(secret)) for secret in secrets if secret in part for at in _places(part, secret)]
                    if not found:  # nearly always: no list of spans to make
                        continue
                spans += [(start + stride * first, start + stride * (end - 1) + 1) for first, end in found]
        return spans


_RAREST = 3
_COMMON = " \"etaoinsrhldcumfpgwybv:,.-_/0123456789{}[]=kxjqzSTAECPRIMDNBLOHGFWUVKYJXQZ"
"""Characters from the most common in the texts a run shows (words, JSON, URLs, numbers) to the least: a secret's
characters not among them (symbols, letters beyond ASCII) come after, as the least common."""


def _commonness(char: str) -> int:
    """How common a character is in the texts a run shows: its place in _COMMON, or past them all."""
    found = _COMMON.find(char)
    return found if found >= 0 else len(_COMMON)


def _places(text: str, secret: str) -> Iterator[int]:
    """Where the secret starts in the text, each place."""
    at = text.find(secret)
    while at >= 0:
        yield at
        at = text.find(secret, at + 1)
