"""A sandbox whose handler evaluates an expression over its settings: JavaScript itself makes a secret's forms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig

ECHO = "async function onTrack(event, settings) { return eval(event.expr); }"


@contextmanager
def eval_engine(folder: Path, secrets: Sequence[str]) -> Iterator[Engine]:
    """An engine whose secrets are `secrets`, with ECHO loaded from `folder`."""
    handler = folder / "handler.js"
    handler.write_text(ECHO, encoding="utf-8")
    engine = Engine(SandboxConfig(network=NetworkOptions(secrets=list(secrets))))
    engine.start()
    try:
        assert engine.load(handler).ok
        yield engine
    finally:
        engine.close()


def made_by_js(engine: Engine, expression: str, secret: str) -> str:
    """What the handler's JavaScript makes of `secret` (as settings.k) with `expression`."""
    result = engine.invoke({"type": "track", "expr": expression}, {"k": secret})
    assert result.outcome == "success", result.error
    return result.return_value
