"""A sandbox process forked from segtui's own command, which skips a new interpreter's start-up.

A new Python process spends ~30-45 ms starting (the interpreter, the site module and what its .pth files
import) before the sandbox's first line runs; a copy of segtui's process, forked before it has
imported anything of segtui but this, is already past that. Only segtui's own command forks, and only
while it has no other thread (a fork copies no thread, and a lock another thread held stays held).
Imports nothing of segtui, so that the process starts as early as it can.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

_WAIT_STEP_S = 0.002
"""How often `wait` with a timeout looks whether the process has ended."""


class ForkedSandbox:
    """A forked sandbox process, with the part of subprocess.Popen's interface segtui uses: pipes on stdin, stdout
    and stderr (text, UTF-8, stdin line-buffered), `pid`, `returncode`, `poll`, `wait` and `kill`."""

    def __init__(self) -> None:
        (stdin, self_stdin), (self_stdout, stdout), (self_stderr, stderr) = _pipes(3)
        try:
            pid = os.fork()
        except OSError:  # too many processes (`ulimit -u`) or too little memory: this process keeps no pipe of it
            for end in (stdin, self_stdin, self_stdout, stdout, self_stderr, stderr):
                os.close(end)
            raise
        if pid == 0:
            try:
                from segtui.sandbox.forked import serve_forked

                serve_forked(stdin, stdout, stderr)
            finally:
                os._exit(70)  # serve_forked never returns; this keeps the copy out of segtui's code if it fails to import
        for end in (stdin, stdout, stderr):
            os.close(end)
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = open(self_stdin, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed by its owner
        self.stdout = open(self_stdout, encoding="utf-8")  # noqa: SIM115
        self.stderr = open(self_stderr, encoding="utf-8")  # noqa: SIM115
        self._lock = threading.Lock()

    def poll(self) -> int | None:
        """The exit code (negative: the signal that ended it) once the process has ended, else None."""
        with self._lock:
            if self.returncode is None:
                try:
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its code is lost
                    pid, status = self.pid, 0
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to end and return its exit code; raise subprocess.TimeoutExpired after `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired("segtui sandbox (forked)", timeout or 0)
            time.sleep(_WAIT_STEP_S)
        return code

    def kill(self) -> None:
        """Send SIGKILL, unless the process has already been waited for (its pid may then be another's)."""
        with self._lock:
            if self.returncode is None:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _pipes(count: int) -> list[tuple[int, int]]:
    """`count` new pipes, or none when the system refuses one (too many open files): those made are closed."""
    made: list[tuple[int, int]] = []
    try:
        for _ in range(count):
            made.append(os.pipe())
    except OSError:
        for pipe in made:
            for end in pipe:
                os.close(end)
        raise
    return made


def can_fork() -> bool:
    """Whether this process may fork a sandbox: on Linux (the one system it is tried on; macOS's frameworks are not
    safe in a forked copy), with no other thread running."""
    return sys.platform == "linux" and threading.active_count() == 1
