"""The lines that should print a receipt's date, read again when no date was read: from the
page's own pixels, in a plain rectangle and with paper to their right. The first reading's
misreading cannot be made to happen on demand, so the lines it gave are written here; the
second reading is the real recogniser's, of the real page."""

from __future__ import annotations

import dataclasses

import cv2

from ocr_service.config import Settings
from ocr_service.date_look import GUESS, date_look
from ocr_service.engines import Line
from ocr_service.imaging import Limits
from ocr_service.pipeline import process_document
from ocr_service.receipt import extract_receipt_fields
from tests.receipt.render import render_receipt

ROWS = [
    "KEDAI RUNCIT MAJU",
    "No 12 Jalan Besar",
    "",
    ("DATE:", "05/02/2018"),
    ("MILO 1KG", "12.50"),
    ("GULA 2KG", "5.80"),
    "",
    ("TOTAL RM", "18.30"),
    ("CASH", "20.00"),
    ("CHANGE", "1.70"),
]


def _page_and_lines(engine):
    page = render_receipt(ROWS, width=560, size=22)
    lines = engine.ocr(page)
    dated = [line for line in lines if "2018" in line.text]
    assert len(dated) == 1, [line.text for line in lines]  # the page reads its date as printed
    return page, lines, dated[0]


def _misread(lines: list[Line], line: Line, text: str) -> list[Line]:
    return [dataclasses.replace(other, text=text) if other is line else other for other in lines]


def test_a_date_misread_out_of_its_form_is_read_again(engine):
    page, lines, dated = _page_and_lines(engine)
    for broken in ("05 02-2018", "05/00/2018", "05/02/201"):
        first = _misread(lines, dated, broken)
        assert extract_receipt_fields(first, page_height=page.shape[0])["date"]["value"] is None
        again = date_look(page, first, engine)
        fields = extract_receipt_fields(again, page_height=page.shape[0])
        assert fields["date"]["value"] == "2018-02-05", broken
        # a guess: the second reading's own certainty, halved
        new = [line for line in again if "2018" in line.text and line.text != broken]
        assert len(new) == 1 and new[0].confidence <= GUESS
        assert fields["date"]["confidence"] <= GUESS
        # the other lines are the first reading's, untouched
        assert [line for line in again if line is not new[0]] == [
            line for line in first if line.text != broken
        ]


def test_a_date_label_whose_value_went_undetected_is_read_on_to_the_right(engine):
    page, lines, dated = _page_and_lines(engine)
    # the value detected apart from its label, and lost; the label ends its line
    labels = [line for line in lines if line.text.strip().rstrip(":").upper() == "DATE"]
    if labels:
        first = [line for line in lines if line is not dated]
    else:  # label and value read as one line: the label alone kept, its box cut to it
        width = dated.x1 - dated.x0
        label = dataclasses.replace(
            dated, text="DATE:", bbox=[dated.x0, dated.y0, dated.x0 + 0.2 * width, dated.y1]
        )
        first = _misread(lines, dated, "").copy()
        first = [label if line.text == "" else line for line in first]
    assert extract_receipt_fields(first, page_height=page.shape[0])["date"]["value"] is None
    again = date_look(page, first, engine)
    assert extract_receipt_fields(again, page_height=page.shape[0])["date"]["value"] == "2018-02-05"


def test_lines_with_no_broken_date_are_left_as_they_are(engine):
    page, lines, dated = _page_and_lines(engine)
    undated = [line for line in lines if line is not dated and "DATE" not in line.text.upper()]
    assert date_look(page, undated, engine) is undated
    # a reading that gives no date leaves the line as the first reading had it
    blank = page.copy()
    x0, y0, x1, y1 = (int(v) for v in dated.bbox)
    blank[y0:y1, x0:] = 255
    first = _misread(lines, dated, "05 02-2018")
    again = date_look(blank, first, engine)
    assert [line.text for line in again] == [line.text for line in first]


def _limits(**settings) -> Limits:
    return Limits.from_settings(Settings(**settings))


def test_the_service_reads_again_only_a_receipt_without_its_date(engine, monkeypatch):
    page, lines, dated = _page_and_lines(engine)
    data = cv2.imencode(".png", page)[1].tobytes()
    first = _misread(lines, dated, "05 02-2018")
    # the engine's first reading of the page is the misread one; the second reading is real
    monkeypatch.setattr(engine, "ocr", lambda image, *a, **k: [dataclasses.replace(x) for x in first])
    result = process_document(data, "receipt", engine, _limits())
    assert result.fields.date.value == "2018-02-05"
    assert result.fields.date.confidence <= GUESS
    assert "date_look" in result.timings_ms
    assert result.fields.total.value == "18.30"
    off = process_document(data, "receipt", engine, _limits(second_look="off"))
    assert off.fields.date.value is None and "date_look" not in off.timings_ms
    # a receipt whose date was read is not read again
    monkeypatch.setattr(engine, "ocr", lambda image, *a, **k: [dataclasses.replace(x) for x in lines])
    read = process_document(data, "receipt", engine, _limits())
    assert read.fields.date.value == "2018-02-05" and "date_look" not in read.timings_ms
