"""The cores the service may use, and when ONNX Runtime's threads spin (OCR_ORT_SPIN)."""

from __future__ import annotations

import os

import pytest

from ocr_service.engines.cores import spin_threads, usable_cores


@pytest.mark.parametrize(
    ("cpu_max", "cores"),
    [("max 100000", None), ("200000 100000", 2), ("150000 100000", 2), ("50000 100000", 1), ("junk", None)],
)
def test_a_cgroup_quota_caps_the_cores(tmp_path, cpu_max, cores):
    path = tmp_path / "cpu.max"
    path.write_text(cpu_max + "\n")
    affinity = len(os.sched_getaffinity(0))
    expected = affinity if cores is None else min(affinity, cores)
    assert usable_cores(path, tmp_path / "no-v1") == expected


@pytest.mark.parametrize(("quota", "cores"), [("-1", None), ("100000", 1), ("300000", 3)])
def test_a_cgroup_v1_quota_caps_the_cores(tmp_path, quota, cores):
    (tmp_path / "cpu.cfs_quota_us").write_text(quota + "\n")
    (tmp_path / "cpu.cfs_period_us").write_text("100000\n")
    affinity = len(os.sched_getaffinity(0))
    expected = affinity if cores is None else min(affinity, cores)
    assert usable_cores(tmp_path / "no-cpu.max", tmp_path) == expected


def test_without_a_cgroup_file_the_affinity_counts(tmp_path):
    assert usable_cores(tmp_path / "absent", tmp_path / "absent-v1") == len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    ("workers", "threads", "cores", "spins"),
    [(1, 2, 2, True), (2, 2, 2, False), (1, 2, 1, False), (2, 1, 2, True), (4, 2, 8, True), (3, 3, 8, False)],
)
def test_auto_spins_when_every_engines_threads_have_a_core(workers, threads, cores, spins):
    assert spin_threads("auto", workers, threads, cores) is spins


def test_on_and_off_are_obeyed_and_anything_else_refused():
    assert spin_threads("on", 8, 8, 1) is True
    assert spin_threads("off", 1, 1, 64) is False
    with pytest.raises(ValueError, match="auto, on, off"):
        spin_threads("yes", 1, 1, 2)
