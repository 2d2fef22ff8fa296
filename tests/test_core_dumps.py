"""segtui's processes write no core dump: they hold the settings, and a crash (or a Ctrl-\\) under `ulimit -c
unlimited` left a `core` file holding every secret in the working folder, the user's project."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.processes import sandbox_pids

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig

SECRET = "sk_live_Q7wZ3xR9tY2uV5pL8mN4"
HARD = resource.getrlimit(resource.RLIMIT_CORE)[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/limits").exists() or HARD == 0,
                                reason="needs /proc and a hard core file size limit above 0 to raise the soft one to")


def core_limit(pid: int) -> str:
    """The soft core file size limit of process `pid`, as /proc shows it ("0", "unlimited", a number of bytes)."""
    line = next(line for line in Path(f"/proc/{pid}/limits").read_text().splitlines() if line.startswith("Max core"))
    return line.split()[4]


def allow_core_dumps() -> None:
    """What `ulimit -c unlimited` (or as much as the hard limit lets) does before a command starts."""
    resource.setrlimit(resource.RLIMIT_CORE, (HARD, HARD))


def test_segtui_and_its_sandbox_dump_no_core_however_the_shell_allows_it(tmp_path: Path) -> None:
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) {\n"
                                         "  await new Promise((resolve) => setTimeout(resolve, 3000));\n"
                                         "  return settings.apiKey.length;\n}\n")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET}))
    process = subprocess.Popen([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track", "--offline"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               preexec_fn=allow_core_dumps)  # noqa: PLW1509 - the limit a user's shell gives
    try:
        deadline = time.monotonic() + 30
        while not (sandboxes := sandbox_pids(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert sandboxes, "segtui started no sandbox"
        assert [core_limit(pid) for pid in (process.pid, *sandboxes)] == ["0"] * (1 + len(sandboxes))
    finally:
        process.kill()
        process.wait()


def test_a_sandbox_started_by_another_program_dumps_no_core() -> None:
    soft = resource.getrlimit(resource.RLIMIT_CORE)[0]
    allow_core_dumps()
    try:
        engine = Engine(SandboxConfig(network=NetworkOptions(offline=True, secrets=[SECRET])))
        engine.start()
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, (soft, HARD))
    try:
        assert engine._sandbox is not None
        assert core_limit(engine._sandbox.process.pid) == "0"
    finally:
        engine.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_segtui_processes_are_not_dumpable_so_no_core_goes_to_a_crash_reporter() -> None:
    # A probe: under a core_pattern that pipes to a program (apport, systemd-coredump) the kernel does not apply the
    # core size limit, and apport writes the core into /var/crash.
    code = ("import ctypes; from segtui import core_dumps; libc = ctypes.CDLL(None); before = libc.prctl(3, 0, 0, 0, 0); "
            "core_dumps.forbid(); print(before, libc.prctl(3, 0, 0, 0, 0))")  # 3: PR_GET_DUMPABLE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "0"]
