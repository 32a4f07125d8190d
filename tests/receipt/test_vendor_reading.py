"""Business names as the recogniser returns them: words glued where a space was printed,
a name's lines split or run on, the lines around it that are no name."""

import pytest

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.spacing import restore_spaces

from .synth import CHAR_W, ROW_H, line, receipt

ITEMS = [("ITEM", "9.90"), ("TOTAL", "9.90")]


def centred(text, y, h=ROW_H):
    width = CHAR_W * len(text)
    return line(text, 300 - width / 2, y, h)


def vendor(header, heights=None):
    """The vendor read from centred header lines (of the given heights) over two item rows."""
    heights = heights or [ROW_H] * len(header)
    rows, y = [], 20.0
    for text, h in zip(header, heights, strict=True):
        rows.append(centred(text, y, h))
        y += h + 4
    lines, _w, _h = receipt(ITEMS, top=y + 20)
    lines = rows + lines
    return extract_receipt_fields(lines, page_height=max(ln.bbox[3] for ln in lines))["vendor"]["value"]


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # a number glued to the word after it; one digit often starts a brand
        ("99SPEED MART S/B", "99 SPEED MART S/B"),
        ("7ELEVEN", "7ELEVEN"),
        # initials glued to a long trade word; a brand ending in a short one stays whole
        ("ENWHardware Centre (M) Sdn. Bhd", "ENW Hardware Centre (M) Sdn. Bhd"),
        ("BHPetrol Subang", "BHPetrol Subang"),
        # a long run ending in a trade word, the rest one word
        ("BENS INDEPENDENTGROCER SDN. BHD", "BENS INDEPENDENT GROCER SDN. BHD"),
        ("GREENGROCER", "GREENGROCER"),
        ("CHRISTMASTREEFARM", "CHRISTMASTREEFARM"),
        # the Malay words that open a name are never part of a compound
        ("KEDAIPAPAN-YEW CHUAN", "KEDAI PAPAN-YEW CHUAN"),
        ("SYARIKATLIM BROTHERS", "SYARIKAT LIM BROTHERS"),
    ],
)
def test_spaces_dropped_between_words_are_put_back(read, name):
    assert restore_spaces(read, []) == name


def test_a_glued_number_is_split_in_the_vendor():
    assert vendor(["99SPEED MART S/B (519537-X)", "LOT P.T. 2811, JALAN ANGSA"]) == "99 SPEED MART S/B"
