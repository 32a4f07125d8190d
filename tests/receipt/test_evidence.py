"""Vendor from evidence when the name is a logo, the seller's VAT id, dates settled by the
document, calibrated confidence."""

import datetime as dt

import pytest

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.calibration import CURRENCY_READ, MAPS, MIDS, calibrate, calibrate_guess, fit
from ocr_service.receipt.currency import CURRENCY_GUESS
from ocr_service.receipt.vat import find_vendor_vat

from .synth import extract, line, receipt

ITEMS = [("Brot", "3,49"), ("Milch", "1,19"), ("SUMME EUR", "4,68"), ("BAR", "5,00"), ("RUECKGELD", "0,32")]


def test_vendor_is_never_an_address_or_a_slogan():
    # the name is printed as a logo the recogniser does not read: nothing rather than the street
    got = extract(["Lindenallee 117", "10115 Berlin", *ITEMS])
    assert got["vendor"]["value"] is None
    got = extract(["Quality since 1921", "57 Station Road", "Bristol BS1 4DJ", *ITEMS])
    assert got["vendor"]["value"] is None
    # a Spanish and an Italian street without a number on the line
    for street in ("Paseo de las Delicias", "Corso Vittorio Emanuele"):
        assert extract([street, "28045 Madrid", *ITEMS])["vendor"]["value"] is None
    # but a hotel or a café named after its street is a name
    for name in ("Hotel Corso", "Caffè del Corso", "Hotel Paseo del Arte", "Ristorante Il Viale"):
        assert extract([name, "Piazza Navona 12", "00186 Roma", *ITEMS])["vendor"]["value"] == name
    # a first letter misread in lower case makes no slogan of a company name
    got = extract(["perbang Alaf Restaurants Sdn Bhd", "12 JALAN MERDEKA", ("Total", "5.00")])
    assert got["vendor"]["value"] == "perbang Alaf Restaurants Sdn Bhd"


def test_a_line_that_holds_a_date_is_never_the_name():
    # a ticket whose issuer is a logo the recogniser does not read: its validity line is no name
    got = extract(["Gültig am 20.02.18", ("Einzelfahrt", "3,30"), ("Summe EUR", "3,30")])
    assert got["vendor"]["value"] is None
    # and it does not outscore the name printed under it
    got = extract(["Gültig am 20.02.18 16:05", "Stadtwerke Bonn", ("Summe EUR", "3,30")])
    assert got["vendor"]["value"] == "Stadtwerke Bonn"


def test_vendor_from_the_footer_thanks_line():
    got = extract(["Industriestr. 69", "50667 Köln", *ITEMS, "Danke für Ihren Besuch bei Sonnhof Supermarkt"])
    assert got["vendor"]["value"] == "Sonnhof Supermarkt"
    got = extract(["Via Mazzini 64", "40655 Bari (BA)", *ITEMS, "Panificio Bruno vi ringrazia"])
    assert got["vendor"]["value"] == "Panificio Bruno"
    # the team signing the receipt confirms the header line that names it
    got = extract(["Kauf land", "Kaufland", "Pohlweg 110", *ITEMS, "Ihr Kaufland-Team."])
    assert got["vendor"]["value"] == "Kaufland"
    # a name with a small word in lower case is no slogan when the footer names the shop with it,
    # whatever the branch line under it reads like
    us = [("Bread", "4.00"), ("Total", "4.00"), ("CASH", "5.00")]
    header = ["TOUS les JOURS", "2144 S. Archer Ave. Chicago, IL 60616", "CHICAGO-CHINATOWN"]
    got = extract([*header, *us, "Enjoy your time with Tous les Jours"])
    assert got["vendor"]["value"] == "TOUS les JOURS"
    # "Merci de votre visite" names nobody
    got = extract(["57, place du Marché", *ITEMS, "Merci de votre visite"])
    assert got["vendor"]["value"] is None


def test_vendor_from_the_legal_name_or_the_domain():
    got = extract(["Pohlweg 110", "33100 Paderborn", *ITEMS, "Aldi GmbH & Co. KG, Schloß Holte"])
    assert got["vendor"]["value"] == "Aldi GmbH & Co. KG"
    got = extract(["Kerkstraat 114", *ITEMS, "www.dijkzicht.nl"])
    assert got["vendor"]["value"] == "Dijkzicht"
    # its "www" misread: still the web address that confirms the header's name over a notice
    rows = [
        "* NOT VALID FOR TRAVEL *",
        "TransLink",
        "Waterfront Stn",
        ("Product Price:", "2.95"),
        "at wwu.translink.ca",
    ]
    assert extract(rows)["vendor"]["value"] == "TransLink"
    # a sentence that names the group after the name: the name ends with its own form
    footer = "Nordhotel GmbH ist ein Mitglied der Seeblick Group PLC Gruppe."
    got = extract(["Willy-Brandt-Strasse 21", "20457 Hamburg", *ITEMS, footer])
    assert got["vendor"]["value"] == "Nordhotel GmbH"
    # an agent selling for another: the sentence is not cut at the agent
    footer = "Tankstelle Muster GmbH handelt im Namen und für Rechnung der Nordöl AG"
    got = extract(["Willy-Brandt-Strasse 21", "20457 Hamburg", *ITEMS, footer])
    assert got["vendor"]["value"] != "Tankstelle Muster GmbH"


def test_a_header_line_the_footer_confirms_beats_a_bigger_one():
    rows = ["GUT UND GUENSTIG", "Kornfeld", "Pohlweg 110", "33100 Paderborn", *ITEMS, "www.kornfeld-markt.de"]
    assert extract(rows)["vendor"]["value"] == "Kornfeld"


def test_a_logo_read_in_pieces_is_joined_when_the_legal_name_spells_it():
    rows = ["AL D I", "Pohlweg 110", "33100 Paderborn", *ITEMS, "Aldi GmbH & Co. KG"]
    assert extract(rows)["vendor"]["value"] == "ALDI"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("USt-IdNr.: DE 123 456 789", "DE123456789"),
        ("Steuernummer: 12/345/67890", "12/345/67890"),
        ("N° TVA intracom. : FR XX 123456789", "FRXX123456789"),
        ("VAT Reg No: GB 123 4567 89", "GB123456789"),
        ("NIF: ESB12345678", "ESB12345678"),
        ("C.I.F. B12345678", "B12345678"),
        ("P.IVA 12345678901", "12345678901"),
        ("BTW-nr: NL123456789B01", "NL123456789B01"),
        ("ABN 17 379 071 027", "17379071027"),
        ("GST REG NO : 001531760640", "001531760640"),
        ("DE123456789", "DE123456789"),  # the form alone, no label
        ("Tel. 0221 123456", None),
        ("SIRET 081 263 568 69105", None),  # a register number, not a tax number
        ("KvK 24110988", None),
    ],
)
def test_vendor_vat(text, want):
    class Row:
        confidence = 1.0

        def __init__(self, t):
            self.text = t

    assert find_vendor_vat([Row(text)])[0] == want


def test_day_month_order_from_the_currency():
    rows = ["CORNER DELI", ("TOTAL", "$12.50"), "09/12/23 07:59"]
    assert extract(rows)["date"]["value"] == "2023-09-12"  # dollars: month first
    rows = ["CORNER DELI", ("TOTAL", "£12.50"), "09/12/23 07:59"]
    assert extract(rows)["date"]["value"] == "2023-12-09"  # pounds: day first
    # a date that reads the same both ways says nothing about the order
    rows = ["CORNER DELI", ("TOTAL", "$12.50"), "09/12/23 07:59", "Return by 10/10/23"]
    assert extract(rows)["date"]["value"] == "2023-09-12"


def test_an_invoice_is_dated_by_its_issue_date_not_by_the_stay():
    # a hotel invoice: the nights are dated on every charge (with times), the stay's arrival and
    # departure beside the invoice's own date
    rows = [
        "Hotel Am Park",
        [("Ankunft : 12.01.20", 20), ("Rechnungsnummer : 4711", 400)],
        [("Nächte 5", 20), ("Rechnungsdatum : 10.01.20", 400)],
        [("Abreise 17.01.20", 20)],
        "Übernachtung am 12.01.20",
        ("12.01.20 20:55 Übernachtung", "67,50"),
        ("13.01.20 08:10 Frühstück", "9,90"),
        ("Gesamtbetrag EUR", "77,40"),
    ]
    assert extract(rows)["date"]["value"] == "2020-01-10"
    # without an issue date, the stay's arrival is no better than the charges' dates
    rows = [
        "Hotel Am Park",
        "Arrival: 05.03.2020 14:00",
        ("06.03.2020 Room", "67,50"),
        ("06.03.2020 Breakfast", "9,90"),
        ("Total EUR", "77,40"),
    ]
    assert extract(rows)["date"]["value"] == "2020-03-06"
    # a shop's self checkout or a department is no stay; the label next to a date is its own
    rows = ["FRESH MART", "SELF CHECKOUT 03/12/2023 14:22", ("TOTAL", "$9.00"), "Survey by 03/19/2023"]
    assert extract(rows)["date"]["value"] == "2023-03-12"
    rows = ["GROCERY DEPARTMENT 03/12/2023 14:22", ("TOTAL", "$9.00"), "Survey by 03/19/2023"]
    assert extract(rows)["date"]["value"] == "2023-03-12"
    rows = ["Hotel Am Park", "Rechnungsdatum 10.01.20 Abreise 17.01.20", ("Gesamtbetrag EUR", "77,40")]
    assert extract(rows)["date"]["value"] == "2020-01-10"


def test_never_a_date_after_tomorrow():
    today = dt.datetime.now(dt.timezone.utc).date()
    future = today + dt.timedelta(days=40)
    # day first it would be in the future: read the other way round
    if future.day <= 12 and future.day != future.month:
        swapped = dt.date(future.year, future.day, future.month)
        if swapped <= today:
            text = f"{future.day:02d}/{future.month:02d}/{future.year}"
            got = extract(["SHOP", ("TOTAL", "€9.00"), text])["date"]["value"]
            assert got == swapped.isoformat()
    far = dt.date(today.year + 1, 6, 15)
    got = extract(["SHOP", ("TOTAL", "€9.00"), f"15.06.{far.year} 10:00", "03.02.2019"])
    assert got["date"]["value"] == "2019-02-03"


def test_calibration_map_is_monotone_and_fit_pulls_thin_bins_to_the_raw_value():
    for table in MAPS.values():
        assert list(table) == sorted(table)
        assert max(table) <= 0.98
    assert calibrate("total", 0.0) == 0.0
    assert calibrate("receipt_number", 0.7) == 0.7  # no map: unchanged
    # a raw value in the middle of a bin gets that bin's share right, and between two middles
    # a value between theirs
    assert calibrate("vendor", MIDS[1]) == MAPS["vendor"][1]
    assert MAPS["total"][3] <= calibrate("total", (MIDS[3] + MIDS[4]) / 2) <= MAPS["total"][4]
    # every value right at 0.5-0.6: the fit says more than 0.55, a single one moves it little
    many = fit([(0.55, True)] * 200)
    one = fit([(0.55, True)])
    assert many[1] > 0.95 and one[1] < 0.7
    # a bin that does worse than the one below is pooled with it
    table = fit([(0.55, True)] * 50 + [(0.65, False)] * 50)
    assert table[1] == table[2]


def test_a_currency_read_stays_above_a_guessed_ones_confidence():
    # a map that brings every currency down (few read with doubt to fit it on): one read, not
    # guessed, stays above what a guess is returned with; a guess stays at or under it
    low = {"currency": (0.25,) * len(MIDS)}
    assert calibrate("currency", 0.9, low) <= CURRENCY_GUESS
    assert calibrate_guess("currency", 0.9, False, low) == CURRENCY_READ > CURRENCY_GUESS
    assert calibrate_guess("currency", 0.51, False) > CURRENCY_GUESS
    assert calibrate_guess("currency", CURRENCY_GUESS, True) <= CURRENCY_GUESS
    assert calibrate_guess("total", 0.9, False, {"total": (0.25,) * len(MIDS)}) < CURRENCY_READ


def test_spaces_the_recogniser_dropped_are_put_back_from_words():
    from ocr_service.receipt.spacing import restore_spaces

    assert restore_spaces("SANYUSTATIONERYSHOP", ["SANYU SUPPLY SDN BHD"]) == "SANYU STATIONERY SHOP"
    assert restore_spaces("UNIVERSALSTATIONERY", []) == "UNIVERSAL STATIONERY"
    # short compounds are names in their own right, unknown runs are left as read
    assert restore_spaces("TANJONGMAS BOOKCENTRE", []) == "TANJONGMAS BOOKCENTRE"
    assert restore_spaces("CHRISTMASTREEFARM", []) == "CHRISTMASTREEFARM"
    rows = ["SANYUSTATIONERYSHOP", "NO. 31G, JALAN SETIA 40170 SETIA ALAM", *ITEMS]
    assert extract(rows)["vendor"]["value"] == "SANYU STATIONERY SHOP"


def test_a_name_read_without_spaces_is_split_where_its_capitalised_words_meet():
    from ocr_service.receipt.spacing import restore_spaces

    rows = ["Mr.DakgalbiSolaris", "No. 2, Jalan Solaris 4, 50480 Kuala Lumpur", *ITEMS]
    assert extract(rows)["vendor"]["value"] == "Mr. Dakgalbi Solaris"
    # a brand written in one word, a name that keeps its spaces, a short prefix: as read
    assert restore_spaces("MediaMarkt", []) == "MediaMarkt"
    assert restore_spaces("McDonald's Rawang", []) == "McDonald's Rawang"
    assert restore_spaces("McDonaldsDriveThru", []) == "McDonalds Drive Thru"


def test_a_legal_name_in_the_header_is_no_evidence_from_elsewhere():
    # the customer billed under the shop's address is a header line like the others: it does
    # not stand in for the shop's name as a legal name printed in the footer would
    rows = ["Tealive", "NO 12, JALAN KEPONG", "52100 KUALA LUMPUR", "CASH BILL",
            "BILL TO: PERNIAGAAN ABC SDN BHD", ("TEH TARIK", "5.00"), ("TOTAL", "5.00")]  # fmt: skip
    assert extract(rows)["vendor"]["value"] == "Tealive"
    # the same legal name in the footer still names a shop whose header holds none
    rows = ["NO 12, JALAN KEPONG", "52100 KUALA LUMPUR", ("TEH TARIK", "5.00"), ("TOTAL", "5.00"),
            "PERNIAGAAN ABC SDN BHD"]  # fmt: skip
    assert extract(rows)["vendor"]["value"] == "PERNIAGAAN ABC SDN BHD"


@pytest.mark.parametrize("name", ["99 SPEED MART", "KEDAI RUNCIT 88"])
def test_a_name_with_a_number_and_a_trade_word_is_no_address(name):
    assert extract([name, "NO 12, JALAN KEPONG", ("TOTAL", "5.00")])["vendor"]["value"] == name


@pytest.mark.parametrize("name", ["Kedai Ubat dan Runcit", "Guardian Health and Beauty"])
def test_the_small_joining_words_of_a_name_make_no_slogan(name):
    assert extract([name, "LOT 3, TAMAN MELATI", ("TOTAL", "5.00")])["vendor"]["value"] == name


def test_a_header_name_printed_again_below_is_confirmed():
    # the trading name over the operating company: the receipt prints it again further down
    rows = ["", "", "TV-Hifi-Elektro GmbH Paderborn", "Pohlweg 110", "33100 PADERBORN", *ITEMS,
            "Kundenbeleg", "MEDIA MARKT", "PADERBORN"]  # fmt: skip
    lines, _width, height = receipt(rows)
    logo = line("MediaMarkt", 20, 10, h=50)  # the logo, in bigger type
    got = extract_receipt_fields([logo, *lines], page_height=height)
    # (spaced as the receipt prints it below)
    assert got["vendor"]["value"] == "Media Markt"
    # an address printed again confirms nothing
    rows = ["Pohlweg 110", "33100 Paderborn", *ITEMS, "Pohlweg 110"]
    assert extract(rows)["vendor"]["value"] is None


def test_the_company_named_inside_a_footer_sentence():
    # "... im Namen und auf Rechnung der Westfalen AG": the name is the capitalised words
    # before the legal form, and it confirms the header line that carries it
    footer = ["Der Verkauf von Kraftstoffen erfolgt im Na", "men und auf Rechnung der Westfalen AG. Im"]
    rows = ["Westfalen Tankstelle", "Hermann Michael Dirker", "Detmolder Str. 112", "33100 Paderborn",
            *ITEMS, *footer]  # fmt: skip
    assert extract(rows)["vendor"]["value"] == "Westfalen Tankstelle"
    sentence = "Verkauf im Namen und auf Rechnung der Westfalen AG"
    rows = ["Detmolder Str. 112", "33100 Paderborn", *ITEMS, sentence]
    assert extract(rows)["vendor"]["value"] == "Westfalen AG"


def test_a_misread_logo_takes_the_spelling_the_receipt_prints_twice():
    rows = ["", "", "MEDIA MARKT", "TV-Hifi-Elektro GmbH Paderborn", "Pohlweg 110", "33100 PADERBORN",
            *ITEMS, "Kundenbeleg", "MEDIA MARKT", "PADERBORN"]  # fmt: skip
    lines, _width, height = receipt(rows)
    logo = line("MedlaMarkt", 20, 10, h=50)
    got = extract_receipt_fields([logo, *lines], page_height=height)
    assert got["vendor"]["value"] == "MEDIA MARKT"
    # a legal form more or less is no misreading: the name keeps it
    rows = [
        "Heimwerker Lorenz e.K.",
        "Industriestr. 15",
        "41159 Bielefeld",
        *ITEMS,
        "www.heimwerker-lorenz.de",
    ]
    assert extract(rows)["vendor"]["value"] == "Heimwerker Lorenz e.K"
    # nor is a domain's spelling, which has no accents, spaces or capitals
    rows = ["Bäckerei Müller", "Hauptstr. 15", "41159 Bielefeld", *ITEMS, "www.baeckerei-mueller.de"]
    assert extract(rows)["vendor"]["value"] == "Bäckerei Müller"


def test_a_long_trade_word_misread_by_one_letter_is_put_right():
    from ocr_service.receipt.spacing import mend_trade_words

    rows = ["VERBENA CONFECTIUNERY SDN BHD", "1, Jalan Sutera Tanjung 8/4, 81300 Skudai", *ITEMS]
    assert extract(rows)["vendor"]["value"] == "VERBENA CONFECTIONERY SDN BHD"
    assert mend_trade_words("Restauranl Jaya") == "Restaurant Jaya"
    # a letter no recogniser takes for the printed one: a misspelling as printed, kept
    assert mend_trade_words("KL ENTERPRICE") == "KL ENTERPRICE"
    # a stray letter glued on where a space was dropped
    assert mend_trade_words("HUAT ENTERPRISEV(SETIA ALAM) SDN BHD") == "HUAT ENTERPRISE (SETIA ALAM) SDN BHD"
    # a plural, a shorter word one letter from a trade word, both spellings of a word: as read
    assert mend_trade_words("Gerbang Alaf Restaurants") == "Gerbang Alaf Restaurants"
    assert mend_trade_words("SRI ENTERPRISES") == "SRI ENTERPRISES"
    assert mend_trade_words("PAINTING WORKS") == "PAINTING WORKS"
    assert mend_trade_words("SIN KEE STATIONARY") == "SIN KEE STATIONARY"
    # the trade words of European names, too
    assert mend_trade_words("Heideveld Brasserle") == "Heideveld Brasserie"
    assert mend_trade_words("PIZZERLA DA MARIO") == "PIZZERIA DA MARIO"
    assert mend_trade_words("KONDITQREI SCHMIDT") == "KONDITOREI SCHMIDT"
    # a trade word of another language that is one longer than an English one: a word, no stray letter
    assert mend_trade_words("Restaurante Olivar") == "Restaurante Olivar"
    assert mend_trade_words("Librairie Internationale") == "Librairie Internationale"


def test_a_web_address_without_www_and_a_slogan_of_sentences_are_no_names():
    got = extract(["Le goût du vrai", "124, place du Marché", "64569 Tours", "ww.epicerie-martin.fr", *ITEMS,
                   "Merci et à bientôt chez Epicerie Martin"])  # fmt: skip
    assert got["vendor"]["value"] == "Epicerie Martin"
    got = extract(["Fresh. Local. Yours.", "146 Elm St", "Columbus, OH 22810", *ITEMS,
                   "Thank you for choosing Anderson's Pizza"])  # fmt: skip
    assert got["vendor"]["value"] == "Anderson's Pizza"
    # abbreviations are no sentences
    got = extract(["Mr. Dakgalbi Solaris", "No. 2, Jalan Solaris 4", *ITEMS])
    assert got["vendor"]["value"] == "Mr. Dakgalbi Solaris"


def test_a_slogan_in_capitals_and_a_street_with_a_range_of_numbers_are_no_names():
    # the logo is not read: the street, the slogan in capitals are not the shop's name
    got = extract(["SATURN ELECTRO HANDELSGES.MBH", "Kamp 30-32", "33098 Paderborn", *ITEMS])
    assert got["vendor"]["value"] == "SATURN ELECTRO HANDELSGES.MBH"
    got = extract(["HIER BIN ICH MENSCH", "Westernstr. 41", "33098 Paderborn", *ITEMS])
    assert got["vendor"]["value"] is None
    # in Czech ("we want to know your opinion"), its accents read or not
    for slogan in ("CHCEME ZNÁT VÁŠ NÁZOR", "CHCEME ZNAT VAS NAZOR"):
        assert extract([slogan, "Václavské nám. 1", "110 00 Praha", *ITEMS])["vendor"]["value"] is None
    # a word twice, an ampersand: names, however short their words
    for name in ("VI VI BUBBLE TEA", "BEN & DINA", "NOI & VOI", "ARABICA COFFEE", "LA CUBANA"):
        assert extract([name, "Westernstr. 41", "33098 Paderborn", *ITEMS])["vendor"]["value"] == name
    # names with a pronoun or a number stay names
    assert extract(["SUSHI FOR YOU", "Westernstr. 41", *ITEMS])["vendor"]["value"] == "SUSHI FOR YOU"
    assert extract(["KEDAI 88", "JALAN SS2/24", *ITEMS])["vendor"]["value"] == "KEDAI 88"


def test_a_branch_number_a_street_abbreviation_and_till_words_are_no_names():
    # the logo is not read: the branch, the street, the till's words are not the shop's name
    assert extract(["Store 1146", "Bon-Nr 4711", "Zeit 14:02", *ITEMS])["vendor"]["value"] is None
    assert extract(["11 Station St", "Brisbane QLD 4000", *ITEMS])["vendor"]["value"] is None
    assert extract(["Check", "Beleg", *ITEMS])["vendor"]["value"] is None
    # a number and a trade word make a name
    assert extract(["99 SPEED MART", "Lot 2, Jalan Ipoh", *ITEMS])["vendor"]["value"] == "99 SPEED MART"


def test_malaysian_address_words_a_lone_total_label_and_a_notice_are_no_names():
    # the name is a logo the recogniser does not read
    rows = ["KAWASAN PERINDUSTRIAN BALAKONG", "43300 SERI KEMBANGAN", "DARUL EHSAN", *ITEMS]
    assert extract(rows)["vendor"]["value"] is None
    assert extract(["Level 6, Bangunan TH", "No: G3, Blk G, Jln PJU 1A/3", *ITEMS])["vendor"]["value"] is None
    assert extract(["Total", "Pax (s)", *ITEMS])["vendor"]["value"] is None
    assert extract(["GOODS SOLD ARE NOT RETURNABLE", "JALAN IPOH", *ITEMS])["vendor"]["value"] is None
    # a brand that holds the word is a name
    assert extract(["RELAIS TOTAL", "12 RUE DE FES", *ITEMS])["vendor"]["value"] == "RELAIS TOTAL"


def test_a_branch_in_brackets_till_words_and_a_notice_in_the_thanks_are_no_names():
    assert extract(["(IOI PUCHONG)", "PosNo:86", "Qty Item", *ITEMS])["vendor"]["value"] is None
    rows = ["NO. 5, JALAN IPOH", *ITEMS, "GOODS SOLD ARE NOT RETURNABLE, THANK YOU."]
    assert extract(rows)["vendor"]["value"] is None


def test_a_branch_number_after_a_dash_is_no_house_number():
    # "Name - 5934": the store's number, not a street and its number
    rows = ["Blue Harbor - 5934", "801 Market Street", "San Francisco CA. 94103", *ITEMS]
    assert extract(rows)["vendor"]["value"] == "Blue Harbor"
    # a street and its number stays no name
    assert extract(["Lindenallee 117", "10115 Berlin", *ITEMS])["vendor"]["value"] is None


def test_a_street_printed_after_its_house_number_may_end_with_the_unit():
    # "4546 EL CAMINO REAL A5": the street; the name is the line above it
    rows = ["SEOUL GARDEN KITCHEN", "4546 EL CAMINO REAL A5", "LOS ALTOS, CA 94022", *ITEMS]
    assert extract(rows)["vendor"]["value"] == "SEOUL GARDEN KITCHEN"
    assert extract(["120 Main St #204", "Springfield, IL 62701", *ITEMS])["vendor"]["value"] is None


def test_the_brand_before_a_hyphen_is_the_name_when_the_web_address_is_the_brand():
    # the trade after the hyphen misread ("drogerle"): the brand the web address names stays
    rows = ["rz-drogerle markt", "Hauptstr. 5", "04109 Leipzig", *ITEMS, "Öffnungszeiten auf rz.de"]
    assert extract(rows)["vendor"]["value"] == "rz"
    # a web address naming more than the first word leaves the name whole
    rows = ["Kaffee-Rösterei Hansen", "Hauptstr. 5", "04109 Leipzig", *ITEMS, "Bestellen auf hansen.de"]
    assert extract(rows)["vendor"]["value"] == "Kaffee-Rösterei Hansen"


def test_the_brand_the_web_address_names_before_a_franchisees_legal_name():
    # no brand line over the partnership's name: the web address names the brand alone
    rows = ["NAHKAUF Anna Muster oHG", "An der Kotsche 9", "04207 Leipzig", *ITEMS, "www.nahkauf.de"]
    assert extract(rows)["vendor"]["value"] == "NAHKAUF"
    # a web address naming the owner leaves the legal name whole
    rows = ["NAHKAUF Anna Muster oHG", "An der Kotsche 9", "04207 Leipzig", *ITEMS, "www.muster.de"]
    assert extract(rows)["vendor"]["value"] == "NAHKAUF Anna Muster oHG"


def test_a_brand_read_a_letter_apart_before_its_hyphen_is_spelt_as_its_web_address():
    # the brand's first letter lost ("z-drogerle markt"), or one read in more ("riz-"), for "rz.de"
    for head in ("z-drogerle markt", "riz-drogerle markt"):
        rows = [head, "Hauptstr. 5", "04109 Leipzig", *ITEMS, "Öffnungszeiten auf rz.de"]
        assert extract(rows)["vendor"]["value"] == "rz"
    # a name that spells the web address across its hyphen keeps its words
    rows = ["HAI-O RAYA BHD", "Jalan Mawar 5", *ITEMS, "www.haio.com.my"]
    assert extract(rows)["vendor"]["value"] == "HAI-O RAYA BHD"
