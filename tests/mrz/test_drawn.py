"""OCR-B's drawings stand in for look-alikes a page does not show, and never settle a misreading."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr_service.mrz import glyphs, ocrb, reader
from ocr_service.mrz.cut import cut
from ocr_service.mrz.formats import LAYOUTS
from ocr_service.mrz.locate import WORK_SIDE, locate
from ocr_service.mrz.recognize import CharRead
from tests.mrz import synth
from tests.mrz.synth import SynthDocument, distort, render_page, td3_without_g_or_o

CLEAN = {"max_angle": 0.0, "blur": 0.0, "noise": 0.0, "jpeg_quality": 95, "uneven_light": False}
# G and 6 (a swap no check digit sees), Q and D are nowhere else on the page's MRZ
NUMBER = "XG6QZ0D17"
OTHER_FACES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
    "/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf",
)


def document(number: str = NUMBER) -> SynthDocument:
    return td3_without_g_or_o(number)


def page_of(doc: SynthDocument) -> np.ndarray:
    rng = random.Random(15)
    return distort(render_page(doc, rng, px_per_mm=8.0), rng, target_pixels=1.2e6, **CLEAN)


def steps(image: np.ndarray, engine):
    """Locate, cut and read the page's MRZ: (cut lines, reads, parsed)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    for group in locate(small):
        lines = cut(gray, group, scale)
        if lines is None:
            continue
        reads = reader.read(lines, engine)
        result = reader.parse_reads(reads)
        if result is not None and result.is_mrz:
            return lines, reads, result
    raise AssertionError("no MRZ found")


def mixed_lookalike_cells(result) -> list[tuple[int, int, str]]:
    classes = LAYOUTS[result.mrz_format].position_classes()
    return [
        (li, col, ch)
        for li, (cls_line, line) in enumerate(zip(classes, result.lines, strict=True))
        for col, (cls, ch) in enumerate(zip(cls_line, line, strict=True))
        if cls == "x" and ch in glyphs.GLYPH_LOOKALIKES
    ]


def settled_swaps(lines, reads, result) -> list[str]:
    """Each look-alike of a mixed field read, with full confidence, as each of its look-alikes:
    the swaps the glyph step settled as read."""
    wrong = []
    for li, col, ch in mixed_lookalike_cells(result):
        for other in glyphs.GLYPH_LOOKALIKES[ch]:
            swapped = [list(x) for x in reads]
            swapped[li][col] = CharRead(other, 0.999, ch, 0.001)
            parsed = reader.parse_reads(swapped)
            if parsed is None:
                continue
            out = glyphs.settle_lookalikes(parsed, swapped, lines)
            if out is not None and out[li][col].settled == other:
                wrong.append(f"{ch}->{other}@{li}:{col}")
    return wrong


def test_the_packaged_drawings_are_debians_ocr_b(ocrb_font):
    masks, caps = ocrb.build(ocrb_font)
    with np.load(ocrb.DATA) as data:
        assert np.array_equal(data["masks"], masks)
        assert np.array_equal(data["caps"], caps)


def test_lookalikes_the_page_does_not_show_are_settled_by_the_drawings(mrz_engine, ocrb_font):
    doc = document()
    assert not {"G", "6", "Q", "D"} & set(doc.lines[0] + doc.lines[1][9:])
    result = reader.scan_mrz(page_of(doc), mrz_engine).result
    assert result is not None
    assert result.fields["document_number"].value == NUMBER
    # nothing else in the MRZ shows a G or a 6: only OCR-B's drawings settle them
    assert not result.fields["document_number"].blind
    assert result.fields["document_number"].valid and result.valid


def test_a_swapped_lookalike_is_never_settled(mrz_engine, ocrb_font):
    lines, reads, result = steps(page_of(document()), mrz_engine)
    assert result.lines == document().lines
    assert len(mixed_lookalike_cells(result)) >= 6
    assert settled_swaps(lines, reads, result) == []


@pytest.mark.parametrize("face", OTHER_FACES, ids=[f.rsplit("/", 1)[-1] for f in OTHER_FACES])
def test_a_page_in_another_typeface_settles_no_swapped_lookalike(mrz_engine, ocrb_font, monkeypatch, face):
    # not an MRZ's typeface, but a test of the margins: the drawings of OCR-B must not
    # settle a misreading of glyphs they were never drawn from
    if not synth._find((face,)):
        pytest.skip(f"{face} is missing (.ci/apt-packages.txt installs it)")
    monkeypatch.setattr(synth, "ocrb_font_path", lambda: face)
    lines, reads, result = steps(page_of(document()), mrz_engine)
    assert len(mixed_lookalike_cells(result)) >= 6
    assert settled_swaps(lines, reads, result) == []
    # the drawings do not tell this page's glyphs from their look-alikes as the page does
    templates, sure = glyphs.document_glyphs(
        result, reads, lines, LAYOUTS[result.mrz_format].position_classes()
    )
    assert glyphs.Drawn(templates, sure, lines.crops).glyphs("0O") is None
