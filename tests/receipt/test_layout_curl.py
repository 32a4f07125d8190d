"""A curled receipt photographed: its paper slopes at the top and lies flat at the bottom. One
slope for the whole page, taken out of the flat bottom, shifted the amounts' column by a row
against the labels: "TOTAL" beside the cash handed over, returned as sure."""

from __future__ import annotations

from ocr_service.engines import Line
from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.layout import group_rows

PITCH = 34.0
HEIGHT = 22.0
AMOUNT_X = 560.0


def _line(text: str, x: float, y: float, slope: float) -> Line:
    """A line whose left end sits at (x, y), its edges rising by ``slope``."""
    width = 12.0 * len(text)
    rise = slope * width
    return Line(
        text=text,
        confidence=0.98,
        bbox=[x, min(y, y + rise), x + width, max(y, y + rise) + HEIGHT],
        polygon=[[x, y], [x + width, y + rise], [x + width, y + rise + HEIGHT], [x, y + HEIGHT]],
    )


def _curled() -> list[Line]:
    top = [
        "CORNER GROCER PTY LTD",
        "12 HARBOUR STREET SYDNEY",
        "ABN 40 848 258 527",
        "DATE 23/04/2019 21:49",
    ]
    items = [("ORANGE JUICE 1L", "4.20"), ("SOURDOUGH LOAF", "6.50"), ("CHICKEN BREAST", "12.37"),
             ("FREE RANGE EGGS", "5.80"), ("SPARKLING WATER", "2.20"), ("BANANAS LOOSE", "3.50"),
             ("WHOLE MILK 2L", "3.10"), ("KITCHEN ROLL 4PK", "6.90"), ("RED WINE 750ML", "18.00"),
             ("SCREWDRIVER SET", "14.00")]  # fmt: skip
    slope = 0.09  # the paper's top part, tilted five degrees
    lines, y = [], 40.0
    for text in top:
        lines.append(_line(text, 40, y, slope))
        y += PITCH
    for label, amount in items:
        lines.append(_line(label, 40, y, slope))
        lines.append(_line(amount, AMOUNT_X, y + slope * (AMOUNT_X - 40), slope))
        y += PITCH
    # the bottom lies flat: its labels and amounts level with each other
    y += 3 * PITCH
    for label, amount in (("SUBTOTAL", "76.57"), ("TOTAL", "76.57"), ("CASH", "100.00"), ("CHANGE", "23.43")):
        lines.append(_line(label, 40, y, 0.0))
        lines.append(_line(amount, AMOUNT_X, y, 0.0))
        y += PITCH
    lines.append(_line("THANK YOU FOR SHOPPING WITH US", 40, y + PITCH, 0.0))
    return lines


def test_the_flat_bottom_of_a_curled_receipt_keeps_its_rows():
    rows = {row.texts[0]: row.texts[1:] for row in group_rows(_curled())}
    assert rows["TOTAL"] == ["76.57"]
    assert rows["CASH"] == ["100.00"]
    assert rows["CHANGE"] == ["23.43"]
    # and the sloping top keeps its own
    assert rows["CHICKEN BREAST"] == ["12.37"]


def test_a_curled_receipt_gives_its_total_not_the_cash_handed_over():
    fields = extract_receipt_fields(_curled())
    assert fields["total"]["value"] == "76.57" and fields["total"]["confidence"] >= 0.8
