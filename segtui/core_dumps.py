"""segtui's processes write no core dump: they hold the settings, secrets included, and a crash or a Ctrl-\\ under
`ulimit -c unlimited` left their whole memory in a `core` file in the working folder, the user's project."""

from __future__ import annotations

import contextlib
import sys

_PR_SET_DUMPABLE = 4


def forbid() -> None:
    """Set this process's core file size limit to 0 (inherited by the processes it starts; the hard limit is kept), and
    on Linux make it not dumpable (kept across fork, not exec: each segtui process calls this)."""
    with contextlib.suppress(ImportError, ValueError, OSError):  # no `resource` module off Unix
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        if soft != 0:
            resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    if sys.platform.startswith("linux"):
        # The limit does not hold when the kernel pipes cores to a program (core_pattern `|…`: apport, which writes a
        # crash report with the core into /var/crash whatever the limit, or systemd-coredump); a process that is not
        # dumpable gets no core at all, and its /proc files (environ, mem) are readable by root only.
        with contextlib.suppress(ImportError, OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
