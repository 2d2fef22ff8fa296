"""The bundled examples pass their own goldens offline, as README's CI command runs them."""

import pytest
from support.cli import REPO, segtui


@pytest.mark.parametrize(("example", "count"), [("webhook", 16), ("crm-sync", 16), ("insert-pii-scrub", 19),
                                               ("source-orders-webhook", 7)])
def test_each_example_passes_its_goldens_offline(example, count):
    folder = REPO / "examples" / example
    done = segtui("test", str(folder / "handler.js"), "--mock", str(folder / "mock.yaml"), "--offline",
                  "--color", "never", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{count} events: {count} passed" in done.stdout
