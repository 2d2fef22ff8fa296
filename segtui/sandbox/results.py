"""The Python end of results.js: finished results read from shared memory, when each one finished, and the replies
of a run being written."""

from __future__ import annotations

import codecs
import io
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from segtui.protocol import notice
from segtui.sandbox.stopped_run import STUCK_GRACE_S

if TYPE_CHECKING:
    from collections.abc import Callable

    from segtui.sandbox.network import Recorded

_HEADER = 8


@dataclass
class Committed:
    """One result line as JS committed it: its finish time on JS's millisecond clock, and its JSON text."""

    finished_ms: int
    clean_up: bool
    text: str


class ResultBuffer:
    """Reads the lines JS committed to its results buffer; valid only while the buffer's context lives."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._read = 0

    def take(self) -> list[Committed]:
        """The lines committed since the last take, read without stopping JS (it only appends past the end)."""
        end = int.from_bytes(self._view[0:4], "little")
        if end == self._read:
            return []
        # Decoded in place by the codec's own function (a copy of the bytes first, and the codec's lookup, cost more).
        text = codecs.utf_16_le_decode(self._view[_HEADER + 2 * self._read : _HEADER + 2 * end], "surrogatepass", True)[0]
        self._read = end
        return [parse(line) for line in text.split("\n")[:-1]]

    def empty(self) -> None:
        """Start again at the beginning of the buffer; only while JS waits in the "results" host call."""
        self._view[0:4] = b"\0\0\0\0"
        self._read = 0


def parse(line: str) -> Committed:
    """Split one committed line."""
    finished_ms, clean_up, text = line.split("\t", 2)
    return Committed(int(finished_ms), clean_up == "1", text)


class Timeline:
    """Finish times of one run's results on `time.perf_counter`'s clock, from JS's whole milliseconds.

    JS has no finer clock, so results that finish within the same millisecond share it evenly;
    the start of the run and the moment each batch is read bound the estimates, so a run of one
    event is timed exactly.
    """

    def __init__(self, started: float) -> None:
        self.last = started
        self._offset = time.time() - time.perf_counter()

    def durations_ms(self, ticks: list[int], now: float) -> list[float]:
        """How long each result took since the one before (or the start), given JS's finish time of each in ms."""
        out: list[float] = []
        last, offset, total = self.last, self._offset, len(ticks)
        start = 0
        while start < total:
            tick = ticks[start]
            stop = start + 1
            while stop < total and ticks[stop] == tick:
                stop += 1
            low = max(tick / 1000 - offset, last)
            high = max(min((tick + 1) / 1000 - offset, now), low)
            count = stop - start
            share = (high - low) * 1000 / count
            out.append((low - last) * 1000 + share)
            if count > 1:
                out += [share] * (count - 1)
            last, start = high, stop
        self.last = last
        return out

    def restart(self) -> float:
        """Start the next result's time now (what came between was segtui's own work); return now."""
        self.last = time.perf_counter()
        return self.last


class RunReplies:
    """The replies of one invokeMany, written by whichever thread reads the results: V8's, or the one watching its deadlines."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.all_done = threading.Event()
        self.out: TextIO = io.StringIO()  # until start()
        self.events: list[str] = []
        """The run's events, as JSON text: the result of events[n] is the n-th answered."""
        self.handlers: list[str] = []
        """The handlers the loaded script defined (runtime.js's bind), which name what a limit stopped."""
        self.expected = 0
        self.answered = 0
        self.timeline = Timeline(time.perf_counter())
        self.late: list[dict[str, Any]] | None = None
        self.stop_written = False
        """The reply of the event a limit stopped is written (stopped_run.write_stopped)."""
        self.taken: list[tuple[Committed, float, Recorded]] = []
        """Results taken before fetches, not yet written: several go on one line (Sandbox._write_taken)."""
        self.load_out: TextIO | None = None
        """Where a load in progress says it is stopping (its reply goes there once it has returned)."""
        self.load_failure: Callable[[], str] | None = None
        """A load in progress's reply as the memory limit fails it, with what its top level logged, as an encoded line:
        what the process writes before it ends itself past the limit in code V8 could not stop (stopped_run.last_reply)."""

    def start(self, out: TextIO, events: list[str]) -> None:
        """Begin a run of `events` whose replies go to `out`; the first event's clock starts now."""
        self.out, self.events, self.expected, self.answered = out, events, len(events), 0
        self.taken = []
        self.stop_written = False
        self.timeline = Timeline(time.perf_counter())
        self.all_done.clear()

    @property
    def waiting(self) -> bool:
        """Whether an event of the run still waits for its answer (the lock is held)."""
        return self.answered < self.expected and not self.stop_written

    def notify(self, what: str, out: TextIO | None = None) -> None:
        """Tell segtui `what` (protocol.notice) on `out`, or where a load in progress or an event of the run waits for
        its answer; under the lock, waited for no longer than STUCK_GRACE_S (V8's thread, stuck in a host call, may
        hold it)."""
        if not self.lock.acquire(timeout=STUCK_GRACE_S):
            return
        try:
            out = out or self.load_out or (self.out if self.waiting else None)
            if out is not None:
                out.write(notice(what))
                out.flush()
        finally:
            self.lock.release()
