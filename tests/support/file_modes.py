"""Commands that file modes stop: root is not stopped by them, so as root a command runs through capsh without the
capabilities that pass them by (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def mode_bound(locked: Path) -> list[str]:
    """The prefix a command runs under so that `locked` (a folder of mode 000) may not be listed; skips the test
    where no such prefix can be had."""
    wrapper: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("capsh") is None:
            pytest.skip("root, and no capsh to drop the capabilities that pass file modes by")
        wrapper = ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", 'exec "$@"', "sh"]
    probe = subprocess.run([*wrapper, sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"],
                           capture_output=True, check=False)
    if probe.returncode == 0 or b"PermissionError" not in probe.stderr:
        pytest.skip(f"a folder could not be made unreadable here: {probe.stderr[-500:]!r}")
    return wrapper
