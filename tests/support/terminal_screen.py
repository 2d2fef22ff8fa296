"""segtui's TUI in a real pseudo-terminal, as a user's shell starts it, and what it writes there."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def tui_in_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None,
                    preexec_fn: Callable[[], None] | None = None, size: tuple[int, int] | None = None,
                    stderr: int | None = None, wrapper: tuple[str, ...] = ()) -> Iterator[tuple[subprocess.Popen[bytes], Screen]]:
    """`segtui ARGS` started in `cwd` on a new pseudo-terminal (with `env` added to the environment, `preexec_fn` run
    in the child first: a resource limit; the terminal `size` columns by lines when given; standard error `stderr` when
    given, else the terminal; run through the `wrapper` command, such as `unshare …`): the process and its Screen; on
    leaving, the terminal is closed and a process still running is killed."""
    terminal, side = pty.openpty()
    if size is not None:
        fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    cli = subprocess.Popen([*wrapper, sys.executable, "-m", "segtui", *args], cwd=cwd, start_new_session=True,
                           stdin=side, stdout=side, stderr=side if stderr is None else stderr,
                           env={**os.environ, "TERM": "xterm-256color", **(env or {})},
                           preexec_fn=preexec_fn)  # noqa: PLW1509 - a limit as the user's shell sets it
    os.close(side)
    try:
        yield cli, Screen(terminal)
    finally:
        os.close(terminal)
        if cli.poll() is None:
            cli.kill()
            cli.wait()


class Screen:
    """What the app writes to its terminal, read as it comes (a terminal nobody reads would block the app)."""

    def __init__(self, terminal: int) -> None:
        self.terminal = terminal
        self.text = ""

    def wait_for(self, wanted: str) -> None:
        deadline = time.monotonic() + 120
        while wanted not in self.text:
            if time.monotonic() > deadline or not self._read():
                raise AssertionError(f"{wanted!r} never shown: {self.text[-2000:]!r}")

    def wait_for_end(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self._read():
            pass

    def _read(self) -> bool:
        """Read what the app wrote within a second; False once the terminal has closed (the app ended)."""
        if select.select([self.terminal], [], [], 1)[0]:
            try:
                data = os.read(self.terminal, 1 << 16)
            except OSError:  # EIO: every process holding the terminal has ended
                return False
            if not data:
                return False
            self.text += data.decode("utf-8", "replace")
        return True
