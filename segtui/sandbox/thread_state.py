"""Keeps the Python thread state of V8's thread from one host call to the next while a run lasts.

V8's thread is not a Python thread: each host call enters Python through a ctypes callback, which
makes a thread state for the call (PyGILState_Ensure) and deletes it when the call returns. That
costs ~45 µs per host call, a third of what a fetch costs in Python. Taking the thread state once
more (`hold`) keeps it alive between calls, so each call only takes the GIL; `release` gives it back
before the run's last call returns, so the state goes with it. Both use CPython's public
PyGILState API, and both must run on V8's thread, inside a host call.

A run stopped by a limit closes its context without that last call: the thread ends and its state
(a few KB) stays until the process ends, once per stopped run.
"""

from __future__ import annotations

import ctypes
import threading

_ensure = ctypes.pythonapi.PyGILState_Ensure
_ensure.restype = ctypes.c_int
_ensure.argtypes = []
_release = ctypes.pythonapi.PyGILState_Release
_release.restype = None
_release.argtypes = [ctypes.c_int]
_held = threading.local()
"""`state`: what PyGILState_Ensure returned to `hold` on this thread, while held (thread-locals live in the
thread state, so a thread whose state went with its last call starts with none)."""


def hold() -> None:
    """Keep this thread's Python thread state after the current host call returns (once; again is a no-op)."""
    if getattr(_held, "state", None) is None:
        _held.state = _ensure()


def release() -> None:
    """Let this thread's state go when the current host call returns (a no-op unless `hold` kept it)."""
    state = getattr(_held, "state", None)
    if state is not None:
        _held.state = None
        _release(state)


def held() -> bool:
    """Whether this thread's state is kept between host calls."""
    return getattr(_held, "state", None) is not None
