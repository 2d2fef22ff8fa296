"""The bundled examples pass their own goldens offline, as README's CI command runs them."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("example", ["webhook", "crm-sync"])
def test_each_example_passes_its_goldens_offline(example):
    folder = REPO / "examples" / example
    done = subprocess.run(
        [sys.executable, "-m", "segtui", "test", str(folder / "handler.js"), "--mock", str(folder / "mock.yaml"),
         "--offline", "--color", "never"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "16 events: 16 passed" in done.stdout
