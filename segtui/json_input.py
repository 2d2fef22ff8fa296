"""JSON text segtui reads, from users' files and from the sandbox: located errors, bounded depth and numbers.

Python's JSON reader recurses once per level and its integers stop at 4,300 digits, while JavaScript's
read any depth and any number. segtui reads JSON up to `MAX_DEPTH` levels (deeper input is refused with
a clear error; a value a handler returns is cut a little above, in the sandbox's runtime.js) and numbers up to
`MAX_DIGITS` digits. Importing this module sets the process's limits so that every reader and every
walk of such a value (masking, goldens) has room for that depth.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Callable, Collection, Iterator
from typing import Any

from segtui.credential_shapes import shown_name
from segtui.errors import SegtuiInputError, json_syntax_error

MAX_DEPTH = 1000
MAX_DIGITS = 100_000
"""Longer integers would cost Python seconds to read (its conversion is quadratic); JavaScript reads them as Infinity."""

# Room for a walk of MAX_DEPTH levels that takes a few frames per level, on top of the caller's own stack.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 5 * MAX_DEPTH))
sys.set_int_max_str_digits(max(sys.get_int_max_str_digits(), MAX_DIGITS))

_CHUNK = 1 << 16
"""How many characters are cut to their structure at a time, so that no copy of a big text is made whole."""
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'[]{}"'))
_STRING = re.compile(rb'"[^"]*"')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth_exceeds(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep (brackets inside strings do not count).

    The text is cut to its brackets, braces and quotes (an escaped backslash or quote dropped first), its strings are
    then dropped and the depth is summed, each a pass in C: a loop in Python over each bracket and string took ~9 s
    for a 9 MB file of small objects on a busy host. No pattern repeats a group: Python's re keeps state for each
    character such a repeat matches (~120 bytes each; a 20 MB string took 2.5 GB).
    """
    if len(text) <= 2 * limit:
        return False  # each level takes at least two characters
    marks = _STRING.sub(b"", b"".join(_structure(text)))
    unterminated = marks.find(b'"')
    if unterminated >= 0:
        marks = marks[:unterminated]  # the reader says where the string that never ends begins
    return max(itertools.accumulate(map(_STEP.__getitem__, marks)), default=0) > limit


def _structure(text: str) -> Iterator[bytes]:
    """The text's brackets, braces and the quotes that begin or end strings, a chunk at a time: escaped backslashes,
    then escaped quotes, are dropped before the rest (a run of backslashes is never cut between two chunks)."""
    start = 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        while end < len(text) and text[end - 1] == "\\":
            end += 1  # the chunk takes the whole run and the character it escapes
        chunk = text[start:end].encode("utf-8", "surrogatepass")
        yield chunk.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
        start = end


def string_end(text: str, start: int) -> int:
    """Where the JSON string whose text begins at `start` ends (after its closing quote), or -1 when it does not."""
    while (quote := text.find('"', start)) >= 0:
        escapes = quote
        while escapes > start and text[escapes - 1] == "\\":
            escapes -= 1
        start = quote + 1
        if (quote - escapes) % 2 == 0:  # an even run of backslashes escapes itself, not the quote
            return start
    return -1


def json_lines(text: str) -> list[str]:
    """The lines of NDJSON text: split at line feeds only, as NDJSON defines them.

    `str.splitlines` would also split at \\x1c-\\x1e, \\x85, U+2028 and U+2029, which are valid
    inside JSON strings (and \\x1c between two objects is no line break).
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


class NotJavaScriptJson(ValueError):
    """Text Python's JSON reader takes that is no JSON: NaN, Infinity and -Infinity."""


def _refuse_constant(constant: str) -> None:
    raise NotJavaScriptJson(f"{constant} is not a JSON value")


_PAST_DOUBLE = 10**400
"""Stands for a number too large for a double (`1e999`): Python would read it as inf and write it back as Infinity,
which is no JSON; written as this integer's digits, JavaScript reads it as Infinity, as it reads the original."""


def _number(text: str) -> float | int:
    value = float(text)
    if math.isinf(value):
        return _PAST_DOUBLE if value > 0 else -_PAST_DOUBLE
    return value


def strict_loads(text: str, *, unique_keys: bool = False) -> Any:
    """json.loads as a handler's JSON.parse reads the text: NaN and Infinity refused (NotJavaScriptJson), a number
    past a double kept as one JavaScript reads as Infinity; with `unique_keys`, a key given twice in an object refused
    (DuplicateKey)."""
    if type(text) is not str or text.startswith("\ufeff"):  # bytes, or a BOM: as json.loads reads (or refuses) them
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_number,
                          object_pairs_hook=unique_object if unique_keys else None)
    return (_UNIQUE_KEYS if unique_keys else _STRICT).decode(text)


class DuplicateKey(ValueError):
    """An object that gives a key twice, of which a JSON reader keeps only the last."""


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object of the pairs, refused (DuplicateKey) when it gives a key twice."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()  # a set: counting each key's uses took 23 s for an object of 40,000 keys
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return value


_STRICT = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_number)
_UNIQUE_KEYS = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_number, object_pairs_hook=unique_object)
"""`strict_loads`'s readers, made once: json.loads makes one per call when given any option (~2 µs of an NDJSON line's
~6 to read a replay's event); a reader keeps nothing from one text to the next."""


def given_twice(name: str, key: str, *, quote: bool = True,
                names: Collection[str] | Callable[[str], bool] | None = None) -> SegtuiInputError:
    """The error for an object that gives a key twice, the key named only when the file may be quoted (a key may be a
    secret: segtui.json may be a link to a settings file) and, given `names`, is one of them (or one it accepts)."""
    shown = names is None or (names(key) if callable(names) else key in names)
    which = "a key" if not quote else shown_name(key) if shown else "a key (not shown)"
    return SegtuiInputError(f"{name}: {which} is given twice in one object, and a JSON reader keeps only the last: "
                            "give it once")


def decode_json(text: str, name: str, line_offset: int = 0, *, quote: bool = True, unique_keys: bool = False,
                veil: Callable[[str, int, int], str] | None = None,
                names: Collection[str] | Callable[[str], bool] | None = None) -> Any:
    """Parse JSON text (`strict_loads`), turning syntax errors (and NaN and Infinity, and with `unique_keys` a key given
    twice in an object) into SegtuiInputError.

    `line_offset` shifts the reported line for text cut from a larger file (NDJSON lines); the error
    quotes the offending line only when `quote` (see `segtui.user_files.quotable`), as `veil` shows it when given; a key
    given twice is named only when it is one of `names` (or one it accepts), when given.
    """
    if nesting_depth_exceeds(text):
        raise SegtuiInputError(f"{name}: the JSON nests arrays or objects more than {MAX_DEPTH} levels deep; "
                               f"segtui reads up to {MAX_DEPTH}")
    try:
        return strict_loads(text, unique_keys=unique_keys)
    except json.JSONDecodeError as error:
        raise json_syntax_error(name, text, error, line_offset, quote=quote, veil=veil) from None
    except DuplicateKey as error:
        raise given_twice(name, str(error), quote=quote, names=names) from None
    except NotJavaScriptJson as error:
        raise SegtuiInputError(f"{name}: invalid JSON: {error}") from None
    except ValueError:  # an integer past MAX_DIGITS
        raise SegtuiInputError(f"{name}: a number has more than {MAX_DIGITS:,} digits, which segtui does not read") from None


def json_kind(value: Any) -> str:
    """Name a JSON value's kind for messages ("an array", "a string" …)."""
    for kind, name in ((bool, "a boolean"), (str, "a string"), (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "null" if value is None else "a number"
