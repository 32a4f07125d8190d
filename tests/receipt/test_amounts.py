from decimal import Decimal

import pytest

from ocr_service.receipt.amounts import format_amount, money_amounts, parse_amounts


def vals(text, locale=None):
    return [a.value for a in money_amounts(text, locale)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TOTAL 9.00", [Decimal("9.00")]),
        ("1,234.56", [Decimal("1234.56")]),
        ("1.234,56", [Decimal("1234.56")]),
        ("12,50", [Decimal("12.50")]),
        ("1'234.50", [Decimal("1234.50")]),
        ("RM367.10", [Decimal("367.10")]),
        ("$8.20", [Decimal("8.20")]),
        ("EUR 12,99", [Decimal("12.99")]),
        ("ROUNDING -0.02", [Decimal("-0.02")]),
        ("DISCOUNT (1.50)", [Decimal("-1.50")]),
        ("CHANGE .00", [Decimal("0.00")]),
        ("2 x 1.80 3.60", [Decimal("1.80"), Decimal("3.60")]),
    ],
)
def test_money_in_both_separator_conventions(text, expected):
    assert vals(text) == expected


def test_not_money():
    assert vals("25/12/2018 8:13:39 PM") == []
    assert vals("GST 6%") == []
    assert vals("Umsatzsteuer 19,00 % auf") == []  # a rate set apart from its sign
    assert vals("MwSt 19,00    %") == []
    assert vals("Tel 03-7731 8169") == []
    assert vals("9556939040116") == []
    assert vals("T02 A10") == []


def test_cents_after_a_misread_point_are_no_amount_of_their_own():
    # "57.15" read as "5:.15": the amount is unread, not 0.15
    assert vals("Total 5:.15") == []
    assert vals("Total 5;.15") == []
    # cents printed alone after a label's colon are an amount
    assert vals("CHANGE: .00") == [Decimal("0.00")]


def test_three_decimals_follow_the_locale():
    (us,) = parse_amounts("1.234")
    assert us.value == Decimal("1.234") and not us.money_like
    (de,) = parse_amounts("1.234", "de_DE")
    assert de.value == Decimal("1234")
    (grouped,) = parse_amounts("1,234")
    assert grouped.value == Decimal("1234")


def test_format_amount():
    assert format_amount(Decimal("9")) == "9.00"
    assert format_amount(Decimal("1234.5")) == "1234.50"


def test_the_ringgit_sign_with_a_one_read_as_a_letter():
    assert vals("AMT PAID incL GST: RMI11.90") == [Decimal("111.90")]
    assert vals("TOTAL RMl2.50") == [Decimal("12.50")]
    # a code glued to a letter stays no amount
    assert vals("SKU FIRMI11.90") == []


def test_a_bare_fraction_after_a_word_is_its_abbreviation_point_not_an_amount():
    # "Total Incl.6% GST RM 15.00" read "Incl.68": no amount of 0.68 on the row
    assert vals("Total Incl.68 GST RM 15.00") == [Decimal("15.00")]
    assert vals("ABC.50 1.00") == [Decimal("1.00")]
    # after a currency, or alone, it is an amount whose leading zero was not printed
    assert vals("TOTAL RM.50") == [Decimal("0.50")]
    assert vals("CHANGE .00") == [Decimal("0.00")]
    assert vals("EUR.50") == [Decimal("0.50")]
