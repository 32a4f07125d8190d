"""What the rules only guess is returned below the fill threshold of the addon (0.8), whatever
the calibration map makes of values like it on the benchmark: a person decides."""

import datetime as dt

import pytest

from ocr_service.receipt import dates, sale_date
from ocr_service.receipt.calibration import GUESS_CEILING

from .synth import extract

FILL = 0.8


def test_a_date_whose_order_nothing_settles_is_a_guess():
    got = extract(["CORNER SHOP", "Date: 03/04/2025 10:15", ("TOTAL", "12.50")])
    assert got["date"]["value"] == "2025-04-03"  # day first, as before
    assert got["date"]["confidence"] <= GUESS_CEILING < FILL


def test_a_bare_dollar_sign_hints_the_order_but_does_not_settle_it():
    got = extract(["CORNER SHOP", "Date: 03/04/2025 10:15", ("TOTAL", "$12.50")])
    assert got["date"]["value"] == "2025-03-04"  # month first, as before
    assert got["date"]["confidence"] < FILL


@pytest.mark.parametrize(
    ("rows", "date"),
    [
        # a printed currency settles it
        (["CORNER SHOP", "Date: 03/04/2025 10:15", ("TOTAL EUR", "12.50")], "2025-04-03"),
        # a date that cannot be read the other way needs no settling
        (["CORNER SHOP", "Date: 23/04/2025 10:15", ("TOTAL", "12.50")], "2025-04-23"),
    ],
)
def test_a_settled_date_keeps_its_confidence(rows, date):
    got = extract(rows)
    assert got["date"]["value"] == date
    assert got["date"]["confidence"] >= FILL


def test_two_digit_parts_that_may_be_read_year_first_are_a_guess(monkeypatch):
    # "25-11-26": 25 November 2026 in Europe, 26 November 2025 in Korea; nothing here says which
    monkeypatch.setattr(sale_date, "latest_possible", lambda: dt.date(2026, 12, 5))
    got = extract(["CORNER SHOP", "Date: 25-11-26 10:15", ("TOTAL", "12.50")])
    assert got["date"]["value"] == "2026-11-25"  # day first, as before
    assert got["date"]["confidence"] <= GUESS_CEILING < FILL


@pytest.mark.parametrize(
    ("rows", "locale", "date"),
    [
        # a currency whose country writes the day first
        (["CORNER SHOP", "Date: 25-11-26 10:15", ("TOTAL EUR", "12.50")], None, "2026-11-25"),
        # the receipt's own four-digit date of its time
        (
            ["CORNER SHOP", "Date: 25-11-26 10:15", "Valid until 25.12.2026", ("TOTAL", "12.50")],
            None,
            "2026-11-25",
        ),
        # a currency whose country writes the year first
        (["CORNER SHOP", "Date: 25-11-26 10:15", ("TOTAL KRW", "12500")], None, "2025-11-26"),
        # the locale, before the currency
        (["CORNER SHOP", "Date: 25-11-26 10:15", ("TOTAL EUR", "12.50")], "ko_KR", "2025-11-26"),
        # a year-first reading after tomorrow is none: "30-11-26" is 30 November 2026
        (["CORNER SHOP", "Date: 30-11-26 10:15", ("TOTAL", "12.50")], None, "2026-11-30"),
    ],
)
def test_year_first_settled(rows, locale, date, monkeypatch):
    monkeypatch.setattr(sale_date, "latest_possible", lambda: dt.date(2026, 12, 5))
    monkeypatch.setattr(dates, "latest_possible", lambda: dt.date(2026, 12, 5))
    got = extract(rows, locale=locale)
    assert got["date"]["value"] == date
    assert got["date"]["confidence"] >= FILL


def test_eight_bare_digits_day_and_month_either_way_are_a_guess():
    got = extract(["CORNER SHOP", "Bon 11052025", ("TOTAL", "12.50")])
    assert got["date"]["value"] == "2025-05-11"  # day first, as before
    assert got["date"]["confidence"] <= GUESS_CEILING < FILL
    got = extract(["CORNER SHOP", "Bon 11052025", ("TOTAL EUR", "12.50")])
    assert got["date"]["value"] == "2025-05-11"
    assert got["date"]["confidence"] >= FILL
    got = extract(["CORNER SHOP", "Bon 20250511", ("TOTAL", "12.50")])  # year first: one reading
    assert got["date"]["value"] == "2025-05-11"
    assert got["date"]["confidence"] >= FILL


@pytest.mark.parametrize(
    "rows",
    [
        # no total label: the amount repeated most, the largest
        [
            "SHOP",
            "Date: 20.11.2025",
            ("BREAD", "4.20"),
            ("COFFEE", "20.66"),
            ("CASH", "50.00"),
            ("CHANGE", "25.14"),
        ],
        ["SHOP", "Date: 20.11.2025", ("Coffee", "3.50"), ("Cake", "4.00"), ("Cash", "10.00")],
        # a lone subtotal
        ["SHOP", "Date: 20.11.2025", ("Subtotal", "10.00"), ("VISA", "10.80")],
    ],
)
def test_an_unlabelled_total_guessed_is_below_the_fill_threshold(rows):
    got = extract(rows)
    assert got["total"]["value"] is not None
    assert got["total"]["confidence"] < FILL


def test_a_labelled_total_keeps_its_confidence():
    got = extract(["SHOP", "Date: 20.11.2025", ("BREAD", "4.20"), ("TOTAL", "4.20"), ("CASH", "5.00")])
    assert got["total"]["value"] == "4.20"
    assert got["total"]["confidence"] >= FILL


@pytest.mark.parametrize(
    ("rows", "locale"),
    [
        (
            [
                "BAECKEREI MUELLER GMBH",
                "Datum: 05.11.2026 10:15",
                ("SUMME EUR", "12.50"),
                "Umtausch bis 10.12.2026",
            ],
            "de_DE",
        ),
        (["JOE'S DINER", "Date: 11/05/2026 10:15", ("TOTAL", "$12.50"), "Return by 12/10/2026"], "en_US"),
    ],
)
def test_a_deadline_after_tomorrow_does_not_turn_the_sale_date(rows, locale, monkeypatch):
    """A deadline read the other way round because it lies ahead is no evidence of the order."""
    monkeypatch.setattr(sale_date, "latest_possible", lambda: dt.date(2026, 12, 5))
    assert extract(rows, locale=locale)["date"]["value"] == "2026-11-05"


def test_a_servers_name_spelling_a_currency_code_is_no_currency():
    rows = ["JOE'S DINER", "123 MAIN ST", "Server: RON", "Date: 11/20/2026 10:15", ("TOTAL", "$12.50")]
    assert extract(rows)["currency"]["value"] == "USD"
    assert extract(["BRASOV SRL", ("TOTAL", "12.50 RON")])["currency"]["value"] == "RON"
