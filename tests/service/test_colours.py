"""Pages reach the engine in OpenCV's channel order (blue, green, red), whatever they came as."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ocr_service.config import Settings
from ocr_service.imaging import Limits, load_pages, render_pdf_page

from .pdfs import PdfPage, build

RED_BGR = [0, 0, 255]


def _limits() -> Limits:
    return Limits.from_settings(Settings())


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L"])
def test_an_image_is_decoded_to_bgr(mode):
    picture = Image.new("RGB", (60, 40), (255, 255, 255))
    picture.paste((255, 0, 0), (10, 10, 30, 30))
    buffer = io.BytesIO()
    picture.convert(mode).save(buffer, format="PNG")
    _, pages = load_pages(buffer.getvalue(), _limits(), text_layer=False)
    image = pages[0].image
    assert image.shape == (40, 60, 3) and image.dtype == np.uint8 and image.flags.c_contiguous
    assert image[0, 0].tolist() == [255, 255, 255]
    if mode == "L":  # grey: red's luminance in every channel
        assert len(set(image[20, 20].tolist())) == 1 and image[20, 20, 0] < 128
    else:
        assert image[20, 20].tolist() == RED_BGR


def test_a_rendered_pdf_page_is_bgr_on_white_paper():
    # a red square in the lower left quarter of a 200 x 200 pt page, nothing else
    pdf = build([PdfPage(200.0, 200.0, [b"1 0 0 rg 20 20 60 60 re f"])])
    page = render_pdf_page(pdf, 1, _limits())
    image = page.image
    height, width = image.shape[:2]
    assert image.dtype == np.uint8 and image.shape[2] == 3 and image.flags.c_contiguous
    assert image[5, 5].tolist() == [255, 255, 255]
    # PDF's origin is the lower left corner: the square is near the bottom of the image
    assert image[int(height * 0.75), int(width * 0.25)].tolist() == RED_BGR


def _stray(values: np.ndarray, value) -> np.ndarray:
    values[0, 0] = value
    return values


def _grey_ramp() -> np.ndarray:
    return np.tile(np.linspace(0, 255, 256).round().astype(np.uint8), (8, 1))


@pytest.mark.parametrize(
    ("how", "fmt"),
    [
        ("16-bit", "PNG"),  # a scanner's 16-bit grey: Pillow clipped every value above 255 to white
        ("16-bit", "TIFF"),
        ("float 0-1", "TIFF"),  # floats from 0 to 1: read as black
        ("float 0-255", "TIFF"),
        ("32-bit", "TIFF"),
        ("12-bit in 16", "PNG"),  # a camera's 12-bit values in a 16-bit file: by their own range
        ("8-bit in 32, one stray", "TIFF"),  # 0..255 in a 32-bit file, one pixel of 256: as it is
        ("float 0-1, one inf", "TIFF"),  # one stray value sets no scale
    ],
)
def test_grey_of_more_than_eight_bits_keeps_its_shades(how, fmt):
    ramp = _grey_ramp()
    deep = {
        "16-bit": lambda: Image.fromarray(ramp.astype(np.uint16) * 257),
        "float 0-1": lambda: Image.fromarray(ramp.astype(np.float32) / 255.0, "F"),
        "float 0-255": lambda: Image.fromarray(ramp.astype(np.float32), "F"),
        "32-bit": lambda: Image.fromarray(ramp.astype(np.int32) * 257, "I"),
        "12-bit in 16": lambda: Image.fromarray((ramp.astype(np.uint16) << 4) | 15),
        "8-bit in 32, one stray": lambda: Image.fromarray(_stray(ramp.astype(np.int32), 256), "I"),
        "float 0-1, one inf": lambda: Image.fromarray(_stray(ramp.astype(np.float32) / 255.0, np.inf), "F"),
    }[how]()
    buffer = io.BytesIO()
    deep.save(buffer, format=fmt)
    _, pages = load_pages(buffer.getvalue(), _limits(), text_layer=False)
    got = pages[0].image[4, :, 0].astype(int)  # (a row without the stray pixel)
    assert np.abs(got - ramp[4].astype(int)).max() <= 1, got[::32].tolist()


def test_a_16_bit_grey_scan_of_a_receipt_is_read(engine):
    from ocr_service.pipeline import process_document
    from tests import fixtures

    # printed in dark grey, as thermal paper prints (60 of 255): above 255 in 16 bits, white once clipped
    page = np.asarray(fixtures.receipt_image(width=640).convert("L")).astype(np.float32)
    grey = ((60 + page * (195 / 255)).round() * 257).astype(np.uint16)
    buffer = io.BytesIO()
    Image.fromarray(grey).save(buffer, format="PNG")
    result = process_document(buffer.getvalue(), "receipt", engine, _limits())
    assert result.fields.total.value == "24.86"
