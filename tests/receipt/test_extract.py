"""The field rules on synthetic line lists: labels, layout, traps and cross-checks."""

from ocr_service.receipt import FIELDS, extract_receipt_fields

from .synth import extract, line, receipt, values

MALAYSIAN = [
    "SUNRISE MART SDN BHD (123456-X)",
    "12 JALAN MERDEKA, 50000 KUALA LUMPUR",
    "TEL: 03-2145 8890",
    "GST REG NO: 000123456789",
    "TAX INVOICE",
    ("Receipt No: CS00012345", ""),
    ("Date: 14/03/2018 10:42:11", ""),
    ("MINERAL WATER 2 x 1.80", "3.60"),
    ("WHITE BREAD", "4.20"),
    ("INSTANT COFFEE", "15.65"),
    ("SUB TOTAL", "23.45"),
    ("GST 6%", "1.41"),
    ("ROUNDING ADJ", "-0.01"),
    ("TOTAL (RM)", "24.85"),
    ("CASH", "50.00"),
    ("CHANGE", "25.15"),
    "THANK YOU, PLEASE COME AGAIN",
]


def test_every_field_present_with_value_and_confidence():
    fields = extract(MALAYSIAN)
    assert set(fields) == set(FIELDS)
    for name, f in fields.items():
        if name == "tax_lines":
            assert isinstance(f, list)
            for ln in f:
                assert set(ln) == {"rate", "base", "amount", "confidence"}
                assert 0.0 <= ln["confidence"] <= 1.0
            continue
        assert set(f) == {"value", "confidence"}
        assert 0.0 <= f["confidence"] <= 1.0


def test_malaysian_receipt():
    got = values(extract(MALAYSIAN))
    assert got == {
        "vendor": "SUNRISE MART SDN BHD",
        "date": "2018-03-14",
        "total": "24.85",
        "subtotal": "23.45",
        "tax": "1.41",
        "net": "23.45",  # the subtotal is the net: it plus the GST makes the total (less rounding)
        "tax_lines": got["tax_lines"],
        "vendor_vat": "000123456789",
        "currency": "MYR",
        "receipt_number": "CS00012345",
    }
    assert [(ln["rate"], ln["base"], ln["amount"]) for ln in got["tax_lines"]] == [("6", "23.45", "1.41")]


def test_total_not_cash_change_or_largest_item():
    rows = [
        "CORNER SHOP",
        ("BIG ITEM", "40.00"),
        ("SMALL ITEM", "2.50"),
        ("CASH", "100.00"),
        ("TOTAL", "42.50"),
        ("CHANGE", "57.50"),
    ]
    assert extract(rows)["total"]["value"] == "42.50"


def test_total_below_its_label():
    rows = ["CORNER SHOP", ("ITEM", "3.00"), ("ITEM", "4.00"), "AMOUNT DUE", ("", "7.00"), ("CASH", "10.00")]
    assert extract(rows)["total"]["value"] == "7.00"


def test_rounded_total_wins_over_the_unrounded_one():
    rows = [
        "CAFE",
        ("Total incl. GST", "31.47"),
        ("Rounding Adj", "-0.02"),
        ("Total", "31.45"),
        ("Cash", "50.00"),
        ("Change", "18.55"),
    ]
    assert extract(rows)["total"]["value"] == "31.45"


def test_total_quantity_and_tax_summary_are_not_the_total():
    rows = [
        "NOODLE HOUSE",
        ("TOTAL QTY: 3", "51.42"),
        ("TOTAL SALES (EXCLUDING GST)", "51.42"),
        ("TOTAL GST", "3.08"),
        ("TOTAL SALES (INCLUSIVE OF GST)", "54.50"),
        ("CASH", "60.00"),
        ("CHANGE", "5.50"),
        "GST SUMMARY AMOUNT TAX",
        [("SR 6%", 20), ("51.42", 300), ("3.08", 500)],
    ]
    got = values(extract(rows))
    assert got["total"] == "54.50"
    assert got["subtotal"] == "51.42"
    assert got["tax"] == "3.08"


def test_labels_without_spaces_as_some_recognisers_return_them():
    rows = [
        "THREESTOOGES",
        ("SUBTOTAL", "295.00"),
        ("SERVICECHARGE10%", "29.50"),
        ("GST6%", "19.47"),
        ("ROUNDINGADJ", "-0.02"),
        ("NETTOTAL", "343.95"),
    ]
    got = values(extract(rows))
    assert got["total"] == "343.95"
    assert got["tax"] == "19.47"
    assert got["subtotal"] == "295.00"


def test_european_receipt_comma_decimals():
    rows = [
        "BÄCKEREI MÜLLER GMBH",
        "Hauptstraße 5, 10115 Berlin",
        ("Datum: 14.03.2024 10:42", ""),
        ("Brot", "3,20"),
        ("Kaffee", "1.234,50"),
        ("Summe EUR", "1.237,70"),
        ("MwSt 19%", "197,62"),
        ("Bar", "1.240,00"),
        ("Rückgeld", "2,30"),
    ]
    got = values(extract(rows, "de_DE"))
    assert got["total"] == "1237.70"
    assert got["tax"] == "197.62"
    assert got["currency"] == "EUR"
    assert got["date"] == "2024-03-14"
    assert got["vendor"] == "BÄCKEREI MÜLLER GMBH"


def test_french_and_us_receipts():
    fr = values(
        extract(
            [
                "CARREFOUR MARKET",
                ("Le 03/01/2019", ""),
                ("Total HT", "10,00"),
                ("TVA 20%", "2,00"),
                ("Total TTC", "12,00"),
                ("Espèces", "20,00"),
            ],
            "fr_FR",
        )
    )
    assert (fr["total"], fr["tax"], fr["subtotal"], fr["currency"]) == ("12.00", "2.00", "10.00", "EUR")
    us = values(
        extract(
            [
                "JOE'S DINER",
                ("04/05/2019 12:31 PM", ""),
                ("Subtotal", "$18.00"),
                ("Sales Tax", "$1.49"),
                ("Tip", "$3.00"),
                ("Total", "$22.49"),
                ("Visa", "$22.49"),
            ],
            "en_US",
        )
    )
    assert (us["total"], us["tax"], us["date"], us["currency"]) == ("22.49", "1.49", "2019-04-05", "USD")


def test_tax_names():
    for label in ("VAT 20%", "IVA 21%", "SST 6%", "MwSt. 7%", "Sales Tax", "HST 13%"):
        got = values(extract(["SHOP", ("Subtotal", "10.00"), (label, "1.00"), ("Total", "11.00")]))
        assert got["tax"] == "1.00", label
        assert got["total"] == "11.00", label


def test_registration_numbers_are_not_tax_amounts():
    got = values(extract(["SHOP", ("GST ID: 001661886464", ""), ("Total", "11.00")]))
    assert got["tax"] is None
    assert got["total"] == "11.00"


def test_currency_from_symbols_codes_and_locale():
    def cur(rows, locale=None):
        return extract(rows, locale)["currency"]["value"]

    assert cur(["SHOP", ("Total", "£4.20")]) == "GBP"
    assert cur(["SHOP", ("Total", "€4.20")]) == "EUR"
    assert cur(["SHOP", ("Total", "¥420")]) == "JPY"
    assert cur(["SHOP", ("Total USD", "4.20")]) == "USD"
    assert cur(["SHOP", ("Total", "$4.20")]) == "USD"
    assert cur(["SHOP", ("Total", "$4.20")], "en_AU") == "AUD"
    assert cur(["SHOP", ("Total", "4.20")], "ja_JP") == "JPY"
    assert cur(["SHOP", ("Total", "4.20")]) is None
    # no symbol, no code: a British address or web domain places the receipt
    assert cur(["HUGHES LOCAL", "35 Station Road", "Bristol GT26 7EP", ("TOTAL TO PAY", "27.57")]) == "GBP"
    assert cur(["HARBOURSIDE TECH", ("TOTAL", "97.01"), "contact@harbourside-tech.co.uk"]) == "GBP"
    # a Malaysian address is no British postcode: it places the receipt in Malaysia
    assert cur(["KEDAI 88", "NO 3, JALAN SS 2/24, 47300 PETALING JAYA", ("TOTAL", "5.00")]) == "MYR"


def test_vendor_skips_address_phone_registration_and_title():
    rows = [
        "TAX INVOICE",
        "(GST REG NO 000243941376)",
        "BENS INDEPENDENT GROCER SDN. BHD.",
        "(913144-A)",
        "LOT 6, JALAN BATAI, 50490 KUALA LUMPUR",
        "T: 03-2093 7358",
        ("Total", "5.00"),
    ]
    assert extract(rows)["vendor"]["value"] == "BENS INDEPENDENT GROCER SDN. BHD"


def test_vendor_name_over_two_lines():
    rows = ["POPULAR BOOK", "CO. (M) SDN BHD", "NO 8, JALAN 7/118B, 56000 KUALA LUMPUR", ("Total", "5.00")]
    assert extract(rows)["vendor"]["value"] == "POPULAR BOOK CO. (M) SDN BHD"


def test_vendor_prefers_the_trading_name_to_its_owner():
    rows = [
        "SANYU STATIONERY SHOP",
        "NO. 31G, JALAN SETIA 40170 SETIA ALAM",
        "Owned By:",
        "SANYU SUPPLY SDN BHD",
    ]
    assert extract(rows)["vendor"]["value"] == "SANYU STATIONERY SHOP"


def test_date_prefers_the_labelled_transaction_date():
    rows = [
        "SHOP",
        ("Valid until 31/12/2019", ""),
        ("Date: 05/02/2018 13:01", ""),
        ("Total", "5.00"),
    ]
    assert extract(rows)["date"]["value"] == "2018-02-05"


def test_unambiguous_date_settles_the_convention():
    rows = ["SHOP", ("Order 03/15/2019", ""), ("Printed 04/05/2019 10:00", ""), ("Total", "5.00")]
    # 03/15 shows month-first, so 04/05 is April 5th
    assert extract(rows)["date"]["value"] in ("2019-04-05", "2019-03-15")
    assert extract(rows)["date"]["value"] != "2019-05-04"


def test_label_and_amount_on_a_slanted_row():
    lines = [
        line("KEDAI MAJU", 20, 10),
        line("TOTAL", 20, 100),
        line("12.30", 480, 108),  # the paper is tilted: the amount sits lower on the right
        line("CASH", 20, 130),
        line("20.00", 480, 138),
    ]
    assert extract_receipt_fields(lines, page_height=200)["total"]["value"] == "12.30"


def test_nothing_found():
    fields = extract_receipt_fields([], page_height=100)
    assert fields.pop("tax_lines") == []
    assert all(f["value"] is None and f["confidence"] == 0.0 for f in fields.values())
    fields = extract(["HELLO WORLD", "NOTHING TO SEE"])
    assert fields["total"]["value"] is None and fields["date"]["value"] is None


def test_confidence_reflects_agreement():
    agreeing = extract(MALAYSIAN)["total"]["confidence"]
    lone = extract(["SHOP", ("", "5.00")])["total"]["confidence"]
    assert agreeing > lone


def test_no_text_in_exceptions_for_odd_input():
    weird = [line("", 0, 0), line("   ", 0, 0), line("%%%%", 0, 0), line("1/1/1", 0, 0)]
    extract_receipt_fields(weird, page_height=10)
    extract_receipt_fields(weird)


def test_two_pages_concatenated_with_offsets():
    page1, _width, h1 = receipt(
        ["LONG RECEIPT TRADING SDN BHD", ("Date: 01/02/2019", "")] + [("ITEM", "1.00")] * 8
    )
    page2, _, h2 = receipt(
        [("ITEM", "1.00")] * 4 + [("TOTAL", "12.00"), ("CASH", "20.00"), ("CHANGE", "8.00")]
    )
    for ln in page2:
        ln.bbox = [ln.bbox[0], ln.bbox[1] + h1, ln.bbox[2], ln.bbox[3] + h1]
        ln.polygon = [[x, y + h1] for x, y in ln.polygon]
    got = values(extract_receipt_fields(page1 + page2, page_height=h1 + h2))
    assert (got["vendor"], got["date"], got["total"]) == (
        "LONG RECEIPT TRADING SDN BHD",
        "2019-02-01",
        "12.00",
    )


def test_vendor_is_not_the_customer_printed_below_the_header():
    rows = [
        "GARDENIA BAKERIES (KL) SDN BHD (139386-X)",
        "LOT 3, JALAN PELABUR 23/1, 40300 SHAH ALAM",
        "TEL: 03-5542 3228",
        "TAX INVOICE",
        "BILL TO:",
        "MAKASSAR FRESH MARKET SDN BHD",
        "NO. 4, JALAN SS15/4B, 47500 SUBANG JAYA",
        ("Total", "12.00"),
    ]
    assert extract(rows)["vendor"]["value"] == "GARDENIA BAKERIES (KL) SDN BHD"


def test_vendor_name_closing_a_bracket_opened_above():
    rows = ["AIK HUAT HARDWARE", "ENTERPRISE (SETIA", "ALAM) SDN BHD", "822737-X", "NO. 17-G, JALAN SETIA"]
    assert extract(rows)["vendor"]["value"] == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"


def test_misread_legal_forms_are_spelled_out():
    from ocr_service.receipt.vendor import _canonical_form

    assert _canonical_form("SUPER SEVEN CASH & CARRY SDN 3HD") == "SUPER SEVEN CASH & CARRY SDN BHD"
    assert _canonical_form("Broadview Marketing 5dn Bhd") == "Broadview Marketing Sdn Bhd"
    assert _canonical_form("99 SPEED MART S/D") == "99 SPEED MART S/B"
    assert _canonical_form("99 SPEED MART 5/8") == "99 SPEED MART S/B"  # digits read for letters
    # the form glued to the last word is set apart, not respelled (the receipt prints it apart)
    assert _canonical_form("UNIHAKKA INTERNATIONALSDN BHD") == "UNIHAKKA INTERNATIONAL SDN BHD"
    assert _canonical_form("SAM SAM TRADING CO") == "SAM SAM TRADING CO"
    assert extract(["KEDAI RUNCIT MAJU SDIN BHD (12345-X)", ("Total", "1.00")])["vendor"]["value"] == (
        "KEDAI RUNCIT MAJU SDN BHD"
    )


def test_zero_and_one_read_in_central_european_legal_forms():
    from ocr_service.receipt.vendor import _canonical_form

    assert _canonical_form("MARE VENTUS d.0.0") == "MARE VENTUS d.o.o"
    assert _canonical_form("AMICIS D.0.O.") == "AMICIS D.O.O"
    assert _canonical_form("CROCODILLE CR, Spo1, s.r.o") == "CROCODILLE CR, spol. s.r.o"
    assert _canonical_form("Firma sp. z 0.0.") == "Firma sp. z o.o"
    # a number is no legal form, nor a form already spelled with letters
    assert _canonical_form("DODO 2.0.0") == "DODO 2.0.0"
    assert _canonical_form("BILLA, SPOL. S R.O.") == "BILLA, SPOL. S R.O"
    rows = ["MARE VENTUS d.0.0", "Ulica 5, 21000 Split", "OIB 12345678901", ("UKUPNO", "12,00")]
    assert extract(rows)["vendor"]["value"] == "MARE VENTUS d.o.o"
