"""What a `segtui run` leaves unimported: modules only an error, a typo's hint, a miss of the mock rules, a number
secret that is not an integer, a file written or a text naming an HTML entity needs (each ~1-3 ms of CPU at the start
of every run), and Rich, which only coloured output needs (~15-20 ms), nor what only some results or inputs need (their
dataclasses, ~0.3-1 ms each): the reading of handlers' syntax trees (one note's), an insert function's changes, an
error's cut headline, a replay, NDJSON."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "webhook"
NOT_NEEDED = ("difflib", "traceback", "decimal", "secrets", "hmac", "html", "rich", "segtui.settings_reads",
              "segtui.event_diff", "segtui.replay", "segtui.ndjson")
RUN = """
import sys
from segtui.cli import main

code = main(sys.argv[2:])
print(code, [name for name in sys.argv[1].split(",") if name in sys.modules], file=sys.stderr)
"""


def test_a_run_of_the_example_imports_no_module_only_errors_or_other_inputs_need():
    done = subprocess.run([sys.executable, "-c", RUN, ",".join(NOT_NEEDED), "run", str(EXAMPLE / "handler.js"),
                           "--event", "track", "--mock", str(EXAMPLE / "segtui.mock.yaml"), "--offline"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr.splitlines()[-1] == "0 []", done.stderr
    assert "POST https://api.example-webhook.com/v1/events → 202 Accepted" in done.stdout


def test_a_json_run_with_colour_asked_for_imports_no_rich():
    done = subprocess.run([sys.executable, "-c", RUN, "rich", "run", str(EXAMPLE / "handler.js"), "--event", "track",
                           "--mock", str(EXAMPLE / "segtui.mock.yaml"), "--offline", "--json", "--color", "always"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr.splitlines()[-1] == "0 []", done.stderr
    assert '"outcome": "success"' in done.stdout
