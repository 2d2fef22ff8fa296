"""The start of a sandbox process forked from segtui's command (segtui.engine.forked), in place of `python -m segtui.sandbox`.

The copy holds everything segtui's process had open; it keeps only the pipes segtui talks to it on,
as a new process started with them would, and then serves as one does.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

NAME = "segtui-sandbox"
"""The forked process's name (its command line is segtui's): what `ps -o comm` and `top` show."""


def serve_forked(stdin: int, stdout: int, stderr: int) -> NoReturn:
    """Make the pipes `stdin`, `stdout` and `stderr` this process's own, close every other file it inherited, and serve."""
    for pipe, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(pipe, target)
    # Inherited: segtui's files and the other ends of these pipes, and other sandboxes' pipes, which would
    # never see their end of file while this process held them.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    # segtui's own stream objects wrap what fds 0-2 were in segtui; they are left unused (anything in their
    # buffers is segtui's to write, not this process's).
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - this process's, until it ends
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)  # noqa: SIM115
    from segtui.stop_signals import default_on_stop

    default_on_stop()
    try:
        with open("/proc/self/comm", "w", encoding="utf-8") as comm:
            comm.write(NAME)
    except OSError:
        pass
    try:
        from segtui.sandbox.serve import serve

        serve()
    except BaseException:  # noqa: BLE001 - shown on stderr, as a sandbox started anew shows it, and the process ends
        import traceback

        traceback.print_exc()
    os._exit(1)
