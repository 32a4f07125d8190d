"""The name built from the header's best line: what is returned from it is the shop's name, or
a name the receipt cannot vouch for is returned unsure."""

from .synth import extract, value

SURE = 0.8


def _sale(header: list) -> list:
    return [*header, "", "Table 51", "11/27/2026 6:08 PM", "", ("BUD", "8.75"), ("SIRLOIN", "27.49"),
            ("Sub Total:", "36.24"), ("TAX:", "3.06"), ("TOTAL:", "39.30")]  # fmt: skip


def test_a_trade_word_alone_under_an_unread_logo_is_no_sure_name():
    # "Outback" is a picture; only the word under it is read, its S as a dollar sign
    fields = extract(_sale(["$TEAKHOUSE", "EAT-EARN-REDEEM", "www.Dine-Rewards.com"]))
    assert value(fields, "vendor") == "STEAKHOUSE"
    assert fields["vendor"]["confidence"] < SURE
    fields = extract(_sale(["PIZZERIA", "Hauptstr. 3, 80331 Muenchen"]))
    assert fields["vendor"]["confidence"] < SURE


def test_a_name_of_trade_words_or_more_stays_sure():
    from ocr_service.receipt.header import trade_word_alone

    fields = extract(_sale(["Steakhouse Miller", "Hauptstr. 3, 80331 Muenchen"]))
    assert value(fields, "vendor") == "Steakhouse Miller"
    assert fields["vendor"]["confidence"] >= SURE
    assert trade_word_alone("STEAKHOUSE") and trade_word_alone("Pizzeria")
    assert not any(trade_word_alone(n) for n in ("L'OSTERIA", "BURGER BAR", "BURGERBAR", "Steakhouse Miller"))


FR_KIOSK = ["* VENTE *", "HORETO PARIS / PAUL / VIENNOISERIES ET PATISSERIES / PA", [("UL KIOSQUE", 230)],
            "Horeto Paris / Paul", "Ticket 2760   22/03/2026 08:36:29", "", ("Croissant", "1,90"),
            ("Cafe", "2,40"), ("TOTAL EUR", "4,30"), ("CB", "4,30")]  # fmt: skip


def test_a_name_wrapped_inside_a_word_is_glued_back():
    # printed across the whole paper, the printer goes on with "UL" on the next line
    assert (
        value(extract(FR_KIOSK), "vendor")
        == "HORETO PARIS / PAUL / VIENNOISERIES ET PATISSERIES / PAUL KIOSQUE"
    )
    # two words at the line's break that the receipt prints nowhere as one are not glued
    rows = [FR_KIOSK[0], "HORETO PARIS / LES VIENNOISERIES ET PATISSERIES / LE", [("PETIT KIOSQUE", 230)],
            *FR_KIOSK[3:]]  # fmt: skip
    assert "LEPETIT" not in (value(extract(rows), "vendor") or "")


def test_a_name_whose_apostrophe_reads_as_an_exclamation_mark():
    rows = ["Chris!", "100 N Tucker Blvd", "St Louis, MO 63101", "Check #94  9/26/2026 10:59 AM", "",
            ("Bacon & Eggs", "$12.00"), ("Coffee", "$3.00"), ("Total", "$15.00"), "",
            "Order Online", "https://www.chrisatthedocket.com/"]  # fmt: skip
    assert value(extract(rows), "vendor") == "Chris"
    # a greeting the web address does not start with stays a greeting
    rows[0] = "Hello!"
    assert value(extract(rows), "vendor") != "Hello"


def test_a_name_of_two_words_set_one_over_the_other_as_a_block_of_its_own():
    from ocr_service.receipt import extract_receipt_fields

    from .synth import line

    top = [line("PATRIMONIO", 180, 20, h=40), line("NACIONAL", 170, 59, h=40)]
    rest = ["PALACIO REAL DE MADRID", "CIF: S-2801002-C", "22/09/2026 11:02", "Basica 2 x 12,00",
            "TOTAL 24,00 EUR", "TARJETA 24,00"]  # fmt: skip
    lines = top + [line(text, 20, 150 + 30 * i) for i, text in enumerate(rest)]
    fields = extract_receipt_fields(lines, page_height=400)
    assert value(fields, "vendor") == "PATRIMONIO NACIONAL"


def test_a_word_split_after_its_inner_capital_is_glued_back_as_the_web_address_spells_it():
    rows = ["TransL ink", "980-CANADA LINE", "YVR-Airport Stn", "Mon 27 Aug 2026 04:54PM", "",
            ("1 Zone Ticket", "$7.95"), ("Total", "$7.95"), ("MASTER CARD", "$7.95"), "",
            "View TransLink Policies", "at wuu.translink.ca", "Thank You!"]  # fmt: skip
    assert value(extract(rows), "vendor") == "TransLink"
    rows[-2] = "at the station"
    assert value(extract(rows), "vendor") == "TransL ink"  # nothing spells it whole


def test_a_branch_named_after_its_street_is_spelt_as_the_address_spells_it():
    rows = ["Eggspectation Cariton", "45 Carlton Street", "Toronto, ON M5B 2H9", "June 17, 2026 at 9:42 AM",
            "", ("Eggs Benedict", "$18.50"), ("Coffee", "$3.50"), ("Total", "$22.00")]  # fmt: skip
    assert value(extract(rows), "vendor") == "Eggspectation Carlton"
    # another letter than an i for an l is another word, not a misreading
    rows[0] = "Eggspectation Cartoon"
    assert value(extract(rows), "vendor") == "Eggspectation Cartoon"


def test_the_footers_issuer_over_its_registration_lines_makes_the_addressee_no_vendor():
    rows = [[("Hampton", 300)], "", [("APIMEISTER CONSULTING GMBH", 20), ("Room No: 228", 400)],
            [("FRIEDRICHSTR. 123", 20), ("Arrival: 23/11/2026", 400)], "10117 BERLIN", "GERMANY", "",
            "23/11/2026 GUEST ROOM", ("Room rate", "109.00"), ("TOTAL", "109.00"), ("VAT 7%", "7.13"), "",
            "Hampton by Hilton Frankfurt Airport", "Thea-Rasche-Strasse 6, 60549 Frankfurt am Main",
            "Primestar Hospitality GmbH", "Registered Address: Tauentzienstr. 13, 10789 Berlin",
            "VAT Number: DE299767575"]  # fmt: skip
    assert value(extract(rows), "vendor") == "Hampton"
    from ocr_service.receipt.names import _Segment
    from ocr_service.receipt.recipient import issuers

    footer = [
        "Primestar Hospitality GmbH",
        "Registered Address: Tauentzienstr. 13",
        "VAT Number: DE299767575",
    ]
    assert issuers([_Segment(t, 0.99, [0, 0, 1, 1]) for t in footer]) == ["PRIMESTAR HOSPITALITY GMBH"]
    # a line of numbers is no issuer's name over registration lines
    footer = ["Inc1. 6% GST", "COMPANY NO: 564429-W", "GST NO:002013487104"]
    assert issuers([_Segment(t, 0.99, [0, 0, 1, 1]) for t in footer]) == []


def test_a_name_with_an_i_read_as_an_l_is_spelt_as_the_web_address_spells_it():
    rows = ["Heldeveld Brasserie", "Molenweg 5", "1470 KU Zwolle", "12-03-2026 12:40", "",
            ("Koffie", "2,70"), ("Uitsmijter", "8,50"), ("Totaal", "11,20"), ("PIN", "11,20"), "",
            "contact@heideveld-brasserie.nl"]  # fmt: skip
    assert value(extract(rows), "vendor") == "Heideveld Brasserie"
    # another letter than an i for an l is another name
    rows[0] = "Hendeveld Brasserie"
    assert value(extract(rows), "vendor") == "Hendeveld Brasserie"
    # the name's word printed as read on another line: the address is the misreading
    rows[0], rows[-1] = "Heldeveld Brasserie", "Heldeveld dankt Ihnen - contact@heideveld-brasserie.nl"
    assert value(extract(rows), "vendor") == "Heldeveld Brasserie"


def test_a_trade_word_alone_takes_the_shops_name_the_web_address_goes_on_with():
    rows = ["Quincaillerie", "22, place du Marche", "21198 Nantes", "01/02/2026 20:06", "",
            ("TOURNEVIS", "15,78"), ("TOTAL TTC", "15,78"), ("ESPECES", "20,00"), "",
            "Merci de votre visite", "www.quincaillerie-belval.fr"]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "vendor") == "Quincaillerie Belval"
    # without the web address the trade word is no sure name
    fields = extract(rows[:-1])
    assert value(fields, "vendor") != "Quincaillerie Belval" and fields["vendor"]["confidence"] < SURE
