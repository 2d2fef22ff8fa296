"""Starter files for new destination functions."""

from pathlib import Path


def handler_template() -> str:
    """The handler Segment's function editor starts with: onTrack posts the event, the rest are unsupported."""
    return (Path(__file__).parent / "handler.js").read_text(encoding="utf-8")
