"""What a run's request records keep of the bodies sent and received: each at most 1 MB (segtui.records), and all of a
run's together at most RUN_BODIES_BYTES, as its logs have a budget of their own; and how many records a run stopped
at a limit keeps (STOPPED_RUN_RECORDS).

A handler that sends and reads many large bodies holds one or two at a time; the records held every one whole until
the run ended, and that alone took the sandbox past its memory limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

    def keep(self, body: bytes) -> bytes:
        """The start of `body` its record keeps (`body` itself when that is all of it), spent from the budget."""
        size = len(body)
        if size <= self.left and size <= MAX_RECORDED_BODY:  # nearly always: no copy
            self.left -= size
            return body
        kept = body[:min(MAX_RECORDED_BODY, self.left)]
        self.left -= len(kept)
        return kept


def unrecorded_note(kept: int, rest: list[Exchange]) -> str:
    """What a stopped run's result says of the requests after the first `kept`, which it does not record: how they went."""
    return _note(kept, [(exchange.error is None, exchange.note) for exchange in rest])


def within_budget(records: list[dict[str, Any]], most: int = STOPPED_RUN_RECORDS) -> tuple[list[dict[str, Any]], str | None]:
    """A stopped run's records already built (a run that finished while it was being stopped), the first `most`, and
    the note of how the others went."""
    if len(records) <= most:
        return records, None
    return records[:most], _note(most, [(record.get("error") is None, record.get("note")) for record in records[most:]])


def _note(kept: int, rest: list[tuple[bool, str | None]]) -> str:
    answered = sum(ok for ok, _ in rest)
    waiting = sum(not ok and DEADLINE_NOTE in (note or "") for ok, note in rest)
    return (f"the run made {kept + len(rest):,} requests and was stopped at a limit: the first {kept:,} are recorded; "
            f"of the {len(rest):,} after them: {answered:,} answered, {waiting:,} still waiting at the time limit, "
            f"{len(rest) - answered - waiting:,} failed otherwise")
