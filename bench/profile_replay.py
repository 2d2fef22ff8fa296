"""Where a replay's time goes: CPU per event of each process (segtui, its sandbox, the server; Node), and py-spy's top frames.

    python bench/profile_replay.py [--handler post_one.js] [--events 5000] [--no-py-spy]

The sandbox's CPU is also split by thread (from /proc; the busiest unnamed thread is V8's, which
runs the JS and, inside host calls such as fetch, Python). py-spy (`pip install py-spy`) samples
the sandbox process while it holds the GIL (`--gil`), so waits are left out; the table lists the
functions with the largest share of those samples, inclusive and self.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import BENCH, HANDLERS, Loopback, ensure_node_packages, node, table, track_events, write_ndjson

from segtui.engine.engine import Engine
from segtui.replay import read_replay, replay


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux)."""
    return cpu_seconds_of(Path(f"/proc/{pid}/stat"))


def thread_cpu(pid: int) -> dict[int, float]:
    """CPU seconds used so far by each thread of a process, by thread id."""
    used = {}
    for tid in Path(f"/proc/{pid}/task").iterdir():
        try:
            used[int(tid.name)] = cpu_seconds_of(tid / "stat")
        except FileNotFoundError:
            continue
    return used


def cpu_seconds_of(stat: Path) -> float:
    """User + system CPU seconds from a /proc stat file."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def top_frames(raw: Path, count: int) -> tuple[list[list[str]], int]:
    """Rows of (share inclusive, share self, function) from py-spy's raw output, and the sample total."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        if not line.strip():
            continue
        stack, samples = line.rsplit(" ", 1)
        frames = [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")[1:]]
        total += int(samples)
        if frames:
            own[frames[-1]] += int(samples)
        for frame in set(frames):
            inclusive[frame] += int(samples)
    rows = [[f"{100 * samples / total:.1f}%", f"{100 * own[frame] / total:.1f}%", frame]
            for frame, samples in inclusive.most_common(count)]
    return rows, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handler", default="post_one.js", help="a file in bench/handlers")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-py-spy", action="store_true")
    args = parser.parse_args()
    handler = HANDLERS / args.handler
    spy = None if args.no_py_spy else shutil.which("py-spy")
    with tempfile.TemporaryDirectory() as folder, Loopback() as server:
        events_path = write_ndjson(Path(folder) / "events.ndjson", track_events(args.events))
        settings = {"url": server.url, "apiKey": "bench", "region": "eu"}
        engine = Engine()
        engine.start()
        engine.load(handler)
        worker = engine.sandbox_pid
        raw = Path(folder) / "sandbox.txt"
        sampler = None
        if spy:
            sampler = subprocess.Popen([spy, "record", "-p", str(worker), "-o", str(raw), "--format", "raw", "-r", "250",
                                        "--threads", "--gil", "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        before = (cpu_seconds(worker), cpu_seconds(server.process.pid), time.process_time())
        threads_before = thread_cpu(worker)
        started = time.perf_counter()
        done = sum(1 for _ in replay([engine], read_replay(events_path), settings))
        elapsed = time.perf_counter() - started
        threads = {tid: used - threads_before.get(tid, 0.0) for tid, used in thread_cpu(worker).items()}
        after = (cpu_seconds(worker), cpu_seconds(server.process.pid), time.process_time())
        if sampler:
            sampler.send_signal(2)
            sampler.wait()
        engine.close()
        per_event = [(b - a) / done * 1000 for a, b in zip(before, after)]
        rows = [["segtui", f"{done / elapsed:,.0f}", f"{elapsed / done * 1000:.3f}", f"{per_event[0]:.3f}",
                 f"{per_event[2]:.3f}", f"{per_event[1]:.3f}"]]
        if ensure_node_packages():
            settings_path = Path(folder) / "settings.json"
            settings_path.write_text(json.dumps(settings), encoding="utf-8")
            server_before, children_before = cpu_seconds(server.process.pid), os.times()
            output = subprocess.run([node(), str(BENCH / "node_replay.js"), str(handler), str(events_path), str(settings_path)],
                                    capture_output=True, text=True, check=True).stdout
            children_after = os.times()
            node_cpu = (children_after.children_user + children_after.children_system
                        - children_before.children_user - children_before.children_system)
            result = json.loads(output)
            rows.append(["Node (CPU includes its start-up)", f"{result['events'] / result['seconds']:,.0f}",
                         f"{result['seconds'] / done * 1000:.3f}", f"{node_cpu / done * 1000:.3f}", "-",
                         f"{(cpu_seconds(server.process.pid) - server_before) / done * 1000:.3f}"])
        print(f"Replay of {done} events through {args.handler}: milliseconds per event")
        print(table(["runner", "ev/s", "wall", "CPU: sandbox (or Node)", "CPU: segtui parent", "CPU: server"], rows))
        busy = sorted(((used, tid) for tid, used in threads.items() if used > 0), reverse=True)
        print("\nSandbox CPU by thread, ms per event: " + ", ".join(
            f"{'main' if tid == worker else f'thread {tid}'} {used / done * 1000:.3f}" for used, tid in busy))
        if spy and raw.exists():
            frames, total = top_frames(raw, args.top)
            print(f"\npy-spy, sandbox process, {total} samples at 250 Hz over the threads running Python")
            print(table(["inclusive", "self", "function"], frames))


if __name__ == "__main__":
    main()
