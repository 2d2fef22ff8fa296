"""The bundled examples pass their own goldens offline, as README's CI command runs them: with no --mock, their
requests answered by the segtui.mock.yaml beside each handler."""

import pytest
from support.cli import REPO, segtui


@pytest.mark.parametrize(("example", "count", "noun"), [("webhook", 16, "events"), ("crm-sync", 16, "events"),
                                                       ("insert-pii-scrub", 19, "events"),
                                                       ("source-orders-webhook", 7, "requests")])
def test_each_example_passes_its_goldens_offline(example, count, noun):
    folder = REPO / "examples" / example
    done = segtui("test", str(folder / "handler.js"), "--offline",
                  "--color", "never", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{count} {noun}: {count} passed" in done.stdout
