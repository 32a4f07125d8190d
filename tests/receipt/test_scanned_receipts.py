"""Tax tables and labels as scanned restaurant and shop receipts print them (Germany, UK,
Belgium, Spain, the US), on synthetic lines."""

from ocr_service.receipt import extract_receipt_fields

from .synth import receipt


def extract(rows, locale=None):
    lines, _width, height = receipt(rows)
    return extract_receipt_fields(lines, page_height=height, locale=locale)


def lines_of(fields):
    return [(ln["rate"], ln["base"], ln["amount"]) for ln in fields["tax_lines"]]


def value(fields, name):
    field = fields.get(name)
    return field["value"] if isinstance(field, dict) else field


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
