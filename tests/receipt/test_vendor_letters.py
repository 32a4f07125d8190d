"""Invoices printed as letters: the business that sends them is the vendor, never the company
they are addressed to; and a name's accented letters are no part of the words around them."""

import pytest

from ocr_service.receipt.names import _rejected

from .synth import extract, value


@pytest.mark.parametrize("name", ["HÔTEL LE MARAIS", "HÔTEL DU PARC SAS", "CAFÉ ÉCONOMIQUE"])
def test_an_accented_letter_is_a_letter(name):
    # "HÔTEL": the "TEL" after its "Ô" is no telephone's label; "ÉCONOMIQUE" no company number
    assert not _rejected(name)


def test_a_hotels_name_with_its_circumflex_is_the_vendor():
    rows = ["Hôtel du Parc", "12 rue des Archives, 75004 Paris", "Facture 2024-118 du 22/05/2024", "",
            ("Nuitée chambre double", "152,00"), ("Taxe de séjour", "5,20"), "",
            ("Total TTC", "157,20"), ("Payé CB", "157,20")]  # fmt: skip
    fields = extract(rows, locale="fr_FR")
    assert value(fields, "vendor") == "Hôtel du Parc"
