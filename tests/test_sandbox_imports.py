"""What start-up imports: a sandbox imports masking (whose tables take ~50-120 ms to build) only once it writes or reads
a cassette, as nothing else it does masks (segtui's own process masks what it prints); `segtui run` imports it on a
thread once its sandbox has its config, and `segtui replay` while its sandboxes load. A run waits for both start-ups."""

from __future__ import annotations

import json
import subprocess
import sys

MASKING = ("segtui.masking", "segtui.encoded_views", "segtui.unicode_readings", "segtui.sandbox.cassette_answers")
HANDLER = """
async function onTrack(event, settings) {
  console.log("fetching with", settings.apiKey);
  const response = await fetch(settings.base + "/text", { headers: { Authorization: "Bearer " + settings.apiKey } });
  return [response.status, await response.text()];
}
"""
RUN = """
import io, json, sys
import segtui.sandbox.serve  # what a sandbox process imports before it reads its config
from segtui.protocol import NetworkOptions, SandboxConfig
from segtui.sandbox.sandbox import Sandbox

handler, base, record = sys.argv[1], sys.argv[2], sys.argv[3] or None
sandbox = Sandbox(SandboxConfig(network=NetworkOptions(secrets=["sk_live_9fQ2mZ81xWqA"], record=record)))
assert sandbox.load("handler.js", handler, io.StringIO()).ok
loaded = [name for name in sys.argv[4:] if name in sys.modules]
out = io.StringIO()
sandbox.invoke_many([json.dumps({"type": "track", "event": "E"})] * 2, json.dumps({"base": base, "apiKey": "sk_live_9fQ2mZ81xWqA"}), out)
print(json.dumps({"replies": out.getvalue(), "loaded": loaded,
                  "imported": [name for name in sys.argv[4:] if name in sys.modules]}))
"""


def _sandbox_run(base: str, record: str = "") -> dict:
    """Two events with a live fetch each, on a sandbox of a fresh process; its replies and which masking modules it imported."""
    done = subprocess.run([sys.executable, "-c", RUN, HANDLER, base, record, *MASKING], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_sandbox_that_writes_no_cassette_never_imports_masking(loopback):
    ran = _sandbox_run(loopback.base)
    results = [result for line in ran["replies"].splitlines() for result in json.loads(line)]
    assert [result["return"] for result in results] == [[200, "héllo wörld ✓"]] * 2
    assert [result["logs"][0]["message"] for result in results] == ["fetching with sk_live_9fQ2mZ81xWqA"] * 2  # segtui masks
    assert ran["imported"] == []


def test_a_sandbox_recording_a_cassette_masks_it(loopback, tmp_path):
    ran = _sandbox_run(loopback.base, str(tmp_path / "run.cassette"))
    results = [result for line in ran["replies"].splitlines() for result in json.loads(line)]
    interactions = [request["interaction"] for result in results for request in result["requests"]]
    assert len(interactions) == 2 and "sk_live_9fQ2mZ81xWqA" not in json.dumps(interactions)
    # A review: imported by the first cassette written, in a run's time, it turned the run into a timeout: now as the
    # handler loads, outside any time limit.
    assert "segtui.masking" in ran["loaded"]


def test_segtui_run_and_replay_leave_masking_for_while_their_sandboxes_start():
    # What `segtui run` and `segtui replay` import before they send their sandboxes the config: masking then waits for
    # import_meanwhile.
    code = ("import sys, segtui.cli, segtui.commands.run, segtui.commands.replay\n"
            "print([name for name in sys.argv[1:] if name in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code, *MASKING], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


LIVE = ("segtui.sandbox.live_http", "segtui.sandbox.connector", "httptools")
RARELY = ("segtui.settings_reads", "tree_sitter", "segtui.number_texts", "segtui.compressed_bodies")
"""Needed only by a source that may call import() (its parser), a body past its size limit (decimal) or a live
compressed body (gzip): no run here."""
MOCKED = """
import io, json, sys
import segtui.sandbox.serve  # what a sandbox process imports before it reads its config
from segtui.protocol import NetworkOptions, SandboxConfig
from segtui.sandbox.sandbox import Sandbox

mock, offline = sys.argv[1], sys.argv[2] == "offline"
sandbox = Sandbox(SandboxConfig(network=NetworkOptions(mock=mock, offline=offline)))
at_start = [name for name in sys.argv[3:] if name in sys.modules]
handler = "async function onTrack() { const r = await fetch('https://api.example.test/v1/events', {method: 'POST'}); return r.status; }"
assert sandbox.load("handler.js", handler, io.StringIO()).ok
out = io.StringIO()
sandbox.invoke_many([json.dumps({"type": "track", "event": "E"})], "{}", out)
print(json.dumps({"replies": out.getvalue(), "at_start": at_start,
                  "imported": [name for name in sys.argv[3:] if name in sys.modules]}))
"""


def test_an_offline_sandbox_never_imports_live_requests_modules_and_another_imports_them_as_it_starts(tmp_path):
    """Nor does either import what only some runs need (RARELY): the JavaScript grammar, decimal, gzip."""
    mock = tmp_path / "segtui.mock.yaml"
    mock.write_text("- method: POST\n  url: https://api.example.test/v1/events\n  status: 202\n", encoding="utf-8")
    found = {}
    for mode in ("offline", "live"):
        done = subprocess.run([sys.executable, "-c", MOCKED, str(mock), mode, *LIVE, *RARELY], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        found[mode] = json.loads(done.stdout)
        assert [result["return"] for result in json.loads(found[mode]["replies"])] == [202]
    assert found["offline"]["imported"] == []
    assert found["live"]["at_start"] == found["live"]["imported"] == list(LIVE)  # a live run's first request does not
