"""A line of a settings file as an error quotes it: its structure and its settings' names, never a value.

A settings file that is no JSON cannot be read for which of its values are secrets, and the line a JSON error stands on
is the one a key was pasted into (`"apiKey": sk_live_…,`): its values are veiled character for character, so the
caret under the line still points where the reader stopped.
"""

from __future__ import annotations

import json
import re

from segtui.credential_shapes import credential_named
from segtui.json_input import string_end
from segtui.masking import MASK

VEIL = MASK[0]
"""What stands for each character of a value: the character a mask is made of."""
_PIECE = re.compile(r'(?P<word>[^\s{}\[\]:,"]+)|\s+|.', re.DOTALL)
"""A line's pieces but strings: a bare word (a number, a literal, a key pasted unquoted), a run of blanks, or one
character of structure (a bracket, a colon, a comma)."""
_COLON_NEXT = re.compile(r"\s*:")
_LITERALS = frozenset(("true", "false", "null"))
_LONGEST_NAME = 200
"""A string longer is no setting's name, and is veiled whatever it is (it is not read to be judged)."""


def settings_line_structure(line: str, start: int = 0, stop: int | None = None) -> str:
    """The line's characters from `start` to `stop` with every value veiled: a string's characters (but a name, after
    `{`, `,` or the line's start and before a colon, that holds no credential: `_plain_name`) and every bare word but
    true, false and null; the structure as it stands.

    Strings are skipped by searching for their closing quote, not matched by a pattern (json_input.string_end: a
    settings file's one line may be megabytes), and only the window asked for is made.
    """
    stop = len(line) if stop is None else min(stop, len(line))
    pieces: list[str] = []
    position, after = 0, ","  # the last character of structure before a piece, but blanks; the line's start as a comma
    while position < stop:
        if line[position] == '"':
            end = string_end(line, position + 1)
            closed = end >= 0
            end = end if closed else len(line)
            named = (after in "{," and closed and end - position <= _LONGEST_NAME
                     and _COLON_NEXT.match(line, end) is not None and _plain_name(line[position + 1:end - 1]))
            veiled = range(0) if named else range(position + 1, end - 1 if closed else end)
            after = ""
        else:
            piece = _PIECE.match(line, position)
            assert piece is not None  # its last branch takes any character
            end = piece.end()
            word = piece.lastgroup == "word"
            veiled = range(position, end) if word and not (end - position <= 5 and piece.group() in _LITERALS) else range(0)
            if not line[position].isspace():
                after = "" if word else line[position]
        pieces += (VEIL if index in veiled else line[index] for index in range(max(position, start), min(end, stop)))
        position = end
    return "".join(pieces)


def _plain_name(text: str) -> bool:
    """Whether a name's text, its JSON escapes decoded, is no credential (segtui.credential_shapes) and has no word that is
    one (`"token Hq3kV8pLmZ2x9QwRt7"`); a name whose escapes do not decode is no plain name."""
    try:
        name = json.loads(f'"{text}"')
    except json.JSONDecodeError:
        return False
    return not any(credential_named(word) for word in (name, *name.split()))
