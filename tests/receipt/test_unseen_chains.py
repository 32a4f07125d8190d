"""Layouts of chains the rules had not met (the scanned receipts' `real-scans-dev` part), on
synthetic lines: tax tables with a till's code or the rate between the amounts, a tax under its
base, totals labelled as fast-food tills and Austrian bakeries label them, tips on top, and header
lines that are a store number, a table, a waiter or a place, never the name."""

from .synth import extract, lines_of, value


def test_a_tax_table_row_with_the_tills_code_before_the_rate():
    fields = extract(
        [
            "Backstube am Bahnhof",
            "Bahnhofplatz 7, 04109 Leipzig",
            ("Gouda Ecke", "3,40 EUR"),
            ("Tee", "2,40 EUR"),
            ("Total in EUR", "5,80 EUR"),
            ("Bar", "5,80 EUR"),
            [("MwSt %", 20), ("Netto", 200), ("Brutto", 320), ("MwSt", 460)],
            [("2", 20), ("19.00", 80), ("4,87", 200), ("5,80", 320), ("0,93", 460)],
            "18.02.2020 09:15",
        ]
    )
    assert value(fields, "tax") == "0.93"
    assert lines_of(fields) == [("19", "4.87", "0.93")]


def test_a_tax_table_row_with_the_rate_between_the_amounts():
    fields = extract(
        [
            "Bar El Puerto",
            "Calle Mayor 3, 46001 Valencia",
            ("PINTXO 7 x 2.10", "14.70"),
            ("TORTILLA", "18.44"),
            [("Base Imp.", 20), ("%", 200), ("IVA", 320), ("Total", 460)],
            [("33.14", 20), ("10", 200), ("3.31", 320), ("36.45", 460)],
            ("TOTAL", "36.45"),
            "22/09/2019 14:02",
        ]
    )
    assert value(fields, "tax") == "3.31"
    assert lines_of(fields) == [("10", "33.14", "3.31")]


def test_each_rates_tax_on_the_row_under_its_base_and_a_total_printed_with_a_space_after_its_point():
    fields = extract(
        [
            "BURGER BAR BRUSSELS",
            "Rue Neuve 123, 1000 Brussels",
            ("1 x Burger", "13.75 B"),
            ("1 x Soda", "4.00 A"),
            ("1 x Fries", "7.00 B"),
            ("Elec. Pay.", "EUR 24.75"),
            ("Total", "EUR 24. 75"),
            ("Balance Due", "EUR 0.00"),
            [("VAT A 21.00%", 20), ("Taxable amount: 3.31", 300)],
            ("VAT amount:", "0.69"),
            [("VAT B 12.00%", 20), ("Taxable amount: 18.53", 300)],
            ("VAT amount:", "2.22"),
            "13.10.2023 20:44",
        ]
    )
    assert value(fields, "total") == "24.75"  # never the 0.00 left to pay
    assert value(fields, "tax") == "2.91"
    assert lines_of(fields) == [("21", "3.31", "0.69"), ("12", "18.53", "2.22")]


def test_the_eat_in_total_and_a_garbled_tax_row_that_spells_tot():
    fields = extract(
        [
            "BURGER BAR GERMANY GmbH",
            "Potsdamer Platz 11, 10785 Berlin",
            ("BACON CHEESEBURGER", "10.95"),
            ("FRIES REGULAR", "5.50"),
            ("SODA", "3.60"),
            ("Zwischensumme", "18.40"),
            ("MwSt 19% Steuer", "0.57"),
            ("MwSt 7% Steuer", "1.08"),
            ("Gesamtsteuerbetrag", "1.65"),
            ("Im Haus Summe", "20.05"),
            ("Chip n Pin", "20.05"),
            "7.00%to:15.37t:1.08",
            "12/05/2022",
        ]
    )
    assert value(fields, "total") == "20.05"


def test_a_tip_under_the_total_and_the_amount_they_make_is_what_was_paid():
    fields = extract(
        [
            "BURGER BAR",
            "4065 S. Maryland Parkway, Las Vegas, NV 89119",
            ("1 Bacon Cheeseburger", "$10.15"),
            ("1 Regular Fry", "$4.84"),
            ("1 Regular Soda", "$2.54"),
            ("Sub Total", "$17.53"),
            ("Sales Tax", "$1.47"),
            ("Order Total", "$19.00"),
            ("MasterCard", "$19.00"),
            ("TIP AMOUNT", "$1.90"),
            ("AUTHORIZED AMOUNT", "$20.90"),
            "12/2/2021 3:38:53 PM",
        ]
    )
    assert value(fields, "total") == "20.90"


def test_no_total_label_but_cash_paid_to_the_cent_of_an_amount_and_its_tax():
    fields = extract(
        [
            "SLIDER SHACK",
            ("Bacon Chz Burger", "$9.75"),
            ("French Fries", "$3.25"),
            ("Vanilla Shake", "$6.25"),
            ("MDSE ST", "$19.25"),
            ("FoodTAX1", "$1.68"),
            ("CASH", "$20.93"),
            "08/14/2018 12:31",
        ]
    )
    assert value(fields, "total") == "20.93"


def test_saldo_is_the_total_with_a_space_after_its_comma():
    fields = extract(
        [
            "Backerei am Ring",
            "Ringstrasse 2, 1010 Wien",
            ("Brotchen 11 x 1,70", "€ 18,70"),
            ("Biosaft 2 x 3,40", "€ 6,80"),
            ("Saldo", "€ 25, 50"),
            ("BKK", "€ 25, 50"),
            "Datum und Zeit: 15.12.2023 15:19:00",
        ]
    )
    assert value(fields, "total") == "25.50"


def test_a_store_number_is_no_name_and_the_web_address_names_the_shop_as_a_sentence_spells_it():
    fields = extract(
        [
            "STORE # NV-1525",
            "4065 S. Maryland Parkway",
            "Las Vegas, NV 89119",
            "Employee: George B",
            ("1 Bacon Cheeseburger", "$10.15"),
            ("Order Total", "$10.15"),
            "12/2/2021 3:38:53 PM",
            "Help Burger Brothers and you could win!",
            "Log online to ww.burgerbrothers.com/survey",
        ]
    )
    assert value(fields, "vendor") == "Burger Brothers"


def test_the_place_under_a_welcome_a_table_and_a_waiter_are_no_names():
    welcomed = extract(
        [
            "Welcome to Snacks",
            "at Mirage Hotel and Casino",
            "12/1/2021 9:35",
            "Snacks",
            "Check: 5072907 Table: 41",
            ("1 Tomato Grill Chz", "14.00"),
            ("Total", "14.00"),
        ]
    )
    assert value(welcomed, "vendor") == "Snacks"
    for header in (["Tafel:10", "Bediend door Floor"], ["TABLE # B3", "ITEMS ORDERED"], ["Total inc."]):
        fields = extract([*header, ("1 Pancakes", "11,00"), ("Totaal", "11,00"), "08.10.2019 11:41"])
        assert value(fields, "vendor") is None, header


def test_quebecs_two_taxes_under_an_s_total_make_the_tax():
    fields = extract(
        [
            "BURGER BAR # QC-1281",
            "1 Rue Sainte-Catherine, Montreal QC H3B 1A7",
            ("1 CHEESEBURGER", "12,99 $"),
            ("1 FRITES", "4,49 $"),
            ("1 BOISSON", "3,19 $"),
            ("S-Total", "20,67 $"),
            ("T.P.S", "1,03 $"),
            ("T.V.Q", "2,06 $"),
            ("TOTAL", "23,76 $"),
            "09/09/2024 12:10",
        ]
    )
    assert value(fields, "subtotal") == "20.67"
    assert value(fields, "tax") == "3.09"
    assert value(fields, "net") == "20.67"
