"""Helpers for the TUI tests: handlers, waiting for runs, saving files the way editors do."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

SIMPLE_HANDLER = """\
async function onTrack(event, settings) {
  console.log("tracking", event.event);
  return { ok: true, event: event.event };
}

async function onIdentify(event, settings) {
  throw new EventNotSupported("identify is not supported");
}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    """Let the app work until `condition()` holds (a bound for a hung test, never a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_for_runs(pilot, count: int, timeout: float = 20.0) -> None:
    """Wait until the session has `count` runs and none is in progress."""
    screen = pilot.app.main_screen
    await wait_until(pilot, lambda: len(screen.history) >= count and not screen.running, timeout, f"{count} runs")
    await pilot.pause()


async def settle(pilot, seconds: float = 0.8) -> None:
    """Give stray file events time to arrive (to check that nothing more happens)."""
    await asyncio.sleep(seconds)
    await pilot.pause()


def rename_style_save(path: Path, text: str) -> None:
    """Save as vim does: move the original to a backup, write the new file, delete the backup."""
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    time.sleep(0.02)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


def sandbox_processes() -> set[int]:
    """The sandbox processes this test process started that are still alive (not exited, not zombies)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == os.getpid() and state != "Z" and b"segtui.sandbox" in command:
            pids.add(int(entry.name))
    return pids


def record_notifications(app) -> list[tuple[str, dict]]:
    """Keep every notification the app shows, as (message, options), while still showing it."""
    seen: list[tuple[str, dict]] = []
    show = app.notify

    def notify(message: str, **options) -> None:
        seen.append((message, options))
        show(message, **options)

    app.notify = notify
    return seen
