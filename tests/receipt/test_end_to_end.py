"""Rendered receipt -> real OCR engine -> fields."""

import pytest

from ocr_service.receipt import extract_receipt_fields, looks_like_receipt

from .render import render_receipt

ROWS = [
    "HARBOUR VIEW CAFE SDN BHD",
    "(1234567-K)",
    "12 JALAN PANTAI, 10050 PENANG",
    "TEL: 04-263 8890",
    "",
    ("Receipt No: R-004512", ""),
    ("Date: 21/08/2018 13:45", ""),
    "",
    ("NASI LEMAK", "12.50"),
    ("TEH TARIK x2", "7.00"),
    ("ROTI CANAI", "3.20"),
    "",
    ("SUBTOTAL", "22.70"),
    ("SST 6%", "1.36"),
    ("ROUNDING", "-0.01"),
    ("TOTAL RM", "24.05"),
    ("CASH", "50.00"),
    ("CHANGE", "25.95"),
    "",
    "THANK YOU, PLEASE COME AGAIN",
]


@pytest.mark.parametrize("angle", [0.0, 2.0])
def test_rendered_receipt_end_to_end(receipt_engine, angle):
    image = render_receipt(ROWS, angle=angle)
    lines = receipt_engine.ocr(image)
    assert looks_like_receipt(lines) > 0.8
    fields = extract_receipt_fields(lines, page_height=image.shape[0])
    assert fields["total"]["value"] == "24.05"
    assert fields["date"]["value"] == "2018-08-21"
    vendor = "".join(ch for ch in (fields["vendor"]["value"] or "").upper() if ch.isalnum())
    assert vendor == "HARBOURVIEWCAFESDNBHD"
    assert fields["currency"]["value"] == "MYR"
    assert fields["subtotal"]["value"] == "22.70"
    assert fields["tax"]["value"] == "1.36"
    assert fields["total"]["confidence"] > 0.5


GERMAN_ROWS = [
    "Backhaus Sonne",
    "Hauptstr. 5",
    "10115 Berlin",
    "",
    ("Datum: 14.03.2024 10:42", ""),
    ("Brot", "3,49 B"),
    ("Kaffee", "12,99 A"),
    ("Wein", "6,46 A"),
    ("SUMME EUR", "22,94"),
    ("BAR", "30,00"),
    ("RUECKGELD", "7,06"),
    "",
    [("MwSt", 20), ("Netto", 170), ("MwSt", 300), ("Brutto", 430)],
    [("A 19%", 20), ("16,35", 170), ("3,10", 300), ("19,45", 430)],
    [("B 7%", 20), ("3,26", 170), ("0,23", 300), ("3,49", 430)],
    "",
    "USt-IdNr.: DE123456789",
]


def test_rendered_german_receipt_with_a_tax_table(receipt_engine):
    image = render_receipt(GERMAN_ROWS)
    lines = receipt_engine.ocr(image)
    fields = extract_receipt_fields(lines, page_height=image.shape[0])
    assert fields["total"]["value"] == "22.94"
    assert fields["tax"]["value"] == "3.33"
    assert fields["net"]["value"] == "19.61"
    assert [(ln["rate"], ln["base"], ln["amount"]) for ln in fields["tax_lines"]] == [
        ("19", "16.35", "3.10"),
        ("7", "3.26", "0.23"),
    ]
    assert fields["vendor_vat"]["value"] == "DE123456789"
    assert fields["date"]["value"] == "2024-03-14"
    assert fields["currency"]["value"] == "EUR"
