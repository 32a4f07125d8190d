"""The sums row of a tax table whose rate rows did not read."""

import pytest

from .synth import extract

HEAD = ["Burger Bar", "Hauptstr. 5, 10115 Berlin", ("Cheese Burger", "45,00"), ("Pommes", "35,00")]
PAID = [("Zu zahlen EUR", "80,00")]


def table(heading, garbled, sums):
    return [*HEAD, *PAID, heading, *garbled, sums, "Vielen Dank"]


# the rate rows of a faint print, misread past use ("B0 198 7.18 37,02 45,00")
GARBLED = [[("B0", 20), ("198", 120), ("7.18", 220), ("37,02", 320), ("45,00", 420)],
           [("78", 20), ("2.20", 220), ("32,72", 320), ("35.00", 420)]]  # fmt: skip


def row(*cells):
    return [(cell, 20 + 100 * i) for i, cell in enumerate(cells)]


@pytest.mark.parametrize(
    ("heading", "sums", "tax", "net"),
    [
        # the heading's order: tax, net, gross ("MwSt" read "MuSt")
        (
            row("MuSt. EUR", "Netto EUR", "Brutto EUR"),
            row("Gesant", "9,46", "70,54", "80,00"),
            "9.46",
            "70.54",
        ),
        # net before tax
        (
            row("Code", "%", "Net Amt", "GST", "Total"),
            row("Total", "70,54", "9,46", "80,00"),
            "9.46",
            "70.54",
        ),
        # the rate's column first, named with the tax's word
        (row("MwSt.%", "Netto", "MwSt.", "Brutto"), row("Summe", "70,54", "9,46", "80,00"), "9.46", "70.54"),
        # the rate's column named with the tax's word, its "%" unread
        (
            row("Steuer", "Netto", "Steuer", "Brutto"),
            [("Gesamtbetrag", 20), ("70,54", 220), ("9,46", 320), ("80,00", 420)],
            "9.46",
            "70.54",
        ),
        # no order said: the smaller is the tax
        (row("Satz", "Netto", "Brutto"), row("Gesamt", "70,54", "9,46", "80,00"), "9.46", "70.54"),
    ],
)
def test_the_sums_row_of_a_table_whose_rates_did_not_read(heading, sums, tax, net):
    got = extract(table(heading, GARBLED, sums))
    assert got["total"]["value"] == "80.00"
    assert (got["tax"]["value"], got["net"]["value"]) == (tax, net)
    assert got["tax"]["confidence"] < 0.7  # worked out from a sum, the rates unread
    assert got["tax_lines"] == []


@pytest.mark.parametrize(
    "sums",
    [
        row("Gesamt", "9,46", "70,50", "80,00"),  # does not add up
        row("Gesamt", "9,46", "70,54", "79,96"),  # adds up to another amount than the total
        row("Kunden", "9,46", "70,54", "80,00"),  # not a sums row
    ],
)
def test_no_tax_from_a_row_that_does_not_sum_the_total(sums):
    got = extract(table(row("MwSt", "Netto", "Brutto"), GARBLED, sums))
    assert got["tax"]["value"] is None
    assert got["net"]["value"] is None


# a supermarket's table, its 19 % row unread and its 7 % row read: 12,94 x 7 % = 0,91 checks,
# but 12,94 + 0,91 is not the 19,17 paid; the sums row's 17,41 + 1,76 is
SUPERMARKET = [
    "MARKT 24",
    "Hauptstr. 5, 04109 Leipzig",
    ("Brot", "4,36 A"),
    ("Milch", "14,81 B"),
    ("SUMME EUR", "19,17"),
    row("Steuer %", "Netto", "Steuer", "Brutto"),
    [("A= 19,0%", 20)],
    row("B= 7,0%", "12,94", "0,91", "13,85"),
]


@pytest.mark.parametrize(
    "sums",
    [
        [("Gesamtbetrag", 20), ("17,41", 220), ("1,76", 320), ("19,17", 420)],
        # its gross unread: net and tax still make the total
        [("Gesantbetrag", 20), ("17,41", 220), ("1,76", 320)],
    ],
)
def test_the_sums_row_that_makes_the_total_wins_over_a_rate_row_that_does_not(sums):
    got = extract([*SUPERMARKET, sums, "Vielen Dank"])
    assert got["total"]["value"] == "19.17"
    assert (got["tax"]["value"], got["net"]["value"]) == ("1.76", "17.41")
    assert got["tax_lines"] == []  # the one line read is a part of the tax, not all of it


def test_a_rate_row_that_makes_the_total_is_kept_over_a_sums_row_misread():
    lines = [*SUPERMARKET[:4], ("SUMME EUR", "14,81"), *SUPERMARKET[5:-1]]
    lines += [row("B= 7,0%", "13,84", "0,97", "14,81"), [("Gesamtbetrag", 20), ("13,48", 220), ("1,33", 320)]]
    got = extract([*lines, "Vielen Dank"])
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.97", "13.84")
