"""A tax row beside the tax lines whose rate did not read is left out of the tax: the tax is
then not vouched for."""

import pytest

from .synth import extract, lines_of, value

FILL = 0.8

MIGROS = ["MIGROS", "Bahnhofstrasse 10", "8001 Zürich", "15.03.2024 17:45", ("Brot", "3.40"),
          ("Käse", "7.95"), ("Wein", "12.90"), ("Total CHF", "24.25"), ("Karte", "24.25")]  # fmt: skip


@pytest.mark.parametrize("misread", ["MWST 8.18", "MWST 8.1", "MWST"])
def test_a_tax_row_whose_rate_did_not_read_leaves_the_tax_unvouched(misread):
    """A photo read "MWST 8.1%" as "MWST 8.18": before, the other row's 0.28 was the tax at 0.86."""
    fields = extract([*MIGROS, ("MWST 2.6%", "0.28"), (misread, "0.97"), "CHE-105.829.940 MWST"])
    assert fields["tax"]["confidence"] < FILL


def test_both_rates_read_give_both_taxes():
    fields = extract([*MIGROS, ("MWST 2.6%", "0.28"), ("MWST 8.1%", "0.97"), "CHE-105.829.940 MWST"])
    assert value(fields, "tax") == "1.25"
    assert lines_of(fields) == [("2.6", None, "0.28"), ("8.1", None, "0.97")]


@pytest.mark.parametrize(
    "row",
    [
        ("Total MWST", "0.28"),
        ("Taxable Amount", "23.97"),
        ("Steuer 2.6% inkl.", "24.25"),
        ("MWST CHF", "24.25"),
    ],
)
def test_a_row_of_the_tax_itself_its_base_or_its_gross_is_no_tax_left_out(row):
    fields = extract([*MIGROS, ("MWST 2.6%", "0.28"), row])
    assert value(fields, "tax") == "0.28"
    assert fields["tax"]["confidence"] >= FILL
