"""Dates as receipts of other countries print them, and a ticket's or an order's other days:
Taiwan's years of the Republic, Sweden's year first, the day a ticket was sold beside the day
of its journey. Each is read right, or below the confidence the addon fills in (0.8)."""

from ocr_service.receipt.dates import find_dates

from .synth import extract

FILL = 0.8


def date(rows, locale=None):
    got = extract(rows, locale)["date"]
    return got["value"], got["confidence"]


# -- a date inside a longer number ---------------------------------------------------------------
def test_a_date_does_not_start_inside_a_three_digit_number():
    # "113/03/15" is no "13/03/15": the day glued to a number needs two digits before it at least
    assert find_dates("Date 113/03/15 12:05") == []
    assert [d.date.isoformat() for d in find_dates("18:1524/05/18")] == ["2018-05-24"]


TAIWAN = [
    "STARBUCKS TAIPEI 101",
    "Xinyi Dist., Taipei City",
    "Tax ID 97162640",
    "Date 113/03/15 12:05",
    "Order #1234",
    ("LATTE GRANDE", "NT$ 150.00"),
    ("MUFFIN", "NT$ 85.00"),
    ("TOTAL", "NT$ 235.00"),
    ("CASH", "NT$ 300.00"),
]


def test_a_taiwanese_receipt_counts_the_years_of_the_republic(today):
    assert date(TAIWAN)[0] == "2024-03-15"


def test_a_three_digit_year_elsewhere_is_no_date(today):
    got, conf = date(["CORNER SHOP", "Date 113/03/15 12:05", ("COFFEE", "45.00"), ("TOTAL", "45.00")])
    assert got is None or conf < FILL
