"""Starter files for new functions, one per kind."""

from pathlib import Path

from segtui.kinds import FunctionKind

_FILES: dict[FunctionKind, str] = {"destination": "handler.js", "insert": "insert.js", "source": "source.js"}


def handler_template(kind: FunctionKind = "destination") -> str:
    """The handler a new function starts with: for a destination, Segment's editor's (onTrack posts the event, the rest
    are unsupported); for an insert function, handlers that pass the event on; for a source, onRequest emitting messages."""
    return (Path(__file__).parent / _FILES[kind]).read_text(encoding="utf-8")
