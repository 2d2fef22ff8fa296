"""JSON that segtui writes only for itself to read (between its processes, and across V8's host channel): orjson's
speed where it reads and writes the same values as the json module, json itself where it would not.

orjson reads ~3× and writes ~5× quicker than json, which matters on a replay's path: every event's fetch and every
result cross here. It differs from json in a few places, and each falls back to json:
- It reads an integer beyond 64 bits as a float (json keeps it whole), so text with 19 digits in a row is read by
  json. A number needs at least 19 digits to leave that range; IDs in strings only send their text to json.
- It refuses lone surrogates (JavaScript's JSON.stringify writes them as escapes), NaN and Infinity, and nesting
  deeper than 1,024 levels; json reads all of these, as segtui did before.
- It refuses to write such strings, integers beyond 64 bits and keys that are not strings; json writes them. Types
  json cannot write (dataclasses, datetimes) stay refused: orjson is told to pass them on, and json raises.
- It writes NaN and the infinities as null. Nothing sent here holds them: values from JavaScript come as JSON,
  which cannot, and segtui's own numbers are times, sizes and counts (the sandbox's config, which a user's options
  fill, goes as json).
Text written here is never shown to a user: its spacing and spelling of floats (1e16 for 1e+16) are orjson's, and
read back they are the same values.
"""

from __future__ import annotations

import functools
import json
from types import ModuleType
from typing import Any

_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
"""A bytes.translate table that makes every ASCII digit of UTF-8 text a 0 and every other byte a space."""
_LONG_NUMBER = b"0" * 19
"""19 digits in a row, as `_DIGITS` leaves them: searched for that way (~1 µs a KB), not by a pattern (~20)."""


@functools.cache
def prepare() -> ModuleType:
    """orjson, imported on first use (it imports uuid and platform, ~7 ms): each process calls this while it waits
    on something else (the sandbox while V8 starts, segtui once it has sent a sandbox its config)."""
    import orjson

    return orjson


def loads(text: str | bytes) -> Any:
    """The value of JSON text (or its UTF-8), exactly as json.loads reads it."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if _LONG_NUMBER not in data.translate(_DIGITS):
        orjson = prepare()
        try:
            return orjson.loads(data)  # the UTF-8 made for the look above (a lone surrogate's is no UTF-8: json reads it)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def dumps(value: Any) -> str:
    """JSON text of a value that json.loads (or `loads`) reads back as the same value."""
    data = _utf8(value, newline=False)
    return data.decode("utf-8") if isinstance(data, bytes) else data


def dump_line(value: Any) -> bytes:
    """`dumps` of a value and a line feed, as UTF-8: what a pipe carries, made once (an event may be tens of MB, and
    text then encoded would be three copies of it)."""
    data = _utf8(value, newline=True)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _utf8(value: Any, *, newline: bool) -> bytes | str:
    """orjson's UTF-8 of a value, or json's text (ASCII: json escapes the rest) where orjson refuses it."""
    orjson = prepare()
    # Types json cannot write go to `default` (none), so orjson refuses them too and json raises.
    passed_on = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS
    try:
        data: bytes = orjson.dumps(value, option=passed_on | (orjson.OPT_APPEND_NEWLINE if newline else 0))
    except orjson.JSONEncodeError:
        return json.dumps(value) + ("\n" if newline else "")
    return data
