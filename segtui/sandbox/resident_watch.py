"""A watch on the sandbox process's resident memory while a handler runs: what V8's heap limit does not count.

V8's hard limit (`--memory`) bounds its heap, but an ArrayBuffer's, a SharedArrayBuffer's, a Buffer's or a
WebAssembly.Memory's bytes live outside it: a handler filling them could take the whole machine. The process's
resident memory counts them all, so a load or run whose growth passes the limit (plus room for V8's own
bookkeeping) is stopped as one past the memory limit. Code V8 cannot interrupt (one fill of a 2 GB buffer, JSON.parse
of deep nesting) keeps growing after that: the process is then ended at twice the allowance, before it takes the
machine. Linux only (/proc/self/statm); elsewhere nothing is watched.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable

_PERIOD_S = 0.02
"""How often the resident memory is read while something is watched: a handler filling memory at ~10 GB/s can
pass the limit by a few hundred MB before it is stopped."""
_ROOM = 64 * 2**20
"""Growth allowed past the limit: V8's own bookkeeping, code and the host's buffers (a response body) grow too."""
_STATM = "/proc/self/statm"
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """This process's resident memory now, or None where /proc/self/statm cannot be read."""
    try:
        with open(_STATM, "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _end_out_of_memory() -> None:
    """End this process at once, saying why on standard error in the words segtui.engine.process reads as the memory
    limit's."""
    sys.stderr.write("segtui's sandbox ended itself: out of memory, the handler went on growing past the memory limit "
                     "in code V8 could not stop\n")
    sys.stderr.flush()
    os._exit(3)


class ResidentWatch:
    """Calls `exceeded` (from its own thread) once the process grows past `limit` bytes since `watch` began, and ends
    the process if it then goes on growing to twice that (`exceeded` could not stop it)."""

    def __init__(self, limit: int, exceeded: Callable[[], None], ending: Callable[[], None] = lambda: None) -> None:
        self._allowed = limit + _ROOM
        self._exceeded = exceeded
        self._ending = ending
        """Called, if it can be, just before the process ends itself."""
        self._start: int | None = None
        self._reported = False
        self._wake = threading.Event()
        self._lock = threading.Lock()
        """Held while `exceeded` is called: once `stop` returns, it is not called for what was watched."""
        if resident_bytes() is not None:
            threading.Thread(target=self._loop, name="resident-watch", daemon=True).start()

    def watch(self) -> None:
        """Measure growth from now on, until `stop`."""
        with self._lock:
            self._reported = False
            self._start = resident_bytes()
        self._wake.set()

    def stop(self) -> None:
        """Stop measuring (the load or run has ended)."""
        with self._lock:
            self._start = None

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(_PERIOD_S)
            start = self._start
            if start is None:
                self._wake.clear()
                if self._start is not None:  # `watch` came between the read and the clear
                    self._wake.set()
                continue
            now = resident_bytes()
            if now is None or now - start <= self._allowed:
                continue
            with self._lock:
                if self._start != start:
                    continue
                if not self._reported:
                    self._reported = True
                    self._exceeded()
                elif now - start > 2 * self._allowed:
                    try:
                        self._ending()
                    finally:
                        _end_out_of_memory()
