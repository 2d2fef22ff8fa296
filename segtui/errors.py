"""Errors the core raises for bad user input, worded for the person at the keyboard."""

import json
from collections.abc import Callable
from pathlib import Path

from segtui.control_chars import visible

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""Every command's exit codes: all succeeded; some event failed; bad input; segtui itself failed (its sandbox crashed)."""


class SegtuiInputError(Exception):
    """Bad user input (missing file, invalid JSON, unknown type, bad setting); str() is the full message.

    The CLI prints the message as is and exits with code 2; a UI shows it in place.
    """


class UnexpectedError(Exception):
    """A failure inside segtui that no input explains (a bug); str() is `unexpected_text` of it, masked for the run's
    secrets (setup.masked_errors)."""


def unexpected_text(error: BaseException, shown: Callable[[str], str] | None) -> str:
    """An unexpected exception in one line: its type, its message as `shown` masks it (left out without one: it may
    quote a secret), and where in segtui it was raised (`settings.py:123`), for a bug report."""
    import traceback  # here: only an unexpected error needs it
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "segtui" in Path(frame.filename).parts]
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    said = f": {shown(str(error))}" if shown and str(error) else ""
    return f"{type(error).__name__}{said}{where}".replace("\n", " ")


def json_syntax_error(name: str, text: str, error: json.JSONDecodeError, line_offset: int = 0, *,
                      quote: bool = True, veil: Callable[[str, int, int], str] | None = None) -> SegtuiInputError:
    """Describe invalid JSON as `name:line:column`, the reason, and (when `quote`) the offending line with a caret.

    `line_offset` shifts the reported line for text cut from a larger file (NDJSON lines); `veil`, when given, is how
    the line is quoted (`quoted_line`: a file of secrets quotes only its structure).
    """
    error = _as_before_313(text, error)
    hint = _json_hint(text, error)
    # Python's reader ends two of its messages with "at", for the position it appends to them, which is given here first.
    reason = error.msg.removesuffix(" at").replace("Unterminated string starting", "Unterminated string starting here")
    where = f"{name}:{error.lineno + line_offset}:{error.colno}: invalid JSON: {reason}" + (f" ({hint})" if hint else "")
    if not quote:
        return SegtuiInputError(where)
    lines = text.split("\n")  # JSON's line numbers count line feeds only
    line = lines[min(error.lineno, len(lines)) - 1]
    return SegtuiInputError(f"{where}\n{quoted_line(line, error.colno, veil=veil)}")


def _as_before_313(text: str, error: json.JSONDecodeError) -> json.JSONDecodeError:
    """A trailing comma said as Python's reader said it before 3.13, at the bracket after the comma (3.13 says "Illegal
    trailing comma before end of array" at the comma), so that segtui's message is one whatever the Python."""
    if not error.msg.startswith("Illegal trailing comma before end of "):
        return error
    closer = error.pos + 1
    while closer < len(text) and text[closer] in " \t\n\r":
        closer += 1
    expected = "Expecting value" if error.msg.endswith("array") else "Expecting property name enclosed in double quotes"
    return json.JSONDecodeError(expected, text, closer)


def _json_hint(text: str, error: json.JSONDecodeError) -> str | None:
    """What the usual slips from JavaScript's object syntax look like to JSON's reader, said where one is the cause."""
    found, before = text[error.pos : error.pos + 2], _last_before(text, error.pos)
    if found[:1] in ("}", "]") and before == "," and _reads_on_without_comma(text, error):
        return f"a comma before '{found[0]}': JSON allows no trailing comma"
    if found[:1] == "," and error.msg == "Extra data":
        return "a comma after a whole value: a JSON file holds one value, an NDJSON file one per line with no commas"
    if found[:1] == "'":
        return "JSON takes double quotes around strings and names"
    if found in ("//", "/*"):
        return "JSON has no comments"
    if error.msg.startswith("Invalid control character") and found[:1] in ("\n", "\r", "\t"):
        if found[:1] == "\t":
            return "a tab inside a string: JSON strings write it as \\t"
        return "a line break inside a string: its closing quote is missing, or JSON strings write it as \\n"
    return None


def _last_before(text: str, position: int) -> str:
    """The last character before `position` that is no blank ("" at none), found without copying the text before it."""
    while position and text[position - 1] in " \t\n\r":
        position -= 1
    return text[position - 1] if position else ""


def _reads_on_without_comma(text: str, error: json.JSONDecodeError) -> bool:
    """Whether JSON's reader gets past where it stopped once the comma before it is gone (`[1,}` lacks a `]` instead):
    whether the bracket it stopped at closes what the comma stands in, which the reader's message tells (after a comma
    it expects a value only in an array, a name only in an object), not a second reading of a text of megabytes."""
    expected = "Expecting value" if text[error.pos] == "]" else "Expecting property name enclosed in double quotes"
    return error.msg == expected


def quoted_line(line: str, column: int | None, most: int = 100,
                veil: Callable[[str, int, int], str] | None = None) -> str:
    """A line of a file quoted under an error, indented, with a caret under `column` (1-based) when there is one: `most`
    characters around it (at least 20, three fifths before it; a minified file's one line may be megabytes, a pane is
    narrower than the line), a tab shown as one space, control characters escaped (segtui.control_chars), with the
    caret still under its character; `veil`, when given, shows the line's characters from a start to a stop (each
    in its place)."""
    most = max(most, 20)
    start = max(0, min((column or 1) - 1 - most * 3 // 5, len(line) - most))
    shown = veil(line, start, start + most) if veil else line[start : start + most]
    prefix = "…" if start else ""
    excerpt = prefix + visible(shown.replace("\t", " ")) + ("…" if len(line) > start + most else "")
    return f"    {excerpt}" + (f"\n    {' ' * len(prefix + visible(shown[: column - 1 - start]))}^" if column else "")
