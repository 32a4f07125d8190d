"""Receipts in a currency with no minor unit (the rupiah, the dong, the yen, the won, the Chilean
peso) print their totals without decimals, a point or a comma grouping the thousands: the total
is read when the receipt shows its currency has none, vouched for as a two-decimal total is (its
label, cash less change), and a receipt in a currency with cents reads as before."""

import re

import pytest

from .synth import extract, value

SURE = 0.8

IDR = ["INDOMARET", "Jl. Sudirman No. 5, Jakarta", "12/03/2024 14:22", ("AQUA 600ML", "Rp 3.500"),
       ("ROTI TAWAR", "Rp 15.000"), ("TOTAL", "Rp 18.500"), ("TUNAI", "Rp 20.000"),
       ("KEMBALI", "Rp 1.500")]  # fmt: skip
VND = ["CONG TY TNHH ABC", "123 Le Loi, Q1, TP HCM", "Ngay 12/03/2024", ("Ca phe sua", "35.000"),
       ("Banh mi", "25.000"), ("Tong cong", "60.000 d"), ("Tien mat", "100.000"),
       ("Tien thua", "40.000")]  # fmt: skip
VND_ACCENTS = ["QUÁN CÀ PHÊ SÁNG", "45 Nguyễn Huệ, Quận 1", "12/03/2024 08:15", ("Cà phê sữa", "35.000₫"),
               ("Bánh mì", "25.000₫"), ("Tổng cộng", "60.000₫"), ("Tiền mặt", "100.000₫"),
               ("Tiền thối", "40.000₫")]  # fmt: skip
JPY = ["LAWSON", "Tokyo", "2024/03/12 14:22", ("ONIGIRI", "¥150"), ("TEA", "¥152"), ("TOTAL", "¥302"),
       ("CASH", "¥1,000"), ("CHANGE", "¥698")]  # fmt: skip
KRW = ["GS25", "Seoul", "2024-03-12", ("ITEM", "1,500"), ("ITEM2", "2,000"), ("TOTAL KRW", "3,500"),
       ("CASH KRW", "5,000"), ("CHANGE KRW", "1,500")]  # fmt: skip
CLP = ["JUMBO", "Santiago", "12/03/2024", ("PAN", "$1.290"), ("LECHE", "$990"), ("TOTAL", "$2.280"),
       ("EFECTIVO", "$5.000"), ("VUELTO", "$2.720")]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "total", "currency"),
    [(IDR, "18500.00", "IDR"), (VND, "60000.00", "VND"), (VND_ACCENTS, "60000.00", "VND"),
     (JPY, "302.00", "JPY"), (KRW, "3500.00", "KRW"), (CLP, "2280.00", "CLP")],
)  # fmt: skip
def test_a_total_without_decimals_is_read_and_cash_less_change_vouches_for_it(rows, total, currency):
    fields = extract(rows)
    assert value(fields, "total") == total
    assert fields["total"]["confidence"] >= SURE
    assert value(fields, "currency") == currency


def test_the_points_group_thousands_whatever_the_locale():
    """ "Rp 18.500" is eighteen thousand five hundred, never 18.50 (nor 18.5 read as cents)."""
    rows = ["TOKO MAJU", "Jakarta", "12/03/2024", ("TOTAL", "Rp 18.500")]
    for locale in (None, "en_US", "id_ID", "de_DE"):
        assert value(extract(rows, locale), "total") == "18500.00", locale


@pytest.mark.parametrize(
    ("rows", "total"),
    [
        # Indonesian: the total to pay, cash and change
        (["ALFAMART", "Bandung", "12/03/2024", ("MIE GORENG", "Rp 3.000"), ("TOTAL BAYAR", "Rp 3.000"),
          ("TUNAI", "Rp 10.000"), ("KEMBALIAN", "Rp 7.000")], "3000.00"),
        # Vietnamese without accents: the sum of the goods, then the total to pay
        (["CUA HANG XYZ", "Ha Noi", "12/03/2024", ("Tong tien hang", "120.000"), ("Chiet khau", "-20.000"),
          ("Tong thanh toan", "100.000 VND"), ("Khach dua", "200.000"), ("Tra lai", "100.000")],
         "100000.00"),
    ],
)  # fmt: skip
def test_the_countries_own_total_and_payment_labels(rows, total):
    fields = extract(rows)
    assert value(fields, "total") == total
    assert fields["total"]["confidence"] >= SURE


def test_a_total_no_label_names_is_a_guess():
    """ "合計 ¥1,280": the recogniser drops the Japanese words, the amounts come alone. The largest
    may be the total; nothing on the receipt says so."""
    rows = ["FAMILYMART", "2024/03/12 14:22", ("", "¥480"), ("", "¥800"), ("", "¥1,280")]
    fields = extract(rows)
    assert value(fields, "total") == "1280.00"
    assert fields["total"]["confidence"] < SURE


def test_a_labelled_total_left_unvouched_by_cash_is_still_read():
    rows = ["GS25", "Seoul", "2024-03-12", ("ITEM", "₩1,500"), ("ITEM2", "₩2,000"), ("TOTAL", "₩3,500")]
    assert value(extract(rows), "total") == "3500.00"


UK = ["THE CORNER CAFE", "12 High Street, London W1 2AB", "12/03/2024 14:22", ("2 x Latte", "6.40"),
      ("1 x Scone 40172", "2.50"), ("Table 12", ""), ("TOTAL", "£8.90"), ("CASH", "£10.00"),
      ("CHANGE", "£1.10")]  # fmt: skip
DE = ["Baeckerei Schmidt", "Hauptstr. 3, 80331 Muenchen", "Datum: 12.03.2024 07:58",
      ("2 Brezel", "2,40"), ("Art. 1050 Kaffee", "3,20"), ("SUMME EUR", "5,60"), ("Bar", "10,00"),
      ("Rückgeld", "4,40")]  # fmt: skip
MY = ["KEDAI RUNCIT ABC SDN BHD", "Tel: 03-5551234", "12/03/2024",
      ("3 x MILO 1000", "RM 12.90"), ("1 x ROTI 4D", "RM 2.10"), ("TOTAL", "RM 15.00"),
      ("CASH", "RM 20.00"), ("CHANGE", "RM 5.00")]  # fmt: skip


def _in_yen(rows: list) -> list:
    """The receipt with each amount printed in yen, its cents dropped ("£8.90" -> "¥890"), and
    its labels' currency ("SUMME EUR")."""
    return [
        (row[0].replace(" EUR", ""), "¥" + re.sub(r"\D", "", row[1]))
        if isinstance(row, tuple) and row[1]
        else row
        for row in rows
    ]


@pytest.mark.parametrize(
    ("rows", "mention", "total", "twin", "twin_total"),
    [
        (UK, ["We accept JPY ¥ 1000 = £5.20"], "8.90", _in_yen(UK), "890.00"),
        (UK, ["Rp 18.500 ¥302 welcome"], "8.90", _in_yen(UK), "890.00"),
        (DE, ["Wir akzeptieren Yen: ¥ 1.000"], "5.60", _in_yen(DE), "560.00"),
        (MY, ["Rp 5.000 = RM 1.40", "MAGNUM 4D 8888"], "15.00", IDR, "18500.00"),
    ],
)
def test_a_mention_of_a_yen_or_a_rupiah_leaves_a_receipt_with_cents_as_it_was(
    rows, mention, total, twin, twin_total
):
    """Integer quantities, item codes and phone numbers on a receipt in pounds, euros or ringgit,
    beside a yen or a rupiah named in a footer: read as without it. A receipt printed in yen or
    rupiah (``twin``) is read as one: the rule is not simply off."""
    plain, mentioned = extract(rows), extract(rows + mention)
    assert value(mentioned, "total") == total == value(plain, "total")
    assert mentioned["total"] == plain["total"]
    assert value(mentioned, "currency") == value(plain, "currency")
    assert value(extract(twin), "total") == twin_total


def test_a_yen_sign_on_a_receipt_the_countrys_words_place_in_india_is_no_yen():
    """India's "₹" read as "¥": its integers are not read as yen. A "¥" against a currency guessed
    from a tax named "Tax" alone (a US till's) is the yen."""
    india = ["SHARMA STORES", "GSTIN 27AAAAA0000A1Z5", "Andheri, Mumbai", "12/03/2024",
             ("DAL 1KG", "¥120"), ("TOTAL", "¥120"), ("CASH", "¥200"), ("CHANGE", "¥80")]  # fmt: skip
    assert value(extract(india), "total") is None
    taxed = ["LAWSON", "Tokyo", "2024/03/12", ("ONIGIRI", "¥150"), ("TEA", "¥152"), ("SUBTOTAL", "¥302"),
             ("TAX 8%", "¥24"), ("TOTAL", "¥326"), ("CASH", "¥1,000"), ("CHANGE", "¥674")]  # fmt: skip
    fields = extract(taxed)
    assert (value(fields, "total"), value(fields, "tax"), value(fields, "currency")) == (
        "326.00",
        "24.00",
        "JPY",
    )
    assert fields["total"]["confidence"] >= SURE


def test_an_indonesian_receipt_without_the_rupiahs_sign():
    """Indomaret's slip prints no "Rp": its tax id, its words and amounts grouped by points say it."""
    rows = ["PT INDOMARCO PRIMA", "NPWP: 01.234.567.8-901.000", "Jl. Sudirman No. 5, Jakarta",
            "Telp. (021) 5551234", "12.03.2024-14:22/ 2.0.31 123/KSR01/01",
            ("AQUA 600ML 2 x 3.500", "7.000"), ("ROTI TAWAR", "15.000"), ("TOTAL BELANJA", "22.000"),
            ("PPN", "2.180"), ("TUNAI", "50.000"), ("KEMBALIAN", "28.000")]  # fmt: skip
    fields = extract(rows)
    assert (value(fields, "total"), value(fields, "currency")) == ("22000.00", "IDR")
    assert fields["total"]["confidence"] >= SURE


def test_integers_that_are_no_amounts_are_not_read():
    """A tax id, a phone number, a date and time, a weight and a count on a receipt in rupiah."""
    from ocr_service.receipt.whole_units import whole_amounts

    for text in ("NPWP: 01.234.567.8-901.000", "Telp 021-5551234", "12/03/2024 14:22", "1.250 kg",
                 "2 x", "KASIR 12", "No. 0812.3456.7890"):  # fmt: skip
        assert whole_amounts(text, "IDR") == [], text
    assert [a.value for a in whole_amounts("TOTAL Rp18.500", "IDR")] == [18500]
    assert [a.value for a in whole_amounts("KEMBALI 0", "IDR")] == [0]


def test_a_rupiah_receipt_drawn_and_read_by_the_engine(engine):
    """End to end: a till receipt in rupiah drawn, recognised and read by the service, which
    takes it for a receipt (its amounts have no cents) and vouches for its total."""
    from PIL import Image

    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document
    from ocr_service.receipt import looks_like_receipt
    from tests import fixtures

    from .render import render_receipt

    rows = ["INDOMARET", "Jl. Sudirman No. 5, Jakarta", "12/03/2024 14:22", "", ("AQUA 600ML", "Rp 3.500"),
            ("ROTI TAWAR", "Rp 15.000"), ("TOTAL", "Rp 18.500"), ("TUNAI", "Rp 20.000"),
            ("KEMBALI", "Rp 1.500")]  # fmt: skip
    drawn = render_receipt(rows)
    assert looks_like_receipt(engine.ocr(drawn)) >= 0.5
    png = fixtures.encode(Image.fromarray(drawn[:, :, ::-1].copy()), "PNG")
    result = process_document(png, "receipt", engine, Limits.from_settings(Settings()))
    assert (result.fields.total.value, result.fields.currency.value) == ("18500.00", "IDR")
    assert result.fields.total.confidence >= SURE
    assert not result.warnings


def test_a_yen_sign_before_cents_is_the_yuans_and_only_guessed():
    # the yen has no cents; the yuan shares its sign: a Chinese café's "¥60.00" is no yen
    rows = ["JADE GARDEN CAFE", "2024-03-12 14:22", ("LATTE", "¥32.00"), ("CAKE", "¥28.00"),
            ("TOTAL", "¥60.00"), ("WECHAT PAY", "¥60.00")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "currency") != "JPY"
    assert fields["currency"]["confidence"] < SURE
