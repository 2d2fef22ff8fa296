"""What a run's request records keep of the bodies sent and received: each at most 1 MB (segtui.records), and all of a
run's together at most RUN_BODIES_BYTES, as its logs have a budget of their own.

A handler that sends and reads many large bodies holds one or two at a time; the records held every one whole until
the run ended, and that alone took the sandbox past its memory limit.
"""

from __future__ import annotations

from segtui.records import MAX_RECORDED_BODY

RUN_BODIES_BYTES = 32 * 2**20


class BodyBudget:
    """The bytes of bodies a run's records may still keep."""

    def __init__(self) -> None:
        self.left = RUN_BODIES_BYTES

    def reset(self) -> None:
        """A run begins: its records keep bodies up to the whole budget again."""
        self.left = RUN_BODIES_BYTES

    def keep(self, body: bytes) -> tuple[bytes, int]:
        """The start of `body` its record keeps, spent from the budget, and the body's whole size."""
        kept = body[:min(MAX_RECORDED_BODY, self.left)]
        self.left -= len(kept)
        return kept, len(body)
