"""A secret's characters each written after its index (`[...k].map((c, i) => `${i}:${c}`).join(';')`,
`Object.entries([...k]).map(([i, c]) => i + '=' + c).join('&')`), read back in order: the indices between them are more
than the one to three characters a spread secret is found with (segtui.spread_secrets) past the tenth. So are its bytes
as an object of their indices (`JSON.stringify(new Uint8Array(k))`: `{"0":90,"1":113,...}`)."""

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
_INDEXED_BYTE = re.compile(r"""(?<![\w.])["'][0-9]{1,6}\\?["']:\s*([0-9]{1,3})(?![0-9.])""")
"""A byte after its quoted index, as JSON or util.inspect writes a typed array's object (`{"0":90,"1":113}`), also
in JSON escaped again."""
_BYTES_LISTED = re.compile(r"""["'][0-9]{1,6}\\?["']:\s*[0-9]{1,3},\s*\\?["'][0-9]{1,6}\\?["']:\s*[0-9]""")
"""Two of them in a row (JSON's `"qty":5` is one); its digits ASCII, as JSON and util.inspect write them."""
_BYTES_GATE = re.compile(rb"0,[ \nx]*x0{1,6}x{2,3}[ \nx]*0")
"""_BYTES_LISTED as it shows in the text's `digits` (encoded_views._DIGITS: a digit "0", any whitespace " ", "\n" or
"x", a quote or `:` "x"): found wherever it is, in ~0.4 µs against its ~8 over a JSON body's every quote."""


def indexed(text: str, digits: bytes) -> Iterator[Reading]:
    """The text's indexed characters, in order (a run of them spells the secret), where `digits` shows the text has
    such a list; and its bytes after quoted indices, each as its Latin-1 character (a byte's a secret's or a key's)."""
    if _LISTED.search(text) and any(digits.count(gate) >= _FEWEST for gate in _GATES):
        yield tokens(text, _INDEXED, [ord(char) for char in _INDEXED.findall(text)])
    if _BYTES_GATE.search(digits) and _BYTES_LISTED.search(text):
        yield tokens(text, _INDEXED_BYTE, [int(value) if int(value) < 256 else None
                                           for value in _INDEXED_BYTE.findall(text)])
