"""Where a whole `segtui replay --json` process's time goes: CPU of each process and thread, and py-spy's frames.

    python bench/profile_command.py [--events 3000] [--concurrency 1] [--rate 250] [--top 25]

Runs the command as bench/commands.py does (the POST-per-event handler, bench/loopback.py as the
server, stdout to /dev/null) and samples /proc every 10 ms for the CPU of the CLI process and of
each sandbox process by thread (the last sample before a process exits stands for its total). With
py-spy (`pip install py-spy`) the whole tree is also sampled while a thread holds the GIL
(`--gil`), so waits are left out: the first table then splits each process's Python time by the
module it runs in, the second lists the functions with the largest share, inclusive and self.
V8's own thread runs the handler's JavaScript and, inside host calls such as fetch, Python:
its CPU minus its Python samples is V8 (and the kernel's work for its sockets).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from commands import HANDLER
from common import API_KEY, REPO, Loopback, table, track_events, write_ndjson

_TICK = os.sysconf("SC_CLK_TCK")
_MODULE = re.compile(r"\(([^():]+?)(?::\d+)?\)$")


def _cpu(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _thread_name(pid: int, tid: int) -> str:
    try:
        return Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
    except OSError:
        return "?"


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    return [pid, *(grandchild for child in _children(pid) for grandchild in _tree(child))]


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def _role(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    if "py-spy" in command.split(" ", 1)[0]:
        return "py-spy"
    if "segtui.sandbox" in command or _name(pid) == "segtui-sandbox":  # started anew, or forked (segtui.engine.forked)
        return "sandbox"
    return "CLI" if "-m segtui" in command else "?"


def sample_tree(process: subprocess.Popen[bytes], every_s: float = 0.01) -> dict[int, tuple[str, dict[int, tuple[str, float]]]]:
    """By process of the tree: its role, and the CPU seconds of each thread, last seen before it ended."""
    seen: dict[int, tuple[str, dict[int, tuple[str, float]]]] = {}
    while process.poll() is None:
        for pid in _tree(process.pid):
            threads = seen[pid][1] if pid in seen else {}
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    tid = int(task.name)
                    threads[tid] = (_thread_name(pid, tid), _cpu(task / "stat"))
            except OSError:
                continue
            # Read each time: a child just forked still shows its parent's command line until it runs its own.
            role = _role(pid)
            seen[pid] = (seen[pid][0] if role == "?" and pid in seen else role, threads)
        time.sleep(every_s)
    return seen


def _module(frame: str) -> str:
    match = _MODULE.search(frame)
    if not match:
        return "?"
    path = match.group(1)
    if "segtui/" in path:
        return "segtui/" + path.rsplit("segtui/", 1)[1]
    if "site-packages/" in path:
        return path.rsplit("site-packages/", 1)[1].split("/")[0]
    return "stdlib: " + path.rsplit("/", 1)[-1] if path.startswith(("/", "<")) else path


def read_spy(raw: Path, sandboxes: set[int]) -> dict[str, list[tuple[list[str], int]]]:
    """py-spy's raw stacks by role: `sandboxes` are the sandbox processes' pids (a forked one has segtui's command line)."""
    stacks: dict[str, list[tuple[list[str], int]]] = defaultdict(list)
    for line in raw.read_text().splitlines():
        if not line.strip():
            continue
        stack, samples = line.rsplit(" ", 1)
        frames = stack.split(";")
        processes = [frame for frame in frames if frame.startswith("process ")]
        label = processes[-1] if processes else "?"
        pid = re.match(r"process (\d+)", label)
        label = "sandbox" if "segtui.sandbox" in label or (pid and int(pid.group(1)) in sandboxes) else "CLI"
        kept = [re.sub(r":\d+\)$", ")", frame) for frame in frames if not frame.startswith(("process ", "thread "))]
        stacks[label].append((kept, int(samples)))
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--concurrency", default="1")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-py-spy", action="store_true")
    args = parser.parse_args()
    spy = None if args.no_py_spy else shutil.which("py-spy")
    with tempfile.TemporaryDirectory() as folder, Loopback() as server:
        folder_path = Path(folder)
        handler = folder_path / "handler.js"
        handler.write_text(HANDLER, encoding="utf-8")
        events = write_ndjson(folder_path / "events.ndjson", track_events(args.events))
        settings = folder_path / "settings.json"
        settings.write_text(json.dumps({"endpoint": server.url, "apiKey": API_KEY}), encoding="utf-8")
        command = [sys.executable, "-m", "segtui", "replay", str(handler), str(events), "--settings", str(settings),
                   "--json", "--concurrency", args.concurrency]
        raw = folder_path / "spy.txt"
        if spy:
            command = [spy, "record", "--subprocesses", "--gil", "--threads", "-r", str(args.rate), "--format", "raw",
                       "-o", str(raw), "--", *command]
        server_before = _cpu(Path(f"/proc/{server.process.pid}/stat"))
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = sample_tree(process)
        wall = time.perf_counter() - started
        stderr = process.stderr.read().decode() if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"segtui replay exited {process.returncode}:\n{stderr}")
        server_cpu = _cpu(Path(f"/proc/{server.process.pid}/stat")) - server_before
        rows = []
        for pid, (role, threads) in seen.items():
            if role not in ("CLI", "sandbox"):
                continue
            total = sum(cpu for _, cpu in threads.values())
            busiest = sorted(threads.items(), key=lambda item: -item[1][1])[:4]
            detail = ", ".join(f"{'main' if tid == pid else name} {cpu / args.events * 1e6:.0f}"
                               for tid, (name, cpu) in busiest if cpu > 0)
            rows.append([f"{role} ({pid})", f"{total:.2f}", f"{total / args.events * 1e6:.0f}", detail])
        rows.append(["loopback server", f"{server_cpu:.2f}", f"{server_cpu / args.events * 1e6:.0f}", ""])
        print(f"`segtui replay --json --concurrency {args.concurrency}`, {args.events} events, {wall:.2f} s wall "
              f"(with{'' if spy else 'out'} py-spy); {stderr.splitlines()[0] if stderr else ''}")
        print(table(["process", "CPU s", "CPU µs/event", "busiest threads, µs/event"], rows))
        if spy and raw.exists():
            stacks = read_spy(raw, {pid for pid, (role, _) in seen.items() if role == "sandbox"})
            for label, entries in stacks.items():
                total = sum(samples for _, samples in entries)
                by_module: Counter[str] = Counter()
                inclusive: Counter[str] = Counter()
                own: Counter[str] = Counter()
                for frames, samples in entries:
                    if frames:
                        by_module[_module(frames[-1])] += samples
                        own[frames[-1]] += samples
                    for frame in set(frames):
                        inclusive[frame] += samples
                held = total / args.rate
                print(f"\n{label}: {total} samples holding the GIL ({held:.2f} s, {held / args.events * 1e6:.0f} µs/event), "
                      "by the module running")
                print(table(["module", "share", "µs/event"], [[module, f"{100 * count / total:.1f}%",
                                                               f"{count / args.rate / args.events * 1e6:.0f}"]
                                                              for module, count in by_module.most_common(12)]))
                print(table(["inclusive", "self", "function"], [[f"{100 * count / total:.1f}%", f"{100 * own[frame] / total:.1f}%",
                                                                 re.sub(r" \(/.*/", " (", frame)]
                                                                for frame, count in inclusive.most_common(args.top)]))


if __name__ == "__main__":
    main()
