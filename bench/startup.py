"""Start-up: `segtui run` on the webhook example, wall time; and the TUI from launch to its first result.

    python bench/startup.py [--runs 10]

Both are measured from before the process is launched. The TUI is driven headless (Textual's
`run_test`) in a fresh process, which stops the clock when the first run's result is in the panes.
For reference, the table also shows a bare interpreter and the import of the `run` command.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import time

from common import REPO, median, table

EXAMPLE = ["examples/webhook/handler.js", "--event", "track", "--mock", "examples/webhook/mock.yaml"]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_ms(command: list[str]) -> tuple[float, float]:
    """Milliseconds from launch to exit of `command` (run in the repository), and the CPU its processes used."""
    cpu, started = _children_cpu_s(), time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000, (_children_cpu_s() - cpu) * 1000


def tui_ms() -> tuple[float, float]:
    """Milliseconds from launching the TUI probe to its first result, and the CPU its processes used in all."""
    cpu, started = _children_cpu_s(), time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--tui-probe"], cwd=REPO, check=True, capture_output=True, text=True)
    return (float(done.stdout.split()[-1]) - started) * 1000, (_children_cpu_s() - cpu) * 1000


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
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--tui-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tui_probe:
        asyncio.run(_probe())
        return
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import segtui.commands.run": [sys.executable, "-c", "import segtui.commands.run"],
        "segtui run (webhook example, mocked)": [sys.executable, "-m", "segtui", "run", *EXAMPLE],
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in [*cases, "TUI to first result"]}
    for _ in range(args.runs):
        for name, command in cases.items():
            samples[name].append(wall_ms(command))
        samples["TUI to first result"].append(tui_ms())
    rows = []
    for name, runs in samples.items():
        walls = [wall for wall, _ in runs]
        rows.append([name, f"{median(walls):.0f}", f"{min(walls):.0f}", f"{max(walls):.0f}", f"{median([cpu for _, cpu in runs]):.0f}"])
    print(f"Start-up, wall time from launch, median of {args.runs}; CPU of all its processes (the TUI's: until it exits)")
    print(table(["what", "median ms", "min ms", "max ms", "CPU ms"], rows))


if __name__ == "__main__":
    main()
