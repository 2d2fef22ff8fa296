"""Memory: peak RSS of `segtui replay --json` over 10,000 events, per sandbox process and for the CLI.

    python bench/memory.py [--events 10000]

The process tree's RSS is sampled every 5 ms from /proc (Linux); the table gives the peak of
the sum, the CLI's own high-water mark (VmHWM) and the largest sandbox's (the target is per
sandbox: ≤ 150 MB). Runs the POST-per-event handler against the loopback server, sequentially
and with `--concurrency auto`, and the no-I/O handler.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import API_KEY, HANDLERS, REPO, Loopback, table, track_events, write_ndjson

_PAGE_KB = 4


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def peak_rss(command: list[str]) -> tuple[float, float, float, int, float]:
    """Run `command`; peak MB of the tree's summed RSS, the CLI's VmHWM and the largest sandbox's, how many
    sandboxes ran, and seconds taken."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    peak_sum = parent_hwm = child_hwm = 0
    sandboxes: set[int] = set()
    while process.poll() is None:
        children = _children(process.pid)
        sandboxes.update(children)
        total = _status_kb(process.pid, "VmRSS") + sum(_status_kb(child, "VmRSS") for child in children)
        peak_sum = max(peak_sum, total)
        parent_hwm = max(parent_hwm, _status_kb(process.pid, "VmHWM"))
        child_hwm = max([child_hwm, *(_status_kb(child, "VmHWM") for child in children)])
        time.sleep(0.005)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return peak_sum / 1024, parent_hwm / 1024, child_hwm / 1024, len(sandboxes), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder, Loopback() as server:
        events = write_ndjson(Path(folder) / "events.ndjson", track_events(args.events))
        settings = Path(folder) / "settings.json"
        settings.write_text(json.dumps({"url": server.url, "apiKey": API_KEY}), encoding="utf-8")
        for name, concurrency in (("post_one.js", "1"), ("post_one.js", "auto"), ("no_io.js", "1")):
            command = [sys.executable, "-m", "segtui", "replay", str(HANDLERS / name), str(events),
                       "--settings", str(settings), "--json", "--concurrency", concurrency, "--no-progress"]
            total, parent, child, count, seconds = peak_rss(command)
            rows.append([name, concurrency, f"{args.events:,}", f"{total:.0f}", f"{parent:.0f}", f"{child:.0f}",
                         "yes" if child <= 150 else "no", str(count), f"{seconds:.1f}"])
    print(f"Memory of `segtui replay --json`, {args.events:,} track events")
    print(table(["handler", "--concurrency", "events", "peak RSS MB (CLI + sandboxes)", "CLI VmHWM MB",
                 "largest sandbox VmHWM MB", "≤ 150 MB per sandbox", "sandboxes", "wall s"], rows))


if __name__ == "__main__":
    main()
