"""Totals as receipts print them beyond the ones the rules were first written on: cash rounding
below the total, a tax "included" line, short payable labels and a misread decimal point."""

import pytest

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt import labels as L
from ocr_service.receipt.amounts import broken_point_amount

from .synth import extract, receipt, value, values

HEAD = ["KEDAI RUNCIT MAJU SDN BHD", "12 JALAN AMPANG, 50450 KUALA LUMPUR", ("Date: 14/03/2018", "")]


def total_of(rows):
    lines, _width, height = receipt(HEAD + rows)
    return values(extract_receipt_fields(lines, page_height=height))["total"]


@pytest.mark.parametrize(
    "paid_label",
    ["Amount To Be Paid :", "Net Total :", "lotal After Adj Incl GST", "Rounding RM"],
)
def test_rounded_amount_below_the_rounding_line_is_the_total(paid_label):
    rows = [
        ("MILO 1KG", "25.44"),
        ("Total :", "25.44"),
        ("Rounding Adjustment:", "0.01"),
        (paid_label, "25.45"),
        ("VISA", "25.45"),
    ]
    assert total_of(rows) == "25.45"


def test_cash_handed_over_below_the_rounding_line_is_no_total():
    rows = [("S", "1.38"), ("GST 6%", "0.08"), ("TOTAL", "1.38"), ("ROUNDING", "0.02"), ("CASH", "1.40")]
    assert total_of(rows) == "1.38"


def test_a_total_already_rounded_stays():
    rows = [("ITEM", "7.50"), ("Total", "7.50"), ("Rounding Adj", "0.00"), ("Cash", "10.00")]
    assert total_of(rows) == "7.50"


def test_tax_included_line_is_a_tax_not_a_total():
    assert L.is_tax_label(L.classify("(Total Included GST @ 6% :"), "(Total Included GST @ 6% :")
    assert not {L.GRAND, L.TOTAL} & L.classify("(Total Included GST @ 6% :")
    assert L.GRAND in L.classify("Total Sales Inclusive GST @6%:")  # a total that includes the tax
    rows = [
        ("201019 KAYA PUFF 4 1.60", "6.40"),
        ("171153 BUTTER CAKE", "18.75"),
        ("Qty 5", "25.15"),
        ("Rounding Adj", "0.00"),
        ("Due", "25.15"),
        ("Pay", "30.00"),
        ("Change", "4.85"),
        ("(Total Included GST @ 6% :", "1.42)"),
    ]
    assert total_of(rows) == "25.15"


def test_short_payable_labels():
    assert L.GRAND in L.classify("Due")
    assert L.GRAND in L.classify("Net Amt :")


@pytest.mark.parametrize(("text", "value"), [("TOTAL RM 15 15", "15.15"), ("TOTAL 52-00", "52.00")])
def test_total_with_its_decimal_point_misread(text, value):
    assert str(broken_point_amount(text).value) == value
    label, amount = text.rsplit(" ", 1) if "-" in text else ("TOTAL RM", "15 15")
    rows = [("ICE MOCHA", "12.99"), ("SUBTOTAL", "12.99"), ("GST 6%", "0.86"), (label, amount)]
    assert total_of(rows) == value


def test_misread_point_only_on_a_total_line():
    rows = [("ITEM", "9.90"), ("TOTAL", "9.90"), ("Time 10 42", ""), ("Qty 2 50", "")]
    assert total_of(rows) == "9.90"
    assert broken_point_amount("10:42:11") is None


@pytest.mark.parametrize("label", ["Totai", "Tota1(RM)", "lotal Amount", "TOTL :", "Tutal Sales"])
def test_total_with_one_letter_misread_is_a_total(label):
    assert {L.GRAND, L.TOTAL} & L.classify(label)
    rows = [("NASI LEMAK", "5.00"), ("TEH TARIK", "7.00"), (label, "12.00"), ("Points Earned", "45.00")]
    assert total_of(rows) == "12.00"


def test_words_near_total_keep_their_own_meaning():
    assert L.SUBTOTAL in L.classify("Sub-totai:")
    assert L.GRAND in L.classify("TOTALE EURO") and L.GRAND in L.classify("TOTAAL")
    assert not {L.GRAND, L.TOTAL, L.SUBTOTAL} & L.classify("METAL RULER")
    assert not {L.GRAND, L.TOTAL} & L.classify("ROYAL TEA")


def test_two_labelled_amounts_on_one_row_each_keep_their_label():
    rows = [
        ("MILO 1KG", "23.70"),
        ("CHEESE", "53.50"),
        [("Total Saving", 20), ("0.00", 200), ("Total", 330), ("77.20", 530)],
    ]
    assert total_of(rows) == "77.20"


def test_a_rate_row_under_column_headings_is_no_total():
    # the tax summary's "Total" column holds the unrounded amount; what was paid is cash - change
    rows = [
        ("SCISSORS", "18.00"),
        ("WIPES", "23.43"),
        ("SUBTOTAL", "41.43"),
        ("ROUNDING", "0.02"),
        ("SUBTOTAL", "41.45"),
        ("CASH", "51.50"),
        ("CHANGE", "10.05"),
        "GST SUMMARY",
        "Rate Net(RM) GST(RM) Total(RM)",
        [("S 6%", 20), ("39.09", 200), ("2.34", 330), ("41.43", 530)],
    ]
    assert total_of(rows) == "41.45"


def test_no_total_label_read_the_amount_subtotal_and_tax_add_up_to_is_paid():
    # the total's label did not read; a unit price repeated in the item table is no total
    rows = [
        ("2411662040 1 25.00", "25.00"),
        ("2411062303 1 42.50", "42.50"),
        ("SUB-TOTAL", "92.50"),
        ("GST", "1.50"),
        ("", "94.00"),
        ("CASH", "100.00"),
    ]
    assert total_of(rows) == "94.00"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("ZURÜCK", L.CHANGE), ("Wechselgeld", L.CHANGE), ("A RENDRE", L.CHANGE), ("A DEVOLVER", L.CHANGE),
        ("CB SANS CONTACT", L.TENDER), ("BANCOMAT", L.TENDER), ("PAGAMENTO ELETTRONICO", L.TENDER),
        ("Pinnen", L.TENDER), ("Maestro", L.TENDER), ("Contactloos", L.TENDER), ("CONTACTLESS", L.TENDER),
        ("Preisvorteil", L.DISCOUNT), ("Réduction", L.DISCOUNT), ("Dto.", L.DISCOUNT),
        ("Korting", L.DISCOUNT), ("Multibuy", L.DISCOUNT), ("CUOTA", L.TAX), ("IMPOSTA", L.TAX),
        ("BEDRAG EUR", L.TOTAL), ("AMOUNT GBP", L.TOTAL),
    ],
)  # fmt: skip
def test_till_words_of_payment_change_discount_and_tax(label, kind):
    assert kind in L.classify(label)
    assert L.DISCOUNT not in L.classify("CONTACTLESS")
    assert not {L.TOTAL, L.GRAND} & L.classify("Amount (RM)")  # a column heading


@pytest.mark.parametrize("label", ["Raunding Adj", "ROWNDING", "Rounding Adj"])
def test_a_misread_rounding_line_still_rounds_the_total(label):
    assert L.ROUNDING in L.classify(label)
    rows = [("MILO 1KG", "25.44"), ("Total :", "25.44"), (label, "0.01"), ("", "25.45"), ("VISA", "25.45")]
    assert total_of(rows) == "25.45"


def test_a_misread_subtotal_is_still_a_subtotal():
    assert L.SUBTOTAL in L.classify("SUBT0TAL") and L.SUBTOTAL in L.classify("SUOTOTAL")
    # the subtotal printed under the total: the later amount is not the one paid
    rows = [("CHICKEN RICE", "12.00"), ("TOTAL", "12.72"), ("SUBT0TAL", "12.00"), ("GST 6%", "0.72")]
    assert total_of(rows) == "12.72"


def test_the_amount_paid_tax_included_is_the_total_not_a_tender():
    rows = [
        ("HYDRATING SPA MASK", "32.70"),
        ("SOFT MILK MASK", "79.20"),
        ("AMT PAID incL GST: RM", "111.90"),
        ("Amnt Paid excl. GST: RM", "105.57"),
        ("GST AMT: RM", "5.33"),
        ("PAID BY : CC*7185: RM", "111.90"),
        ("Total SV :", "10.56"),
    ]
    assert total_of(rows) == "111.90"


def test_a_card_slip_whose_only_amount_is_the_payment_came_to_that():
    rows = [
        "RESTAURANT COPY",
        "Cafe Lumen",
        "36 5th Street",
        "San Francisco, CA 94103",
        "DATE/TIME: 8/30/2023 7:02:06 AM",
        ("CREDIT CARD PURCHASE", "$37.22"),
        "Card Type: MasterCard",
        "Auth Code: NX9Y84",
    ]
    fields = extract(rows)
    assert value(fields, "total") == "37.22"
    # a lower confidence than a total a label names (the calibration's lowest step): no label named it
    labelled = extract([*rows[:5], ("TOTAL", "$37.22"), *rows[5:]])
    assert value(labelled, "total") == "37.22"
    assert fields["total"]["confidence"] < labelled["total"]["confidence"]
    # cash handed over with change given back is no total
    assert value(extract([*rows[:5], ("CASH", "$50.00"), ("CHANGE", "$12.78")]), "total") != "50.00"
    # two different amounts paid: which one the sale came to is not known
    assert value(extract([*rows[:6], ("VISA", "$12.00")]), "total") is None


def test_a_lone_payment_that_covers_every_amount_printed_is_the_total():
    # a Croatian bill: each item's quantity, price, discount and amount, no total label; paid by
    # card ("Kartice"), 60 + 25 + 145 = 230
    rows = [
        "AMICIS D.O.O.",
        "Dubravkina 4, Dubrovnik",
        "Infisana",
        [("1.00", 20), ("60.00", 200), ("0.00", 330), ("60.00", 450)],
        "Jana 0,75",
        [("1.00", 20), ("25.00", 200), ("0.00", 330), ("25.00", 450)],
        "Tuna filet",
        [("1.00", 20), ("145.00", 200), ("0.00", 330), ("145.00", 450)],
        ("KARTICE KN:", "230.00"),
    ]
    assert value(extract(rows), "total") == "230.00"
    # a payment smaller than an amount printed pays for part of it only: not the total
    rows[-1] = ("KARTICE KN:", "100.00")
    assert value(extract(rows), "total") != "100.00"


def test_a_net_under_its_tax_is_not_what_was_paid_when_they_add_up_to_a_printed_amount():
    # no total label: "Netto" is the last subtotal and no tax follows it, but the tax above it
    # and it make the amount printed beside the currency's name
    got = extract(
        [
            "ZSA ZSA BURGER",
            ("Russian Burger", "15.50"),
            ("0,33 Tannenzäpfle", "6.40"),
            ("MwstVat19%", "3.50"),
            ("Netto 1", "18.40"),
            ("EURO", "21.90"),
            "Kellner 7 25.02.19",
        ],
        locale="de_DE",
    )
    assert (value(got, "total"), value(got, "net"), value(got, "tax")) == ("21.90", "18.40", "3.50")


def test_a_lone_subtotal_is_still_what_was_paid():
    got = extract(["Kiosk am Markt", ("Brezel", "2.40"), ("Kaffee", "3.10"), ("Zwischensumme", "5.50")])
    assert value(got, "total") == "5.50"


@pytest.mark.parametrize("paid_label", ["VISA", "MasterCard"])
def test_a_total_before_tax_with_the_tax_and_their_sum_under_it_was_not_what_was_paid(paid_label):
    # "Total" names the food before tax; the tax follows and the sum of both was charged
    rows = [
        "MOUNTAIN GRILL",
        "412 Pine Street, Denver, CO 80202",
        "05/11/2023 7:41 PM",
        ("Burger", "$14.50"),
        ("Iced Tea", "$4.00"),
        ("Total", "$18.50"),
        ("Sales Tax 8.5%", "$1.57"),
        (paid_label, "$20.07"),
    ]
    got = extract(rows)
    assert (value(got, "total"), value(got, "tax")) == ("20.07", "1.57")
    # the sum not printed: the total stays what was labelled
    assert value(extract([*rows[:-1], ("VISA", "$25.00")]), "total") == "18.50"
    # a tax printed above the total is in it already: the amount below is something else
    above = [*rows[:5], ("Sales Tax 8.5%", "$1.57"), ("Total", "$18.50"), ("VISA", "$20.07")]
    assert value(extract(above), "total") == "18.50"


def test_a_tax_included_in_the_total_and_cash_handed_over_are_no_sum_of_total_and_tax():
    # the tax printed under the total is in it ("enth."), and 20,00 is the cash handed over
    # (less the change it came to the total): 17,25 was paid, not 17,25 + 2,75
    rows = [
        "Kiosk am Markt",
        "Markt 1, 53111 Bonn",
        ("Summe EUR", "17,25"),
        ("enth. MwSt 19%", "2,75"),
        ("Bar", "20,00"),
        ("Rückgeld", "2,75"),
    ]
    assert value(extract(rows, locale="de_DE"), "total") == "17.25"
    # no word says it is included, but 2,75 is 19 % of 17,25 with the tax in it (of 14,50),
    # not on top of it; and no change line this time
    rows[3:] = [("MwSt 19%", "2,75"), ("Karte", "20,00")]
    assert value(extract(rows, locale="de_DE"), "total") == "17.25"


@pytest.mark.parametrize(
    "saved",
    [("TOTAL SAVED THIS YEAR", "$212.40"), ("TOTAL SAVED", "$4.00"), ("Gesamt gespart", "212,40")],
)
def test_what_a_customer_saved_under_a_totals_word_is_no_total(saved):
    """A supermarket prints what the customer saved under a total's word: "TOTAL SAVED THIS
    YEAR $212.40" was returned as the total at 0.88 (filled)."""
    fields = extract(
        [
            "SAFEWAY",
            "2020 Market St",
            "San Francisco CA 94114",
            "11/25/2026 08:12 PM",
            ("BANANAS", "1.79"),
            ("MILK", "3.49"),
            ("COFFEE", "9.99"),
            ("TAX", "0.00"),
            ("**** BALANCE", "$11.27"),
            ("VISA", "$11.27"),
            saved,
        ]  # fmt: skip
    )
    total = fields["total"]
    assert total["value"] == "11.27" or total["confidence"] < 0.8


def test_a_net_total_over_its_vat_with_the_gross_cut_off_is_a_guess():
    """A UK receipt's "Net Total £67.50" and "VAT @ 20% £13.50", its gross line cut off (or not
    read): the net was returned as the total at 0.94 to 0.97, filled. 20 % of 67.50 is 13.50: the
    amount paid is not printed."""
    rows = [
        "Hargreaves Building Supplies Ltd", "Leeds LS11 5JX", "VAT Reg No. GB 284 1234 56",
        "Date: 05/11/2026 14:22",
        ("Timber 4x2 3.6m x6", "£41.70"), ("Screws box 500", "£12.50"), ("Sealant x2", "£13.80"),
        ("Net Total", "£67.50"), ("VAT @ 20%", "£13.50"),
    ]  # fmt: skip
    assert extract(rows)["total"]["confidence"] < 0.8
    # the gross printed: the total, sure
    fields = extract(rows + [("TOTAL", "£81.00"), ("VISA", "£81.00")])
    assert (value(fields, "total"), fields["total"]["confidence"] >= 0.8) == ("81.00", True)
    # a tax the total holds, which a small amount's rate puts near its share on top (5.00 at 6 %:
    # 0.30 on top, 0.28 held): the total stays sure
    fields = extract(
        [
            "Dion Realties Sdn Bhd",
            "TAX INVOICE",
            "30/05/18 11:01",
            ("Pay parking ticket", "5.00 RM"),
            ("Amount Incl. GST", "5.00 RM"),
            ("GST 6%", "0.28 RM"),
        ]  # fmt: skip
    )
    assert (value(fields, "total"), fields["total"]["confidence"] >= 0.8) == ("5.00", True)


def test_a_total_that_cash_less_change_contradicts_is_a_guess():
    """ "TOTAL 197.01", "CASH 198.00", "CHANGE 0.19": a till works change out to the cent, so one
    of them was misread (197.81 printed); the total was returned at 0.94 and filled."""
    rows = [
        "Ristorante Valverde", "Via Roma 12, Milano", "05/11/2026 20:14",
        ("Menu", "150.00"), ("Vino", "47.81"),
        ("TOTALE EURO", "197.01"), ("CONTANTI", "198.00"), ("RESTO", "0.19"),
    ]  # fmt: skip
    assert extract(rows)["total"]["confidence"] < 0.8
    # read right, the three agree and the total is sure
    rows[5] = ("TOTALE EURO", "197.81")
    fields = extract(rows)
    assert (value(fields, "total"), fields["total"]["confidence"] >= 0.8) == ("197.81", True)


def test_a_total_before_tax_read_in_two_is_no_total():
    """'Total Sales (Excluding GST)' read as "Total Sales (Exc" and "ing GST)" (its middle lost)
    is the amount before tax: with the receipt cut under it, no total is sure; whole, the total
    including the tax is returned."""
    head = ["BEYOND HARDWARE SDN BHD", "GST ID: 001921974273", "TAX INVOICE", "Date: 05/02/2018", ""]
    items = [("8 GAL WHITE CONTAINER", "60.00"), ""]
    before_tax = [[("Total Sales (Exc", 20), ("ing GST)", 220), ("60.00", 500)]]
    cut = extract(head + items + before_tax)
    assert cut["total"]["confidence"] < 0.8, cut["total"]
    whole = extract(
        head
        + items
        + before_tax
        + [("GST @6%", "3.60"), ("Total Sales (Inclusive GST)", "63.60"), ("CASH", "63.60")]
    )
    assert whole["total"]["value"] == "63.60" and whole["total"]["confidence"] >= 0.8
