"""What the benchmark scripts share: statistics, a printed table, the loopback server process, events, Node."""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Self

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
HANDLERS = BENCH / "handlers"
CONFORMANCE = REPO / "tests" / "conformance"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
# Sandbox processes and CLI runs started by a benchmark import the same segtui as the benchmark itself.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


_PR_SET_CHILD_SUBREAPER = 36
_SANDBOX_NAME = "segtui-sandbox"
"""What a forked sandbox process names itself (segtui/sandbox/forked.py); a started one runs `-m segtui.sandbox`."""


API_KEY = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"
"""The settings' apiKey in every benchmark: as long as users' keys are (a short one has fewer forms to mask)."""


def adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux): segtui ends a command without waiting for
    its sandbox's end (the kernel frees its memory meanwhile), so that sandbox is reaped here, and its CPU counted."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _adopted_sandboxes() -> list[int]:
    """This process's children that are segtui sandboxes: none is started here, so each is a command's orphan."""
    found = []
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if name == _SANDBOX_NAME or b"segtui.sandbox" in command:
                found.append(int(pid))
    return found


def children_cpu_s() -> float:
    """CPU seconds (user and system) of every ended process started from here, a command's orphaned sandboxes
    included: they are waited for first (see `adopt_orphans`)."""
    for pid in _adopted_sandboxes():
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bytecode_cached(env: dict[str, str], folder: Path) -> dict[str, str]:
    """`env` for a Python process whose compiled modules are cached under `folder` (and used from there).

    An installed segtui has its bytecode cached, as pip compiles it; a machine that sets
    PYTHONDONTWRITEBYTECODE (this one does) makes every process compile segtui's modules again.
    The cache goes to its own folder, so nothing is written into the repository.
    """
    cached = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(folder)
    return cached


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def table(headers: list[str], rows: list[list[object]]) -> str:
    """Rows as a Markdown table, so the output can be pasted into docs/performance.md."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def track_events(count: int) -> list[dict]:
    """`count` distinct track events shaped like real ones (properties, products, context)."""
    return [{
        "type": "track", "event": "Order Completed" if i % 3 else "Product Added", "userId": f"user-{i % 97}",
        "messageId": f"msg-{i:06d}", "timestamp": "2026-01-01T12:00:00.000Z",
        "properties": {"order_id": f"o-{i}", "revenue": 10 + i % 50, "currency": "USD",
                       "products": [{"sku": f"sku-{j}", "price": 9.99 + j, "quantity": 1 + j, "name": "Thing"}
                                    for j in range(i % 4)]},
        "context": {"ip": "203.0.113.7", "userAgent": "Mozilla/5.0", "library": {"name": "analytics.js"}},
    } for i in range(count)]


def write_ndjson(path: Path, events: list[dict]) -> Path:
    """Write events one per line."""
    path.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    return path


class Loopback:
    """bench/loopback.py in its own process, for as long as the `with` block lasts."""

    def __enter__(self) -> Self:
        self.process = subprocess.Popen([sys.executable, str(BENCH / "loopback.py")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}"
        return self

    def count(self) -> int:
        """How many requests the server has answered so far."""
        with urllib.request.urlopen(f"{self.url}/count", timeout=5) as response:
            return int(response.read())

    def __exit__(self, *exc: object) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=5)


def node() -> str | None:
    """The `node` executable, when it is Node 20 or later."""
    path = shutil.which("node")
    if path is None:
        return None
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return path if int(version.lstrip("v").split(".")[0]) >= 20 else None


def ensure_node_packages() -> bool:
    """Install the conformance suite's pinned Node packages when missing; whether Node can run the references."""
    if node() is None:
        return False
    if not (CONFORMANCE / "node_modules" / "node-fetch").is_dir():
        subprocess.run(["bash", str(CONFORMANCE / "setup.sh")], check=True)
    return True
