"""Hot reload on a system that refuses file notifications (its inotify limits spent): the watch polls instead."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.watching_debugger import DEBUGGER

# Run in a user namespace of its own, whose inotify limit is set to 0 (only that namespace's processes are limited):
# as on a machine where IDEs and file syncers have spent fs.inotify.max_user_watches or max_user_instances.
WATCH = """
import asyncio, sys
from pathlib import Path
from segtui.watcher import watch_changes

async def main():
    handler, events = Path(sys.argv[1]), Path(sys.argv[2])
    ready, stop = asyncio.Event(), asyncio.Event()
    seen = []

    async def collect():
        async for changes in watch_changes([handler], [events], stop_event=stop, ready=ready):
            seen.append(changes)

    task = asyncio.create_task(collect())
    await asyncio.wait_for(ready.wait(), 30)
    for changed in (handler, events / "deep" / "new.json"):
        changed.write_text("async function onTrack() { return 2; }" if changed == handler else '{"type": "track"}')
        for _ in range(300):
            if any(changed.resolve() in each for each in seen):
                print("seen", changed.name, flush=True)
                break
            await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)

asyncio.run(main())
"""
REFUSED = "import sys, watchfiles\nnext(iter(watchfiles.watch(sys.argv[1], rust_timeout=100, yield_on_timeout=True)))"
"""A notify watch, which the limit must refuse (else the test would not test the limit)."""


def _limited(setting: str) -> list[str]:
    return ["unshare", "--user", "--map-root-user", "sh", "-c", f'echo 0 > /proc/sys/user/{setting} && exec "$@"', "sh"]


@pytest.mark.parametrize("setting", ["max_inotify_watches", "max_inotify_instances"])
def test_a_save_is_seen_when_the_system_refuses_file_notifications(tmp_path: Path, setting: str) -> None:
    # A probe: with the limit spent, watchfiles refused the watch ("OS file watch limit reached" or "Too many open
    # files"), the watcher's task ended silently, and the TUI never reloaded the handler after a save.
    if shutil.which("unshare") is None or subprocess.run([*_limited(setting), "true"], capture_output=True,
                                                          check=False).returncode != 0:
        pytest.skip("no user namespaces here to limit inotify in")
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack() { return 1; }", encoding="utf-8")
    (tmp_path / "events" / "deep").mkdir(parents=True)
    refused = subprocess.run([*_limited(setting), sys.executable, "-c", REFUSED, str(tmp_path)], capture_output=True,
                             text=True, timeout=60, check=False)
    assert refused.returncode != 0, "the limit did not refuse a notify watch"
    done = subprocess.run([*_limited(setting), sys.executable, "-c", WATCH, str(handler), str(tmp_path / "events")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:2] == ["seen handler.js", "seen new.json"], done.stdout + done.stderr[-3000:]


def test_the_debugger_says_once_that_hot_reload_polls(tmp_path: Path) -> None:
    # A review: the fallback to polling was silent, though it costs ~11% of a core with 20,000 event files.
    setting = "max_inotify_instances"
    if shutil.which("unshare") is None or subprocess.run([*_limited(setting), "true"], capture_output=True,
                                                          check=False).returncode != 0:
        pytest.skip("no user namespaces here to limit inotify in")
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1; }\n", encoding="utf-8")
    (tmp_path / "events" / "deep").mkdir(parents=True)
    done = subprocess.run([*_limited(setting), sys.executable, "-c", DEBUGGER, str(tmp_path)], capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "reloaded", done.stdout + done.stderr[-3000:]
    told = [line for line in lines if line.startswith("Hot reload polls: ")]
    assert len(told) == 1 and "every 300 ms" in told[0] and "max_user_watches" in told[0], done.stdout


SAME_SECOND = """
import asyncio, os, sys
from pathlib import Path
from segtui.watcher import watch_changes

async def main():
    handler = Path(sys.argv[1])
    second = int(handler.stat().st_mtime) + 100
    ready, stop = asyncio.Event(), asyncio.Event()
    seen = []

    async def collect():
        async for changes in watch_changes([handler], stop_event=stop, ready=ready):
            seen.append(changes)

    task = asyncio.create_task(collect())
    await asyncio.wait_for(ready.wait(), 30)
    for version in (2, 3):  # as long as each other, and saved within one whole second of mtime
        count = len(seen)
        handler.write_text(f"async function onTrack() {{ return {version}; }}")
        os.utime(handler, ns=(second * 10**9 + version,) * 2)
        for _ in range(200):
            if len(seen) > count:
                print("seen", version, flush=True)
                break
            await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)

asyncio.run(main())
"""


def test_a_second_save_within_the_same_second_is_seen_when_polling(tmp_path: Path) -> None:
    # Found with the review of the polling fallback: watchfiles' polling compares whole seconds of mtime, so of two
    # saves of the handler within one second (the same length) the second was never seen.
    setting = "max_inotify_instances"
    if shutil.which("unshare") is None or subprocess.run([*_limited(setting), "true"], capture_output=True,
                                                          check=False).returncode != 0:
        pytest.skip("no user namespaces here to limit inotify in")
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack() { return 1; }", encoding="utf-8")
    done = subprocess.run([*_limited(setting), sys.executable, "-c", SAME_SECOND, str(handler)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["seen 2", "seen 3"], done.stdout + done.stderr[-3000:]
