"""Save → result: write a change to a handler file and time until the new run's result is available.

    python bench/save_to_result.py [--saves 50] [--tui-saves 20] [--paths watcher pilot terminal]

Three paths, all on bench/handlers/no_io.js (no I/O) with the Spec track sample:
- the watcher + engine path the TUI uses (segtui.watcher.watch_changes, then Engine.load and
  Engine.invoke on a thread), for a save in place and for a save as temp file + rename;
- the TUI itself, driven headless by a Pilot: from the write to the Callback Return pane
  holding the new result (the app's own figure);
- segtui as users run it, a whole process on a pseudo-terminal (160x48): from the write to
  the terminal receiving the frame that paints the new result ("painted").
Each save waits 100–200 ms after the previous result, as successive saves by a person would.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import tempfile
import time
from pathlib import Path

from common import HANDLERS, median, p95, table
from terminal import Terminal

from segtui.engine.engine import Engine
from segtui.events import load_event_arg

_LINE = "const VERSION = 1;"


def versioned(source: str, version: int) -> str:
    """The handler source returning `version` in its result."""
    return source.replace(_LINE, f"const VERSION = {version};", 1)


def save(path: Path, text: str, how: str) -> None:
    """Write as an editor does: in place, or to a temporary file renamed over the original."""
    if how == "in place":
        path.write_text(text, encoding="utf-8")
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


async def _pause() -> None:
    await asyncio.sleep(random.uniform(0.1, 0.2))


async def watcher_path(handler: Path, saves: int, how: str) -> dict[str, list[float]]:
    """Milliseconds per save: total, and its parts (change seen, load, invoke)."""
    from segtui.watcher import watch_changes

    event = load_event_arg("track")[0].payload
    engine = Engine()
    engine.start()
    source = versioned(HANDLERS.joinpath("no_io.js").read_text(encoding="utf-8"), 1)
    handler.write_text(source, encoding="utf-8")
    engine.load(handler)
    stop = asyncio.Event()
    results: asyncio.Queue = asyncio.Queue()

    def run(text: str) -> tuple[float, object, float]:
        loaded = engine.load(handler, text)
        invocation = engine.invoke(event, {})
        return loaded.load_ms, invocation.return_value, time.perf_counter()

    async def consume() -> None:
        async for _paths in watch_changes([handler], (), [handler.parent], stop_event=stop):
            seen = time.perf_counter()
            load_ms, value, done = await asyncio.to_thread(run, handler.read_text(encoding="utf-8"))
            results.put_nowait((value.get("version"), seen, load_ms, done))

    consumer = asyncio.create_task(consume())
    samples: dict[str, list[float]] = {"total": [], "change seen": [], "load (in sandbox)": [], "load + invoke": []}
    try:
        await asyncio.sleep(0.5)
        for version in range(2, saves + 2):
            await _pause()
            written = time.perf_counter()
            save(handler, versioned(source, version), how)
            while True:
                got, seen, load_ms, done = await asyncio.wait_for(results.get(), 10)
                if got == version:
                    break
            samples["total"].append((done - written) * 1000)
            samples["change seen"].append((seen - written) * 1000)
            samples["load (in sandbox)"].append(load_ms)
            samples["load + invoke"].append((done - seen) * 1000)
    finally:
        stop.set()
        await consumer
        engine.close()
    return samples


async def tui_path(handler: Path, saves: int) -> dict[str, list[float]]:
    """Milliseconds from each write to the Callback Return pane holding the new result; the app's own figure."""
    from textual.widgets import TextArea

    from segtui.commands.tui import build_parser, make_setup
    from segtui.ui.app import SegtuiApp

    source = versioned(HANDLERS.joinpath("no_io.js").read_text(encoding="utf-8"), 1)
    handler.write_text(source, encoding="utf-8")
    app = SegtuiApp(make_setup(build_parser().parse_args([str(handler), "--event", "track"])), cursor_blink=False)
    samples: dict[str, list[float]] = {"total": [], "reload_ms shown by the app": []}
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.main_screen
        value = screen.query_one("#return-value", TextArea)
        while not re.search(r'"version": 1\b', value.text):
            await pilot.pause(0.01)
        await asyncio.sleep(0.5)
        for version in range(2, saves + 2):
            await _pause()
            shown = re.compile(rf'"version": {version}\b')
            written = time.perf_counter()
            save(handler, versioned(source, version), "in place")
            deadline = written + 10
            while not shown.search(value.text):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"the TUI did not show version {version} within 10 s")
                await asyncio.sleep(0.001)
            samples["total"].append((time.perf_counter() - written) * 1000)
            if screen.shown is not None and screen.shown.reload_ms is not None:
                samples["reload_ms shown by the app"].append(screen.shown.reload_ms)
        screen.stop_watching()
    return samples


def terminal_path(handler: Path, saves: int, cache: Path) -> dict[str, list[float]]:
    """Milliseconds from each write to the terminal receiving the new result, segtui running in a pseudo-terminal."""
    source = versioned(HANDLERS.joinpath("no_io.js").read_text(encoding="utf-8"), 1)
    handler.write_text(source, encoding="utf-8")
    samples: dict[str, list[float]] = {"total": []}
    with Terminal([str(handler), "--event", "track"], (160, 48), cache) as terminal:
        terminal.wait_for(re.compile(r'"version": 1\b'))
        time.sleep(0.5)
        for version in range(2, saves + 2):
            time.sleep(random.uniform(0.1, 0.2))
            since = terminal.mark()
            written = time.perf_counter()
            save(handler, versioned(source, version), "in place")
            painted = terminal.wait_for(re.compile(rf'"version": {version}\b'), since, timeout=10)
            samples["total"].append((painted - written) * 1000)
    return samples


def _rows(label: str, samples: dict[str, list[float]]) -> list[list[str]]:
    return [[label if name == "total" else f"  {name}", str(len(values)), f"{median(values):.1f}", f"{p95(values):.1f}"]
            for name, values in samples.items() if values]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--tui-saves", type=int, default=20, help="saves for the Pilot and terminal paths")
    parser.add_argument("--paths", nargs="+", choices=("watcher", "pilot", "terminal"),
                        default=["watcher", "pilot", "terminal"], help="which paths to time (default: all three)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for how in ("in place", "temp file + rename") if "watcher" in args.paths else ():
            handler = Path(folder) / how.replace(" ", "-").replace("+", "and") / "handler.js"
            handler.parent.mkdir()
            rows += _rows(f"watcher + engine, save {how}", asyncio.run(watcher_path(handler, args.saves, how)))
        handler = Path(folder) / "tui" / "handler.js"
        handler.parent.mkdir()
        if "pilot" in args.paths:
            rows += _rows("TUI (Pilot), save in place: result in the pane", asyncio.run(tui_path(handler, args.tui_saves)))
        if "terminal" in args.paths:
            rows += _rows("segtui in a terminal, save in place: painted", terminal_path(handler, args.tui_saves, Path(folder)))
    print("Save → result, no-I/O handler, milliseconds")
    print(table(["path", "saves", "median ms", "p95 ms"], rows))


if __name__ == "__main__":
    main()
