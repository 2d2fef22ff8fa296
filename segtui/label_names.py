"""The setting name Segment derives from a label, as lodash's camelCase does."""

from __future__ import annotations

import re
import unicodedata

# lodash's word splitting (words, deburr), reduced to Latin-1: labels outside it are rare.
_BREAK = r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\u2000-\u206f]"
_LOWER = r"[a-z\xdf-\xf6\xf8-\xff]"
_UPPER = r"[A-Z\xc0-\xd6\xd8-\xde]"
_MISC = r"[^\x00-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\u2000-\u206f\u2700-\u27bfa-z\xdf-\xf6\xf8-\xffA-Z\xc0-\xd6\xd8-\xde]"
_UNICODE_WORD = (
    "|".join(
        (
            rf"{_UPPER}?{_LOWER}+(?={_BREAK}|{_UPPER}|\Z)",
            rf"(?:{_UPPER}|{_MISC})+(?={_BREAK}|{_UPPER}(?:{_LOWER}|{_MISC})|\Z)",
            rf"{_UPPER}?(?:{_LOWER}|{_MISC})+",
            rf"{_UPPER}+",
            r"\d*(?:1ST|2ND|3RD|(?![123])\dTH)(?=\b|[a-z_])",
            r"\d*(?:1st|2nd|3rd|(?![123])\dth)(?=\b|[A-Z_])",
            r"\d+",
        )
    )
)
"""lodash's words of a text that is not plain ASCII words, compiled by re on the first such label (~2.5 ms)."""
_DEBURR = str.maketrans(
    {
        "ß": "ss", "Æ": "Ae", "æ": "ae", "Ø": "O", "ø": "o", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th", "Đ": "D",
        "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ł": "L", "ł": "l", "Œ": "Oe", "œ": "oe", "Ŧ": "T", "ŧ": "t",
        "ĸ": "k",
    }
)
_ASCII_WORD = re.compile(r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")
_HAS_UNICODE_WORD = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|[0-9][a-zA-Z]|[a-zA-Z][0-9]|[^a-zA-Z0-9 ]")


def camel_case(label: str) -> str:
    """The setting name Segment derives from a label, as lodash's camelCase does ("API Key" → "apiKey")."""
    text = "".join(c for c in unicodedata.normalize("NFKD", label.translate(_DEBURR)) if not unicodedata.combining(c))
    text = re.sub("['\u2019]", "", text)
    words = re.findall(_UNICODE_WORD, text) if _HAS_UNICODE_WORD.search(text) else _ASCII_WORD.findall(text)
    return "".join(word.lower() if index == 0 else word[:1].upper() + word[1:].lower() for index, word in enumerate(words))
