"""Importing this starts V8 and, on its owner thread, the sandbox's first context with the prelude evaluated in it,
while the sandbox imports mini-racer's package and the rest of itself (segtui.sandbox.v8_start.evaluate_first)."""

from __future__ import annotations

from segtui.sandbox import v8_start


def _prelude() -> str:
    """The prelude's source, with util.inspect's, read on the owner thread."""
    from segtui.sandbox.prelude import first_prelude_source

    return first_prelude_source()


v8_start.evaluate_first(_prelude)
