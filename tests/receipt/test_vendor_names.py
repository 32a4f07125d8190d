"""Business names as receipts print them: a registration number or branch code after the
legal form, an owner's "Owned by:", a name whose first words stand on the line above."""

import pytest

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.names import clean_name

from .synth import CHAR_W, ROW_H, line, receipt


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("KING'S CONFECTIONERY S/B 273500-U (KSB)", "KING'S CONFECTIONERY S/B"),
        ("THE STORE (MALAYSIA) SDN BHD C8199K)", "THE STORE (MALAYSIA) SDN BHD"),
        ("SUPER.SEVEN CASH & CARRY SDN 3HD 28-05", "SUPER.SEVEN CASH & CARRY SDN 3HD"),
        ("MOONLIGHT CAKE HOUSE SON DHD BOZTZ5-U", "MOONLIGHT CAKE HOUSE SON DHD"),
        ("OWN BY: CHEF LEE SDN BHD", "CHEF LEE SDN BHD"),
        ("Owned by T PLUS F&B SDN. BHD.", "T PLUS F&B SDN. BHD"),
        # words without digits after the form are a branch: kept
        (
            "CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)",
            "CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)",
        ),
        ("AEON CO. (M) BHD", "AEON CO. (M) BHD"),
        # the mall of the branch run on after the form, not in brackets: cut
        ("EIGHT OUNCE COFFEE CO. THE GARDENS MALL", "EIGHT OUNCE COFFEE CO"),
        ("Media Markt TV-Hifi-Elektro GmbH Paderborn", "Media Markt TV-Hifi-Elektro GmbH Paderborn"),
        # the street and postcode of a Viennese cafe run on after the form: never in the name
        ("Seper GmbH., A-1070,,Neustiftgasse 9", "Seper GmbH"),
        ("Muster GmbH & Co. KG, Pohlweg 110", "Muster GmbH & Co. KG"),
        ("Broodje BV Keizersgracht 12A", "Broodje BV"),
    ],
)
def test_name_ends_with_its_legal_form(printed, name):
    assert clean_name(printed) == name


def test_misread_legal_form_is_spelled_once_cut():
    lines, _w, height = receipt(
        ["MOONLIGHT CAKE HOUSE SON DHD BOZTZ5-U", "NO. 2, JALAN PUDU", ("TOTAL", "9.90")]
    )
    got = extract_receipt_fields(lines, page_height=height)
    assert got["vendor"]["value"] == "MOONLIGHT CAKE HOUSE SDN BHD"


def centred(text, y, h=ROW_H):
    width = CHAR_W * len(text)
    return line(text, 300 - width / 2, y, h)


def vendor(header):
    rows = [centred(t, 20 + i * (ROW_H + 4)) for i, t in enumerate(header)]
    lines, _w, _h = receipt([("ITEM", "9.90"), ("TOTAL", "9.90")], top=40 + len(header) * (ROW_H + 4))
    lines = rows + lines
    return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]


def test_first_words_of_the_name_on_the_line_above():
    got = vendor(["LIAN CHI PU TIAN VEGETARIAN", "RESTAURANT SDN BHD", "NO 54, JALAN SS23/11"])
    assert got == "LIAN CHI PU TIAN VEGETARIAN RESTAURANT SDN BHD"
    got = vendor(["PASAR RAYA MEGA MAJU", "(SEMENYIH) SDN BHD", "NO 24, JALAN BUNGA RAYA 4"])
    assert got == "PASAR RAYA MEGA MAJU (SEMENYIH) SDN BHD"


def test_a_legal_form_after_a_german_trade_word_ends_the_name_above():
    # "Bäckereien GmbH" ends the name above it ("Bäckerei" is a trade word, as "Bakery" is):
    # the bakery is MERZENICH, not "Bäckereien GmbH"
    got = vendor(["MERZENICH", "Bäckereien GmbH", "Poststraße 2-4", "53111 Bonn"])
    assert got is not None and got.upper().startswith("MERZENICH")
    # a name before the form is a name ("Merzenich Bäckereien GmbH" on one line)
    assert vendor(["Kasse 3", "Merzenich Bäckereien GmbH", "Poststraße 2-4", "53111 Bonn"]) == (
        "Merzenich Bäckereien GmbH"
    )


def test_a_brand_above_a_full_legal_name_stays_apart():
    got = vendor(["SUSHI MENTAI", "MIZU MENTAI SDN BHD", "NO 54, JALAN SS23/11"])
    assert got == "MIZU MENTAI SDN BHD"


def test_name_with_its_registration_number_after_it_is_read():
    # "Co. No:" after the name made the whole line a registration line
    got = vendor(["Dion Realties Sdn Bhd (Co. No:20154-T)", "(GST Registration No : 000850247680)",
                  "27, Jalan Sultan Ismail,"])  # fmt: skip
    assert got == "Dion Realties Sdn Bhd"


def test_company_number_marks_a_name_that_holds_a_place():
    # "MALAYSIA" reads like an address; the company number after it says it is a company
    got = vendor(
        ["Best Denki Malaysia (308282-A)", "Lot LG 26, Subang Parade", "47500 Subang Jaya, Selangor"]
    )
    assert got == "Best Denki Malaysia"
    got = vendor(["57 Station Road (12345)", "Bristol BS1 4DJ"])  # a number without its letter: no company
    assert got is None


def test_initial_read_as_a_digit():
    got = vendor(["MR. D.1.Y. (M) SDN BHD", "LOT 1851-A, JALAN KPB 6"])
    assert got == "MR. D.I.Y. (M) SDN BHD"
    assert vendor(["1STOP MART SDN BHD", "LOT 18, JALAN KPB 6"]) == "1STOP MART SDN BHD"


def test_the_short_form_sb_and_a_former_name():
    # "SB" for Sdn Bhd ends a name; the name it was formerly known by is no part of it
    header = ["NO 9, JALAN 16/11", "PJ NEWS RETAIL SB(306295-X) FKA BISON STORES SB", "www.pjnews.com.my"]
    got = vendor(header)
    assert got == "PJ NEWS RETAIL SB"
    # a code that starts with the letters is no legal form
    assert clean_name("SB-5882 CAMIS NCR BILL BOOK") == "SB-5882 CAMIS NCR BILL BOOK"


@pytest.mark.parametrize(
    "street",
    [
        "Neustiftgasse 9",
        "Pohlweg 110",
        "Lindenallee 39",
        "Keizersgracht 12A",
        "A-1070 Wien",
        "D-10115 Berlin",
    ],
)
def test_a_street_of_one_word_or_a_postcode_is_no_name(street):
    # the brand's logo unread: the street under it is not the vendor (none is better)
    got = vendor(["Schnitzel und mehr", street, "Tel. 01 5247882"])
    assert got is None or street.split()[0] not in got


def test_a_shops_number_is_no_name():
    got = vendor(["KFC", "Restaurant Nummer : 415", "Bijlmerplein 209", "1102 DD Amsterdam"])
    assert got == "KFC"


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # the legal form glued to the name's last word: no word ends in SDN
        ("EDEN IMPRESSIONSDN BHD", "EDEN IMPRESSION SDN BHD"),
        ("Eden ImpressionSdn Bhd", "Eden Impression Sdn Bhd"),
        # the bracket before the legal form closed by a letter read for it
        ("GARDENIA BAKERIES (KLISDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"),
        ("GARDENIA BAKERIES (KL) SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"),
        # an owner's "Dimiliki" without its "oleh"
        ("Dimiliki: banh mi cafe sdn bhd", "banh mi cafe sdn bhd"),
        ("DIMILIKI OLEH : DOVE HOLDINGS SDN BHD", "DOVE HOLDINGS SDN BHD"),
        # a capital I for the l that ends a lower-case word; a capital inside a name stays
        ("Taste Of The WorId Sdn Bhd", "Taste Of The World Sdn Bhd"),
        ("McIntyre Bakery", "McIntyre Bakery"),
        ("PIZZA ITALIA", "PIZZA ITALIA"),
        # a code with leading zeros before the name; a name that starts with a number stays
        ("000002 BAIFU (M) Sdn Bhd", "BAIFU (M) Sdn Bhd"),
        ("99 SPEED MART S/B", "99 SPEED MART S/B"),
        ("1919 RESTAURANT", "1919 RESTAURANT"),
        # a few letters glued on after the form's dot; a branch in words stays
        ("SKCA HARDWARE & TIMBER SDN. BHD.LLT", "SKCA HARDWARE & TIMBER SDN. BHD"),
        ("CHECKERS SDN BHD (JALAN KLANG LAMA)", "CHECKERS SDN BHD (JALAN KLANG LAMA)"),
    ],
)
def test_names_read_with_a_mark_glued_or_misread(read, name):
    from ocr_service.receipt.names import _canonical_form

    assert _canonical_form(clean_name(read)) == name


def test_a_legal_form_glued_to_the_name_is_set_apart_on_the_receipt():
    assert vendor(["EDEN IMPRESSIONSDN BHD", "NO. 2, JALAN PUDU"]) == "EDEN IMPRESSION SDN BHD"


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("GARDENIA BAKERLES (KL) SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"),
        ("UNIHAKKA INTERNATLONAL SDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD"),
        # a word of another language one letter longer is no misreading ("Distributore")
        ("Distributore Bruno", "Distributore Bruno"),
    ],
)
def test_trade_words_of_company_names_misread_by_a_look_alike(read, name):
    from ocr_service.receipt.spacing import mend_trade_words

    assert mend_trade_words(read) == name
