"""The sandbox process, supervised: load a handler, run events, and survive whatever the handler does."""

from __future__ import annotations

import json
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtui.cut_secrets import cut
from segtui.engine import launch
from segtui.engine.process import GRACE_S, LOAD_GRACE_S, SandboxDied, SandboxProcess, SandboxRefused
from segtui.event_size import EventTooBig, check_event_size
from segtui.function_files.handler_code import read_code
from segtui.invocation import (
    CRASHED,
    REFUSED,
    TOP_LEVEL,
    ErrorInfo,
    Invocation,
    LogEntry,
    event_identity,
)
from segtui.kinds import kind_conflict
from segtui.protocol import CANCELLED_MESSAGE, InvokeCommand, LoadCommand, LoadReply, SandboxConfig
from segtui.result_notes import (
    misnamed_handler_note,
    module_form_note,
    no_handler_note,
    other_kind_note,
    unknown_type_note,
)

if TYPE_CHECKING:
    from segtui.masking import Masker

_CHUNK = 256
_START_S = 30.0


@dataclass
class LoadResult:
    """Whether the handler's top level ran, which handlers it defines, or where it failed.

    `outcome` is what each event gets when the load failed: Bad Request, or segtui's own crash.
    """

    ok: bool
    handlers: list[str] = field(default_factory=list)
    load_ms: float = 0.0
    error: ErrorInfo | None = None
    syntax_error: bool = False
    kind_error: bool = False
    """The handler's functions contradict its kind (segtui.kinds.kind_conflict): bad input, like a syntax error."""
    outcome: str = "bad_request"
    top_level_logs: list[LogEntry] | None = None
    """A failed top level's logs, until the first event's result takes them (with `top_level_dropped`)."""
    top_level_dropped: int = 0

    def failure(self) -> ErrorInfo:
        """Why the load failed (asked only of a failed load)."""
        if self.error is None:
            raise ValueError("the load did not fail")
        return self.error


def _not_started(died: SandboxDied) -> Exception:
    """Why the sandbox process did not start: under a limit on address space (`ulimit -v`) V8 dies at once, since it
    reserves far more of it than it uses; that is the user's limit to raise, not a bug in segtui."""
    if isinstance(died, SandboxRefused):  # the system refused the process itself (too few files): said as it is
        return died
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit != resource.RLIM_INFINITY:  # V8 dies of it as a crash or, with more room, as out of memory
        return SandboxRefused(f"segtui's sandbox process could not start under `ulimit -v` ({limit // 1024:,} KB of "
                              "address space): V8 reserves well over 100 GB of address space up front (using far less "
                              "memory); run segtui with `ulimit -v unlimited` (limit its memory with --memory)")
    return SandboxDied(SandboxDied.CRASHED, f"segtui's sandbox process did not start: {died}")


class Engine:
    """Runs handlers in a supervised sandbox process; the same engine serves the CLI and the TUI.

    Every call that runs events gives one result per event, whatever happens: a failed load, a
    dead sandbox or a cancel become results too.
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self._sandbox: SandboxProcess | None = None
        self._lock = threading.RLock()
        self._filename = ""
        self._source = ""
        self._loaded = LoadResult(False, error=ErrorInfo("SandboxError", "no handler is loaded"))
        self._generation = 0
        self._secret_forms: list[str] = []
        self._masker: tuple[tuple[tuple[str, ...], tuple[str, ...]], Masker] | None = None
        """The last Masker made (`masker`), with the secrets and forms it was made of."""

    def start(self) -> None:
        """Start the sandbox process now, so it is warm by the time the first event runs."""
        with self._lock:
            if self._sandbox is None or self._sandbox.process.poll() is not None:
                try:
                    # Its config is written as it is made: a process started early (launch) that V8 has ended since
                    # (under `ulimit -v`) is found dead there or at the first reply, whichever the machine's timing gives.
                    self._sandbox = SandboxProcess(self.config, launch.take())
                    self._sandbox.receive(_START_S)
                except SandboxDied as died:
                    self._sandbox = None
                    raise _not_started(died) from None

    @property
    def sandbox_pid(self) -> int | None:
        """The process id of the running sandbox, if one runs."""
        sandbox = self._sandbox
        return sandbox.process.pid if sandbox is not None else None

    def _current(self) -> SandboxProcess:
        """The sandbox process the run in progress talks to; none (it died and was dropped) counts as a crash."""
        if self._sandbox is None:
            raise SandboxDied(SandboxDied.CRASHED, "segtui's sandbox process is gone")
        return self._sandbox

    def reconfigure(self, config: SandboxConfig) -> None:
        """Use new options (limits, network mode) from the next load on."""
        with self._lock:
            self.close()
            self.config = config
            self._secret_forms = []

    def load(self, path: str | Path, source: str | None = None) -> LoadResult:
        """Load a handler into a fresh context; its top level runs once, its state lives until the next load."""
        with self._lock:
            self._filename = str(path)
            self._source = read_code(path) if source is None else source
            return self._load()

    def invoke(self, event: dict[str, Any] | list[Any], settings: dict[str, Any]) -> Invocation:
        """Run one event (or a batch) on the loaded handler."""
        with self._lock:
            return self._invoke_one(event, settings, self._generation)

    def run_fresh(self, path: str | Path, source: str | None, event: dict[str, Any] | list[Any],
                  settings: dict[str, Any]) -> tuple[LoadResult, Invocation]:
        """Load the handler fresh and run one event on it, as one step no other call or a cancel can split."""
        with self._lock:
            generation = self._generation
            loaded = self.load(path, source)
            return loaded, self._invoke_one(event, settings, generation)

    def invoke_many(self, events: Iterable[dict[str, Any] | list[Any]], settings: dict[str, Any], *, batch: int = _CHUNK,
                    meanwhile: Callable[[], object] | None = None) -> Iterator[Invocation]:
        """Run events in order on one warm load, yielding each result as it arrives; `meanwhile`, called once the first
        events are sent and before their results are read, is work the caller needs next, done while the sandbox runs.

        Events go to the sandbox `batch` at a time, which saves a round trip per event, and the
        next batch is sent while this one's results are read, so the sandbox is never idle waiting
        for them; `batch=1` holds at most two events in the sandbox.
        """
        yield from self.invoke_many_json((json.dumps(event) for event in events), settings, batch=batch, meanwhile=meanwhile)

    def invoke_many_json(self, event_jsons: Iterable[str], settings: dict[str, Any], *, batch: int = _CHUNK,
                         meanwhile: Callable[[], object] | None = None) -> Iterator[Invocation]:
        """`invoke_many` for events that are JSON text already, such as the lines of a replay file."""
        settings_json = json.dumps(settings)
        with self._lock:
            yield from self._invoke_chunks(_chunks(event_jsons, batch), batch, settings_json, self._generation, meanwhile)

    def masker(self, also: Sequence[str] = ()) -> Masker:
        """A Masker of this engine's secrets (and `also`) in every form the sandbox's JavaScript gives them (known once
        a load ran)."""
        from segtui.masking import Masker  # imported while the sandbox starts (commands.common.import_meanwhile)

        # The last one made is kept for the same secrets and forms: `run` and `test` ask for one per event or result,
        # and a Masker of a PEM key (its other containers too) takes ~0.3-1 s to make. Its work bound is per call.
        key = ((*self.config.network.secrets, *also), tuple(self._secret_forms))
        if self._masker is None or self._masker[0] != key:
            self._masker = (key, Masker(list(key[0]), self._secret_forms))
        return self._masker[1]

    def cancel(self, keep_logs: bool = False) -> None:
        """Stop the run in progress at once (from any thread): its sandbox process is killed and replaced; with
        `keep_logs` (the user cancelled it), it is stopped as a limit stops it, and killed only if it does not stop
        within CANCEL_GRACE_S.

        Calls that started before the cancel end with a "cancelled" result (kept logs: what the run logged and
        requested so far in it); later calls run normally.
        """
        self._generation += 1
        sandbox = self._sandbox
        if keep_logs and self._lock.acquire(blocking=False):  # no call in progress: nothing to stop (a review: asked
            self._lock.release()  # to stop an idle sandbox, its grace ran out in the next run, which was killed)
        elif sandbox is not None and keep_logs:
            sandbox.ask_to_stop()
        elif sandbox is not None:
            sandbox.kill()

    def close(self) -> None:
        """Stop the sandbox process."""
        with self._lock:
            if self._sandbox is not None:
                self._sandbox.close()
                self._sandbox = None

    def _load(self) -> LoadResult:
        try:
            self.start()
            self._current().send(LoadCommand(self._filename, self._source))
            reply = self._current().receive(self.config.timeout_s + LOAD_GRACE_S)
        except SandboxDied as died:
            self._sandbox = None
            self._loaded = LoadResult(False, error=self._died_error(died),
                                      outcome={SandboxDied.CRASHED: CRASHED, SandboxDied.REFUSED: REFUSED}.get(
                                          died.kind, "bad_request"))
            return self._loaded
        if not isinstance(reply, LoadReply) or not isinstance(reply.handlers, list):
            self._current().kill()
            self._sandbox = None
            confused = SandboxDied(SandboxDied.CRASHED, f"segtui's sandbox answered a load with {cut(str(reply), 81)}")
            self._loaded = LoadResult(False, error=self._died_error(confused), outcome=CRASHED)
            return self._loaded
        self._secret_forms = reply.secret_forms or self._secret_forms
        if reply.process_ends:  # it ended after its answer: the next load starts a fresh one
            self._current().kill()
            self._sandbox = None
        conflict = kind_conflict(self.config.kind, reply.handlers) if reply.ok else None
        if conflict:
            self._loaded = LoadResult(False, reply.handlers, error=ErrorInfo("KindError", f"{self._filename}: {conflict}"),
                                      kind_error=True)
        elif reply.ok:
            self._loaded = LoadResult(True, reply.handlers, reply.load_ms)
        else:
            error = reply.error or {}
            self._loaded = LoadResult(False, load_ms=reply.load_ms, error=ErrorInfo.from_json(error),
                                      syntax_error=error.get("syntax", False),
                                      top_level_logs=[LogEntry.from_json(entry) for entry in reply.logs],
                                      top_level_dropped=reply.logs_dropped)
        return self._loaded

    def _invoke_one(self, event: dict[str, Any] | list[Any], settings: dict[str, Any], generation: int) -> Invocation:
        event_json = json.dumps(event)
        try:
            check_event_size(len(event_json), "The event", self.config.memory_mb)
        except EventTooBig as error:  # not sent: the sandbox would spend its memory, or time, on parsing it
            event_type, own_handler = event_identity(event, self._loaded.handlers)
            return Invocation(self._filename, event_type, own_handler, "bad_request", error=ErrorInfo("EventTooBig", str(error)),
                              kind=self.config.kind)
        results = list(self._invoke_chunks(iter([[event_json]]), 1, json.dumps(settings), generation))
        if results:
            return results[0]
        if not self._loaded.ok:  # cancelled as it loaded (or as its load failed): the load's result, with what it logged
            return self._load_failed_result(event_json, self._loaded)
        return self._cancelled_result(event_json)

    def _result(self, event_json: str, outcome: str, error: ErrorInfo | None, *, handler_name: str | None = None,
                sandbox_reset: bool = False) -> Invocation:
        """A result made outside the sandbox for an event it did not answer."""
        event_type, own_handler = event_identity(json.loads(event_json), self._loaded.handlers)
        return Invocation(self._filename, event_type, handler_name or own_handler, outcome, error=error,
                          sandbox_reset=sandbox_reset, kind=self.config.kind)

    def _load_failed_result(self, event_json: str, loaded: LoadResult) -> Invocation:
        """An event's result when the handler's top level failed: the first one also holds what the top level logged
        before it failed, as a top level that loaded gives its logs to the first event."""
        result = self._result(event_json, loaded.outcome, loaded.error, handler_name=TOP_LEVEL)
        result.duration_ms = loaded.load_ms
        for note in (module_form_note(loaded.error), other_kind_note(loaded.error, self.config.kind)):
            if note:
                result.notes.append(note)
        if loaded.top_level_logs is not None:
            result.logs, result.logs_dropped, loaded.top_level_logs = loaded.top_level_logs, loaded.top_level_dropped, None
        return result

    def _cancelled_result(self, event_json: str) -> Invocation:
        return self._result(event_json, "bad_request", ErrorInfo("SandboxError", CANCELLED_MESSAGE),
                            sandbox_reset=True)

    def _died_error(self, died: SandboxDied) -> ErrorInfo:
        if died.kind == SandboxDied.CANCELLED:
            return ErrorInfo("SandboxError", CANCELLED_MESSAGE)
        if died.kind == SandboxDied.OUT_OF_MEMORY:
            return ErrorInfo("MemoryError", self.config.memory_message())
        if died.kind == SandboxDied.UNSTOPPABLE:
            return ErrorInfo("TimeoutError", self.config.timeout_message())
        return ErrorInfo("SandboxRefused" if died.kind == SandboxDied.REFUSED else "SandboxCrash", str(died))

    def _died_result(self, died: SandboxDied, event_json: str, waited_s: float) -> Invocation:
        """The result of an event whose sandbox died under it: the handler's limit, or segtui's own crash."""
        outcome = {SandboxDied.OUT_OF_MEMORY: "bad_request", SandboxDied.UNSTOPPABLE: "timeout",
                   SandboxDied.REFUSED: REFUSED}.get(died.kind, CRASHED)
        result = self._result(event_json, outcome, self._died_error(died), sandbox_reset=True)
        result.duration_ms = waited_s * 1000
        if died.kind == SandboxDied.UNSTOPPABLE:
            result.notes.append(str(died))
        return result

    def _invoke_chunks(self, chunks: Iterator[list[str]], batch: int, settings_json: str, generation: int,
                       meanwhile: Callable[[], object] | None = None) -> Iterator[Invocation]:
        """Send chunks of events and yield their results, keeping the next chunk queued while `batch` or fewer are pending."""
        pending: deque[str] = deque()
        replies: deque[object] = deque()
        resend: list[str] = []
        chunk: list[str] | None
        waiting_since = time.perf_counter()
        try:
            while self._generation == generation:
                try:
                    if not pending:
                        chunk = resend or next(chunks, None)
                        resend = []
                        if chunk is None:
                            return
                        loaded = self._ensure_loaded()
                        if self._generation != generation:  # cancelled while a sandbox started: send it nothing
                            yield self._cancelled_result(chunk[0])
                            return
                        if not loaded.ok:
                            for event_json in chunk:
                                yield self._load_failed_result(event_json, loaded)
                            continue
                        self._send_chunk(pending, chunk, settings_json)
                    if len(pending) <= batch and (queued := next(chunks, None)) is not None:
                        self._send_chunk(pending, queued, settings_json)
                    if not replies:
                        if meanwhile is not None:  # once, here: a thread of its own held Python's lock as the reply came
                            meanwhile()
                            meanwhile = None
                        reply = self._current().receive(self.config.timeout_s + GRACE_S)
                        replies.extend(reply if isinstance(reply, list) else [reply])
                    event_json, data = pending.popleft(), replies.popleft()
                    if isinstance(data, dict) and data.get("process_ends"):
                        # It answered a run stuck in a host call and ended: the events sent after go to a fresh one.
                        self._current().kill()
                        self._sandbox = None
                        resend = list(pending)
                        pending.clear()
                        replies.clear()
                    yield self._read_result(data, event_json)
                    waiting_since = time.perf_counter()
                except SandboxDied as died:
                    self._sandbox = None
                    failed = pending.popleft()
                    resend = list(pending)
                    pending.clear()
                    if self._generation != generation:
                        yield self._cancelled_result(failed)
                        return
                    yield self._died_result(died, failed, time.perf_counter() - waiting_since)
        finally:
            if pending and self._sandbox is not None:
                self._sandbox.kill()
                self._sandbox = None

    def _read_result(self, data: object, event_json: str) -> Invocation:
        """The result the sandbox sent for an event; one segtui cannot read is segtui's failure, said plainly."""
        try:
            result = Invocation.from_json(self._filename, data, self.config.kind)  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            died = SandboxDied(SandboxDied.CRASHED, f"segtui's sandbox sent a result segtui cannot read "
                               f"({type(error).__name__}: {error}); this is a bug in segtui")
            return self._result(event_json, CRASHED, self._died_error(died), sandbox_reset=False)
        handlers = self._loaded.handlers
        result.unknown_type_note = unknown_type_note(result, event_json)
        for note in (result.unknown_type_note or misnamed_handler_note(self._source, result, handlers)
                     or no_handler_note(result, handlers),
                     other_kind_note(result.error, self.config.kind)):
            if note:
                result.notes.append(note)
        return result

    def _ensure_loaded(self) -> LoadResult:
        """The handler's load, made again in a fresh sandbox if the one it was made in has died since.

        A load that failed is not tried again here: a sandbox that crashed while loading is reported, never retried.
        """
        if self._loaded.ok and (self._sandbox is None or self._sandbox.process.poll() is not None):
            return self._load()
        return self._loaded

    def _send_chunk(self, pending: deque[str], chunk: list[str], settings_json: str) -> None:
        """Send a chunk to the sandbox, counting it as pending first so that a death while sending retries it."""
        pending.extend(chunk)
        self._current().send(InvokeCommand(chunk, settings_json))


def _chunks(event_jsons: Iterable[str], size: int) -> Iterator[list[str]]:
    """Events' JSON text, `size` at a time."""
    chunk: list[str] = []
    for event_json in event_jsons:
        chunk.append(event_json)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
