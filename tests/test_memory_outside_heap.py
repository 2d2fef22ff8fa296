"""Memory a handler holds outside V8's heap (ArrayBuffers, SharedArrayBuffers, Buffers, WebAssembly memory) counts
against the memory limit too: a run that fills it is stopped as past the limit, and the process stays bounded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from segtui.sandbox.resident_watch import resident_bytes

FILLERS = {
    "shared-array-buffer": "const b = new Uint8Array(new SharedArrayBuffer(200 * 2 ** 20)); b.fill(1); keep.push(b);",
    "buffer": "keep.push(Buffer.alloc(100 * 2 ** 20, 1));",
    "wasm-memory": "const m = new WebAssembly.Memory({ initial: 1600 }); new Uint8Array(m.buffer).fill(1); keep.push(m);",
    "array-buffer-between-awaits": "await null; const b = new Uint8Array(200 * 2 ** 20); b.fill(1); keep.push(b);",
}

# Runs segtui in a process of its own, so that the peak resident memory of its descendants is this run's alone. It is
# their subreaper: a sandbox segtui killed without waiting for it (or left when it ended) is reaped here, and counted.
MEASURE = textwrap.dedent("""
    import ctypes, json, os, resource, subprocess, sys
    ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    done = subprocess.run([sys.executable, "-m", "segtui", *sys.argv[1:]], capture_output=True, text=True)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    print(json.dumps({"out": done.stdout, "err": done.stderr, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))
""")

pytestmark = pytest.mark.skipif(resident_bytes() is None, reason="the resident memory is watched on Linux only")


def run_measured(tmp_path, source: str, *args: str) -> tuple[dict, int]:
    (tmp_path / "handler.js").write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MEASURE, "run", "handler.js", "--event", "track", "--offline", "--json",
                           *args], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=True)
    measured = json.loads(done.stdout)
    assert measured["out"], measured["err"]
    return json.loads(measured["out"]), measured["peak_mb"]


@pytest.mark.parametrize("fill", FILLERS.values(), ids=FILLERS.keys())
def test_filling_memory_outside_the_heap_is_stopped_at_the_memory_limit(tmp_path, fill):
    source = f"async function onTrack() {{ const keep = []; for (let i = 0; i < 40; i++) {{ {fill} }} return keep.length; }}"
    result, peak_mb = run_measured(tmp_path, source, "--memory", "64", "--timeout", "60")
    assert result["outcome"] == "bad_request" and result["error"]["name"] == "MemoryError", result
    # A probe: this was worded "JavaScript heap exceeded the memory limit", of memory the heap does not hold.
    assert result["error"]["message"].startswith("the sandbox's memory exceeded the memory limit of 64 MB (buffers count")
    assert peak_mb < 1500, f"the sandbox grew to {peak_mb} MB before it was stopped (unwatched, it reaches 4-8 GB)"


def test_buffers_within_the_limit_are_not_stopped(tmp_path):
    source = ("async function onTrack() { const keep = []; for (let i = 0; i < 4; i++) keep.push(Buffer.alloc(8 * 2 ** 20, 1));"
              " await new Promise((resolve) => setTimeout(resolve, 200)); return keep.length; }")
    result, _ = run_measured(tmp_path, source, "--memory", "64")
    assert result["outcome"] == "success" and result["return"] == 4, result


# Code V8 cannot interrupt, which goes on past the limit once the run is stopped: to 1.5 GB, or to V8's own crash
# (SIGTRAP, at ~1.4 GB), which segtui reported as its own.
UNSTOPPABLE = {
    "one-fill": "new Uint8Array(1536 * 2 ** 20).fill(1)",
    "json-parse-nesting": "JSON.parse('['.repeat(5e7))",
}


@pytest.mark.parametrize("grow", UNSTOPPABLE.values(), ids=UNSTOPPABLE.keys())
def test_growing_past_the_memory_limit_where_v8_cannot_stop_is_a_memory_error_and_bounded(tmp_path, grow):
    result, peak_mb = run_measured(tmp_path, f"async function onTrack() {{ return {grow}; }}", "--memory", "128",
                                   "--timeout", "30")
    assert result["outcome"] == "bad_request" and result["error"]["name"] == "MemoryError", result
    assert peak_mb < 1000, f"the sandbox grew to {peak_mb} MB before it was stopped"


@pytest.mark.parametrize("requests", [1, 0], ids=["after-a-request", "with-no-request"])
def test_a_run_ended_past_the_memory_limit_keeps_its_logs_and_requests_and_the_next_event_runs(tmp_path, loopback,
                                                                                              requests):
    # The sandbox ended itself (one fill V8 could not stop) with no answer: the event's logs and its request were lost.
    # With no request before the fill, its logs were lost still: console.js mirrored a run's logs only from its first
    # host call on.
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) {\n  console.log('before', event.event);\n"
        f"  if ({requests}) await fetch(settings.base + '/json');\n  console.log('then');\n"
        "  if (event.event === 'grows') new Uint8Array(1536 * 2 ** 20).fill(1);\n  return event.event;\n}\n")
    (tmp_path / "events.ndjson").write_text("".join(json.dumps({"type": "track", "event": name}) + "\n"
                                                    for name in ("first", "grows", "last")))
    done = subprocess.run([sys.executable, "-m", "segtui", "replay", "handler.js", "events.ndjson", "--json", "--memory",
                           "128", "--timeout", "30", "--setting", f"base={loopback.base}"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(result["outcome"], result["return"]) for result in results] == [
        ("success", "first"), ("bad_request", None), ("success", "last")], done.stderr
    assert results[1]["error"]["name"] == "MemoryError", results[1]
    assert [entry["message"] for entry in results[1]["logs"]] == ["before grows", "then"], results[1]
    assert [request["url"] for request in results[1]["requests"]] == [f"{loopback.base}/json"] * requests
    assert len(loopback.take()) == 3 * requests


def test_filling_the_heap_is_worded_as_the_javascript_heap(tmp_path):
    source = "async function onTrack() { const keep = []; for (;;) keep.push({ n: keep.length, s: 'x' + keep.length }); }"
    result, _ = run_measured(tmp_path, source, "--memory", "64", "--timeout", "60")
    assert (result["error"]["name"], result["error"]["message"]) == (
        "MemoryError", "JavaScript heap exceeded the memory limit of 64 MB"), result
