"""Scans far larger than the reader can use are read at a whole fraction of their size, and
answered in the file's own pixels."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ocr_service.config import Settings
from ocr_service.imaging import READ_SIDE, Limits, load_pages
from ocr_service.pipeline import process_document
from tests import fixtures

LIMITS = Limits.from_settings(Settings())
SCALE = 9  # the test receipt, 640 px wide, at 9 times its size: 5760 x 6534 pixels, 38 megapixels
WIDTH = 640


def _big_receipt() -> Image.Image:
    small = fixtures.receipt_image(width=WIDTH)
    return small.resize((small.width * SCALE, small.height * SCALE), Image.Resampling.NEAREST)


def _total_line(result):
    return next(line for line in result.pages[0].lines if line.text.replace(" ", "").startswith("TOTAL"))


def test_a_large_jpeg_is_decoded_at_half_its_size_and_answered_in_its_own_pixels(engine):
    big = _big_receipt()
    data = fixtures.encode(big, "JPEG", quality=90)
    _kind, pages = load_pages(data, LIMITS)
    height, width = pages[0].image.shape[:2]
    assert (width, height) == (-(-big.width // 2), -(-big.height // 2))  # libjpeg's 1/2 scale
    assert READ_SIDE <= max(width, height) < 2 * READ_SIDE
    assert pages[0].shown_size == big.size

    result = process_document(data, "receipt", engine, LIMITS)
    assert (result.pages[0].width, result.pages[0].height) == big.size
    assert result.fields.total.value == "24.86"
    # the boxes are in the file's pixels: where the same line is on the receipt at its own size
    own_size = fixtures.encode(fixtures.receipt_image(width=WIDTH), "JPEG", quality=90)
    small = process_document(own_size, "receipt", engine, LIMITS)
    got, want = _total_line(result).bbox, [v * SCALE for v in _total_line(small).bbox]
    assert all(abs(a - b) < 0.02 * big.width for a, b in zip(got, want, strict=True)), (got, want)


def test_a_large_scan_turned_by_its_exif_orientation_keeps_its_upright_size():
    big = _big_receipt()
    stored = big.transpose(Image.Transpose.ROTATE_90)  # as a camera held sideways stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to show"
    data = fixtures.encode(stored, "JPEG", quality=85, exif=exif.tobytes())
    _kind, pages = load_pages(data, LIMITS)
    height, width = pages[0].image.shape[:2]
    assert height > width  # upright, as the receipt is
    assert pages[0].shown_size == big.size


def test_a_large_image_of_another_format_is_reduced_by_a_whole_factor():
    tall = Image.new("L", (1000, 6400), 255)
    data = fixtures.encode(tall, "PNG", compress_level=1)
    _kind, pages = load_pages(data, LIMITS)
    assert pages[0].image.shape == (3200, 500, 3)
    assert pages[0].shown_size == (1000, 6400)
    # an image the reader can use at its size is read at its size
    _kind, pages = load_pages(fixtures.encode(Image.new("L", (1000, 5999), 255), "PNG"), LIMITS)
    assert pages[0].image.shape == (5999, 1000, 3)
    assert pages[0].shown_size == (1000, 5999)


def test_a_passport_on_a_600_dpi_a4_scan_is_read_from_half_its_size(engine):
    import random

    import cv2
    import numpy as np

    from ocr_service.schemas import PassportResponse
    from tests.mrz import synth

    rng = random.Random(20261203)
    doc = synth.random_identity(rng, "TD3")
    card = synth.render_page(doc, rng, px_per_mm=600 / 25.4)  # 600 dpi
    a4 = np.full((7016, 4961, 3), 255, np.uint8)  # A4 at 600 dpi, the card near its top left
    a4[400 : 400 + card.shape[0], 300 : 300 + card.shape[1]] = card
    ok, buf = cv2.imencode(".jpg", a4, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    result = process_document(buf.tobytes(), "passport", engine, LIMITS)
    assert isinstance(result, PassportResponse)
    assert result.fields.mrz_lines.value == doc.lines
    assert (result.pages[0].width, result.pages[0].height) == (4961, 7016)


def test_a_600_dpi_black_and_white_scan_is_read(engine):
    """A fax-style scan (1 bit a pixel, a G4 TIFF or a 1-bit PNG) over 6000 pixels a side is
    reduced as a grey one is, not refused as corrupt."""
    big = _big_receipt().convert("1", dither=Image.Dither.NONE)
    assert max(big.size) >= 2 * READ_SIDE
    for data in (fixtures.encode(big, "TIFF", compression="group4"), fixtures.encode(big, "PNG")):
        _kind, pages = load_pages(data, LIMITS)
        assert READ_SIDE // 2 <= max(pages[0].image.shape[:2]) < 2 * READ_SIDE
        assert pages[0].shown_size == big.size
    result = process_document(data, "receipt", engine, LIMITS)
    assert result.fields.total.value == "24.86"


def test_a_long_thin_strip_is_read_not_failed(engine):
    """A page so long and thin that the reader's shrinking would leave no height (rapidocr's
    rounding): read with paper added, its boxes where the strip prints them."""
    line = Image.new("L", (3000, 20), 255)
    draw = ImageDraw.Draw(line)
    draw.text((10, 2), "TOTAL 24.86", fill=0, font=fixtures.font(14))
    for image in (line, line.transpose(Image.Transpose.ROTATE_90), Image.new("L", (50000, 1), 255)):
        result = process_document(fixtures.encode(image, "PNG"), "text", engine, LIMITS)
        assert (result.pages[0].width, result.pages[0].height) == image.size
        assert all(line.bbox[3] <= image.height + 1 for line in result.pages[0].lines)


def _read_in_a_fresh_process(path) -> tuple[tuple[int, ...], int]:
    """The shape ``load_pages`` gives the image at ``path``, and how many MB above what it held
    before a process that does nothing else held at most while reading it (sampled every 2 ms)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import json, os, sys, threading\n"
        "from ocr_service.config import Settings\n"
        "from ocr_service.imaging import Limits, load_pages\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "limits = Limits.from_settings(Settings())\n"
        "page_kb = os.sysconf('SC_PAGE_SIZE') // 1024\n"
        "def rss():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * page_kb\n"
        "before, peak, done = rss(), [0], threading.Event()\n"
        "def watch():\n"
        "    while not done.is_set():\n"
        "        peak[0] = max(peak[0], rss())\n"
        "        done.wait(0.002)\n"
        "watcher = threading.Thread(target=watch)\n"
        "watcher.start()\n"
        "page = load_pages(data, limits)[1][0]\n"
        "done.set()\n"
        "watcher.join()\n"
        "print(json.dumps([page.image.shape, (peak[0] - before) // 1024]))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-800:]
    shape, added = json.loads(out.stdout)
    return tuple(shape), added


def test_a_large_palette_or_transparent_png_is_reduced_as_others_are_in_a_fraction_of_the_memory(tmp_path):
    # 40 megapixels, the default OCR_MAX_PIXELS: a palette PNG was read at its full size, through
    # three RGBA copies at a time (613 MB added to the peak), and every image was copied whole
    # once more to be turned upright (an RGBA one: 497 MB)
    page = Image.new("L", (5000, 8000), 255)
    draw = ImageDraw.Draw(page)
    for y in range(0, 8000, 400):
        draw.rectangle((400, y, 4600, y + 120), fill=0)
    palette = page.convert("P")
    palette.save(tmp_path / "palette.png", compress_level=1)
    see_through = page.convert("RGBA")
    see_through.putalpha(page.point(lambda v: 255 - v))  # the bars opaque, the paper transparent
    see_through.save(tmp_path / "alpha.png", compress_level=1)

    shape, added = _read_in_a_fresh_process(tmp_path / "palette.png")
    assert shape == (4000, 2500, 3)  # halved, as an RGB or grey scan of its size is
    assert added < 330, added
    shape, added = _read_in_a_fresh_process(tmp_path / "alpha.png")
    assert shape == (4000, 2500, 3)
    assert added < 420, added
    # and the transparent paper is white, the bars black
    _kind, pages = load_pages((tmp_path / "alpha.png").read_bytes(), LIMITS)
    assert pages[0].image[50, 50].tolist() == [255, 255, 255]
    assert pages[0].image[30, 1000].tolist() == [0, 0, 0]


def test_a_large_float_grey_scan_is_reduced_before_it_is_made_eight_bit(tmp_path):
    # 40 megapixels of 32-bit floats from 0 to 1 in a 250 KB file: made eight-bit at full size
    # it added 808 MB to the peak; reduced first (Pillow reduces floats), about 350 MB
    values = np.full((5700, 7000), 0.8, dtype=np.float32)
    values[100:200, 100:3000] = 0.0
    Image.fromarray(values).save(tmp_path / "float.tif", compression="tiff_deflate")
    del values
    shape, added = _read_in_a_fresh_process(tmp_path / "float.tif")
    assert shape == (2850, 3500, 3)
    assert added < 480, added
