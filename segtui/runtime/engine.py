"""The sandbox process, supervised: load a handler, run events, and survive whatever the handler does."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from segtui.runtime.config import SandboxConfig
from segtui.runtime.invocation import ErrorInfo, Invocation, event_identity

_GRACE_S = 3.0
_CHUNK = 256
_SAVE_S = 1.0  # how long a recording sandbox may take to save its cassette when stopped
_START_S = 30.0


@dataclass
class LoadResult:
    """Whether the handler's top level ran, which handlers it defines, or where it failed."""

    ok: bool
    handlers: list[str] = field(default_factory=list)
    load_ms: float = 0.0
    error: ErrorInfo | None = None
    syntax_error: bool = False


class SandboxDied(Exception):
    """The sandbox process ended or stopped answering; the message says why."""


class _Worker:
    """One sandbox process and the threads that read its output."""

    def __init__(self, config: SandboxConfig) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "segtui.runtime.worker", json.dumps(config.to_json())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            encoding="utf-8", bufsize=1,
        )
        self.records = bool(config.network.get("record"))
        self.replies: queue.Queue[str | None] = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=40)
        threading.Thread(target=self._read_replies, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_replies(self) -> None:
        for line in self.process.stdout:
            self.replies.put(line)
        self.replies.put(None)

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line.rstrip("\n"))

    def send(self, command: dict) -> None:
        try:
            self.process.stdin.write(json.dumps(command) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise SandboxDied(self.death_reason()) from error

    def receive(self, timeout: float) -> dict | list[dict]:
        try:
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise SandboxDied(f"the handler could not be stopped within {timeout:.1f} s; the sandbox process was restarted") from None
        if line is None:
            raise SandboxDied(self.death_reason())
        return json.loads(line)

    def death_reason(self) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        text = "\n".join(self.stderr)
        if "out of memory" in text.lower():
            cause = "V8 ran out of memory"
        elif code is not None and code < 0:
            cause = f"it was killed by {signal.Signals(-code).name}"
        else:
            cause = f"it exited with code {code}"
        return f"the sandbox process died ({cause}); a fresh one is started for the next run"

    def kill(self) -> None:
        """End the process now; one recording a cassette is first asked to save it (SIGTERM) and given a moment."""
        if self.records and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=_SAVE_S)
                return
            except subprocess.TimeoutExpired:
                pass
        self.process.kill()
        self.process.wait()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.kill()


class Engine:
    """Runs handlers in a supervised sandbox process; the same engine serves the CLI and the TUI."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self._worker: _Worker | None = None
        self._lock = threading.RLock()
        self._filename = ""
        self._source = ""
        self._generation = 0

    def start(self) -> None:
        """Start the sandbox process now, so it is warm by the time the first event runs."""
        with self._lock:
            if self._worker is None or self._worker.process.poll() is not None:
                self._worker = _Worker(self.config)
                self._worker.receive(_START_S)

    def reconfigure(self, config: SandboxConfig) -> None:
        """Use new options (limits, network mode) from the next load on."""
        with self._lock:
            self.close()
            self.config = config

    def load(self, path: str | Path, source: str | None = None) -> LoadResult:
        """Load a handler into a fresh context; its top level runs once, its state lives until the next load."""
        with self._lock:
            self._filename = str(path)
            self._source = Path(path).read_text(encoding="utf-8") if source is None else source
            return self._load()

    def invoke(self, event: dict | list, settings: dict) -> Invocation:
        """Run one event (or a batch) on the loaded handler."""
        with self._lock:
            return self._invoke_one(event, settings, self._generation)

    def run_fresh(self, path: str | Path, source: str | None, event: dict | list,
                  settings: dict) -> tuple[LoadResult, Invocation | None]:
        """Load the handler fresh and run one event on it, as one step no other call or a cancel can split.

        The invocation is None when the load failed.
        """
        with self._lock:
            generation = self._generation
            loaded = self.load(path, source)
            if not loaded.ok:
                return loaded, None
            return loaded, self._invoke_one(event, settings, generation)

    def invoke_many(self, events: Iterable[dict | list], settings: dict, *, batch: int = _CHUNK) -> Iterator[Invocation]:
        """Run events in order on one warm load, yielding each result as it arrives.

        Events go to the sandbox `batch` at a time, which saves a round trip per event, and the
        next batch is sent while this one's results are read, so the sandbox is never idle waiting
        for them; `batch=1` holds at most two events in the sandbox.
        """
        yield from self.invoke_many_json((json.dumps(event) for event in events), settings, batch=batch)

    def invoke_many_json(self, event_jsons: Iterable[str], settings: dict, *,
                         batch: int = _CHUNK) -> Iterator[Invocation]:
        """`invoke_many` for events that are JSON text already, such as the lines of a replay file."""
        settings_json = json.dumps(settings)
        with self._lock:
            yield from self._invoke_chunks(_chunks(event_jsons, batch), batch, settings_json, self._generation)

    def cancel(self) -> None:
        """Stop the run in progress at once (from any thread): its sandbox process is killed and replaced.

        Calls that started before the cancel end with a "cancelled" result; later calls run normally.
        """
        self._generation += 1
        worker = self._worker
        if worker is not None:
            worker.kill()

    def close(self) -> None:
        """Stop the sandbox process."""
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None

    def _load(self) -> LoadResult:
        try:
            self.start()
            self._worker.send({"op": "load", "filename": self._filename, "source": self._source})
            reply = self._worker.receive(self.config.timeout_s + _GRACE_S)
        except SandboxDied as died:
            self._worker = None
            return LoadResult(False, error=ErrorInfo("SandboxError", str(died)))
        if reply["ok"]:
            return LoadResult(True, reply["handlers"], reply["load_ms"])
        error = reply["error"]
        return LoadResult(False, error=ErrorInfo.from_json(error), syntax_error=error.get("syntax", False))

    def _invoke_one(self, event: dict | list, settings: dict, generation: int) -> Invocation:
        results = list(self._invoke_chunks(iter([[json.dumps(event)]]), 1, json.dumps(settings), generation))
        return results[0] if results else self._cancelled_result(json.dumps(event))

    def _cancelled_result(self, event_json: str) -> Invocation:
        event_type, handler_name = event_identity(json.loads(event_json))
        return Invocation(self._filename, event_type, handler_name, "bad_request",
                          error=ErrorInfo("SandboxError", "the run was cancelled"), sandbox_reset=True)

    def _invoke_chunks(self, chunks: Iterator[list[str]], batch: int, settings_json: str,
                       generation: int) -> Iterator[Invocation]:
        """Send chunks of events and yield their results, keeping the next chunk queued while `batch` or fewer are pending."""
        pending: deque[str] = deque()
        replies: deque[dict] = deque()
        resend: list[str] = []
        try:
            while self._generation == generation:
                try:
                    if not pending:
                        chunk = resend or next(chunks, None)
                        resend = []
                        if chunk is None:
                            return
                        loaded = self._ensure_loaded()
                        if not loaded.ok:
                            for event_json in chunk:
                                yield Invocation(self._filename, event_identity(json.loads(event_json))[0], "(top level)",
                                                 "bad_request", error=loaded.error)
                            continue
                        self._send_chunk(pending, chunk, settings_json)
                    if len(pending) <= batch and (queued := next(chunks, None)) is not None:
                        self._send_chunk(pending, queued, settings_json)
                    if not replies:
                        reply = self._worker.receive(self.config.timeout_s + _GRACE_S)
                        replies.extend(reply if isinstance(reply, list) else [reply])
                    pending.popleft()
                    yield Invocation.from_json(self._filename, replies.popleft())
                except SandboxDied as died:
                    self._worker = None
                    failed = pending.popleft()
                    resend = list(pending)
                    pending.clear()
                    if self._generation != generation:
                        yield self._cancelled_result(failed)
                        return
                    event_type, handler_name = event_identity(json.loads(failed))
                    yield Invocation(self._filename, event_type, handler_name, "bad_request",
                                     error=ErrorInfo("SandboxError", str(died)), sandbox_reset=True)
        finally:
            if pending and self._worker is not None:
                self._worker.kill()
                self._worker = None

    def _ensure_loaded(self) -> LoadResult:
        """The handler loaded in a live sandbox, starting one if the last has died."""
        if self._worker is None or self._worker.process.poll() is not None:
            return self._load()
        return LoadResult(True)

    def _send_chunk(self, pending: deque[str], chunk: list[str], settings_json: str) -> None:
        """Send a chunk to the sandbox, counting it as pending first so that a death while sending retries it."""
        pending.extend(chunk)
        self._worker.send({"op": "invoke_many", "events": chunk, "settings": settings_json})


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
