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


AUTO = [("fm_passport_uk.jpg", degrees) for degrees in (0, 90, 180, 270)] + [("fm_td1.jpg", 90)]


@pytest.mark.parametrize(("name", "degrees"), AUTO, ids=[f"{n}-{d}" for n, d in AUTO])
def test_a_specimen_sent_as_auto_at_any_turn_is_a_passport(engine, name, degrees):
    """``auto`` at every quarter turn: the UK specimen is a two-page spread whose upper page
    prints its text on end, which turns the page for its rows; its MRZ then stands on end and
    no line of the page shows it. It came back as text at 0, 90 and 180 degrees; the MRZ
    reader's own look finds it."""
    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document

    truth = dict(SPECIMENS).get(name)
    if truth is None:
        pytest.skip(f"!!! no specimen {name} at {DATA}: not read !!!")
    image = cv2.imread(str(DATA / name), cv2.IMREAD_COLOR)
    if degrees:
        image = cv2.rotate(image, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                                   270: cv2.ROTATE_90_COUNTERCLOCKWISE}[degrees])  # fmt: skip
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
    result = process_document(data, "auto", engine, Limits.from_settings(Settings()))
    assert result.doc_type == "passport"
    assert result.fields.mrz_lines.value == truth
    assert result.fields.valid.value
