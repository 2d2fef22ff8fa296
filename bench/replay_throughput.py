"""Replay throughput: track events through a handler that POSTs once per event and one with no I/O, segtui vs Node 20.

    python bench/replay_throughput.py [--events 1000] [--repeat 3] [--concurrency 2 4]

segtui replays through `segtui.suite.replay` (what `segtui replay` runs) on engines started
and loaded before the clock starts; Node runs the same handler files with node-fetch 2.6.0
through bench/node_replay.js. Both hit the same loopback server (its own process) in the same run.
Figures are medians of `--repeat` runs, events per second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import BENCH, HANDLERS, Loopback, ensure_node_packages, median, node, table, track_events, write_ndjson

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig
from segtui.replay import read_replay, replay


def segtui_rate(handler: Path, events_path: Path, settings: dict, sandboxes: int) -> tuple[float, Counter]:
    """Events per second of one replay on `sandboxes` warm engines, and its outcomes."""
    engines = [Engine(SandboxConfig()) for _ in range(sandboxes)]
    source = handler.read_text(encoding="utf-8")
    try:
        with ThreadPoolExecutor(sandboxes) as pool:
            loads = list(pool.map(lambda engine: (engine.start(), engine.load(handler, source))[1], engines))
        assert all(loaded.ok for loaded in loads), loads
        events = read_replay(events_path)
        outcomes: Counter = Counter()
        started = time.perf_counter()
        for _event, invocation in replay(engines, events, settings):
            outcomes[invocation.outcome] += 1
        elapsed = time.perf_counter() - started
    finally:
        for engine in engines:
            engine.close()
    return outcomes.total() / elapsed, outcomes


def node_rate(handler: Path, events_path: Path, settings_path: Path, concurrency: int) -> tuple[float, Counter]:
    """Events per second of one Node replay with `concurrency` events in flight, and its outcomes."""
    done = subprocess.run([node(), str(BENCH / "node_replay.js"), str(handler), str(events_path), str(settings_path),
                           str(concurrency)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    return result["events"] / result["seconds"], Counter(result["outcomes"])


def _check(outcomes: Counter, count: int, what: str) -> None:
    if outcomes != Counter(success=count):
        raise SystemExit(f"{what}: expected {count} successes, got {dict(outcomes)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[2, 4])
    args = parser.parse_args()
    with_node = ensure_node_packages()
    cases = [("post_one.js", 1), *(("post_one.js", n) for n in args.concurrency), ("no_io.js", 1)]
    rates: dict[tuple[str, int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder, Loopback() as server:
        events_path = write_ndjson(Path(folder) / "events.ndjson", track_events(args.events))
        settings = {"url": server.url, "apiKey": "bench", "region": "eu"}
        settings_path = Path(folder) / "settings.json"
        settings_path.write_text(json.dumps(settings), encoding="utf-8")
        for _ in range(args.repeat):
            for name, lanes in cases:
                handler = HANDLERS / name
                before = server.count()
                rate, outcomes = segtui_rate(handler, events_path, settings, lanes)
                _check(outcomes, args.events, f"segtui {name} x{lanes}")
                rates.setdefault((name, lanes, "segtui"), []).append(rate)
                if with_node:
                    rate, outcomes = node_rate(handler, events_path, settings_path, lanes)
                    _check(outcomes, args.events, f"node {name} x{lanes}")
                    rates.setdefault((name, lanes, "node"), []).append(rate)
                if name == "post_one.js":
                    sent = server.count() - before
                    expected = args.events * (2 if with_node else 1)
                    if sent != expected:
                        raise SystemExit(f"{name} x{lanes}: the server saw {sent} requests, expected {expected}")
    node_sequential = {name: median(rates[(name, 1, "node")]) for name, _ in cases if with_node}
    rows = []
    for name, lanes in cases:
        ours = median(rates[(name, lanes, "segtui")])
        row = [name, "sequential" if lanes == 1 else f"{lanes} sandboxes / {lanes} in flight", f"{ours:,.0f}"]
        if with_node:
            theirs = median(rates[(name, lanes, "node")])
            row += [f"{theirs:,.0f}", f"{ours / theirs:.2f}x", f"{ours / node_sequential[name]:.2f}x"]
        rows.append(row)
    headers = ["handler", "mode", "segtui ev/s"]
    if with_node:
        headers += ["Node ev/s", "segtui/Node", "segtui/Node sequential"]
    print(f"Replay throughput, {args.events} track events, median of {args.repeat}")
    print(table(headers, rows))


if __name__ == "__main__":
    main()
