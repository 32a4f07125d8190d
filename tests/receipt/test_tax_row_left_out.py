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


@pytest.mark.parametrize(
    "rows, tax",
    [
        (["Hotel Bellevue Luzern", "Datum 09.10.2024", ("Logis Doppelzimmer 3", "1'095.00"),
          ("Frühstücksbuffet 3", "114.00"), ("Kurtaxe 3 8.50", "25.50"), ("Total CHF", "1'234.50"),
          ("inkl. MWST 3.8 % (Beherbergung)", "44.26"), ("Bezahlt Mastercard CHF", "1'234.50")], "44.26"),
        (["Hotel Le Marais", "Date 22/05/2024", ("Chambre 2 nuits", "360,00"), ("Taxe de séjour", "5,20"),
          ("Total TTC", "365,20"), ("dont TVA 10 %", "32,73")], "32.73"),
    ],
)  # fmt: skip
def test_a_tourist_levy_is_an_item_of_the_bill_not_its_tax(rows, tax):
    """Before, a hotel's "Kurtaxe 25.50" (and "Taxe de séjour 5,20") was the bill's tax at 0.83."""
    assert value(extract(rows), "tax") == tax


def test_a_folios_tax_of_each_night_is_counted_each_night():
    """Two nights' "Room Tax 17.49% 45.30", one row each day: before, one of them was the tax
    (45.30 at 0.86), as a rate printed twice is one tax."""
    rows = ["Lakeshore Inn Chicago", "600 N Lake Shore Dr, Chicago, IL 60611", "Date 09/18/2024",
            ("09/16 Room", "259.00"), ("09/16 Room Tax 17.49%", "45.30"), ("09/17 Room", "259.00"),
            ("09/17 Room Tax 17.49%", "45.30"), ("09/18 Visa ****4711", "-608.60"), ("Total", "$608.60"),
            ("Balance", "$0.00")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "tax") == "90.60"
    assert lines_of(fields) == [("17.49", None, "45.30"), ("17.49", None, "45.30")]
