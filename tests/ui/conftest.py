"""Fixtures for the TUI tests: a handler in tmp_path, the real engine, a frozen clock, no cursor blink."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from segtui.commands.tui import build_parser, make_setup
from segtui.ui.app import SegtuiApp
from segtui.ui.session import FrozenClock
from ui.helpers import SIMPLE_HANDLER, write


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the handler; the working folder too, so paths shown are short and stable."""
    folder = tmp_path / "fn"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def make_app(workdir: Path) -> Callable[..., SegtuiApp]:
    """Build the app on `handler.js` in the work folder, with extra command-line arguments."""

    def build(source: str = SIMPLE_HANDLER, *args: str, timeout: float = 5.0, settings: dict | None = None,
              schema: list | None = None) -> SegtuiApp:
        write(workdir / "handler.js", source)
        if schema is not None:
            write(workdir / "segtui.json", json.dumps({"settings": schema}))
        if settings is not None:
            write(workdir / "segtui.settings.json", json.dumps(settings))
        parsed = build_parser().parse_args(["handler.js", "--timeout", str(timeout), *args])
        return SegtuiApp(make_setup(parsed), clock=FrozenClock(), cursor_blink=False)

    return build
