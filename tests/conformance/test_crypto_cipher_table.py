"""cipher_table.json is what scripts/refresh_cipher_table.js writes from the Node 20 on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "refresh_cipher_table.js"


def test_crypto_cipher_table_matches_a_fresh_build_from_node():
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("conformance must run in CI: node is not on PATH")
        pytest.skip("node is not on PATH (the refresh script needs it)")
    done = subprocess.run(["node", str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
