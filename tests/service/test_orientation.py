"""Pages that come on their side or upside down (a phone held sideways, an EXIF orientation left
stale by an editor) are read turned upright; an upright page is read once, as before."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr_service.config import Settings
from ocr_service.imaging import Limits
from ocr_service.pipeline import process_document
from tests import fixtures
from tests.service.test_pipeline import Counting

LIMITS = Limits.from_settings(Settings())
TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _jpeg(image: np.ndarray, orientation: int | None = None) -> bytes:
    pil = Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[274] = orientation
    pil.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def _receipt() -> np.ndarray:
    return cv2.imdecode(np.frombuffer(fixtures.receipt_jpeg(), np.uint8), cv2.IMREAD_COLOR)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_receipt_photographed_turned_is_read_upright(engine, degrees):
    data = _jpeg(cv2.rotate(_receipt(), TURNS[degrees]))
    result = process_document(data, "receipt", engine, LIMITS)
    assert result.fields.total.value == "24.86" and result.fields.total.confidence >= 0.8
    assert result.fields.date.value is not None
    assert any("turned by" in w for w in result.warnings)
    page = result.pages[0]
    height, width = cv2.rotate(_receipt(), TURNS[degrees]).shape[:2]
    # the answer's page is the page as read: turned upright, the receipt's own shape
    assert (page.width, page.height) == ((height, width) if degrees != 180 else (width, height))


def test_a_stale_exif_orientation_is_undone(engine):
    """Upright pixels under a tag that says 'turn me a quarter' (an editor turned the pixels and
    kept the tag): the tag is honoured as the standard says, then the page read upright."""
    result = process_document(_jpeg(_receipt(), orientation=6), "receipt", engine, LIMITS)
    assert result.fields.total.value == "24.86"
    assert any("turned by" in w for w in result.warnings)


def test_an_upright_page_is_read_once(engine):
    counting = Counting(engine)
    result = process_document(fixtures.receipt_jpeg(), "receipt", counting, LIMITS)
    assert result.fields.total.value == "24.86"
    assert counting.calls["ocr"] == 1
    assert not result.warnings


def test_a_page_without_text_is_not_tried_turned(engine):
    counting = Counting(engine)
    blank = _jpeg(np.full((900, 600, 3), 255, np.uint8))
    process_document(blank, "receipt", counting, LIMITS)
    assert counting.calls["ocr"] == 1
