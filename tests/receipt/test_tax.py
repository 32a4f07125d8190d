"""Tax lines, net and total tax, read in any column order and checked against each other."""

from decimal import Decimal

import pytest

from ocr_service.engines import Line
from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt import labels as L
from ocr_service.receipt.tax import rate_string, read_line_amounts

from .synth import extract, lines_of, receipt, value


def test_rate_strings_have_a_dot_and_no_trailing_zeros():
    assert rate_string(Decimal("19.00")) == "19"
    assert rate_string(Decimal("5.50")) == "5.5"
    assert rate_string(Decimal("8.875")) == "8.875"
    assert rate_string(Decimal("10")) == "10"


def test_line_amounts_in_any_column_order():
    rate = Decimal(19)
    want = (Decimal("2.34"), Decimal("12.34"), Decimal("14.68"), True)
    for order in (("12.34", "2.34", "14.68"), ("2.34", "12.34", "14.68"), ("14.68", "12.34", "2.34")):
        assert read_line_amounts(rate, [Decimal(v) for v in order]) == want
    # two columns: base and tax, tax and gross
    assert read_line_amounts(rate, [Decimal("12.34"), Decimal("2.34")])[:3] == (
        Decimal("2.34"), Decimal("12.34"), Decimal("14.68"),
    )  # fmt: skip
    assert read_line_amounts(rate, [Decimal("2.34"), Decimal("14.68")])[:3] == (
        Decimal("2.34"), Decimal("12.34"), Decimal("14.68"),
    )  # fmt: skip
    # one amount: the tax of that rate, unchecked
    assert read_line_amounts(rate, [Decimal("2.34")]) == (Decimal("2.34"), None, None, False)


GERMAN = [
    "Backhaus Sonne",
    "Hauptstr. 5, 10115 Berlin",
    ("Brot", "3,49 B"),
    ("Kaffee", "12,99 A"),
    ("Wein", "6,46 A"),
    ("SUMME EUR", "22,94"),
    ("BAR", "30,00"),
    ("RUECKGELD", "7,06"),
    [("MwSt", 20), ("Netto", 200), ("MwSt", 320), ("Brutto", 460)],
    [("A 19%", 20), ("16,35", 200), ("3,10", 320), ("19,45", 460)],
    [("B 7%", 20), ("3,26", 200), ("0,23", 320), ("3,49", 460)],
    "USt-IdNr.: DE 123 456 789",
    "14.03.2024 10:42",
]


def test_german_table_of_rates():
    got = extract(GERMAN)
    assert got["total"]["value"] == "22.94"
    assert got["tax"]["value"] == "3.33"
    assert got["net"]["value"] == "19.61"
    assert lines_of(got) == [("19", "16.35", "3.10"), ("7", "3.26", "0.23")]
    assert got["vendor_vat"]["value"] == "DE123456789"
    # everything agrees: tax and net are trusted by the addon's default (min_confidence 0.8);
    # how far above it is the calibration's to say (refit on held-out receipts)
    assert got["tax"]["confidence"] >= 0.8 and got["net"]["confidence"] >= 0.8


def test_mwst_von_line():
    rows = [
        "Kiosk Nord",
        ("Artikel", "100,00"),
        ("Gesamt EUR", "100,00"),
        "MwSt 19% von 84,03 = 15,97",
        "St.-Nr. 12/345/67890",
    ]
    got = extract(rows)
    assert got["tax"]["value"] == "15.97"
    assert lines_of(got) == [("19", "84.03", "15.97")]
    assert got["net"]["value"] == "84.03"
    assert got["vendor_vat"]["value"] == "12/345/67890"


@pytest.mark.parametrize(
    ("row", "line"),
    [
        # the tax first, the gross it is included in after the rate
        ("0,86 MwSt. 7% 13,20", ("7", "12.34", "0.86")),
        # the tax first, the base after the rate
        ("1,90 USt 19 % 10,00", ("19", "10.00", "1.90")),
    ],
)
def test_a_tax_printed_before_its_rate(row, line):
    rows = ["Kiosk Nord", ("Artikel", "13,20"), ("Summe EUR", "13,20"), "Im Betrag enthalten:", row]
    got = extract(rows)
    assert lines_of(got) == [line]
    assert got["tax"]["value"] == line[2]


def test_an_amount_before_a_rate_that_does_not_fit_it_is_not_its_tax():
    # a row whose amount before the rate is no figure of that rate: the one after is the tax
    got = extract(["Kiosk Nord", ("Artikel", "13,20"), ("Summe EUR", "13,20"), "4,00 MwSt 7% 0,86"])
    assert lines_of(got) == [("7", None, "0.86")]


def test_an_invoices_rate_with_decimals_set_apart_from_its_sign_is_no_amount():
    # "19,00 %" is the rate, not a tax of 19.00; "Summe Netto" sums the net, not what is paid
    rows = [
        "Technikhaus Nord",
        ("Notebook 1 19,0 %", "335,29 EUR"),
        ("Speicher 1 19,0 %", "30,17 EUR"),
        ("Summe Netto", "365,46 EUR"),
        ("Nettobetrag EUR", "365,46 EUR"),
        [("Umsatzsteuer", 20), ("19,00 % auf", 200), ("365,46 EUR", 330), ("69,44 EUR", 460)],
        ("Gesamtbetrag", "434,90 EUR"),
    ]
    got = extract(rows)
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("434.90", "69.44", "365.46")
    assert lines_of(got) == [("19", "365.46", "69.44")]
    assert L.classify("Summe Netto") == {L.SUBTOTAL} and L.classify("Gesamt netto") == {L.SUBTOTAL}
    assert L.SUBTOTAL not in L.classify("Summe Netto + MwSt")  # the gross


def test_two_groups_of_one_rate_in_an_invoices_table_beside_a_rate_rounded_off():
    # a hotel invoice: the room's VAT charged on its own line, then the table with two 7 % groups
    # (breakfast, room) and a 19 % row whose tax is a cent off its base (worked out of its gross)
    rows = [
        "Hotel Flughafen Nord",
        ("23/11/2021 GUEST ROOM", "€102.18"),
        ("23/11/2021 ROOM VAT 7%", "€6.82"),
        [("Total Excluding VAT", 300), ("TOTAL VAT", 500), ("TOTAL", 650)],
        [("VAT 19%", 20), ("€1.22", 300), ("€0.22", 500), ("€1.44", 650)],
        [("VAT 7%", 20), ("€3.14", 300), ("€0.22", 500), ("€3.36", 650)],
        [("Room VAT 7%", 20), ("€97.38", 300), ("€6.82", 500), ("€104.20", 650)],
        ("Total Invoice Amount", "€109.00"),
    ]
    got = extract(rows)
    assert (got["total"]["value"], got["tax"]["value"]) == ("109.00", "7.26")
    assert lines_of(got) == [("19", "1.22", "0.22"), ("7", "3.14", "0.22"), ("7", "97.38", "6.82")]


def test_a_fee_that_starts_with_gesamt_is_no_total_and_insgesamt_is_one():
    # a flight's invoice: "Gesamte Zahlungsgebühr" is the whole payment fee, "Insgesamt bezahlt" what was paid
    rows = [
        "Fluglinie Nord",
        ("1 x Tarif für Erwachsene", "57,15 €"),
        ("Gesamte Zahlungsgebühr", "0,70 €"),
        ("1 x Reservierte Sitzplätze", "0,84 €"),
        ("Insgesamt bezahlt", "58,69 €"),
    ]
    assert extract(rows)["total"]["value"] == "58.69"
    assert L.classify("Gesamte Zahlungsgebühr") == set() and L.classify("Gesamte Gepäckgebühr") == set()
    assert L.GRAND in L.classify("Gesamtsumme") and L.GRAND in L.classify("Insgesamt")
    # a parking fee's total is a "Gesamtgebühr"; "Insgesamt" with the tax, the net or the savings is none
    parking = [
        "Parkhaus Zentrum",
        ("Parkgebühr", "10,00 €"),
        ("Nachtzuschlag", "2,00 €"),
        ("Gesamtgebühr", "12,00 €"),
        ("Bezahlt", "20,00 €"),
        ("Rückgeld", "8,00 €"),
    ]
    assert extract(parking)["total"]["value"] == "12.00"
    hotel = ["Hotel Nord", ("Übernachtung", "100,00"), ("Gesamtbetrag", "107,00"), ("Insgesamt MwSt", "7,00")]
    assert extract(hotel)["total"]["value"] == "107.00"
    for label in ("Insgesamt netto", "Insgesamt gespart", "Insgesamt Pfand"):
        assert L.GRAND not in L.classify(label)


def test_a_rate_printed_with_decimals_among_a_tables_amounts():
    # "19,00" under "MwSt. %", with words before the amounts: the row checks at that rate
    rows = [
        "Versandhandel Nord",
        ("Artikel 1 Stck", "32,35"),
        ("Netto Gesamt", "32,35"),
        [("Umsatzsteuer", 20), ("Brutto:", 260), ("Netto:", 340), ("MwSt. %", 420)],
        [("bezahlt via Vorkasse", 20), ("38,50", 260), ("32,35", 340), ("19,00", 420), ("6,15", 500)],
        ("Gesamtsumme", "38,50"),
    ]
    got = extract(rows)
    assert lines_of(got) == [("19", "32.35", "6.15")]
    assert (got["total"]["value"], got["tax"]["value"]) == ("38.50", "6.15")


def test_an_item_tables_rows_with_a_rate_column_are_no_tax_lines():
    # item rows of four amounts under a heading naming the tax: the items' taxes, not the table's
    rows = [
        "Technikhaus Nord",
        [("Artikel", 20), ("Netto", 200), ("MwSt", 280), ("USt", 360), ("Brutto", 440)],
        [("Notebook", 20), ("335,29", 200), ("19,00", 280), ("63,71", 360), ("399,00", 440)],
        [("Speicher", 20), ("30,17", 200), ("19,00", 280), ("5,73", 360), ("35,90", 440)],
        ("Gesamtbetrag", "434,90"),
    ]
    assert lines_of(extract(rows)) == []
    # an item's price before a rate is no tax of that rate, however well the figures fit
    rows = [
        "Backhaus Sonne",
        [("Semmel 5 x 0,40", 20), ("20%", 300), ("2,00", 440)],
        ("Summe EUR", "2,00"),
        "MwSt 20% 0,33",
    ]
    assert lines_of(extract(rows)) == [("20", None, "0.33")]


def test_french_block_ht_tva_ttc():
    rows = [
        "EPICERIE MARTIN",
        ("Total HT", "20,92"),
        ("TVA 5,5 %", "0,55"),
        ("TVA 20 %", "0,74"),
        ("Total TVA", "1,29"),
        ("TOTAL TTC EUR", "22,21"),
        "N° TVA intracom. : FR 12 345678901",
    ]
    got = extract(rows)
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("22.21", "1.29", "20.92")
    assert lines_of(got) == [("5.5", None, "0.55"), ("20", None, "0.74")]
    assert got["vendor_vat"]["value"] == "FR12345678901"


def test_uk_vat_included_and_us_sales_tax():
    uk = [
        "HUGHES LOCAL",
        ("TOTAL", "£43.50"),
        ("VAT @ 20% incl.", "7.25"),
        "VAT Reg No: GB 094 1324 03",
    ]
    got = extract(uk)
    assert got["tax"]["value"] == "7.25" and lines_of(got) == [("20", None, "7.25")]
    assert got["vendor_vat"]["value"] == "GB094132403"
    us = [
        "WALKER'S HARDWARE",
        ("SUB TOTAL", "81.10"),
        ("SALES TAX 8.875 %", "7.20"),
        ("TOTAL", "88.30"),
    ]
    got = extract(us)
    assert (got["net"]["value"], got["tax"]["value"], got["total"]["value"]) == ("81.10", "7.20", "88.30")
    # the subtotal the tax is levied on is the line's base (81.10 x 8.875 % = 7.20)
    assert lines_of(got) == [("8.875", "81.10", "7.20")]


def test_a_refund_line_prints_its_minus_after_the_amount():
    rows = [
        "ALDI",
        ("ZU ZAHLEN EURO", "11,33"),
        [("MWST", 20), ("Netto", 200), ("MWST-BETRAG", 320), ("BRUTTO", 460)],
        [("C 7,00%", 20), ("10,82", 200), ("0,76", 320), ("11,58", 460)],
        [("D 19,00%", 20), ("0,21-", 200), ("0,04-", 320), ("0,25-", 460)],
    ]
    got = extract(rows)
    assert lines_of(got) == [("7", "10.82", "0.76"), ("19", "-0.21", "-0.04")]
    assert got["tax"]["value"] == "0.72" and got["net"]["value"] == "10.61"


def test_discount_and_alcohol_percentages_are_no_tax_rates():
    rows = [
        "WEINHAUS",
        ("RUM 40% VOL.", "5,69 A"),
        ("RABATT 10%", "-0,57"),
        ("SUMME", "5,12"),
    ]
    got = extract(rows)
    assert got["tax_lines"] == [] and got["tax"]["value"] is None and got["net"]["value"] is None


@pytest.mark.parametrize(
    ("rows", "total", "tax"),
    [
        (
            [
                "CAFE BLEU",
                ("Total HT", "50,00"),  # misread: 10,00 + 2,00 = 12,00
                ("TVA 20 %", "2,00"),
                ("TOTAL TTC", "12,00"),
            ],
            "12.00",
            "2.00",
        ),
        (
            # a line that does not check (base x rate is not its tax) proves nothing about the
            # rest of the total: it is not called untaxed
            [
                "Wattle Foodworks",
                ("SPARKLING WATER", "3.13 A"),
                ("TOMATOES VINE", "11.46 B"),
                ("AMOUNT DUE", "$14.59"),
                [("excl. GST", 20), ("GST", 300), ("Total", 500)],
                [("A 10 %", 20), ("2.55", 200), ("0.58", 300), ("3.13", 520)],
            ],
            "14.59",
            None,
        ),
    ],
)
def test_a_net_the_other_figures_do_not_confirm_is_not_returned(rows, total, tax):
    got = extract(rows)
    assert got["total"]["value"] == total
    if tax is not None:
        assert got["tax"]["value"] == tax
    assert got["net"]["value"] is None


def test_line_taxes_that_disagree_with_the_printed_total_tax_lower_the_confidence():
    agree = [
        "BAR ROMA",
        ("IVA 22%", "2,16"),
        ("IVA 10%", "0,30"),
        ("TOTALE IVA", "2,46"),
        ("TOTALE EURO", "15,00"),
    ]
    disagree = [row if row != ("TOTALE IVA", "2,46") else ("TOTALE IVA", "2,96") for row in agree]
    good, bad = extract(agree), extract(disagree)
    assert good["tax"]["value"] == "2.46" and lines_of(good) == [("22", None, "2.16"), ("10", None, "0.30")]
    assert bad["tax"]["confidence"] < good["tax"]["confidence"]
    # the tax lines are only returned when they add up to the tax returned
    if bad["tax"]["value"] != "2.46":
        assert bad["tax_lines"] == []


def test_the_total_the_tax_table_adds_up_to_wins_over_a_stray_one():
    rows = [
        "BACKHAUS SONNE",
        ("Brot", "3,49 B"),
        ("Kaffee", "31,43 A"),
        ("SUMME", "34,92"),
        ("ZU ZAHLEN", "35,00"),  # a stray figure under a stronger label (the cash given, misread)
        [("MwSt", 20), ("Netto", 200), ("MwSt", 320), ("Brutto", 460)],
        [("A 19%", 20), ("26,41", 200), ("5,02", 320), ("31,43", 460)],
        [("B 7%", 20), ("3,26", 200), ("0,23", 320), ("3,49", 460)],
    ]
    got = extract(rows)
    assert got["total"]["value"] == "34.92"
    assert (got["net"]["value"], got["tax"]["value"]) == ("29.67", "5.25")


def test_a_registration_number_heads_no_table_of_rates():
    rows = [
        "SUNRISE MART SDN BHD",
        "GST REG NO: 000123456789",
        ("FULL CREAM MILK 3.5%", "0.90"),
        ("BREAD", "6.00"),
        ("TOTAL", "6.90"),
    ]
    got = extract(rows)
    assert got["tax_lines"] == [] and got["tax"]["value"] is None


def test_one_rate_takes_the_net_printed_on_its_own_row_as_its_base():
    # "incl. 19,00% MwSt (b)" with the tax, the net on the next row: the line's base is the net
    # once net x rate = tax and net + tax = total
    rows = [
        "Elektromarkt",
        ("Ladekabel", "39,00"),
        ("Total EUR", "39,00"),
        ("incl. 19,00% MwSt (b)", "6,23"),
        ("Netto-Warenwert: (b)", "32,77"),
    ]
    got = extract(rows)
    assert got["tax"]["value"] == "6.23"
    assert got["net"]["value"] == "32.77"
    assert lines_of(got) == [("19", "32.77", "6.23")]
    # a net that is no base of the rate is not written into the line
    rows[-1] = ("Netto-Warenwert: (b)", "30,00")
    assert [ln["base"] for ln in extract(rows)["tax_lines"]] in ([None], [])


def test_a_table_of_the_taxed_rate_only_leaves_the_rest_untaxed():
    # only rate A is listed; the goods coded B are zero-rated: net = total - tax
    got = extract(
        [
            "Wattle Foodworks",
            ("SPARKLING WATER", "3.13 A"),
            ("TOMATOES VINE", "4.98 B"),
            ("PASTA PENNE 500G", "6.48 B"),
            ("AMOUNT DUE", "$14.59"),
            ("VISA", "14.59"),
            [("excl. GST", 20), ("GST", 300), ("Total", 500)],
            [("A 10 %", 20), ("2.85", 200), ("0.28", 300), ("3.13", 520)],
        ]
    )
    assert got["tax"]["value"] == "0.28"
    assert lines_of(got) == [("10", "2.85", "0.28")]
    assert got["net"]["value"] == "14.31"


def test_a_table_row_whose_rate_did_not_read_is_a_line_when_the_table_then_adds_up():
    rows = [
        "Minimarket Valverde",
        ("ACQUA NATURALE", "2,63 A"),
        ("OLIO EXTRAVERGINE", "9,28 C"),
        ("UOVA FRESCHE X6", "6,08 C"),
        ("IMPORTO PAGATO", "17,99 €"),
        [("IVA", 20), ("Imponibile", 150), ("IVA", 300), ("TOTALE", 450)],
        [("22,00%", 20), ("2,16", 150), ("0,47", 300), ("2,63", 450)],
        [("4,001", 20), ("14,77", 150), ("0,59", 300), ("15,36", 450)],
    ]
    got = extract(rows)
    assert lines_of(got) == [("22", "2.16", "0.47"), ("4", "14.77", "0.59")]
    assert (got["tax"]["value"], got["net"]["value"]) == ("1.06", "16.93")
    # the same row under a total it does not add up to is left alone
    rows[4] = ("IMPORTO PAGATO", "19,99 €")
    assert lines_of(extract(rows)) == [("22", "2.16", "0.47")]
    # ... and its amounts keep the rest from being called untaxed: no net
    assert extract(rows)["net"]["value"] is None


def test_a_rate_whose_percent_sign_did_not_read_still_makes_the_line():
    us = ["BLUEBONNET", ("SUB TOTAL", "81.10"), ("STATE TAX 8.875 96", "7.20"), ("TOTAL USD", "88.30")]
    assert lines_of(extract(us)) == [("8.875", "81.10", "7.20")]
    # "20.0%" read as "20.08": the rate of the total, tax included
    uk = ["WESTMOOR CAFE", ("SUBTOTAL", "106.10"), ("VAT 20.08", "17.68"), ("TOTAL TO PAY GBP", "106.10")]
    assert lines_of(extract(uk)) == [("20", "88.42", "17.68")]
    fr = ["EPICERIE MARTIN", ("TOTAL €", "6,41"), ("dont TVA 5,5", "0,33")]
    assert lines_of(extract(fr)) == [("5.5", "6.08", "0.33")]
    # a number that is no rate of anything printed makes no line
    assert lines_of(extract(["SHOP", ("SUB TOTAL", "81.10"), ("TAX 3", "7.20"), ("TOTAL", "88.30")])) == []


@pytest.mark.parametrize(
    "label", ["Totaal BTW", "Totale IVA", "Summe MwSt", "Total Sales Tax", "TOTAL GST (RM)"]
)
def test_a_total_of_the_tax_is_no_amount_paid(label):
    assert L.is_tax_label(L.classify(label), label)
    assert not {L.GRAND, L.TOTAL} & L.classify(label)
    rows = [
        "DE KLEINE WINKEL",
        ("HDMI KABEL", "24,80 A"),
        ("THEE", "5,45 B"),
        ("Totaalbedrag EUR", "30,25"),
        ("BTW 21,0% inbegrepen", "4,30"),
        ("BTW 9,0% inbegrepen", "0,45"),
        (label, "4,75"),
    ]
    got = extract(rows)
    assert (got["total"]["value"], got["tax"]["value"]) == ("30.25", "4.75")


def test_cash_and_change_in_dutch_spanish_and_french():
    assert L.TENDER in L.classify("CONTANT") and L.CHANGE in L.classify("Wisselgeld")
    assert L.TENDER in L.classify("TARJETA") and L.TENDER in L.classify("CB")
    # no total label read: what was paid is the cash less the change
    rows = ["DE KLEINE WINKEL", ("HDMI KABEL", "24,80"), ("THEE", "5,45"), ("", "30,25")]
    rows += [("CONTANT", "50,00"), ("Wisselgeld", "19,75")]
    assert extract(rows)["total"]["value"] == "30.25"


def test_the_spanish_taxable_base_is_the_net():
    rows = [
        "FERRETERIA SOL",
        ("DETERGENTE", "12,10 A"),
        ("BOMBILLA LED", "12,10 A"),
        ("B. IMPONIBLE", "20,00"),
        ("IVA 21,0%", "4,20"),
        ("TOTAL EUR", "24,20"),
    ]
    got = extract(rows)
    assert (got["net"]["value"], got["tax"]["value"], got["total"]["value"]) == ("20.00", "4.20", "24.20")


def test_one_included_rate_whose_amounts_did_not_read_gives_its_share_of_the_total():
    rows = [
        "ELEKTROMARKT",
        ("Ladekabel", "59,50"),
        ("Total EUR", "59,50"),
        ("GIROCARD", "59,50"),
        "incl. 19,00% MwSt (b)",  # the amounts beside it did not read
        "Netto-Warenwert: (b)",
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("9.50", "50.00")
    assert lines_of(got) == [("19", "50.00", "9.50")]
    raw = extract_receipt_fields(receipt(rows)[0], locale="de_DE", calibrate=False)
    assert raw["tax"]["confidence"] < 0.55  # worked out, not read: below a tax merely labelled
    # another rate printed (a zero rate, a second rate): the share is in doubt, nothing returned
    for other in ("0 % MwSt", "B 7% MwSt"):
        got = extract([*rows, other], locale="de_DE")
        assert got["tax"]["value"] is None and got["tax_lines"] == []
    # a rate not said to be included in the total is no share of it
    plain = [row if row != "incl. 19,00% MwSt (b)" else "19,00% MwSt (b)" for row in rows]
    assert extract(plain, locale="de_DE")["tax"]["value"] is None


def test_a_tax_worked_out_rounds_a_half_cent_up_as_tills_do():
    # 20 % of 6,03 TTC is 1,005: the till's tax is 1,01 (a half cent up), not 1,00 (to the even cent)
    rows = [
        "BOULANGERIE",
        ("Tarte", "6,03"),
        ("TOTAL EUR", "6,03"),
        "dont TVA 20,00%",
    ]
    got = extract(rows, locale="fr_FR")
    assert (got["tax"]["value"], got["net"]["value"]) == ("1.01", "5.02")


@pytest.mark.parametrize("label", ["SALES TAN", "SALES YAX"])
def test_a_sales_tax_line_with_a_letter_misread(label):
    rows = [
        "MAPLE DINER",
        ("CHEDDAR CHEESE", "20.00"),
        ("SUBTOTAL", "20.00"),
        (label, "1.60"),
        ("TOTAL USD", "21.60"),
    ]
    got = extract(rows)
    assert (got["tax"]["value"], got["total"]["value"]) == ("1.60", "21.60")
    assert L.classify("SALES") == set()


TAX_NAMES = [
    "VAT", "MwSt", "USt", "TVA", "IVA", "BTW", "GST", "HST", "PST", "QST",
    "TPS", "TVQ", "PPN", "PDV", "PVM", "PTU", "IGV", "MOMS", "ALV", "DPH",
]  # fmt: skip


@pytest.mark.parametrize("name", TAX_NAMES)
def test_every_tax_name_is_known_to_every_rule_that_looks_for_tax(name):
    """One list of tax names: the tax amount's label, the tax table's context and the total
    tax's label know the same names (the total tax's label knew 9 of them, the table 14)."""
    from ocr_service.receipt.tax import _is_tax_total_label
    from ocr_service.receipt.tax_table import TAX_CONTEXT

    assert L.TAX in L.classify(f"{name} 19%")
    assert TAX_CONTEXT.search(L.undotted(L._folded_upper(f"{name} 19%")))
    assert _is_tax_total_label(f"Total {name}")
    assert not _is_tax_total_label(f"{name} ID")


@pytest.mark.parametrize("word", ["PRIVATE", "CUSTOMER", "FESTIVAL", "SALVADOR", "CAPSTONE", "ADPHONE"])
def test_tax_names_inside_ordinary_words_are_no_tax(word):
    from ocr_service.receipt.tax import _is_tax_total_label

    assert L.TAX not in L.classify(word)
    assert not _is_tax_total_label(word)


@pytest.mark.parametrize(
    "label", ["Celkem bez DPH", "Summa exkl. moms", "Total tanpa PPN", "Netto excl. BTW"]
)
def test_an_amount_without_tax_is_no_total_tax(label):
    from ocr_service.receipt.tax import _is_tax_total_label

    assert not _is_tax_total_label(label)


def test_a_rate_misread_as_another_takes_the_rate_its_amounts_are_of():
    # "16,00%" read "1=:6.00%": 5,84 + 0,93 = 6,77 is the base, tax and gross of 16 %, not 6 %;
    # the tax cut given back as a discount ("MwSt.-Vorteil") is no tax
    rows = [
        "dm-drogerie markt",
        ("Zwischensumme", "6,95"),
        ("MwSt. Vorteil Satz 1", "0,18"),
        ("SUMME", "6,77"),
        [("MwSt-Satz", 20), ("Brutto", 150), ("Netto", 300), ("MwSt", 450)],
        [("1=:6.00%", 20), ("6,77", 150), ("5,84", 300), ("0,93", 450)],
    ]
    got = extract(rows)
    assert lines_of(got) == [("16", "5.84", "0.93")]
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.93", "5.84")
    # amounts that are no known rate's base, tax and gross keep the rate as read, unchecked
    rows[-1] = [("6.00%", 20), ("6,77", 150), ("5,84", 300), ("0,50", 450)]
    assert [ln[0] for ln in lines_of(extract(rows))] in ([], ["6"])


def test_the_taxes_of_two_named_levels_without_a_net_add_up():
    # Dutch restaurants print the low and the high rate's VAT by name, and no net
    rows = [
        "Mediterraan Restaurant",
        ("2 x IPA Large", "18,00"),
        ("1 x Calzone", "20,00"),
        ("Totaal", "38,00"),
        ("Btw laag", "1,65"),
        ("Btw hoog", "3,12"),
        ("Contant", "38,00"),
    ]
    assert extract(rows)["tax"]["value"] == "4.77"
    # one tax printed twice is no two levels
    rows[4], rows[5] = ("Btw", "3,12"), ("Totaal btw", "3,12")
    assert extract(rows)["tax"]["value"] == "3.12"


def test_two_taxes_on_one_base_count_the_base_once_in_the_net():
    # Croatian restaurants charge VAT (PDV) and a consumption tax (PP) on the same base
    rows = [
        "AMICIS D.O.O.",
        ("Jelo", "180,00"),
        ("Pice", "52,00"),
        ("UKUPNO KN", "232,00"),
        [("Porez", 20), ("Stopa", 120), ("Osnovica", 300), ("Iznos", 450)],
        [("PDV", 20), ("25,0%", 120), ("51,56", 300), ("12,89", 450)],
        [("PDV", 20), ("13,0%", 120), ("146,90", 300), ("19,10", 450)],
        [("PP", 20), ("3,0%", 120), ("51,56", 300), ("1,55", 450)],
    ]
    got = extract(rows)
    assert (got["tax"]["value"], got["net"]["value"]) == ("33.54", "198.46")
    # bases that do not then make the total leave the net unknown
    rows[3] = ("UKUPNO KN", "240,00")
    assert extract(rows)["net"]["value"] is None


@pytest.mark.parametrize("item", ["2x Weisstier Dunkel 0.51", "Passt 1,00"])
def test_sst_inside_a_word_is_no_tax(item):
    assert L.TAX not in L.classify(item)
    assert L.TAX in L.classify("SST 6%") and L.TAX in L.classify("Total SST")


def test_a_dash_set_apart_between_a_tax_label_and_its_amount_is_no_minus():
    rows = [
        "Kolaila China Restaurant",
        ("2x Bier", "9,00"),
        ("2x Buffet", "46,90"),
        "mit 19% MWST - 8,93 €",
        ("Betrag", "55,90 €"),
    ]
    assert extract(rows)["tax"]["value"] == "8.93"


def test_a_rate_printed_with_a_separator_and_no_decimals():
    # "IVA 10.%": the rate's point printed without its decimals
    got = extract(
        [
            "Bar Tapa Tapa",
            ("Cana", "2,50"),
            ("Bravas", "27,95"),
            [("B.IMP", 120), ("TASA", 260), ("TOTAL", 400)],
            [("IVA 10.%", 20), ("27,68", 160), ("2,77", 280), ("30,45", 400)],
            ("TOTAL", "30,45"),
            "27/03/2024 21:14",
        ],
        locale="es_ES",
    )
    assert (got["tax"]["value"], got["net"]["value"]) == ("2.77", "27.68")
    assert lines_of(got) == [("10", "27.68", "2.77")]


def test_the_net_the_tax_table_prints_when_its_rate_did_not_read():
    # "25,00 %" read as "25,00 8": no rate row, but the table prints total - tax to the cent
    got = extract(
        [
            "INA d.d.",
            ("EUROSUPER 95", "520,83"),
            ("ZA PLATITI", "520,83"),
            [("TG stopa", 20), ("osnovica", 200), ("iznos porez", 330)],
            [("ZU 25,00 8", 20), ("416,66 kn", 200), ("104,17 kn", 330)],
            ("UKUPNO POREZ", "104,17"),
            "03.09.2021. u 10:47",
        ],
        locale="hr_HR",
    )
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("520.83", "104.17", "416.66")


def test_the_net_is_the_rest_of_a_total_whose_one_rate_the_tax_is():
    # 8,93 is 19 % of 55,90 taken as a gross: the net is the other 46,97
    got = extract(
        [
            "Kolaile",
            ("Ente", "24,90"),
            ("Nudeln", "31,00"),
            ("Summe EUR", "55,90"),
            ("MwSt 19%", "8,93"),
            "08.06.2019 20:14",
        ],
        locale="de_DE",
    )
    assert (got["tax"]["value"], got["net"]["value"]) == ("8.93", "46.97")


def test_one_rates_gross_tax_and_net_on_rows_of_their_own_with_the_taxable_sum():
    got = extract(
        [
            "Rockets",
            ("1 Burger", "13,90"),
            ("1 Regular Fries", "3,00"),
            ("Zahlung", "16,90€"),
            ("Steuerpfl. Summe 19,00%", "4,73 1"),
            ("Steuerpfl. Summe 7,00%", "12,17 2"),
            ("Steuer 19,00%", "0,76 1"),
            ("Steuer 7,00%", "0,80 2"),
            ("Netto 19,00%", "3,97 1"),
            ("Netto 7,00%", "11,37 2"),
            "4 Sep'23 18:28",
        ],
        locale="de_DE",
    )
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("16.90", "1.56", "15.34")
    assert lines_of(got) == [("19", "3.97", "0.76"), ("7", "11.37", "0.80")]


def test_a_tax_over_a_fifth_of_the_total_is_another_columns_figure():
    # a supermarket's tax table read in pieces (its condensed rows read one by one): the net
    # column's first figure (2,18) stands under "Steuer %" with nothing beside it. No tax rate
    # comes near 2,18 of 7,61 (40 % of the rest): the tax is the "Gesamtbetrag" row's 0,74.
    rows = [
        ("REWE", [76, 140, 547, 300]),
        ("REWE Markt oHG", [131, 267, 435, 307]),
        ("An der Kotsche 9", [169, 297, 399, 332]),
        ("04207 Leipzig", [79, 323, 490, 360]),
        ("AS-Zeit 08.06.", [19, 1009, 217, 1057]),
        ("13:27 Uhr", [435, 1009, 567, 1053]),
        ("Betrag EUR", [23, 1122, 172, 1158]),
        ("7,61", [501, 1112, 567, 1156]),
        ("Zahlung erfolgt", [197, 1145, 405, 1182]),
        ("Steuer %", [20, 1192, 130, 1238]),
        ("Netto", [209, 1204, 279, 1224]),
        ("Steuer", [343, 1197, 411, 1229]),
        ("Brutto", [477, 1189, 556, 1234]),
        ("2,18", [209, 1224, 279, 1244]),
        ("4,69", [209, 1244, 279, 1264]),
        ("0.33", [358, 1233, 418, 1258]),
        ("5,02", [497, 1238, 557, 1260]),
        ("Gesantbetrag", [25, 1261, 154, 1292]),
        ("6,87", [209, 1264, 279, 1284]),
        ("0,74", [358, 1258, 418, 1283]),
        ("7,61", [497, 1260, 557, 1282]),
    ]
    lines = [Line(text, 0.95, [float(v) for v in box]) for text, box in rows]
    fields = extract_receipt_fields(lines, page_height=2070)
    assert fields["total"]["value"] == "7.61"
    assert fields["tax"]["value"] == "0.74"


def test_untaxed_sales_labelled_as_the_net_that_make_the_total_are_the_net():
    # groceries without sales tax: "Net Sales" is the net and the total, no tax is printed
    got = extract(["WHOLE FOODS", ("Subtotal:", "$14.52"), ("Net Sales:", "$14.52"), ("Total:", "$14.52")])
    assert (got["total"]["value"], got["net"]["value"], got["tax"]["value"]) == ("14.52", "14.52", None)
    # a subtotal alone says nothing of tax (taxes may be in it): no net
    got = extract(["CAFE", ("Subtotal:", "$14.52"), ("Total:", "$14.52")])
    assert got["net"]["value"] is None


def test_a_net_and_gross_row_whose_rate_misread_is_a_line_when_the_table_then_adds_up():
    head = ["OLYMP", ("Bifteki", "40,70€"), ("Metaxa Platte", "18,70€"), ("Summe:", "59,40€")]
    table = [
        [("Netto", 200), ("Brutto", 430)],
        # "7 % MwSt" read "7 8 Hust": 38,04 + 7 % = 40,70
        [("7 8 Hust", 20), ("38,04€", 200), ("40,70€", 430)],
        [("19 % MwSt", 20), ("15,71€", 200), ("18,70€", 430)],
    ]
    got = extract([*head, *table, "Steuernr.: 237/115/03374"])
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("59.40", "5.65", "53.75")
    assert [(t["rate"], t["base"], t["amount"]) for t in got["tax_lines"]] == [
        ("7", "38.04", "2.66"),
        ("19", "15.71", "2.99"),
    ]
    # a row of an item and its price twice is none (no rate makes one the other plus its tax)
    items = [*head[:3], ("2 Bifteki", "20,35€"), ("Summe:", "59,40€")]
    got = extract([*items, table[0], [("2 Bifteki", 20), ("20,35€", 200), ("40,70€", 430)], table[2]])
    assert [t["rate"] for t in got["tax_lines"]] == ["19"]


def test_a_table_of_grosses_only_gives_each_rates_tax_worked_out_of_its_gross():
    head = ["OLYMP", ("Bifteki", "69,60€"), ("Metaxa", "11,10€"), ("Summe:", "80,70€"), ("Bargeld", "80,70€")]
    table = [[("Brutto", 430)], [("7 8 Hust", 20), ("69,60€", 430)], [("19 % MwSt", 20), ("11,10€", 430)]]
    got = extract([*head, *table, "Steuernr.: 237/115/03374"])
    # not 11,10 (the 19 % row's gross) as the tax: 69,60 x 7/107 + 11,10 x 19/119
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("80.70", "6.32", "74.38")
    assert [(t["rate"], t["base"], t["amount"]) for t in got["tax_lines"]] == [
        ("7", "65.05", "4.55"),
        ("19", "9.33", "1.77"),
    ]
    # taxes printed alone that do not add up to the total stay taxes
    taxes = [[("MwSt", 20)], [("7 % MwSt", 20), ("4,55€", 430)], [("19 % MwSt", 20), ("1,77€", 430)]]
    got = extract([*head, *taxes])
    assert got["tax"]["value"] == "6.32"
    assert [(t["rate"], t["amount"]) for t in got["tax_lines"]] == [("7", "4.55"), ("19", "1.77")]


def test_a_misread_rate_row_holding_the_rates_share_of_the_total_gives_that_tax():
    head = ["REWE", ("Bio Milch", "6,81"), ("SUMME EUR", "6,81"), ("Betrag EUR", "6,81")]
    heading = [("Steuer %", 20), ("Netto", 200), ("Steuer", 330), ("Brutto", 470)]
    # 6,36 read "0.3", 6,81 read "0.01": the row does not check; 0,45 is 7 % of 6,81 gross
    row = [("B=", 20), ("7,0%", 64), ("0.3", 208), ("0.45", 347), ("0.01", 484)]
    got = extract([*head, heading, row, "Gesamtbetrag"])
    assert (got["total"]["value"], got["tax"]["value"]) == ("6.81", "0.45")
    assert [(t["rate"], t["amount"]) for t in got["tax_lines"]] == [("7", "0.45")]
    # its tax read with a colon for the decimal comma ("0:45") and its base short (".37" for 6,37)
    row = [("7,0%", 64), (".37", 208), ("0:45", 347)]
    got = extract([*head, heading, row, "Gesamtbetrag"])
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("6.81", "0.45", "6.36")
    # no amount of the row is the rate's share: the row is read as before, nothing made up
    row = [("B=", 20), ("7,0%", 64), ("0.3", 208), ("0.52", 347), ("0.01", 484)]
    got = extract([*head, heading, row, "Gesamtbetrag"])
    assert got["tax"]["value"] != "0.45"


def test_a_tax_table_printing_tax_and_gross_only_gives_the_net_as_their_difference():
    # "Steuer % | Steuer | Brutto": no net column; the rate row and the sums row print the tax
    # beside the gross, which is the total paid, and the rate did not read
    rows = [
        "SUPERMARKT",
        ("MILCH", "1,19 B"),
        ("BROT", "5,42 B"),
        ("SUMME EUR", "6,61"),
        ("Geg. BAR EUR", "20,00"),
        ("Rückgeld BAR EUR", "13,39"),
        [("Steuer %", 20), ("Steuer", 420), ("Brutto", 560)],
        [("B=", 20), ("0,43", 420), ("6,61", 560)],
        [("Gesamtbetrag", 20), ("0,43", 420), ("6,61", 560)],
    ]
    got = extract(rows, locale="de_DE")
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("6.61", "0.43", "6.18")
    # a net printed that says otherwise is not overruled: which of them was misread is unknown
    printed = [*rows[:6], ("Netto EUR", "6,00"), *rows[6:]]
    assert extract(printed, locale="de_DE")["net"]["value"] != "6.18"


def test_a_tax_beside_a_total_holding_a_tip_gives_no_net():
    # the total holds the tip, untaxed: total less tax is no net
    rows = [
        "DINER",
        ("BURGER", "50.00"),
        ("Tip", "10.00"),
        [("Tax", 20), ("4.00", 200), ("Total", 330), ("64.00", 560)],
    ]
    got = extract(rows, locale="en_US")
    assert got["net"]["value"] in (None, "50.00")


def test_the_taxable_amount_is_the_net_with_its_second_word_misread():
    rows = [
        "CLOTHING STORE",
        ("JEANS", "128.96"),
        ("Subtotal", "120.96"),  # misread (an 8 read as 0): no net that adds up
        ("T1 Taxable Anaunt", "128.96"),
        ("T1 (8.25%) Tax", "10.64"),
        ("Total Tax", "10.64"),
        ("Total", "139.60"),
    ]
    got = extract(rows, locale="en_US")
    assert (got["tax"]["value"], got["net"]["value"], got["total"]["value"]) == ("10.64", "128.96", "139.60")


def test_a_decimal_comma_read_as_a_colon_in_a_rate_row_that_then_checks():
    rows = [
        "DISCOUNTER",
        ("BANANEN", "6,46 B"),
        ("SUMME EUR", "6,46"),
        [("Steuer%", 20), ("Steuer", 300), ("Brutto", 480)],
        [("B=7,0%", 20), ("0:42", 300), ("6,46", 480)],
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.42", "6.04")
    assert lines_of(got) == [("7", "6.04", "0.42")]
    # a colon whose amount does not check at the rate is left as read: no tax from it
    rows[-1] = [("B=7,0%", 20), ("1:42", 300), ("6,46", 480)]
    assert extract(rows, locale="de_DE")["tax"]["value"] != "1.42"


def test_a_sums_row_with_its_tax_read_with_a_colon_or_its_gross_misread():
    rows = [
        "SUPERMARKT",
        ("GOLDLOCKE", "15,83 B"),
        ("SUMME EUR", "15,83"),
        [("Steuer %", 20), ("Netto", 210), ("Steuer", 340), ("Brutto", 480)],
        [("Gesamtbetrag", 20), ("14,79", 210), ("1:04", 340), ("15,83", 480)],
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("1.04", "14.79")

    # the gross misread ("2.00" for 2,80): net and tax adding up to the total still say so
    rows = [
        "SUPERMARKT",
        ("BROETCHEN", "2,80 B"),
        ("SUMME EUR", "2,80"),
        [("Steuer %", 20), ("Netto", 210), ("Steuer", 340), ("Brutto", 480)],
        [("Gesamtbetrag", 20), ("2,62", 210), ("0,18", 340), ("2.00", 480)],
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.18", "2.62")


def test_two_groups_of_one_rate_that_make_up_the_total_are_two_tax_lines():
    rows = [
        "THE PUB",
        ("2 PINTS", "25.00"),
        ("BURGER", "32.15"),
        ("Total", "57.15"),
        "20.00% Net: 20.83 VAT: 4.17",
        "20.00% Net: 26.79 VAT: 5.36",
    ]
    got = extract(rows, locale="en_GB")
    assert (got["tax"]["value"], got["net"]["value"]) == ("9.53", "47.62")
    assert lines_of(got) == [("20", "20.83", "4.17"), ("20", "26.79", "5.36")]
    # the same rate printed twice alike (a repeated summary) is one line
    twice = [*rows[:4], rows[4], rows[4]]
    twice[1:3] = [("BURGER", "25.00")]
    got = extract(twice, locale="en_GB")
    assert lines_of(got) == [("20", "20.83", "4.17")]


def test_a_summary_line_of_one_rate_outlives_the_items_rate_column():
    rows = [
        "Technik Versand GmbH",
        [("Pos. Produkt", 0), ("Menge USt. (%)", 240), ("Einzelpreis", 420), ("Betrag Netto", 560)],
        [("1 Kabel", 0), ("19,0 %", 300), ("335,29", 420), ("335,29 EUR", 560)],
        [("2 Adapter", 0), ("19,0 %", 300), ("30,17", 420), ("30,17 EUR", 560)],
        ("Summe Netto", "365,46 EUR"),
        [("Umsatzsteuer", 0), ("19,00 % auf", 200), ("365,46 EUR", 380), ("69,44 EUR", 560)],
        ("Gesamtbetrag", "434,90 EUR"),
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("69.44", "365.46")
    # the items' rate column (one amount a row, no base) does not stand for the rate's line
    assert lines_of(got) == [("19", "365.46", "69.44")]


def test_the_base_of_a_rate_is_the_net_only_where_the_net_is_printed():
    rows = [
        "Restaurant Kolaile",
        ("Menue", "55,90"),
        ("Summe", "55,90 €"),
        ("Netto Betrag", "46,97 €"),
        ("mit 19% MWST", "8,93 €"),
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("8.93", "46.97")
    assert lines_of(got) == [("19", "46.97", "8.93")]
    # its decimal comma lost, the net is worked out (total less tax) and no base is printed, not
    # even when the change given happens to be that amount
    rows[3] = ("Netto Betrag", "46 97 €")
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("8.93", "46.97")
    assert lines_of(got) == [("19", None, "8.93")]
    got = extract([*rows, ("Bar", "102,87"), ("Rueckgeld", "46,97")], locale="de_DE")
    assert lines_of(got) == [("19", None, "8.93")]


def test_two_taxes_on_one_base_take_the_net_as_base_only_when_each_checks_to_the_cent():
    quebec = [
        "OLD MILL CLOTHING",
        ("JEANS", "61.58"),
        ("GST/HST Montant taxable", "61.58"),
        ("GST/HST (5.0%) Taxe", "3.08"),
        ("QST Montant taxable", "61.58"),
        ("QST (9.975%) Taxe", "6.14"),
        ("Total des taxes", "9.22"),
        ("TOTAL", "70.80"),
    ]
    got = extract(quebec, locale="fr_CA")
    assert (got["tax"]["value"], got["net"]["value"]) == ("9.22", "61.58")
    assert lines_of(got) == [("5", "61.58", "3.08"), ("9.975", "61.58", "6.14")]
    # two rates of one tax on different goods: neither is the whole net's, no base is said
    europe = [
        "Markt Sonne",
        ("Brot", "10,70"),
        ("Wein", "11,90"),
        ("Netto", "20,00"),
        ("MwSt 7%", "0,70"),
        ("MwSt 19%", "1,90"),
        ("SUMME", "22,60"),
    ]
    got = extract(europe, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("2.60", "20.00")
    assert [line[1] for line in lines_of(got)] == [None, None]
    # a 0 % line beside a rate that takes the whole net: the net is not its base
    zero = ["Markt Sonne", ("Netto", "10,00"), ("MwSt 19%", "1,90"), ("MwSt 0%", "0,00"), ("SUMME", "11,90")]
    got = extract(zero, locale="de_DE")
    assert lines_of(got) == [("19", "10.00", "1.90"), ("0", None, "0.00")]


def test_the_one_rate_row_of_a_table_takes_its_figures_from_the_sums_row_that_checks_at_its_rate():
    def table(rate_row, sums):
        return [
            "SUPERMARKT",
            ("MILCH", "8,08 B"),
            ("SUMME EUR", "8,08"),
            [("Steuer %", 20), ("Netto", 210), ("Steuer", 340), ("Brutto", 480)],
            rate_row,
            [("Gesamtbetrag", 20), *zip(sums, (210, 340, 480), strict=True)],
        ]

    # the rate row's net and tax unread, its gross the sums row's
    got = extract(table([("7,0%", 80), ("8,08", 480)], ("7,55", "0,53", "8,08")), locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.53", "7.55")
    assert lines_of(got) == [("7", "7.55", "0.53")]
    # a figure on the rate row that is none of the sums row's: another rate's row may be unread
    got = extract(table([("7,0%", 80), ("6,08", 480)], ("7,55", "0,53", "8,08")), locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.53", "7.55")
    assert lines_of(got) == []
    # the sums row's tax is not 7 % of its net to the cent (19 % and 7 % summed): no 7 % line
    got = extract(table([("7,0%", 80), ("8,08", 480)], ("7,47", "0,61", "8,08")), locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("0.61", "7.47")
    assert lines_of(got) == []


def test_of_one_rate_printed_twice_the_line_whose_tax_is_its_share_of_the_total_is_kept():
    rows = [
        "BURGER HAUS",
        ("FRIES REGULAR", "16,34"),
        ("SODA", "3,95"),
        ("Zwischensumme", "20,29"),
        ("MwSt 19% Steuer", "3,86"),
        ("Summe", "24,15"),
        "MwSt-Satz",
        "19.00% Netto: 20,29 MwSt: 3,66",  # 3,86 misread: the row does not check
    ]
    got = extract(rows, locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("3.86", "20.29")
    assert lines_of(got) == [("19", "20.29", "3.86")]


def test_a_rate_row_misread_but_its_gross_completes_the_table_gives_the_tax_worked_out_of_it():
    def table(b_row):
        return [
            "HIT Markt",
            ("Schinken", "2,24 A"),
            ("Gehacktes", "20,25 B"),
            ("SUMME", "22,49"),
            [("Steuer", 20), ("NETTO", 200), ("MWST", 330), ("BRUTTO", 470)],
            [("A=19,00%", 20), ("1,88", 200), ("0,36", 330), ("2,24", 470)],
            b_row,
        ]

    # 18,93 read "8,93", 1,32 read "1 32": 20,25 is the gross that makes the table the total
    got = extract(table([("B= 7,00%", 20), ("8,93", 200), ("1 32", 330), ("20,25", 470)]), locale="de_DE")
    assert (got["tax"]["value"], got["net"]["value"]) == ("1.68", "20.81")
    assert lines_of(got) == [("19", "1.88", "0.36"), ("7", "18.93", "1.32")]
    # the tax worked out of that gross not printed on the row: nothing is made up for it
    got = extract(table([("B= 7,00%", 20), ("8,93", 200), ("4 06", 330), ("20,25", 470)]), locale="de_DE")
    assert ("7", "18.93", "1.32") not in lines_of(got)


def test_a_row_whose_rate_lost_its_sign_and_tax_misread_is_read_from_its_base_and_gross():
    def table(row):
        return [
            "Osteria Greco",
            ("VINO ROSSO DOC", "11,59 A"),
            ("CAFFE", "1,29 B"),
            ("TOTALE", "12,88"),
            [("IVA%", 20), ("Imponibile", 200), ("IVA", 330), ("TOTALE", 470)],
            row,
            [("10%", 20), ("1.17", 200), ("0,12", 330), ("1.29", 470)],
        ]

    # "22" for "22%", 2,09 read "2.89": 9,50 and 11,59 are a 22 % base and gross, and the two
    # rows' grosses make the total
    got = extract(table([("22", 20), ("9.50", 200), ("2.89", 330), ("11.59", 470)]), locale="it_IT")
    assert (got["tax"]["value"], got["net"]["value"]) == ("2.21", "10.67")
    assert lines_of(got) == [("22", "9.50", "2.09"), ("10", "1.17", "0.12")]
    # the row's leading number not the rate of its base and gross: no line is made up for it
    got = extract(table([("21", 20), ("9.50", 200), ("2.89", 330), ("11.59", 470)]), locale="it_IT")
    assert ("22", "9.50", "2.09") not in lines_of(got) and ("21", "9.50", "2.09") not in lines_of(got)


@pytest.mark.parametrize("rates", [("7", "19"), ("19",)])
def test_the_net_of_one_rate_of_several_is_no_subtotal(rates):
    """A hotel's bill prints the net and the tax of each rate ("Nettobetrag 7 %", "MwSt 7 %",
    "Nettobetrag 19 %", "MwSt 19 %"): the last net is one rate's, not the amount before tax
    (it was the subtotal at 0.8). A bill of one rate prints its whole net so."""
    parts = {"7": ("249,53", "17,47"), "19": ("37,82", "7,18")}
    rows = ["Hotel Adler GmbH", "80539 Muenchen", "Rechnung 14.03.2024", ""]
    for rate in rates:
        rows += [(f"Nettobetrag {rate} %", parts[rate][0]), (f"MwSt {rate} %", parts[rate][1])]
    total = {("7", "19"): "312,00", ("19",): "45,00"}[rates]
    fields = extract([*rows, ("Gesamtbetrag EUR", total), ("Bezahlt VISA", total)])
    if len(rates) == 2:
        assert value(fields, "subtotal") is None, fields["subtotal"]
        assert (value(fields, "tax"), value(fields, "net")) == ("24.65", "287.35")
        assert fields["tax"]["confidence"] >= 0.8
    else:
        assert value(fields, "subtotal") == "37.82" and fields["subtotal"]["confidence"] >= 0.8
        assert value(fields, "tax") == "7.18"


def test_a_rate_in_an_items_name_is_no_tax_line():
    """An invoice's item table with a tax column ("MwSt." in its heading) lists "Vollmilch 3,5%"
    (the milk's fat): its 3,5 % and the price after it were a tax line of their own, the tax one
    euro too high. The row's tax rate is its column's, 7 %."""
    from ocr_service.receipt.tax_pairs import rate_of_row

    rows = [
        "Markt Lorenz", "Kirchgasse 88, 31976 Kassel", "Rechnung RE-2023-59462", "Rechnungsdatum: 01.11.2023",
        "", "Pos. Bezeichnung Menge Einzelpreis MwSt. Betrag",
        ("1 Apfelschorle 1 1,07 7 %", "1,07"), ("2 Vollmilch 3,5% 1 1,00 7 %", "1,00"),
        ("3 Kabel 1 11,90 19 %", "11,90"), "",
        ("Nettobetrag", "11,93"), ("MwSt 19 %", "1,90"), ("MwSt 7 %", "0,14"), ("Gesamtbetrag EUR", "13,97"),
    ]  # fmt: skip
    fields = extract(rows)
    assert lines_of(fields) == [("19", None, "1.90"), ("7", None, "0.14")]
    assert value(fields, "tax") == "2.04"
    # a tax's own rows keep their first rate, a tax class's letter is no name
    assert rate_of_row("MwSt 7% 25,32 MwSt 19% 8,86").group(1) == "7"
    assert rate_of_row("A 19% 8,40 1,60 10,00 B 7% 1,00").group(1) == "19"


def test_an_item_tables_rows_under_a_heading_naming_its_tax_column_are_no_tax_lines():
    """An invoice's item table names its tax column among quantities and prices ("Pos.
    Bezeichnung Menge Einzelpreis MwSt. Betrag"): its rows are items, not a tax table's, however
    close an item's price comes to a rate's share of the total (the butter's 1,81 is 7 % of 27,86,
    and was taken for the 7 % tax over the printed 0,89)."""
    rows = [
        "Markt Lorenz", "Kirchgasse 88, 31976 Kassel", "Rechnung RE-2025-86025", "Datum 11.09.2025", "",
        "Pos. Bezeichnung Menge Einzelpreis MwSt. Betrag",
        ("1 Tomaten Rispen 1 2,59 7 %", "2,59"), ("2 Apfelschorle 6 0,61 19 %", "3,66"),
        ("3 Tomaten Rispen 1 2,63 7 %", "2,63"), ("4 Roggenbrot 1 1,91 7 %", "1,91"),
        ("5 Joghurt Natur 1 0,59 7 %", "0,59"), ("6 Schrauben Set 1 5,49 19 %", "5,49"),
        ("7 Brötchen 1 0,43 7 %", "0,43"), ("8 Bio Honig 1 3,59 7 %", "3,59"),
        ("9 Mineralwasser 1 0,31 19 %", "0,31"), ("10 Toilettenpapier 1 4,85 19 %", "4,85"),
        ("11 Butter 1 1,81 7 %", "1,81"), "",
        ("Nettobetrag", "24,69"), ("MwSt 19 %", "2,28"), ("MwSt 7 %", "0,89"), ("Gesamtbetrag EUR", "27,86"),
    ]  # fmt: skip
    fields = extract(rows)
    assert sorted(lines_of(fields)) == [("19", None, "2.28"), ("7", None, "0.89")]
    assert value(fields, "tax") == "3.17" and value(fields, "net") == "24.69"


def test_a_tax_tables_row_keeps_its_rates_whatever_words_head_it():
    """A rate after a word ("Taux 5,5%") is an item's name's only on an item table's row: a tax
    table's row of two rates keeps both, and a heading naming descriptions, no quantities or unit
    prices, heads a tax table ("VAT Description  Rate  VAT")."""
    from ocr_service.receipt.tax_pairs import _names_rates

    taux = [
        ("Taux", 20),
        ("5,5%", 80),
        ("10,00", 140),
        ("0,55", 200),
        ("20%", 260),
        ("50,00", 320),
        ("10,00", 400),
    ]
    fields = extract(["CAFE DU PORT", "Détail TVA", taux, ("TOTAL", "70,55")])
    assert sorted(lines_of(fields)) == [("20", "50.00", "10.00"), ("5.5", "10.00", "0.55")]
    assert value(fields, "tax") == "10.55"
    described = [("Standard", 20), ("20%", 200), ("8.00", 300), ("1.60", 440)]
    reduced = [("Reduced", 20), ("5%", 200), ("0.06", 440)]
    fields = extract(["SHOP", "VAT Description  Rate  VAT", described, reduced, ("TOTAL", "10.86")])
    assert value(fields, "tax") == "1.66"
    # an item's row is short: a hostile row of thousands of rates is read as it is, at once
    assert _names_rates("Milch " + "1,5% 0,89 " * 2000) == set()


def test_the_nets_of_one_rate_printed_alike_are_the_subtotal():
    rows = ["Hotel Adler GmbH", "80539 Muenchen", "Rechnung 14.03.2024", "", ("Nettobetrag 7 %", "249,53"),
            ("MwSt 7 %", "17,47"), ("Nettobetrag 7,0 %", "249,53"), ("Summe EUR", "267,00")]  # fmt: skip
    assert value(extract(rows), "subtotal") == "249.53"
