"""The commands as users run them, whole processes against Node as a whole process: `segtui replay` and `segtui run`.

    python bench/commands.py [--events 3000] [--repeat 5] [--concurrency-values 1,auto] [--baseline DIR] [--quick]

Every figure is wall time from launching a process to its exit, so start-up, loading the handler,
reading the events and writing the results all count. `segtui replay HANDLER EVENTS --settings S
--json` (stdout to /dev/null) replays track events through a handler that POSTs each one to a
loopback server and reads the JSON answer; Node replays the same handler file on the same events,
one after another, against the same server through bench/node_replay_process.js (node-fetch 2.6.0
and the conformance reference's globals), also printing one JSON line per result to /dev/null.
Two servers, each in its own process on a free port of 127.0.0.1: bench/loopback.py (asyncio,
keep-alive) and the standard library's `ThreadingHTTPServer` (stock HTTP/1.0 handler, so one
connection per request, answering `{"ok":true}` with a Content-Length; request logging off).
node-fetch 2.6 sends `Connection: close` (it sets it when no agent is given), so Node and segtui
both open one connection per request with either server.

`segtui run examples/webhook/handler.js --event track --mock examples/webhook/segtui.mock.yaml --offline`
is timed the same way; Node's reference runs the same handler on sample_events/track.json with
the example's settings, its `fetch` answered in-process from the same mock rules (no socket, as
segtui's --mock), so that row is start-up against start-up. With each server, one more row times two
sequential segtui replays launched at once, half the events each: two sandboxes sharing nothing (no
CLI between them, no order to keep), the most `--concurrency auto` could reach. A last row times bare interpreters
(`python -c pass` with this Python and its site-packages, `node -e 0`): the floor under each.

segtui runs with Python's bytecode cache on (kept in a temporary PYTHONPYCACHEPREFIX), as an
installed segtui has it; one more `run` row shows it without, as on a machine that sets
PYTHONDONTWRITEBYTECODE=1, where every process compiles segtui's modules again.

`--baseline DIR` also times another checkout of segtui (say the commit before a change:
`git worktree add /tmp/before HEAD`) in the same run, interleaved with this one: its commands run
in DIR with PYTHONPATH=DIR, so its CLI and its sandbox processes import DIR's segtui. `auto`,
which an older segtui may not know, is passed to it as the number of usable cores.

Runs are interleaved (each repeat runs every command once, in an order that rotates), so machine
noise hits all of them; one untimed run of each `run` command warms the caches first. A replay
counts only when its process exits 0 and the server saw one request per event. Figures are only
comparable within one run: the header gives the commit, cores and load, and how many times one process's
work as many CPU-bound processes as there are usable cores did at once (a pure-Python loop timed before the
runs): where cores share a physical one, or the host is busy, that is below the number of cores, and it
bounds what `--concurrency auto` can gain.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from common import (
    API_KEY,
    BENCH,
    REPO,
    Loopback,
    adopt_orphans,
    bytecode_cached,
    children_cpu_s,
    ensure_node_packages,
    median,
    node,
    table,
    track_events,
    write_ndjson,
)

HANDLER = """\
// The handler from the issue: one POST per event to settings.endpoint, then read the JSON answer.
async function onTrack(event, settings) {
  const res = await fetch(settings.endpoint + "/t", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Basic " + btoa(settings.apiKey + ":") },
    body: JSON.stringify(event),
  });
  const data = await res.json();
  return { status: res.status, fields: Object.keys(data).length };
}
"""
SEGTUI = [sys.executable, "-m", "segtui"]
EXAMPLE = REPO / "examples" / "webhook"
RUN_ARGS = ["run", "examples/webhook/handler.js", "--event", "track", "--mock", "examples/webhook/segtui.mock.yaml", "--offline"]
_REPLAYED = re.compile(r"Replayed ([\d,]+) events .*?in ([\d.]+) ?(ms|s)\b")
"""replay's summary line: its loop's time, written `1.94s` or `820ms` (before the one duration format, `1.94 s`)."""


class _Answer(BaseHTTPRequestHandler):
    """`{"ok":true}` to every POST; `GET /count` answers how many POSTs came before it."""

    body = b'{"ok":true}'
    served = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with _Answer.lock:
            _Answer.served += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def do_GET(self) -> None:
        body = str(_Answer.served).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a line on stderr per request would measure the terminal, not the clients."""


def _serve_threading() -> None:
    """Serve `_Answer` on a free port of 127.0.0.1, print the port, stop when stdin closes."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


class ThreadingLoopback(Loopback):
    """`python bench/commands.py --serve-threading` in its own process, for as long as the `with` block lasts."""

    def __enter__(self) -> Self:
        self.process = subprocess.Popen([sys.executable, __file__, "--serve-threading"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}"
        return self


@dataclass
class Samples:
    """Wall seconds from launch to exit, CPU seconds of the process tree, and the loop's own seconds when printed."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    loop: list[float] = field(default_factory=list)


@dataclass
class Case:
    """One command to time: where it runs and with which PYTHONPATH, and the server whose requests it makes."""

    key: tuple[str, str]
    command: list[str]
    cwd: Path = REPO
    env: dict[str, str] | None = None
    server: Loopback | None = None
    alongside: list[list[str]] = field(default_factory=list)
    """Commands launched at the same moment as `command`; the case ends when the last of them exits."""


def timed(case: Case, samples: Samples) -> str:
    """Run a case with stdout to /dev/null; add its figures to `samples`; return its stderr."""
    cpu, started = children_cpu_s(), time.perf_counter()
    processes = [subprocess.Popen(command, cwd=case.cwd, env=case.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True) for command in [case.command, *case.alongside]]
    errors = [process.communicate()[1] for process in processes]
    wall = time.perf_counter() - started
    for process, stderr in zip(processes, errors):
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(case.key)} exited {process.returncode}:\n$ {' '.join(process.args)}\n{stderr}")
    samples.wall.append(wall)
    samples.cpu.append(children_cpu_s() - cpu)
    if not case.alongside and (match := _REPLAYED.search(errors[0])):
        samples.loop.append(float(match.group(2)) / (1000 if match.group(3) == "ms" else 1))
    return "".join(errors)


def _concurrency_values(text: str) -> list[str]:
    values = [value.strip() for value in text.split(",") if value.strip()]
    if not values:
        raise argparse.ArgumentTypeError("expected a comma-separated list such as 1,2 or 1,auto")
    return values


def usable_cores() -> int:
    """What `segtui replay --concurrency auto` counts: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _git(*args: str, cwd: Path = REPO) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "?"


def _header(node_path: str | None, load: tuple[float, float, float], baseline: Path | None) -> str:
    version = subprocess.run([*SEGTUI, "--version"], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    dirty = " + uncommitted changes" if _git("status", "--porcelain", "--untracked-files=no") else ""
    node_version = subprocess.run([node_path, "--version"], capture_output=True, text=True, check=False).stdout.strip() if node_path else "absent"
    averages = " / ".join(f"{value:.2f}" for value in load)
    against = f"; baseline: {baseline}" if baseline else ""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        against += "; this machine sets PYTHONDONTWRITEBYTECODE (lifted for the segtui rows but one)"
    return (f"{version or 'segtui ?'} at {_git('rev-parse', '--short', 'HEAD')}{dirty}{against}; Python "
            f"{platform.python_version()}, Node {node_version}; {os.cpu_count()} cores ({usable_cores()} usable), "
            f"load average at start {averages} (1 / 5 / 15 min)")


_SPIN = "x = 0\nfor i in range(6_000_000): x += i * i"
"""A fixed CPU-bound loop for `_parallel_scaling`: pure Python, no I/O, no memory to speak of."""


def _parallel_scaling(cores: int, rounds: int = 3) -> float:
    """How many times one process's work `cores` CPU-bound processes do at once on this machine (the median of
    `rounds`): `cores` on a machine whose cores are its own, less where cores share a physical one (SMT, a
    hypervisor's vCPUs) or the host is busy. It bounds what `--concurrency auto` can gain over one sandbox."""
    def wall(count: int) -> float:
        started = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(count)]
        for process in processes:
            process.wait()
        return time.perf_counter() - started

    alone = median([wall(1) for _ in range(rounds)])
    together = median([wall(cores) for _ in range(rounds)])
    return cores * alone / together


def _spread(values: list[float], digits: int = 0) -> str:
    """`median (min–max)` of `values`; the value alone when there is one."""
    scaled = sorted(values)
    if len(scaled) == 1:
        return f"{scaled[0]:,.{digits}f}"
    return f"{median(scaled):,.{digits}f} ({scaled[0]:,.{digits}f}–{scaled[-1]:,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000, help="track events per replay (default 3000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of every command (default 5)")
    parser.add_argument("--concurrency-values", type=_concurrency_values, default="1,auto",
                        help="values passed to `segtui replay --concurrency`, comma-separated (default 1,auto)")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the segtui checked out in DIR (e.g. a `git worktree` of the commit before)")
    parser.add_argument("--quick", action="store_true", help="1 repeat of 500 events (overrides --repeat and --events), for checking that it works")
    parser.add_argument("--serve-threading", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    load = os.getloadavg()
    if args.serve_threading:
        _serve_threading()
        return
    if args.quick:
        args.repeat, args.events = 1, 500
    adopt_orphans()
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline and not (baseline / "segtui" / "__init__.py").is_file():
        parser.error(f"{baseline} holds no segtui checkout")
    node_path = node() if ensure_node_packages() else None
    if node_path is None:
        print("Node 20 was not found: the Node columns are left out.", file=sys.stderr)
    header = _header(node_path, load, baseline)
    scaling = _parallel_scaling(usable_cores())
    samples: dict[tuple[str, str], Samples] = {}

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        cached = bytecode_cached(dict(os.environ), folder / "pycache")
        trees = {"segtui": (REPO, cached)}
        if baseline:
            trees["baseline"] = (baseline, {**cached, "PYTHONPATH": str(baseline)})
        handler = folder / "handler.js"
        handler.write_text(HANDLER, encoding="utf-8")
        every = track_events(args.events)
        events = write_ndjson(folder / "events.ndjson", every)
        halves = [write_ndjson(folder / f"half-{part}.ndjson", every[part::2]) for part in range(2)]
        mock = folder / "mock.json"
        mock.write_text(json.dumps(_mock_rules()), encoding="utf-8")
        track = write_ndjson(folder / "track.ndjson", [json.loads((REPO / "sample_events" / "track.json").read_text(encoding="utf-8"))])
        run_cases = [Case(("run", name), [*SEGTUI, *RUN_ARGS], cwd, env) for name, (cwd, env) in trees.items()]
        uncached = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        run_cases.append(Case(("run", "uncached"), [*SEGTUI, *RUN_ARGS], REPO, uncached))
        floor_cases = [Case(("floor", "segtui"), [sys.executable, "-c", "pass"])]
        if node_path:
            run_cases.append(Case(("run", "node"), [node_path, str(BENCH / "node_replay_process.js"), "examples/webhook/handler.js",
                                                    str(track), str(EXAMPLE / "segtui.settings.json"), str(mock)]))
            floor_cases.append(Case(("floor", "node"), [node_path, "-e", "0"]))
        for case in run_cases:
            timed(case, Samples())

        with Loopback() as fast, ThreadingLoopback() as threaded:
            cases: list[Case] = []
            for server_name, server in {"asyncio (bench/loopback.py)": fast, "ThreadingHTTPServer": threaded}.items():
                settings = folder / f"settings-{server.url.rsplit(':', 1)[1]}.json"
                settings.write_text(json.dumps({"endpoint": server.url, "apiKey": API_KEY}), encoding="utf-8")
                for name, (cwd, env) in trees.items():
                    for value in args.concurrency_values:
                        given = str(usable_cores()) if value == "auto" and name == "baseline" else value
                        command = [*SEGTUI, "replay", str(handler), str(events), "--settings", str(settings), "--json",
                                   "--concurrency", given]
                        cases.append(Case((server_name, f"{name} --concurrency {value}"), command, cwd, env, server))
                first, second = ([*SEGTUI, "replay", str(handler), str(half), "--settings", str(settings), "--json"]
                                 for half in halves)
                cases.append(Case((server_name, _HALVES), first, server=server, env=cached, alongside=[second]))
                if node_path:
                    command = [node_path, str(BENCH / "node_replay_process.js"), str(handler), str(events), str(settings)]
                    cases.append(Case((server_name, "node"), command, server=server))
            cases += run_cases + floor_cases
            for repeat in range(args.repeat):
                shift = repeat % len(cases)
                for case in cases[shift:] + cases[:shift]:
                    before = case.server.count() if case.server else 0
                    stderr = timed(case, samples.setdefault(case.key, Samples()))
                    if case.server and (sent := case.server.count() - before) != args.events:
                        raise SystemExit(f"{' '.join(case.key)}: the server saw {sent} requests for {args.events} events\n{stderr}")
                print(f"repeat {repeat + 1}/{args.repeat} done", file=sys.stderr, flush=True)

    print(f"Commands as users run them, whole processes (launch to exit), {args.events} track events per replay, "
          f"median (min–max) of {args.repeat}; Python's bytecode cache on, as in an installed segtui")
    print(f"{header}; {usable_cores()} CPU-bound processes at once did {scaling:.2f}× the work of one "
          f"(a pure-Python loop, before the runs)")
    print(table(["what", "unit", "segtui", "Node 20", "segtui/Node", "target", "segtui CPU s", "Node CPU s",
                 "segtui loop ev/s", "Node loop ev/s"], _rows(samples, args, list(trees))))
    print("segtui/Node: the ratio of medians, as a speed (above 1: segtui is faster). Node replays one event at a "
          "time. CPU: user + system of the whole process tree. Loop ev/s: the replay loop alone, as each process "
          "reports it (no start-up, no handler load). `auto`: one sandbox per usable core.")


_HALVES = "halves"
"""The key of the row of two sequential replays at once, half the events each: what two sandboxes could do with no
sharing between them (no ordering, no common CLI), which bounds what `auto` can reach."""
_TARGETS = {"1": 1.0, "auto": 1.5}
"""Replay targets as a speed against Node's sequential replay, by --concurrency (issue 16)."""
_RUN_TARGET_S = 0.25


def _rows(samples: dict[tuple[str, str], Samples], args: argparse.Namespace, trees: list[str]) -> list[list[str]]:
    rows = []
    servers = dict.fromkeys(server for server, _ in samples if server not in ("run", "floor"))
    for server in servers:
        theirs = samples.get((server, "node"))
        for name in trees:
            for value in args.concurrency_values:
                ours = samples[(server, f"{name} --concurrency {value}")]
                rate = [args.events / wall for wall in ours.wall]
                label = "segtui" if name == "segtui" else f"baseline ({args.baseline})"
                row = [f"{label} `replay --json --concurrency {value}`, {server}", "events/s", _spread(rate)]
                target = _TARGETS.get(value) if name == "segtui" else None
                if theirs:
                    their_rate = [args.events / wall for wall in theirs.wall]
                    ratio = median(rate) / median(their_rate)
                    row += [_spread(their_rate), f"{ratio:.2f}",
                            f"≥ {target:.1f}: {'met' if ratio >= target else 'missed'}" if target else "–"]
                else:
                    row += ["–", "–", f"≥ {target:.1f}× Node" if target else "–"]
                row += [_spread(ours.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–",
                        _spread([args.events / loop for loop in ours.loop]) if ours.loop else "–",
                        _spread([args.events / loop for loop in theirs.loop]) if theirs and theirs.loop else "–"]
                rows.append(row)
        if halves := samples.get((server, _HALVES)):
            rate = [args.events / wall for wall in halves.wall]
            rows.append([f"segtui: two `replay --json` at once, half the events each, {server}", "events/s", _spread(rate),
                         _spread([args.events / wall for wall in theirs.wall]) if theirs else "–",
                         f"{median(rate) / median([args.events / wall for wall in theirs.wall]):.2f}" if theirs else "–",
                         "–", _spread(halves.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–", "–", "–"])
    theirs = samples.get(("run", "node"))
    for name in [*trees, "uncached"]:
        ours = samples[("run", name)]
        label = {"segtui": "segtui", "uncached": "segtui, no bytecode cache (PYTHONDONTWRITEBYTECODE=1),"}.get(
            name, f"baseline ({args.baseline})")
        target = f"≤ {_RUN_TARGET_S} s: {'met' if median(ours.wall) <= _RUN_TARGET_S else 'missed'}" if name == "segtui" else "–"
        rows.append([f"{label} `run` webhook example (--mock, --offline); Node: same event, fetch stubbed", "s",
                     _spread(ours.wall, digits=3), _spread(theirs.wall, digits=3) if theirs else "–",
                     f"{median(theirs.wall) / median(ours.wall):.2f}" if theirs else "–", target,
                     _spread(ours.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–", "–", "–"])
    ours, theirs = samples[("floor", "segtui")], samples.get(("floor", "node"))
    rows.append(["floor: a bare interpreter, `python -c pass` / `node -e 0`", "s", _spread(ours.wall, digits=3),
                 _spread(theirs.wall, digits=3) if theirs else "–",
                 f"{median(theirs.wall) / median(ours.wall):.2f}" if theirs else "–", "–",
                 _spread(ours.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–", "–", "–"])
    return rows


def _mock_rules() -> list[dict]:
    """The example's mock rules as JSON, for the Node reference's in-process fetch stub."""
    import yaml  # segtui's own dependency; only this function needs it

    return yaml.safe_load((EXAMPLE / "segtui.mock.yaml").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
