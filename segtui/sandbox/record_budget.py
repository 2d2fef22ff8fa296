"""What a run's request records keep of the bodies sent and received: each at most 1 MB (segtui.records), and all of a
run's together at most RUN_BODIES_BYTES, as its logs have a budget of their own; and how many records a run stopped
at a limit keeps (STOPPED_RUN_RECORDS).

A handler that sends and reads many large bodies holds one or two at a time; the records held every one whole until
the run ended, and that alone took the sandbox past its memory limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segtui.records import MAX_RECORDED_BODY
from segtui.sandbox.exchange import DEADLINE_NOTE

if TYPE_CHECKING:
    from segtui.sandbox.exchange import Exchange

RUN_BODIES_BYTES = 32 * 2**20
STOPPED_RUN_RECORDS = 1000
"""The most requests a run stopped at a limit records in full: building a record takes ~50 µs, and the sandbox has
under a second to answer before segtui takes it for stuck (10,000 concurrent fetches took it past that)."""


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


def unrecorded_note(kept: int, rest: list[Exchange]) -> str:
    """What a stopped run's result says of the requests after the first `kept`, which it does not record: how they went."""
    answered = sum(exchange.error is None for exchange in rest)
    waiting = sum(exchange.error is not None and DEADLINE_NOTE in (exchange.note or "") for exchange in rest)
    return (f"the run made {kept + len(rest):,} requests and was stopped at a limit: the first {kept:,} are recorded; "
            f"of the {len(rest):,} after them: {answered:,} answered, {waiting:,} still waiting at the time limit, "
            f"{len(rest) - answered - waiting:,} failed otherwise")
