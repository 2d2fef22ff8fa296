"""Finding segtui's sandbox processes from a test, to end one the way a crash would."""

from __future__ import annotations

import os
import signal
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
    """Send `signum` to every sandbox of `parent`, as a crash in V8 would end it; return how many there were."""
    pids = sandbox_pids(parent)
    for pid in pids:
        os.kill(pid, signum)
    return len(pids)
