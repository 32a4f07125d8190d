"""On a phone photo a look-alike is settled by the page's own prints of both glyphs, and a
misreading never is."""

from __future__ import annotations

import random

import numpy as np
import pytest

from ocr_service.mrz import glyphs, reader, scan_mrz
from ocr_service.mrz.cut import CutLines, cut, slanted, upright
from tests.mrz.synth import make_photo
from tests.mrz.test_drawn import settled_swaps
from tests.mrz.test_photos import _flat_page, _located

# tuning photos whose document number was read right but left unverified: a 6 (G and 6
# differ by 10: no check digit sees the swap) matched the page's 6 at 0.91 where its prints
# in the dates match each other at 0.97, below the flat scan's 0.93, though the page's G
# is far (0.63)
SETTLED_BY_PRINTS = [6240]
# ... and whose glyphs lean (the band's perspective, 0.1 to 0.15 of their height): set
# upright, their cells match the page's prints of their character, and OCR-B's drawings
LEANING = [6028, 6103, 6036]
# photos with many look-alikes in their mixed fields, every one of which the page shows
# prints of both glyphs of
GUARDED = [6240, 6028, 6103, 5043]


def _sittings(image, engine, monkeypatch) -> list:
    """Every (cut lines, reads, parsed) the reader settled look-alikes on, reading ``image``."""
    seen = []
    settle = glyphs.settle_lookalikes

    def spy(result, reads, lines):
        seen.append((lines, reads, result))
        return settle(result, reads, lines)

    monkeypatch.setattr(reader, "settle_lookalikes", spy)
    scan_mrz(image, engine, full_page_fallback=False)
    return seen


@pytest.mark.parametrize("seed", SETTLED_BY_PRINTS + LEANING)
def test_a_photo_whose_lookalikes_only_its_own_prints_settle_is_verified(mrz_engine, ocrb_font, seed):
    image, doc = make_photo(random.Random(seed))
    result = scan_mrz(image, mrz_engine, full_page_fallback=False).result
    assert result is not None and result.lines == doc.lines
    assert result.valid


@pytest.mark.parametrize("seed", GUARDED)
def test_a_swapped_lookalike_on_a_photo_is_never_settled(mrz_engine, ocrb_font, monkeypatch, seed):
    image, doc = make_photo(random.Random(seed))
    sittings = [s for s in _sittings(image, mrz_engine, monkeypatch) if s[2].lines == doc.lines]
    assert sittings
    for lines, reads, result in sittings:
        assert settled_swaps(lines, reads, result) == []


def test_a_zero_the_page_shows_no_o_of_is_not_settled_by_its_prints(mrz_engine, ocrb_font, monkeypatch):
    # 6225: the document number's O, read as 0 with full confidence; the page's names show
    # no O, only a D: the prints do not settle it (the check digit then puts it right)
    image, doc = make_photo(random.Random(6225))
    assert "O" not in doc.lines[0][5:] and doc.lines[1][6] == "O"
    result = scan_mrz(image, mrz_engine, full_page_fallback=False).result
    assert result is not None and result.fields["document_number"].value == doc.lines[1][:9].rstrip("<")


def test_leaning_glyphs_are_set_upright_and_upright_ones_left_alone(ocrb_font):
    image, _doc = _flat_page(31, "TD3")
    gray, groups, scale = _located(image)
    lines = cut(gray, groups[0], scale)
    assert lines is not None
    assert upright(lines) is lines  # a flat scan's glyphs stand upright
    leaning = CutLines([slanted(c, 0.15) for c in lines.crops], lines.grids, lines.profiles, lines.length)
    straight = upright(leaning)
    assert straight is not leaning
    for before, after in zip(lines.crops, straight.crops, strict=True):
        # the middle columns, away from the edges the slant moved past the crop
        a, b = before[6:-6, 40:-40].astype(np.float32), after[6:-6, 40:-40].astype(np.float32)
        assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.9
