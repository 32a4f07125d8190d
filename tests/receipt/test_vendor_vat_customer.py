"""An invoice may print its customer's VAT id beside its seller's: the addon finds the vendor's
contact by the id, so the customer's is never returned as the seller's, and of ids that cannot
be told apart none is vouched for."""

import pytest

from ocr_service.receipt.layout import group_rows
from ocr_service.receipt.vat import find_vendor_vat

from .synth import extract, receipt, value

FILL = 0.8


def _vat(*texts):
    return find_vendor_vat(group_rows(receipt(list(texts))[0]))


@pytest.mark.parametrize(
    "rows",
    [
        (
            "N° TVA client : DE 123 456 789",
            "Total 2940.00",
            "Atelier Lumière SARL · TVA intracom. FR 61 523456789",
        ),
        ("N° TVA client", "DE123456789", "Total 2940.00", "TVA intracom. FR 61 523456789"),
        ("Ihre USt-IdNr.: DE 123 456 789", "Summe 2940,00", "USt-IdNr. FR 61 523456789"),
        ("Customer VAT ID: DE123456789", "Total 2940.00", "VAT Reg No FR61523456789"),
    ],
)
def test_the_customers_vat_id_is_not_the_sellers(rows):
    """Before, the customer's id, printed first, was the seller's at 0.8 to 0.9."""
    value, confidence = _vat(*rows)
    assert value == "FR61523456789"
    assert confidence >= FILL


@pytest.mark.parametrize(
    "rows",
    [
        # a hotel's guest company's id in the address block, the hotel's in the footer
        ("THE GRANGE HOTEL", "Acme Widgets Ltd", "VAT No: GB 987 6543 21", "Total 497.50",
         "VAT Reg No: GB 123 4567 89"),
        ("Customer no. 4711", "VAT ID: DE123456789", "Total 906.29",
         "Events Amsterdam B.V. · KvK 12345678 · VAT NL001234567B01"),
    ],
)  # fmt: skip
def test_two_vat_ids_nothing_tells_apart_are_a_guess(rows):
    assert _vat(*rows)[1] < FILL


def test_the_one_vat_id_of_an_invoice_under_the_reverse_charge_is_a_guess():
    """A seller outside the EU prints only its customer's id."""
    rows = ("CloudSummit Inc", "VAT ID: DE301112223", "Total USD 595.00",
            "Reverse charge: VAT to be accounted for by the recipient.")  # fmt: skip
    assert _vat(*rows) == ("DE301112223", pytest.approx(0.6, abs=0.01))


def test_a_sellers_tax_number_beside_its_vat_id_and_a_waste_registration_leave_it_sure():
    value, confidence = _vat("Ust-Id: DE153328472", "Steuernummer: 328/5261/0433", "WEEE: DE241793280")
    assert (value, confidence >= FILL) == ("DE153328472", True)
    value, confidence = _vat("ALDI", "USt-IdNr. DE 811 122 233", "St.-Nr. 12/345/67890")
    assert (value, confidence >= FILL) == ("DE811122233", True)


def test_a_vat_id_in_the_customers_address_block_is_not_the_sellers():
    """A conference's invoice: the customer's number, then its VAT id, the organiser's in a footer
    the photo lost. Before, the customer's was the seller's at 0.90."""
    assert _vat("EuroDevCon 2024", "Contoso Software GmbH", "Customer no. C-20931", "VAT ID: DE123456789",
                "Total 906.29") == (None, 0.0)  # fmt: skip


def test_a_footers_thanks_to_the_customer_does_not_make_the_sellers_id_theirs():
    value, confidence = _vat(
        "Pret A Manger", "Thank you for your visit · VAT Reg No GB 123 4567 89", "Total 9.90"
    )
    assert (value, confidence >= FILL) == ("GB123456789", True)


_ITALIAN = ["Studio Bianchi & Associati", "Consulenza fiscale e societaria", "", "Spett.le",
            "Verdi Logistica S.p.A.", "Via Emilia 120", "40026 Imola (BO)", "P.IVA IT 02345678901", "",
            "FATTURA n. 88/2024 del 31/07/2024", ("Consulenza fiscale luglio 2024", "1.200,00"),
            ("Imponibile", "1.200,00"), ("IVA 22%", "264,00"), ("Totale EUR", "1.464,00")]  # fmt: skip


def test_the_id_in_the_addressees_block_is_the_customers():
    """Under "Spett.le", the customer's name, address and P.IVA; the seller's in the footer."""
    footer = "Studio Bianchi & Associati S.r.l. · Via Roma 1, 40121 Bologna · P.IVA IT 09988776655"
    fields = extract([*_ITALIAN, "", footer], locale="it_IT")
    assert value(fields, "vendor_vat") == "IT09988776655"
    assert fields["vendor_vat"]["confidence"] >= 0.8


def test_the_customers_id_alone_is_not_the_sellers():
    # a photo that lost the footer: the one id printed is the addressee's
    fields = extract(_ITALIAN, locale="it_IT")
    assert value(fields, "vendor_vat") in (None, "") or fields["vendor_vat"]["confidence"] < 0.8
    assert value(fields, "vendor_vat") != "IT02345678901"
