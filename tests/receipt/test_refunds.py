"""A refund, a credit note or a voided sale printed with positive amounts: its total counts against
an expense, not for it, so it is never vouched for as the amount spent."""

import pytest

from .synth import extract, value

SURE = 0.8

UK_REFUND = ["ARGOS", "Oxford Street, London W1D 1BS", "14/11/2026 15:12", "REFUND RECEIPT", "",
             ("HDMI Cable", "£12.50"), ("REFUND TOTAL", "£12.50"),
             ("Refunded to VISA", "£12.50")]  # fmt: skip
US_RETURN = ["GADGET CORNER #112", "400 Main St, Austin TX 78701", "11/14/2026 3:12 PM", "RETURN", "",
             ("HDMI CABLE 6FT", "11.55"), ("TAX 8.25%", "0.95"), ("RETURN TOTAL", "$12.50"),
             ("CREDITED TO VISA", "$12.50")]  # fmt: skip
FR_AVOIR = ["FNAC Montparnasse", "136 Rue de Rennes, 75006 Paris", "05/11/2026 14:32",
            "AVOIR - REMBOURSEMENT", "", ("Cable USB-C", "12,99"), ("TOTAL AVOIR EUR", "12,99"),
            ("Rembourse CB", "12,99")]  # fmt: skip
US_VOID = ["WALGREENS #4432", "Chicago IL 60601", "11/14/2026 08:12 PM", "", ("Advil 24ct", "8.99"),
           ("Water", "1.99"), ("SUBTOTAL", "10.98"), ("TAX", "1.13"), ("TOTAL", "$12.11"), "",
           "*** TRANSACTION VOIDED ***"]  # fmt: skip
MY_CREDIT_NOTE = ["LIGHTROOM GALLERY SDN BHD", "C/N No: LCN00211", "CREDIT NOTE", "Bill Date : 20/11/2017",
                  ("1059 SQUARE BLACK FRAME", "37.55"), ("GST/TAX 6%", "2.25"), ("TOTAL :", "RM 39.80"),
                  ("CASH :", "39.80"), ("CHANGE:", "0.00")]  # fmt: skip


@pytest.mark.parametrize("rows", [UK_REFUND, US_RETURN, FR_AVOIR, US_VOID, MY_CREDIT_NOTE])
def test_a_refund_or_a_void_is_no_sure_total(rows):
    fields = extract(rows)
    assert value(fields, "total") is None or fields["total"]["confidence"] < SURE
    # the other fields are read as they are
    assert fields["date"]["confidence"] >= SURE


def test_the_documents_title_is_no_vendor():
    from ocr_service.receipt.names import _rejected

    assert value(extract(US_RETURN), "vendor") != "RETURN"
    for title in ("RETURN", "REFUND RECEIPT", "CREDIT NOTE", "AVOIR - REMBOURSEMENT"):
        assert _rejected(title)
    assert not _rejected("GADGET CORNER")


@pytest.mark.parametrize(
    "rows",
    [
        # a voided item in a sale; a bottle deposit given back; a policy printed at the foot
        ["BAR ROMA", "05/11/2026 12:31", ("Caffe", "1,20"), "STORNO", ("Caffe", "-1,20"),
         ("Cornetto", "1,50"), ("TOTALE", "1,50")],
        ["REWE Markt", "05.11.2026 12:31", ("Milch", "1,29"), ("Leergut Rücknahme", "-0,25"),
         ("SUMME EUR", "1,04")],
        ["TARGET", "11/14/2026 3:12 PM", ("SOAP", "3.99"), ("TOTAL", "$3.99"),
         "Returns accepted within 90 days", "REFUND POLICY AT TARGET.COM"],
    ],
)  # fmt: skip
def test_a_sale_that_names_a_return_is_still_a_sale(rows):
    fields = extract(rows)
    assert fields["total"]["confidence"] >= SURE


@pytest.mark.parametrize(
    "rows",
    [
        # a deposit given back within a sale, under a total of its own; a footer's heading
        ["MARKET", "05/11/2026 12:31", ("Water 6 x 1.5l", "3.99"), ("BOTTLE RETURN TOTAL", "-0.75"),
         ("TOTAL", "$3.24")],
        ["TARGET", "11/14/2026 3:12 PM", ("SOAP", "3.99"), ("TOTAL", "$3.99"), "RETURNS",
         "Most items within 90 days with receipt"],
        ["DINER", "11/14/2026 3:12 PM", ("Pie", "4.50"), ("TOTAL", "$4.50"), "VOIDED", ("Coffee", "-2.00")],
    ],
)  # fmt: skip
def test_a_deposit_a_footer_or_a_voided_line_is_no_refund(rows):
    assert extract(rows)["total"]["confidence"] >= SURE


def test_a_credit_notes_tax_printed_positive_is_a_guess_as_its_total():
    """A "Gutschrift" printed with positive amounts: its total was a guess already, its tax
    20.75 stayed at 0.98; which way the money goes the figures do not say."""
    rows = ["Sportwelt Müller GmbH", "Gutschrift", "Datum 09.08.2024", ("Laufschuhe (Rücknahme)", "129,95"),
            ("Netto", "109,20"), ("MwSt 19 %", "20,75"), ("Gesamtbetrag", "129,95")]  # fmt: skip
    fields = extract(rows)
    for name in ("total", "tax", "net"):
        assert fields[name]["confidence"] < 0.8, name


def test_a_folios_title_is_no_vendor():
    rows = ["Folio", "Lakeshore Inn Chicago", "600 N Lake Shore Dr, Chicago, IL 60611", "Date 09/18/2024",
            ("09/16 Room", "259.00"), ("Total", "$259.00")]  # fmt: skip
    assert value(extract(rows), "vendor") == "Lakeshore Inn Chicago"
