"""Dates a receipt prints that are not the sale's: a return deadline in the sentence above
the date's row, or named on its own row."""

import pytest

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


# an invoice's head: the dates below go between it and its amounts
_INVOICE_HEAD = [
    "IT-Service Becker GmbH",
    "Lindenweg 5, 01067 Dresden",
    "USt-IdNr. DE298765432",
    "RECHNUNG Nr. 2026-1187",
]
_INVOICE_AMOUNTS = [
    ("Beratung 4 Std.", "480,00"), ("Fahrtkosten", "35,00"), ("Nettobetrag", "515,00"),
    ("USt 19%", "97,85"), ("Gesamtbetrag EUR", "612,85"),
]  # fmt: skip


@pytest.mark.parametrize(
    "dates",
    [
        ["Lieferdatum: 28.10.2026", "Datum: 03.11.2026"],
        ["Leistungsdatum: 28.10.2026", "Datum: 03.11.2026"],
        ["Leistungszeitraum: 01.10.2026 - 31.10.2026", "Dresden, 03.11.2026"],
        ["Ihre Bestellung vom 20.10.2026", "Dresden, den 03.11.2026"],
        ["Bestelldatum: 20.10.2026 14:10", "Rechnungsdatum: 03.11.2026"],
        ["Order Date: 10/20/2026", "Ship Date: 10/28/2026", "Date: 11/03/2026"],
        ["Service period 01/10/2026 - 31/10/2026", "Issued 03/11/2026"],
        ["Druckdatum: 06.11.2026 09:15", "Datum: 03.11.2026 07:58"],
        ["DUPLIKAT gedruckt am 06.11.2026 09:15", "03.11.2026 07:58 Bon 1183"],
        ["*** REPRINT 06/11/2026 09:15 ***", "03/11/2026 07:58 Trans 1183"],
    ],
)
def test_a_delivery_order_service_or_print_day_above_the_documents_own_is_not_its_date(dates):
    """An invoice's delivery, order or service day, a copy's print day, printed above the day it
    was issued: each was returned at 0.92 to 0.98 (filled on the expense)."""
    fields = extract(_INVOICE_HEAD + dates + _INVOICE_AMOUNTS)
    assert value(fields, "date") == "2026-11-03"
    assert fields["date"]["confidence"] >= 0.8


def test_a_delivery_day_that_is_the_documents_only_date_stays_its_date():
    """Receipts print "Leistungsdatum" or "Order Date" before the one date they have (the
    delivery is the sale): that date is returned as sure as before."""
    for dates in (["Leistungsdatum: 03.11.2026"], ["Order Date: 03.11.2026 12:41"]):
        fields = extract(_INVOICE_HEAD + dates + _INVOICE_AMOUNTS)
        assert value(fields, "date") == "2026-11-03"
        assert fields["date"]["confidence"] >= 0.8


def test_a_folios_nights_do_not_outvote_its_own_date():
    """A hotel's invoice lists a charge per night, each dated: the first night's date, printed
    on three rows, was returned at 0.95 rather than the day it was issued."""
    rows = [
        "Hotel Adler", "Marktplatz 1, 70173 Stuttgart", "RECHNUNG Nr. 55123", "Anreise: 01.11.2026",
        "Abreise: 05.11.2026",
        ("01.11.2026 Logis", "115,00"), ("01.11.2026 Fruehstueck", "15,50"),
        ("02.11.2026 Logis", "115,00"), ("02.11.2026 Fruehstueck", "15,50"),
        ("03.11.2026 Logis", "115,00"), ("03.11.2026 Fruehstueck", "15,50"),
        ("04.11.2026 Logis", "115,00"), ("04.11.2026 Fruehstueck", "15,50"),
        ("Gesamtbetrag EUR", "522,00"), ("Zahlung Visa 05.11.2026", "-522,00"), "Stuttgart, 05.11.2026",
    ]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "date") == "2026-11-05"
    # a folio that prints no date of its own but its nights and its stay: a guess, for a person
    rows = [
        "HILTON GARDEN INN BOSTON", "100 Boylston St, Boston MA 02116", "GUEST FOLIO",
        "Arrival: 11/01/26 Departure: 11/05/26",
        ("11/01/26 Room Charge", "189.00"), ("11/02/26 Room Charge", "189.00"),
        ("11/03/26 Room Charge", "189.00"), ("11/04/26 Room Charge", "189.00"),
        ("11/05/26 VISA ****1234", "-756.00"), ("Total Charges", "756.00"),
    ]  # fmt: skip
    fields = extract(rows)
    assert fields["date"]["value"] is None or fields["date"]["confidence"] < 0.8


def test_a_car_parks_entry_is_not_the_day_it_was_paid():
    fields = extract(
        [
            "APCOA PARKING",
            "Parkhaus Hbf Stuttgart",
            "Einfahrt: 02.11.2026 08:12",
            "Ausfahrt: 04.11.2026 17:40",
            ("Parkgebuehr", "36,00 EUR"),
            ("inkl. 19% MwSt", "5,75 EUR"),
            ("Bezahlt EC", "36,00 EUR"),
        ]  # fmt: skip
    )
    assert value(fields, "date") == "2026-11-04"
