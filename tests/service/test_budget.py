"""The work budget of a document, known from its headers before decoding (finding 1)."""

from __future__ import annotations

import time

import pytest

from ocr_service.config import Settings
from ocr_service.errors import TooLarge, Unprocessable
from ocr_service.imaging import Limits, measure
from tests import fixtures
from tests.service import hostile
from tests.service.conftest import make_client

LIMITS = Limits.from_settings(Settings())


def test_a_multi_frame_tiff_is_measured_over_all_its_frames():
    bomb = hostile.tiff_bomb(frames=20, width=6000, height=6600)
    assert len(bomb) < 100_000
    # every frame is under the per-page cap, the document is not
    assert LIMITS.max_pixels > 6000 * 6600
    started = time.perf_counter()
    with pytest.raises(TooLarge) as refused:
        measure(bomb, LIMITS)
    assert time.perf_counter() - started < 0.5
    assert refused.value.status == 413 and refused.value.code == "document_too_large"
    assert "OCR_MAX_TOTAL_PIXELS" in refused.value.message
    work = measure(hostile.tiff_bomb(frames=2, width=3000, height=2000), LIMITS)
    assert (work.kind, work.pages, work.pixels) == ("tiff", 2, 12_000_000)


def test_a_pdf_is_measured_by_the_pixels_its_pages_render_to():
    with pytest.raises(TooLarge) as refused:
        measure(hostile.huge_pdf(pages=20, points=4999), LIMITS)
    assert refused.value.code == "document_too_large"
    work = measure(fixtures.pdf_with_blank_pages(3), LIMITS)
    # A4 at 200 dpi: 1653 x 2339 pixels a page
    assert work.pages == 3 and 3 * 3_800_000 < work.pixels < 3 * 3_900_000
    assert work.units == pytest.approx(3 + work.pixels / 16_000_000)


def test_frames_past_the_page_limit_are_never_walked():
    with pytest.raises(Unprocessable) as refused:
        measure(hostile.tiff_bomb(frames=400, width=100, height=100), LIMITS)
    assert refused.value.code == "too_many_pages"
    assert "OCR_MAX_PAGES" in refused.value.message


def test_truncated_and_corrupt_images_are_refused_before_decoding():
    with pytest.raises(Unprocessable):
        measure(hostile.truncated_jpeg(), LIMITS)
    whole = fixtures.receipt_jpeg()
    assert measure(whole, LIMITS).pages == 1


@pytest.mark.parametrize("name", sorted(hostile.hostile_documents()))
def test_each_hostile_document_is_refused_fast_through_the_api(ocr_workers, name):
    data, status, code = hostile.hostile_documents()[name]
    with make_client(ocr_workers) as client:
        started = time.perf_counter()
        resp = client.post("/ocr", files={"file": ("doc.bin", data)}, data={"doc_type": "text"})
        elapsed = time.perf_counter() - started
    assert resp.status_code == status, resp.text
    assert resp.json()["error"]["code"] == code
    assert elapsed < 1.0
    assert "doc.bin" not in resp.text


def test_a_pdf_drawing_a_picture_over_and_over_is_refused_before_it_queues():
    """Refused when measured, from the pictures' headers: not after waiting its turn for an
    engine behind other clients' receipts (the load benchmark's hostile clients waited 12 s)."""
    with pytest.raises(TooLarge) as refused:
        measure(hostile.pdf_picture_drawn_over_and_over(), LIMITS)
    assert refused.value.code == "document_too_large"
    assert measure(fixtures.pdf_with_blank_pages(2), LIMITS).pages == 2


def _float_rgb_tiff(width: int = 4, height: int = 4) -> bytes:
    """A TIFF of 32-bit floating-point RGB samples (SampleFormat 3), which Pillow does not read."""
    import struct

    data = bytes(width * height * 3 * 4)
    values = 8 + len(data)  # three BitsPerSample, then three SampleFormat
    ifd = values + 12
    entries = [
        (256, 3, 1, width), (257, 3, 1, height), (258, 3, 3, values), (259, 3, 1, 1), (262, 3, 1, 2),
        (273, 4, 1, 8), (277, 3, 1, 3), (278, 3, 1, height), (279, 4, 1, len(data)), (284, 3, 1, 1),
        (339, 3, 3, values + 6),
    ]  # fmt: skip
    out = b"II*\x00" + struct.pack("<I", ifd) + data + struct.pack("<6H", 32, 32, 32, 3, 3, 3)
    out += struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        inline = count == 1 and kind == 3
        out += struct.pack("<HHI", tag, kind, count) + (
            struct.pack("<HH", value, 0) if inline else struct.pack("<I", value)
        )
    return out + struct.pack("<I", 0)


def test_an_image_pillow_does_not_decode_is_said_to_be_possibly_of_another_variant():
    """A TIFF of floating-point colour samples has a TIFF's signature and headers Pillow does
    not read: its error says so, rather than only "corrupt or truncated"."""
    with pytest.raises(Unprocessable) as refused:
        measure(_float_rgb_tiff(), LIMITS)
    assert refused.value.code == "unreadable_image"
    assert "variant of its format" in refused.value.message
