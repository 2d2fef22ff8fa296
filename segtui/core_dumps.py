"""segtui's processes write no core dump: they hold the settings, secrets included, and a crash or a Ctrl-\\ under
`ulimit -c unlimited` left their whole memory in a `core` file in the working folder, the user's project."""

from __future__ import annotations

import contextlib


def forbid() -> None:
    """Set this process's core file size limit to 0 (inherited by the processes it starts); the hard limit is kept."""
    with contextlib.suppress(ImportError, ValueError, OSError):  # no `resource` module off Unix
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        if soft != 0:
            resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
