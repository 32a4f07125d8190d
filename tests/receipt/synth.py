"""Synthetic OCR output: receipts as lists of lines with boxes, no image involved."""

from __future__ import annotations

from ocr_service.engines import Line
from ocr_service.receipt import extract_receipt_fields

CHAR_W = 10.0
ROW_H = 20.0
ROW_STEP = 30.0
WIDTH = 600


def line(text: str, x: float, y: float, h: float = ROW_H, conf: float = 0.98) -> Line:
    w = max(CHAR_W, CHAR_W * len(text))
    return Line(
        text=text,
        confidence=conf,
        bbox=[x, y, x + w, y + h],
        polygon=[[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
    )


def receipt(rows: list, top: float = 20.0) -> tuple[list[Line], int, int]:
    """Build lines from rows; a row is a string (left-aligned), a (left, right) pair of texts
    (label at the left margin, amount right-aligned) or a list of (text, x) tuples.
    Returns (lines, width, height)."""
    lines: list[Line] = []
    y = top
    for row in rows:
        if isinstance(row, str):
            if row:
                lines.append(line(row, 20, y))
        elif isinstance(row, tuple):
            left, right = row
            if left:
                lines.append(line(left, 20, y))
            if right:
                lines.append(line(right, WIDTH - 20 - CHAR_W * len(right), y))
        else:
            for text, x in row:
                lines.append(line(text, x, y))
        y += ROW_STEP
    return lines, WIDTH, int(y + top)


def slip(name: str, day: str, total: str) -> list[Line]:
    """The lines of a bakery's slip in Munich of ``day`` November 2026, its sum ``total`` (as
    printed, "7,50"), paid in cash: a receipt of its own, sure of its total, date and name."""
    rows = [name, "Hauptstr. 3, 80331 Muenchen", "", f"Datum: {day}.11.2026 07:58", "",
            ("Brezel", "2,40"), ("Kaffee", "3,20"), ("Wasser", "1,90"), "",
            ("SUMME EUR", total), ("Bar", "50,00"), "", "Vielen Dank"]  # fmt: skip
    return receipt(rows)[0]


def value(fields: dict, name: str):
    """One field's value (a field is a {"value", "confidence"} dict; tax lines are a list)."""
    field = fields.get(name)
    return field["value"] if isinstance(field, dict) else field


def values(fields: dict) -> dict:
    return {name: f if isinstance(f, list) else f["value"] for name, f in fields.items()}


def extract(rows: list, locale: str | None = None) -> dict:
    """The extractor's fields for a synthetic receipt (``receipt``)."""
    lines, _width, height = receipt(rows)
    return extract_receipt_fields(lines, page_height=height, locale=locale)


def lines_of(fields: dict) -> list[tuple]:
    """The tax lines returned, as (rate, base, amount)."""
    return [(ln["rate"], ln["base"], ln["amount"]) for ln in fields["tax_lines"]]
