"""Currencies written alike in several countries: "Rs" is India's rupee and Pakistan's, Sri Lanka's,
Nepal's and Mauritius's; the receipt's words say which, and with none it is only a guess."""

import pytest

from ocr_service.receipt.currency import detect_currency

from .synth import extract, value

SURE = 0.8

PK = ["IMTIAZ SUPER MARKET", "Gulshan-e-Iqbal, Karachi", "NTN: 1234567-8  STRN: 12-34-5678-901-23",
      "Date: 15-03-2024  Time: 18:20", "", ("BASMATI RICE 5KG", "Rs. 1,850.00"),
      ("COOKING OIL 1L", "Rs. 620.00"), ("Sub Total", "Rs. 2,470.00"), ("Sales Tax 18%", "Rs. 444.60"),
      ("Net Payable", "Rs. 2,914.60")]  # fmt: skip
LK = ["KEELLS SUPER", "Union Place, Colombo 02", "VAT Reg No: 114000123-7000", "15/03/2024 10:30", "",
      ("TEA 400G", "Rs 1,250.00"), ("BISCUITS", "Rs 480.00"), ("TOTAL", "Rs 1,730.00"),
      ("VAT 18% incl", "Rs 263.90"), "Sri Lanka"]  # fmt: skip
NP = ["BHAT BHATENI SUPERMARKET", "Kathmandu, Nepal", "PAN: 301234567", "Date: 2024-03-15", "",
      ("NOODLES", "Rs. 250.00"), ("Taxable Amount", "Rs. 221.24"), ("VAT 13%", "Rs. 28.76"),
      ("Grand Total", "Rs. 250.00")]  # fmt: skip
MU = ["WINNER'S", "Port Louis, Mauritius", "VAT Reg No: VAT20123456", "15/03/2024", "",
      ("RICE", "Rs 125.00"), ("OIL", "Rs 95.00"), ("TOTAL", "Rs 220.00"),
      ("VAT 15%", "Rs 28.70")]  # fmt: skip
# the Sri Lankan rupee printed as such beside the "Rs" of the rows
LK_CODE = ["CARGILLS FOOD CITY", "Kandy", "15/03/2024", "", ("RICE", "Rs. 560.00"),
           ("NET TOTAL", "Rs. 560.00"), "LKR 560.00 paid by card"]  # fmt: skip
IN = ["SARAVANA BHAVAN", "T. Nagar, Chennai 600017", "GSTIN: 33AAACS1234F1Z5", "15/03/2024", "",
      ("MASALA DOSA", "Rs. 120.00"), ("CGST 2.5%", "Rs. 3.00"), ("SGST 2.5%", "Rs. 3.00"),
      ("TOTAL", "Rs. 126.00")]  # fmt: skip
NOWHERE = ["CORNER STORE", "15/03/2024", "", ("RICE", "Rs. 120.00"), ("TOTAL", "Rs. 120.00")]  # fmt: skip


@pytest.mark.parametrize(
    "rows, currency", [(PK, "PKR"), (LK, "LKR"), (NP, "NPR"), (MU, "MUR"), (LK_CODE, "LKR"), (IN, "INR")]
)
def test_rs_is_the_rupee_of_the_country_the_receipt_names(rows, currency):
    fields = extract(rows)
    assert value(fields, "currency") == currency
    assert fields["currency"]["confidence"] >= SURE


def test_rs_of_no_country_named_is_a_guess():
    fields = extract(NOWHERE)
    assert value(fields, "currency") == "INR"
    assert fields["currency"]["confidence"] < SURE
    assert detect_currency(["TOTAL", "Rs. 120.00"])[1] < SURE
    # the rupee sign or code is India's alone
    assert detect_currency(["TOTAL", "₹ 120.00"])[0] == "INR"
    assert detect_currency(["TOTAL", "INR 120.00"]) == ("INR", 0.8)
    # "Rupees" in words, beside a dialling code
    assert detect_currency(["Tel +92 21 3456789", "Rupees two thousand only"])[0] == "PKR"


# a total printed with no currency, then the card's charge in another currency at the rate printed
DE_PAID_USD = ["Heinemann Duty Free", "Flughafen Hamburg", "", ("Parfum", "118,00"),
               ("Schokolade", "12,50"), ("SUMME", "130,50"), ("VISA USD", "141,73"), "Kurs 1,0861", "",
               "Datum 03.07.2024 10:12"]  # fmt: skip
FR_PAID_USD = ["GALERIES LAFAYETTE", "40 bd Haussmann Paris", "", ("Foulard", "45,00"), ("TOTAL", "45,00"),
               ("CB", "45,00"), ("Montant débité USD", "48,85"), "Taux 1,0856", "", ("TVA 20%", "7,50"),
               "Le 20/03/2024"]  # fmt: skip
GB_PAID_EUR = ["WHSMITH", "Heathrow Terminal 5", "", ("Book", "20.00"), ("Headphones", "32.00"),
               ("TOTAL", "52.00"), ("CARD EUR", "61.10"), "Rate 1.175", "", ("VAT 20%", "8.67"),
               "Date 20/03/2024"]  # fmt: skip


@pytest.mark.parametrize("rows, foreign", [(DE_PAID_USD, "USD"), (FR_PAID_USD, "USD"), (GB_PAID_EUR, "EUR")])
def test_a_currency_printed_only_beside_the_converted_charge_is_not_the_totals(rows, foreign):
    fields = extract(rows)
    assert value(fields, "currency") != foreign or fields["currency"]["confidence"] < SURE
    assert fields["currency"]["confidence"] < SURE
    if rows is FR_PAID_USD:
        assert value(fields, "currency") == "EUR"  # the French VAT's name (a guess)


def test_a_total_row_with_its_own_code_keeps_it():
    rows = [*DE_PAID_USD[:5], ("TOTAL USD", "141,73"), "Kurs 1,0861", ("VISA USD", "141,73")]
    fields = extract(rows)
    assert value(fields, "total") == "141.73"
    assert (value(fields, "currency"), fields["currency"]["confidence"]) == ("USD", 0.98)
    # a cash payment in a currency, with no exchange rate, is the total's
    rows = [*GB_PAID_EUR[:5], ("CASH EUR", "60.00"), ("CHANGE", "8.00")]
    assert detect_currency([r if isinstance(r, str) else " ".join(r) for r in rows])[0] == "EUR"


# an Indian seller's invoice photographed: the recogniser read its "₹" as "¥" (and one as a 7)
IN_RUPEE_AS_YEN = ["AMAZON SELLER SERVICES", "Bengaluru, Karnataka 560034", "GSTIN: 29AAICA3918J1ZE",
                   "Invoice Date: 15.03.2024", ("HEADPHONES", "72,541.53"), ("IGST 18%", "¥457.47"),
                   ("TOTAL", "¥2,999.00")]  # fmt: skip


def test_a_yen_sign_where_the_words_place_the_receipt_elsewhere_is_a_misread_sign():
    """Before, "¥2,999.00" on an invoice from Bengaluru was yen at 0.87."""
    fields = extract(IN_RUPEE_AS_YEN)
    assert value(fields, "currency") == "INR"
    assert fields["currency"]["confidence"] < SURE
    # a receipt in yen, printed without cents as the yen has none, keeps its yen
    tokyo = ["RAMEN ICHIRAKU", "Shibuya, Tokyo", "2024/03/15", ("RAMEN", "¥980"), ("TOTAL", "¥980")]
    assert value(extract(tokyo), "currency") == "JPY"
    assert value(extract(["SHOP", "2024/03/15", ("TOTAL", "¥980")]), "currency") == "JPY"
    # (with cents, where no word of Japan's or China's is read: the yuan's sign as much as the
    # yen's, a guess; a city's name is no such word, restaurants far away are named after cities)
    nowhere = extract(["SHOP", "2024/03/15", ("TOTAL", "¥980.00")])
    assert value(nowhere, "currency") != "JPY" and nowhere["currency"]["confidence"] < SURE


# what the sale comes to in another currency, "about" or "approx.", on a row of its own
US_CONFERENCE = ["CloudSummit Inc.", "1 Market Plaza, San Francisco, CA 94105, USA",
                 "Invoice date May 14, 2024", ("Full Conference Pass", "$595.00"), ("Subtotal", "$595.00"),
                 ("Tax", "$0.00"),
                 ("Total paid (USD)", "$595.00"), ("Approx. in EUR (ECB 05/14/2024)", "EUR 548.21"),
                 ("Charged to Amex ending 1004", "$595.00")]  # fmt: skip
US_FOLIO = ["Lakeshore Inn Chicago", "600 N Lake Shore Dr, Chicago, IL 60611", "Date 09/18/2024",
            ("09/16 Room", "259.00"), ("09/17 Room", "259.00"), ("Total", "$518.00"), ("Balance", "$0.00"),
            "Your card issuer may convert this charge;",
            "a card issued in EUR may show about EUR 561.00."]  # fmt: skip


@pytest.mark.parametrize("rows", [US_CONFERENCE, US_FOLIO])
def test_an_amount_about_what_the_sale_comes_to_in_another_currency_names_not_its_currency(rows):
    """Before, the euro of "Approx. in EUR" (or of a footer's "about EUR 561.00") outvoted the
    dollar: EUR at 0.87 to 0.98."""
    fields = extract(rows)
    assert value(fields, "currency") == "USD"


def test_savings_about_a_dollar_amount_keep_the_dollar():
    fields = extract(["SAFEWAY", "Date 03/15/2024", ("MILK", "3.49"), ("BALANCE", "$3.49"),
                      "TOTAL SAVINGS COULD BE APPROX $0.49"])  # fmt: skip
    assert value(fields, "currency") == "USD"


def test_a_total_and_a_total_in_another_currency_are_a_guess():
    """ "Total paid £390.00", "Total in EUR €456.30": the euro amount was the total at 0.87."""
    rows = ["Thames Conference Ltd", "20 Bankside, London SE1 9TG", "Date 14 May 2024",
            ("Workshop day pass", "£390.00"), ("Subtotal", "£325.00"), ("VAT 20%", "£65.00"),
            ("Total paid", "£390.00"), ("Total in EUR", "€456.30")]  # fmt: skip
    assert extract(rows)["total"]["confidence"] < SURE
