"""Many literal forms found in a text at once (Aho-Corasick), leftmost and longest, as one regex alternation would.

Python's re tries an alternation's branches one by one at every position: with hundreds of forms (a PEM key's lines,
each in ~45 encodings) that costs ~5 ms per 1.4 KB text, and an automaton a few µs. The automaton is Rust's aho-corasick
(ahocorasick_rs) over UTF-8: it finds no form in a 350-character body in ~1 µs, pyahocorasick's in ~13, and a result's
masking runs it over each of its texts and their readings.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, AnyStr

import ahocorasick_rs

from segtui.mask_copies import remember
from segtui.mask_work import STEP, charge

_LONGEST = 4096
"""Forms longer than this are looked for in pieces of this length (the last up to twice it): any piece of a secret is
a secret, and an automaton of shorter words is smaller (pyahocorasick, used before, crashed on words of hundreds of KB)."""
_DFA_CHARS = 16384
"""Up to this many characters of words the automaton is a DFA (~1 MB for a 33-character key's ~4,000; the quickest);
past them a contiguous NFA, whose size grows with the words' length only (a DFA of a 64 KB key's forms took ~250 MB)."""


_HEAD = 16
"""The automaton holds each word's first this many bytes, and a longer word is compared whole where its head is found:
its build takes time that grows with the bytes it holds, and a settings file of two RSA keys gave ~52,000 forms of 8 MB,
~4 s to build (32 bytes of each: 1.2 MB, 0.6 s; a JWK's ~36,000 heads: 0.26 s at 32 bytes, 0.14 s at 16); 16 bytes of
a secret's form are too distinctive to be found often where the rest is not."""
_CHUNK = 1 << 16
"""How many bytes of a text are searched at a time (with the longest word's bytes after them), so that only one chunk's
overlapping matches are held at once."""

_MATCH = 4
"""The units of work (segtui.mask_work) a match the automaton gives costs for each group it is sorted into, or a
secret a find is widened against."""

_FEW_FORMS, _FEW_CHARS = 64, 6000
"""Up to this many forms, this long in all, a compiled pattern (or a search for each) finds them; past either, an
automaton: an alternation tries its branches one by one at every position, and Python's re takes time that grows with
a pattern's text to compile it (the ~40 forms of a 4 KB key made ~400 KB of pattern: 2 s; the 54 forms and parts of a
28-character key, 2.9 KB: 2.6 ms). A text is first searched for each (or for the probes of `wants_automaton`): 64
take ~4 µs on a 330-character body."""


def wants_automaton(forms: Collection[str] | Collection[bytes], counted: Collection[str] | None = None) -> bool:
    """Whether forms are many or long enough to be found by a FormSearch rather than a pattern; `counted`, when given,
    are the fewer texts searched for before the pattern runs, whose number is what counts then."""
    return len(forms if counted is None else counted) > _FEW_FORMS or sum(map(len, forms)) > _FEW_CHARS


def few_forms_finder(forms: list[str]) -> Callable[[str], list[tuple[int, int]]]:
    """Where any of the few forms stands in a text (none when there are none), by one pattern."""
    if not forms:
        return lambda text: []
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
    # Each form looked for first: ~10× quicker than the pattern, which finds nothing else.
    return lambda text: [match.span() for match in pattern.finditer(text)] if any(form in text for form in forms) else []


def _pieces(form: str) -> list[str]:
    """A form as the pieces it is looked for in: itself, or consecutive pieces of _LONGEST characters (the last
    longer rather than short, so that each is as distinctive as the form)."""
    if len(form) <= _LONGEST:
        return [form]
    starts = range(0, len(form) - _LONGEST + 1, _LONGEST)
    return [form[start:start + _LONGEST] for start in starts[:-1]] + [form[starts[-1]:]]


def _utf8(word: str) -> bytes:
    """A word as the automaton holds it: UTF-8, lone UTF-16 halves kept as CESU-8 does."""
    return word.encode("utf-8", "surrogatepass")


def _automaton(words: list[bytes], kind: Any) -> Any:
    """An automaton of the words with that match kind: a DFA when they are few (_DFA_CHARS), else a contiguous NFA."""
    small = sum(map(len, words)) <= _DFA_CHARS
    implementation = ahocorasick_rs.Implementation.DFA if small else ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.BytesAhoCorasick(words, matchkind=kind, implementation=implementation)


class FormSearch:
    """Finds any of a fixed set of non-empty forms; bytes are searched as Latin-1 text, one character per byte.

    Forms may come in groups, each a bit of `kind`, in one automaton: a Masker's text forms, the forms it looks for in
    a text's readings and its byte forms are mostly the same words, and a long secret's forms made an automaton of
    ~50 bytes a character each in pyahocorasick (three of a 100 KB key's took 1.2 GB). The automaton yields every match,
    overlapping ones too, so the words of other groups are left out before any is chosen: a group's spans are those
    an automaton of its own would give.
    """

    def __init__(self, forms: Iterable[str] = (), *, groups: Mapping[int, Iterable[str]] | None = None,
                 apart: Collection[int] = ()) -> None:
        words: dict[str, int] = {}
        self._apart: dict[int, Any] = {}
        """The automata of the groups searched apart (`apart`): the leftmost-longest forms that do not overlap, and no
        other (a group of short pieces has several overlapping matches a character, each sorted out in Python)."""
        for kind, group in (groups if groups is not None else {1: forms}).items():
            pieces = (piece for form in group for piece in (_pieces(form) if len(form) > _LONGEST else (form,)))
            if kind in apart:
                if own := list(dict.fromkeys(map(_utf8, pieces))):
                    self._apart[kind] = _automaton(own, ahocorasick_rs.MatchKind.LeftmostLongest)
                continue
            for piece in pieces:
                words[piece] = words.get(piece, 0) | kind
        self._kind = ~0
        encoded = {_utf8(word): kinds for word, kinds in words.items()}  # distinct words: distinct bytes
        heads = {data: kinds for data, kinds in encoded.items() if len(data) <= _HEAD}
        self._kinds: list[int] = list(heads.values())
        """The groups of each word, by its index: a head's in the automaton (0 when no word is that head alone), then
        each longer word's."""
        self._longer: dict[int, list[tuple[bytes, int]]] = {}
        """The words longer than _HEAD bytes, each with its index, by their head's index in the automaton."""
        index = dict(zip(heads, range(len(heads))))
        longer = [(index.setdefault(data[:_HEAD], len(index)), data, kinds) for data, kinds in encoded.items()
                  if len(data) > _HEAD]
        self._kinds += [0] * (len(index) - len(heads))
        for head, data, kinds in longer:
            self._longer.setdefault(head, []).append((data, len(self._kinds)))
            self._kinds.append(kinds)
        heads = index
        self._longest = max(map(len, heads), default=0)
        self._automaton = _automaton(list(heads), ahocorasick_rs.MatchKind.Standard) if heads else None

    def _whole_words(self, matches: list[tuple[int, int, int]], data: bytes, first: int) -> list[tuple[int, int, int]]:
        """The longer words that stand whole where their heads were found (at `first` on in `data`), as matches."""
        longer = self._longer
        # bytes.startswith compares in place at C speed; comparing a memoryview's slice went element by element, ~70×
        # slower: a 300 KB secret repeated in a log took 40 s to mask.
        return [(index, start, start + len(word)) for head, start, _ in matches if head in longer
                for word, index in longer[head] if data.startswith(word, first + start)]

    def of(self, kind: int) -> FormSearch:
        """This search for the forms of one group only, sharing the automata."""
        view: FormSearch = object.__new__(FormSearch)
        view.__dict__.update(self.__dict__)
        view._kind = kind
        return view

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where forms stand in `text`, as (start, end) pairs that do not overlap: the leftmost first, and of those
        starting at one place the longest."""
        return self.spans_of(text, (self._kind,))[self._kind]

    def spans_of(self, text: str, kinds: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
        """`of(kind).spans(text)` for each of the kinds, in one pass over the text (and one for each group apart)."""
        found: dict[int, list[tuple[int, int]]] = {kind: [] for kind in kinds}
        shared = [kind for kind in found if kind not in self._apart]
        if self._automaton is None and len(shared) == len(found):
            return found
        # Searched as UTF-8 (a lone surrogate, which a UTF-16 half of a secret is, kept as CESU-8 does), where a word's
        # bytes start and end only at a character's; the text's own indices are then counted from them. A chunk at a
        # time, each with the longest word's bytes after it: a big log of a secret's near-copies has millions of
        # overlapping matches, and a list of them all took ~300 MB (_CHUNK); those starting in the chunk are kept.
        encoded = text.encode("utf-8", "surrogatepass")
        data = memoryview(encoded)
        reach = dict.fromkeys(shared, 0)
        charge(len(data) * (len(found) - len(shared) + 1))
        for kind in found.keys() - shared:
            found[kind] = [(start, end) for _, start, end in self._apart[kind].find_matches_as_indexes(data)]
            charge(_MATCH * len(found[kind]))
        automaton: Any = self._automaton if shared else None
        for first in range(0, len(data), _CHUNK) if automaton is not None else ():
            matches = automaton.find_matches_as_indexes(data[first:first + _CHUNK + self._longest], overlapping=True)
            if not matches:  # most texts hold no form: what follows would add a fifth to the search
                continue
            if self._longer:  # a longer word found where its head is, whole (matches of heads alone are no group's)
                matches += self._whole_words(matches, encoded, first)
            charge(_MATCH * len(matches) * len(shared))
            for kind in shared:
                spans = found[kind]
                # One comprehension a group, each match as (start, -end), which sorts leftmost first and longest first
                # unaided (a loop over each match took ~3 µs).
                chosen = sorted((start, -end) for index, start, end in matches
                                if self._kinds[index] & kind and start < _CHUNK)
                for start, negative in chosen:
                    if first + start >= reach[kind]:
                        reach[kind] = first - negative
                        spans.append((first + start, reach[kind]))
        if len(data) != len(text):
            at = _character_indices(data, found.values())
            found = {kind: [(at[start], at[end]) for start, end in spans] for kind, spans in found.items()}
        return found

    def replace(self, text: str, mask: str) -> str:
        """`text` with each form in it replaced by `mask`."""
        return spliced(text, self.spans(text), mask)


def _character_indices(data: memoryview, found: Iterable[list[tuple[int, int]]]) -> dict[int, int]:
    """The index in the text of each UTF-8 byte offset where a span starts or ends (one decoding pass over the text)."""
    indices, count, previous = {}, 0, 0
    for offset in sorted({offset for spans in found for span in spans for offset in span}):
        count += len(bytes(data[previous:offset]).decode("utf-8", "surrogatepass"))
        indices[offset], previous = count, offset
    return indices


def utf8_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the text (in order, apart) as offsets in its UTF-8 bytes (one encoding pass over the text)."""
    offsets, count, previous = {}, 0, 0
    for index in sorted({index for span in spans for index in span}):
        count += len(text[previous:index].encode("utf-8", "surrogatepass"))
        offsets[index], previous = count, index
    return [(offsets[start], offsets[end]) for start, end in spans]


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that overlap joined into one (spans that only touch stay apart)."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def outside(spans: list[tuple[int, int]], covering: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans (in order, apart) that no span of `covering` (in any order) holds whole."""
    joined, kept, index = merged(covering), [], 0
    for start, end in spans:
        while index < len(joined) and joined[index][1] < end:
            index += 1
        if index == len(joined) or joined[index][0] > start:
            kept.append((start, end))
    return kept


def spliced(value: AnyStr, spans: list[tuple[int, int]], mask: AnyStr) -> AnyStr:
    """`value` with each of the spans (in order, apart) replaced by `mask`."""
    if not spans:
        return value
    pieces: list[AnyStr] = []
    last = 0
    for start, end in spans:
        pieces += [value[last:start], mask]
        last = end
    pieces.append(value[last:])
    return value[:0].join(pieces)


_AFTER_ESCAPE = r"(?<=%[0-9A-Fa-f]{2})|(?<=\\u[0-9A-Fa-f]{4})|(?<=\\x[0-9A-Fa-f]{2})|(?<=\\[nrtbf])"
"""Where a word starts right after an escaped character, whose last digit or letter is no part of it (`%22pin1%22` in a
URL's JSON, `\\u0022pin1`, `\\npin1` in a JSON log)."""


def word_pattern(forms: Iterable[str], word: str, shortest: int) -> re.Pattern[str] | None:
    """A pattern of the forms, longest first, each shorter than `shortest` only where it stands as a whole word (made of
    the `word` characters, or after an escape: _AFTER_ESCAPE), or None without forms."""
    parts = []
    for form in sorted(set(forms), key=len, reverse=True):
        escaped = re.escape(form)
        parts.append(escaped if len(form) >= shortest else rf"(?:(?<![{word}])|{_AFTER_ESCAPE}){escaped}(?![{word}])")
    return re.compile("|".join(parts)) if parts else None


_RUN, _INDEXED_UP_TO, _INDEXED_FROM, _INDEXED_AFTER, _INDEXED_CHARS = 6, 1024, 16, 32, 1 << 20
"""A Widening of `_INDEXED_FROM` secrets or more indexes those up to `_INDEXED_UP_TO` characters by their runs of `_RUN`,
once it has looked for `_INDEXED_AFTER` distinct pieces in them all, when they hold up to `_INDEXED_CHARS` in all: an
output of a few finds, the common case, costs no index (~5 ms for a key's digests' forms, made for every run)."""
_SLOT = 16
"""The low bits of an index entry that say which secret holds the run; the others are the run's hash."""


class Widening:
    """Widens a find to as much of one of fixed secrets as the text holds around it, where each piece stands in them
    found once (a log of a key's near-copies has a few distinct pieces found hundreds of thousands of times), and with
    many secrets and many distinct pieces looked for only in those that hold its first run of characters (a log of 200
    keys has ~800 distinct pieces, and each looked for in the ~1,200 forms of them all took ~35 µs a character, and
    withheld the log)."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self.secrets = tuple(secrets)
        self._places: dict[str, list[tuple[str, int]]] = {}
        self._holding: array[int] | None = None
        """Each run of _RUN characters of the secrets, sorted: its hash's high bits, and which secret holds it in the
        low _SLOT (8 bytes a run: a dict of the runs took ~140 bytes each, 45 MB for 100 keys of 400 characters)."""
        self._unindexed: list[int] = []
        indexed = sum(len(secret) for secret in self.secrets if len(secret) <= _INDEXED_UP_TO)
        indexable = _INDEXED_FROM <= len(self.secrets) < 1 << _SLOT and indexed <= _INDEXED_CHARS
        self._scans_left = _INDEXED_AFTER if indexable else -1
        """How many more distinct pieces are looked for in every secret before they are indexed (-1: never)."""

    def __call__(self, text: str, start: int, end: int) -> tuple[int, int, str, int]:
        """The span widened to as much of a secret as the text holds around it, of the secret that gives most (pieces
        found do not overlap: a cut secret's last few), with that secret and where in it the widened span begins."""
        piece = text[start:end]
        places = self._places.get(piece)
        if places is None:
            candidates = self._candidates(piece)
            charge(STEP + _MATCH * len(candidates))
            places = remember(self._places, piece, [(secret, offset) for secret in candidates if len(secret) > len(piece)
                                                    and (offset := secret.find(piece)) >= 0])
        return _widened(text, start, end, places)

    def _candidates(self, piece: str) -> Sequence[str]:
        """The secrets that may hold the piece, in their order: once indexed, those holding a run of its first run's
        hash, and those not indexed."""
        if self._holding is None and self._scans_left > 0:
            self._scans_left -= 1
            if not self._scans_left:
                self._index()
        if self._holding is None or len(piece) < _RUN:
            return self.secrets
        key, holding = hash(piece[:_RUN]) >> _SLOT, self._holding
        found, at = set(self._unindexed), bisect.bisect_left(holding, key << _SLOT)
        while at < len(holding) and holding[at] >> _SLOT == key:
            found.add(holding[at] & ((1 << _SLOT) - 1))
            at += 1
        charge(STEP)
        return [self.secrets[index] for index in sorted(found)]

    def _index(self) -> None:
        """Index the secrets by their runs of _RUN characters (once, at most _INDEXED_CHARS: not counted as an output's
        work, which the secrets bound, not the output)."""
        entries: list[int] = []
        for index, secret in enumerate(self.secrets):
            if len(secret) > _INDEXED_UP_TO:
                self._unindexed.append(index)
                continue
            entries += {hash(secret[at:at + _RUN]) >> _SLOT << _SLOT | index for at in range(len(secret) - _RUN + 1)}
        self._holding = array("q", sorted(entries))


def whole(text: str, spans: list[tuple[int, int]], widening: Widening,
          kept: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """The spans, each that holds part of a secret (of the `widening`'s) widened to as much of a secret as the text
    holds around it, those `kept` only when given; a span within one widened and kept before is masked already, and is
    not widened again (a log of 100 keys of 400 characters has ~70 pieces of each in a row, each looked for in every
    form of them all: past the log's share, it was withheld)."""
    wide: list[tuple[int, int]] = []
    reach = -1  # the end of the spans kept so far: each starts at or before any span after it in order
    for start, end in sorted(spans):
        if end <= reach:
            continue
        low, high = widening(text, start, end)[:2]
        if kept is None or kept(text[low:high]):
            wide.append((low, high))
            reach = max(reach, high)
    return wide


def _widened(text: str, start: int, end: int, places: list[tuple[str, int]]) -> tuple[int, int, str, int]:
    """A Widening's answer, given each secret longer than the piece at start:end that holds it, with where."""
    best = (start, end, "", 0)
    charge(STEP + _MATCH * len(places))
    for secret, offset in places:
        low, high = start, end
        if offset >= 0:
            before = _common(text, start, secret, offset, -1)
            low, offset = start - before, offset - before
            high = end + _common(text, end, secret, offset + end - low, 1)
        best = (low, high, secret, offset) if high - low > best[1] - best[0] or not best[2] and offset >= 0 else best
    return best


def _common(text: str, at: int, secret: str, offset: int, step: int) -> int:
    """How many characters of the text from `at` on (back from it with a `step` of -1) match the secret's from `offset`
    on (back from it): compared a slice at a time, by halves, not a character at a time (a secret of 300,000 characters
    repeated in a text was ~1 µs a character)."""
    most = min(len(text) - at, len(secret) - offset) if step > 0 else min(at, offset)
    low, high = 0, most  # the answer is at least low and at most high
    while low < high:
        middle = (low + high + 1) // 2
        same = (text[at + low:at + middle] == secret[offset + low:offset + middle] if step > 0
                else text[at - middle:at - low] == secret[offset - middle:offset - low])
        low, high = (middle, high) if same else (low, middle - 1)
    return low
