"""The currency a receipt never names: the country its address, tax names and VAT id place it in,
and symbols read as such only where they stand for money."""

import pytest

from ocr_service.receipt.currency import detect_currency

from .synth import extract, value, values


def currency(texts):
    return detect_currency(texts)[0]


def test_quebec_taxes_and_a_canadian_postcode_make_the_dollar_canadian():
    # an authorisation code shaped like a postcode is none
    assert currency(["AUTH A1B2C3 APPROVED", "$5.00"]) == "USD"
    assert currency(["PATISSERIE COCO", "MONTREAL, QC, H2Z 1B9", "Total", "$12.65"]) == "CAD"
    assert currency(["CAFE", "SOUS-TOTAL $11.00", "TPS $0.55", "TVQ $1.10", "Total $12.65"]) == "CAD"
    # without either, a dollar is the US's
    assert currency(["CAFE", "Total", "$12.65"]) == "USD"


def test_a_us_state_and_zip_code_make_a_receipt_american_without_a_comma():
    # two letters and five digits that do not end an address line: no state, no ZIP
    assert currency(["BAR PEPE", "ID 12345", "IVA 10%", "TOTAL 4,00"]) == "EUR"
    assert currency(["OLD NAVY", "BELLEVUE WA 98006-6125", "Total", "122.24"]) == "USD"
    assert currency(["Cafe Mason", "320 Mason St. S.F. CA 94102", "TOTAL: 32.59"]) == "USD"
    # a company number with a dot after two letters is no address
    assert currency(["DOMINO'S PIZZA", "CO. NC. 19060", "TOTAL 12.00"]) is None


def test_sales_tax_outweighs_a_ticket_number():
    # "Ticket" also heads Spanish receipts; "Sales Tax" and a state and ZIP are American
    texts = ["La Cocina", "Ticket: 20015", "Subtotal 33.00", "Sales Tax 3.38", "Total 36.38"]
    assert currency(texts) == "USD"


def test_a_euro_countrys_vat_id_makes_a_receipt_euro():
    assert currency(["OU VIP Shop", "KMKR EE101503969", "Kokku 18.79"]) == "EUR"
    assert currency(["Shop", "VAT NL123456789B01", "Total 4.00"]) == "EUR"
    # DE with too few or too many digits is no VAT id
    assert currency(["Shop", "REF DE12345678", "Total 4.00"]) is None
    assert currency(["Shop", "REF DE1234567890", "Total 4.00"]) is None


def test_swedish_receipts_that_print_no_currency_are_in_kronor():
    texts = ["Norrbyns Grill AB", "Org nr: 559012-3456", "Net 92.86", "VAT 12% 11.14", "Subtotal 104.00"]
    assert currency([*texts, "Gästens kvitto"]) == "SEK"
    assert currency(["JENSENS BOFHUS", "Tlf.: + 46 08-141104", "Total 617.00"]) == "SEK"
    # a Swedish organisation number has ten digits (its O read as a zero too), Norway's nine,
    # Denmark's CVR eight; the VAT id, "att betala", "välkommen åter" are Swedish
    assert currency(texts) == "SEK"
    assert currency(["KAFE", "0rg.nr5565454252", "TOTAL 95,00"]) == "SEK"
    assert currency(["Momsreg.nr SE559012345601", "TOTAL 95,00"]) == "SEK"
    # a Finnish receipt says "välkommen åter" and "kortköp" too; a euro VAT id and Germany's MwSt
    # outweigh "Sverige"; a Danish "momsreg.nr", a number after a web address are not Swedish
    finnish = ["K-MARKET", "Y-tunnus 1234567-8", "ALV 24% 1,94", "KIITOS - VÄLKOMMEN ÅTER"]
    assert currency(finnish) == "EUR"
    assert currency(["KAHVILA", "ALV-nro FI12345678", "KORTKÖP", "SUMMA 10,00"]) == "EUR"
    assert currency(["IKEA", "Mwst 19%", "Made in Sverige", "SUMME 10,00"]) == "EUR"
    assert currency(["BAGERI", "Momsreg.nr. 12345678", "TOTAL 10,00"]) is None
    assert currency(["CAFE", "www.kaffe.org", "Nr 1234567890"]) is None
    assert currency(["ATT BETALA 95,00", "Välkommen åter!"]) == "SEK"
    assert currency(["KAFE", "Org nr: 987 654 321", "TOTAL 95,00"]) is None
    assert currency(["KAFE", "CVR 12345678", "TOTAL 95,00"]) != "SEK"
    # Denmark's moms and a deposit of +46,00 say nothing of Sweden
    assert currency(["BAKERI", "HERAF MOMS 25%", "TOTAL 100,00"]) is None
    assert currency(["PFAND +46,00", "TOTAL 50,00"]) is None


def test_kuna_before_the_euro():
    assert currency(["INA", "ZA PLATITI 107,55 kn", "537,77 kn"]) == "HRK"
    assert currency(["Street Food", "Ukupno: KN 232,00"]) == "HRK"
    assert currency(["Street Food", "Ukupno: KN", "232,00"]) == "HRK"
    # a KN95 mask on a dollar receipt is no kuna
    assert currency(["CVS PHARMACY", "KN95 MASK 10PK 19.99", "TOTAL $19.99"]) == "USD"


def test_ringgit_only_beside_its_amount_on_one_line():
    # a card slip's terminal number, a platform: no ringgit
    assert currency(["TERM 12345678", "PLATFORM 3", "TOTAL 12.00"]) is None
    assert currency(["TOTALRM12.00"]) == "MYR"
    # a line ending in ...RM above a line starting with a quantity is no ringgit
    got = values(extract([("1 CROQ 3 FORM", "5.95"), ("1 BRAVES ANDALUSA", "7.95"), ("TOTAL", "13.90")]))
    assert got.get("currency") != "MYR"
    assert currency(["TOTAL RM12.00"]) == "MYR"
    assert currency(["TOTAL RM 12.00"]) == "MYR"


def test_a_room_number_beside_dollars_is_no_ringgit():
    # "RM 1204" on a hotel's bill is the room; the dollars and the Californian phone say USD,
    # and so the date is read month first
    hotel = ["HOTEL BAR", "RM 1204", "Phone (415) 555-0199", "03/04/2024 19:12", "TOTAL $48.20"]
    assert currency(hotel) == "USD"
    got = values(extract([*hotel[:4], ("BURGER", "$48.20"), ("TOTAL", "$48.20")]))
    assert got.get("currency") == "USD" and got.get("date") == "2024-03-04"
    # "RM" alone on a Malaysian receipt that prints "$" is still the ringgit: its address says so
    assert currency(["KEDAI MAKAN", "JALAN SS2/24, PETALING JAYA", "QTY RM", "TOTAL $12.00"]) == "MYR"
    # the end of a word in another alphabet is no "RM": "WÜRM", a river
    assert currency(["RESTAURANT AN DER WÜRM", "TOTAL 12.00"]) is None


def test_a_malaysian_address_places_the_receipt_in_malaysia():
    assert currency(["KEDAI RUNCIT", "NO 5, JALAN BUNGA RAYA", "TOTAL 12.00"]) == "MYR"
    assert currency(["KEDAI RUNCIT", "43300 SERI KEMBANGAN, SELANGOR", "TOTAL 12.00"]) == "MYR"
    # a Singapore company on a Jalan is Singapore's
    assert currency(["TOKO PTE LTD", "JALAN BESAR", "TOTAL 12.00"]) == "SGD"


def test_the_dollar_of_the_country_the_receipt_names():
    # a province on its own line under the city, a business number's GST account, a phone's area code
    assert currency(["FLAMING DRAGON", "12 WEST STREET", "VANCOUVER", "BC", "TOTAL", "$14.70"]) == "CAD"
    assert currency(["GROCER", "GST# 123456789RT0001", "TOTAL", "$10.83"]) == "CAD"
    assert currency(["GROCER", "Phone 604.555.0199", "TOTAL", "$10.83"]) == "CAD"
    assert currency(["GROCER", "Phone (415) 555-0199", "TOTAL", "$10.83"]) == "USD"
    # Australia: a state and its four-digit postcode; Mexico: the taxpayer id
    assert currency(["CAFE", "SYDNEY NSW 2000", "TOTAL $12.00"]) == "AUD"
    assert currency(["TACOS", "RFC: ABC123456XY9", "TOTAL $120.00"]) == "MXN"
    # evidence of two countries names neither: the dollar stays the US's
    assert currency(["SHOP", "SYDNEY NSW 2000", "VANCOUVER, BC", "TOTAL $12.00"]) == "USD"


def test_a_us_address_with_a_dot_after_the_state_or_a_us_phone_number():
    assert currency(["OLD NAVY", "San Francisco CA. 94103", "Total", "107.45"]) == "USD"
    assert currency(["STORE", "Phone (212) 555-0199", "Total", "61.82"]) == "USD"
    # a toll-free number is both countries'
    assert currency(["STORE", "Call 1-800-555-0199", "Total", "61.82"]) is None


def test_european_currencies_and_the_countries_that_print_none():
    assert currency(["MAGAZIN", "TOTAL 45,50 LEI"]) == "RON"
    assert currency(["МАГАЗИН", "ОБЩО 12,40 лв"]) == "BGN"
    assert currency(["MARKET", "TOPLAM 120,00 TL"]) == "TRY"
    assert currency(["BÄCKEREI", "Total Fr. 12.50"]) == "CHF"
    # a code that is also a word counts only beside an amount
    assert currency(["DINER", "TRY OUR PIE", "Sales Tax 0.80", "Total 10.80"]) == "USD"
    # a Swiss company id outweighs the MwSt Germany prints too; a phone's dialling code
    assert currency(["Bäckerei", "CHE-123.456.789 MWST", "Total 12.50"]) == "CHF"
    assert currency(["Sklep", "Tel. +48 22 123 45 67", "Suma 12,50"]) == "PLN"
    assert currency(["PARAGON FISKALNY", "SUMA 12,50"]) == "PLN"
    assert currency(["Obchod", "DIČ: CZ12345678", "Celkem 125,00"]) == "CZK"
    assert currency(["Butikk", "Org.nr 912 345 678 MVA", "Totalt 125,00"]) == "NOK"
    assert currency(["Butik", "CVR 12345678", "I alt 125,00"]) == "DKK"
    assert currency(["Pub", "VAT NO IE6388047V", "Total 12.50"]) == "EUR"


def test_croatia_paid_in_kuna_until_2022_and_in_euro_since():
    assert currency(["Konoba", "OIB: 12345678901", "12.08.2022. 13:05", "UKUPNO 250,00"]) == "HRK"
    assert currency(["Konoba", "OIB: 12345678901", "12.08.2023. 13:05", "UKUPNO 33,00"]) == "EUR"
    # no date, no currency
    assert currency(["Konoba", "JIR: 1a2b3c", "UKUPNO 33,00"]) is None


def test_a_code_shaped_like_a_canadian_postcode_glued_into_one_word_is_none():
    assert currency(["APOTEK", "KOD 7 000 SWE N9M2C6", "TOTAL 100,00"]) is None
    assert currency(["PATISSERIE", "MONTREAL H2Z 1B9", "TOTAL 12,65"]) == "CAD"


def test_canadian_cities_provinces_and_provincial_sales_tax():
    assert currency(["CAFE", "123 QUEEN ST W", "TORONTO", "TOTAL $5.00"]) == "CAD"
    assert currency(["CAFE", "GST 5% $0.25", "PST 7% $0.35", "TOTAL $5.60"]) == "CAD"
    # GST alone is Australia's, New Zealand's and Singapore's too
    assert currency(["CAFE", "GST $0.25", "TOTAL $5.25"]) == "USD"


def test_a_tax_named_tax_alone_is_american():
    assert currency(["GELATO", "Subtotal", "24.75", "Tax", "2.07", "Total", "26.82"]) == "USD"
    assert currency(["STORE", "Subtotal 99.04", "T1 (8.5000%) Tax 8.41", "Total 107.45"]) == "USD"
    # not where another country's tax is named, nor on a tax invoice
    assert currency(["CAFE", "Subtotal 10.00", "Tax 2.00", "VAT 20% 2.00", "Total 12.00"]) is None
    assert currency(["TAX INVOICE", "Subtotal 10.00", "Tax 1.00", "Total 11.00"]) is None
    # a tax-free form is no tax line
    assert currency(["BOUTIQUE", "TAX FREE", "TOTAL 120,00"]) is None


def test_a_malaysian_company_outweighs_a_misread_canadian_tax_on_a_dollar_receipt():
    texts = ["KEDAI MAKAN SDN BHD", "GST @6%: $0.39", "QST SUMMARY", "Total Amount: $6.90"]
    assert currency(texts) == "MYR"


def test_the_yen_and_the_yuan_by_the_tax_each_country_names():
    assert currency(["ラーメン", "合計 ¥1,200", "(内消費税 ¥109)"]) == "JPY"
    assert currency(["面馆", "合计 ¥45.00", "增值税 ¥2.55"]) == "CNY"
    assert currency(["面馆", "合计 45.00", "税额 2.55"]) == "CNY"


def test_words_of_one_country_and_a_phone_number_of_another_name_no_currency():
    assert currency(["Bäckerei GmbH", "Tel. +41 44 123 45 67", "Summe 12,50"]) is None
    # a phone number of another euro country agrees
    assert currency(["Bäckerei GmbH", "Tel. +43 1 234 56 78", "Summe 12,50"]) == "EUR"


def test_the_currency_a_conversion_line_names_is_not_the_receipts():
    # a Czech restaurant prints its total in koruna without naming it, and the euro once, for
    # the amount converted at the day's rate
    czech = ["Kravin", "Grip Central s.r.o.", "Dič:CZ29131979", "Celkem", "554.00"]
    assert currency([*czech, "24.10", "Eur", "Přepočet dle kurzu"]) == "CZK"
    # the euro without a conversion line is the receipt's currency, the koruna printed too
    assert currency([*czech, "Celkem EUR 24.10"]) == "EUR"
    assert currency([*czech, "554.00 Kč", "24.10 Eur", "Přepočet dle kurzu"]) == "CZK"
    # a Swiss receipt that converts to the euro, no Swiss cue printed ("MwSt" alone says
    # Germany): its franc stays
    swiss = ["BAECKEREI", "inkl. MwSt 2,6%", "Total CHF 12.00", "CHF 12.00"]
    assert currency([*swiss, "EUR 12.60 Kurs 1.05"]) == "CHF"


def test_codes_that_are_words_of_a_receipt_count_only_beside_an_amount():
    # Malaysia's "SEK.U3" (Seksyen U3), Chinese New Year's "CNY DECO", the dish "TAU SAR PNEAH"
    assert currency(["KEDAI", "TAMAN SUBANG PERDANA, SEK.U3,", "TOTAL 12.00"]) == "MYR"
    assert currency(["KEDAI", "CNY DECO A003#", "1 X 10.90", "TOTAL RM 10.90"]) == "MYR"
    assert currency(["4 TAU SAR PNEAH (S)", "QTY RM", "TOTAL 36.00"]) == "MYR"
    # beside an amount they are the krona, the yuan and the riyal
    assert currency(["ICA", "TOTALT SEK 129,00"]) == "SEK"
    assert currency(["SHOP", "TOTAL 88.00 CNY"]) == "CNY"
    assert currency(["SHOP", "TOTAL SAR 45.00"]) == "SAR"


def test_an_item_code_starting_with_kr_is_no_krona():
    assert currency(["SALESPERSON:6", "KR600 KING'S SHOP", "TOTAL 12.00"]) is None
    assert currency(["ICA NARA", "Totalt 129,00 kr"]) == "SEK"
    assert currency(["ICA NARA", "Kr. 129,00"]) == "SEK"


@pytest.mark.parametrize("word", ["GRÜCHF", "FRANÇGBP", "SCHLÄUSD", "GRÖEUR", "SMÅKR"])
def test_a_code_is_no_code_at_the_end_of_a_word_in_another_alphabet(word):
    # letters with accents are letters: a code glued to one is the end of a word, as after "A-Z"
    assert currency(["KAFFEE", f"{word} 4.50"]) is None
    assert currency(["KAFFEE", f"{word[-3:].lstrip('Å')} 4.50"]) is not None


@pytest.mark.parametrize(
    "text, code",
    [("合計JPY1,200", "JPY"), ("总计EUR 12.00", "EUR"), ("ИТОГОEUR 12.00", "EUR"), ("금액KRW 12000", "KRW"),
     ("金額HK$ 12.00", "HKD"), ("總額NT$ 120", "TWD"), ("价格S$ 5.00", "SGD")],
)  # fmt: skip
def test_a_code_glued_to_a_word_in_another_script_is_a_code(text, code):
    # the recogniser prints no space between Chinese, Korean or Cyrillic words and a code: only a
    # letter of a Latin alphabet makes a code the end of a word
    assert currency(["KAFFEE", text]) == code


def test_the_country_of_the_web_address_before_the_weak_words():
    # a Canadian transit ticket: "1 Zone Ticket" is no Spanish receipt, its web address says Canada
    ticket = ["TransLink", "Waterfront Stn", "1 Zone Ticket", "Product Price: 2.95", "at wwu.translink.ca"]
    assert currency(ticket) == "CAD"
    assert currency(["Bäckerei Kunz", "Brot 3.49", "info@baeckerei-kunz.de"]) == "EUR"
    assert currency(["Corner Shop", "Milk 1.20", "www.cornershop.co.uk"]) == "GBP"
    # at the end of a sentence, or read with spaces
    assert currency(["1 Zone Ticket", "Price 2.95", "Visit us at www.translink.ca."]) == "CAD"
    assert currency(["1 Zone Ticket", "Price 2.95", "WWW . TRANSLINK . CA"]) == "CAD"
    # addresses of two countries say nothing
    assert currency(["Ticket", "Total 2.95", "www.example.ca", "www.example.de"]) == "EUR"


def _us_receipt(shop, street, city, item, day="11/25/2026"):
    return [
        shop, street, city, f"{day} 08:12 PM",
        (item, "8.99"), ("Water", "1.99"), ("SUBTOTAL", "10.98"), ("TAX", "1.13"),
        ("TOTAL", "$12.11"), ("VISA", "$12.11"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "item",
    [
        "Canada Dry Ginger Ale",
        "Singapore Noodles",
        "Australia Lamb Chops",
        "Nova Scotia Lox 1/4lb",
        "Montreal Bagel",
    ],
)
def test_a_country_or_city_named_in_what_a_shop_sells_does_not_place_the_shop(item):
    """A US shop (its street, city, state and ZIP, its tax line, "$") selling "Canada Dry" or
    "Singapore Noodles": the names of what it sells placed it in Canada or Singapore, at 0.92 (a
    Canadian dollar filled on the expense), and read its 11/05 day first."""
    fields = extract(_us_receipt("GOLDEN WOK", "88 Mott St", "New York NY 10013", item, day="11/05/2026"))
    assert value(fields, "currency") == "USD"
    assert value(fields, "date") == "2026-11-05"
    assert value(fields, "total") == "12.11"


def test_a_street_or_shop_named_after_a_place_only_guesses_its_country():
    """Portland's Alberta Street, its state misread ("0R"): the name is all that places it, and it
    places it in Canada only as a guess (under any fill threshold); 0.92 before."""
    fields = extract(_us_receipt("ALBERTA STREET PUB", "1036 NE Alberta St", "Portland 0R 97211", "IPA Pint"))
    assert fields["currency"]["confidence"] < 0.8
    # the same name in an address with a Canadian dialling area code or web address is Canada's
    assert currency(["ALBERTA STREET PUB", "www.albertapub.ca", "Total", "$12.65"]) == "CAD"
    assert detect_currency(["ALBERTA STREET PUB", "www.albertapub.ca", "Total", "$12.65"])[1] >= 0.7


def test_the_code_eur_counts_once_beside_another_code():
    """ "EUR 3.50" and "USD 3.50": two codes once each, a tie (0.3, as GBP and USD are). The code
    EUR counted as a code and again as the euro's word, and came back sure at 0.87 (filled)."""
    fields = extract(["SHOP", "EUR 3.50", "USD 3.50", ("TOTAL", "3.50")])
    assert fields["currency"]["confidence"] <= 0.3
    # the word, and the sign, still count
    assert currency(["CAFE", "Total 3,50 Euro"]) == "EUR"
    assert currency(["CAFE", "Total 3,50 €"]) == "EUR"


def test_a_brazilian_receipts_law_is_no_romanian_lei_and_its_real_is_read():
    """Every Brazilian consumer receipt prints the tax notice's law, "Lei 12.741/12": read as
    "lei" beside an amount, it made the receipt Romanian at 0.92, and the addon filled the amount
    in RON. The real's sign "R$" was a dollar's."""
    notice = ["SUPERMERCADO DIA", "CNPJ 03.476.811/0001-51", "Valor total R$ 45,29", "Cartao R$ 45,29",
              "Fonte: IBPT Lei 12.741/12"]  # fmt: skip
    assert detect_currency(notice)[0] == "BRL"
    assert detect_currency(notice)[1] >= 0.8
    # the law alone, no "R$": no sure lei (a Brazilian company's tax id places it)
    code, conf = detect_currency(["CHURRASCARIA", "CNPJ 01.234.567/0001-89", "TOTAL 132,00",
                                  "tributos conforme Lei 12.741: 21,50"])  # fmt: skip
    assert code != "RON"
    assert not (code != "BRL" and conf >= 0.8)
    # Romania's lei beside an amount, either side, still are
    assert currency(["MAGAZIN", "TOTAL LEI 45,50"]) == "RON"
    assert currency(["MAGAZIN", "TOTAL LEI 1.245,50"]) == "RON"
    assert currency(["MAGAZIN", "TOTAL 45,50 LEI"]) == "RON"


def test_lei_on_a_receipt_that_names_moldova_are_moldovan():
    rows = ["LINELLA", "str. Stefan cel Mare 1, Chisinau", "Republica Moldova", "05.11.2026 14:22",
            ("Paine", "12,00 lei"), ("Cafea", "108,00 lei"), ("TOTAL", "120,00 lei"),
            ("TVA 20%", "20,00 lei")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "currency") == "MDL"
    assert fields["currency"]["confidence"] >= 0.8
    assert value(fields, "total") == "120.00"
    # a Moldovan shop's receipt printing RON is in RON
    assert currency(["LINELLA", "Chisinau", "TOTAL 120,00 RON"]) == "RON"
    # and lei without Moldova stay Romanian
    assert currency(["MAGAZIN", "Bucuresti", "TOTAL 120,00 lei"]) == "RON"


def test_a_romanian_receipt_naming_a_moldovan_or_moldova_keeps_its_lei():
    """ "MOLDOVAN" is a common Romanian surname, and Moldova a region of Romania: its fiscal
    receipts ("BON FISCAL") are in Romanian lei."""
    assert currency(["FARMACIA MOLDOVAN SRL", "Cluj-Napoca", "BON FISCAL", "TOTAL 12,00 LEI"]) == "RON"
    assert currency(["HOTEL MOLDOVA", "Iasi", "BON FISCAL", "TOTAL 120,00 LEI"]) == "RON"
