"""Finding segtui's sandbox processes from a test, to end one the way a crash would."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from segtui.sandbox.forked import NAME


def sandbox_pids(parent: int) -> list[int]:
    """The sandbox (worker) processes started by process `parent`: `python -m segtui.sandbox`, or forked and named so."""
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _sandbox_parent(int(entry.name)) == parent]


def _sandbox_parent(pid: int) -> int | None:
    """The parent of process `pid` when it is a sandbox process, else (or when it has ended) None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    name, rest = stat.split(" (", 1)[1].rsplit(") ", 1)
    return int(rest.split()[1]) if b"segtui.sandbox" in cmdline or name == NAME else None


def crash_sandboxes(parent: int, signum: int = signal.SIGSEGV) -> int:
    """Send `signum` to every sandbox of `parent`, as a crash in V8 would end it, and wait until each has ended;
    return how many there were.

    A SIGSEGV sent by another process (not a fault of its own) is taken by one thread of the sandbox when it
    next runs, and its other threads run on until then: a caller that answered the sandbox at once could see
    it finish the run first. Waiting for its end keeps the crash where the test puts it.
    """
    pids = sandbox_pids(parent)
    for pid in pids:
        os.kill(pid, signum)
    for pid in pids:
        wait_until_ended(pid)
    return len(pids)


def wait_until_ended(pid: int, limit_s: float = 10) -> None:
    """Wait until process `pid` has ended (a zombie its parent has not reaped yet counts)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
        except OSError:
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.001)
    raise AssertionError(f"process {pid} did not end within {limit_s:g} s of its signal")


def kill_sandboxes(pids: list[int]) -> None:
    """SIGKILL those of the sandbox processes `pids` still running (a pid since taken by another process is left)."""
    for pid in pids:
        if _sandbox_parent(pid) is not None:
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.kill(pid, signal.SIGKILL)
