"""Reading V8 error text: stack frames, the handler's own line, and load-time error locations; the handler's name in them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

RUNTIME_PREFIX = "segtui:"
_FRAME = re.compile(r"^\s*at (?:(?P<fn>.*?) \()?(?P<file>[^()]*?):(?P<line>\d{1,10}):(?P<col>\d{1,10})\)?\s*$")
"""A stack frame: V8's line and column are 32-bit numbers, so a longer one is a stack the handler wrote itself (one of
500,000 digits crashed the sandbox as Python read it, and one of 5,000 made JSON that Python's json refuses)."""
_HEADLINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<text>.*)$")


@dataclass
class Location:
    """A place in the handler file, 1-based."""

    line: int
    column: int


def clean_stack(stack: str) -> str:
    """Drop the frames that belong to segtui's own runtime, and built-ins it called, keeping the handler's.

    A built-in called by segtui's stand-in of the same name (`at Array.map (segtui:…)` under `at Array.map
    (<anonymous>)`, a wrapper that gives its errors Node 20's wording) was the handler's call, and stays.
    """
    lines = stack.splitlines()
    kept = []
    for index, line in enumerate(lines):
        caller = lines[index + 1] if index + 1 < len(lines) else ""
        builtin = line.rstrip().endswith("(<anonymous>)")
        stand_in = builtin and caller.strip().startswith(line.strip().removesuffix("(<anonymous>)"))
        called_by_runtime = builtin and RUNTIME_PREFIX in caller and not stand_in
        if RUNTIME_PREFIX not in line and not called_by_runtime:
            kept.append(line)
    return "\n".join(kept)


def handler_location(stack: str, filename: str) -> Location | None:
    """The first frame of the stack that lies in the handler file."""
    for line in stack.splitlines():
        match = _FRAME.match(line)
        if match and match["file"] == filename:
            return Location(int(match["line"]), int(match["col"]))
    return None


@dataclass
class ScriptError:
    """A syntax error or a throw while a script's top level ran, located in its file."""

    name: str
    message: str
    line: int | None
    column: int | None
    source_line: str
    stack: str


_ERROR_HEADLINE = re.compile(r"[A-Za-z_$][\w$]*Error: ")
"""An Error's headline: one with no stack section (Error.prepareStackTrace returned none) is still that Error."""
_UNREADABLE = "<string conversion failed>"
"""mini-racer's text of a thrown value that has none (a Symbol, an object without a prototype or whose conversion
throws)."""


def parse_script_error(text: str, filename: str) -> ScriptError:
    """Parse mini-racer's `file:line: Name: message / source / caret / stack` error text."""
    lines = text.splitlines()
    headline = _HEADLINE.match(lines[0]) if lines else None
    if headline is None:
        name, _, message = text.strip().partition(": ")
        return ScriptError(name or "Error", message, None, None, "", text)
    if "\n\n" not in text and len(lines) >= 3 and not _ERROR_HEADLINE.match(headline["text"]):
        return _thrown_value(lines, headline)
    name, _, message = headline["text"].partition(": ")
    source_line = lines[1] if len(lines) > 1 else ""
    caret = lines[2] if len(lines) > 2 else ""
    column = caret.index("^") + 1 if "^" in caret else None
    stack_start = next((i for i, line in enumerate(lines) if i > 2 and line.startswith(name)), None)
    stack = "\n".join(lines[stack_start:]) if stack_start is not None else ""
    return ScriptError(name, message, int(headline["line"]), column, source_line, clean_stack(stack))


def _thrown_value(lines: list[str], headline: re.Match[str]) -> ScriptError:
    """A value thrown that is no Error (it has no stack section): its text, which may span lines, is the message of an
    Error, as Node reports it, not a name and a message split at its first colon."""
    text = "\n".join([headline["text"], *lines[1:-2]])
    if text == _UNREADABLE:
        text = ("the top level threw a value that has no text (a Symbol, an object without a prototype, or one whose"
                " conversion to text throws)")
    caret = lines[-1]
    column = caret.index("^") + 1 if "^" in caret else None
    return ScriptError("Error", text, int(headline["line"]), column, lines[-2], "")


_LINE_BREAKS = {0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_name(filename: str) -> str:
    """The handler's file name as its stacks show it and V8 takes it after `//# sourceURL=`: bytes of the name that
    are not UTF-8 (a Latin-1 name: V8 takes UTF-8 only) and line breaks (the rest of the name would run as code) as
    escapes, and white space as in a URL (`my%20functions`: V8 ignores a sourceURL holding any, and the stacks then
    name no file, so no line could be found)."""
    try:
        text = filename.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name's byte became
        text = filename.encode("utf-8", "backslashreplace").decode("utf-8")
    text = text.translate(_LINE_BREAKS)
    return "".join(quote(char) if char.isspace() else char for char in text) if any(map(str.isspace, text)) else text


def load_error(error_text: str, source: str, filename: str, syntax: bool) -> dict[str, object]:
    """A top level's failure as a load reports it, from mini-racer's error text (`filename` as script_name gave it)."""
    first, rest = (error_text.split("\n", 1) + [""])[:2]
    headline = _HEADLINE.match(first)
    parsed = parse_script_error(f"{first.replace('<anonymous>', filename, 1)}\n{rest}", filename)
    lines = source.splitlines() or [""]
    if headline is not None and headline["file"] not in (filename, "<anonymous>"):
        # Thrown inside a built-in segtui made (JSON.parse) or V8's own (JSON's text): V8 places it there, the stack's
        # first frame in the handler says where the handler was.
        location = handler_location(parsed.stack, filename)
        parsed.line, parsed.column = (location.line, location.column) if location else (None, None)
        parsed.source_line = lines[location.line - 1] if location and location.line <= len(lines) else ""
    elif parsed.line is not None and parsed.line > len(lines):
        # "Unexpected end of input" lands on the sourceURL line segtui appended.
        parsed.line, parsed.column, parsed.source_line = len(lines), len(lines[-1]) + 1, lines[-1]
    return {"name": parsed.name, "message": parsed.message, "stack": parsed.stack, "line": parsed.line,
            "column": parsed.column, "source_line": parsed.source_line, "syntax": syntax}
