"""What e-receipts, shop invoices and bills printed to PDF say that till slips do not: an
invoice's amount above its VAT summary, a return deadline and a refund's day beside the order's,
a written-out date beside a payment's short one, a bill split between guests. Each was read
wrong at a confidence the addon fills (0.8)."""

import datetime as dt

import pytest

from ocr_service.receipt import dates, sale_date

from .synth import extract, value

FILL = 0.8
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(sale_date, "latest_possible", lambda: TODAY)
    monkeypatch.setattr(dates, "latest_possible", lambda: TODAY)


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
