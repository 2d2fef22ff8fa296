"""Secrets cut short where a text is shortened, which masking by whole forms cannot see: at the cut of a log line
(console.js), of a string util.inspect shortened, of a body kept in part, and in the snippet V8 quotes of text
JSON.parse refused (`Unexpected token 's', "sk9Zq3LmN8"... is not valid JSON`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TypeVar

from segtui.mask_work import charge

S = TypeVar("S", str, bytes)

_LOG_CUT_END = " characters]"
_LOG_CUT = re.compile(r" … \[segtui kept the first (\d+) of (\d+) characters\]$")
"""The note console.js puts after a log line it cut short."""
_INSPECT_CUT = re.compile(r"""['"`]\.\.\. \d+ more characters?""")
"""What util.inspect puts after a string it cut at `maxStringLength` (10,000 characters): the quote, then the count."""
_JSON_SNIPPET = re.compile(r'(?<=, )(?P<before>\.\.\.)?"(?P<snippet>.{1,60}?)"(?P<after>\.\.\.)? is not valid JSON')
"""V8's quote of the text around where JSON.parse stopped (`Unexpected token 'x', "…"... is not valid JSON`): ten
characters each side, `...` where it cut the text; the quoted text may hold quotes."""
_EXCERPT = re.compile(r"^    (?P<before>…?)(?P<line>.*?)(?P<after>…?)$", re.MULTILINE)
"""A line quoted under an input error (segtui.errors.quoted_line), `…` where it was cut from a longer one."""
_BUFFER_CUT = re.compile(r"<\w+ (?P<hex>(?:[0-9a-f]{2} )*[0-9a-f]{2}) \.\.\. \d+ more bytes?>")
"""How util.inspect shows a Buffer longer than 50 bytes (Node's INSPECT_MAX_BYTES): its first 50 in hex, then a count."""
_FEWEST = 3
"""The fewest characters of a secret, left at a cut or quoted in part, that are masked."""
_FORM, _PLACE = 16, 4
"""The units of work (segtui.mask_work) a text's end looked at for a form's start costs, and each place in it."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A UTF-16 half standing alone in a text (as JavaScript's cut of a character beyond the BMP leaves one)."""
CUT = "…"
"""What segtui puts where it cut a text it quotes (a note's value, a URL's part, a line, a header): the text before it
may end in the start of a secret."""
ERROR_MOST = 1000
"""The most characters of an error's `Name: message` a golden, a test report or a summary keeps: one a user reads and
diffs, where a message may be a megabyte (an event whose unknown type is, or the handler's own)."""
_DOTS = re.compile(r"((?:\.\.\.|…)+)")
"""Where a handler cut a secret to hint at it (`k.slice(0, 6) + '...'`, `` `${k.slice(0, 6)}...${k.slice(-6)}` ``)."""
_HINTED = range(6, 17)
"""The lengths of a form masked where a hint shows more than half of it: a shorter secret is masked only as a word, and
more than half of a longer one is a part masked wherever it stands (segtui.made_forms)."""


def cut(text: str, most: int) -> str:
    """`text` as a message quotes it: whole up to `most` characters, else its start and CUT, `most` in all."""
    return text if len(text) <= most else text[: most - 1] + CUT


def log_cut(text: str, most: int) -> str:
    """`text` whole up to `most` characters, else its start and the note console.js puts where it cuts a log line
    (which masking reads, masking a secret cut there too), at most `most` in all."""
    if len(text) <= most:
        return text
    room = most - len(f" … [segtui kept the first {most} of {len(text)}{_LOG_CUT_END}")
    return f"{text[:room]} … [segtui kept the first {room} of {len(text)}{_LOG_CUT_END}"


def log_cut_at(text: str) -> int | None:
    """Where the note of a `log_cut` starts in `text`, if it ends in one."""
    note = _LOG_CUT.search(text)
    return note.start() if note else None


def log_cut_sizes(text: str) -> tuple[int, int, int] | None:
    """Where the note of a `log_cut` starts in `text`, if it ends in one, and how many characters it says were kept of
    how many."""
    note = _LOG_CUT.search(text)
    return (note.start(), int(note[1]), int(note[2])) if note else None


def mask_cut_end(text: S, forms: Sequence[S], mask: S) -> S:
    """Text cut short with its longest end that is the start of a form (of at least _FEWEST characters) masked:
    the cut may have split a secret, whose start masking by whole forms cannot see."""
    longest = _cut_start(text, forms)
    return text[: len(text) - longest] + mask if longest else text


_READ_WINDOW = 8
"""How many characters of a cut text's end are read back from encodings per character of the longest form: an escape
writes a character in up to 8 (`&#x1F600;` is more, and rare)."""
_READ_LONGEST = 4096
"""How many characters of a form, at most, are read back at a cut (a longer one's start encoded at a cut is rare, and
reading all of a long text's end at each cut is not)."""
_SPLIT_ESCAPE = re.compile(r"(?:%[0-9A-Fa-f]?|\\(?:u[0-9A-Fa-f]{0,3}|x[0-9A-Fa-f]?)?|&#?[xX]?[0-9A-Fa-f]*)\Z")
"""What the cut may have left of an escape it split (`%5`, `\\u00`, `&#8`)."""
_READ_CUTS = 64
"""How many pieces before a CUT in one text are read back: segtui quotes a few; a text of many `…` is the handler's."""
_SEPARATED = 2
"""How many characters may follow the start of a form read back where the cut came: a separator (`S k 9 `, `, `)."""


def mask_read_cut_end(text: str, forms: Sequence[str], mask: str) -> str:
    """`mask_cut_end`, also when the text's end holds the start of a form encoded piece by piece (`%53%6b%39`,
    `\\u0053\\u006b`, read back by segtui.encoded_views), which no form's start matches: that start is masked with what
    the cut left of an escape after it, and the separators after it are kept."""
    # Imported here: `cut` alone (a sandbox's messages) must not pay encoded_views' import, ~50-120 ms of a start-up.
    from segtui.encoded_views import views

    longest = _cut_start(text, forms)
    if longest:
        return text[: len(text) - longest] + mask
    window = len(text) - min(len(text), _READ_WINDOW * min(max(map(len, forms), default=0), _READ_LONGEST))
    tail = _SPLIT_ESCAPE.sub("", text[window:])
    best: tuple[int, int] | None = None
    for reading in views(tail):
        charge(len(reading.text))
        if found := _cut_start(reading.text, forms):
            start, end = reading.locate(len(reading.text) - found, len(reading.text))
            if len(tail) - end <= _SEPARATED and (best is None or start < best[0]):
                best = (start, end)
    if best is None:
        return text
    return text[: window + best[0]] + mask + tail[best[1]:]


def buffer_cut_spans(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Where a Buffer that console.log cut after its first 50 bytes (`<Buffer 61 62 ... 14 more bytes>`) shows the
    start of a form at its end: the bytes before the cut, as hex, that begin a form's UTF-8."""
    if " more byte" not in text:
        return []
    # A form's UTF-8, and a decoded key's own bytes (its text is one Latin-1 character a byte).
    byte_forms = [form.encode("utf-8", "surrogatepass").decode("latin-1") for form in forms]
    byte_forms += [form for form in forms if not form.isascii() and max(map(ord, form)) < 256]
    spans = []
    for cut in _BUFFER_CUT.finditer(text):
        shown = bytes.fromhex(cut.group("hex")).decode("latin-1")
        longest = _cut_start(shown, byte_forms)
        if longest:
            spans.append((cut.end("hex") - 3 * longest + 1, cut.end("hex")))
    return spans


def _cut_start(text: S, forms: Sequence[S], half: bool = False) -> int:
    """How long the longest end of the text is that is the start of a form (of at least _FEWEST characters) and not all
    of it (with `half`, more than half of it): the leftmost place in the text's last characters (as many as the longest
    form has) where a form's first characters stand, that begins a form."""
    by_head, most = _by_head(tuple(forms))
    first = max(0, len(text) - most + 1)
    charge(_FORM + _PLACE * (len(text) - first))
    for at in range(first, len(text) - _FEWEST + 1):
        if (starting := by_head.get(text[at:at + _FEWEST])) is not None:
            rest = text[at:]
            if any(len(form) > len(rest) and form.startswith(rest)
                   and (not half or len(form) < 2 * len(rest)) for form in starting):
                return len(rest)
    return 0


@functools.lru_cache(maxsize=16)
def _by_head(forms: tuple[S, ...]) -> tuple[dict[S, list[S]], int]:
    """The forms (of _FEWEST characters or more) by their first _FEWEST characters, and the longest form's length."""
    by_head: dict[S, list[S]] = {}
    for form in forms:
        if len(form) >= _FEWEST:
            by_head.setdefault(form[:_FEWEST], []).append(form)
    return by_head, max(map(len, forms), default=0)


def mask_cuts(text: str, forms: Sequence[str], mask: str) -> str:
    """Text with the part of a secret at each cut it shows masked: a log line's end, util.inspect's cut strings,
    V8's JSON.parse snippets (a cut snippet that is part of a form) and the end before each CUT segtui put."""
    if "more character" in text:
        pieces, start = [], 0
        for cut in _INSPECT_CUT.finditer(text):
            pieces += [mask_read_cut_end(text[start:cut.start()], forms, mask), cut.group()]
            start = cut.end()
        text = "".join(pieces) + text[start:]
    if "is not valid JSON" in text:
        text = _JSON_SNIPPET.sub(lambda quoted: _snippet(quoted, forms, mask), text)
    if text.endswith(_LOG_CUT_END) and (end := _LOG_CUT.search(text)) is not None:
        # Before the CUTs: the log note's `…` is one, and the space before it would hide the secret's start from it.
        text = mask_read_cut_end(text[: end.start()], forms, mask) + text[end.start():]
    if CUT in text:
        if "    " in text:
            text = _EXCERPT.sub(lambda quoted: _excerpt(quoted, forms, mask), text)
        text = _mask_before_cuts(text, forms, mask)
    if "..." in text or CUT in text:
        text = _mask_hints(text, forms, mask)
    return text


def _mask_hints(text: str, forms: Sequence[str], mask: str) -> str:
    """Text with the piece beside each `...` or CUT masked that shows more than half of a form: the start of one before
    it, the end of one after (`k.slice(0, 6) + '...'` of an 8-character key). A long key's hint shows, its fixed prefix
    and last four (`sk_live_...4242`) a few characters of many, as a service itself shows it. A piece in which no form's
    start (or end) stands near the dots is passed over at the cost of a search, so a text of many dots costs little."""
    hinted, backwards, heads, tails = _hinted(tuple(forms))
    if heads is None or tails is None:
        return text
    pieces = _DOTS.split(text)
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        if len(piece) <= _HINTED[0] // 2:  # too short to be more than half of any (a run of dots)
            continue
        start = piece[: _HINTED[-1]][::-1]  # the piece's start, reversed: where a form's end would stand after dots
        if index and tails.search(start) and (found := _cut_start(start, backwards, half=True)):
            piece = mask + piece[found:]
        if index + 1 < len(pieces) and heads.search(piece, max(0, len(piece) - _HINTED[-1])) and (
                found := _cut_start(piece, hinted, half=True)):
            piece = piece[: len(piece) - found] + mask
        pieces[index] = piece
    return "".join(pieces)


@functools.lru_cache(maxsize=16)
def _hinted(forms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str] | None,
                                              re.Pattern[str] | None]:
    """The forms of _HINTED lengths, each reversed too, and patterns of their first and (reversed) last _FEWEST
    characters (None when there is none)."""
    hinted = tuple(form for form in forms if len(form) in _HINTED)
    backwards = _reversed(hinted)
    return hinted, backwards, _heads(hinted)[0], _heads(backwards)[0]


def _mask_before_cuts(text: str, forms: Sequence[str], mask: str) -> str:
    """Text with the end before each CUT that begins a form masked, as it is or encoded piece by piece (`%53%6b%39…`):
    a piece in which no form's start stands near its end is passed over at the cost of a search, and only the first
    _READ_CUTS pieces are read back, so a text of many `…` costs little."""
    heads, longest = _heads(tuple(forms))
    if heads is None:
        return text
    pieces, read = text.split(CUT), _READ_CUTS
    for index, piece in enumerate(pieces[:-1]):
        if heads.search(piece, max(0, len(piece) - longest)):
            pieces[index] = mask_cut_end(piece, forms, mask)
        if pieces[index] == piece and read and len(piece) >= _FEWEST:
            pieces[index], read = mask_read_cut_end(piece, forms, mask), read - 1
    return CUT.join(pieces)


@functools.lru_cache(maxsize=16)
def _heads(forms: tuple[str, ...]) -> tuple[re.Pattern[str] | None, int]:
    """A pattern of the forms' first _FEWEST characters (None when none is that long), and the longest form's length."""
    heads = sorted({form[:_FEWEST] for form in forms if len(form) >= _FEWEST})
    return (re.compile("|".join(map(re.escape, heads))) if heads else None), max(map(len, forms), default=0)


def _snippet(quoted: re.Match[str], forms: Sequence[str], mask: str) -> str:
    """A JSON.parse snippet with what it shows of a secret masked: all of it when it lies within one, else its end
    that begins one where V8 cut the text after it, and its start that ends one where V8 cut the text before it."""
    snippet = quoted.group("snippet")
    if quoted.group("before") or quoted.group("after"):
        if len(snippet) >= _FEWEST and any(snippet in form for form in forms):
            snippet = mask
        else:
            snippet = _mask_sides(snippet, bool(quoted.group("before")), bool(quoted.group("after")), forms, mask)
    return f'{quoted.group("before") or ""}"{snippet}"{quoted.group("after") or ""} is not valid JSON'


def _excerpt(quoted: re.Match[str], forms: Sequence[str], mask: str) -> str:
    """A line segtui quotes under an input error (segtui.errors.quoted_line) with the part of a secret at each cut
    masked."""
    before, line, after = quoted.group("before"), quoted.group("line"), quoted.group("after")
    return f"    {before}{_mask_sides(line, bool(before), bool(after), forms, mask)}{after}"


def _mask_sides(text: str, before: bool, after: bool, forms: Sequence[str], mask: str) -> str:
    """Text cut from a longer one, with its end that begins a form masked when it was cut `after`, and its start that
    ends one when it was cut `before`."""
    if after:
        text = mask_cut_end(text, forms, mask)
    if before:
        text = mask_cut_end(text[::-1], _reversed(tuple(forms)), mask[::-1])[::-1]
    return text


@functools.lru_cache(maxsize=16)
def _reversed(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The forms each reversed, made once for the many lines quoted with a cut before them."""
    return tuple(form[::-1] for form in forms)


def with_cut_halves(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each with a lone UTF-16 half beside it (a high one after, a low one before): JavaScript cut a
    character beyond the BMP of the secret masked in two (`secret.slice(0, n)`), and the half shows which block it is."""
    if text.isascii() or not _SURROGATE.search(text):  # a look at each span costs ~1 µs: 200,000 spans in a big log
        return spans
    return [(start - (start > 0 and _is_low(text[start - 1]) and not (start > 1 and _is_high(text[start - 2]))),
             end + (end < len(text) and _is_high(text[end]) and not (end + 1 < len(text) and _is_low(text[end + 1]))))
            for start, end in spans]


def _is_high(char: str) -> bool:
    """Whether a character is a UTF-16 high surrogate (the first half of one beyond the BMP)."""
    return "\ud800" <= char <= "\udbff"


def _is_low(char: str) -> bool:
    """Whether a character is a UTF-16 low surrogate (the second half)."""
    return "\udc00" <= char <= "\udfff"
