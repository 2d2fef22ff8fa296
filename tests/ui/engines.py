"""Engines for the TUI flow tests: a scripted one with no V8 for flows that check only the UI, and the real one behind a gate."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from segtui.engine.engine import Engine, LoadResult
from segtui.invocation import Invocation, event_identity
from segtui.ui.app import SegtuiApp

GATE_LIMIT_S = 60.0
"""The longest a gated run waits for its test (a bound for a hung test, never a timing assertion)."""


class ScriptedEngine(Engine):
    """Every run loads and succeeds at once, returning the event it was given; no sandbox process is started."""

    def run_fresh(self, path: str | Path, source: str | None, event: dict[str, Any] | list[Any],
                  settings: dict[str, Any]) -> tuple[LoadResult, Invocation]:
        event_type, handler_name = event_identity(event)
        return LoadResult(True, [handler_name] if handler_name else []), Invocation(
            str(path), event_type, handler_name, "success", return_value=event)


class GatedEngine(Engine):
    """The real engine, whose runs start only once the test opens `gate`: a run is in progress for as long as a test looks.

    Stopping the run (cancel) opens the gate too, so an app that exits never leaves a worker waiting.
    """

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def run_fresh(self, path: str | Path, source: str | None, event: dict[str, Any] | list[Any],
                  settings: dict[str, Any]) -> tuple[LoadResult, Invocation]:
        if not self.gate.wait(GATE_LIMIT_S):
            raise AssertionError("the test never opened the gate")
        return super().run_fresh(path, source, event, settings)

    def cancel(self) -> None:
        self.gate.set()
        super().cancel()


def on_engine(app: SegtuiApp, engine: Engine) -> SegtuiApp:
    """The same app (setup, clock, cursor blink) on another engine; `app` must not have run."""
    return SegtuiApp(app.setup, engine=engine, clock=app.clock, cursor_blink=app.cursor_blink)
