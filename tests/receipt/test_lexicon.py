"""A name's word misread by one letter the recogniser confuses ("OLD NAUY"), mended from word
lists; names that are no word, or could be two, stand as read; a text layer's never change."""

import pytest

from ocr_service.receipt.extract import extract_receipt_fields
from ocr_service.receipt.lexicon import mend_misread_words

from .synth import receipt, value


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        ("OLD NAUY", "OLD NAVY"),  # u for v
        ("99 SPEED NART S/B", "99 SPEED MART S/B"),  # N for M
        ("URBAN 1DEA SDN BHD", "URBAN IDEA SDN BHD"),  # a digit for a letter
        ("Snack3", "Snacks"),
        ("GRILL HOU5E", "GRILL HOUSE"),
        ("$UPER STORE", "SUPER STORE"),  # a dollar sign for an S
    ],
)
def test_a_word_misread_by_one_confusable_character_is_mended(read, mended):
    assert mend_misread_words(read) == mended


@pytest.mark.parametrize(
    "name",
    [
        "REWE",  # a word of the lists as it stands
        "Lidl",
        "Eggspectation",  # no common word one confusion away
        "MIZU MENTAI SDN BHD",  # i and l are not taken for each other: "MENTAL" would be wrong
        "LIVE99 PHARMACY",  # two digits: a name, not a misread
        "KFC",  # too short to tell
        "JENSENS BØFHUS",
        "",
    ],
)
def test_names_that_are_no_misread_word_stand_as_read(name):
    assert mend_misread_words(name) == name


def test_the_receipt_name_is_mended_when_read_by_ocr_and_never_from_a_text_layer():
    lines, _width, height = receipt(
        [
            "OLD NAUY",
            "1200 Main Street, Springfield, IL 62701",
            ("JEANS", "29.99"),
            ("SUBTOTAL", "29.99"),
            ("TAX", "1.95"),
            ("TOTAL", "31.94"),
            "12/05/2023 14:02",
        ]
    )
    assert value(extract_receipt_fields(lines, page_height=height), "vendor") == "OLD NAVY"
    printed = extract_receipt_fields(lines, page_height=height, recognised=False)
    assert value(printed, "vendor") == "OLD NAUY"
