"""Helpers for tests that run handlers in the real sandbox: write a handler file, run events on it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from segtui.engine.engine import Engine
from segtui.invocation import Invocation
from segtui.protocol import NetworkOptions, SandboxConfig


class HandlerRunner:
    """Writes handler sources to files under `root` and runs events on them with one shared engine."""

    def __init__(self, engine: Engine, root: Path) -> None:
        self.engine = engine
        self.root = root
        self.count = 0

    def write(self, source: str, name: str | None = None) -> Path:
        self.count += 1
        path = self.root / (name or f"handler{self.count}.js")
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        return path

    def load(self, source: str, name: str | None = None):
        return self.engine.load(self.write(source, name))

    def run(self, source: str, event: dict | list | None = None, settings: dict | None = None) -> Invocation:
        loaded = self.load(source)
        assert loaded.ok, loaded.error
        return self.engine.invoke(event if event is not None else {"type": "track", "event": "Test"}, settings or {})


def run_on_track(engine: Engine, root: Path, body: str, settings: dict | None = None) -> Invocation:
    """Run a track event on a handler whose onTrack(event, settings) is `body` (indented as you like)."""
    source = f"async function onTrack(event, settings) {{\n{textwrap.dedent(body)}\n}}"
    return HandlerRunner(engine, root).run(source, settings=settings)


def make_engine(**options) -> Engine:
    """A started engine with the given SandboxConfig options (`network` as the JSON of NetworkOptions)."""
    if "network" in options:
        options["network"] = NetworkOptions.from_json(options["network"])
    engine = Engine(SandboxConfig(**options))
    engine.start()
    return engine


RECOVERY = "async function onIdentify() { return 'still alive' }"


def assert_engine_still_works(runner: HandlerRunner) -> None:
    """The runner's engine still runs a handler after whatever the test did to it."""
    assert runner.run(RECOVERY, {"type": "identify"}).return_value == "still alive"


def fetch_returned(runner: HandlerRunner, loopback, body: str):
    """Run `body` as an async onTrack (BASE is the server's URL) and return its Callback Return."""
    source = f"async function onTrack(event, settings) {{\n  const BASE = settings.base;\n{body}\n}}"
    result = runner.run(source, settings={"base": loopback.base})
    assert result.outcome == "success", result.error
    return result.return_value
