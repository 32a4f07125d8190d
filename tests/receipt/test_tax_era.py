"""A date before the tax its receipt charges existed (Malaysia's GST from April 2015, India's
from July 2017) is a misread year: never vouched for, mended where one look-alike digit gives a
year of the tax."""

import pytest

from .synth import extract, value

FILL = 0.8


def _malaysian(date_row: str, tax_row: str = "GST @6% 1.15", tax_id: str = "GST ID : 000123456789") -> dict:
    return extract(
        [
            "KEDAI MAJU SDN BHD",
            "(123456-X)",
            tax_id,
            date_row,
            ("NASI LEMAK", "RM 20.40"),
            tax_row,
            ("TOTAL", "RM 20.40"),
        ]
    )


@pytest.mark.parametrize("row", ["04-05-2013 16:07", "15-03-13 15:41", "Date: 04/05/2013"])
def test_a_malaysian_gst_receipt_of_2013_was_printed_in_2018(row):
    """An 8 whose left half is faint reads as a 3: before, "2013" was returned at 0.97."""
    fields = _malaysian(row)
    assert value(fields, "date")[:4] == "2018"
    assert fields["date"]["confidence"] < FILL


def test_a_year_no_look_alike_mends_is_a_guess():
    fields = _malaysian("04-05-2012 16:07")
    assert value(fields, "date") == "2012-05-04"
    assert fields["date"]["confidence"] < FILL


def test_a_malaysian_gst_receipt_of_its_own_years_is_vouched_for():
    fields = _malaysian("04-05-2016 16:07")
    assert value(fields, "date") == "2016-05-04"
    assert fields["date"]["confidence"] >= FILL


def test_a_malaysian_receipt_without_gst_keeps_its_year():
    fields = _malaysian("04-05-2013 16:07", tax_row="SERVICE TAX 5% 1.00", tax_id="Tel: 03-1234 5678")
    assert value(fields, "date") == "2013-05-04"
    assert fields["date"]["confidence"] >= FILL


def test_singapore_charged_gst_long_before():
    fields = extract(
        [
            "KOPI HOUSE PTE LTD",
            "GST Reg No: M2-1234567-8",
            "04-05-2013 16:07",
            ("KAYA TOAST", "S$ 4.40"),
            ("GST 7%", "0.29"),
            ("TOTAL", "S$ 4.40"),
        ]
    )
    assert value(fields, "date") == "2013-05-04"
    assert fields["date"]["confidence"] >= FILL


def test_an_indian_gst_receipt_before_july_2017_is_a_guess():
    rows = [
        "SHREE BHAVAN",
        "GSTIN: 29ABCDE1234F1Z5",
        "Date: 12/03/2013",
        ("MASALA DOSA", "₹ 120.00"),
        ("CGST 2.5%", "3.00"),
        ("SGST 2.5%", "3.00"),
        ("TOTAL", "₹ 126.00"),
    ]
    fields = extract(rows)
    assert value(fields, "date") == "2018-03-12"
    assert fields["date"]["confidence"] < FILL
    rows[2] = "Date: 12/03/2019"
    fields = extract(rows)
    assert value(fields, "date") == "2019-03-12"
    assert fields["date"]["confidence"] >= FILL
