"""The passport specimens of the shared data folder (real prints in other cuts of OCR-B,
scanned or photographed askew): every one is read exactly and verifies.

These are the reader's check against pages no generator made: a change that keeps the
generated benchmark but loses one of them is a regression.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import cv2
import pytest

from ocr_service.mrz import scan_mrz

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "passports"


def _specimens() -> list[tuple[str, list[str]]]:
    truth = DATA / "ground_truth.json"
    if not truth.is_file():
        return []
    entries = sorted(json.loads(truth.read_text()).items())
    return [(name, entry["mrz"]) for name, entry in entries if entry.get("mrz")]


SPECIMENS = _specimens()


def test_the_specimens_are_here():
    if not SPECIMENS:
        warnings.warn(f"NO PASSPORT SPECIMENS AT {DATA}: the specimen tests did not run", stacklevel=1)
        pytest.skip(f"!!! no passport specimens at {DATA} (the shared data folder): specimens not read !!!")
    assert len(SPECIMENS) >= 8


@pytest.mark.parametrize(("name", "lines"), SPECIMENS, ids=[s[0] for s in SPECIMENS])
def test_a_specimen_reads_exactly_and_verifies(mrz_engine, name, lines):
    image = cv2.imread(str(DATA / name), cv2.IMREAD_COLOR)
    assert image is not None
    outcome = scan_mrz(image, mrz_engine)
    assert outcome.result is not None, "no MRZ found"
    assert outcome.result.lines == lines
    assert outcome.result.valid
