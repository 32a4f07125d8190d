"""Receipts in the other languages of Europe: the total's label in Croatian, Czech, Polish,
Swedish, Danish, Finnish, Estonian, Lithuanian, Hungarian and Slovenian; a Croatian tax table
headed in words the rows do not repeat; the amount paid where the tax table vouches for it and
the total's own figure was misread."""

import pytest

from .synth import extract, lines_of, value


@pytest.mark.parametrize(
    "label",
    [
        "Ukupno: KN",  # Croatian, Serbian, Bosnian
        "Za platiti",
        "Celkem Kč",  # Czech
        "K úhradě",
        "Razem PLN",  # Polish
        "Do zapłaty",
        "Suma PLN",
        "Att betala",  # Swedish
        "Summa SEK",
        "I alt",  # Danish
        "At betale",
        "Å betale",  # Norwegian
        "Spolu EUR",  # Slovak
        "Yhteensä",  # Finnish
        "Kokku",  # Estonian
        "Iš viso",  # Lithuanian
        "Összesen",  # Hungarian
        "Skupaj",  # Slovenian
    ],
)
def test_the_totals_label_in_another_european_language(label):
    fields = extract(
        [
            "Bistro Kod Mosta",
            "Obala 12, 21000 Split",
            ("Torta", "80,00"),
            ("Popust", "-20,50"),
            (label, "59,50"),
            "28.08.2021 19:27",
        ]
    )
    # the largest amount is an item's, before the discount: only the label names the total
    assert value(fields, "total") == "59.50"


@pytest.mark.parametrize("net_label", ["Celkem bez DPH", "Ukupno bez PDV"])
def test_the_total_without_tax_is_the_net_not_the_total(net_label):
    fields = extract(
        [
            "Bageterie Praha",
            "Vodičkova 12, 110 00 Praha",
            ("Bageta", "150,00"),
            ("Limonáda", "50,00"),
            ("Celkem", "200,00"),
            (net_label, "178,57"),
            ("DPH 12%", "21,43"),
            "12.03.2024 10:15",
        ]
    )
    assert value(fields, "total") == "200.00"
    assert value(fields, "subtotal") == "178.57"


def test_the_total_of_a_tax_is_no_total():
    fields = extract(
        [
            "Bistro Kod Mosta",
            "Obala 12, 21000 Split",
            ("Pivo", "40,00"),
            ("Lignje", "70,00"),
            ("Ukupno: KN", "110,00"),
            [("Porez", 20), ("Stopa", 160), ("Osnovica", 300), ("Iznos", 470)],
            [("PDV", 20), ("13.0%", 160), ("97,35", 300), ("12,65", 470)],
            ("Ukupno porez", "12,65"),
            "28.08.2021 19:27",
        ]
    )
    assert value(fields, "total") == "110.00"
    assert value(fields, "tax") == "12.65"


def test_a_tax_table_headed_in_croatian_and_the_card_paying_what_it_vouches_for():
    # the heading names the columns (rate, base, tax) and the row repeats no tax word; the
    # total's own figure misread (520,03 for 520,83): the card paid base + tax to the cent
    fields = extract(
        [
            "INA - INDUSTRIJA NAFTE, d.d.",
            "Zagreb, Av. V. Holjevca 10",
            ("EURODIZEL 49,84 l x 10,45", "520,83"),
            ("ZA PLATITI", "520,03 kn"),
            ("kartica-MasterCard", "520,83 kn"),
            [("stopa", 20), ("osnovica", 200), ("iznos poreza", 400)],
            [("25,00 %", 20), ("416,66 kn", 200), ("104,17 kn", 400)],
            "03.09.2021. u 10:47",
        ]
    )
    assert lines_of(fields) == [("25", "416.66", "104.17")]
    assert value(fields, "tax") == "104.17"
    assert value(fields, "total") == "520.83"


@pytest.mark.parametrize(
    ("cash", "change"),
    [("Gotovina", "Povrat"), ("Gotówka", "Reszta"), ("Kontant", "Växel"), ("Käteinen", "Vaihtoraha")],
)
def test_cash_and_change_in_another_european_language_are_no_total(cash, change):
    # the total under a label no rule knows: the cash handed over, the largest amount, is not it
    fields = extract(
        [
            "Bistro Kod Mosta",
            "Obala 12, 21000 Split",
            ("Kava", "12,00"),
            ("Sendvič", "38,50"),
            ("Voda", "9,00"),
            ("Sveukupno", "59,50"),
            (cash, "100,00"),
            (change, "40,50"),
            "28.08.2021 19:27",
        ]
    )
    assert value(fields, "total") == "59.50"


@pytest.mark.parametrize(
    ("name", "town"),
    [("MVA", "0150 Oslo"), ("ÁFA", "1051 Budapest"), ("DDV", "1000 Ljubljana"), ("PVN", "1050 Rīga")],
)
def test_the_value_added_tax_by_its_norwegian_hungarian_slovenian_and_latvian_name(name, town):
    fields = extract(
        [
            "Kafe Sentrum",
            f"Storgata 1, {town}",
            ("Kaffe", "40,00"),
            ("Bolle", "35,00"),
            ("Total", "75,00"),
            (f"{name} 25%", "15,00"),
            "12.03.2024 10:15",
        ]
    )
    assert value(fields, "tax") == "15.00"


def test_mwst_read_as_must_beside_its_rate_is_a_tax_row():
    got = extract(
        [
            "La Grotta",
            ("Pizza", "33,30"),
            ("Wein", "9,40"),
            ("Total", "42,70 Euro"),
            ("Nettoumsatz", "39,02 Euro"),
            ("Verkäufe 19% inkl.", "9,40 Euro"),
            ("Mwst 19%", "1,50 Euro"),
            ("Verkäufe 7% inkl.", "33,30 Euro"),
            ("Must 7%", "2,18 Euro"),
            "17.07.2021 21:40",
        ],
        locale="de_DE",
    )
    assert (got["tax"]["value"], got["net"]["value"]) == ("3.68", "39.02")
    assert sorted(lines_of(got)) == [("19", None, "1.50"), ("7", None, "2.18")]


def test_the_word_must_is_no_tax():
    got = extract(["Corner Deli", ("Sandwich", "8.50"), "Card holder must sign", ("TOTAL", "8.50")])
    assert got["tax"]["value"] is None and got["tax_lines"] == []


def test_croatian_vat_and_nil_consumption_tax_printed_as_one_rate():
    got = extract(
        [
            "CAFFE SLASTIČARNA ZAGREB",
            ("2 LATE MACCHIATO 16,00", "32,00"),
            ("1 CHOCO BANANA 40,00", "40,00"),
            ("Ukupno:", "72,00 kn"),
            [("PDV(%)", 20), ("Osnovica", 150), ("PP", 280), ("Iznos", 400)],
            [("13+0", 20), ("35,40", 150), ("0,00", 280), ("4,60", 400)],
            [("25+0", 20), ("25,60", 150), ("0,00", 280), ("6,40", 400)],
            "28.08.2021. 10:12",
        ],
        locale="hr_HR",
    )
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("72.00", "11.00", "61.00")
    assert lines_of(got) == [("13", "35.40", "4.60"), ("25", "25.60", "6.40")]


def test_the_taxes_summed_are_more_than_the_rate_rows_read():
    # a third rate row went unread: the printed sum of the taxes is the tax, not the two lines
    got = extract(
        [
            "KONOBA",
            ("UKUPNO KN:", "394,00"),
            [("POREZ", 20), ("OSNOVICA", 150), ("IZNOS POREZA", 400)],
            [("13.00+0.00", 20), ("278.76", 150), ("36.24", 400)],
            [("25.00+0.00", 20), ("20.00", 150), ("5.00", 400)],
            ("Ukupno porez:", "53.05"),
            "06.09.2021 13:40",
        ],
        locale="hr_HR",
    )
    assert got["tax"]["value"] == "53.05"


def test_italian_totale_is_a_word_of_its_own_not_an_english_total_and_a_word_in_e():
    from ocr_service.receipt import labels as L

    for label in ("TOTALE", "TOTALE COMPLESSIVO", "TOTALE EURO", "TOTALE EUR"):
        assert L.GRAND in L.classify(label), label
    # points earned ("Total eV"), a dine-in count: totals of something else, not the amount to pay
    for label in ("Total eV:", "Total (Eat In)"):
        assert L.GRAND not in L.classify(label), label
