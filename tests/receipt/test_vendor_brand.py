"""The shop's name as its customers know it: the brand printed in the header, not a phone
number spelt in letters, nor a legal name cut from its first word or carrying its owner's name."""

from ocr_service.engines import Line
from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.spacing import restore_spaces

from .synth import CHAR_W, ROW_H, line, receipt

ITEMS = [("ITEM", "9.90"), ("TOTAL", "9.90")]


def centred(text, y, h=ROW_H):
    width = CHAR_W * len(text)
    return line(text, 300 - width / 2, y, h)


def vendor(header, heights=None):
    """The vendor read from centred header lines (of the given heights) over two item rows."""
    heights = heights or [ROW_H] * len(header)
    rows, y = [], 20.0
    for text, h in zip(header, heights, strict=True):
        rows.append(centred(text, y, h))
        y += h + 4
    lines, _w, _h = receipt(ITEMS, top=y + 20)
    lines = rows + lines
    return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]


def test_a_phone_number_spelt_in_letters_is_no_name():
    # the store's initials are its name; the toll-free number under the address is a contact line
    got = vendor(["C&A", "Market Street", "Springfield, IL 62701", "1-855-CNA-SHOP"])
    assert got == "C&A"


def test_a_phone_number_spelt_in_letters_alone_gives_no_name():
    got = vendor(["Market Street", "Springfield, IL 62701", "1-855-CNA-SHOP"])
    assert got is None


def test_a_national_company_line_continues_the_brand_above_it():
    # the legal name starts with the brand on the line above, not with the country
    got = vendor(["KAYAKO", "Deutschland SE & Co. KG", "Peterstrasse 36", "04109 Leipzig"])
    assert got == "KAYAKO Deutschland SE & Co. KG"


def test_the_brand_above_a_franchisees_legal_name_is_the_shops_name():
    # the big brand line over the partnership that runs the shop, named after its owner
    got = vendor(
        ["NAHKAUF", "NAHKAUF Anna Muster oHG", "An der Kotsche 9", "04207 Leipzig"], [60, 20, 20, 20]
    )
    assert got == "NAHKAUF"


def test_a_company_whose_legal_name_starts_with_the_brand_keeps_its_legal_name():
    # a limited company's name names no owner: it stays the name read
    got = vendor(
        ["ELKAN", "ELKAN SERVICE SDN BHD", "NO 12, JALAN PUCHONG", "47100 PUCHONG"], [60, 20, 20, 20]
    )
    assert got == "ELKAN SERVICE SDN BHD"


def test_a_name_in_large_type_over_two_lines_is_read_whole():
    got = vendor(["SUNNY", "GREECE", "AMSTERDAM", "Tafel: 310"], [60, 60, 20, 20])
    assert got == "SUNNY GREECE"


def test_a_trade_word_set_under_a_logo_belongs_to_the_name():
    got = vendor(["GREEN LEAF", "MARKET", "1550 N Kingsbury St", "Chicago, IL 60642"], [50, 24, 20, 20])
    assert got == "GREEN LEAF MARKET"


def test_a_store_line_under_the_name_in_its_own_type_stays_apart():
    # the branch's number and trade word in small type are no part of the name
    got = vendor(["Ryan Fuel", "Store 658", "12 Main Street"], [50, 24, 20])
    assert got == "Ryan Fuel"


def test_a_bracket_opened_at_the_end_of_the_name_closes_on_the_next_line():
    got = vendor(["Ruby Noodle Soup Bar (Old", "Town)", "91 Shandwick Place", "Edinburgh, EH2 4SD"])
    assert got == "Ruby Noodle Soup Bar (Old Town)"


def test_the_small_companys_form_spelt_out_under_its_name_belongs_to_it():
    got = vendor(["LA Rocca UG", "haftungsbeschränkt", "Ratsfreischulstr.8", "04109 Leipzig"])
    assert got == "LA Rocca UG haftungsbeschränkt"


def test_the_trade_printed_over_the_companys_name_is_no_part_of_it():
    got = vendor(["Pizzeria", "Da Mario UG", "haftungsbeschränkt", "Ratsfreischulstr.8", "04109 Leipzig"])
    assert got == "Da Mario UG haftungsbeschränkt"


def test_the_sale_title_and_the_location_line_are_no_names():
    # "* VENTE *" titles a French sale; "Standort_..." names the branch, not the business
    got = vendor(["* VENTE *", "Dupont Paris / Gare", "3 place de Breteuil", "75007 PARIS"], [30, 20, 20, 20])
    assert got == "Dupont Paris / Gare"
    got = vendor(["Stadtbibliothek", "Standort_HAUPTHAUS", "Josefsplatz 1", "1015 Wien"])
    assert got == "Stadtbibliothek"


def test_the_cuisine_told_with_a_trade_word_is_no_name():
    # "China Restaurant" under the name, "ARGENTINISCHES STEAKHAUS" over it: subtitles
    got = vendor(["Lotusblume", "China Restaurant", "Berliner Freiheit 19", "53111 Bonn"])
    assert got == "Lotusblume"
    got = vendor(
        ["ARGENTINISCHES", "STEAKHAUS", "EL GAUCHO", "HAUPTSTR. 2-4", "53115 BONN"], [20, 30, 24, 20, 20]
    )
    assert got == "EL GAUCHO"
    got = vendor(["Pho Saigon", "VIETNAMESE STREET FOOD", "Tafel: 12"])
    assert got == "Pho Saigon"


def stacked(header):
    """Centred header lines, the first two touching, over two item rows."""
    rows = [centred(text, y) for text, y in zip(header, (20, 38, 62, 86), strict=False)]
    lines, _w, _h = receipt(ITEMS, top=140)
    lines = rows + lines
    return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]


def test_a_name_of_two_words_set_one_over_the_other_is_read_whole():
    assert stacked(["Lumen", "Salon", "Kurt Eisner Str.43", "04275 Leipzig"]) == "Lumen Salon"
    # a digit misread inside a word is no number
    assert stacked(["Lumen", "Sa1on", "Kurt Eisner Str.43", "04275 Leipzig"]) == "Lumen Salon"
    # the town over its postcode is no part of the name
    assert stacked(["Harbour", "Edinburgh", "EH12 5DS", "Table: 26"]) != "Harbour Edinburgh"


def test_the_name_keeps_the_apostrophe_another_line_prints():
    # the logo read without its apostrophe, the name printed with it under the subtitle
    rest = ["PIZZA E PASTA", "L'OSTERIA", "Portlandweg 4", "D-53227 Bonn", "email:bonn@losteria.de"]
    for logo in ("LO STERIA", "LOSTERIA"):
        assert vendor([logo, *rest], [60, 24, 16, 16, 16, 16]) == "L'OSTERIA"


def test_the_mall_in_brackets_after_the_name_is_no_part_of_it():
    # the bracket opened on the name line goes on on the next ("FOOD COURT)" read "FOOD")
    got = vendor(["FLAMING WOK(PACIFIC MALL", "FOOD", "701 WEST GEORGIA STREET", "VANCOUVER"])
    assert got == "FLAMING WOK"
    assert vendor(["Noodle Bar (Sunway Mall)", "12 Main Street", "Springfield"]) == "Noodle Bar"


def test_the_name_welcomed_with_is_the_name_when_the_web_address_agrees():
    header = ["Welcome to Chick-fil-A", "Loyola In-Line (#02841)", "Chicago, IL", "www.chick-fil-a.com"]
    assert vendor(header) == "Chick-fil-A"
    # nothing else names the shop so: the welcome is a greeting like any other
    assert vendor(header[:3]) != "Chick-fil-A"


def test_a_number_sign_after_a_trade_word_numbers_the_shop_not_a_house():
    got = vendor(["PIZZERIA NO.900", "444 Rue McGill, Montreal, Qc", "H2Y 2G1"])
    assert got == "PIZZERIA NO.900"
    # a street's house number with its number sign is an address still
    assert vendor(["KEDAI RUNCIT AH HOCK", "NO. 12, JALAN MAWAR", "KUALA LUMPUR"]) == "KEDAI RUNCIT AH HOCK"


def test_a_name_starting_with_a_title_word_and_ending_with_its_trade_is_a_name():
    assert vendor(["Table Rock Market", "6650 Niagara Parkway", "Niagara Falls, ON"]) == "Table Rock Market"
    # the table's number, the customer's copy: titles still
    got = vendor(["Rock Market", "6650 Niagara Parkway", "TABLE 12 BAR", "CUSTOMER COPY STORE"])
    assert got == "Rock Market"


def test_a_name_set_on_three_lines_around_its_joining_word_is_read_whole():
    got = vendor(["APOTHEKE", "AM", "RATZELBOGEN", "Kiewer Str. 5", "04209 Leipzig"], [30, 26, 24, 16, 16])
    assert got == "APOTHEKE AM RATZELBOGEN"


def test_a_word_in_large_capitals_over_a_smaller_one_is_one_name():
    got = vendor(["GAMING", "MUSEUM", "Hauptstrasse 5", "1010 Wien"], [50, 22, 16, 16])
    assert got == "GAMING MUSEUM"
    # the street under it is none of it
    assert vendor(["GAMING", "Hauptstrasse 5", "1010 Wien"], [50, 16, 16]) == "GAMING"


def test_two_lines_framed_alike_are_one_name():
    header = ["* MORRISON,S *", "* IRISH PUB *", "*&*", "* RESTAURANT *", "Ritterstr. 38/40", "04109 LEIPZIG"]
    assert vendor(header) == "MORRISON,S IRISH PUB"
    # the goods in small letters under a name in capitals: no part of it
    assert (
        vendor(["* PIZZA-TURM *", "*Pizza--Pasta *", "* Salat--Eis *", "Brünner-Str. 8", "04209 LEIPZIG"])
        == "PIZZA-TURM"
    )


def test_the_town_of_the_address_in_the_web_address_is_no_part_of_the_name():
    header = ["MIO", "Restaurant", "Beethovenstraße 21", "04107 Leipzig", "www.mio-leipzig.de"]
    assert vendor(header).upper() == "MIO"


CROATIAN_HEADER = [
    "objekt brze prehrane (fast food) 'TAM TAM'",
    "'ANPER' sezonski obrt za instalacije i ugostiteljstvo",
    "vl. Denis Kolonbo, OIB: 39275193912",
    "Porat plaža, 21318 Mimice",
    "Broj računa: 1744/Pos11/1",
    "Naziv Cijena Količina Iznos",
]


def test_the_trade_name_in_quotes_after_what_the_business_is():
    assert vendor(CROATIAN_HEADER) == "TAM TAM"


def test_neither_the_owner_with_his_tax_number_nor_a_column_heading_is_the_name():
    # without the quoted names, the owner's line and the table's headings are all that is left
    got = vendor(["fast food", *CROATIAN_HEADER[2:]])
    assert got not in ("vl. Denis Kolonbo, OIB", "vl. Denis Kolonbo", "Naziv", "Naziv Cijena Količina Iznos")


def test_a_name_that_is_all_quoted_or_holds_an_apostrophe_is_kept_whole():
    assert vendor(["'TAM TAM'", "Porat plaža, 21318 Mimice"]) == "TAM TAM"
    assert vendor(["CHRIS' BURGERS", "Main Street 5"]) == "CHRIS' BURGERS"


def test_a_logo_read_in_pieces_takes_the_line_below_that_spells_it_whole():
    # the logo's pieces overlap as a script logo's do (boxes as a recogniser returned them)
    header = [
        ("22", (39, 106, 108, 159)),
        ("the old", (220, 155, 357, 220)),
        ("şpaghetti", (224, 177, 397, 253)),
        ("factory", (232, 218, 377, 277)),
        ("The Old Spaghetti Factory - Gastown", (79, 291, 543, 324)),
        ("53 Water St.", (229, 322, 389, 352)),
        ("Vancouver, BC, V6B 1A1", (154, 354, 466, 384)),
    ]
    rows = [Line(text, 0.99, list(map(float, box))) for text, box in header]
    items, _w, _h = receipt(
        [("Spaghetti with Meatballs", "$15.25"), ("Subtotal", "$22.20"), ("Total", "$24.01")], top=420
    )
    lines = rows + items
    got = extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]
    assert got == "The Old Spaghetti Factory - Gastown"


def test_a_one_word_logo_is_not_traded_for_a_line_that_merely_holds_it():
    # one piece is no logo in pieces: "HOLLAND" over "Holland Fish House Ltd" stays as printed
    got = vendor(
        ["HOLLAND", "Fish and Chips", "Holland and Barrett Street 4"], heights=[3 * ROW_H, ROW_H, ROW_H]
    )
    assert got == "HOLLAND"


def test_a_brand_in_lower_case_that_the_web_address_spells_is_no_slogan():
    # "asia" in lower case after the first word reads like a slogan; the web address spells it
    header = ["go asia Supermarkt", "Nikolaistraße 10, 04109 Leipzig", "www.goasia.net"]
    assert vendor(header) == "go asia"
    # a slogan after the brand stays a slogan: the web address spells only its first word
    assert vendor(["Lidl lohnt sich", "Pohlweg 110", "www.lidl.de"]) != "Lidl lohnt sich"


def test_a_brand_in_one_word_is_spaced_as_the_receipt_prints_it_elsewhere():
    assert restore_spaces("TapaTapa", ["TAPA TAPA ANG, SL", "08015 BARCELONA"]) == "Tapa Tapa"
    assert restore_spaces("MediaMarkt", ["MEDIA MARKT LEIPZIG-BRÜHL"]) == "Media Markt"
    # printed nowhere else in words: the brand's own spelling
    assert restore_spaces("MediaMarkt", ["Brühl 1", "04109 Leipzig", "MEDIAMARKT.DE"]) == "MediaMarkt"
    assert vendor(["MediaMarkt", "Brühl 1", "04109 Leipzig"]) == "MediaMarkt"


def test_a_name_in_large_type_over_two_lines_is_read_from_its_first_line():
    # the second line scores best, the first reads as no name of its own: the heading is both
    got = vendor(["ZUM GOLDENEN", "HIRSCH", "Hauptstr. 5", "04107 Leipzig"], [44, 44, 16, 16])
    assert got == "ZUM GOLDENEN HIRSCH"
    got = vendor(["BIG", "APPLE PIZZA", "Hauptstr. 5", "04107 Leipzig"], [44, 44, 16, 16])
    assert got == "BIG APPLE PIZZA"
    # a line in the body's type over the name is no part of it, nor a document's title
    got = vendor(["ZUM GOLDENEN", "HIRSCH", "Hauptstr. 5", "04107 Leipzig"], [16, 44, 16, 16])
    assert got == "HIRSCH"
    got = vendor(["LIEFERUNG", "PIZZA ROMA", "Hauptstr. 5", "04107 Leipzig"], [44, 44, 16, 16])
    assert got == "PIZZA ROMA"


def test_a_logo_beside_the_company_line_is_not_joined_to_it():
    # a drugstore's header: its short logo three lines tall on the left, the company, the address
    # and a slogan beside and under it (boxes as read from a scan). Joined into one line
    # "dm dm-drogerie markt" the name looked like a slogan, and no vendor was returned.
    header = [
        Line("dm", 0.93, [39, 118, 227, 214]),
        Line("dm-drogerie markt", 0.99, [310, 144, 531, 179]),
        Line("Grimmalsche Straße 14", 0.98, [287, 165, 550, 210]),
        Line("HIER BIN ICH MENSCH", 0.99, [6, 207, 196, 253]),
        Line("04109 Leipzig", 0.99, [337, 199, 494, 234]),
        Line("HIER KAUF ICH EIN", 0.99, [100, 225, 260, 269]),
        Line("0341/2247541", 0.99, [343, 226, 492, 260]),
    ]
    lines, _w, _h = receipt(ITEMS, top=300)
    lines = header + lines
    got = extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]
    assert got in ("dm", "dm-drogerie markt")


def test_a_chains_name_read_with_one_letter_wrong_is_spelled_as_the_chain_spells_it():
    # "V" read as "U" in the logo's capitals: OpenStreetMap's name-suggestion-index knows Old Navy
    got = vendor(["OLD NAUY", "1234 Market Street", "Springfield, IL 62701"], [40, 20, 20])
    assert got == "Old Navy"


def test_a_name_a_letter_longer_than_a_chains_is_another_name():
    # "Burgers Bar" is a chain; a shop called BURGER BAR is not misread, it is another shop
    got = vendor(["BURGER BAR", "Kerkstraat 12", "1017 GC Amsterdam"], [40, 20, 20])
    assert got == "BURGER BAR"


def test_a_name_one_letter_off_two_chains_is_left_as_read():
    from ocr_service.receipt import brands

    assert brands.near_brand("Pret A Manget") == "Pret A Manger"
    # short names are too close to too many words to respell: "DINING" is one letter off "Li-Ning"
    assert brands.near_brand("DINING") is None
    # a known name is never respelled, whatever else it is one letter off
    assert brands.near_brand("Old Navy") is None
    # one confusable letter off TBI Bank and off RBL Bank alike: which it misreads cannot be told
    assert brands.near_brand("TBL BANK") is None
    # a letter the recogniser does not take for the other: another name, not a misreading
    assert brands.near_brand("Anderson") is None  # Andersen
    assert brands.near_brand("AA PHARMACY") is None  # Ai Pharmacy
    assert brands.near_brand("MedlaMarkt") == "MediaMarkt"


def test_the_engines_warm_up_reads_the_brand_list_so_no_receipt_waits_for_it():
    from ocr_service import runtime
    from ocr_service.receipt import brands

    class Warmed:
        def warm_up(self):
            pass

        def class_probabilities(self, crops):
            import numpy as np

            from ocr_service.engines import ClassProbabilities

            return ClassProbabilities(("blank", "a"), [np.zeros((1, 2), np.float32) for _ in crops])

    brands._by_length.cache_clear()
    brands._known.cache_clear()
    runtime.warm_up(Warmed())
    assert brands._by_length.cache_info().currsize == 1 and len(brands._known()) > 10_000
