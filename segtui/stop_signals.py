"""SIGTERM and SIGHUP stop segtui as Ctrl-C does: its sandboxes end and it exits with 128 + the signal's number."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
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
_holding = False
_held: list[int] = []
"""The signal that arrived during a `whole` step, to act when it ends."""


def _stop(signum: int, _frame: FrameType | None) -> None:
    global _stopping
    if not _stopping and not _hold(signum):  # a second signal while the first's cleanup runs would cut that cleanup short
        _stopping = True
        raise Stopped(signum)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    """Ctrl-C: KeyboardInterrupt, as Python's own handler raises it, once a `whole` step under way has ended."""
    if not _hold(signum):
        raise KeyboardInterrupt


def _hold(signum: int) -> bool:
    """Whether the signal waits for the `whole` step under way: the first does; a second acts at once, as the step may
    never end (a result written to a pipe nobody reads)."""
    if _holding and not _held:
        _held.append(signum)
        return True
    _held.clear()
    return False


@contextmanager
def whole() -> Iterator[None]:
    """A step that Ctrl-C and SIGNALS do not cut in two (a result counted and written): one that arrives during it acts
    when it ends. Python runs signal handlers between bytecodes, so without this a count said after Ctrl-C could be one
    ahead of the lines written."""
    global _holding
    _holding = True
    try:
        yield
    finally:
        _holding = False
        if _held:
            signum = _held.pop()
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            _stop(signum, None)


def raise_on_stop() -> None:
    """From now on, one of SIGNALS raises Stopped in the main thread (a command's code runs there), and Ctrl-C
    KeyboardInterrupt, each once a `whole` step has ended."""
    signal.signal(signal.SIGINT, _interrupt)
    for signum in SIGNALS:
        signal.signal(signum, _stop)


def default_on_stop() -> None:
    """Let SIGNALS end this process at once, as they do a new one: for a sandbox forked from segtui's command, which
    has its Python handlers but not the command's cleanup; Ctrl-C raises KeyboardInterrupt there at once."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
