"""A closed sandbox process is killed without waiting for its end, and reaped by a later release: none lingers."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from segtui.engine import launch
from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig


def _exists(pid: int) -> bool:
    """Whether process `pid` is still there, running or a zombie not yet reaped."""
    return Path(f"/proc/{pid}").exists()


def _ended(pid: int) -> bool:
    """Whether child `pid` has ended in full, so that a wait would reap it (WNOWAIT leaves it to be reaped), or has been
    reaped already: a release reaps what has ended, the process it killed too when that ended at once (how long the
    kernel takes to free V8's memory is the machine's)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _until(check: Callable[[], bool], limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while not check():
        assert time.monotonic() < deadline, f"{check} never held"
        time.sleep(0.005)


def test_a_closed_sandbox_ends_and_a_later_release_reaps_it(tmp_path: Path) -> None:
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event) { return event.event; }\n", encoding="utf-8")
    first, second = Engine(SandboxConfig()), Engine(SandboxConfig())
    assert first.load(handler, handler.read_text()).ok and second.load(handler, handler.read_text()).ok
    assert first._sandbox is not None and second._sandbox is not None
    first_pid, second_pid = first._sandbox.process.pid, second._sandbox.process.pid
    first.close()
    _until(lambda: _ended(first_pid))  # killed: it ends with no command
    second.close()  # releasing another reaps the first
    assert not _exists(first_pid)
    _until(lambda: _ended(second_pid))
    launch.discard()  # with nothing started early, this only reaps what was released
    assert not _exists(second_pid)
