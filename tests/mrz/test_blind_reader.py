"""The reader never vouches for a look-alike its check digits cannot see: misreadings injected
into the recogniser's output of a rendered page, then settled (or not) by the page's glyphs."""

from __future__ import annotations

import random

import pytest

from ocr_service.mrz import reader, scan_mrz
from ocr_service.mrz.recognize import CharRead
from tests.mrz.synth import SynthDocument, distort, render_page, td3_without_g_or_o

CLEAN = {"max_angle": 0.0, "blur": 0.0, "noise": 0.0, "jpeg_quality": 95, "uneven_light": False}


def document(number: str) -> SynthDocument:
    return td3_without_g_or_o(number)


def misread(monkeypatch, swaps: dict[int, str], *, after_settling: bool) -> None:
    """Cells of the second line read as other characters with full confidence: by the
    recogniser (the glyph step still to come), or after the glyph step, which did not settle them."""
    step = "settle_lookalikes" if after_settling else "read"
    real = getattr(reader, step)

    def swapped(*args, **kwargs):
        out = real(*args, **kwargs)
        if out is None and after_settling:
            out = [list(x) for x in args[1]]
        if out is not None and len(out) == 2:
            for col, ch in swaps.items():
                out[1][col] = CharRead(ch, 0.999, out[1][col].char, 0.001)
        return out

    monkeypatch.setattr(reader, step, swapped)


def photo_of(doc: SynthDocument):
    rng = random.Random(15)
    return distort(render_page(doc, rng, px_per_mm=8.0), rng, target_pixels=1.2e6, **CLEAN)


CASES = [("H2VRT7G7V", {6: "6"}), ("003759571", {0: "O", 1: "O"})]
IDS = ["G-read-as-6", "two-0-read-as-O"]


@pytest.mark.parametrize(("number", "swaps"), CASES, ids=IDS)
@pytest.mark.parametrize("after_settling", [False, True], ids=["at-recognition", "after-settling"])
def test_an_undetectable_misreading_is_never_valid(
    mrz_engine, ocrb_font, monkeypatch, number, swaps, after_settling
):
    doc = document(number)
    img = photo_of(doc)
    misread(monkeypatch, swaps, after_settling=after_settling)
    result = scan_mrz(img, mrz_engine).result
    assert result is not None
    got = result.fields["document_number"]
    if after_settling:
        assert got.value != number
    # the page's own glyphs may put a misreading right; a wrong number is never vouched for
    if got.value != number:
        assert all(result.check_digits.values())  # the check digits cannot see it
        assert not got.valid
        assert not result.valid
    assert result.fields["expiry_date"].value == "2030-04-15"


def test_zeros_read_as_o_are_put_right_by_the_pages_own_glyphs(mrz_engine, ocrb_font, monkeypatch):
    doc = document("003759571")
    misread(monkeypatch, {0: "O", 1: "O"}, after_settling=False)
    result = scan_mrz(photo_of(doc), mrz_engine).result
    assert result.fields["document_number"].value == "003759571"
    assert result.valid
