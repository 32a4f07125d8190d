"""Dates a receipt prints that are not the sale's: a return deadline in the sentence above
the date's row, or named on its own row."""

from .synth import extract, value


def test_a_return_deadline_the_sentence_above_runs_onto_is_not_the_sale():
    fields = extract(
        [
            "OLD NAVY",
            "12/02/2021",
            ("JEANS", "$29.99"),
            ("TOTAL", "$29.99"),
            "Items purchased between November 24, 2021 and December 24, 2021 may be returned by",
            "January 15, 2022 or up to 45 days from the date of purchase.",
        ]
    )
    assert value(fields, "date") == "2021-12-02"


def test_a_return_deadline_named_on_its_row_is_not_the_sale():
    fields = extract(
        [
            "OLD NAVY",
            "12/02/2021",
            ("JEANS", "$29.99"),
            ("TOTAL", "$29.99"),
            "Return by 01/15/2022 with receipt",
        ]
    )
    assert value(fields, "date") == "2021-12-02"
    fields = extract(
        ["KAUFHAUS", "02.12.2021", ("JEANS", "29,99"), ("SUMME", "29,99"), "Umtausch bis 15.01.2022"]
    )
    assert value(fields, "date") == "2021-12-02"
