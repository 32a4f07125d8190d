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


@pytest.mark.parametrize("ccw", [True, False])
def test_text_on_end_beside_upright_rows_does_not_turn_the_page(engine, ccw):
    """Three strips of 'CUSTOMER COPY ...' printed on end down the margin of an upright slip:
    more text on end than in its rows, but its rows are what the page is read by. It was turned
    a quarter and its total lost."""
    from PIL import ImageDraw

    from tests.receipt.render import _font, render_receipt

    rows = ["SUPER MART LTD", "12 HIGH STREET", ("DATE 12/03/2024", "10:22"), ("MILK", "1.20"),
            ("BREAD", "2.30"), ("TOTAL", "3.50"), ("CARD", "3.50")]  # fmt: skip
    slip = cv2.copyMakeBorder(render_receipt(rows), 0, 700, 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    text = "CUSTOMER COPY - PLEASE RETAIN THIS SLIP FOR YOUR RECORDS - NO REFUND WITHOUT RECEIPT - THANK YOU"
    strip = Image.new("RGB", (slip.shape[0], 38), "white")
    ImageDraw.Draw(strip).text((10, 6), text, fill="black", font=_font(22))
    strip = cv2.rotate(cv2.cvtColor(np.array(strip), cv2.COLOR_RGB2BGR), TURNS[270 if ccw else 90])
    result = process_document(_jpeg(np.hstack([strip] * 3 + [slip])), "receipt", engine, LIMITS)
    assert result.fields.total.value == "3.50"
    assert not any("turned by" in w for w in result.warnings)


def test_a_request_reads_few_pages_turned(engine):
    """Every page of a file on its side: the first ones are read turned, the rest as they come,
    so that a file of many (or a hostile one) costs a bounded number of readings."""
    counting = Counting(engine)
    page = cv2.rotate(_receipt(), TURNS[90])
    frames = [Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB)) for _ in range(4)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    result = process_document(out.getvalue(), "text", counting, LIMITS)
    turned = [w for w in result.warnings if "turned by" in w]
    assert len(turned) == 2  # two readings for each page on its side, four in all
    assert counting.calls["ocr"] == 4 + 4
