"""segtui's own command forks its first sandbox process; the copy keeps only its own pipes and says what it is.

The sandbox is looked at while it runs: the handler waits on a request to a loopback server, whose route
reads the sandbox's /proc entries before it answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support.http_server import Reply
from support.processes import sandbox_pids

from segtui.engine import launch
from segtui.engine.forked import can_fork
from segtui.sandbox.forked import NAME

HANDLER = """
async function onTrack(event, settings) {
  const response = await fetch(settings.base + '/look');
  return await response.text();
}
"""


def _files(pid: int) -> set[str]:
    """What process `pid`'s file descriptors point at (e.g. `pipe:[1234]`)."""
    folder = Path(f"/proc/{pid}/fd")
    found = set()
    if not os.access(folder, os.R_OK):  # segtui's processes are not dumpable (core_dumps.py): their fds are root's
        pytest.skip("reading another process's fds needs root: segtui's sandbox is not dumpable")
    for fd in folder.iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:  # closed meanwhile
            continue
    return found


def test_segtuis_command_forks_its_sandbox_which_holds_none_of_the_commands_other_files(loopback, tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER)
    seen: dict[str, object] = {}
    cli: list[subprocess.Popen[str]] = []

    def look(_received):
        (pid,) = sandbox_pids(cli[0].pid)
        seen["name"] = Path(f"/proc/{pid}/comm").read_text().strip()
        seen["command line"] = Path(f"/proc/{pid}/cmdline").read_bytes()
        seen["files"] = _files(pid)
        return Reply(body=b"looked")

    loopback.routes["/look"] = look
    kept_read, kept_write = os.pipe()  # a file the command inherits, as a shell or a test harness may pass one
    try:
        cli.append(subprocess.Popen([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track", "--json",
                                     "--setting", f"base={loopback.base}"], cwd=tmp_path, pass_fds=(kept_write,),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        assert cli[0].stdout is not None
        output = os.readlink(f"/proc/self/fd/{cli[0].stdout.fileno()}")
        inherited = os.readlink(f"/proc/self/fd/{kept_write}")
        stdout, stderr = cli[0].communicate(timeout=120)
    finally:
        os.close(kept_read)
        os.close(kept_write)
    assert cli[0].returncode == 0, stderr
    assert '"return": "looked"' in stdout
    assert seen["name"] == NAME
    assert b"segtui.sandbox" not in seen["command line"]  # a copy of the command, not a new interpreter
    assert inherited not in seen["files"], "the sandbox kept a file the command inherited"
    assert output not in seen["files"], "the sandbox kept the command's standard output"


def test_replay_forks_each_of_its_sandboxes(loopback, tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER)
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "A"}\n' * 4)
    seen: list[list[tuple[str, bytes]]] = []
    cli: list[subprocess.Popen[str]] = []

    def look(_received):
        seen.append([(Path(f"/proc/{pid}/comm").read_text().strip(), Path(f"/proc/{pid}/cmdline").read_bytes())
                     for pid in sandbox_pids(cli[0].pid)])
        return Reply(body=b"looked")

    loopback.routes["/look"] = look
    cli.append(subprocess.Popen([sys.executable, "-m", "segtui", "replay", "handler.js", "events.ndjson", "--concurrency", "2",
                                 "--setting", f"base={loopback.base}"], cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    stdout, stderr = cli[0].communicate(timeout=120)
    assert cli[0].returncode == 0, stderr
    assert "Replayed 4 events" in stdout and "2 sandboxes" in stdout
    # Both sandboxes are loaded before the first event runs, so the first look sees both.
    assert len(seen[0]) == 2
    for name, command_line in seen[0]:
        assert name == NAME
        assert b"segtui.sandbox" not in command_line  # copies of the command, not new interpreters


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
        launch.start_first(fork=True)
        started = launch.take()
        assert isinstance(started, subprocess.Popen)
        assert started.args == launch.COMMAND  # a new interpreter, not a copy of this process
        started.kill()
        started.wait()
        for pipe in (started.stdin, started.stdout, started.stderr):
            assert pipe is not None
            pipe.close()
    finally:
        release.set()
        other.join()
