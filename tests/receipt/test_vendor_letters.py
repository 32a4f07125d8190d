"""Invoices printed as letters: the business that sends them is the vendor, never the company
they are addressed to; and a name's accented letters are no part of the words around them."""

import pytest

from ocr_service.receipt.names import _rejected, clean_name

from .synth import extract, value


@pytest.mark.parametrize("name", ["HÔTEL LE MARAIS", "HÔTEL DU PARC SAS", "CAFÉ ÉCONOMIQUE"])
def test_an_accented_letter_is_a_letter(name):
    # "HÔTEL": the "TEL" after its "Ô" is no telephone's label; "ÉCONOMIQUE" no company number
    assert not _rejected(name)


def test_a_hotels_name_with_its_circumflex_is_the_vendor():
    rows = ["Hôtel du Parc", "12 rue des Archives, 75004 Paris", "Facture 2024-118 du 22/05/2024", "",
            ("Nuitée chambre double", "152,00"), ("Taxe de séjour", "5,20"), "",
            ("Total TTC", "157,20"), ("Payé CB", "157,20")]  # fmt: skip
    fields = extract(rows, locale="fr_FR")
    assert value(fields, "vendor") == "Hôtel du Parc"


SURE = 0.8
_ITEMS = ["", "Rechnung Nr. 2024-118", "Datum: 22.05.2024", "",
          ("Übernachtung Einzelzimmer", "120,00"), ("Frühstück", "14,50"), "",
          ("Gesamt EUR", "134,50"), ("enthaltene MwSt 7 %", "8,80"),
          ("Bezahlt EC-Karte", "134,50")]  # fmt: skip


def test_the_company_in_the_window_under_the_senders_line_is_the_customer():
    rows = ["Landgasthof Lindenhof", "Lindenplatz 4, 93047 Regensburg", "",
            "Landgasthof Lindenhof · Lindenplatz 4 · 93047 Regensburg",
            "Contoso Software GmbH", "Leopoldstraße 250", "80807 München", *_ITEMS]  # fmt: skip
    fields = extract(rows, locale="de_DE")
    assert value(fields, "vendor") == "Landgasthof Lindenhof"


def test_the_company_under_bill_to_is_the_customer():
    # the sender's address only in the footer: nothing in the header but the label says whose
    # the company with the legal form is
    rows = ["Kestrel Print", "INVOICE", "Bill to:", "Globex Corporation Ltd", "1 Main Street",
            "London EC1A 1BB", "", "Invoice no. 0418", "Date: 19/08/2024", "",
            ("Business cards, 500", "84.00"), ("Flyers A5, 1000", "120.00"), "", ("Subtotal", "204.00"),
            ("VAT 20%", "40.80"), ("Total", "£244.80"), ("Paid by card", "£244.80"),
            "Kestrel Print, 12 Mill Road, Leeds LS1 2AB"]  # fmt: skip
    fields = extract(rows, locale="en_GB")
    assert value(fields, "vendor") == "Kestrel Print"


def test_the_company_above_for_the_attention_of_is_the_customer():
    # the sender's logo not read: the addressee's company and person are the only names on top
    rows = ["INVOICE", "", "Patel Design Ltd", "Attn: Deepa Patel", "4 Station Road",
            "Cambridge CB1 2JW", "", "Invoice 8812", "Date: 04/03/2024", ("Posters A2, 20", "96.00"),
            ("Total", "£96.00"), ("Paid by card", "£96.00"),
            "Brightwater Print, 22 Mill Lane, Cambridge CB2 1RX"]  # fmt: skip
    fields = extract(rows, locale="en_GB")
    assert value(fields, "vendor") not in ("Patel Design Ltd", "Attn: Deepa Patel", "Deepa Patel") or (
        fields["vendor"]["confidence"] < SURE
    )


FOOTER = "Pixel & Frame Studio Ltd · 12 Ancoats Street · Company No. 11223344 · VAT GB 778 8990 11"


def test_a_legal_name_the_footers_issuer_contradicts_is_not_vouched_for():
    # the invoice's sender is named only in its footer, with its company number and VAT id; the
    # company at the top is the one it is addressed to
    rows = ["Northwind Traders Ltd", "Accounts Payable", "7 Canal Street", "Manchester M1 3HE", "",
            "Invoice no. 00418", "Date: 19/08/2024", "", ("Photography, half day", "450.00"),
            ("Image retouching", "180.00"), ("Subtotal", "630.00"), ("VAT 20%", "126.00"),
            ("Total", "£756.00"), ("Paid by card 19/08/2024", "£756.00"), "", FOOTER]  # fmt: skip
    fields = extract(rows, locale="en_GB")
    assert value(fields, "vendor") != "Northwind Traders Ltd" or fields["vendor"]["confidence"] < SURE


def test_the_footers_issuer_naming_the_header_confirms_it():
    rows = ["Bäckerei Schmidt GmbH", "Hauptstraße 3, 80331 München", "Datum: 22.05.2024", "",
            ("Brezel", "2,40"), ("Kaffee", "3,20"), ("SUMME EUR", "5,60"), ("Bar", "10,00"), "",
            "Bäckerei Schmidt GmbH · Amtsgericht München HRB 12345 · USt-IdNr. DE123456789"]  # fmt: skip
    fields = extract(rows, locale="de_DE")
    assert value(fields, "vendor") == "Bäckerei Schmidt GmbH"
    assert fields["vendor"]["confidence"] >= SURE


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Verkauft von: Elektro Huber GmbH", "Elektro Huber GmbH"),
        ("Receipt from Streamly, Inc", "Streamly, Inc"),
        ("organised by Events Amsterdam B.V", "Events Amsterdam B.V"),
        ("Vendu par Librairie Martin SARL", "Librairie Martin SARL"),
        ("Sold by Amazon EU S.a.r.l., Luxembourg", "Amazon EU S.a.r.l., Luxembourg"),
        ("Verkocht door Boekhandel De Vries B.V.", "Boekhandel De Vries B.V"),
    ],
)
def test_a_marketplaces_or_payment_services_words_before_the_sellers_name_are_no_part_of_it(printed, name):
    assert clean_name(printed) == name


def test_the_company_under_a_person_named_whole_is_the_customer():
    # a British bill: the person, then the company, then the address
    rows = ["Brightwater Energy", "Your energy bill", "", "Mr D Patel", "Patel Design Ltd", "22 Mill Lane",
            "Cambridge CB2 1RX", "", "Bill date 4 March 2024", ("Electricity charges", "202.33"),
            ("VAT at 5%", "10.12"), ("Total", "£212.45"), ("Paid by direct debit", "£212.45")]  # fmt: skip
    fields = extract(rows, locale="en_GB")
    assert value(fields, "vendor") == "Brightwater Energy"


def test_a_shop_whose_name_starts_like_a_title_keeps_its_legal_name_under_it():
    rows = ["MR DIY", "MR. D.I.Y. (M) SDN BHD", "(CO. REG: 860671-D)", "LOT 1851-A, JALAN KPB 6",
            "43300 SERI KEMBANGAN", "", "TAX INVOICE", "05-01-2018", ("SCISSORS", "5.90"),
            ("TOTAL", "5.90"), ("CASH", "10.00"), ("CHANGE", "4.10")]  # fmt: skip
    fields = extract(rows)
    assert "D.I.Y" in value(fields, "vendor") or "DIY" in value(fields, "vendor")
    assert fields["vendor"]["confidence"] >= SURE


def test_the_company_over_its_accounts_department_is_the_customer():
    # the sender's logo and footer not read (a photo): the company with its department and
    # address is the one the invoice is addressed to, never vouched for as the vendor
    rows = ["Northwind Traders Ltd", "Accounts Payable", "7 Canal Street", "Manchester M1 3HE", "",
            "Invoice no. 00418", "Date: 19/08/2024", "", ("Photography, half day", "450.00"),
            ("Total", "£450.00"), ("Paid by card 19/08/2024", "£450.00")]  # fmt: skip
    fields = extract(rows, locale="en_GB")
    assert value(fields, "vendor") != "Northwind Traders Ltd" or fields["vendor"]["confidence"] < SURE


def test_a_senders_line_that_lost_its_dots_gives_the_company_alone():
    from ocr_service.receipt.header import without_sender_address
    from ocr_service.receipt.names import _Segment

    seg = _Segment("Kestrel Print Ltd Foundry Lane, Sheffield S3 8RN", 0.9, [0, 0, 100, 10])
    assert without_sender_address(seg).text == "Kestrel Print Ltd"
    # a name and its branch parted by a comma stay as printed
    seg = _Segment("Motel One, München-Sendlinger Tor", 0.9, [0, 0, 100, 10])
    assert without_sender_address(seg).text == "Motel One, München-Sendlinger Tor"


@pytest.mark.parametrize(
    "title", ["Fahrtbeleg", "Zahlungsbeleg", "Booking reference", "BOOKING REF", "NLR8HT42Q"]
)
def test_a_slips_title_or_a_bookings_reference_or_code_is_no_name(title):
    assert _rejected(title.upper())
