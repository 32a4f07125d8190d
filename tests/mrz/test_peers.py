"""On a phone photo a look-alike is settled by the page's own prints of both glyphs, and a
misreading never is."""

from __future__ import annotations

import random

import pytest

from ocr_service.mrz import glyphs, reader, scan_mrz
from tests.mrz.synth import make_photo
from tests.mrz.test_drawn import settled_swaps

# tuning photos whose document number was read right but left unverified: a 6 (G and 6
# differ by 10: no check digit sees the swap) matched the page's 6 at 0.91 where its prints
# in the dates match each other at 0.97, below the flat scan's 0.93, though the page's G
# is far (0.63)
SETTLED_BY_PRINTS = [6240]
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


@pytest.mark.parametrize("seed", SETTLED_BY_PRINTS)
def test_a_photo_whose_lookalikes_only_its_own_prints_settle_is_verified(mrz_engine, ocrb_font, seed):
    image, doc = make_photo(random.Random(seed))
    result = scan_mrz(image, mrz_engine, full_page_fallback=False).result
    assert result is not None and result.lines == doc.lines
    assert result.fields["document_number"].valid and result.valid


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
