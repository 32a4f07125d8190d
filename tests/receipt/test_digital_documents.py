"""What e-receipts, shop invoices and bills printed to PDF say that till slips do not: an
invoice's amount above its VAT summary, a return deadline and a refund's day beside the order's,
a written-out date beside a payment's short one, a bill split between guests. Each was read
wrong at a confidence the addon fills (0.8)."""

import pytest

from .synth import extract, value

FILL = 0.8


def test_an_invoices_amount_wins_over_its_vat_summarys_total_row():
    """Amazon.de's "Rechnungsbetrag 47,97 €", then the VAT summary's "Gesamt 40,31 € 7,66 €"
    (net and VAT): the net came back as the total at 0.85."""
    rows = ["amazon.de", "Rechnung", ("Rechnungsdatum", "04.11.2026"), ("Logitech Maus", "44,99 €"),
            ("Versandkosten", "2,98 €"), ("Rechnungsbetrag", "47,97 €"), ("USt. %  Zwischensumme  USt.", ""),
            ("19%  40,31 €", "7,66 €"), ("Gesamt  40,31 €", "7,66 €")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "total") == "47.97" or fields["total"]["confidence"] < FILL


@pytest.mark.parametrize(
    "footer",
    ["Kostenlose Rücksendung bis 03.12.2026", "Gutschrift vom 12.11.2026: Rücksendung Krawatte -49,95 €"],
)
def test_a_return_deadline_or_a_refunds_day_is_not_the_orders(today, footer):
    rows = ["ZALANDO SE", "Valeska-Gert-Str. 5, 10243 Berlin", "Rechnung",
            ("Bestelldatum", "03.11.2026"), ("Business-Hemd", "39,95"), ("Krawatte Seide", "49,95"),
            ("Gesamtsumme", "89,90 €"), footer]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "date") == "2026-11-03" or fields["date"]["confidence"] < FILL


@pytest.mark.parametrize("currency", ["€", "£"])
def test_a_short_date_that_reads_as_the_written_out_one_is_that_day(today, currency):
    """Uber's "Thursday, November 5, 2026" and its payment's "11/5/26 6:12 PM": read day first,
    as euros and pounds have it, the short date was 11 May, the sale's at 0.97."""
    rows = ["Uber", "Thursday, November 5, 2026", ("Total", f"{currency}24.37"),
            ("Trip fare", f"{currency}21.10"), ("Booking fee", f"{currency}3.27"), "Payments",
            ("Visa 4242", f"{currency}24.37"), "11/5/26 6:12 PM"]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "date") == "2026-11-05"


@pytest.mark.parametrize("label", ["Your share", "Ihr Anteil", "Votre part"])
def test_a_bill_split_between_guests_is_no_sure_total_of_the_guests(label):
    """ "Total £49.35", "Bill split between 3", "Your share £16.45": the bill's total was
    returned at 0.94, three times what the guest paid and claims."""
    rows = ["The Breakfast Club Soho", "05/11/2026 09:12", ("3 x Full English", "38.85"),
            ("3 x Flat white", "10.50"), ("Total", "£49.35"), "Bill split between 3", (label, "£16.45"),
            ("Paid by Visa", "£16.45")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "total") == "16.45" or fields["total"]["confidence"] < FILL


def test_a_due_date_written_out_does_not_turn_the_invoices_date(today):
    """ "Invoice date 11/10/2026" (11 October, in pounds) and "Payment due 10 November 2026":
    the invoice's date read the other way is the due date, which says what it is."""
    rows = ["ACME DESIGN LTD", "12 High Street, London", ("Invoice date", "11/10/2026"),
            ("Design work", "£400.00"), ("Total", "£480.00"), ("VAT 20%", "£80.00"),
            "Payment due 10 November 2026"]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "date") == "2026-10-11"


def test_an_invoices_to_and_date_rows_are_no_mail_header(today):
    rows = ["ACME DESIGN LTD", "To: Contoso Ltd", "Date: 05/11/2026", ("Design work", "£400.00"),
            ("VAT 20%", "£80.00"), ("Total", "£480.00")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "date") == "2026-11-05"
    assert fields["date"]["confidence"] >= FILL


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # "Rechnungsbetrag netto" is the net, the gross below it the total
        ([("Rechnungsbetrag netto", "40,31 €"), ("MwSt 19%", "7,66 €"), ("Gesamtbetrag", "47,97 €")],
         "47.97"),
        # Turkish: the VAT's base and a total discount are neither the tax nor the total
        ([("KDV Matrahı", "78,18"), ("KDV %10", "7,82"), ("TOPLAM İNDİRİM", "5,00"), ("TOPLAM", "86,00")],
         "86.00"),
    ],
)  # fmt: skip
def test_a_net_a_tax_base_or_a_discount_is_no_total(rows, want):
    fields = extract(["SHOP", "05.11.2026", *rows])
    assert value(fields, "total") == want


def test_a_previous_balance_paid_off_leaves_the_bills_total_sure():
    rows = ["CITY WATER", "05/11/2026", ("Previous balance", "£100.00"), ("Payment received", "-£100.00"),
            ("Current charges", "£120.00"), ("Total due", "£120.00")]  # fmt: skip
    fields = extract(rows)
    assert value(fields, "total") == "120.00"
    assert fields["total"]["confidence"] >= FILL


@pytest.mark.parametrize(
    "title", ["Booking confirmation", "Bestelldatum", "Shipment 1 of 2", "Arriving Thursday"]
)
def test_an_orders_or_a_bookings_words_are_no_vendor(title):
    """Sure vendors at 0.8 or more that named no one: a booking's confirmation, an order's date
    label, a shipment, a delivery's day."""
    from ocr_service.receipt.names import _rejected

    assert _rejected(title.upper())
    assert not _rejected("HOTEL CENTRAL AMSTERDAM")
