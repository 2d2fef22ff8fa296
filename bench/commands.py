"""The commands as users run them, whole processes against Node as a whole process: `segtui replay` and `segtui run`.

    python bench/commands.py [--events 3000] [--repeat 5] [--concurrency-values 1,2] [--quick]

Every figure is wall time from launching a process to its exit, so start-up, loading the handler,
reading the events and writing the results all count. `segtui replay HANDLER EVENTS --settings S
--json` (stdout to /dev/null) replays track events through a handler that POSTs each one to a
loopback server and reads the JSON answer; Node replays the same handler file on the same events,
one after another, against the same server through bench/node_replay_process.js (node-fetch 2.6.0
and the conformance reference's globals), also printing one JSON line per result to /dev/null.
Two servers, each in its own process on a free port of 127.0.0.1: bench/loopback.py (asyncio,
keep-alive) and the standard library's `ThreadingHTTPServer` (stock HTTP/1.0 handler, so one
connection per request, answering `{"ok":true}` with a Content-Length; request logging off).

`segtui run examples/webhook/handler.js --event track --mock examples/webhook/mock.yaml --offline`
is timed the same way; Node's reference runs the same handler on sample_events/track.json with
the example's settings, its `fetch` answered in-process from the same mock rules (no socket, as
segtui's --mock), so that row is start-up against start-up.

Runs are interleaved (each repeat runs every segtui and Node command once, in an order that
rotates), so machine noise hits both; one untimed run of the `run` pair warms the caches first.
A replay counts only when its process exits 0 and the server saw one request per event.
Figures are only comparable within one run: the header gives the commit, cores and load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from common import BENCH, REPO, Loopback, ensure_node_packages, median, node, table, track_events, write_ndjson

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
RUN_ARGS = ["run", "examples/webhook/handler.js", "--event", "track", "--mock", "examples/webhook/mock.yaml", "--offline"]
_REPLAYED = re.compile(r"Replayed (\d+) events .*?in ([\d.]+) s")


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


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], samples: Samples, what: str) -> str:
    """Run `command` in the repository with stdout to /dev/null; add its figures to `samples`; its stderr."""
    cpu, started = _children_cpu_s(), time.perf_counter()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{what} exited {done.returncode}:\n$ {' '.join(command)}\n{done.stderr}")
    samples.wall.append(wall)
    samples.cpu.append(_children_cpu_s() - cpu)
    if match := _REPLAYED.search(done.stderr):
        samples.loop.append(float(match.group(2)))
    return done.stderr


def _concurrency_values(text: str) -> list[str]:
    values = [value.strip() for value in text.split(",") if value.strip()]
    if not values:
        raise argparse.ArgumentTypeError("expected a comma-separated list such as 1,2 or 1,2,auto")
    return values


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "?"


def _header(node_path: str | None, load: tuple[float, float, float]) -> str:
    version = subprocess.run([*SEGTUI, "--version"], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    dirty = " + uncommitted changes" if _git("status", "--porcelain", "--untracked-files=no") else ""
    node_version = subprocess.run([node_path, "--version"], capture_output=True, text=True, check=False).stdout.strip() if node_path else "absent"
    averages = " / ".join(f"{value:.2f}" for value in load)
    return (f"{version or 'segtui ?'} at {_git('rev-parse', '--short', 'HEAD')}{dirty}; Python {platform.python_version()}, "
            f"Node {node_version}; {os.cpu_count()} cores, load average at start {averages} (1 / 5 / 15 min)")


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
    parser.add_argument("--concurrency-values", type=_concurrency_values, default="1,2",
                        help="values passed to `segtui replay --concurrency`, comma-separated (default 1,2)")
    parser.add_argument("--quick", action="store_true", help="1 repeat of 500 events (overrides --repeat and --events), for checking that it works")
    parser.add_argument("--serve-threading", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    load = os.getloadavg()
    if args.serve_threading:
        _serve_threading()
        return
    if args.quick:
        args.repeat, args.events = 1, 500
    node_path = node() if ensure_node_packages() else None
    if node_path is None:
        print("Node 20 was not found: the Node columns are left out.", file=sys.stderr)
    header = _header(node_path, load)
    samples: dict[tuple[str, str], Samples] = {}

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        handler = folder / "handler.js"
        handler.write_text(HANDLER, encoding="utf-8")
        events = write_ndjson(folder / "events.ndjson", track_events(args.events))
        mock = folder / "mock.json"
        mock.write_text(json.dumps(_mock_rules()), encoding="utf-8")
        track = write_ndjson(folder / "track.ndjson", [json.loads((REPO / "sample_events" / "track.json").read_text(encoding="utf-8"))])
        node_run = [node_path, str(BENCH / "node_replay_process.js"), "examples/webhook/handler.js", str(track),
                    str(EXAMPLE / "segtui.settings.json"), str(mock)] if node_path else None
        run_cases = {"segtui": [*SEGTUI, *RUN_ARGS], **({"node": node_run} if node_run else {})}
        for name, command in run_cases.items():
            timed(command, Samples(), f"warm-up {name}")

        with Loopback() as fast, ThreadingLoopback() as threaded:
            cases: list[tuple[tuple[str, str], list[str], Loopback | None]] = []
            for server_name, server in {"asyncio (bench/loopback.py)": fast, "ThreadingHTTPServer": threaded}.items():
                settings = folder / f"settings-{server.url.rsplit(':', 1)[1]}.json"
                settings.write_text(json.dumps({"endpoint": server.url, "apiKey": "bench-key"}), encoding="utf-8")
                for value in args.concurrency_values:
                    command = [*SEGTUI, "replay", str(handler), str(events), "--settings", str(settings), "--json",
                               "--concurrency", value]
                    cases.append(((server_name, f"segtui --concurrency {value}"), command, server))
                if node_path:
                    command = [node_path, str(BENCH / "node_replay_process.js"), str(handler), str(events), str(settings)]
                    cases.append(((server_name, "node"), command, server))
            cases += [(("run", name), command, None) for name, command in run_cases.items()]
            for repeat in range(args.repeat):
                shift = repeat % len(cases)
                for key, command, server in cases[shift:] + cases[:shift]:
                    before = server.count() if server else 0
                    stderr = timed(command, samples.setdefault(key, Samples()), " ".join(key))
                    if server and (sent := server.count() - before) != args.events:
                        raise SystemExit(f"{' '.join(key)}: the server saw {sent} requests for {args.events} events\n{stderr}")
                print(f"repeat {repeat + 1}/{args.repeat} done", file=sys.stderr, flush=True)

    print(f"Commands as users run them, whole processes (launch to exit), {args.events} track events per replay, "
          f"median (min–max) of {args.repeat}")
    print(header)
    print(table(["what", "unit", "segtui", "Node 20", "segtui/Node", "segtui CPU s", "Node CPU s", "segtui loop ev/s",
                 "Node loop ev/s"], _rows(samples, args)))
    print("segtui/Node: the ratio of medians; for events/s above 1 means segtui is faster, for s above 1 means slower. "
          "Node replays one event at a time. CPU: user + system of the whole process tree. Loop ev/s: the "
          "replay loop alone, as each process reports it (no start-up, no handler load).")


def _rows(samples: dict[tuple[str, str], Samples], args: argparse.Namespace) -> list[list[str]]:
    rows = []
    servers = dict.fromkeys(server for server, _ in samples if server != "run")
    for server in servers:
        theirs = samples.get((server, "node"))
        for value in args.concurrency_values:
            ours = samples[(server, f"segtui --concurrency {value}")]
            rate = [args.events / wall for wall in ours.wall]
            row = [f"`segtui replay --json --concurrency {value}`, {server}", "events/s", _spread(rate)]
            if theirs:
                their_rate = [args.events / wall for wall in theirs.wall]
                row += [_spread(their_rate), f"{median(rate) / median(their_rate):.2f}"]
            else:
                row += ["–", "–"]
            row += [_spread(ours.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–",
                    _spread([args.events / loop for loop in ours.loop]) if ours.loop else "–",
                    _spread([args.events / loop for loop in theirs.loop]) if theirs and theirs.loop else "–"]
            rows.append(row)
    ours, theirs = samples[("run", "segtui")], samples.get(("run", "node"))
    rows.append(["`segtui run` webhook example (--mock, --offline) vs Node on the same event, fetch stubbed", "s",
                 _spread(ours.wall, digits=3), _spread(theirs.wall, digits=3) if theirs else "–",
                 f"{median(ours.wall) / median(theirs.wall):.2f}" if theirs else "–",
                 _spread(ours.cpu, digits=2), _spread(theirs.cpu, digits=2) if theirs else "–", "–", "–"])
    return rows


def _mock_rules() -> list[dict]:
    """The example's mock rules as JSON, for the Node reference's in-process fetch stub."""
    import yaml  # segtui's own dependency; only this function needs it

    return yaml.safe_load((EXAMPLE / "mock.yaml").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
