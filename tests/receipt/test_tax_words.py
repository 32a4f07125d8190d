"""Which words name a tax: the letters of a tax's name inside another word do not."""

import pytest

from ocr_service.receipt import labels as L

from .synth import extract


@pytest.mark.parametrize("label", ["1 EGGSTRAVAGANZA $", "Kingston Rd", "Langstr. 12"])
def test_gst_inside_a_word_is_no_tax(label):
    assert L.TAX not in L.classify(label)


@pytest.mark.parametrize("label", ["GST", "TOTAL GST", "TOTALGST", "GST(RM)", "GST 6%", "Total incl GST"])
def test_gst_as_a_word_or_glued_on_one_side_is_a_tax(label):
    assert L.TAX in L.classify(label)


def test_an_item_whose_name_holds_gst_is_not_added_to_the_taxes():
    # TPS + TVQ = 5.32, and 35.50 + 5.32 = 40.82; the item "EGGSTRAVAGANZA" is no third tax
    got = extract(
        [
            "Eggspectation",
            ("1 EGGSTRAVAGANZA", "$23.00"),
            ("1 CAFE", "$12.50"),
            ("SOUS-TOTAL", "$35.50"),
            ("TPS (taxe)", "$1.78"),
            ("TVQ (taxe)", "$3.54"),
            ("TOTAL", "$40.82"),
            "2024-09-18 10:12",
        ],
        locale="fr_CA",
    )
    assert (got["tax"]["value"], got["net"]["value"]) == ("5.32", "35.50")
