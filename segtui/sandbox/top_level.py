"""A handler file's top level evaluated as Node 20 runs it: its import() calls renamed, its process.nextTick queue run as it ends."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from py_mini_racer import JSParseException

from segtui.sandbox import dynamic_import

if TYPE_CHECKING:
    from segtui.sandbox.v8 import V8Context

NAME_FILE = "\u0266andlerFile"
"""stack_format.js's binding, called with the handler's file name before its top level runs (eval origins name it)."""
TICKS = "\n;\u027eunTicks()"
"""Appended after the source, on a line of its own (no line or column of the handler's moves): timers.js's binding,
called in the same script, so the ticks the top level queued run before the promise callbacks it queued, as in Node."""


def evaluate(context: V8Context, source: str, filename: str, timeout_s: float) -> None:
    """Run `source`, named `filename`, as a handler's top level; a syntax error is the source's own, never the tail's."""
    script = dynamic_import.script_source(source)
    context.eval(f"{NAME_FILE}({json.dumps(filename)})", timeout=timeout_s)
    try:
        context.eval(f"{script}{TICKS}\n//# sourceURL={filename}\n", timeout=timeout_s)
    except JSParseException:
        # Nothing ran: the source alone reports where its own grammar fails (a tail may change V8's words for it).
        context.eval(f"{script}\n//# sourceURL={filename}\n", timeout=timeout_s)
