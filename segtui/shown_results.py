"""Results as `segtui replay --json` prints them, masked where a result is: in the sandbox while a fetch waits on the
network (segtui then only writes the line), or in segtui for a result it made or read whole."""

from __future__ import annotations

import json
from typing import Any

from segtui.invocation import Invocation
from segtui.masking import Masker

_encode = json.JSONEncoder(ensure_ascii=False).encode
"""One result's JSON text; one encoder for every line (json.dumps with options builds one per call)."""


def json_line(invocation: Invocation, masker: Masker) -> str:
    """An invocation's documented JSON (`segtui run --json`'s object), masked, as one line without its newline."""
    return _encode(invocation.shown if invocation.shown is not None else masker.invocation(invocation))


def digest(invocation: Invocation, masker: Masker) -> dict[str, Any]:
    """A result as the sandbox sends it to be printed: its documented JSON masked (`shown`), and what a replay's summary
    counts and lists (Invocation.from_json reads both). segtui encodes the line: on V8's thread it cost more than the
    wire's encoding of the same object, and segtui's process has time to spare."""
    return {**_counted(invocation), "shown": masker.invocation(invocation)}


def _counted(invocation: Invocation) -> dict[str, Any]:
    return {"event_type": invocation.event_type, "handler_name": invocation.handler_name, "outcome": invocation.outcome,
            "error": invocation.error.to_json() if invocation.error else None, "duration_ms": invocation.duration_ms,
            "sandbox_reset": invocation.sandbox_reset, "items": [_counted(item) for item in invocation.items]}
