"""A secret's unsalted digests, and the start or end of one found in a text widened along that digest alone (not
along every secret), so that a masker of many secrets pays for its digests only where a digest's end stands."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence

from segtui.form_search import Widening

DIGEST_PART = 12
"""The shortest start (or end) of a secret's digest masked (`digest('hex').slice(0, 16)` as an id, a cache key or a
short signature; masked on to as much of the digest as the text holds): 12 hex digits are 48 bits, which an unrelated
id matches by chance in about one place of ten trillion against the 24 hex ends of a secret's digests, where 8 (32
bits) would in one of 180 million, which a replay's hex ids reach; and from 12 digits, as from the whole digest,
trying every short secret (a PIN) reads it back. Base64's 12 characters are 72 bits."""
_HEX = frozenset("0123456789abcdefABCDEF")
_LOWER = str.maketrans("ABCDEF", "abcdef")
"""Hex folded to lower case, each character for one (a digest's hex in mixed case is still the digest)."""
_LONGEST = 128
"""The longest digest's characters (SHA-512's hex): how far around an end the text is compared with a digest."""


def digests(data: bytes) -> list[str]:
    """A secret's unsalted MD5, SHA-1 and SHA-2 (224, 256, 384, 512) in hex (also upper-cased, as a legacy API takes a
    password's MD5), base64 and base64url (without their padding, which a longer text may leave out), as Node's digest
    writes them: trying every secret of its length reads a short one back from them (a PIN in milliseconds), and an API
    that takes a password's hash takes it as the password. Node's rarer hashes (SHA-3, BLAKE2, SHA-512/256, RIPEMD-160)
    are left out: each adds four forms a secret to every masker."""
    forms = []
    for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512"):
        raw = hashlib.new(name, data).digest()
        hex_text, base64_text = raw.hex(), base64.b64encode(raw).decode().rstrip("=")
        forms += [hex_text, hex_text.upper(), base64_text, base64_text.replace("+", "-").replace("/", "_")]
    return forms


class DigestEnds:
    """Each secret's digests and their first and last DIGEST_PART characters, made once; and the widening of an end
    found to as much of its digest as the text holds (hex in any case)."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self.forms: dict[str, list[str]] = {}
        """Each secret's digests, then their ends (the forms a Masker looks for)."""
        for secret in secrets:
            whole = digests(secret.encode("utf-8", "surrogatepass"))
            ends = (end for form in whole for end in (form[:DIGEST_PART], form[-DIGEST_PART:]))
            self.forms[secret] = list(dict.fromkeys((*whole, *ends)))
        self._ends = frozenset(form for forms in self.forms.values() for form in forms if len(form) == DIGEST_PART)
        self._widening = Widening([form for forms in self.forms.values() for form in forms
                                   if len(form) > DIGEST_PART and not form.isupper()])

    def widen(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span widened along a digest when it is one of the ends, else as it is."""
        piece = text[start:end]
        if piece not in self._ends:
            return start, end
        low, high = max(0, start - _LONGEST), min(len(text), end + _LONGEST)
        window = text[low:high].translate(_LOWER) if _HEX.issuperset(piece) else text[low:high]
        first, last = self._widening(window, start - low, end - low)[:2]
        return low + first, low + last

    def widened(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`widen` over spans."""
        return [self.widen(text, start, end) for start, end in spans]

    def finder(self, find: Callable[[str], list[tuple[int, int]]]) -> Callable[[str], list[tuple[int, int]]]:
        """`find` with each digest's end it finds widened (a digest's start spaced out, or in an array's items)."""
        return lambda text: self.widened(text, find(text))
