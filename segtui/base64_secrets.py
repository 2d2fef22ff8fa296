"""Secrets inside base64 text that no encoded form finds (`btoa(user + ':' + password)` with a short password):
each base64-looking run of a text is decoded and searched for the secrets' forms.

secret_forms.js finds a secret inside longer base64 by the groups of three bytes wholly within it, which encode the
same whatever precedes them; a secret of fewer than 8 bytes has, at some offsets, fewer than the 6 bytes such a form
needs to be masked safely (shorter ones would be found everywhere). A run is decoded at each of its four alignments,
as the base64 may begin anywhere in it (a URL's path: `/v1/dXNlcjpodW50ZXI=`); the characters that encode a form's
bytes are masked.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from urllib.parse import unquote

from segtui.form_search import FormSearch, merged, wants_automaton

SHORT_SECRET = 8
"""A secret of fewer UTF-8 bytes than this may hide in base64 from every encoded form."""
_FEWEST = 4
"""A form shorter than this would be found in random bytes too often (three in a megabyte of them, one in four billion
for four bytes); a secret that short is masked only as a word."""
_RUN = re.compile(r"(?:[A-Za-z0-9+/_-]|%2[BbFf]){6,}(?:=|%3[Dd]){0,2}")
"""Base64 or base64url text long enough to hold a secret's bytes (six characters decode to four), its `+`, `/` and
`=` perhaps percent-encoded (encodeURIComponent of base64, in a URL or a form)."""
_GATE = 8
"""The most characters of each core the first search looks for: base64 that holds a form holds the start of one of its
cores, and those of a key's long forms made an automaton of tens of MB that took ~30 s to build (their whole forms are
then looked for in what each run decodes to); 8 rather than 12 (a JWK setting's ~53,000 starts: ~0.2 s) finds each text
12 would, and a few more that the scan then reads for nothing."""


def _decodings(run: str) -> list[bytes]:
    """The bytes of a run decoded from each of its first four characters (the base64 may start at any)."""
    text = run.rstrip("=")
    if "-" in text or "_" in text:
        text = text.replace("-", "+").replace("_", "/")
    decoded = []
    for start in range(4):
        body = text[start:]
        tail = len(body) % 4  # a last group of 2 or 3 characters is padded; 1 is no byte
        decoded.append(binascii.a2b_base64(body[:-1] if tail == 1 else body + "=="[: (4 - tail) % 4]))
    return decoded


def base64_cores(form: bytes) -> set[str]:
    """The base64 characters that encode only the form's bits, for each of the three places in a group of three bytes
    where it can begin (base64 and base64url): base64 of any bytes that hold the form holds one of them. Each is at
    least 4 characters for a form of 4 bytes or more."""
    cores = set()
    for phase in range(3):
        encoded = base64.b64encode(bytes(phase) + form).decode("ascii")
        core = encoded[-(-8 * phase // 6) : 8 * (phase + len(form)) // 6]
        cores.add(core)
        if "+" in core or "/" in core:  # else each other spelling is the core itself
            escaped = core.replace("+", "%2B").replace("/", "%2F")
            cores |= {core.replace("+", "-").replace("/", "_"), escaped, escaped.replace("%2B", "%2b").replace("%2F", "%2f")}
    return cores


def searched_forms(forms: Iterable[bytes]) -> list[bytes]:
    """The forms a Base64Search looks for in what base64 decodes to: those not too short (_FEWEST), longest first."""
    return sorted({form for form in forms if len(form) >= _FEWEST}, key=len, reverse=True)


class Base64Search:
    """Finds the base64 text whose bytes hold any of the forms (UTF-8, Latin-1 or UTF-16 bytes of a secret's texts)."""

    def __init__(self, forms: Iterable[bytes], search: FormSearch | None = None) -> None:
        """`search`, when given, finds the `searched_forms` of the forms (as Latin-1 text): a group of a Masker's shared
        automaton, whose other groups hold the same words (a key's forms took seconds to index again)."""
        kept = searched_forms(forms)
        # A form's first _GATE bytes make the first _GATE characters of each of its cores.
        starts = dict.fromkeys(core[:_GATE] for head in dict.fromkeys(form[:_GATE] for form in kept)
                               for core in base64_cores(head))
        self._cores = FormSearch(starts) if kept else None
        # One search per decoding: a pattern of the forms, or an automaton when they are many or long, as Masker has.
        many = wants_automaton(kept)
        self._pattern = re.compile(b"|".join(map(re.escape, kept))) if kept and not many else None
        self._search = (search or FormSearch(form.decode("latin-1") for form in kept)) if kept and many else None

    def __bool__(self) -> bool:
        return self._pattern is not None or self._search is not None

    def _found(self, data: bytes) -> list[tuple[int, int]]:
        """Where forms stand in decoded bytes."""
        if self._search is not None:
            return self._search.spans(data.decode("latin-1"))
        return [match.span() for match in self._pattern.finditer(data)] if self._pattern is not None else []

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in `text` the base64 characters stand that encode a form's bytes (whole groups of four, so the
        secret's bytes and the few around them; the whole run when it is percent-encoded), merged where they overlap."""
        found: list[tuple[int, int]] = []
        if self._cores is None or not self._cores.spans(text):
            return found  # no base64 here can hold a form: the scan below would find none (~20× the cost)
        for run in _RUN.finditer(text):
            if "%" in run.group():  # base64 in a URL or a form (%2B, %2F, %3D): its positions moved, so all of it
                if any(self._found(data) for data in _decodings(unquote(run.group()))):
                    found.append(run.span())
                continue
            stripped = run.start() + len(run.group().rstrip("="))
            for offset, data in enumerate(_decodings(run.group())):
                base = run.start() + offset
                for first, last in self._found(data):
                    end = base + -(-last // 3) * 4
                    found.append((base + first // 3 * 4, run.end() if end >= stripped else end))
        return merged(found)
