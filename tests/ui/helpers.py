"""Helpers for the TUI tests: handlers, waiting for runs, saving files the way editors do."""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

from support.input_files import write
from textual.widgets import Label, Static

from segtui.ui.screens.dialogs import ConfirmDialog
from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.widgets.file_watcher import FileWatcher
from segtui.ui.widgets.log_view import LogView

SIMPLE_HANDLER = """\
async function onTrack(event, settings) {
  console.log("tracking", event.event);
  return { ok: true, event: event.event };
}

async function onIdentify(event, settings) {
  throw new EventNotSupported("identify is not supported");
}
"""

AIRTABLE = """\
async function send(event, settings) {
  return `https://api.airtable.com/v0/${settings.appId}/${settings.tableName || 'Events'}`;
}
async function onTrack(event, cfg) { return send(event, cfg); }
"""


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
    """Let the app work until `condition()` holds (a bound for a hung test, never a timing assertion: 20 s was hit
    while opening the Settings Builder on a machine at load 14)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_for_runs(pilot, count: int, timeout: float = 60.0) -> None:
    """Wait until the session has `count` runs and none is in progress."""
    screen = pilot.app.main_screen
    await wait_until(pilot, lambda: len(screen.history) >= count and not screen.running, timeout, f"{count} runs")
    await pilot.pause()


async def open_builder(pilot) -> SettingsScreen:
    """Open the Settings Builder (ctrl+o) and wait until its rows are composed."""
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen)
                     and (not pilot.app.screen.rows or bool(pilot.app.screen.query(".setting"))), what="the settings builder")
    await pilot.pause()
    return pilot.app.screen


async def open_setting_form(pilot) -> None:
    """Press ctrl+n in the Settings Builder and wait until the new setting's form shows."""
    await pilot.press("ctrl+n")
    await wait_until(pilot, lambda: showing(pilot.app, SettingEditor, "#sensitive"), what="the setting editor")


async def remove_setting(pilot, builder: SettingsScreen, name: str) -> None:
    """Press the Remove of the setting called `name`, confirm it, and wait until the Builder no longer lists it."""
    count = len(builder.rows)
    builder.query_one(f"#remove-{[row.spec.name for row in builder.rows].index(name)}").press()
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), what="the confirmation")
    await pilot.press("y")
    await wait_until(pilot, lambda: pilot.app.screen is builder and len(builder.rows) == count - 1, what="the removal")
    await pilot.pause()


def showing(app, screen_type: type, selector: str) -> bool:
    """Whether the active screen is a `screen_type` that has composed a widget matching `selector`."""
    return isinstance(app.screen, screen_type) and len(app.screen.query(selector)) > 0


async def watching(pilot, timeout: float = 60.0) -> None:
    """Wait until the app watches its files, so that a change made from now on is seen."""
    watcher = pilot.app.main_screen.query_one(FileWatcher)
    await asyncio.wait_for(watcher.watching.wait(), timeout)


_MARKERS = itertools.count(1)


async def settle(pilot, folder: Path, timeout: float = 60.0) -> None:
    """Wait until every change made so far in `folder` (the handler's) and in the event folders the app watches is
    handled, and any run it asked for has ended.

    No fixed wait: a marker event file is written last in each of these folders, and the watcher reports a folder's
    changes in order, so once the picker lists every marker and no run is in progress, nothing written before can act.
    """
    screen = pilot.app.main_screen
    folders = [folder, *(path for path in screen.query_one(FileWatcher).folders if path.is_dir())]
    name = f"settled-{next(_MARKERS)}.json"
    markers = {write(place / name, '{"type": "track", "event": "Settled"}').resolve() for place in folders}
    await wait_until(pilot, lambda: markers <= {event.path for event in screen.picker.events}, timeout,
                     "the marker event files to be listed")
    await wait_until(pilot, lambda: not screen.running, timeout, "the runs to end")
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


def screen_rows(app) -> list[str]:
    """The text of each row of the screen, as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def outcome(app) -> str:
    """The main screen's outcome line, as shown."""
    return str(app.main_screen.query_one("#outcome", Static).render())


def returned(app) -> str:
    """The Callback Return pane's text."""
    return app.main_screen.query_one("#return-value").text


def error_text(app) -> str:
    """The error shown under the outcome, as shown."""
    return str(app.main_screen.query_one("#error", Static).render())


def log_messages(app) -> list[str]:
    """The Raw Log Output pane's lines."""
    return [line.text for line in app.main_screen.query_one(LogView).lines]


def labels(screen) -> list[str]:
    """The text of every Label on `screen`."""
    return [str(label.render()) for label in screen.query(Label)]
