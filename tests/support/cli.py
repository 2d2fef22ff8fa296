"""Running segtui as a user does: a whole `python -m segtui` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def segtui(*args: str, cwd: Path = REPO, timeout: float = 120,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `segtui *args` in `cwd` (with `env` added to the environment) and return what it printed and its exit
    code (never raising on one)."""
    return subprocess.run([sys.executable, "-m", "segtui", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})
