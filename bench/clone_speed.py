"""structuredClone speed: typical track events copied 50 times each by a handler, segtui vs Node 20, copies per second.

    python bench/clone_speed.py [--events 200] [--repeat 3]

The handler (bench/handlers/clone_copies.js) runs as a replay on a warm engine and through bench/node_replay.js, as
in replay_throughput.py; the copies per second include each event's dispatch (a fiftieth of it per copy). The
events are replay_throughput's (properties, up to three products, context).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from common import HANDLERS, ensure_node_packages, median, table, track_events, write_ndjson
from replay_throughput import _check, node_rate, segtui_rate

COPIES = 50
"""Copies per event, as bench/handlers/clone_copies.js makes them."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with_node = ensure_node_packages()
    handler = HANDLERS / "clone_copies.js"
    rates: dict[str, list[float]] = {"segtui": [], "node": []}
    with tempfile.TemporaryDirectory() as folder:
        events_path = write_ndjson(Path(folder) / "events.ndjson", track_events(args.events))
        settings_path = Path(folder) / "settings.json"
        settings_path.write_text(json.dumps({}), encoding="utf-8")
        for _ in range(args.repeat):
            rate, outcomes = segtui_rate(handler, events_path, {}, 1)
            _check(outcomes, args.events, "segtui clone_copies.js")
            rates["segtui"].append(rate * COPIES)
            if with_node:
                rate, outcomes = node_rate(handler, events_path, settings_path, 1)
                _check(outcomes, args.events, "node clone_copies.js")
                rates["node"].append(rate * COPIES)
    ours = median(rates["segtui"])
    row = ["structuredClone(event)", f"{ours:,.0f}"]
    headers = ["what", "segtui copies/s"]
    if with_node:
        theirs = median(rates["node"])
        row += [f"{theirs:,.0f}", f"{ours / theirs:.2f}x"]
        headers += ["Node copies/s", "segtui/Node"]
    print(f"structuredClone speed, {args.events} track events x {COPIES} copies, median of {args.repeat}")
    print(table(headers, [row]))


if __name__ == "__main__":
    main()
