"""A page's lines grouped in rows before its MRZ is looked for: as before, in O(n log n) (a text
layer of thousands of short pieces took seconds per call, twice a page in ``auto``)."""

from __future__ import annotations

import random
import time

from ocr_service.engines import Line
from ocr_service.mrz import mrz_from_page_lines
from ocr_service.mrz.page import _rows


def _rows_pairwise(lines):
    """The grouping as first written: each line against every row so far."""
    rows: list[list] = []
    for ln in sorted(lines, key=lambda x: x.cy):
        for row in rows:
            if abs(ln.cy - row[0].cy) < 0.5 * max(ln.height, row[0].height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    return rows


def test_rows_are_grouped_as_pairwise():
    rng = random.Random(7)
    for _ in range(3000):
        lines = []
        for i in range(rng.randint(0, 30)):
            y = rng.choice([rng.uniform(0, 200), round(rng.uniform(0, 200)), round(rng.uniform(0, 200), 1)])
            h = rng.choice([rng.uniform(1, 60), 10.0, 20.0, 0.3, 7.7])
            x = rng.uniform(0, 500)
            lines.append(Line(f"L{i}", 0.9, [x, y, x + 20, y + h]))
        expected = [[id(ln) for ln in row] for row in _rows_pairwise(lines)]
        assert [[id(ln) for ln in row] for row in _rows(lines)] == expected


def test_thousands_of_pieces_are_grouped_in_a_blink():
    # 2,900 rows of four pieces: a text layer within every character limit
    lines = [
        Line("ABC", 1.0, [10.0 + 30 * k, 4.5 * r, 30.0 + 30 * k, 4.5 * r + 2.4])
        for r in range(2900)
        for k in range(4)
    ]
    started = time.perf_counter()
    found = mrz_from_page_lines(lines)
    assert time.perf_counter() - started < 0.5  # about 5 s pairwise
    assert found.result is None


def _line(text: str, y: float) -> Line:
    return Line(text=text, confidence=0.95, bbox=[10, y, 10 + 9 * len(text), y + 14])


def test_a_row_like_an_mrz_line_with_its_fillers_is_seen_though_none_parses():
    """The UK specimen's first MRZ line cut short by the detector: no MRZ parses, but the row
    is worth the MRZ reader's own look; a receipt's long number is not."""
    cut = mrz_from_page_lines([_line("UNITED KINGDOM", 10), _line("P<GBRPUDARSAN<<HENERT<<<<<<<<<<", 40)])
    assert cut.result is None
    assert cut.filler_row
    receipt = mrz_from_page_lines([_line("TOTAL 12.50", 10), _line("4000123456789010 00012345 778899", 40)])
    assert not receipt.filler_row


def test_an_auto_file_of_mrz_like_rows_gets_few_looks(engine, monkeypatch):
    """Pages of rows shaped like MRZ lines, fillers and all, that parse as none: the MRZ reader's
    own look costs about a second a page, so a request makes at most ``MRZ_LOOKS`` of them."""
    import io

    from PIL import Image, ImageDraw

    import ocr_service.mrz as mrz
    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import MRZ_LOOKS, process_document
    from tests import fixtures

    font = fixtures.font(30)
    pages = []
    for p in range(4):
        img = Image.new("RGB", (1200, 700), "white")
        draw = ImageDraw.Draw(img)
        for k in range(4):
            draw.text((40, 60 + 150 * k), f"P<UTOQ{p}X{k}ZZ<<ANNA<<<<<<<<<<<<<<<", fill="black", font=font)
        pages.append(img)
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:])
    calls = []
    real = mrz.scan_mrz

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(mrz, "scan_mrz", counting)
    result = process_document(out.getvalue(), "auto", engine, Limits.from_settings(Settings()))
    assert result.doc_type != "passport"
    assert 1 <= len(calls) <= MRZ_LOOKS
