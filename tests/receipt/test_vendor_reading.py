"""Business names as the recogniser returns them: words glued where a space was printed,
a name's lines split or run on, the lines around it that are no name."""

import pytest

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.names import _has_form
from ocr_service.receipt.spacing import restore_spaces

from .synth import CHAR_W, ROW_H, line, receipt

ITEMS = [("ITEM", "9.90"), ("TOTAL", "9.90")]


def centred(text, y, h=ROW_H):
    width = CHAR_W * len(text)
    return line(text, 300 - width / 2, y, h)


def vendor(header, heights=None, footer=()):
    """The vendor read from centred header lines (of the given heights) over two item rows and
    the footer's lines."""
    heights = heights or [ROW_H] * len(header)
    rows, y = [], 20.0
    for text, h in zip(header, heights, strict=True):
        rows.append(centred(text, y, h))
        y += h + 4
    lines, _w, _h = receipt([*ITEMS, *footer], top=y + 20)
    lines = rows + lines
    return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # a number glued to the word after it; one digit often starts a brand
        ("99SPEED MART S/B", "99 SPEED MART S/B"),
        ("7ELEVEN", "7ELEVEN"),
        # initials glued to a long trade word; a brand ending in a short one stays whole
        ("ENWHardware Centre (M) Sdn. Bhd", "ENW Hardware Centre (M) Sdn. Bhd"),
        ("BHPetrol Subang", "BHPetrol Subang"),
        # a long run ending in a trade word, the rest one word
        ("BENS INDEPENDENTGROCER SDN. BHD", "BENS INDEPENDENT GROCER SDN. BHD"),
        ("GREENGROCER", "GREENGROCER"),
        ("CHRISTMASTREEFARM", "CHRISTMASTREEFARM"),
        # the Malay words that open a name are never part of a compound
        ("KEDAIPAPAN-YEW CHUAN", "KEDAI PAPAN-YEW CHUAN"),
        ("SYARIKATLIM BROTHERS", "SYARIKAT LIM BROTHERS"),
    ],
)
def test_spaces_dropped_between_words_are_put_back(read, name):
    assert restore_spaces(read, []) == name


def test_a_glued_number_is_split_in_the_vendor():
    assert vendor(["99SPEED MART S/B (519537-X)", "LOT P.T. 2811, JALAN ANGSA"]) == "99 SPEED MART S/B"


def test_a_line_starting_with_the_legal_form_ends_the_name_above():
    # the legal form in another type on the line below: no name of its own, even when the
    # web address confirms the line above
    header = ["POPULAR BOOK", "CO. (M) SDN BHD", "NO 8, JALAN 7/118B"]
    got = vendor(header, heights=[26, 20, 20], footer=["www.popular.com.my"])
    assert got == "POPULAR BOOK CO. (M) SDN BHD"


def test_a_bracketed_line_whose_number_was_cut_is_no_name():
    # "(... SHOP (95874))": the number cut from its end takes the closing bracket with it
    got = vendor(["NOVA BEAUTY VIVA CITY", "(NOVA BEAUTY SHOP (95874))", "UNIT L1-044B, JALAN WAN ALWI"])
    assert got == "NOVA BEAUTY VIVA CITY"


def test_a_name_over_three_lines_keeps_a_first_line_read_a_little_taller():
    # the detector's boxes of one type size differ by a fifth from line to line
    header = ["SENG HUAT HARDWARE", "ENTERPRISE (SETIA", "ALAM) SDN BHD", "NO. 17-G, JALAN SETIA INDAH"]
    got = vendor(header, heights=[22, 18, 18, 18])
    assert got == "SENG HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # a faded print: a D or E read as I, an R's broken bowl as K, a P's as F, with a
        # look-alike more (U for D, H for M): one per four letters of the word
        ("SENG HUAT HAKIWARE", "SENG HUAT HARDWARE"),
        ("SENG HUAT HARUWARI", "SENG HUAT HARDWARE"),
        ("CITY FHARHACY SDN BHD", "CITY PHARMACY SDN BHD"),
        # a word broken by a space where a faded letter was lost
        ("ENW Hardwa e Centre", "ENW Hardware Centre"),
        ("KEDAI A B", "KEDAI A B"),
        # a word of other letters, and three wrong letters in eight, are left as read
        ("PAINTING WORKS", "PAINTING WORKS"),
        ("SENG HUAT HAKIWAKI", "SENG HUAT HAKIWAKI"),
    ],
)
def test_a_faded_trade_word_is_put_right(read, name):
    from ocr_service.receipt.spacing import mend_trade_words

    assert mend_trade_words(read) == name


def test_a_faded_trade_word_is_put_right_in_the_vendor():
    assert vendor(["SENG HUAT HARDWAKE", "NO. 17-G, JALAN SETIA INDAH"]) == "SENG HUAT HARDWARE"


def evidence_extract(rows):
    from .test_evidence import extract

    return extract(rows)["vendor"]


GERMAN_ITEMS = [("Brot", "3,49"), ("Milch", "1,19"), ("SUMME EUR", "4,68")]


def test_a_misread_logo_takes_the_spelling_of_the_legal_name():
    # the logo's stylised letter lost ("RSSMANN"); the company's legal name spells the word
    rows = ["KRAMMANN", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "Dirk Krummann GmbH"]
    assert evidence_extract(rows)["value"] == "Krummann"
    # a name that differs from the legal name's words by more is left as read
    rows = ["KRAMPE", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "Dirk Krummann GmbH"]
    assert evidence_extract(rows)["value"] == "KRAMPE"


def test_a_logo_that_lost_its_two_stylised_first_letters_takes_the_name_printed_below():
    # "L'OSTERIA" with its O drawn as a ring: the logo reads "STERIA"; the e-mail address and
    # a line further down spell the name whole
    header = ["VILLA", "PIZZA E PASTA", "Hauptstr. 5", "33100 Paderborn", "email: paderborn@lavilla.de"]
    rows = [*header, *GERMAN_ITEMS, "Station: 2 (L'Avilla)"]
    assert evidence_extract(rows)["value"] == "L'Avilla"
    # the domain alone: its spelling
    assert evidence_extract(rows[:-1])["value"].lower() == "lavilla"
    # three letters lost are too many to vouch for: the logo stays as read
    rows[0] = "ILLA"
    assert evidence_extract(rows)["value"] != "L'Avilla"


def test_a_misread_address_gives_way_to_the_name_a_letter_from_it_printed_below():
    # the e-mail address misread ("iavilla" for "lavilla"): the name printed below is the
    # logo's, not the address's spelling
    header = ["VILLA", "PIZZA E PASTA", "Hauptstr. 5", "33100 Paderborn", "email: paderborn@iavilla.de"]
    assert evidence_extract([*header, *GERMAN_ITEMS, "Station: 2 (L'Avilla)"])["value"] == "L'Avilla"


def test_a_web_address_without_www_names_a_shop_whose_logo_was_not_read():
    rows = ["Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "krummann.de"]
    got = evidence_extract(rows)
    assert got["value"] == "Krummann"
    # a name guessed from a domain is no sure reading: the rules say so, and calibrated it
    # stays below the confidence the addon trusts by default (0.8)
    lines, _width, height = receipt(rows)
    raw = extract_receipt_fields(lines, page_height=height, calibrate=False)["vendor"]
    assert raw["value"] == "Krummann" and raw["confidence"] <= 0.5
    assert got["confidence"] < 0.8


@pytest.mark.parametrize(
    "first",
    [
        "Mo-Sa 7-22 Uhr",  # opening hours
        "Öffnungszeiten",
        "Filiale Paderborn-Mitte",  # a branch
        "Willkommen bei",  # a greeting
        "Paderborn",  # the town of the address, on a line of its own
    ],
)
def test_a_header_line_that_is_no_name_gives_way_to_the_domain(first):
    rows = [first, "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.krummann.de"]
    assert evidence_extract(rows)["value"] == "Krummann"


def test_the_words_a_web_address_adds_are_no_part_of_the_name():
    rows = ["Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.krummann-online.de"]
    assert evidence_extract(rows)["value"] == "Krummann"


def test_a_logo_read_one_letter_off_takes_the_web_address_spelling():
    rows = ["KRUNMA", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.krumma.de"]
    assert evidence_extract(rows)["value"] == "KRUMMA"
    # an umlaut the address writes in two letters is no misreading
    rows = ["MÜLLER", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.mueller.de"]
    assert evidence_extract(rows)["value"] == "MÜLLER"


def test_the_owner_line_is_no_name():
    rows = ["Inh. Hans Meier", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.krummann.de"]
    assert evidence_extract(rows)["value"] == "Krummann"


def test_a_logo_that_lost_a_stylised_letter_takes_the_web_address_spelling():
    rows = ["KRMMANN", "Hauptstr. 5", "33100 Paderborn", *GERMAN_ITEMS, "www.krummann.de"]
    assert evidence_extract(rows)["value"] == "KRUMMANN"


def test_a_word_of_the_name_is_put_right_by_the_line_that_prints_it_beside_the_same_word():
    # the brand above prints "OLD TOWN"; the legal name's first letter misread
    header = ["OLD TOWN WHITE COFFEE", "Gld Town Kopitiam Sdn Bhd", "(716269-X)", "No 35, Jalan Kebudayaan 8"]
    assert vendor(header) == "OLD Town Kopitiam Sdn Bhd"
    # a word printed elsewhere as the name reads it is no misreading ("SHAH ALAM")
    header = [
        "SENG HUAT HARDWARE (SETIA ALAM) SDN BHD",
        "(X) U13/X, SETIA ALAN,",
        "SEKSYEN U13, 40170 SHAH ALAM",
    ]
    assert vendor(header) == "SENG HUAT HARDWARE (SETIA ALAM) SDN BHD"


def test_a_phone_line_with_its_area_code_in_brackets_is_no_name():
    # "Pho(835) 814-630": the brackets hold a phone number, not a registration number
    rows = ["Store 2634", "58 Main St", "Pho(835) 814-630", ("ITEM", "9.90"), ("TOTAL", "9.90")]
    assert evidence_extract(rows)["value"] is None


def test_a_thanks_line_is_not_continued_by_the_e_mail_below_it():
    rows = ["124, place du Marché", "64569 Tours", ("TOMATES", "6,41"), ("TOTAL", "6,41"),
            "Merci de votre visite chez Epicerie Martin", "infogepicerie-martin.tr"]  # fmt: skip
    assert evidence_extract(rows)["value"] == "Epicerie Martin"


@pytest.mark.parametrize(
    ("footer", "name"),
    [
        ("TQ FOR SHOPPING WITH KEDAI MAJU", "KEDAI MAJU"),
        ("Thank you for shopping with Guardian", "Guardian"),
        # the shop speaking of itself names nothing
        ("THANK YOU FOR SHOPPING WITH US AGAIN", None),
        ("THANK YOU FOR SHOPPING AT OUR STORE", None),
    ],
)
def test_the_shop_named_in_the_thanks(footer, name):
    from ocr_service.receipt.evidence import _thanked_name

    assert _thanked_name(footer) == name


@pytest.mark.parametrize(
    "legal",
    [
        "Bageterie Boulevard s.r.o.",
        "Fish Delish d.o.o.",
        "Zabka Polska sp. z o.o.",
        "Kesko Oyj",
        "Tesco Global Zrt.",
    ],
)
def test_a_legal_name_of_central_europe_or_the_north_names_a_shop_whose_logo_was_not_read(legal):
    rows = [
        "Vodičkova 12",
        "110 00 Praha 1",
        ("Bageta", "150,00"),
        ("Celkem", "150,00"),
        "12.03.2024 10:15",
        legal,
    ]
    assert evidence_extract(rows)["value"].split()[:2] == legal.split()[:2]


def test_a_german_ab_is_no_swedish_company():
    rows = [
        "Vodičkova 12",
        "110 00 Praha 1",
        ("Bageta", "150,00"),
        ("Summe", "150,00"),
        "Kaffebar Personen ab 18",
    ]
    assert evidence_extract(rows)["value"] is None


US_ITEMS = [("APPLES", "5.69"), ("TOTAL", "5.69")]


def test_a_logo_read_in_part_takes_the_longer_name_the_web_address_spells():
    # a logo in three lines of which two were joined; the footer's thanks and the web address
    # spell the name with its third word
    footer = ["Thanks for shopping at Green Leaf Market", "greenleafmarket.com"]
    assert vendor(["GREEN LEAF", "1675 Robson Street", "Vancouver, BC"], footer=footer) == (
        "Green Leaf Market"
    )
    # a script logo misread, its last words read: the whole name printed under it, the
    # e-mail address spelling it a letter apart
    footer = ["Comments@1uckyharborfishshack.com"]
    header = ["FISH SHACK", "Lucky Harbor Fish Shack", "17801 International Blvd."]
    assert vendor(header, footer=footer) == "Lucky Harbor Fish Shack"


def test_a_longer_name_of_a_card_or_service_is_not_the_shop():
    # the shop's name printed alone twice; the loyalty card's web address is no name of the shop
    footer = ["MERKUR", "Noch keine MERKUR CARD? Mit diesem", "www.merkurcard.de"]
    assert vendor(["MERKUR", "Hauptstr. 5", "33100 Paderborn"], footer=footer) == "MERKUR"
    # no web address spells the longer words: the name as read
    footer = ["Thanks for shopping at Green Leaf Market"]
    assert vendor(["GREEN LEAF", "1675 Robson Street", "Vancouver, BC"], footer=footer) == "GREEN LEAF"


@pytest.mark.parametrize("served", ["HERE", "TO GO", "DINE IN : Tahni P", "TAKE AWAY", "IME 9:42PM"])
def test_how_the_order_is_served_or_its_time_is_no_name(served):
    # the name is a logo the recogniser did not read; the web address names the shop
    footer = ["This Giordano's restaurant is", "giordanos.com/talk-to-us"]
    assert vendor([served, "CHECK # 1137631"], footer=footer) == "Giordano's"


def test_a_sentence_in_clauses_is_no_name():
    # the logo unread; the header's sentence over two lines ("on everything we do, we want to
    # know your opinion") is no name
    assert vendor(["NA VŠE, CO DĚLÁME,", "CHCEME ZNÁT VÁŠ NÁZOR", "Vodičkova 12"]) is None


def test_an_invoice_sender_line_gives_its_name_without_the_address():
    header = ["Taschen & Accessoires online", "KOFFERHAUS GmbH · Nauener Straße 3 · 14641 Wustermark"]
    assert vendor(header) == "KOFFERHAUS GmbH"
    # a name with a dot in it and no address after it is left whole
    assert vendor(["CAFÉ · BAR · LOUNGE", "Hauptstr. 5"]) == "CAFÉ · BAR · LOUNGE"
    # the dots read without the spaces around them, as photos of A4 invoices are read
    header = ["AeroNord Airlines GmbH·Flughafenstraße 1·60549 Frankfurt", "Rechnung 4711"]
    assert vendor(header) == "AeroNord Airlines GmbH"


def test_the_till_platform_web_address_names_no_shop():
    # the logo unread; the order's web address is the till maker's, not the shop's
    footer = ["Order online at", "https://www.toasttab.com/chris-docket"]
    assert vendor(["CHECK # 1137631", "Server: Rosina R"], footer=footer) is None


def test_a_total_including_vat_is_no_legal_name():
    footer = ["Total inc. VAT/TVA 798.03 EUR"]
    assert vendor(["CHECK # 1137631", "Room 512"], footer=footer) is None


def test_a_name_set_word_over_word_in_large_type_is_every_word():
    header = ["the", "morning", "club", "Tafel:10 08.10.2019 11:41"]
    assert vendor(header, heights=[3 * ROW_H, 3 * ROW_H, 3 * ROW_H, ROW_H]) == "the morning club"
    # in the receipt's own type size they are lines of their own
    assert vendor(header) != "the morning club"


def test_a_spanish_company_written_with_a_comma_and_sl_is_a_legal_name():
    header = ["PlatoPlato", "PLATO PLATO ANG, SL", "CENTRE COMERCIAL ARENES", "08015 BARCELONA"]
    assert vendor(header, heights=[3 * ROW_H, ROW_H, ROW_H, ROW_H]) == "PLATO PLATO ANG, SL"
    # "SL" after a word without the comma is no legal form ("HRT SLU" on a card slip)
    assert not _has_form("HRT SLU") and _has_form("PLATO PLATO ANG, SLU")


def test_a_name_that_reads_as_a_street_is_the_name_when_the_web_address_abbreviates_it():
    header = ["Pacific Park", "380 Santa Monica Pier", "Santa Monica, CA 90401"]
    footer = ["Thank You!", "PacPark.com"]
    assert vendor(header, footer=footer) == "Pacific Park"
    # without a web address that cuts its words so, the line reads as a street's, as before
    assert vendor(header, footer=["Thank You!"]) != "Pacific Park"


def test_a_cuisine_over_its_trade_word_is_a_subtitle_not_the_names_second_line():
    def header(*texts):
        rows = [centred(text, 20 + 30 * i, 32) for i, text in enumerate(texts)]  # lines touching
        lines, _w, _h = receipt([("Weissenfelser Str. 15", ""), *ITEMS], top=20 + 30 * len(texts) + 20)
        lines = rows + lines
        return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]

    assert header("* GEMRIELI *", "* GEORGISCHES *", "* RESTAURANT *") == "GEMRIELI"
    # a trade word under a name in capitals is still the name's
    assert header("WHOLE FOODS", "MARKET") == "WHOLE FOODS MARKET"
