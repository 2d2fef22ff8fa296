"""A run's log messages masked together: a secret logged a piece a message (`for (const c of key) console.log(c)`,
`key.match(/.{1,4}/g).forEach((piece) => console.log(piece))`) spells it across messages that hold none of it alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from segtui.masking import Masker

PIECE = 64
"""The longest message taken for a piece of a secret spelled across messages (as an array's items, Masker.mask_items)."""
MASK_CHUNK_CHARS = 50_000
"""About how many characters of log messages are masked between two checks that they are still wanted (the app quitting):
masked whole, 10,000 entries kept a quit waiting for seconds. A run of short messages (masked_in_chunks) is one chunk."""


def _in_run(message: str) -> bool:
    """Whether `message` may be a piece of a secret spelled across messages: not empty and at most PIECE long."""
    return 0 < len(message) <= PIECE


def masked_messages(masker: Masker, messages: Sequence[str]) -> list[str]:
    """Each message masked as text, and those that spell a secret together, one after another and short, masked whole."""
    shown = list(messages)
    if masker:
        run: list[int] = []
        for index, message in enumerate([*messages, ""]):
            if _in_run(message):
                run.append(index)
                continue
            masker.mask_items(shown, run)  # nothing for fewer than two
            run = []
    return [masker.text(message) for message in shown]


def masked_in_chunks(masker: Masker, messages: Sequence[str], cancelled: Callable[[], bool]) -> list[str] | None:
    """`messages` masked as masked_messages masks them, about MASK_CHUNK_CHARS characters at a time, or None when
    `cancelled` says so before a chunk; a chunk ends only before a message masked_messages masks alone (empty or longer
    than PIECE), never inside a run of short ones that may spell a secret together, so the chunks mask as the whole."""
    shown: list[str] = []
    start = size = 0
    for index, message in enumerate(messages):
        if size >= MASK_CHUNK_CHARS and not _in_run(message):
            if cancelled():
                return None
            shown += masked_messages(masker, messages[start:index])
            start, size = index, 0
        size += len(message)
    return None if cancelled() else shown + masked_messages(masker, messages[start:])
