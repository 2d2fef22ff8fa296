"""Garbage kept out of the memory limit: a full collection between events once V8's heap nears the limit.

V8's hard limit (`--memory`) is checked after each of V8's collections against its whole heap, garbage included, and V8
leaves garbage in its old generation until its own heuristics (which know nothing of the limit) call a full collection:
a handler that churns tens of MB per event while keeping little built up garbage across events until one event ended
past the limit with its live memory far below it. Once the heap is past a threshold below the hard limit, the sandbox
collects all garbage as an event's result is handed over (results.js, between events, on V8's thread); the hard limit
then stops only a handler whose live memory is past it. The common path costs one read of V8's heap statistics per
hand-over (at most one per 10 ms of a run, and one at its end).
"""

from __future__ import annotations

from segtui.sandbox.v8 import V8Context


class HeapPressure:
    """When one context's heap calls for a collection between events.

    At first past half the hard limit; after a collection, past halfway from what it left (live memory) to the hard
    limit, so that a handler that keeps much alive is collected no more often than garbage fills half its room.
    """

    def __init__(self, context: V8Context, limit_bytes: int) -> None:
        self._context = context
        self._limit = limit_bytes
        self._past = limit_bytes // 2
        context.set_memory_limit(limit_bytes)

    def relieve(self) -> bool:
        """Collect all garbage if the heap is past the threshold (on V8's thread, between events); return whether it did."""
        if self._context.heap_used() <= self._past:
            return False
        self._context.collect_garbage()
        live = self._context.heap_used()
        self._past = live + max(0, self._limit - live) // 2
        return True
