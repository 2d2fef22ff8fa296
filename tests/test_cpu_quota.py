"""`--concurrency auto` counts the cores a container's CPU quota lets segtui use, not only its CPU affinity."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from segtui.cpu_quota import cpu_quota, usable_cores

HANDLER = "async function onTrack(event) { return event.event; }\n"


def _affinity() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextlib.contextmanager
def _group_of_one_core() -> Iterator[Path]:
    """A new control group whose CPU quota is one core (cgroup v1's cpu controller or v2's cpu.max), removed after."""
    name = f"segtui-test-{uuid.uuid4().hex[:8]}"
    for parent, quota_file, quota in ((Path("/sys/fs/cgroup/cpu"), "cpu.cfs_quota_us", "100000"),
                                      (Path("/sys/fs/cgroup"), "cpu.max", "100000 100000")):
        group = parent / name
        try:
            group.mkdir()
        except OSError:
            continue
        try:
            (group / quota_file).write_text(quota, encoding="utf-8")
        except OSError:
            group.rmdir()
            continue
        try:
            yield group
        finally:
            with contextlib.suppress(OSError):
                group.rmdir()
        return
    pytest.skip("no control group with a CPU quota can be made here (needs root and a writable cgroup cpu controller)")


def test_concurrency_auto_under_a_cpu_quota_of_one_core_runs_one_sandbox(tmp_path: Path) -> None:
    # A probe: in a control group limited to one core's time (as `docker --cpus 1` makes one) on a 2-core machine,
    # `--concurrency auto` ran 2 sandboxes, taking turns on one core's time (on a 64-core host, 64).
    if _affinity() < 2:
        pytest.skip("one core in the affinity already: a quota of one cannot lower the count")
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "events.ndjson").write_text("".join(json.dumps({"type": "track", "event": f"E{n}"}) + "\n"
                                                    for n in range(20)), encoding="utf-8")
    with _group_of_one_core() as group:
        def join() -> None:
            (group / "cgroup.procs").write_text(str(os.getpid()), encoding="utf-8")

        done = subprocess.run([sys.executable, "-m", "segtui", "replay", "handler.js", "events.ndjson", "--concurrency",
                               "auto"], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
                              stdin=subprocess.DEVNULL, preexec_fn=join)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(", 1 sandbox)"), done.stdout


def _tree(root: Path, proc_line: str, files: dict[str, str]) -> tuple[Path, Path]:
    """A /proc/self/cgroup holding `proc_line`, and a cgroup mount at `root` holding `files`."""
    for name, text in files.items():
        (root / "fs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "fs" / name).write_text(text, encoding="utf-8")
    (root / "cgroup").write_text(proc_line + "\n", encoding="utf-8")
    return root / "cgroup", root / "fs"


@pytest.mark.parametrize(("proc_line", "files", "quota"), [
    # cgroup v2: the smallest quota on the way up counts (a group above limits those below it).
    ("0::/user.slice/app.scope", {"cgroup.controllers": "cpu", "user.slice/cpu.max": "150000 100000",
                                   "user.slice/app.scope/cpu.max": "max 100000"}, 1.5),
    ("0::/a", {"cgroup.controllers": "cpu", "a/cpu.max": "max 100000"}, None),
    # cgroup v1 in a container that mounts its own group as the root while /proc names it in full.
    ("4:cpu,cpuacct:/docker/0123abcd", {"cpu,cpuacct/cpu.cfs_quota_us": "50000",
                                        "cpu,cpuacct/cpu.cfs_period_us": "100000"}, 0.5),
    ("4:cpu,cpuacct:/kubepods/pod1", {"cpu,cpuacct/kubepods/pod1/cpu.cfs_quota_us": "-1",
                                      "cpu,cpuacct/kubepods/pod1/cpu.cfs_period_us": "100000",
                                      "cpu,cpuacct/kubepods/cpu.cfs_quota_us": "300000",
                                      "cpu,cpuacct/kubepods/cpu.cfs_period_us": "100000"}, 3.0),
    ("4:cpu,cpuacct:/x", {"cpu,cpuacct/x/cpu.cfs_quota_us": "garbled", "cpu,cpuacct/x/cpu.cfs_period_us": "0"}, None),
], ids=["v2-nested", "v2-max", "v1-container-root", "v1-parent-limits", "v1-unreadable"])
def test_the_quota_is_read_as_linux_shows_it(tmp_path: Path, proc_line: str, files: dict[str, str],
                                            quota: float | None) -> None:
    proc, root = _tree(tmp_path, proc_line, files)
    assert cpu_quota(proc, root) == quota
    expected = _affinity() if quota is None else min(_affinity(), max(1, -(-quota // 1)))
    assert usable_cores(proc, root) == expected


def test_no_control_groups_leaves_the_affinity(tmp_path: Path) -> None:
    assert usable_cores(tmp_path / "missing", tmp_path) == _affinity()


def test_control_groups_that_cannot_be_read_leave_the_affinity(tmp_path: Path) -> None:
    # A review: a group path too long for the system, or one that is no UTF-8, raised (`--concurrency auto` was then an
    # invalid value, or a bad-input error naming /sys/fs/cgroup) where no quota can be read.
    proc, root = _tree(tmp_path, "0::/" + "g" * 5000, {"cgroup.controllers": "cpu"})
    assert cpu_quota(proc, root) is None
    (tmp_path / "cgroup").write_bytes(b"0::/\xff\n")
    assert usable_cores(proc, root) == _affinity()
