"""A date whose digit the recogniser read unsurely (a faded digit, read as another) is not
vouched for: the date still parses and looks right, so only the recogniser's certainty of each
character (``Line.chars``) can say it may be wrong."""

from __future__ import annotations

from ocr_service.engines import Line
from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.layout import group_rows
from ocr_service.receipt.sale_date import choose_date

from .synth import receipt

DATED = "DATE: 25/12/2018 8:13 PM"


def _with_chars(lines: list[Line], worn: dict[str, int] | None = None) -> list[Line]:
    """Every character read at 0.99; in the line of each text in ``worn``, the character at its
    index read at 0.45."""
    for ln in lines:
        ln.chars = [0.99] * len(ln.text)
        if worn and ln.text in worn:
            ln.chars[worn[ln.text]] = 0.45
    return lines


def _rows(texts: list, worn: dict[str, int] | None = None):
    lines, _, _ = receipt(texts)
    return group_rows(_with_chars(lines, worn))


def test_sureness_is_the_least_sure_letter_or_digit_of_a_span():
    (row,) = _rows([DATED], {DATED: DATED.index("2018") + 3})
    start = row.text.index("25/12/2018")
    assert row.sureness(start, start + len("25/12/2018")) == 0.45
    assert row.sureness(start, start + len("25/12/201")) == 0.99  # the worn digit left out
    assert row.sureness(0, 5) == 0.99
    row.lines[0].chars[4] = 0.2  # the colon: punctuation does not count
    assert row.sureness(0, 6) == 0.99


def test_sureness_crosses_the_lines_of_a_row_and_is_unknown_where_one_does_not_tell():
    (row,) = _rows([[("DATE:", 20), ("25/12/2018", 200)]], {"25/12/2018": 9})
    assert row.texts == ["DATE:", "25/12/2018"]
    assert row.sureness(0, len(row.text)) == 0.45
    assert row.sureness(0, 5) == 0.99
    row.lines[0].chars = None  # a line of a PDF's text layer
    assert row.sureness(0, len(row.text)) is None
    assert row.sureness(6, len(row.text)) == 0.45  # only the line that tells is crossed
    row.texts[1] = "25/12/2O18"  # a text no longer as read
    assert row.sureness(6, len(row.text)) is None


def test_a_worn_digit_lowers_the_dates_confidence_in_proportion():
    year = DATED.index("2018") + 3
    clear = choose_date(_rows(["SHOP SDN BHD", DATED, "TOTAL 12.00"]), None)
    worn = choose_date(_rows(["SHOP SDN BHD", DATED, "TOTAL 12.00"], {DATED: year}), None)
    time = choose_date(_rows(["SHOP SDN BHD", DATED, "TOTAL 12.00"], {DATED: DATED.index("8:13")}), None)
    assert clear[0] == worn[0] == time[0] == "2018-12-25"
    assert abs(worn[1] - clear[1] * 0.45 / 0.9) < 1e-9
    assert worn[2] and not clear[2] and not time[2]  # under 0.8: a guess, a person checks it
    assert time[1] == clear[1]  # a worn digit of the time is not the date's
    unknown = choose_date(group_rows(receipt(["SHOP SDN BHD", DATED, "TOTAL 12.00"])[0]), None)
    assert unknown[1] == clear[1]  # lines that do not tell: as before


def test_a_date_printed_again_clearly_is_as_sure_as_that_printing():
    again = "Printed 25/12/2018 20:14"
    texts = ["SHOP SDN BHD", DATED, "TOTAL 12.00", again]
    clear = choose_date(_rows(texts), None)
    worn_once = choose_date(_rows(texts, {DATED: DATED.index("2018") + 3}), None)
    worn_twice = choose_date(_rows(texts, {DATED: DATED.index("2018") + 3, again: again.index("2018")}), None)
    assert clear[0] == worn_once[0] == worn_twice[0] == "2018-12-25"
    assert worn_once[1] == clear[1]
    assert worn_twice[1] < 0.6 * clear[1]


def test_a_worn_date_is_returned_below_what_the_addon_fills_in():
    texts = [
        "KEDAI ABC SDN BHD",
        "NO 5 JALAN SAGU",
        DATED,
        ("ITEM", "12.00"),
        ("TOTAL", "12.00"),
        ("CASH", "20.00"),
    ]
    clear = extract_receipt_fields(_with_chars(receipt(texts)[0]))
    worn = extract_receipt_fields(_with_chars(receipt(texts)[0], {DATED: DATED.index("2018") + 3}))
    assert clear["date"]["value"] == worn["date"]["value"] == "2018-12-25"
    assert clear["date"]["confidence"] >= 0.9
    assert worn["date"]["confidence"] < 0.8  # the addon's default threshold: a person checks it
    assert worn["total"] == clear["total"]
