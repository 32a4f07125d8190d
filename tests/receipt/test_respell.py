"""A letter the recogniser doubted is put right where the receipt itself spells the word."""

from __future__ import annotations

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.respell import respell_unsure

from .synth import receipt


def _read(texts: list, unsure: dict[str, list[int]] | None = None, at: float = 0.7) -> list:
    """Lines of ``texts``, every character read at 0.99 but those at the indices ``unsure``
    gives for a line's text, read at ``at``."""
    lines = receipt(texts)[0]
    for ln in lines:
        ln.chars = [0.99] * len(ln.text)
        for i in (unsure or {}).get(ln.text, []):
            ln.chars[i] = at
    return lines


BAKERY = [
    "GARDENEA BAKERIES (KL) SDN BHD",
    "LOT 3, JALAN PELABUR 23/1",
    "INVOICE NO: 7804F712",
    "DATE: 25/12/2018",
    ("GARDENIA CLASSIC 400G", "3.50"),
    ("TOTAL", "3.50"),
    ("CASH", "5.00"),
]


def _vendor(lines) -> str:
    return extract_receipt_fields(lines)["vendor"]["value"]


def test_a_doubted_letter_is_spelt_as_the_receipt_prints_the_word_elsewhere():
    assert _vendor(_read(BAKERY, {BAKERY[0]: [6]})) == "GARDENIA BAKERIES (KL) SDN BHD"
    # read surely, the name is the shop's own spelling
    assert _vendor(_read(BAKERY)) == "GARDENEA BAKERIES (KL) SDN BHD"
    # not printed elsewhere: nothing says what the letter was
    alone = [BAKERY[0], *BAKERY[1:4], ("ROTI CLASSIC 400G", "3.50"), *BAKERY[5:]]
    assert _vendor(_read(alone, {BAKERY[0]: [6]})) == "GARDENEA BAKERIES (KL) SDN BHD"
    # printed elsewhere, but there read unsurely too: no evidence
    lines = _read(BAKERY, {BAKERY[0]: [6], "GARDENIA CLASSIC 400G": [3]}, at=0.85)
    assert _vendor(lines) == "GARDENEA BAKERIES (KL) SDN BHD"


def test_a_doubted_letter_of_a_trade_word_is_the_trade_words():
    shop = ["99 SPEED NART S/B", "NO 5 JALAN SAGU", "DATE: 25/12/2018", ("TOTAL", "3.50"), ("CASH", "5.00")]
    assert _vendor(_read(shop, {shop[0]: [9]})) == "99 SPEED MART S/B"
    assert _vendor(_read(shop, {shop[0]: [9]}, at=0.85)) == "99 SPEED NART S/B"  # sure enough


def test_only_one_doubted_letter_and_one_look_alike_respell_a_word():
    lines = _read(BAKERY, {BAKERY[0]: [5, 6]})  # two letters in doubt
    assert respell_unsure(lines)[0].text == BAKERY[0]
    # a look-alike that makes two known words: neither is chosen
    two = ["LIAN HING", "LJAN", "LTAN CORP"]
    lines = _read(two)
    lines[1].chars[1] = 0.5
    assert respell_unsure(lines)[1].text == "LJAN"


def test_a_word_respelt_keeps_its_letter_case():
    texts = [
        "Gardenea Bakeries (KL) Sdn Bhd",
        "GARDENIA CLASSIC",
        "McDonaIds Jalan Ipoh",
        "MCDONALDS",
        "1DEA",
    ]
    lines = _read(texts, {texts[0]: [6], texts[2]: [6], "1DEA": [0]})
    out = respell_unsure(lines)
    assert out[0].text == "Gardenia Bakeries (KL) Sdn Bhd"
    assert out[2].text == "McDonalds Jalan Ipoh"  # a capital I read for the l: the l's case
    assert out[4].text == "1DEA"  # IDEA printed nowhere


def test_lines_that_do_not_tell_and_their_certainties_are_kept():
    lines = _read(BAKERY, {BAKERY[0]: [6]})
    lines[0].chars = None  # a PDF's text layer
    assert respell_unsure(lines)[0] is lines[0]
    lines = _read(BAKERY, {BAKERY[0]: [6]})
    lines[4].chars = lines[4].chars[:3]  # not one for each character: not told
    assert respell_unsure(lines)[0].text == BAKERY[0]  # GARDENIA no longer printed surely
    lines = _read(BAKERY, {BAKERY[0]: [6]})
    out = respell_unsure(lines)
    assert out[0].text.startswith("GARDENIA ") and out[0].chars == lines[0].chars
    assert lines[0].text == BAKERY[0]  # the lines given are not changed
    assert [ln.text for ln in out[1:]] == [ln.text for ln in lines[1:]]


def test_a_word_whose_capitals_are_longer_is_left_as_read():
    texts = ["Großmarkt Mitte", "CROSSMARKT"]
    lines = _read(texts, {texts[0]: [0]})
    assert respell_unsure(lines)[0].text == "Großmarkt Mitte"
