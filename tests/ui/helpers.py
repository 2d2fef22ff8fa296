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


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 (a free port) answering JSON; `/big` answers 10 MB."""

    def __init__(self) -> None:
        import http.server
        import threading

        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received.append((self.command, self.path, self.rfile.read(length)))
                if self.path.startswith("/big"):
                    body = b'{"data": "' + b"x" * (10 * 1024 * 1024) + b'"}'
                else:
                    body = b'{"received": true, "items": [1, 2, 3]}'
                self.send_response(201 if self.command == "POST" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def fetch_available() -> bool:
    """Whether the engine provides fetch yet (it lands with the fetch work)."""
    from segtui.runtime.engine import Engine

    engine = Engine()
    try:
        loaded = engine.load("probe.js", "async function onTrack() { return typeof fetch }")
        return loaded.ok and engine.invoke({"type": "track"}, {}).return_value == "function"
    finally:
        engine.close()
