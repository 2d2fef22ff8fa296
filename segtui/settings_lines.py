"""A line of a settings file as an error quotes it: its structure and the names segtui knows, never a value.

A settings file that is no JSON cannot be read for which of its values are secrets, and the line a JSON error stands on
is the one a key was pasted into (`"apiKey": sk_live_…,` or `"AKIA…": 1`): its values, and every name but the
declared ones, are veiled character for character, so the caret under the line still points where the reader stopped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection

from segtui.credential_shapes import credential_named
from segtui.json_input import string_end

VEIL = "•"
"""What stands for each character of a value: the character segtui.masking's MASK is made of (not imported from it:
every run reads its settings, and masking takes ~25-75 ms to import on the way to the sandbox's config)."""
_PIECE = re.compile(r'(?P<word>[^\s{}\[\]:,"]+)|\s+|.', re.DOTALL)
"""A line's pieces but strings: a bare word (a number, a literal, a key pasted unquoted), a run of blanks, or one
character of structure (a bracket, a colon, a comma)."""
_COLON_NEXT = re.compile(r"\s*:")
_LAST_SOLID = re.compile(r"\S(?=\s*\Z)")
"""The last character of a stretch that is no blank."""
_LITERALS = frozenset(("true", "false", "null"))
_LONGEST_NAME = 200
"""A string longer is no setting's name, and is veiled whatever it is (it is not read to be judged)."""


def settings_line_structure(line: str, start: int = 0, stop: int | None = None, *, names: Collection[str] = ()) -> str:
    """The line's characters from `start` to `stop` with every value veiled: a string's characters (but a name, after
    `{`, `,` or the line's start and before a colon, that is one of `names` and holds no credential: `_plain_name`) and
    every bare word but true, false and null; the structure as it stands.

    Only `names` (the settings segtui.json declares, or its own keys) are shown: any other text in a name's place may be
    a credential pasted as one, and no rule tells every key from a name (`AKIAIOSFODNN7EXAMPLE`).

    Strings are skipped by searching for their closing quote, not matched by a pattern (json_input.string_end: a
    settings file's one line may be megabytes), and only the window asked for is made.
    """
    stop = len(line) if stop is None else min(stop, len(line))
    pieces: list[str] = []
    position, after = _window_entry(line, start)
    while position < stop:
        if line[position] == '"':
            end = string_end(line, position + 1)
            closed = end >= 0
            end = end if closed else len(line)
            named = (after in "{," and closed and end - position <= _LONGEST_NAME
                     and _COLON_NEXT.match(line, end) is not None and _plain_name(line[position + 1:end - 1], names))
            veiled = range(0) if named else range(position + 1, end - 1 if closed else end)
            after = ""
        else:
            piece = _PIECE.match(line, position)
            assert piece is not None  # its last branch takes any character
            end = piece.end()
            word = piece.lastgroup == "word"
            literal = end - position <= 5 and piece.group() in _LITERALS and not _word_cut(line, position)
            veiled = range(position, end) if word and not literal else range(0)
            if not line[position].isspace():
                after = "" if word else line[position]
        pieces += (VEIL if index in veiled else line[index] for index in range(max(position, start), min(end, stop)))
        position = end
    return "".join(pieces)


def _window_entry(line: str, start: int) -> tuple[int, str]:
    """Where to read `line` from to show it from `start`: the quote of a string that runs into the window, else `start`;
    and the last character of structure before it, but blanks ("" after a string or a word; a comma at the line's
    start). Only strings are walked, each by its closing quote, a line of megabytes in big steps."""
    position = 0
    while (quote := line.find('"', position, start)) >= 0:
        end = string_end(line, quote + 1)
        if end < 0 or end > start:
            return quote, _last_structure(line, position, quote)
        position = end
    return start, _last_structure(line, position, start)


def _last_structure(line: str, begin: int, end: int) -> str:
    """The last character of structure, but blanks, before `end` in a stretch of `line` from `begin` that holds no
    string: "" when it is a word's or a string's (the stretch blank after one), a comma at the line's start."""
    last = _LAST_SOLID.search(line, begin, end)
    if last is None:
        return "" if begin else ","
    piece = _PIECE.match(line, last.start())
    return "" if piece is None or piece.lastgroup else line[last.start()]


def _word_cut(line: str, position: int) -> bool:
    """Whether a word read from `position` is the end of a longer one (`true` of `truetrue`, the window starting
    within it), so no literal."""
    before = _PIECE.match(line, position - 1) if position else None
    return before is not None and before.lastgroup == "word"


def _plain_name(text: str, names: Collection[str]) -> bool:
    """Whether a name's text, its JSON escapes decoded, is one of `names`, no credential (segtui.credential_shapes) and
    has no word that is one (`"token Hq3kV8pLmZ2x9QwRt7"` declared); a name whose escapes do not decode is no plain
    name."""
    try:
        name = json.loads(f'"{text}"')
    except json.JSONDecodeError:
        return False
    return name in names and not any(credential_named(word) for word in (name, *name.split()))
