"""How segtui writes a duration, the same in the TUI and in the headless commands' text output."""

from __future__ import annotations


def duration_text(ms: float) -> str:
    """A duration as one word (`11.9ms`, `123ms`, `1.01s`): a pane too narrow for a line wraps it whole."""
    if ms >= 1000:
        return f"{ms / 1000:.2f}s"
    return f"{ms:.1f}ms" if ms < 100 else f"{ms:.0f}ms"
