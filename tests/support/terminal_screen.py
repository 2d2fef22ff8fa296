"""segtui's TUI in a real pseudo-terminal, as a user's shell starts it, and what it writes there."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path


def tui_in_terminal(*args: str, cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`segtui ARGS` started in `cwd` on a new pseudo-terminal: the process and the terminal's end to read and write."""
    terminal, side = pty.openpty()
    cli = subprocess.Popen([sys.executable, "-m", "segtui", *args], cwd=cwd, start_new_session=True,
                           stdin=side, stdout=side, stderr=side, env={**os.environ, "TERM": "xterm-256color"})
    os.close(side)
    return cli, terminal


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
