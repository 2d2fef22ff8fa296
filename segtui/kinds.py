"""The kinds of Segment function segtui runs, in segtui's words and in Segment's (`resource_type`)."""

import json
import re
from collections.abc import Collection
from typing import Literal

from segtui.errors import SegtuiInputError
from segtui.js_code import code_only

FunctionKind = Literal["destination", "insert", "source"]
"""A destination function, a destination insert function, or a source function."""

KINDS: tuple[FunctionKind, ...] = ("destination", "insert", "source")

RESOURCE_TYPES: dict[str, FunctionKind] = {
    "DESTINATION": "destination",
    "INSERT_DESTINATION": "insert",
    "SOURCE": "source",
}
"""Segment's `resource_type` (as its Terraform provider and Git sync write it) → segtui's kind."""

KIND_LABELS: dict[FunctionKind, str] = {
    "destination": "Destination Function",
    "insert": "Destination Insert Function",
    "source": "Source Function",
}
"""Segment's name for each kind, as its Functions catalog shows it."""


def input_noun(kind: FunctionKind) -> str:
    """What a function of `kind` runs, in words shown to the user: a source function requests, the others events."""
    return "request" if kind == "source" else "event"


_EVENT_WORD = re.compile(r"(?<![-/])\b(?:([Aa])n )?([Ee])vent(s?)\b(?!/)")
"""The word event (events, Event, an event), not inside another (DropEvent), an option (`--events`) or a path."""


def request_words(text: str) -> str:
    """`text`, about events, said of a source function's requests: "an event" → "a request", "Events" → "Requests"."""
    return _EVENT_WORD.sub(lambda m: (f"{m[1]} " if m[1] else "") + ("R" if m[2] == "E" else "r") + "equest" + m[3], text)

_TOP_LEVEL_DEFINITION = re.compile(
    r"(?m)(?:^|[;}])[^\S\n]*(?:(?:export\s+)?(?:async\s+)?function\s*(?:\*\s*)?(on[A-Z]\w*)\s*\("
    r"|(?:(?:var|let|const)\s+)?(on[A-Z]\w*)\s*=(?![=>]))")
"""A top-level definition of a handler (`onTrack`, `onRequest`, …), a function or a variable (the load then confirms
it), in code whose comments and strings are blanked (js_code.code_only): at the start of a line (a comment before it on
the line is blanked), or after a `;` or a `}` on it (a minified handler is one line); not a property
(`exports.onTrack =`, `{ onTrack: … }`), an argument or a comparison. The space before it stays on its line: a space
class that crossed lines, tried at each line's start, took a time that grew as the square of a run of blank lines
(20,000 took 12 s)."""


def defined_handlers(source: str) -> set[str]:
    """The handlers (`onTrack`, `onRequest`, …) a handler's JavaScript defines at its top level, guessed from its text
    before it loads, in one pass; none in a comment, a string or a template literal, at a line's start or not."""
    return {function or variable for function, variable in _TOP_LEVEL_DEFINITION.findall(code_only(source))}


def check_kind(value: object, where: str) -> FunctionKind:
    """A kind named on the command line or in segtui.json, checked; anything else is bad input naming the choices."""
    for kind in KINDS:
        if value == kind:
            return kind
    import difflib  # here: only a typo's hint needs it
    hint = difflib.get_close_matches(str(value), KINDS, n=1)
    suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
    raise SegtuiInputError(f"{where}: unknown kind {json.dumps(value)}{suggestion}; kinds: {', '.join(KINDS)}")


def resolve_kind(explicit: str | None, configured: object, defined: Collection[str]) -> FunctionKind:
    """The kind of a function: `--kind`, else segtui.json's "kind" (or a .tf's resource_type), else `source` when the
    handler defines `onRequest` (`defined`: defined_handlers' guess), else `destination`."""
    if explicit is not None:
        return check_kind(explicit, "--kind")
    if configured is not None:
        return check_kind(configured, 'segtui.json "kind"')
    return "source" if "onRequest" in defined else "destination"


def kind_conflict(kind: FunctionKind, handlers: list[str]) -> str | None:
    """Why a loaded handler's functions contradict its kind (a source needs `onRequest`; a destination or insert
    function defining only `onRequest` is a source named wrong, while one defining handlers besides it, to run as
    either kind, is run as the kind given, its `onRequest` never called)."""
    has_request = "onRequest" in handlers
    if kind == "source" and not has_request:
        found = f"it defines {', '.join(handlers)}" if handlers else "it defines no handler"
        return (f"a source function must define onRequest(request, settings), but {found}; "
                "for a destination or insert function give --kind destination or --kind insert")
    if kind != "source" and has_request and all(name == "onRequest" for name in handlers):
        return (f"this {KIND_LABELS[kind].lower()} defines onRequest, which only a source function has; "
                "give --kind source (or \"kind\": \"source\" in segtui.json), or remove onRequest")
    return None
