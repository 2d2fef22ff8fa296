"""Finding segtui's sandbox processes from a test, to end one the way a crash would."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from segtui.sandbox.forked import NAME


def sandbox_pids(parent: int) -> list[int]:
    """The sandbox (worker) processes started by process `parent`: `python -m segtui.sandbox`, or forked and named so."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        name, rest = stat.split(" (", 1)[1].rsplit(") ", 1)
        if int(rest.split()[1]) == parent and (b"segtui.sandbox" in cmdline or name == NAME):
            found.append(int(entry.name))
    return found


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
        _wait_until_ended(pid)
    return len(pids)


def _wait_until_ended(pid: int, limit_s: float = 10) -> None:
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
