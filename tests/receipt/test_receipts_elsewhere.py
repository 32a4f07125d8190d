"""Receipts from Quebec and Croatia, and header lines that are no shop's name, on synthetic
lines: tax names beyond VAT and MwSt, Quebec's two taxes on one subtotal."""

from ocr_service.receipt.names import clean_name

from .synth import extract, lines_of, value
from .test_vendor_brand import vendor


def test_quebec_prints_two_taxes_on_one_subtotal():
    fields = extract(
        [
            "PHARMACIE DU PARC",
            "MONTREAL QC H3B 1E5",
            ("CLENS CLEAR", "14,99"),
            ("SOUS-TOTAL:", "14,99"),
            ("5,0% TPS :", "0,75"),
            ("9,975% TVQ :", "1,50"),
            ("TOTAL:", "$17,24"),
            "Sep. 24, 2018 8:11 AM",
        ]
    )
    assert value(fields, "total") == "17.24"
    assert value(fields, "tax") == "2.25"
    assert value(fields, "net") == "14.99"
    assert value(fields, "currency") == "CAD"
    assert sorted(rate for rate, _base, _amount in lines_of(fields)) == ["5", "9.975"]


def test_a_french_subtotal_that_holds_the_tax_is_no_net():
    # in France the sous-total is what is paid: net + tax = total does not hold, no net
    fields = extract(
        [
            "CAFE DE LA PAIX",
            "75009 PARIS",
            ("1 CAFE", "4,00"),
            ("SOUS-TOTAL", "4,00"),
            ("TOTAL TTC", "4,00"),
            ("dont TVA 10%", "0,36"),
        ]
    )
    assert value(fields, "net") != "4.00"


def test_croatian_pdv_is_a_tax():
    fields = extract(
        [
            "KONOBA MORE",
            "21300 Makarska",
            ("RIBA", "200,00"),
            ("UKUPNO: KN", "250,00"),
            ("PDV 25%", "50,00"),
        ]
    )
    assert value(fields, "tax") == "50.00"
    assert value(fields, "currency") == "HRK"


def test_the_card_paid_with_or_a_person_addressed_by_title_is_no_vendor():
    # a card slip's header: the card's name is not the shop's
    assert vendor(["MASTERCARD", "701 WEST GEORGIA STREET", "VANCOUVER"]) != "MASTERCARD"
    # a pharmacist named in the header: no person's name is written as the vendor
    assert vendor(["Frau Fachapothekerin Meier", "Parkstr. 1", "04109 Leipzig"]) is None
    # a bar named after a man is a name
    assert vendor(["HERR LEHMANN", "Lehmannstr. 1", "10115 Berlin"]) == "HERR LEHMANN"


def test_a_digit_read_inside_a_lower_case_word_is_its_letter():
    assert clean_name("Noels Bal1room") == "Noels Ballroom"
    assert clean_name("Bo0k Corner") == "Book Corner"
    # a capital I inside a name is a letter, as printed
    assert clean_name("McIntosh Hardware") == "McIntosh Hardware"
    assert clean_name("HolidayInn Express") == "HolidayInn Express"
    # a zero for the capital starting a word, the one after it read as a digit too
    assert clean_name("Restaurant 0lymp") == "Restaurant Olymp"
    assert clean_name("Restaurant 01ymp") == "Restaurant Olymp"
    assert clean_name("Bar 0815") == "Bar 0815" and clean_name("Cafe 2.0lounge") == "Cafe 2.0lounge"
    assert clean_name("7-Eleven") == "7-Eleven"
    # a one between a small letter and a capital, or inside a word of capitals
    assert clean_name("KOCHspie1HAUS") == "KOCHspielHAUS"
    assert clean_name("MAX1MUM SPORTS") == "MAXIMUM SPORTS"
    # digits that belong: a number in a name, a code of letters and digits
    assert clean_name("Bar 21 Lounge") == "Bar 21 Lounge" and clean_name("B1 CAFE") == "B1 CAFE"
    assert clean_name("Studio 1A") == "Studio 1A"


def test_a_greek_letter_inside_a_latin_word_is_the_latin_letter():
    assert clean_name("TaρaTapa") == "TapaTapa"
    assert clean_name("CAFΕ NERO") == "CAFE NERO"
    # a Greek name is Greek
    assert clean_name("ΤΑΒΕΡΝΑ Ο ΜΙΧΑΛΗΣ") == "ΤΑΒΕΡΝΑ Ο ΜΙΧΑΛΗΣ"
    assert clean_name("Καφενείο Athens") == "Καφενείο Athens"
    # nu looks like v; a Greek word read with a Latin letter is Greek again
    assert clean_name("Caνe Bar") == "Cave Bar"
    assert clean_name("ΤΑΒEΡΝΑ") == "ΤΑΒΕΡΝΑ"
    assert clean_name("ΚΑΦEΝΕΙΟ ΦΙΛΟΣ") == "ΚΑΦΕΝΕΙΟ ΦΙΛΟΣ"


def test_spanish_impuesto_is_the_tax_and_base_plus_tax_the_total():
    # the TOTAL label went missing: the amount under base + impuesto is what was paid
    fields = extract(
        [
            "faborit",
            "28046 MADRID",
            "FECHA:20/09/2019",
            ("1 MENU PANINO", "7,10"),
            ("1 CROISSANT", "1,50"),
            ("1 LATTE MACCHIATO", "1,80"),
            ("BASE IMPONIBLE", "9,45"),
            [("IMPUESTO", 200), ("10%", 340), ("0,95", 460)],
            ("", "10,40"),
            ("TARJETAS", "10,40"),
        ]
    )
    assert value(fields, "tax") == "0.95"
    assert value(fields, "net") == "9.45"
    assert value(fields, "total") == "10.40"


def test_a_heading_that_names_the_rate_in_each_column():
    # "Brutto 19%  Netto 19%  MwSt 19%" over the three amounts, with the euro sign before each
    fields = extract(
        [
            "EL TORO",
            "44787 BOCHUM",
            ("RUMPSTEAK", "€35,80"),
            ("PAPA ASADA", "€234,50"),
            ("ZW-SUMME", "€270,30"),
            [("Brutto 19%", 20), ("Netto 19%", 200), ("MwSt 19%", 400)],
            [("€270,30", 20), ("€227,14", 200), ("€43,16", 400)],
            "04/09/2024 21:23",
        ]
    )
    assert value(fields, "tax") == "43.16"
    assert value(fields, "net") == "227.14"
    assert lines_of(fields) == [("19", "227.14", "43.16")]


def test_a_misread_subtotal_still_labels_the_net():
    fields = extract(
        [
            "OLD NAVY",
            "BELLEVUE WA 98006",
            ("SHIRT", "115.97 T"),
            ("Subtatal", "115.97"),
            ("T1 (9.375%) Tax", "10.87"),
            ("Total", "126.84"),
            ("MASTER CARD", "126.84"),
        ]
    )
    assert value(fields, "net") == "115.97"
    assert value(fields, "tax") == "10.87"


def test_a_logo_in_two_pieces_is_the_name_another_line_prints_whole():
    # the logo's two words set one over the other, larger than the text; the name printed whole below
    header = ["SWISS", "BREAK", "Swiss Break", "Neumarkt 26, 04103 Leipzig"]
    assert vendor(header, heights=[40, 40, 30, 30]) == "Swiss Break"
    header = ["CentralPark", "Terrazza", "CENTRAL PARK TERRAZZA", "3 PLACE DE BRETEUIL", "75007 PARIS"]
    assert vendor(header, heights=[40, 44, 30, 30, 30]) == "CENTRAL PARK TERRAZZA"
    # nothing printed whole: the pieces are left as the header reads them
    alone = ["SWISS", "BREAK", "Neumarkt 26, 04103 Leipzig"]
    assert vendor(alone, heights=[40, 40, 30]) in ("SWISS", "BREAK")
