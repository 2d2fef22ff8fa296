"""A secret's characters each written after its index (`[...k].map((c, i) => `${i}:${c}`).join(';')`,
`Object.entries([...k]).map(([i, c]) => i + '=' + c).join('&')`), read back in order: the indices between them are more
than the one to three characters a spread secret is found with (segtui.spread_secrets) past the tenth."""

from __future__ import annotations

import re
from collections.abc import Iterator

from segtui.decoded_runs import Reading
from segtui.number_readings import tokens

_INDEXED = re.compile(r"(?<![\w.])\d{1,4}[:=](.)(?=['\"]?(?:[\s;,&|\]]|$))", re.DOTALL)
"""An index, a `:` or `=`, and any one character that a separator (or the text's end) follows, each perhaps quoted as
an array's item (`'0:X'`): the index anchors it, so a separator, a quote or a space is a secret's character too."""
_LISTED = re.compile(r"[:=](?<=\d.).['\"]?[\s;,&|]\s*['\"]?\d{1,4}[:=]", re.DOTALL)
"""Two indexed characters in a row: a gate that re runs at C speed, where an ordinary JSON's `"qty": 5}` shows as many
of _GATES as a list does (building the reading for each event took ~50 µs)."""
_GATES = tuple(between + b"0x" for between in (b";", b",", b"x", b" ", b"\n", b"|"))
_FEWEST = 5
"""What each indexed character past the first shows in a text whose digits are "0", its `,`, `;`, `|` and spaces kept
and any other byte "x" (encoded_views._DIGITS), and how many of one of these such a list of a secret's has at least."""


def indexed(text: str, digits: bytes) -> Iterator[Reading]:
    """The text's indexed characters, in order (a run of them spells the secret), where `digits` shows the text has
    such a list."""
    if _LISTED.search(text) and any(digits.count(gate) >= _FEWEST for gate in _GATES):
        yield tokens(text, _INDEXED, [ord(char) for char in _INDEXED.findall(text)])
