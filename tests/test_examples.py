"""The bundled examples pass their own goldens offline, as README's CI command runs them."""

import pytest
from support.cli import REPO, segtui


@pytest.mark.parametrize("example", ["webhook", "crm-sync"])
def test_each_example_passes_its_goldens_offline(example):
    folder = REPO / "examples" / example
    done = segtui("test", str(folder / "handler.js"), "--mock", str(folder / "mock.yaml"), "--offline",
                  "--color", "never", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "16 events: 16 passed" in done.stdout
