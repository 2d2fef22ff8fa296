"""Finds in a text's readings (segtui.encoded_views) kept only where they mask more of a secret than the finds in the
text as it stands: a reading may take a secret's neighbours for part of it (`token=36A…` read as quoted-printable's
`=36`, a `=` at a secret's end and the line break after it as a soft line break, base64 decoded from a character
before the secret), and masking that find too would hide the neighbours, a line break and the next line's start with
them (`token=••••••oken=…`)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from segtui.encoded_views import views
from segtui.form_search import merged
from segtui.mask_copies import LONGEST_KEPT, remember
from segtui.mask_work import charge

Found = tuple[int, int, str]
"""Where a find in a reading stands in the text, and what the reading read there."""


_KNOWN: dict[tuple[str, str], bool] = {}
"""What was told of each pair of a plain find's text and what a reading read over it (a log repeats them)."""


def beyond_plain(text: str, finds: Sequence[Found], plain: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The finds' spans, but those that reach past the plain finds they overlap where what they read stands in those
    plain finds' texts already (joined, as a reading that leaves out what stands between them would), as it is or read,
    so the plain masks hide all of it: those are a reading's misreadings of the plain finds' neighbours."""
    joined = merged(plain)
    starts = [start for start, _ in joined]
    kept = []
    for start, end, read in finds:
        index = bisect.bisect_right(starts, end - 1) - 1  # the last plain find that starts before the find ends
        overlapping: list[tuple[int, int]] = []
        while index >= 0 and joined[index][1] > start:
            overlapping.insert(0, joined[index])
            index -= 1
        # Within one plain find, or reaching past it only by base64's padding after it: masked with it, as ever.
        if not overlapping or len(overlapping) == 1 and overlapping[0][0] <= start and not text[
                overlapping[0][1]:end].strip("=") or not _holds("".join(text[low:high] for low, high in overlapping), read):
            kept.append((start, end))
    return kept


def across_items(found: list[tuple[int, int]], pieces: list[str]) -> list[tuple[int, int]]:
    """The items (first, last + 1) that each find in the pieces joined stands across: forms within one item are masked
    where they stand, as that item's text, and so is one that reaches into the next item only by base64's padding
    (`unpadded`: a key logged, then a line that starts with `=`)."""
    if not found:  # nearly always (and pieces that are no texts are never joined, so have none)
        return []
    joined, ends, spans = "".join(pieces), list(itertools.accumulate(map(len, pieces))), []
    for start, end in found:
        first, last = bisect.bisect_right(ends, start), bisect.bisect_left(ends, end) + 1
        if last - first > 1 and not any(_unpadded(joined[start:end]) in piece for piece in pieces[first:last]):
            spans.append((first, last))
    return spans


def _unpadded(read: str) -> str:
    """What was read without base64's padding, which spells nothing (a key's padded form read on into the next line's
    `=`), unless it is all padding."""
    return read.rstrip("=") or read


def _holds(shown: str, read: str) -> bool:
    """Whether plain finds' text holds what a reading read (`_unpadded`), as it is or in one of its own readings."""
    read = _unpadded(read)
    if (held := _KNOWN.get((shown, read))) is None:
        charge(len(shown))
        held = read in shown or any(read in reading.text for reading in views(shown))
        if len(shown) + len(read) <= LONGEST_KEPT:  # a key of megabytes is not kept
            remember(_KNOWN, (shown, read), held)
    return held
