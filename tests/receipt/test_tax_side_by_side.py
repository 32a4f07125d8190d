"""Tax rows printed side by side on one row of the page: each rate keeps its own amount."""

from .synth import extract, lines_of, value

HOTEL = ["Hotel Lindenhof", "Lindenplatz 4, 93047 Regensburg", "Rechnung LH-24-4410", "Datum 15.03.2024", "",
         ("Übernachtung Einzelzimmer 3 x 129,00", "387,00"), ("Frühstück 3 x 18,50", "55,50"),
         ("Gesamtbetrag", "442,50 €"), ("Bezahlt Visa", "442,50"), ""]  # fmt: skip


def test_two_rates_side_by_side_are_two_tax_lines():
    """Before, 7 % took the 19 %'s 8,86, and the tax was 8,86 at 0.86 (34,18 printed)."""
    fields = extract([*HOTEL, [("MwSt 7 %", 20), ("25,32", 200), ("MwSt 19 %", 300), ("8,86", 500)]], "de_DE")
    assert lines_of(fields) == [("7", None, "25.32"), ("19", None, "8.86")]
    assert value(fields, "tax") == "34.18"


def test_a_heading_of_rates_is_no_pair_of_rows():
    rows = [*HOTEL, [("7 %", 20), ("19 %", 300)], [("25,32", 200), ("8,86", 500)]]
    fields = extract(rows, "de_DE")
    assert value(fields, "tax") != "8.86" or fields["tax"]["confidence"] < 0.8


def test_two_taxes_side_by_side_one_rate_misread_leave_the_tax_unvouched():
    """A photo read "MwSt 19 %" as "MwSt 19 96": which amount is whose the row cannot tell, and the
    tax was the 19 %'s 8,86 at 0.86."""
    rows = [*HOTEL, [("MwSt 7 %", 20), ("25,32", 200), ("MwSt 19 96", 300), ("8,86", 500)]]
    fields = extract(rows, "de_DE")
    assert value(fields, "tax") in (None, "34.18") or fields["tax"]["confidence"] < 0.8
