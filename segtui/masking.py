"""Masking of secrets in everything segtui prints or writes: one Masker serves every output path.

A Masker knows each secret in every form a handler can give it: the forms are computed in the sandbox by JavaScript's
own encoders (secret_forms.js: URL and form encodings, JSON escapes, base64 and the base64 cores that a longer text
embeds, hex), so what is masked follows what JavaScript produces rather than guesses made in Python. It masks text,
bytes (before they are encoded as base64, so a masked body still decodes), JSON-like data (keys too), request records
(credential headers whatever their value); segtui.shown_results masks whole invocations.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from segtui.base64_pieces import Base64Pieces
from segtui.base64_secrets import SHORT_SECRET, Base64Search, searched_forms
from segtui.byte_words import ByteWords
from segtui.compressed_bodies import masked_compressed
from segtui.cut_secrets import buffer_cut_spans, mask_cuts, with_cut_halves
from segtui.decoded_keys import buffer_readings, decoded_keys, key_forms
from segtui.digest_ends import DigestEnds
from segtui.encoded_views import spelled, utf16_units, views
from segtui.form_search import (
    FormSearch,
    Widening,
    few_forms_finder,
    merged,
    outside,
    spliced,
    utf8_spans,
    wants_automaton,
    whole,
    word_pattern,
)
from segtui.item_columns import mask_columns, spelled_by_values
from segtui.item_words import word_spans
from segtui.key_containers import with_key_containers
from segtui.made_forms import (
    VIEWED,
    beyond_ascii,
    grams,
    item_char,
    made_forms,
    other_byte_forms,
    own_hex,
    piece_like,
    short_password,
)
from segtui.mask_copies import remember, unused_key
from segtui.mask_work import PER_CHAR, SHORT_TEXT, STEP, bounded, bounded_kept, charge, withheld_note
from segtui.number_texts import json_number_text
from segtui.record_masking import MASK, MASK_BYTES, RecordMasking
from segtui.spread_secrets import SpreadSearch

__all__ = ["HEADER_MASK", "MASK", "NO_MASK", "Masker"]

HEADER_MASK = "******"
"""The mask in a header value a handler will get (a mock or a replay): fetch refuses MASK, which is not Latin-1."""
_SHORT, _CACHED_LENGTH = 6, 64
"""`_SHORT`: a form shorter than this is masked only as a whole word, so `apiKey=x` does not mask every `x`; texts up to
`_CACHED_LENGTH` long are masked once each (segtui.mask_copies.remember)."""
_NUMBER, _HEX_RUN, _ASTRAL = re.compile(r"[0-9]"), re.compile(r"[0-9a-fA-F-]+"), re.compile("[\U00010000-\U0010ffff]")
_TEXT_RUN = re.compile(rb"[\t\n\r\x20-\x7e]{6,}")
"""A run of ASCII text in bytes not all UTF-8 text (a multipart body's fields), long enough to hold a form masked as
text."""
_MASKED_RUN = re.compile(rb"(?:[\t\n\r\x20-\x7e]{6,}|%s)(?:[\t\n\r\x20-\x7e]|%s)*"
                         % (re.escape(MASK_BYTES), re.escape(MASK_BYTES)))
"""A run of ASCII text and masks in bytes masked (Masker._masked_binary), from a run of text (as _TEXT_RUN) or a mask."""
_ITEM_PIECE, _ITEM_WORD = 4, 64
"""The longest array item taken for a piece of a secret spelled across items (a char code, base64's 4), and for a
word."""
_TEXTS, _VIEWED, _BYTES, _GRAMS, _BASE64_GRAMS, _IN_BASE64 = 1, 2, 4, 8, 16, 32
"""The groups of a Masker's shared automaton (FormSearch)."""


class Masker(RecordMasking):
    """Masks the secrets it was made with, in each of their forms; a Masker without secrets changes nothing."""

    def __init__(self, secrets: Sequence[str] = (), forms: Iterable[str] = (), *, credentials: bool = True,
                 work: int = PER_CHAR) -> None:
        self.secrets, key_ders = with_key_containers(secrets)
        self.credentials, self._per_char = credentials, work
        """`work`: the units of work (segtui.mask_work) a character of an output may take before it is withheld."""
        keys = [key for secret in self.secrets for key in decoded_keys(secret)] + key_ders
        keys += [reading for secret in self.secrets for reading in buffer_readings(secret)]
        self._texts = tuple({*self.secrets, *keys, *(form for key in keys for form in key_forms(key)),
                             *(form for form in forms if form)})
        self._digests = DigestEnds((*self.secrets, *keys))
        parts = [made_forms(secret, self._digests.forms[secret]) for secret in (*self.secrets, *keys)]
        texts = {*self._texts, *(part for made, _ in parts for part in made)}
        # A decoded key's pieces are found in its hex too (`key.toString('hex').slice(0, 16)`); pieces in either case
        # too.
        self._own_long = (*self.secrets, *(key.encode("latin-1").hex() for key in keys))
        self._long = tuple(dict.fromkeys(form for secret in self._own_long
                                         for form in (secret, secret.lower(), secret.upper()) if grams(form)))
        # With few forms, a longer text is first searched for each (~10× quicker than the pattern, which then runs only
        # when one is there); for a secret's many parts, for the pieces they hold.
        gram_forms = list(dict.fromkeys(gram for secret in self._long for gram in grams(secret)))
        probes = {*self._texts, *(probe for _, held in parts for probe in held), *gram_forms}
        self._forms = None if wants_automaton(texts, counted=probes) else tuple(probes)
        # Many or long forms (a PEM key's lines, each in every encoding) are found by an automaton (wants_automaton).
        # Short forms, masked only as words, stay in the pattern. Each search that wants an automaton has a group of
        # one shared automaton (FormSearch): the text forms (_TEXTS), the forms looked for in a text's readings
        # (_VIEWED) and the byte forms (_BYTES) are mostly the same words.
        self._viewed_forms = [text for text in texts if len(text) >= VIEWED or short_password(text)]
        # A secret spaced out or listed, also reversed or folded; and, beyond the BMP, split into UTF-16 halves
        # (`split('')`).
        joined = {form for secret in self.secrets for form in spelled(secret)}
        self._viewed_forms += [form for form in joined
                               if (len(form) >= VIEWED or short_password(form)) and form not in texts]
        self._viewed_forms += [utf16_units(form) for form in self._viewed_forms
                               if not form.isascii() and _ASTRAL.search(form)]
        self._fewest_items = min(map(len, self._viewed_forms), default=VIEWED)  # that spell a form, one character each
        self._spread = SpreadSearch(self.secrets)
        self._byte_words = ByteWords(self.secrets, keys)
        # A decoded key's text is its bytes as Latin-1: those bytes are what a binary body holds.
        byte_forms = {form.encode("utf-8", "surrogatepass") for form in texts} | {key.encode("latin-1") for key in keys}
        byte_forms |= other_byte_forms(self.secrets)
        self._whole_bytes = beyond_ascii(self.secrets)
        # A secret's base64 cut too short to be read back (`b64.slice(0, 15)`), by its runs (segtui.base64_pieces): in
        # the automaton whatever their number, so that a masker of few forms keeps its quick search for them.
        self._base64_pieces = Base64Pieces(self.secrets, keys)
        self._widening, self._long_widening, self._pieces_widening = map(
            Widening, (own_hex(self.secrets), self._long, self._base64_pieces.texts))
        short = any(len(secret.encode("utf-8", "surrogatepass")) < SHORT_SECRET for secret in self.secrets)
        in_base64 = searched_forms(byte_forms) if short else []  # only a short secret hides in base64 (base64_secrets)
        groups = {_TEXTS: [text for text in texts if len(text) >= _SHORT] if self._forms is None else [],
                  _VIEWED: self._viewed_forms if wants_automaton(self._viewed_forms) else [],
                  _BYTES: [form.decode("latin-1") for form in byte_forms] if wants_automaton(byte_forms) else [],
                  _GRAMS: gram_forms if self._forms is None else [],
                  _BASE64_GRAMS: self._base64_pieces.grams, _IN_BASE64: [form.decode("latin-1") for form in in_base64]
                  if wants_automaton(in_base64) else []}
        shared = self._shared = FormSearch(groups=groups, apart=(_GRAMS, _BASE64_GRAMS))
        self._search = shared.of(_TEXTS) if groups[_TEXTS] else None
        self._text = word_pattern(texts if self._search is None else [text for text in texts if len(text) < _SHORT],
                                  "0-9A-Za-z", _SHORT)
        self._viewed = self._digests.finder(
            shared.of(_VIEWED).spans if groups[_VIEWED] else few_forms_finder(self._viewed_forms))
        self._finders: dict[int, Callable[[str], list[tuple[int, int]]]] = {
            _TEXTS: lambda text: [], _VIEWED: self._viewed, _BASE64_GRAMS: lambda text: [],
            _GRAMS: few_forms_finder([] if groups[_GRAMS] else gram_forms)}
        """How each group is found when the shared automaton does not hold it (`_find`: a pattern of many is slow)."""
        self._automaton_kinds = {kind for kind, forms in groups.items() if forms}
        self._numbers = any(len(text) >= _SHORT and _NUMBER.search(text) for text in texts)
        """Whether a form of 6 characters or more holds digits (a number secret, or one the handler made a number of):
        numbers of 6 characters or more in data are then masked as their text (not a status code or a count)."""
        self._short: dict[str, str] = {}
        self._run_found: dict[str, list[tuple[int, int]]] = {}  # a binary body's runs of text (_run_spans)
        self._kept: dict[str, str] = {}  # texts longer, masked whole (mask_work.bounded_kept)
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        self._joined: dict[str, list[tuple[int, int]]] = {}
        self._pieces: dict[str, bool] = {}
        self._byte_forms = tuple(byte_forms)
        self._byte_search = shared.of(_BYTES) if groups[_BYTES] else None
        self._bytes = re.compile(b"|".join(re.escape(form) for form in sorted(byte_forms, key=len, reverse=True))
                                 ) if byte_forms and self._byte_search is None else None
        self._base64 = Base64Search(in_base64, shared.of(_IN_BASE64) if groups[_IN_BASE64] else None) if short else None

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def text(self, text: str) -> str:
        """Text with every form of every secret replaced by the mask (and, in a log line the sandbox cut short, the
        start of one where it was cut)."""
        if (self._text is None and self._search is None) or not text:
            return text
        if len(text) > _CACHED_LENGTH:
            return bounded_kept(self._kept, text, lambda: self._long_text(text), lambda: withheld_note(len(text)),
                                self._per_char)
        # Short texts repeat from result to result (keys, names, outcomes, header names): a lookup is ~10× cheaper
        # than the pattern.
        if (masked := self._short.get(text)) is None:
            charge(SHORT_TEXT)  # a body's runs of text between binary bytes are many short texts
            masked = remember(self._short, text, self._uncut(self._masked(text)))
        return masked

    def _long_text(self, text: str) -> str:
        """`text` for a text longer than those cached."""
        return self._uncut(spliced(text, self._long_spans(text), MASK))

    def _long_spans(self, text: str) -> list[tuple[int, int]]:
        """`_found` for a text longer than those cached."""
        if self._forms is not None and self._base64 is None and not any(form in text for form in self._forms):
            # No form stands in the text as it is: only what an encoded run holds is masked.
            spans = self._encoded_spans(text) + self._base64_spans(text, self._find(text, _BASE64_GRAMS)[_BASE64_GRAMS])
            return merged(with_cut_halves(text, spans))
        return self._found(text)

    def _masked(self, text: str) -> str:
        return spliced(text, self._found(text), MASK)

    def _found(self, text: str) -> list[tuple[int, int]]:
        """Where `text` masks the text (but for its cuts: `_uncut`), in order and apart."""
        # Every kind of match is found on the text as it is, then all are masked at once: a base64 run that ran into
        # the plain secret would otherwise take the secret's first characters, and the rest would be no form.
        spans = whole(text, self._spans(text), self._widening) + self._encoded_spans(text)
        return merged(with_cut_halves(text, spans))

    def _encoded_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text holds a form (or a piece of a long secret's) encoded piece by piece (encoded_views; six bytes
        of one as a number, byte_words), a piece of a secret's base64 with `+` and `/` escaped, the start of one in hex
        where console.log cut a Buffer, or a secret spread out (spread_secrets)."""
        spans, viewed = buffer_cut_spans(text, self._texts) + self._spread.spans(text), self._viewed_forms or self._long
        escaped = self._base64_pieces.grams and ("\\" in text or "%" in text or "&" in text)
        for reading in views(text) if viewed or escaped else ():
            charge(len(reading.text))
            if reading.words:  # each word six bytes of a secret or none (segtui.byte_words)
                spans += self._byte_words.spans(reading)
            elif viewed:
                found = self._find(reading.text, _VIEWED, _GRAMS)
                charge(STEP * (len(found[_VIEWED]) + len(found[_GRAMS])))
                found_spans = self._digests.widened(reading.text, found[_VIEWED])
                spans += [reading.locate(start, end)
                          for start, end in found_spans + self._piece_spans(reading.text, found[_GRAMS])]
            if escaped and reading.escaped:
                runs = self._find(reading.text, _BASE64_GRAMS)[_BASE64_GRAMS]
                spans += [reading.locate(start, end) for start, end in self._base64_spans(reading.text, runs)]
        return spans

    def _find(self, text: str, *kinds: int) -> dict[int, list[tuple[int, int]]]:
        """Where each group's forms stand in the text: those the shared automaton holds in one pass over it."""
        held = [kind for kind in kinds if kind in self._automaton_kinds]
        found = self._shared.spans_of(text, held) if held else {}
        return {kind: found[kind] if kind in found else self._finders[kind](text) for kind in kinds}

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where the forms stand in the text (and, for a short secret, the base64 that holds one)."""
        spans = self._base64.spans(text) if self._base64 else []
        found = self._find(text, _TEXTS, _GRAMS, _BASE64_GRAMS)
        spans += found[_TEXTS]
        if self._text is not None:
            spans += [match.span() for match in self._text.finditer(text)]
        # A run inside a whole form found (a secret's base64) is masked already: widening each took most of the time.
        spans += self._piece_spans(text, found[_GRAMS]) + self._base64_spans(text, outside(found[_BASE64_GRAMS], spans))
        return self._digests.widened(text, spans)  # a digest's end: as far as the digest goes

    def _piece_spans(self, text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where the text holds a piece of a secret of 12 to 1,024 characters, found by its 6-character `runs` and
        widened, that looks like one (made_forms.piece_like; of hex digits and dashes, 8 hex digits or more: 6 turn up
        by chance, and a UUID's group of 4 stands in others): a key logged in pieces of any length, whatever stands
        around them (`apiKey=Xk9+mQ2/...`). Found only in another case, it needs a digit: upper-cased, a key's words
        are all-caps words (PRODUCTION, DELETE)."""
        return whole(text, runs, self._long_widening, self._like_piece) if self._long else []

    def _like_piece(self, piece: str) -> bool:
        """Whether a piece of a secret found is masked (`_piece_spans`), told once for each (a log repeats them)."""
        return ok if (ok := self._pieces.get(piece)) is not None else remember(self._pieces, piece, piece_like(piece)
            and (not _HEX_RUN.fullmatch(piece) or len(piece.replace("-", "")) >= 8)
            and (any(map(str.isdigit, piece)) or any(piece in secret for secret in self._own_long)))

    def _base64_spans(self, text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where the text holds a piece of a secret's base64, found by its 6-character `runs` and widened, that encodes
        a piece of the secret masked as text (Base64Pieces.piece)."""
        if not runs:
            return []
        pieces = self._base64_pieces
        widened = (self._pieces_widening(text, start, end) for start, end in runs)
        return [span for low, high, run, offset in widened
                if run and (span := pieces.piece(text, low, high, run, offset))]

    def _uncut(self, text: str) -> str:
        """Text with the part of a secret masked where it was cut short (segtui.cut_secrets)."""
        return mask_cuts(text, self._texts, MASK)

    def _masked_bytes(self, data: bytes, inflate: bool) -> bytes:
        """`bytes` within the work bound."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            packed = masked_compressed(data, functools.partial(self.bytes, inflate=False)) if inflate else None
            if packed is not None:
                return packed
            return self._masked_binary(data)
        # The text's forms and the byte forms (a secret's UTF-16) are found on the bytes as they are, then masked at
        # once: either masked first could hide a form of the other from its search.
        found = self._found(text)
        return spliced(data, merged((found if text.isascii() else utf8_spans(text, found)) + self._byte_spans(data)),
                       MASK_BYTES)

    def _masked_binary(self, data: bytes) -> bytes:
        """`bytes` for bytes not all UTF-8 text: each run of text among them (a multipart body's fields beside a file's,
        base64 wrapped in lines) is masked as text is, and the secrets' byte forms (a key's DER) and whole forms beyond
        ASCII where they stand. All are found on the bytes as they are, then masked at once: a printable run inside a
        key's DER that is a text form would else, masked first, hide the rest of the DER from the search for it."""
        spans = [match.span() for match in self._whole_bytes.finditer(data)] + self._byte_spans(data)
        for run in _TEXT_RUN.finditer(data):
            spans += [(run.start() + start, run.start() + end) for start, end in self._run_spans(run.group())]
        masked = spliced(data, merged(spans), MASK_BYTES)
        # A secret's part at a cut (`k.slice(0, 6) + '...'`) is read in the text masked, as `text` reads it.
        return _MASKED_RUN.sub(lambda run: self._uncut(run.group().decode("utf-8")).encode("utf-8"), masked)

    def _run_spans(self, run: bytes) -> list[tuple[int, int]]:
        """Where `text` masks a run of ASCII text among other bytes (but for its cuts), each run once."""
        if self._text is None and self._search is None:
            return []
        text = run.decode("ascii")
        if len(text) > _CACHED_LENGTH:
            return bounded(len(text), lambda: self._long_spans(text), list, self._per_char)
        if (found := self._run_found.get(text)) is None:
            charge(SHORT_TEXT)  # a body's runs of text between binary bytes are many short texts
            found = remember(self._run_found, text, self._found(text))
        return found

    def _byte_spans(self, data: bytes) -> list[tuple[int, int]]:
        """Where the secrets' byte forms stand in the bytes."""
        if self._byte_search is not None:
            return self._byte_search.spans(data.decode("latin-1"))
        return [match.span() for match in self._bytes.finditer(data)] if self._bytes is not None else []

    def bytes(self, data: bytes, *, inflate: bool = True) -> bytes:
        """Bytes with every form of every secret (as UTF-8, Latin-1 or UTF-16 either way) replaced by the mask's UTF-8:
        UTF-8 text (or, among other bytes, each run of text) is masked as text is, so a secret written out piece by
        piece is masked too, and gzip or deflate (with `inflate`) in what it inflates to, compressed again
        (compressed_bodies)."""
        if not self or not data:
            return data
        return bounded(len(data), lambda: self._masked_bytes(data, inflate),
                       lambda: withheld_note(len(data)).encode("utf-8"), self._per_char)

    def data(self, value: Any, *, keys: bool = True) -> Any:
        """A copy of JSON-like data with secrets masked in its strings and its object keys, at any depth; without
        `keys`, the keys are kept (a document in segtui's own format, whose keys a short secret could spell:
        `request`)."""
        if not self:
            return value
        root: list[Any] = [value]
        stack: list[tuple[Any, Any]] = [(root, 0)]
        while stack:
            holder, key = stack.pop()
            item = holder[key]
            if isinstance(item, str):
                holder[key] = self.text(item)
            elif self._numbers and isinstance(item, (int, float)) and not isinstance(item, bool):
                text = json_number_text(item)
                if len(text) >= _SHORT and (masked := self.text(text)) != text:
                    holder[key] = masked
            elif isinstance(item, list):
                copy = list(item)
                holder[key] = copy
                self.mask_items(copy, range(len(copy)))
                mask_columns(copy, self.mask_items, self._fewest_items)
                stack.extend((copy, index) for index in range(len(copy)))
            elif isinstance(item, dict):
                mapping: dict[Any, Any] = {}
                numbered: dict[Any, int] = {}
                for name, child in item.items():
                    shown = self.text(name) if keys and isinstance(name, str) else name
                    mapping[unused_key(mapping, shown, numbered)] = child
                holder[key] = mapping
                if all(isinstance(name, str) and name.isdecimal() for name in mapping) or spelled_by_values(mapping):
                    self.mask_items(mapping, list(mapping))
                stack.extend((mapping, name) for name in mapping)
        return root[0]

    def mask_items(self, holder: Any, keys: Sequence[Any]) -> None:
        """Items that spell a secret one character, byte, char code, 32-bit word, float or double each (`[...secret]`,
        `Array.from(buffer)`, a typed array's object of indices), or texts that do together (`k.match(/.{1,2}/g)`, each
        char code's hex or digits, a passphrase's words), replaced by the mask, each of them."""
        if len(keys) < 2 or not self._viewed_forms:
            return
        spans = self._viewed("".join(item_char(holder[key]) for key in keys)) if len(keys) >= self._fewest_items else []
        pieces = [holder[key] for key in keys]
        joined = "".join(pieces) if all(type(piece) is str and 0 < len(piece) <= _ITEM_WORD for piece in pieces) else ""
        # Short items' join by its forms, any words' by their forms read without separators (a passphrase's words), not
        # by its other readings (~5 µs an array); each join once (tags repeat from event to event).
        found = self._joined.get(joined) if len(joined) >= _SHORT else []
        if found is None:
            short = all(len(piece) <= _ITEM_PIECE for piece in pieces)
            found = remember(self._joined, joined, (self._spans(joined) if short else []) + self._viewed(joined))
        if found:
            ends = list(itertools.accumulate(map(len, pieces)))
            # Only forms across items: one within an item is masked where it stands, as that item's text.
            items = [(bisect.bisect_right(ends, start), bisect.bisect_left(ends, end) + 1) for start, end in found]
            spans += [(first, last) for first, last in items if last - first > 1]
        spans += word_spans(pieces, self._viewed)  # 32-bit words, floats and doubles of text
        spans += self._byte_words.item_runs(pieces)  # 16-bit words, three of six bytes of a secret
        for start, end in spans:
            for key in keys[start:end]:
                holder[key] = MASK


NO_MASK = Masker(credentials=False)
"""What shows with --reveal-secrets: nothing masked, credential headers neither."""

