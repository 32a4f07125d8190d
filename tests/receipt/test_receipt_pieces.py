"""A long receipt cut in two, its pieces laid side by side on the scanner: read by the real
engine, the page gives what the whole receipt gives. Read as it lay, each row joined a line of
one piece to a line of the other."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_service.receipt import extract as E
from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.pieces import in_reading_order, read_in_order

from .render import render_receipt

LONG = [
    "Drogerie Sonnenschein",
    "Lindenstr. 14, 50674 Koeln",
    "USt-IdNr. DE219876543",
    "",
    ("Datum: 12.10.2026 17:41", ""),
    ("Bon 48213", ""),
    "",
    ("Zahnpasta", "2,45"),
    ("Duschgel", "1,95"),
    ("Shampoo", "3,25"),
    ("Taschentuecher", "1,15"),
    ("Handcreme", "4,95"),
    ("Waschmittel", "8,45"),
    ("Spuelmittel", "1,65"),
    ("Wattepads", "1,25"),
    ("Sonnencreme", "9,95"),
    ("Pflaster", "2,75"),
    "",
    ("SUMME EUR", "37,80"),
    ("Bar", "50,00"),
    ("Rueckgeld", "12,20"),
    "",
    ("MwSt 19%", "6,04"),
    "",
    "Vielen Dank fuer Ihren Einkauf",
]


def _side_by_side(a: np.ndarray, b: np.ndarray, gap: int = 80) -> np.ndarray:
    page = np.full((max(a.shape[0], b.shape[0]), a.shape[1] + gap + b.shape[1], 3), 255, np.uint8)
    page[: a.shape[0], : a.shape[1]] = a
    page[: b.shape[0], a.shape[1] + gap :] = b
    return page


def _values(fields: dict) -> dict:
    return {
        name: (fields[name]["value"], fields[name]["confidence"] >= 0.8)
        for name in ("total", "date", "vendor")
    }


@pytest.mark.parametrize("cut", [14, 18])
def test_a_receipt_cut_in_two_and_laid_side_by_side_reads_as_the_whole(receipt_engine, cut, monkeypatch):
    whole = render_receipt(LONG)
    want = _values(extract_receipt_fields(receipt_engine.ocr(whole)))
    assert want["total"] == ("37.80", True) and want["date"] == ("2026-10-12", True)
    lines = receipt_engine.ocr(_side_by_side(render_receipt(LONG[:cut]), render_receipt(LONG[cut:])))
    assert in_reading_order(lines) is not None
    assert _values(extract_receipt_fields(lines)) == want
    # read as the page lies, the rows join the pieces: the cash handed over (50.00) or the total
    # only guessed, not the whole receipt's reading
    monkeypatch.setattr(E, "read_in_order", lambda lines, height, read, guesses: read(lines, height))
    assert _values(extract_receipt_fields(lines))["total"] != want["total"]


def test_a_receipt_and_its_own_price_column_is_no_pair_of_pieces(receipt_engine):
    """Labels at the left, prices at the right with a wide gap between: the prices have no words,
    the labels no amounts."""
    rows = [("Drogerie Sonnenschein", ""), ("Datum: 12.10.2026", "")] + [
        (label, "") for label in ("Zahnpasta", "Duschgel", "Shampoo", "Handcreme", "SUMME EUR")
    ]
    labels = render_receipt(rows, width=420)
    prices = render_receipt(
        [("", ""), ("", "")] + [("", p) for p in ("2,45", "1,95", "3,25", "4,95", "12,60")], width=200
    )
    assert in_reading_order(receipt_engine.ocr(_side_by_side(labels, prices, gap=160))) is None


def test_the_reading_in_order_is_kept_only_when_its_total_is_as_sure():
    """A page of two columns that is no cut receipt (an invoice's address blocks, a folio's
    tables) reads best as it lies: the reading in the pieces' order is kept only when its total
    is at least as sure, and never when the rules only guessed it."""
    from tests.receipt import synth

    items = [("Brot", "2,40"), ("Milch", "1,20"), ("Butter", "2,10"), ("Kaese", "3,30"), ("Eier", "2,50")]
    left = synth.receipt([*items, ("Wurst", "4,10")])[0]
    right = [
        synth.line(t, 700, 20 + 30 * i)
        for i, t in enumerate(["Apfel 1,10", "Birne 1,30", "Saft 2,20", "Tee 2,90", "Reis 1,80", "Mehl 0,90"])
    ]
    lines = left + right
    assert in_reading_order(lines) is not None
    sure = {"total": {"value": "1", "confidence": 0.9}}
    unsure = {"total": {"value": "2", "confidence": 0.4}}

    def read(order_first, order_second):
        return lambda some, height: order_second if some is not lines else order_first

    assert read_in_order(lines, None, read(sure, unsure), lambda out: set()) is sure
    assert read_in_order(lines, None, read(unsure, sure), lambda out: set()) is sure
    guessed = {"total": {"value": "3", "confidence": 0.95}}
    assert (
        read_in_order(lines, None, read(sure, guessed), lambda out: {"total"} if out is guessed else set())
        is sure
    )
