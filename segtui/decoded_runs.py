"""Runs of base64 and hex in a text decoded, each byte read as its Latin-1 character and traced to where it came from
(gzip, zlib or raw deflate in them also inflated, traced to the whole run):
the readings a Masker looks for a secret's forms in (segtui.encoded_views)."""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import re
from array import array
from collections.abc import Callable, Iterator
from typing import NamedTuple

from segtui.compressed_bodies import INFLATED_WORK, inflated, no_stream
from segtui.mask_work import STEP, charge, share

Locate = Callable[[int, int], tuple[int, int]]


class Reading(NamedTuple):
    """A text read back one way: `locate(start, end)` is the part of the text that `text[start:end]` came from,
    `escaped` whether it is the text with its escapes read back, and `words`, when not 0, that its numbers' bytes are
    looked up six at a time (byte_words.WIDTH) every `words` characters (segtui.byte_words) (a named tuple: one is made for most texts masked, and a dataclass
    takes ~4× longer to make)."""

    text: str
    locate: Locate
    escaped: bool = False
    words: int = 0


_HEX = re.compile(r"[0-9a-fA-F]{16,}")
"""A run of hex long enough to hold a part of a secret (`Buffer.from(secret.slice(0, 16)).toString("hex")`); greedy,
so each match is a whole run (~2× quicker than bounding it with lookarounds)."""
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/_-])|[A-Za-z0-9_-]{16,}(?![A-Za-z0-9+/_-])"
                     r"|[A-Za-z0-9+/]{16,}={0,2}(?=[_-]))")
"""A run of base64 long enough to hold another text's form (the base64 of a secret's base64, say); one of base64's own
alphabet also where a `-` or `_` ends it, which base64url's would hold (UTF-7's `+…-`, `btoa(k) + '-' + id`)."""
_HEXISH = re.compile(r"[0-9a-fA-F-]+")
"""A run that base64 could hold but hex does (a UUID, a hex id): its base64 reading is no compressed stream, and
trying raw deflate on it, which has no header to tell it by, costs each event's ids a few microseconds."""
_SIGN = re.compile(r"[/+]")
_INFLATED, _RATIO = 1024 * 1024, 64
"""The most a run of gzip, zlib or raw deflate in a text is inflated to: a megabyte, and 64 times the run's bytes (text compresses
a few times; a bomb inflates a thousandfold, and a text could hold many)."""
INFLATED_SHARE = 8
"""The units of work each character a run inflates to brings to its text's share: enough to search it (~5) when it
holds no secret's near-copies, so that a log of base64 gzip batches (text compresses 20 to 80 times) is masked, not
withheld; a bomb's inflation stays capped (_RATIO), so its share too."""
_HEAD = 66
"""How many bytes of a stream are tried before the rest is decoded: three in four hundred random ones start deflate
that long (decoded from 88 characters of base64)."""
_JOINED = "\uffff"  # joins decoded readings into one: a noncharacter no form holds, so no match spans two of them


def base64_runs(text: str) -> Iterator[Reading]:
    """The runs of base64 decoded from each character a quantum may start at (a run cut from longer base64, such as
    `auth.slice(5, 29)`, may start or end inside one), all in one reading (each run decoded once, then shifted, costs
    what a reading per run did; a run the text repeats, once), each byte read as its Latin-1 character and traced to the
    characters it came from."""
    parts: list[str] = []
    # Where each part came from, a column an array (a closure a part took ~400 bytes: 140 MB for 3 MB of runs): the
    # characters first:last, from `runs` on when the part is a run's bytes (`sizes` of them), whole when inflated (-1).
    firsts, lasts, runs, sizes = array("q"), array("q"), array("q"), array("q")
    known: dict[str, tuple[list[str], list[tuple[str, int]]] | None] = {}
    for run in _BASE64.finditer(text):
        body = run.group().rstrip("=")
        charge(STEP)
        if body not in known:
            known[body] = _decoded_run(body)
        if (readings := known[body]) is None:
            continue
        shifts, streams = readings
        inflated_size = sum(len(content) for content, _ in streams)  # each copy joined (inflated once)
        charge(INFLATED_WORK * inflated_size)
        share(INFLATED_SHARE * inflated_size)
        for part, first, size in [(content, start, -1) for content, start in streams] + [
                (part, shift, len(part)) for shift, part in enumerate(shifts)]:
            parts.append(part)
            firsts.append(run.start() + first)
            lasts.append(run.end())
            runs.append(run.start())
            sizes.append(size)
    if parts:
        starts = array("q", itertools.accumulate((len(part) + 1 for part in parts[:-1]), initial=0))

        def locate(start: int, end: int) -> tuple[int, int]:
            index = bisect.bisect_right(starts, start) - 1
            first, last, size = firsts[index], lasts[index], sizes[index]
            start, end = start - starts[index], end - starts[index]
            if size < 0:
                return first, last
            # Byte i from the four characters of quantum i // 3, the first also from the run's characters before
            # `first`, the last from those after.
            return (first + 4 * (start // 3) if start else runs[index],
                    last if end == size else min(last, first + 4 * ((end - 1) // 3) + 4))

        yield Reading(_JOINED.join(parts), locate)


def _decoded_run(body: str) -> tuple[list[str], list[tuple[str, int]]] | None:
    """A run of base64's bytes from each of its first four characters, and what gzip, zlib or raw deflate in it
    inflates to with where in the run each starts (`_streams`); None for no base64."""
    altchars = b"-_" if "-" in body or "_" in body else None
    try:  # zero bits after the last character, as many as make whole quanta
        whole = base64.b64decode(body + "A" * (-len(body) % 4), altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
    charge(4 * len(body))
    bits, total, shifts = int.from_bytes(whole, "big"), 8 * len(whole), []
    for shift in range(4):
        size = 6 * (len(body) - shift) // 8  # the whole bytes the characters from `shift` on hold
        data = (bits >> (total - 6 * shift - 8 * size)) & ((1 << 8 * size) - 1)
        shifts.append(data.to_bytes(size, "big").decode("latin-1"))
    return shifts, _streams(body, whole, altchars)


def _streams(body: str, whole: bytes, altchars: bytes | None) -> list[tuple[str, int]]:
    """What gzip, zlib or raw deflate in a run of base64 (`body`, decoded as `whole`) inflates to, each with where in the
    run it starts (what it inflates to is traced to the rest of the run): the run's own, and one that starts after a "/"
    or "+" within it (a URL's path, a regular expression's `/…/`, a form's `+`), whose base64 runs on from the
    characters before it. Each start's first bytes are tried before all of them are decoded: a run of a megabyte has
    tens of thousands of signs, and decoding the rest of it from each took minutes."""
    found = []
    starts = [0, *(sign.end() for sign in _SIGN.finditer(body) if len(body) - sign.end() >= 16)] if "/" in body or "+" in body else [0]
    for start in starts:
        if _HEXISH.fullmatch(body, start):  # a UUID, an id: read as hex
            continue
        rest = len(body) - start
        size, limit = 3 * -(-rest // 4), min(_INFLATED, _RATIO * 3 * -(-rest // 4))
        charge(STEP)
        try:
            head = whole[:_HEAD] if not start else _decoded(body[start:start + 4 * _HEAD // 3], altchars)
            if no_stream(head, size, limit, padding=2):
                continue
            data = whole if not start else _decoded(body[start:], altchars)
        except (binascii.Error, ValueError):
            continue
        # Raw deflate with the zero bytes the "A"s added after it.
        if (content := inflated(data, limit, padding=2)) is not None:
            found.append((content.decode("latin-1"), start))
    return found


def _decoded(chars: str, altchars: bytes | None) -> bytes:
    """Base64 characters decoded, with zero bits after the last character, as many as make whole quanta."""
    return base64.b64decode(chars + "A" * (-len(chars) % 4), altchars=altchars, validate=True)


def hex_runs(text: str) -> Iterator[Reading]:
    """Runs of hex decoded, each byte read as its Latin-1 character and traced to its two digits."""
    for run in _HEX.finditer(text):
        digits, first = run.group(), run.start()
        # An odd run has a hex-looking letter before or after the bytes' digits ("id" + hex): both are read.
        for start in (0, 1) if len(digits) % 2 else (0,):
            pairs = digits[start:start + (len(digits) - start) // 2 * 2]
            yield Reading(bytes.fromhex(pairs).decode("latin-1"), _pairs_locator(first + start))
            if (content := inflated(bytes.fromhex(pairs), min(_INFLATED, _RATIO * len(pairs)))) is not None:
                yield Reading(content.decode("latin-1"), _span_locator(first + start, first + start + len(pairs)))


def _span_locator(first: int, last: int) -> Locate:
    """Where anything inflated from the encoded run at first:last came from: the whole run."""
    return lambda start, end: (first, last)


def _pairs_locator(first: int) -> Locate:
    """Where bytes decoded from the hex starting at `first` came from: byte i from its two digits."""
    return lambda start, end: (first + 2 * start, first + 2 * end)
