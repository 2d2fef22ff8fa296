"""Start-up: `segtui run` on the webhook example, wall time; and the TUI from launch to its first result.

    python bench/startup.py [--runs 15] [--baseline DIR] [--no-tui]

Both are measured from before the process is launched. The TUI is driven headless (Textual's
`run_test`) in a fresh process, which stops the clock when the first run's result is in the panes.
For reference, the table also shows a bare interpreter and the import of the `run` command.
Python's bytecode cache is on (kept in a temporary PYTHONPYCACHEPREFIX), as in an installed segtui.
`--baseline DIR` times the segtui checked out in DIR (e.g. `git worktree add /tmp/before HEAD`) in
the same run, each of its commands right after this checkout's, so that the machine's noise hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, adopt_orphans, bytecode_cached, children_cpu_s, median, table

EXAMPLE = ["examples/webhook/handler.js", "--event", "track", "--mock", "examples/webhook/segtui.mock.yaml"]


def wall_ms(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from launch to exit of `command` (run in `cwd`), and the CPU its processes used."""
    cpu, started = children_cpu_s(), time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000, (children_cpu_s() - cpu) * 1000


def tui_ms(cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from launching the TUI probe to its first result, and the CPU its processes used in all."""
    cpu, started = children_cpu_s(), time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--tui-probe"], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True)
    return (float(done.stdout.split()[-1]) - started) * 1000, (children_cpu_s() - cpu) * 1000


async def _probe() -> None:
    """Open the TUI on the example and print the monotonic time at which its first result is shown."""
    from segtui.commands.tui import build_parser, make_setup
    from segtui.ui.app import SegtuiApp

    app = SegtuiApp(make_setup(build_parser().parse_args(EXAMPLE)), cursor_blink=False)
    async with app.run_test(size=(160, 48)):
        screen = app.main_screen
        while screen.shown is None:
            await asyncio.sleep(0.001)
        shown = time.monotonic()
        if not screen.shown.ok:
            raise SystemExit(f"the first run did not succeed: {screen.shown.invocation.outcome}")
        screen.stop_watching()
    print(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the segtui checked out in DIR (e.g. a `git worktree` of the commit before)")
    parser.add_argument("--no-tui", action="store_true", help="leave out the TUI (the slowest case)")
    parser.add_argument("--tui-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tui_probe:
        asyncio.run(_probe())
        return
    adopt_orphans()
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline and not (baseline / "segtui" / "__init__.py").is_file():
        parser.error(f"{baseline} holds no segtui checkout")
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        cached = bytecode_cached(dict(os.environ), Path(folder) / "pycache")
        trees = {"": (REPO, cached)}
        if baseline:
            trees["baseline: "] = (baseline, {**cached, "PYTHONPATH": str(baseline)})
        cases: dict[str, tuple[list[str], Path, dict[str, str]]] = {"python -c pass": ([sys.executable, "-c", "pass"], REPO, cached)}
        for label, (cwd, env) in trees.items():
            cases[f"{label}import segtui.commands.run"] = ([sys.executable, "-c", "import segtui.commands.run"], cwd, env)
            cases[f"{label}segtui run (webhook example, mocked)"] = ([sys.executable, "-m", "segtui", "run", *EXAMPLE], cwd, env)
        tuis = {} if args.no_tui else {f"{label}TUI to first result": tree for label, tree in trees.items()}
        for command, cwd, env in cases.values():
            wall_ms(command, cwd, env)  # compiles the bytecode cache and warms the page cache
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in [*cases, *tuis]}
        for _ in range(args.runs):
            for name, (command, cwd, env) in cases.items():
                samples[name].append(wall_ms(command, cwd, env))
            for name, (cwd, env) in tuis.items():
                samples[name].append(tui_ms(cwd, env))
    rows = []
    for name, runs in samples.items():
        walls = [wall for wall, _ in runs]
        rows.append([name, f"{median(walls):.0f}", f"{min(walls):.0f}", f"{max(walls):.0f}", f"{median([cpu for _, cpu in runs]):.0f}"])
    after = os.getloadavg()
    print(f"Start-up, wall time from launch, median of {args.runs}; CPU of all its processes (the TUI's: until it exits). "
          f"Load average {load[0]:.2f} before, {after[0]:.2f} after; {os.cpu_count()} cores")
    print(table(["what", "median ms", "min ms", "max ms", "CPU ms"], rows))


if __name__ == "__main__":
    main()
