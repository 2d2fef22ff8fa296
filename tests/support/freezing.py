"""Freezing a sandbox process (SIGSTOP) at a known point of its work: after its first write since a count of bytes."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest


def written(pid: int) -> int:
    """How many bytes process `pid` has written (to its pipes: a sandbox writes no file); skips the test on a system
    that hides a child's counters (Yama's ptrace_scope 2-3)."""
    try:
        with open(f"/proc/{pid}/io", encoding="ascii") as io:
            return next(int(line.split()[1]) for line in io if line.startswith("wchar:"))
    except PermissionError:
        pytest.skip("this system does not let a process read its child's /proc/<pid>/io")


def _stopped(pid: int) -> bool:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] in ("T", "t")


def freeze_after_first_write(pid: int, before: int) -> int:
    """Freeze process `pid` once it has written past `before` bytes; how many it had written once frozen."""
    while written(pid) == before:
        time.sleep(0.001)
    os.kill(pid, signal.SIGSTOP)
    while not _stopped(pid):
        time.sleep(0.001)
    return written(pid)


def load_frozen(engine: Any, handler: Path) -> tuple[threading.Thread, dict[str, Any], int, int]:
    """Start `engine.load` of a handler whose top level is `1` on a thread, and freeze the engine's sandbox at its
    first write: the thread, the dict its result goes to (`loaded`), and the bytes written before and once frozen."""
    pid = engine.sandbox_pid
    assert pid is not None
    before = written(pid)
    result: dict[str, Any] = {}
    loading = threading.Thread(target=lambda: result.update(loaded=engine.load(handler, "1")))
    loading.start()
    return loading, result, before, freeze_after_first_write(pid, before)
