"""Sandbox processes started before segtui knows their config, so that their start-up overlaps segtui's own.

A headless command starts one as its very first step, before importing the rest of segtui: the
sandbox's interpreter, V8 and its first context are then ready about when segtui has read its
options, settings and events. The next engine to start a sandbox takes one over and sends it its
config; one that no engine takes is killed when the command ends. segtui's own command forks them
(segtui.engine.forked), which skips a new interpreter's start-up: the first before anything else, the
others (`replay --concurrency`) once its options are read, while it still runs no other thread. This
module imports nothing of segtui but that, so that the process starts as early as it can.
"""

from __future__ import annotations

import atexit
import contextlib
import subprocess
import sys
import threading
from typing import TypeAlias

from segtui.engine.forked import ForkedSandbox, can_fork

Child: TypeAlias = subprocess.Popen[str] | ForkedSandbox
"""A sandbox process: started as a new interpreter, or forked from segtui's own command."""

COMMAND = (sys.executable, "-m", "segtui.sandbox")
"""How a sandbox process is started; its config then comes as the first line on its stdin."""

_lock = threading.Lock()
_started: list[Child] = []
_forks = False
"""Whether this command forks its sandboxes: said by `start_first`."""
_released: list[Child] = []
"""Processes killed without waiting for their end (`release`), not yet reaped."""


def popen() -> subprocess.Popen[str]:
    """A new sandbox process with pipes on stdin, stdout and stderr, waiting for its config."""
    try:
        return _new_process()
    except OSError as error:
        raise _refused(error) from None


def _new_process() -> subprocess.Popen[str]:
    return subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8", bufsize=1)


def _refused(error: OSError) -> Exception:
    """A sandbox process the system would not start (too many open files or processes, too little memory): what it
    said, and what to change."""
    from segtui.engine.process import SandboxRefused

    return SandboxRefused(f"cannot start a sandbox process: {error.strerror or error} (each sandbox is a process "
                            "with its own pipes and memory: run fewer with a lower --concurrency, or raise the limit "
                            "that ran out: ulimit -n, -u or -v)")


def start_early(count: int = 1) -> None:
    """Start `count` more sandbox processes now, for the engines that will start later in this command, forked as
    `start_first` said."""
    for _ in range(count):
        try:
            _start_one()
        except OSError as error:
            raise _refused(error) from None


def start_first(fork: bool) -> None:
    """Start a command's first sandbox process now, or none when the system refuses (too few open files or processes):
    the command's engine then starts its own, and says why it cannot where the command's errors are said (this runs
    before that handling is in place). `fork` (segtui's own command) forks it and those `start_early` starts, while no
    other thread runs."""
    global _forks
    _forks = fork
    with contextlib.suppress(OSError):
        _start_one()


def _start_one() -> None:
    process: Child = ForkedSandbox() if _forks and can_fork() else _new_process()
    with _lock:
        _started.append(process)


def take() -> Child | None:
    """A sandbox process started early and still running, if any is left."""
    while True:
        with _lock:
            if not _started:
                return None
            process = _started.pop(0)
        if process.poll() is None:
            return process
        _end(process)


def started() -> int:
    """How many sandbox processes started early are waiting to be taken."""
    with _lock:
        return len(_started)


@atexit.register
def discard() -> None:
    """Kill the sandbox processes started early that no engine took (a command that stopped on bad input), and reap
    those released that have ended."""
    with _lock:
        left = list(_started)
        _started.clear()
    for process in left:
        _end(process)
    _reap()


def release(process: Child) -> None:
    """Kill a sandbox process without waiting for its end, and reap those released before that have ended.

    A killed process is gone once the kernel has freed its memory, which for V8's takes milliseconds that nothing
    needs to wait for; until reaped, it stays a zombie (when segtui's process ends first, the system reaps it).
    """
    process.kill()
    with _lock:
        _released.append(process)
    _reap()


def _reap() -> None:
    """Reap the released processes that have ended."""
    with _lock:
        _released[:] = [child for child in _released if child.poll() is None]


def _end(process: Child) -> None:
    release(process)
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
