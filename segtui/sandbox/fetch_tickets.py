"""Requests a fetch stopped waiting for because one of the handler's timers came due: each is a ticket, answered later.

Node runs a handler's timers while its requests wait on the network, so a `Promise.race` of a fetch and a
`setTimeout` is won by the timer when the server is slow. V8 runs no JS while a host call waits, so a fetch
made while a timer is armed waits only until that timer is due; what is still on its way then carries on in
the pool, and fetch.js asks for it again (`fetch_wait`) once the due timers have run.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from segtui.sandbox.exchange import Exchange, Outgoing, past_deadline, unsent
from segtui.sandbox.mock_answers import DelayedAnswer

if TYPE_CHECKING:
    from segtui.sandbox.network import Pending

ABANDONED_NOTE = "segtui stopped waiting: the handler ended without waiting for the response"
ABANDONED = "abandoned"
"""The error type of such a request's record (and of its exchange in a cassette)."""
ABORTED_NOTE = "The user aborted a request."
ABORTED = "aborted"
"""The error type of a request its handler aborted through fetch's `signal` (node-fetch's AbortError's `type`)."""


class Ticket:
    """One request still on its way: its work on the pool, and its record's exchange once it is settled."""

    def __init__(self, number: int, pending: Pending, future: Future[Exchange], miss: str | None,
                 started: tuple[float, float, float]) -> None:
        self.number = number
        self.pending = pending
        self.future = future
        self.miss = miss
        self.started = started
        """When the fetch was called: time.perf_counter(), time.time() and ms into its run."""
        self.settled: Exchange | None = None
        """The exchange its record shows: the answer, or the abandonment when its handler returned first."""
        self.cut = False


class Tickets:
    """The tickets a sandbox has out; settled from V8's thread (answered) or the thread taking records (abandoned).

    Each ticket's work tells when it ends, so that a wait costs the same with 10,000 tickets out as with one (asking
    each ticket's future, twice a wake, made a fan-out of 10,000 fetches quadratic: 9 s against a fast server)."""

    def __init__(self, kept: Callable[[Exchange], Exchange] = lambda exchange: exchange) -> None:
        self._kept = kept
        """What a settled answer's record keeps of it (Network._kept: its body within the run's budget)."""
        self._lock = threading.Lock()
        self._open: dict[int, Ticket] = {}
        self._issued = 0
        self._ended: dict[int, None] = {}
        """Open tickets whose work has ended, not yet answered, in the order they ended (as Node delivers them)."""
        self._gone: list[int] = []
        """Tickets settled for their record before their handler heard of them, for fetch.js to let go of."""
        self._changed = threading.Event()
        self._first_end = math.inf
        """No open ticket's work is due to be cut off before this (a ticket cut already aside)."""

    def issue(self, pending: Pending, future: Future[Exchange], miss: str | None,
              started: tuple[float, float, float]) -> Ticket:
        """A ticket for work running on the pool since `started` (Ticket.started)."""
        with self._lock:
            self._issued += 1
            ticket = Ticket(self._issued, pending, future, miss, started)
            self._open[ticket.number] = ticket
            self._first_end = min(self._first_end, pending.ends_at)
        future.add_done_callback(lambda _: self._work_ended(ticket.number))  # at once, here, when done already
        return ticket

    def _work_ended(self, number: int) -> None:
        with self._lock:
            if number not in self._open:
                return
            self._ended[number] = None
        self._changed.set()

    def has_open(self) -> bool:
        """Whether any ticket is out: a fetch made meanwhile waits no longer than the first of their work to end, so
        that the earlier request is answered first, as in Node."""
        return bool(self._open)

    def open_numbers(self) -> list[int]:
        """The numbers of the tickets out."""
        with self._lock:
            return list(self._open)

    def wait_for_end(self, give_up_at: float) -> bool:
        """Wait until the work of an open ticket has ended, one was settled for its record, or `give_up_at`; work
        still running at its `ends_at` is cut off meanwhile. Whether it was not `give_up_at` that ended the wait."""
        while True:
            self._changed.clear()  # before looking: what ends after the look wakes the wait below
            now = time.perf_counter()
            if self._ended or self._gone or now >= give_up_at:
                return bool(self._ended or self._gone)
            self._changed.wait(min(give_up_at, self._cut_due(now)) - now)

    def _cut_due(self, now: float) -> float:
        """Cut off the work of open tickets due by `now`; when the next is due."""
        due = []
        with self._lock:
            if now >= self._first_end:
                self._first_end = math.inf
                for ticket in self._open.values():
                    if ticket.cut:
                        continue
                    if ticket.pending.ends_at <= now:
                        ticket.cut = True
                        due.append(ticket)
                    else:
                        self._first_end = min(self._first_end, ticket.pending.ends_at)
            first_end = self._first_end
        for ticket in due:
            ticket.pending.cut()
        return first_end

    def take_ended(self) -> list[tuple[Ticket, Exchange]]:
        """The open tickets whose work has ended, each settled with its answer, and that answer whole."""
        with self._lock:
            tickets = [self._open.pop(number) for number in self._ended]
            self._ended.clear()
            for ticket in tickets:
                self._answered(ticket, ticket.future.result())
        return [(ticket, ticket.future.result()) for ticket in tickets]

    def _answered(self, ticket: Ticket, exchange: Exchange) -> None:
        """Settle a ticket with its answer, as its record keeps it."""
        ticket.settled = _with_miss(self._kept(exchange), ticket.miss)

    def take_gone(self) -> list[int]:
        """The tickets settled for their record since the last take, which their handler never heard of."""
        with self._lock:
            gone, self._gone = self._gone, []
        return gone

    def answer(self, ticket: Ticket, exchange: Exchange) -> bool:
        """Settle an open ticket with its answer; False when it was abandoned meanwhile."""
        with self._lock:
            if self._open.pop(ticket.number, None) is None:
                return False
            self._ended.pop(ticket.number, None)
            self._answered(ticket, exchange)
            return True

    def abort(self, number: int) -> None:
        """Settle an open ticket as aborted by its handler (fetch's `signal`), cutting its work short."""
        with self._lock:
            ticket = self._open.pop(number, None)
            if ticket is None:
                return
            self._ended.pop(number, None)
            ticket.settled = _cut_short(ticket, ABORTED_NOTE, ABORTED)
        ticket.pending.cut()  # out of the lock, as whatever it wakes may end the work and call back
        ticket.future.cancel()  # work still queued on the pool never starts

    def settle_for_record(self, ticket: Ticket, timed_out: bool) -> Exchange:
        """The exchange for a ticket's record, now that its handler has ended without hearing of it: abandoned (its work
        cut short), whether its response came since or not, so that a fetch never awaited is recorded the same each
        run; in a run that `timed_out`, its answer when it came, else the time limit."""
        with self._lock:
            was_open = self._open.pop(ticket.number, None) is not None
            if was_open:
                self._ended.pop(ticket.number, None)
                self._gone.append(ticket.number)
                if timed_out and ticket.future.done():
                    self._answered(ticket, ticket.future.result())
                else:  # its handler never heard of it: abandoned, whether or not its response has come since
                    ticket.settled = (ticket_past_deadline(ticket) if timed_out
                                      else _cut_short(ticket, ABANDONED_NOTE, ABANDONED))
        if was_open:
            self._changed.set()
            if not ticket.future.done():
                # Out of the lock: a cancelled future calls back (_work_ended) at once, in this thread.
                ticket.pending.cut()
                ticket.future.cancel()  # work still queued on the pool never starts
        assert ticket.settled is not None
        return ticket.settled


def _with_miss(exchange: Exchange, miss: str | None) -> Exchange:
    if miss is not None:
        exchange.note = "; ".join(note for note in (exchange.note, miss) if note)
    return exchange


def timed(exchange: Exchange, ticket: Ticket) -> Exchange:
    """`exchange` made for a ticket's request without its work's timing: timed from when its fetch was called."""
    started, exchange.started_wall, exchange.offset_ms = ticket.started
    exchange.duration_ms = (time.perf_counter() - started) * 1000
    return exchange


def ticket_past_deadline(ticket: Ticket) -> Exchange:
    """The exchange of a ticket's request still waiting when the run reached its time limit; one still queued on the
    pool is never sent (its work, should it start, finds the deadline passed)."""
    queued = not (ticket.future.running() or ticket.future.done())  # done: it ended since its caller looked
    return timed((unsent if queued else past_deadline)(ticket.pending.outgoing.url), ticket)


def _cut_short(ticket: Ticket, message: str, kind: str) -> Exchange:
    """The record's exchange for a request no longer waited for: still waiting when its handler ended (Lambda would
    freeze it there), or aborted by the handler."""
    mock = ticket.pending if isinstance(ticket.pending, DelayedAnswer) else None
    source = "mock" if mock is not None else "replay" if isinstance(ticket.pending, NeverAnswered) else "live"
    return timed(Exchange(error={"message": message, "type": kind}, note=ticket.miss, source=source,
                          rule=None if mock is None else mock.rule.number), ticket)


class NeverAnswered:
    """A recorded request its handler did not wait for (a cassette's abandoned or aborted exchange): replayed, it
    waits as the recording did, until the handler ends or aborts it, or the run's deadline."""

    def __init__(self, outgoing: Outgoing, deadline: float) -> None:
        self.outgoing = outgoing
        self.ends_at = deadline
        self._cut = threading.Event()

    def __call__(self, meanwhile: Callable[[bool], None]) -> Exchange:
        """Do `meanwhile` as late (a wait until cut or the deadline), then wait."""
        meanwhile(True)
        self._cut.wait(max(self.ends_at - time.perf_counter(), 0.0))
        return past_deadline(self.outgoing.url, source="replay")

    def cut(self) -> None:
        """End the wait (from any thread)."""
        self._cut.set()
