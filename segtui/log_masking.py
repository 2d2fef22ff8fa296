"""A run's log messages masked together: a secret logged a piece a message (`for (const c of key) console.log(c)`,
`key.match(/.{1,4}/g).forEach((piece) => console.log(piece))`) spells it across messages that hold none of it alone."""

from __future__ import annotations

from collections.abc import Sequence

from segtui.masking import Masker

PIECE = 64
"""The longest message taken for a piece of a secret spelled across messages (as an array's items, Masker.mask_items)."""


def masked_messages(masker: Masker, messages: Sequence[str]) -> list[str]:
    """Each message masked as text, and those that spell a secret together, one after another and short, masked whole."""
    shown = list(messages)
    if masker:
        run: list[int] = []
        for index, message in enumerate([*messages, ""]):
            if 0 < len(message) <= PIECE:
                run.append(index)
                continue
            masker.mask_items(shown, run)  # nothing for fewer than two
            run = []
    return [masker.text(message) for message in shown]
