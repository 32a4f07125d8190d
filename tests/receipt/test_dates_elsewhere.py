"""Dates as receipts of other countries print them, and a ticket's or an order's other days:
Taiwan's years of the Republic, Sweden's year first, the day a ticket was sold beside the day
of its journey. Each is read right, or below the confidence the addon fills in (0.8)."""

import pytest

from ocr_service.receipt.dates import find_dates

from .synth import extract

FILL = 0.8


def date(rows, locale=None):
    got = extract(rows, locale)["date"]
    return got["value"], got["confidence"]


# -- a date inside a longer number ---------------------------------------------------------------
def test_a_date_does_not_start_inside_a_three_digit_number():
    # "113/03/15" is no "13/03/15": the day glued to a number needs two digits before it at least
    assert find_dates("Date 113/03/15 12:05") == []
    assert [d.date.isoformat() for d in find_dates("18:1524/05/18")] == ["2018-05-24"]


TAIWAN = [
    "STARBUCKS TAIPEI 101",
    "Xinyi Dist., Taipei City",
    "Tax ID 97162640",
    "Date 113/03/15 12:05",
    "Order #1234",
    ("LATTE GRANDE", "NT$ 150.00"),
    ("MUFFIN", "NT$ 85.00"),
    ("TOTAL", "NT$ 235.00"),
    ("CASH", "NT$ 300.00"),
]


def test_a_taiwanese_receipt_counts_the_years_of_the_republic(today):
    assert date(TAIWAN)[0] == "2024-03-15"


def test_a_three_digit_year_elsewhere_is_no_date(today):
    got, conf = date(["CORNER SHOP", "Date 113/03/15 12:05", ("COFFEE", "45.00"), ("TOTAL", "45.00")])
    assert got is None or conf < FILL


# -- Sweden: year first --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "want"),
    [
        (["PRESSBYRAN", "Org.nr 556123-4567", "KVITTO", "24-03-15 08:14", ("KAFFE", "32,00"),
          ("Att betala", "32,00 kr"), ("Moms 12%", "3,43")], "2024-03-15"),
        (["HEMKOP", "KVITTO", "Datum 24/03/15  Kl 10:11", ("BANANER", "24,90"), ("Totalt", "24,90 kr"),
          ("Moms 12%", "2,67")], "2024-03-15"),
        (["SYSTEMBOLAGET", "Org nr 556059-9473", "24-03-15 16:40", ("VIN", "129,00"),
          ("Totalt", "129,00 SEK"), ("Moms 25%", "25,80")], "2024-03-15"),
        (["ICA", "KVITTO", "23-11-05 12:00", ("KAFFE", "40,00"), ("Totalt", "40,00 kr"),
          ("Moms 12%", "4,29")], "2023-11-05"),
    ],
)  # fmt: skip
def test_a_swedish_receipt_puts_the_year_first(today, rows, want):
    got, conf = date(rows)
    assert got == want and conf >= FILL


def test_krona_alone_does_not_say_which_order(today):
    # Danish and Norwegian receipts print "kr" too, and put the day first
    got, conf = date(["BUTIK", "24-03-15 08:14", ("KAFFE", "32,00"), ("I alt", "32,00 kr")])
    assert got in ("2015-03-24", "2024-03-15") and conf < FILL


def test_the_same_date_keeps_its_order_elsewhere(today):
    # Malaysia prints the day first, Hungary and Korea the year first: as before, Sweden's now too
    rows = {
        "2018-01-15": ["KEDAI RUNCIT SDN BHD", "JALAN AMPANG", "15-01-18 10:20", ("MILO", "RM 5.00"),
                       ("TOTAL", "RM 5.00")],
        "2015-03-24": ["KEDAI RUNCIT SDN BHD", "JALAN AMPANG", "24-03-15 10:20", ("MILO", "RM 5.00"),
                       ("TOTAL", "RM 5.00")],
        "2024-03-15": ["PENNY", "Adoszam 10872456-2-44", "24.03.15. 10:20", ("KENYER", "549,00"),
                       ("OSSZESEN", "549,00 HUF"), ("AFA 5%", "26,14")],
        "2024-03-16": ["EMART24", "Seoul, Korea", "24.03.16 21:10", ("COFFEE", "KRW 2,000"),
                       ("TOTAL", "KRW 2,000")],
        "2024-03-17": ["ICA", "KVITTO", "24-03-17 12:00", ("KAFFE", "40,00"), ("Totalt", "40,00 kr")],
    }  # fmt: skip
    assert {want: date(r)[0] for want, r in rows.items()} == {want: want for want in rows}


# -- a ticket's or an order's other day ----------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "want"),
    [
        (["SNCF GUICHET", "PARIS -> LYON", "Départ le 15/07/2024 à 08:04", ("Aller simple 2nde", "69,00"),
          ("TOTAL", "69,00 €"), ("CB", "69,00"), "Vendu le 02/07/2024 à 17:41"], "2024-07-02"),
        (["RENFE", "MADRID -> SEVILLA", "Fecha de viaje 15/07/2024 08:00", ("Tarifa Basico", "59,00"),
          ("TOTAL", "59,00 EUR"), ("TARJETA", "59,00"), "Fecha de venta 02/07/2024 17:41"], "2024-07-02"),
        (["EASYJET", "Ticket receipt", "Issued: 01/05/2024", "LGW -> NCE 20/09/2024 07:10",
          ("Fare", "120.00"), ("Total paid", "£165.00"), ("VISA", "165.00")], "2024-05-01"),
        (["HOMEBASE STORE 0412", "ORDER CONFIRMATION", "Order date: 18/06/2024",
          "Collection from: 20/06/2024", ("Garden hose 30m", "24.99"), ("Order total", "£24.99")],
         "2024-06-18"),
    ],
)  # fmt: skip
def test_the_day_of_sale_beats_the_day_of_the_journey(today, rows, want):
    assert date(rows)[0] == want


def test_two_days_of_a_journey_and_no_day_of_sale_are_unsure(today):
    rows = ["SNCF", "Départ le 15/07/2024 à 08:04", "Retour le 20/07/2024", "Date de voyage 15/07/2024",
            ("TOTAL", "69,00 €")]  # fmt: skip
    got, conf = date(rows)
    assert got is None or conf < FILL


@pytest.mark.parametrize(
    "rows",
    [
        ["SUPERMARKT DE HOEK", "geldig van 13-05-2024 t/m 19-05-2024", ("Kipfilet 1 kg", "7,99"),
         ("Aardbeien 400 g", "2,49")],
    ],
)  # fmt: skip
def test_the_first_day_an_offer_is_valid_is_no_sale(today, rows):
    got, conf = date(rows)
    assert got is None or conf < FILL
