"""Tax tables and labels as scanned restaurant and shop receipts print them (Germany, UK,
Belgium, Spain, the US), on synthetic lines."""

from .synth import extract, lines_of, value


def test_rate_column_without_percent_sign_under_a_heading_that_names_it():
    fields = extract(
        [
            "Trattoria Sole",
            "Hauptstr. 5, 53227 Bonn",
            ("1x Pizza", "10,90"),
            ("2x Wasser", "6,00"),
            [("MwSt.%", 20), ("Netto", 200), ("MwSt.", 320), ("Brutto", 460)],
            [("A=19,000", 20), ("14,20", 200), ("2,70", 320), ("16,90", 460)],
            ("Bar Total: EUR", "16,90"),
            "16.03.2024 22:11",
        ]
    )
    assert value(fields, "tax") == "2.70"
    assert value(fields, "net") == "14.20"
    assert lines_of(fields) == [("19", "14.20", "2.70")]


def test_rate_column_with_the_base_and_tax_only_the_gross_printed_as_the_total():
    # "MwSt. %" read as "MuSt. %"; the row prints the rate, the tax and the base, no gross
    rows = [
        "Outdoor Haus",
        "Hauptstr. 5, 53227 Bonn",
        ("1x Trinkflasche", "15,96"),
        [("MuSt. %", 20), ("MwSt", 200), ("Netto", 460)],
        [("A 19,00", 20), ("2,55", 200), ("13,41", 460)],
        ("ZAHLENDER BETRAG", "15,96"),
        "16.07.2021 12:10",
    ]
    fields = extract(rows)
    assert (value(fields, "tax"), value(fields, "net")) == ("2.55", "13.41")
    assert lines_of(fields) == [("19", "13.41", "2.55")]
    # two amounts of which neither is the rate's share of the other: no tax line from the row
    rows[4] = [("A 19,00", 20), ("2,95", 200), ("13,41", 460)]
    assert lines_of(extract(rows)) == []
    # the heading alone names the rate column, "MwSt" read as "MuSt"
    rows[3:5] = [[("MuSt. %", 20)], [("A 19,00", 20), ("2,55", 200), ("13,41", 460)]]
    assert lines_of(extract(rows)) == [("19", "13.41", "2.55")]


def test_a_count_of_ten_before_a_unit_price_and_its_amount_is_no_rate():
    # a unit price is a tenth of the amount of ten: under a heading with a tax word, the row
    # is an item's, not a 10 % tax line
    rows = [
        "KEDAI RUNCIT MAJU SDN BHD",
        "12 JALAN AMPANG, 50450 KUALA LUMPUR",
        [("QTY", 20), ("U/PRICE", 160), ("AMOUNT", 320), ("TAX", 460)],
        [("10", 20), ("1.20", 160), ("12.00", 320), ("SR", 460)],
        [("1", 20), ("2.50", 160), ("2.50", 320), ("SR", 460)],
        ("GST 6%", "0.88"),
        ("TOTAL", "15.38"),
        "14/03/2018",
    ]
    fields = extract(rows)
    assert value(fields, "tax") == "0.88"
    assert ("10", "12.00", "1.20") not in lines_of(fields)


def test_each_rates_base_labelled_exkl_on_the_row_above_its_tax():
    # "Umsatz 19% exkl." is the base (not the gross an "Umsatz" alone is), its l read as 1 too
    rows = [
        "Trattoria Sole",
        "Hauptstr. 5, 53227 Bonn",
        ("Summe", "€ 128,85"),
        ("Umsatz 19% exkl.", "€ 51,18"),
        ("MwSt 19%", "€ 9,72"),
        ("Umsatz 7% exk1.", "€ 63,50"),
        ("MwSt 7%", "€ 4,45"),
        "22.04.2023 21:14",
    ]
    fields = extract(rows)
    assert (value(fields, "tax"), value(fields, "net")) == ("14.17", "114.68")
    assert sorted(lines_of(fields)) == [("19", "51.18", "9.72"), ("7", "63.50", "4.45")]


def test_rate_column_with_a_letter_code_and_two_rates():
    fields = extract(
        [
            "Boulangerie du Parc",
            "Rue Neuve 1, 1000 Bruxelles",
            ("1 CAPPUCCINO", "3,60 A"),
            ("1 CROISSANT", "2,80 B"),
            ("Total (EURO) :", "6,40"),
            [("% TVA", 20), ("TVA Excl", 160), ("TVA", 320), ("TVA Incl", 460)],
            [("B", 20), ("12", 80), ("2,50", 200), ("0,30", 320), ("2,80", 460)],
            [("A", 20), ("21", 80), ("2,98", 200), ("0,62", 320), ("3,60", 460)],
            "13/10/23 9:20",
        ]
    )
    assert value(fields, "tax") == "0.92"
    assert value(fields, "net") == "5.48"
    assert lines_of(fields) == [("12", "2.50", "0.30"), ("21", "2.98", "0.62")]


def test_bare_number_that_is_no_tax_rate_is_not_read_as_one():
    # the amounts under the heading are no base, tax and gross of the leading number
    fields = extract(
        [
            "Cafe Blau",
            ("Kaffee", "3,00"),
            ("SUMME EUR", "9,00"),
            [("MwSt", 20), ("Netto", 200), ("Brutto", 460)],
            [("2", 20), ("3,00", 200), ("3,00", 320), ("6,00", 460)],
            "14.03.2024",
        ]
    )
    assert fields["tax_lines"] == []


def test_amounts_beside_a_labels_colon_are_read_and_times_are_not():
    from ocr_service.receipt.amounts import money_amounts

    def read(text):
        return [f"{a.value}" for a in money_amounts(text)]

    assert read("Netto-Warenwert:57,23") == ["57.23"]
    assert read("A: TVA 5.5% sur 1.80: € 0.10") == ["1.80", "0.10"]
    assert read("12:30:45") == []
    assert read("12.30:45") == []


def test_net_printed_glued_to_its_label_and_rate_line_with_its_base_after_sur():
    fields = extract(
        [
            "Cafe am Markt",
            ("2 Cafe au lait", "7,80"),
            ("Summe EUR", "68,10"),
            "enthält 19,00% (1) MwSt.: 10,87",
            "Netto-Warenwert:57,23",
            "14.03.2024 10:42",
        ]
    )
    assert value(fields, "net") == "57.23"
    assert lines_of(fields) == [("19", "57.23", "10.87")]
    fields = extract(
        [
            "Boulangerie Horeto",
            ("Croissant", "1.90 A"),
            ("Total", "€ 1.90"),
            "A: TVA 5.5% sur 1.80: € 0.10 (1.90)",
            "22/03/2024 08:36",
        ]
    )
    assert lines_of(fields) == [("5.5", "1.80", "0.10")]


def test_us_net_total_and_taxable_amount_are_the_net_when_net_plus_tax_is_the_total():
    fields = extract(
        [
            "H&M",
            ("Socks", "9.99"),
            ("Jeans", "37.97"),
            ("Net total", "47.96"),
            ("Tax:", "4.08"),
            ("Total", "$52.04"),
            ("MasterCard", "$52.04"),
            "04/13/2019 10:42",
        ]
    )
    assert value(fields, "net") == "47.96"
    fields = extract(
        [
            "OLD NAVY",
            ("Jeans", "115.97 T"),
            ("Subtatal", "115.97"),
            ("T1 Taxable Amount", "115.97"),
            ("T1 (8.375%) Tax", "9.71"),
            ("Total Tax", "9.71"),
            ("Total", "125.68"),
            "12/02/2021 10:42",
        ]
    )
    assert value(fields, "net") == "115.97"
    assert lines_of(fields) == [("8.375", "115.97", "9.71")]


def test_net_total_that_is_the_amount_paid_is_no_net():
    fields = extract(
        [
            "KEDAI MAJU SDN BHD",
            ("Nasi Lemak", "10.00"),
            ("Total Excl GST", "10.00"),
            ("GST 6%", "0.60"),
            ("Net Total", "10.60"),
            "15/03/2018",
        ]
    )
    assert value(fields, "net") == "10.00"


def test_a_tip_between_tax_and_total_still_lets_subtotal_plus_tax_be_the_net():
    fields = extract(
        [
            "Panera Bread",
            ("1 Coffee", "2.49"),
            ("1 Sandwich", "9.28"),
            ("Subtotal", "11.77"),
            ("Tax", "1.21"),
            ("Gratuity", "2.00"),
            ("Total", "14.98"),
            "12/11/2021 09:15",
        ]
    )
    assert value(fields, "total") == "14.98"
    assert value(fields, "tax") == "1.21"
    assert value(fields, "net") == "11.77"


def test_one_rates_net_tax_and_gross_on_rows_of_their_own_make_one_line():
    fields = extract(
        [
            "The Haymarket",
            ("4 Guinness Keg", "17.00"),
            ("1 Steak Ale Pie", "22.00"),
            ("20% VAT Net", "32.50"),
            ("20% VAT", "6.50"),
            ("20% VAT Total", "39.00"),
            ("Total", "£39.00"),
            "26 Aug 2019 20:16",
        ]
    )
    assert value(fields, "tax") == "6.50"
    assert value(fields, "net") == "32.50"
    assert lines_of(fields) == [("20", "32.50", "6.50")]
    fields = extract(
        [
            "Gasthaus Zum Anker",
            ("3 X Hefe hell", "23,70"),
            ("1 X Schnitzel", "35,80"),
            ("Summe", "59,50"),
            ("Umsatz 19%", "23,70"),
            ("MwSt. 19%", "3,78"),
            ("Netto 19%", "19,92"),
            ("Umsatz 7%", "35,80"),
            ("MwSt. 7%", "2,34"),
            ("Netto 7%", "33,46"),
            "27.07.2022 20:37",
        ]
    )
    assert value(fields, "tax") == "6.12"
    assert lines_of(fields) == [("19", "19.92", "3.78"), ("7", "33.46", "2.34")]


def test_store_number_and_address_after_a_dash_are_not_part_of_the_name():
    fields = extract(
        [
            [("OLD NAVY - 05934", 200)],
            [("801 Market St", 215)],
            [("SAN FRANCISCO CA 94103-1901", 150)],
            ("Jeans", "39.99"),
            ("Subtotal", "39.99"),
            ("Tax", "3.40"),
            ("Total", "43.39"),
            "04/13/2019 13:37",
        ]
    )
    assert value(fields, "vendor") == "OLD NAVY"


def test_dotted_tax_abbreviation_is_the_tax_word():
    fields = extract(
        [
            "COFFEE & KITCHEN",
            ("1 Capuccino", "3,00 €"),
            ("1 Tostada", "12,60 €"),
            ("Base imponible", "14,18"),
            ("I.V.A. 10,00%", "1,42"),
            ("Total :", "15,60 €"),
            "21/05/2022 11:20",
        ]
    )
    assert value(fields, "tax") == "1.42"
    assert [(ln["rate"], ln["amount"]) for ln in fields["tax_lines"]] == [("10", "1.42")]


def test_several_taxes_without_a_rate_add_up_to_the_tax_when_subtotal_and_they_make_the_total():
    fields = extract(
        [
            "Hyatt Brewhouse",
            ("1 Sunny Cat", "7.00"),
            ("1 Burger", "29.95"),
            ("Subtotal", "$36.95"),
            ("Food State Tax", "$1.70"),
            ("Beverage State Tax", "$2.24"),
            ("Food City Tax", "$0.24"),
            ("Total", "$41.13"),
            "10/16/2022 19:05",
        ]
    )
    assert value(fields, "tax") == "4.18"
    assert value(fields, "net") == "36.95"


def test_a_tax_total_printed_below_its_parts_is_not_added_again():
    fields = extract(
        [
            "Corner Deli",
            ("1 Sandwich", "10.00"),
            ("Subtotal", "10.00"),
            ("State Tax", "1.00"),
            ("City Tax", "0.50"),
            ("Total Tax", "1.50"),
            ("Total", "11.50"),
            "10/16/2022 12:05",
        ]
    )
    assert value(fields, "tax") == "1.50"
    assert value(fields, "net") == "10.00"


def test_an_unlabelled_amount_equal_to_the_checked_tax_table_of_several_rates_is_the_total():
    fields = extract(
        [
            "ZUM ANKER",
            ("3 X Hefe hell *4,40", "*13,20"),
            ("1 X Schnitzel *16,60", "*16,60"),
            ("1 X Eis *10,50", "*10,50"),
            ("1 X Bier *19,20", "*19,20"),
            ("Zwischensumme über Alles", "*59,50"),
            ("EURO", "*59,50"),
            ("Umsatz 19%", "*23,70"),
            ("MwSt. 19%", "*3,78"),
            ("Netto 19%", "*19,92"),
            ("Umsatz 7%", "*35,80"),
            ("MwSt. 7%", "*2,34"),
            ("Netto 7%", "*33,46"),
            "27.07.2022 20:37",
        ]
    )
    assert value(fields, "total") == "59.50"
    assert value(fields, "tax") == "6.12"
    assert value(fields, "net") == "53.38"


def test_payment_due_is_the_amount_to_pay_not_a_payment():
    fields = extract(
        [
            "Hyatt Brewhouse",
            ("1 Sunny Cat", "7.00"),
            ("1 Burger", "29.95"),
            ("Subtotal", "$36.95"),
            ("Food State Tax", "$1.70"),
            ("Beverage State Tax", "$2.24"),
            ("Food City Tax", "$0.24"),
            ("Payment Due", "$41.13"),
            "Tip:",
            "Total:",
            "10/16/2022 19:05",
        ]
    )
    assert value(fields, "total") == "41.13"
    assert value(fields, "tax") == "4.18"


def test_a_time_glued_to_its_labels_colon_is_no_amount():
    from ocr_service.receipt.amounts import money_amounts

    assert money_amounts("Uhrzeit:12.30") == []
    assert money_amounts("Time:09.15") == []


def test_the_first_row_of_a_run_of_tax_rates_counts_without_its_tax_word():
    fields = extract(
        [
            "WHOLE FOODS MARKET",
            ("TOMS CLEAN MINT", "$5.49 T"),
            ("SALMON", "$18.04 T"),
            ("Subtotal:", "$23.53"),
            ("Food and Be 0.50%", "$0.06"),
            [("Tax:", 20), ("10.25%", 300), ("$1.69", 480)],
            [("Tax:", 20), ("1.25%", 300), ("$0.09", 480)],
            [("Tax:", 20), ("1.00%", 300), ("$0.12", 480)],
            ("Total:", "$25.49"),
            "09/27/2022 01:48 PM",
        ]
    )
    assert value(fields, "tax") == "1.96"
    assert [ln["rate"] for ln in fields["tax_lines"]] == ["0.5", "10.25", "1.25", "1"]


def test_net_sales_is_the_net_not_a_nets_card_payment():
    fields = extract(
        [
            "WHOLE FOODS MARKET",
            ("SALMON", "$24.43 T"),
            ("Subtotal:", "$24.43"),
            ("Total Savings:", "-$0.90"),
            ("Net Sales:", "$23.53"),
            ("Tax: 8.33%", "$1.96"),
            ("Total:", "$25.49"),
            "09/27/2022 01:48 PM",
        ]
    )
    assert value(fields, "net") == "23.53"
