"""segtui as users run it, in a pseudo-terminal: start it, and time when the terminal receives a given text."""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Self

from common import bytecode_cached

_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
"""An escape sequence a terminal acts on without printing it (CSI, OSC, or a two-byte one)."""


class Terminal:
    """A `segtui` process on a pseudo-terminal; what it writes is kept with the time each piece arrived."""

    def __init__(self, args: list[str], size: tuple[int, int], cache: Path) -> None:
        columns, rows = size
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = bytecode_cached({**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}, cache)
        self.process = subprocess.Popen([sys.executable, "-m", "segtui", *args], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self._text: list[str] = []
        """What arrived, escape sequences removed, in pieces joined when read."""
        self._length = 0
        self._ends: list[tuple[int, float]] = []
        """Where each piece of output ends in the text, and when it arrived."""
        self._ended = False
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        carry = ""  # an escape sequence cut by the end of a read, finished by the next
        while True:
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:
                data = b""
            arrived = time.perf_counter()
            text = carry + decoder.decode(data)
            cut = text.rfind("\x1b")
            carry = text[cut:] if cut >= 0 and not _ESCAPE.match(text, cut) and len(text) - cut < 64 else ""
            shown = _ESCAPE.sub("", text[: len(text) - len(carry)])
            with self._arrived:
                self._text.append(shown)
                self._length += len(shown)
                self._ends.append((self._length, arrived))
                self._ended = not data
                self._arrived.notify_all()
            if not data:
                return

    def mark(self) -> int:
        """A place in the output: wait_for looks only at what arrives after it."""
        with self._arrived:
            return self._length

    def wait_for(self, pattern: re.Pattern[str], since: int = 0, timeout: float = 30) -> float:
        """The time the piece of output completing `pattern` (escape sequences removed) arrived, after `since`."""
        deadline = time.perf_counter() + timeout
        with self._arrived:
            while True:
                text = "".join(self._text)
                self._text = [text]
                found = pattern.search(text, since)
                if found:
                    return next(arrived for end, arrived in self._ends if end >= found.end())
                if self._ended:
                    raise SystemExit(f"segtui ended before showing {pattern.pattern!r}")
                if not self._arrived.wait(max(0.0, deadline - time.perf_counter())):
                    raise SystemExit(f"the terminal did not show {pattern.pattern!r} within {timeout} s")

    def close(self) -> None:
        """Quit segtui (ctrl+q), killing it if it does not end."""
        os.write(self._master, b"\x11")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
        os.close(self._master)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
