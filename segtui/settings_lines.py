"""A line of a settings file as an error quotes it: its structure and its settings' names, never a value.

A settings file that is no JSON cannot be read for which of its values are secrets, and the line a JSON error stands on
is the one a key was pasted into (`"apiKey": sk_live_…,`): its values are veiled character for character, so the
caret under the line still points where the reader stopped.
"""

from __future__ import annotations

import json
import re

from segtui.credential_shapes import credential_named

VEIL = "•"
"""What stands for each character of a value (the character segtui.masking's MASK is made of)."""
_TOKEN = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)(?P<end>"?)|(?P<word>[^\s{}\[\]:,"]+)|.', re.DOTALL)
"""A line's pieces: a string (one a line break cut is left open), a bare word (a number, a literal, a key pasted
unquoted), or one character of structure (a bracket, a colon, a comma, a space)."""
_LITERALS = frozenset(("true", "false", "null"))


def settings_line_structure(line: str) -> str:
    """The line with every value veiled: a string's characters (but a name, after `{`, `,` or the line's start and
    before a colon, that holds no credential: `_plain_name`) and every bare word but true, false
    and null; the structure as it stands."""
    pieces, after = [], ","  # the last character of structure before a token, but blanks; the line's start as a comma
    for token in _TOKEN.finditer(line):
        text, word = token.group("text"), token.group("word")
        if text is not None:
            named = after in "{," and line[token.end():].lstrip().startswith(":") and _plain_name(text)
            pieces.append(token.group() if named else f'"{VEIL * len(text)}{token.group("end")}')
        elif word is not None:
            pieces.append(word if word in _LITERALS else VEIL * len(word))
        else:
            pieces.append(token.group())
        if not token.group().isspace():
            after = token.group() if text is None and word is None else ""
    return "".join(pieces)


def _plain_name(text: str) -> bool:
    """Whether a name's text, its JSON escapes decoded, is no credential (segtui.credential_shapes) and has no word that is
    one (`"token Hq3kV8pLmZ2x9QwRt7"`); a name whose escapes do not decode is no plain name."""
    try:
        name = json.loads(f'"{text}"')
    except json.JSONDecodeError:
        return False
    return not any(credential_named(word) for word in (name, *name.split()))
