"""Which words name a tax (the letters of a tax's name inside another word, or an item's name,
do not), and which subtotal is the net."""

import pytest

from ocr_service.receipt import labels as L

from .synth import extract


@pytest.mark.parametrize("label", ["1 EGGSTRAVAGANZA $", "Kingston Rd", "Langstr. 12"])
def test_gst_inside_a_word_is_no_tax(label):
    assert L.TAX not in L.classify(label)


@pytest.mark.parametrize("label", ["GST", "TOTAL GST", "TOTALGST", "GST(RM)", "GST 6%", "Total incl GST"])
def test_gst_as_a_word_or_glued_on_one_side_is_a_tax(label):
    assert L.TAX in L.classify(label)


@pytest.mark.parametrize("label", ["1 Metaxa Platte", "1 Metaxa Platte €", "Taxi", "TAXIFAHRT"])
def test_tax_inside_an_items_name_is_no_tax(label):
    assert L.TAX not in L.classify(label)


@pytest.mark.parametrize("label", ["TAX", "FoodTAX1", "TOTALTAX", "TaxAmt", "TAXES", "Metaxa TAX", "Syntax"])
def test_tax_as_a_word_or_glued_to_its_kind_is_a_tax(label):
    assert L.TAX in L.classify(label)


@pytest.mark.parametrize("label", ["1 Metaxa Platte", "1 Metaxa Platte €", "Taxi 12"])
def test_an_items_name_that_holds_tax_names_no_total_tax(label):
    # a Greek restaurant's brandy was the tax of a receipt whose rate rows read without amounts
    from ocr_service.receipt.tax import _is_tax_total_label

    assert not _is_tax_total_label(label)
    assert _is_tax_total_label("Summe MwSt") and _is_tax_total_label("Total tax")


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


def test_the_subtotal_a_sales_tax_was_added_to_is_the_net_when_more_was_added():
    # subtotal + tax fall short of the total: a surcharge (or a tip) came on top of both
    got = extract(
        [
            "Giordano's",
            ("Deep Dish", "70.10"),
            ("Soda", "14.00"),
            ("SUBTOTAL", "84.10"),
            ("Surcharge", "2.52"),
            ("TAX", "7.25"),
            ("TOTAL DUE", "93.87"),
            "12/10/2022 7:15 PM",
        ],
        locale="en_US",
    )
    assert (got["total"]["value"], got["tax"]["value"], got["net"]["value"]) == ("93.87", "7.25", "84.10")
    assert got["net"]["confidence"] < 0.8  # printed, not confirmed by the sum


def test_a_subtotal_that_holds_its_tax_is_no_net():
    # the tax is included: subtotal and tax together are more than the total
    got = extract(
        [
            "Backhaus",
            ("Brot", "55,90"),
            ("Zwischensumme", "55,90"),
            ("MwSt 19%", "8,93"),
            ("Summe EUR", "55,90"),
            "08.06.2019 20:14",
        ],
        locale="de_DE",
    )
    assert got["net"]["value"] in (None, "46.97")
