"""SIGTERM and SIGHUP stop segtui as Ctrl-C does: its sandboxes end and it exits with 128 + the signal's number."""

from __future__ import annotations

import signal
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""The signals that ask segtui to stop (a service manager's, a closed terminal's)."""


class Stopped(BaseException):
    """segtui was sent one of SIGNALS: raised where its main thread is, so that the commands' cleanup (`finally`)
    ends their sandboxes, and nothing catching `Exception` takes it for a failure."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.code = exit_code(signum)


def exit_code(signum: int) -> int:
    """The exit code of a process `signum` stopped, by the shell's convention (143 for SIGTERM, 129 for SIGHUP)."""
    return 128 + signum


_stopping = False


def _stop(signum: int, _frame: FrameType | None) -> None:
    global _stopping
    if not _stopping:  # a second signal while the first's cleanup runs would cut that cleanup short
        _stopping = True
        raise Stopped(signum)


def raise_on_stop() -> None:
    """From now on, one of SIGNALS raises Stopped in the main thread (a command's code runs there)."""
    for signum in SIGNALS:
        signal.signal(signum, _stop)


def default_on_stop() -> None:
    """Let SIGNALS end this process at once, as they do a new one: for a sandbox forked from segtui's command, which
    has its Python handlers but not the command's cleanup."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
