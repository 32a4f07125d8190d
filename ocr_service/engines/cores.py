"""How many cores this process may use, and whether ONNX Runtime's threads should spin.

``os.cpu_count`` counts the machine's cores. A container limited with ``--cpus`` (a cgroup
quota) or a process pinned to some cores (its affinity) may use fewer; a thread that spins
on a core the process does not really have only takes time from the thread doing the work.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

# cgroup v2: "<quota> <period>" in microseconds, or "max <period>"
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
# cgroup v1 (older Docker hosts): the quota and the period in two files, -1 for no quota
CGROUP_V1 = Path("/sys/fs/cgroup/cpu")


def _quota_cores(text: str) -> int | None:
    """Whole cores of a cgroup v2 ``cpu.max`` quota (rounded up), or None without a quota."""
    parts = text.split()
    if len(parts) != 2 or parts[0] == "max":
        return None
    try:
        quota, period = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    if quota <= 0 or period <= 0:
        return None
    return max(1, math.ceil(quota / period))


def _cgroup_quota(cpu_max: Path, v1: Path) -> int | None:
    """The cgroup's CPU quota in whole cores (v2, else v1), or None without one."""
    try:
        return _quota_cores(cpu_max.read_text())
    except OSError:
        pass
    try:
        quota = (v1 / "cpu.cfs_quota_us").read_text().strip()
        period = (v1 / "cpu.cfs_period_us").read_text().strip()
    except OSError:
        return None
    return _quota_cores(f"{quota} {period}")


def usable_cores(cpu_max: Path = CGROUP_CPU_MAX, v1: Path = CGROUP_V1) -> int:
    """The cores this process may run on: its affinity, capped by its cgroup's CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = _cgroup_quota(cpu_max, v1)
    return min(cores, quota) if quota else cores


def spin_threads(choice: str, workers: int, cpu_threads: int, cores: int | None = None) -> bool:
    """``OCR_ORT_SPIN`` resolved: ``auto`` spins when every engine's math threads have a core of
    their own (``workers * cpu_threads`` at most the usable cores)."""
    if choice not in ("auto", "on", "off"):
        raise ValueError(f"unknown spin choice {choice!r}: one of auto, on, off")
    if choice != "auto":
        return choice == "on"
    return workers * cpu_threads <= (usable_cores() if cores is None else cores)
