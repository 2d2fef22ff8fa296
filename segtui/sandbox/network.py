"""The fetch host op: each request answered by a mock rule, a cassette, the offline refusal or the network, and recorded.

fetch.js sends every request started in the same tick in one call; they are decided in order
(so mock `times` and cassette order are deterministic), then the ones that wait (on the network
or a mock delay) run: a lone one on V8's thread, several concurrently on a thread pool. V8 cannot
be stopped while a host call runs, so the call never outlives the run's deadline by more than a
moment: every wait ends by then on its own, the pool is waited on until then only, and a live
request still running at its end (its `timeout`, or the deadline) is cut off. While one of the handler's
timers is set, the call waits only until that timer is due (fetch_tickets).

A fetch does the sandbox's own work while it waits (`Meanwhile`: writing the results taken before it,
once its request is on the wire if many wait, and all of them once its answer is late), and keeps each
exchange as it is until its record is asked for, so that neither sits between the handler and the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from segtui.errors import SegtuiInputError
from segtui.mock_misses import MISSED
from segtui.mock_rules import DEFAULT_MOCK_FILENAME, MockFile
from segtui.protocol import NetworkOptions
from segtui.sandbox.exchange import Exchange, Outgoing, js_reply, record, system_error, unsent
from segtui.sandbox.fetch_tickets import ABANDONED, ABORTED, NeverAnswered, Ticket, Tickets
from segtui.sandbox.meanwhile import LATE_S, Meanwhile, nothing
from segtui.sandbox.mock_answers import DelayedAnswer, answer
from segtui.sandbox.record_budget import BodyBudget, unrecorded_note

if TYPE_CHECKING:
    # Masking (and the cassettes it masks) is imported when a cassette is first written or read: a sandbox that writes
    # none never pays its import (~50-120 ms of its start-up, which a `segtui run` waits for).
    from segtui.masking import Masker
    from segtui.sandbox.cassette_answers import Cassette
    from segtui.sandbox.connector import Connector
    from segtui.sandbox.live_http import LiveRequest

GONE = "gone"
"""The reply to a request its handler is not answered, as the run is at its limit (fetch.js lets go of it)."""
_GRACE_S = 0.1  # give up just after the run's deadline, so that the sandbox reports the Timeout itself
MAX_THREADS = 16
"""The most requests of a run on the network at once; the others queue until one ends."""


class Pending(Protocol):
    """Work that answers a request after a wait: a live request (LiveRequest) or a mock delay (DelayedAnswer)."""

    ends_at: float
    outgoing: Outgoing

    def __call__(self, meanwhile: Callable[[bool], None]) -> Exchange:
        """Do the work, calling `meanwhile(False)` once the wait has begun and `meanwhile(True)` once it is late
        (meanwhile.LATE_S); it gives up by `ends_at` on its own unless something blocks it."""

    def cut(self) -> None:
        """Unblock the work once `ends_at` has passed (from another thread)."""


_Kept = TypeVar("_Kept", Outgoing, Exchange)

Recorded = list[tuple[int, Outgoing, Exchange]]
"""Requests as a fetch leaves them, not yet records: each one's fetch number, what was sent, what came back."""


class Network:
    """Serves fetch for one sandbox under its network options and keeps the records of the current run."""

    def __init__(self, options: NetworkOptions, timeout_s: float, body_limit: int = 2**40) -> None:
        self.timeout_s = timeout_s
        self.body_limit = body_limit
        """The most of a live response's body read (the sandbox's memory limit: more could never reach the handler)."""
        self._recorded: list[tuple[int, Outgoing, Exchange | Ticket]] = []
        self._bodies = BodyBudget()
        self._chains: dict[int, int] = {}
        self._run_started = time.perf_counter()
        self._deadline: float | None = None
        self._live: tuple[type[LiveRequest], Connector] | None = None
        """What makes live requests, and the connector they share: imported at the first, not looked up at each."""
        self._pool: ThreadPoolExecutor | None = None
        self._tickets = Tickets(self._kept)
        self._cassette: Cassette | None = None
        self.options = options
        self._mocks = MockFile(self.options.mock, self.options.mock_parsed) if self.options.mock else None
        if not options.offline:  # live requests' modules (~10 ms) as the sandbox starts, not in a run; offline: never
            import segtui.sandbox.live_http  # noqa: F401
        self._forms: list[str] = []
        self._masker: Masker | None = None
        self.refusing = False
        """Set while the sandbox stops a run at a limit, until the next load: a request then fails at once, unsent and
        unrecorded (its event runs again on a fresh load)."""

    def use_forms(self, forms: list[str]) -> None:
        """Mask cassettes by every form of the secrets, as the sandbox's JavaScript computed them; with a cassette to
        write or read, the masker is made now, as the handler loads, not in a request's time limit (a review: its
        import, ~50-120 ms, made a run with a short limit time out)."""
        self._forms = forms
        self._masker = self._new_masker() if self.options.record or self.options.replay else None

    @property
    def masker(self) -> Masker:
        """Masks cassettes (a long secret's forms take a while to index)."""
        if self._masker is None:
            self._masker = self._new_masker()
        return self._masker

    def _new_masker(self) -> Masker:
        from segtui.masking import Masker

        return Masker(self.options.secrets, self._forms)

    def read_mocks(self) -> None:
        """Read the mock file now, before any run, so that a big one's parse is not counted in a run's time; a bad one
        is reported by the first request it would answer, as when it turns bad later."""
        if self._mocks is not None:
            try:
                self._mocks.refresh()
            except SegtuiInputError:
                pass

    def begin_run(self, started: float) -> None:
        """A run started at `started` (time.perf_counter): its deadline is the sandbox's time limit from then."""
        self._run_started = started
        self._deadline = self._run_started + self.timeout_s
        self._bodies.reset()

    def close_connections(self) -> None:
        """Close the connections of requests answered in full (connector.Connector.finished) and the spare sockets;
        the run is over."""
        if self._live is not None:
            self._live[1].close_all()

    def take_records(self) -> list[dict[str, Any]]:
        """The records since the last take (a handler's top level included), in request order."""
        return self.records(self.take_recorded())

    def take_records_within(self, most: int) -> tuple[list[dict[str, Any]], str | None]:
        """The records since the last take, of the first `most` requests only, and a note of how the others went."""
        recorded = self.take_recorded()
        if len(recorded) <= most:
            return self.records(recorded), None
        return self.records(recorded[:most]), unrecorded_note(most, [exchange for _, _, exchange in recorded[most:]])

    def take_recorded(self) -> Recorded:
        """The requests since the last take as they are, for `records` to build later."""
        taken, self._recorded = self._recorded, []
        self._chains = {}
        # Their handlers have ended (or their run timed out): a request still on its way is settled now.
        timed_out = self._deadline is not None and time.perf_counter() >= self._deadline
        return [(fetch_number, request, self._tickets.settle_for_record(exchange, timed_out)
                 if isinstance(exchange, Ticket) else exchange) for fetch_number, request, exchange in taken]

    def records(self, recorded: Recorded) -> list[dict[str, Any]]:
        """The records of requests taken together (`take_recorded`), numbered in order, with their cassette
        interactions under --record."""
        built = []
        for number, (fetch_number, request, exchange) in enumerate(recorded, 1):
            data = record(number, fetch_number, request, exchange)
            if self.options.record and exchange.source == "live" and exchange.sent:
                # segtui (the parent process) writes the cassette, in the order of the events.
                # A cassette is committed and shared, as goldens are: masked whatever --reveal-secrets says.
                from segtui.sandbox.cassette_answers import interaction

                data["interaction"] = interaction(request, exchange, self.masker)
            built.append(data)
        return built

    def fetch(self, batch: dict[str, Any], meanwhile: Callable[[bool], None] = nothing) -> list[Any]:
        """The host op: perform a batch of fetch.js wire items, returning one reply each, in order; `meanwhile(late)` is
        done once the requests wait (or before they are answered, when none waits), and again as late should their
        answer not have begun within LATE_S (`Meanwhile`).

        `fresh` marks the first batch of a new load, a new handler instance whose mock `times` count from zero.
        """
        once = Meanwhile(meanwhile)
        if self.refusing:
            once.finish()
            return [GONE] * len(batch["items"])
        if batch.get("fresh") and self._mocks is not None:
            self._mocks.reset_counts()
        items = batch["items"]
        now = time.perf_counter()
        # A request made once the deadline has passed (before V8 was stopped) ends at once: a full time limit of its
        # own would hold V8's thread, and the sandbox could then neither stop it nor hand over the run's logs.
        deadline = (now + self.timeout_s if self._deadline is None else self._deadline) + _GRACE_S
        # `wake_in`: ms until the handler's next timer is due, when one is set (fetch_tickets).
        wake_at = None if batch.get("wake_in") is None else now + max(float(batch["wake_in"]), 0.0) / 1000
        if len(items) > 1 or self._tickets.has_open() or (wake_at is not None and wake_at < deadline):
            replies = self._fetch_pooled(items, now, deadline, wake_at, once, leaving=bool(batch.get("leaving")))
        else:
            replies = self._fetch_lone(Outgoing.from_js(items[0]), now, deadline, once)
        once.finish()
        if self._at_limit(time.perf_counter()):
            # The run reached its deadline while these waited: Segment stops its handler there, so none is answered,
            # not even with the timeout of work cut off at the deadline (its records have them). Structural, not a
            # race with the sandbox stopping V8: such work ends only past the deadline, so this look always sees it.
            return [GONE] * len(replies)
        return replies

    def _fetch_lone(self, request: Outgoing, now: float, deadline: float, once: Meanwhile) -> list[Any]:
        """A lone request with no timer due before the deadline: performed on V8's thread, then recorded."""
        decided, miss = self._decide_in_time(request, deadline)
        exchange = decided if isinstance(decided, Exchange) else self._timed(decided, once)
        self._settled_now(exchange, miss, time.time(), now)
        self._record(request, exchange)
        return [js_reply(exchange)]

    def _fetch_pooled(self, items: list[dict[str, Any]], now: float, deadline: float, wake_at: float | None,
                      once: Meanwhile, leaving: bool = False) -> list[Any]:
        """Several requests (or one while a timer is due or earlier tickets wait): each is decided, its work put on the
        pool and recorded as it comes, so that a run stopped while thousands are made keeps those made so far; none
        is sent once the run's deadline has passed. They are waited for until the work of one (or of a ticket out
        before) has ended, or `wake_at`; what still runs then goes on as a ticket, as does every one made as its
        handler ended (`leaving`: none is answered, though a quick one may have ended already)."""
        started_wall = time.time()
        started_at = (now, started_wall, (now - self._run_started) * 1000)
        made: list[Exchange | Ticket] = []
        for item in items:
            request = Outgoing.from_js(item)
            decided, miss = self._decide_in_time(request, deadline)
            if isinstance(decided, Exchange):
                made.append(self._settled_now(decided, miss, started_wall, now))
            else:
                made.append(self._tickets.issue(decided, self._pooled().submit(self._timed, decided, nothing), miss,
                                                started_at))
            self._record(request, made[-1])
        tickets = sum(isinstance(request_made, Ticket) for request_made in made)
        once()
        # Several requests at once come back as each is answered, as Node delivers them (the first settles a race);
        # one answered already (a mock's) settles at once, and the others go on as tickets.
        if 0 < tickets == len(made):
            self._wait_for_end(min(wake_at or deadline, deadline), once)
        replies: list[Any] = []
        for request_made in made:
            if isinstance(request_made, Exchange):
                replies.append(js_reply(request_made))
            elif not leaving and request_made.future.done() and not request_made.future.cancelled():
                self._tickets.answer(request_made, request_made.future.result())
                replies.append(js_reply(request_made.future.result()))
            else:  # past the deadline too: fetch_wait, or the records of the stopped run, settle it
                replies.append({"ticket": request_made.number})
        return replies

    def _settled_now(self, exchange: Exchange, miss: str | None, started_wall: float, now: float) -> Exchange:
        """An exchange settled in the fetch call itself, with its note of the mock rules it missed, timed from the
        call's start when no wait timed it."""
        if miss is not None:
            exchange.note = "; ".join(note for note in (exchange.note, miss) if note)
        if not exchange.started_wall:
            exchange.started_wall = started_wall
            exchange.offset_ms = (now - self._run_started) * 1000
        return exchange

    def _record(self, request: Outgoing, answer: Exchange | Ticket) -> None:
        """Record a request now (a ticket's exchange is settled when the record is taken), numbered by its redirect
        chain; the list is looked up each time, as the thread stopping a run may take it meanwhile."""
        self._recorded.append((self._chains.setdefault(request.chain, len(self._chains) + 1), self._kept(request),
                               answer if isinstance(answer, Ticket) else self._kept(answer)))

    def fetch_wait(self, payload: dict[str, Any], meanwhile: Callable[[bool], None] = nothing) -> list[Any]:
        """The host op for tickets (fetch_tickets): wait until the work of one of them has ended, the handler's next
        timer is due (`wake_in` ms, when one is armed) or the run's deadline, doing `meanwhile(True)` should that take
        LATE_S; then [number, reply] for each ticket answered, and [number, "gone"] for each settled without its
        handler hearing (the handler returned first)."""
        now = time.perf_counter()
        if not self._at_limit(now) and self._tickets.has_open():
            deadline = (self._deadline if self._deadline is not None else now) + _GRACE_S
            wake_in = payload.get("wake_in")
            self._wait_for_end(deadline if wake_in is None else min(now + max(float(wake_in), 0.0) / 1000, deadline),
                               meanwhile)
        ended = [] if self._at_limit(now) else self._tickets.take_ended()
        if self._at_limit(time.perf_counter()):
            # The run is at its limit and being stopped: its records settle the tickets, and its handler, which Segment
            # would stop there, is not answered (10,000 rejected cost a starved sandbox seconds of its stop). Looked at
            # after the take, as in `fetch`: work cut off at the deadline ends only past it, however late this runs.
            numbers = [ticket.number for ticket, _ in ended] + self._tickets.open_numbers() + self._tickets.take_gone()
            return [[number, GONE] for number in numbers]
        replies: list[Any] = [[ticket.number, js_reply(exchange)] for ticket, exchange in ended]
        return replies + [[number, GONE] for number in self._tickets.take_gone()]

    def _wait_for_end(self, until: float, meanwhile: Callable[[bool], None]) -> None:
        """Wait until the work of a ticket has ended (Tickets.wait_for_end), doing `meanwhile(True)` should that take
        LATE_S."""
        if not self._tickets.wait_for_end(min(until, time.perf_counter() + LATE_S)):
            meanwhile(True)
            self._tickets.wait_for_end(until)

    def _at_limit(self, now: float) -> bool:
        """Whether the run has reached its deadline or is being stopped at a limit: no request is sent or answered."""
        return self.refusing or (self._deadline is not None and now >= self._deadline)

    def _kept(self, sent_or_answer: _Kept) -> _Kept:
        """A copy of what was sent or came back, holding only the start of its body that its record keeps (the
        handler has it whole); all of it under --record, whose cassette keeps bodies whole."""
        whole = sent_or_answer.body
        if whole is None or self.options.record:
            return sent_or_answer
        body = self._bodies.keep(whole)
        # Kept whole (nearly always): the same object; a copy of each costs ~2 µs warm on V8's thread, more cold.
        return sent_or_answer if body is whole else replace(sent_or_answer, body=body, body_size=len(whole))

    def fetch_abort(self, payload: dict[str, Any]) -> None:
        """The host op for tickets whose handler aborted them (fetch's `signal`): each is settled as aborted."""
        for number in payload["tickets"]:
            self._tickets.abort(int(number))

    def _decide_in_time(self, request: Outgoing, deadline: float) -> tuple[Exchange | Pending, str | None]:
        """`_decide`, unless the run has reached its deadline: then the request is not sent."""
        if self._at_limit(time.perf_counter()):
            return unsent(request.url), None
        return self._decide(request, deadline)

    def _decide(self, request: Outgoing, deadline: float) -> tuple[Exchange | Pending, str | None]:
        """How a request is answered: an exchange settled at once, or work that waits on the network or a delay;
        and, when mock rules nearly answered it, which came closest and what differs (for its record)."""
        miss = None
        if self._mocks is not None:
            try:
                rule = self._mocks.match(request.method, request.url)
                closest = None if rule is not None else self._mocks.explain(request.method, request.url)
            except SegtuiInputError as error:
                return Exchange(error=system_error(request.url, f"segtui mock file: {error}", "EINVAL"), source="mock"), None
            if rule is not None and (rule.delay_ms or rule.fail == "timeout"):
                return DelayedAnswer(rule, request, deadline), None
            if rule is not None:
                return answer(rule, request, deadline), None
            miss = f"{MISSED}; {closest}" if closest else None
        if self.options.replay:
            return self._replay(request, self.options.replay, deadline), miss
        if self.options.offline:
            return self._refuse(request, miss), None
        if self._live is None:
            from segtui.sandbox.connector import Connector
            from segtui.sandbox.live_http import LiveRequest

            self._live = (LiveRequest, Connector())
        live_request, connector = self._live
        return live_request(connector, request, deadline, self.body_limit), miss

    def _replay(self, request: Outgoing, cassette: str, deadline: float) -> Exchange | Pending:
        try:
            if self._cassette is None:
                from segtui.sandbox.cassette_answers import Cassette

                self._cassette = Cassette(cassette, self.masker)
        except SegtuiInputError as error:
            return Exchange(error=system_error(request.url, f"segtui replay: {error}", "EINVAL"), source="replay")
        exchange = self._cassette.answer(request)
        if exchange.error is not None and exchange.error.get("type") in (ABANDONED, ABORTED):
            return NeverAnswered(request, deadline)
        return exchange

    def _refuse(self, request: Outgoing, miss: str | None) -> Exchange:
        if self._mocks is None:
            hint = f"add a mock rule for it with --mock, or in {DEFAULT_MOCK_FILENAME} beside the handler"
        else:
            hint = miss or MISSED
        reason = f"segtui is offline: no request leaves the machine ({request.method} {request.url}: {hint})"
        return Exchange(error=system_error(request.url, reason, "ENETUNREACH"), source="offline")

    def _timed(self, pending: Pending, meanwhile: Callable[[bool], None]) -> Exchange:
        started, started_wall = time.perf_counter(), time.time()
        if isinstance(pending, DelayedAnswer):  # its delay counts from the fetch call (it may have queued): so does its record
            started_wall -= started - pending.called
            started = pending.called
        exchange = pending(meanwhile)
        exchange.started_wall = started_wall
        exchange.offset_ms = (started - self._run_started) * 1000
        exchange.duration_ms = (time.perf_counter() - started) * 1000
        return exchange

    def _pooled(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(MAX_THREADS, thread_name_prefix="segtui-fetch")
        return self._pool

