"""The cores a process may use: its CPU affinity, capped by its control group's CPU quota (`docker --cpus`, Kubernetes
CPU limits, systemd's CPUQuota).

Both are needed: `taskset` and a container's cpuset narrow the affinity, which `os.cpu_count()` does not see; a CPU
quota leaves the affinity at every core of the host and lets the group run only so much of each period, so on a
64-core host under `--cpus 1` an affinity-only count started 64 sandboxes that took turns on one core's time. Linux
only; elsewhere, or when the control group cannot be read, the affinity (or the core count) alone.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

PROC_CGROUP = Path("/proc/self/cgroup")
CGROUP_ROOT = Path("/sys/fs/cgroup")


def usable_cores(proc_cgroup: Path = PROC_CGROUP, cgroup_root: Path = CGROUP_ROOT) -> int:
    """The cores this process may run on, at least 1 (`proc_cgroup` and `cgroup_root` name where Linux shows its
    control groups)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cpu_quota(proc_cgroup, cgroup_root)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


def cpu_quota(proc_cgroup: Path = PROC_CGROUP, cgroup_root: Path = CGROUP_ROOT) -> float | None:
    """The CPU time this process's control group may use, in cores (the smallest quota of it and the groups above it;
    cgroup v2's cpu.max or v1's cpu.cfs_quota_us); None when there is none, or it cannot be read."""
    try:
        return _group_quota(proc_cgroup.read_text(encoding="utf-8").splitlines(), cgroup_root)
    except (OSError, ValueError):  # a folder that may not be searched, a name too long, a path that is no UTF-8
        return None


def _group_quota(lines: list[str], cgroup_root: Path) -> float | None:
    """cpu_quota of the groups /proc/self/cgroup's `lines` name; raises where a file on the way cannot be read."""
    quotas = []
    for line in lines:
        fields = line.split(":", 2)
        if len(fields) != 3:
            continue
        _, controllers, path = fields
        if controllers == "" and path and (cgroup_root / "cgroup.controllers").is_file():  # v2, mounted as the root
            quotas += [_v2_quota(folder) for folder in _folders(cgroup_root, path)]
        elif "cpu" in controllers.split(","):  # v1: the folder is named after its controllers ("cpu,cpuacct")
            mount = next((cgroup_root / name for name in (controllers, "cpu", "cpu,cpuacct", "cpuacct,cpu")
                          if (cgroup_root / name).is_dir()), None)
            if mount is not None:
                quotas += [_v1_quota(folder) for folder in _folders(mount, path)]
    found = [quota for quota in quotas if quota is not None]
    return min(found) if found else None


def _folders(mount: Path, path: str) -> list[Path]:
    """The group's folder under `mount` and those above it up to `mount`. A container often mounts its own group as the
    root while /proc still names it in full (`/docker/<id>`): the longest tail of the path found under `mount` is taken."""
    parts = [part for part in path.split("/") if part and part not in (".", "..")]
    while parts and not mount.joinpath(*parts).is_dir():
        parts = parts[1:]
    return [mount.joinpath(*parts[:count]) for count in range(len(parts), -1, -1)]


def _v2_quota(folder: Path) -> float | None:
    """cpu.max's `quota period` in cores (`max`: none)."""
    fields = _read(folder / "cpu.max").split()
    if len(fields) != 2 or fields[0] == "max":
        return None
    return _ratio(fields[0], fields[1])


def _v1_quota(folder: Path) -> float | None:
    """cpu.cfs_quota_us over cpu.cfs_period_us in cores (-1: none)."""
    return _ratio(_read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us"))


def _ratio(quota: str, period: str) -> float | None:
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
