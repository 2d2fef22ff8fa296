"""Finding segtui's sandbox processes from a test, to end one the way a crash would."""

from __future__ import annotations

import os
import signal
from pathlib import Path


def sandbox_pids(parent: int) -> list[int]:
    """The sandbox (worker) processes started by process `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent_pid = int(stat.rsplit(")", 1)[1].split()[1])
        if parent_pid == parent and b"segtui.sandbox" in cmdline:
            found.append(int(entry.name))
    return found


def crash_sandboxes(parent: int, signum: int = signal.SIGSEGV) -> int:
    """Send `signum` to every sandbox of `parent`, as a crash in V8 would end it; return how many there were."""
    pids = sandbox_pids(parent)
    for pid in pids:
        os.kill(pid, signum)
    return len(pids)
