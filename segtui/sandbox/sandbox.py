"""A handler loaded in a fresh V8 context and run event by event under time and memory limits."""

from __future__ import annotations

import json
import time
from typing import Any, TextIO

from py_mini_racer import JSEvalException, JSOOMException, JSParseException, JSTimeoutException

from segtui.protocol import CANCELLED_MESSAGE, LoadReply, SandboxConfig, encode
from segtui.sandbox import stopped_run, thread_state, top_level
from segtui.sandbox.channel import HostChannel
from segtui.sandbox.contexts import Input, Runtime, SpareBuild, build_spare, js_function, json_text, secret_forms
from segtui.sandbox.finished import result_text
from segtui.sandbox.heap_pressure import HeapPressure
from segtui.sandbox.record_budget import STOPPED_RUN_RECORDS, within_budget
from segtui.sandbox.resident_watch import ResidentWatch
from segtui.sandbox.results import Committed, ResultBuffer, RunReplies, parse
from segtui.sandbox.v8 import Interrupted, V8Context
from segtui.stacks import load_error, script_name

# segtui.invocation and segtui.masking (and the network stack, in Sandbox) are imported where they are used:
# the sandbox process starts building its first context once this module is imported, and they load meanwhile.

_WRITTEN_TOGETHER = 8  # results written at once while fetches wait: one after another, their code runs warm, not cold
# How often the thread watching a run wakes to send results JS has not handed over and to check the memory
# limit; it also wakes at each event's deadline. JS hands results over itself every 10 ms; Python takes them before
# each fetch and writes them once _WRITTEN_TOGETHER wait or the fetch's answer is late (meanwhile.LATE_S). So this
# bounds how long results wait only while JS keeps V8's thread busy, those taken before a quick fetch included. Each
# wake takes the GIL from V8's thread: at 5 ms this thread cost 80-120 µs of CPU per event of a replay with a fetch
# per event, at 50 ms 50-70.
_WATCH_S = 0.05


class Sandbox:
    """Owns the current V8 context; a timeout or a memory overrun discards it and the next run reloads.

    A spare context with the prelude already evaluated is prepared in the background, at start
    and whenever the worker is idle (`prepare_spare`), so a reload costs only the handler's own
    top level and building it never competes with a run for the CPU.
    """

    def __init__(self, config: SandboxConfig, first: SpareBuild | None = None) -> None:
        # Imported here, so that a sandbox process can start building its first context (`first`) before the
        # network stack is imported: the import then overlaps V8's start.
        from segtui.sandbox.host import Host

        self.config = config
        self.host = Host(config, on_results=self._on_results, before_fetch=self._take_before_fetch,
                         while_fetching=self._write_taken, on_limit=self._interrupt)
        # The mock rules are read now, while the first context builds, rather than at the first request, where a big
        # file's parse would count in the run's time limit (and its YAML parser's import, ~10 ms, in its time).
        self.host.network.read_mocks()
        self._loading: V8Context | None = None
        self._context: V8Context | None = None
        self._runtime: Runtime | None = None
        self._channel: HostChannel | None = None
        self._results: ResultBuffer | None = None
        self._input: Input | None = None
        self._pressure: HeapPressure | None = None
        self._filename = self._source = ""
        self._run = RunReplies()
        self._spare: SpareBuild | None = first or SpareBuild()
        self._resident = ResidentWatch(config.memory_mb * 2**20, self._memory_exceeded, ending=self._last_words)
        self._stopped_logs: dict[str, Any] | None = None  # a stopped run's, read before its context goes (_last_words)
        self.secret_forms: list[str] | None = None
        """Every form of the secrets to mask, as the sandbox's JavaScript encodes them (segtui.masking)."""

    def load(self, filename: str, source: str, out: TextIO | None = None) -> LoadReply:
        """Evaluate the handler's top level in a fresh context; report its handlers or where it failed (`out`, where
        its reply goes, hears first if it is being stopped at the memory limit)."""
        filename = script_name(filename)
        self._filename, self._source = filename, source
        self.close()
        self.host.network.take_recorded()  # an earlier load's top level's requests, no event run on it: not this one's
        self.host.cancel_asked = False  # an earlier run's cancel is not this load's; one asked while it prepares is
        self._prepare(out)
        started = time.perf_counter()
        self.host.begin_run(started, keep_cancel=True)  # the top level's requests end by its time limit, as a run's do
        self.host.reset_limits()  # a host call refused in an earlier load or run is not this load's
        self.host.network.refusing = False
        context, runtime, channel = self._take_spare()
        self._loading, self._run.load_out = context, out
        self._run.load_failure = lambda: encode(stopped_run.load_failure("MemoryError", self.config.memory_message(True),
                                                self.secret_forms, stopped_run.top_level_logs(runtime, self.host)))
        self._resident.watch()
        try:
            if self.host.cancel_asked:  # while the masking was prepared or the spare built: nothing to interrupt then
                raise Interrupted
            deadline = time.perf_counter() + self.config.timeout_s
            top_level.evaluate(context, source, filename, self.config.timeout_s)
            # Its microtasks (`for (;;) await null`) and a handler's getter run here: in what is left of the limit.
            handlers = runtime.bind(timeout=max(0.0, deadline - time.perf_counter()))
        except (JSTimeoutException, Interrupted) as error:
            kept = {**stopped_run.top_level_logs(runtime, self.host), "process_ends": not context.close(stopped_run.CLOSE_GRACE_S)}
            if self.host.memory_exceeded:
                self.host.memory_exceeded = False
                return stopped_run.load_failure("MemoryError", self.config.memory_message(True), self.secret_forms, kept)
            if self.host.cancel_asked and isinstance(error, Interrupted):  # escape during the load (not after its
                # timeout, which it then is): cancelled, with what the top level logged so far
                kept["load_ms"] = (time.perf_counter() - started) * 1000
                return stopped_run.load_failure("SandboxError", CANCELLED_MESSAGE, self.secret_forms, kept)
            inside = self.host.past_deadline
            return stopped_run.load_failure("TimeoutError", f"the top level of {filename} did not finish within "
                                            f"{self.config.timeout_s:g} s" + (f": {inside}" if inside else ""),
                                            self.secret_forms, kept)
        except (JSParseException, JSEvalException) as error:
            # A call (runtime.bind, which may run a getter) reports running out of memory as a plain JSEvalException.
            out_of_memory = isinstance(error, JSOOMException) or (
                not isinstance(error, JSParseException) and context.memory_limit_reached())
            kept = stopped_run.top_level_logs(runtime, self.host)
            context.close()
            if out_of_memory:
                return stopped_run.load_failure("MemoryError", self.config.memory_message(), self.secret_forms, kept)
            return LoadReply(False, error=load_error(str(error), source, filename, isinstance(error, JSParseException)),
                             secret_forms=self.secret_forms or [], **kept)
        finally:
            self._loading = None
            self._resident.stop()
            self._run.load_out = self._run.load_failure = None  # after the watch's last word on it
        self._context, self._runtime, self._channel = context, runtime, channel
        self._results, self._input = ResultBuffer(runtime.results), Input(runtime.input)
        self.host.network.close_connections()  # of requests the top level made
        self._run.handlers = json.loads(json_text(handlers))
        return LoadReply(True, self._run.handlers, (time.perf_counter() - started) * 1000,
                         secret_forms=self.secret_forms or [])

    def invoke_many(self, event_jsons: list[str], settings_json: str, out: TextIO) -> None:
        """Write each event's result to `out`, in order, as JSON lines of one result or an array of several.

        An event stopped by a limit costs the context; the events after it run on a fresh load.
        """
        index = 0
        while index < len(event_jsons):
            if self._context is None and not self._reload(out):
                index += 1
                continue
            self.host.reset_limits()  # what a watch that ended with the last run may have set
            self._resident.watch()
            try:
                index += self._run_from(event_jsons[index:], settings_json, out)
            finally:
                self._resident.stop()

    def _reload(self, out: TextIO) -> bool:
        """Load the handler again for the next event (a limit dropped the context), telling segtui when the load and
        then the event start (protocol.notice): its wait for the event's answer must not count the load; or answer
        the event with the load's failure."""
        self._run.notify("loading", out)
        loaded = self.load(self._filename, self._source, out)
        if loaded.ok:
            self._run.notify("running", out)
            return True
        stopped_run.write_line(out, stopped_run.reload_failure(loaded))
        out.flush()
        if loaded.process_ends:
            raise stopped_run.ProcessEnds("code V8 could not interrupt")
        return False

    def _live(self) -> tuple[V8Context, Runtime, Input]:
        """The loaded context, its runtime and its input buffer (a run needs a load first)."""
        if self._context is None or self._runtime is None or self._input is None:
            raise RuntimeError("no handler is loaded in the sandbox")
        return self._context, self._runtime, self._input

    def close(self, timeout: float | None = None) -> bool:
        """Free the current context, stopping what runs in it; False when V8's thread holds that up past `timeout`."""
        with self._run.lock:
            self._results = self._input = None  # their memory goes with the context
        context, self._context, self._runtime, self._channel = self._context, None, None, None  # handles go first
        freed = context is None or context.close(timeout)
        self.host.memory_exceeded = False
        self.host.network.close_connections()
        return freed

    def _run_from(self, event_jsons: list[str], settings_json: str, out: TextIO) -> int:
        """Run events until all are answered or one is stopped by a limit; return how many were answered."""
        run = self._run
        self._stopped_logs = None
        with run.lock:
            run.start(out, event_jsons)
        context, runtime, events_input = self._live()
        self.host.begin_run(run.timeline.last)
        events_input.write(event_jsons, settings_json)
        if self._channel is not None:
            self._channel.keep_thread_state = True  # until the run's last host call (_on_results)
        try:
            runtime.invoke_many(timeout=self.config.timeout_s)
        except (JSTimeoutException, Interrupted):
            return self._abandon(self.host.stopped_for, event_jsons)
        except JSEvalException as error:
            # A call (unlike an eval) reports running out of memory as a plain JSEvalException.
            if isinstance(error, JSOOMException) or context.memory_limit_reached():
                return self._abandon("memory", event_jsons)
            # Text that is not JSON (invoke_many_json takes what it is given) stops the chunk before any event runs.
            with run.lock:
                for event_json in event_jsons:
                    stopped_run.write_line(out, {"outcome": "bad_request", "return": None, "logs": [], "requests": [], "error": {
                        "name": "SandboxError", "message": f"segtui could not read these events: {error}", "stack": ""}})
                out.flush()
                run.answered = run.expected  # no notice or last reply follows these answers
            return len(event_jsons)
        while not run.all_done.wait(max(0.0, min(_WATCH_S, run.timeline.last + self.config.timeout_s - time.perf_counter()))):
            with run.lock:
                # Decided with the results taken (V8's thread takes them under this lock too): a run that finished
                # an event just now is not stopped, and one stopped starts no further event.
                self._drain()
                past = ("memory" if context.memory_limit_reached() or self.host.memory_exceeded else
                        "timeout" if self.host.past_deadline is not None or time.perf_counter() >= run.timeline.last
                        + self.config.timeout_s else "cancelled" if self.host.cancel_asked else None)
                if past is not None:
                    self._stop_run()
            if past is not None:
                return self._abandon(past, event_jsons)
        return len(event_jsons)

    def _stop_run(self) -> None:
        """The run is stopped at a limit: runtime.js starts no further event, and no request leaves the context it drops."""
        if self._input is not None:
            self._input.stop()
        self.host.network.refusing = True

    def _last_words(self) -> None:
        """Before the process ends itself past the memory limit: answer the load or event in progress with what it has."""
        stopped_run.last_reply(self._run, self.config, self._drain,
                               lambda: stopped_run.known_logs(self._runtime, self.host, self._stopped_logs),
                               lambda: self.host.network.take_records_within(STOPPED_RUN_RECORDS))

    def _memory_exceeded(self) -> None:
        """Memory outside V8's heap (ArrayBuffers) grew past the limit: stop the load or run as past it."""
        self.host.memory_exceeded = True
        # Said at once, even of a run being stopped at its time limit already: code V8 cannot interrupt may go on to
        # V8's own ceiling, which ends the process without a word, and segtui must know it was the handler's memory.
        self._run.notify("stopping memory")
        self._interrupt()

    def _interrupt(self) -> None:
        """Stop the script or call in progress in the current or loading context (JS past a limit in no call: the run's
        loop stops it)."""
        for context in (self._context, self._loading):
            if context is not None:
                context.interrupt()

    def _on_results(self, line: str | None) -> None:
        """The "results" host op: answer and send everything committed, and `line` after it, then empty the buffer."""
        with self._run.lock:
            if self._results is None:
                return
            committed = self._results.take()
            self._results.empty()
            if line is not None:
                committed.append(parse(line.rstrip("\n")))
            self._deliver(committed)
            if self._pressure is not None and not self.host.network.refusing and self._pressure.relieve():
                self.host.begin_run(self._run.timeline.restart())  # no event's time; no stopped run's (it would look stuck)
            if self._run.answered == self._run.expected:  # the run's last call: results.js hands over once more
                self.host.network.close_connections()
                if self._channel is not None:
                    # V8's thread lets its Python thread state go as it returns: a context freed later leaves none.
                    self._channel.keep_thread_state = False
                    thread_state.release()

    def _drain(self) -> None:
        """Answer the results committed so far, from any thread; JS keeps running meanwhile."""
        with self._run.lock:
            if self._results is not None:
                self._deliver(self._results.take())

    def _take_before_fetch(self) -> None:
        """Before a fetch (on V8's thread): take the results committed so far, with the requests made before it;
        they are written while it waits once enough wait or its answer is late, else later (`_write_taken`)."""
        with self._run.lock:
            if self._results is not None:
                self._take(self._results.take())

    def _write_taken(self, late: bool) -> None:
        """While a fetch waits (on V8's thread): write the results taken before it once its answer is `late` or
        _WRITTEN_TOGETHER wait; fewer, behind a quick answer, wait for the next write (JS's next hand-over, the watching
        thread's next wake, a late answer or the run's end)."""
        with self._run.lock:
            if late or len(self._run.taken) >= _WRITTEN_TOGETHER:
                self._write()

    def _deliver(self, committed: list[Committed]) -> None:
        """Finish committed results and write them, after any taken before them; the run's lock is held."""
        self._take(committed)
        self._write()

    def _take(self, committed: list[Committed]) -> None:
        """Take what committed results need now: when each finished, the requests made before them; the next
        event's clock starts. The run's lock is held."""
        run = self._run
        if not committed:
            return
        if run.late is not None:
            for line in committed:
                result = json.loads(line.text)
                result["requests"] = self.host.take_requests()
                run.late.append(result)
            return
        durations = run.timeline.durations_ms([line.finished_ms for line in committed], time.perf_counter())
        run.taken += [(line, duration, self.host.network.take_recorded()) for line, duration in zip(committed, durations)]
        self.host.begin_run(run.timeline.last)

    def _write(self) -> None:
        """Write the results taken so far as one line, in order, each with its records and duration (`result_text`),
        and send it at once: a sandbox killed later loses none of them; the run's lock is held."""
        run = self._run
        if not run.taken:
            return
        texts = [result_text(line, duration_ms, recorded, self.host.network, self._filename)
                 for line, duration_ms, recorded in run.taken]
        run.out.write(f"[{','.join(texts)}]\n")
        run.answered, run.taken = run.answered + len(run.taken), []
        run.out.flush()
        if run.answered == run.expected:
            run.all_done.set()

    def prepare_spare(self) -> None:
        """Start building a spare context in the background unless one is ready or on its way."""
        if self._spare is None:
            self._spare = SpareBuild(ahead=True)

    def _prepare(self, out: TextIO | None) -> None:
        """Make the secrets' forms (and, with a cassette, its Masker) before the first load's clock starts: segtui's own
        work, which took seconds for a few private keys, is no part of the handler's time limit; segtui, told so
        (protocol.notice: "preparing", then "prepared"), waits for it apart from the load."""
        if self.secret_forms is not None:
            return
        if not self.config.network.secrets:
            self.secret_forms = []
            self.host.network.use_forms(self.secret_forms)
            return
        self._run.notify("preparing", out)
        self._spare = self._spare or SpareBuild()
        self.secret_forms = secret_forms(self._spare.built().entry, self.config.network.secrets)
        self.host.network.use_forms(self.secret_forms)
        self._run.notify("prepared", out)

    def _take_spare(self) -> tuple[V8Context, Runtime, HostChannel]:
        """The spare context (built now if none is on its way), with this sandbox's config applied."""
        building, self._spare = self._spare, None
        spare = building.take() if building is not None else build_spare()
        spare.channel.handler = self.host.handle
        self._pressure = HeapPressure(spare.context, self.config.memory_mb * 2**20)
        if self.config.deterministic:
            js_function(spare.entry, "enableDeterminism")()
        if self.config.kind != "destination":  # runtime.js starts as a destination; each call is 1.5-3 ms of a first load
            js_function(spare.entry, "setKind")(self.config.kind)
        return spare.context, spare.runtime, spare.channel

    def _abandon(self, reason: str, event_jsons: list[str]) -> int:
        """Answer the event stopped by a limit and discard the context; return how many events are now answered
        (results JS committed before the limit are still in shared memory, so they are answered first)."""
        run = self._run
        with run.lock:
            self._stop_run()
            self._drain()
            if run.answered == run.expected:
                return run.answered
            run.notify(f"stopping {reason}")  # segtui then waits STOP_BOUND_S for the answer: stopping's waits are bounded
            run.late = []
            answered, started = run.answered, run.timeline.last
        stuck = stopped_run.stuck_call(self._channel)
        salvaged = None if stuck else stopped_run.salvage_logs(self._runtime)  # stuck, V8's thread cannot hand logs over
        notes = self.host.deadline_notes() if reason == "timeout" else []
        outside = reason == "memory" and self.host.memory_exceeded  # the resident watch's or a host call's, not V8's heap
        self._drain()
        if not stuck and (stuck := stopped_run.stuck_call(self._channel, refuse=True)):  # one made meanwhile
            salvaged = None
        # Read last: console.js mirrors JS's logs until it stops.
        logs = self._stopped_logs = salvaged or stopped_run.known_logs(self._runtime, self.host)
        if stuck:
            notes.append(stopped_run.stuck_note(stuck))
        elif not self.close(stopped_run.CLOSE_GRACE_S):
            notes.append(stopped_run.held_note(reason))
            stuck = "code V8 could not interrupt"
        with run.lock:
            late, run.late = run.late, None
        requests, unrecorded = self.host.network.take_records_within(STOPPED_RUN_RECORDS)
        if late:
            # The run finished while segtui was stopping it: still a timeout, but its logs after any taken meanwhile are
            # in its result, and its requests are known.
            logs = stopped_run.late_logs(salvaged, late[0])
            requests, unrecorded = within_budget(late[0]["requests"] + requests)
        notes += [unrecorded] if unrecorded else []
        reply = stopped_run.stopped_reply(reason, self.config, event_jsons[answered], logs, requests, started, notes,
                                          run.handlers, outside)
        stopped_run.write_stopped(run, {**reply, "process_ends": True} if stuck else reply)
        if stuck:
            raise stopped_run.ProcessEnds(stuck)
        return answered + 1
