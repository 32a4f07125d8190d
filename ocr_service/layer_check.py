"""A text layer's receipt figures checked against what its page shows.

A PDF's text layer can say one thing and draw another: text under a white box, drawn in white
or as outlines, clipped away, in a hidden layer, or a font whose Unicode map turns the glyphs
drawn ("99,00") into other characters ("10,00"). ``pdftext`` sets aside the layers that are
mostly hidden; a single forged line passes it. So before the service vouches for a figure it
read from a text layer (the total, the tax, the net amount, the date), the lines that print it
are rendered and read by OCR, on their own: where the pixels do not show the figure's digits,
the page is not trusted and is read by OCR like a scan.

Only the pixels under those few lines are rendered and read, so a text-layer receipt stays a
matter of milliseconds; a page is read in full only when it does not show what it says.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

import cv2
import numpy as np

from .engines import Engine, Line
from .second_look import decode

# pixels of the page kept around a line's box, and paper put on each side of its crop
MARGIN = 3
PAD = 8
# the height the recogniser reads a line at
REC_HEIGHT = 48
# a number as printed: digits and the separators between them, a space only between groups of
# three ("1 234,56"); "24.86 0" is two numbers
_NUMBER = re.compile(r"\d{1,3}(?:[ ']\d{3})+(?:[.,]\d+)?(?![\d.,])|\d(?:[\d.,']*\d)?")


@dataclass(frozen=True)
class Claim:
    """A line of a text-layer page that prints a figure of the answer, and the figure's digits
    as that line prints them."""

    page: int  # index in the document's pages
    line: Line
    digits: str
    date: str | None = None  # a date's ISO form ("18-Oct-2025" has digits a misread O breaks)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _significant(digits: str) -> str:
    """A number's digits without its leading zeros ("0,99" and ".99" print one figure)."""
    return digits.lstrip("0") or "0"


def amount_digits(value: str | None) -> str | None:
    """The digits a receipt prints for a decimal amount ("12.50" -> "1250"), None for none or
    zero."""
    if not value:
        return None
    digits = _digits(value.lstrip("-")).lstrip("0")
    return digits or None  # a zero (a 0 % tax line) is in too many other numbers to be seen


def claims(fields, page_lines: list[list[Line]], layer_pages: set[int]) -> list[Claim]:
    """The lines of the text-layer pages (``layer_pages``) that print the answer's total, tax,
    net amount or date."""
    from .receipt.dates import find_dates

    amounts = {d for name in ("total", "tax", "net") if (d := amount_digits(getattr(fields, name).value))}
    # the tax lines' figures too: a tax summed from them is seen through them
    amounts |= {
        d for line in fields.tax_lines for value in (line.amount, line.base) if (d := amount_digits(value))
    }
    date = fields.date.value
    out = []
    for index in sorted(layer_pages):
        for line in page_lines[index]:
            out += [
                Claim(index, line, _digits(token))
                for token in _NUMBER.findall(line.text)
                if _significant(_digits(token)) in amounts
            ]
            if date:
                out += [
                    Claim(index, line, _digits(line.text[m.start : m.end]), date)
                    for m in find_dates(line.text)
                    if date in _readings(m)
                ]
    return out


def _readings(match) -> set[str]:
    """The ISO dates a date as printed may be (day and month both ways when it is ambiguous:
    the receipt's language settled which, and the check reads no language)."""
    out = {match.date.isoformat()}
    if match.ambiguous and match.date.day <= 12:
        with contextlib.suppress(ValueError):
            out.add(match.date.replace(day=match.date.month, month=match.date.day).isoformat())
    return out


def unclaimed(fields, found: list[Claim], other_lines: list[Line]) -> list[str]:
    """The total and date no line of a text layer prints as claimed and no line read from
    pixels shows either: figures the check would otherwise let through unseen (a total printed
    with another number glued to it). (A tax or net amount may be worked out from the tax lines,
    whose figures are claims of their own.)"""
    out = []
    for name in ("total",):
        digits = amount_digits(getattr(fields, name).value)
        if not digits:
            continue
        claimed = any(_significant(claim.digits) == digits for claim in found if claim.date is None)
        seen = any(
            _significant(_digits(token)) == digits
            for line in other_lines
            for token in _NUMBER.findall(line.text)
        )
        if not (claimed or seen):
            out.append(name)
    date = fields.date.value
    if date and not any(claim.date == date for claim in found):
        from .receipt.dates import find_dates

        if not any(date in _readings(m) for line in other_lines for m in find_dates(line.text)):
            out.append("date")
    return out


def _says(claim: Claim, text: str) -> bool:
    """Whether text read from the pixels holds the claim's figure: a number of exactly its
    digits ("2 ITEMS RM 4.86" does not say 24.86), or its date."""
    if claim.digits and any(_digits(token) == claim.digits for token in _NUMBER.findall(text)):
        return True
    if claim.date is None:
        return False
    from .receipt.dates import find_dates

    return any(claim.date in _readings(m) for m in find_dates(text))


def shown(image: np.ndarray, found: list[Claim], engine: Engine) -> list[bool]:
    """For each claim, whether the pixels under its line (in ``image``'s coordinates) show its
    digits: the line's crops read by the recogniser in one batch, the detector left out."""
    # each line once (a total and a date may share one)
    lines = list({id(claim.line): claim.line for claim in found}.values())
    crops = {id(line): crop for line in lines if (crop := _crop(image, line)) is not None}
    read = engine.class_probabilities(list(crops.values())) if crops else None
    texts = (
        dict(zip(crops, (decode(steps, read.classes)[0] for steps in read.steps), strict=True))
        if read
        else {}
    )
    out = [id(claim.line) in texts and _says(claim, texts[id(claim.line)]) for claim in found]
    # a line whose box takes in part of the next one (a larger total under it): its own line,
    # as the detector finds it in the pixels around
    return [ok or _detected(image, claim, engine) for ok, claim in zip(out, found, strict=True)]


def _detected(image: np.ndarray, claim: Claim, engine: Engine) -> bool:
    """Whether a line the engine detects and reads around the claim's box holds its figure."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = claim.line.bbox
    grow = max(4.0, (y1 - y0) / 2)
    top, bottom = max(0, int(y0 - grow)), min(height, int(y1 + grow))
    left, right = max(0, int(x0 - grow)), min(width, int(x1 + grow))
    if right - left < 2 or bottom - top < 2:
        return False
    crop = cv2.copyMakeBorder(
        image[top:bottom, left:right], PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=(255, 255, 255)
    )
    return any(_says(claim, found.text) for found in engine.ocr(crop))


def _crop(image: np.ndarray, line: Line) -> np.ndarray | None:
    """The line's pixels, 48 tall as the recogniser reads them, with paper around; None for a
    box of no size."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in line.bbox)
    x0, y0, x1, y1 = (
        max(0, x0 - MARGIN),
        max(0, y0 - MARGIN),
        min(width, x1 + MARGIN),
        min(height, y1 + MARGIN),
    )
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    crop = image[y0:y1, x0:x1]
    scaled = cv2.resize(crop, (max(1, round((x1 - x0) * REC_HEIGHT / (y1 - y0))), REC_HEIGHT))
    return cv2.copyMakeBorder(scaled, 0, 0, PAD, PAD, cv2.BORDER_CONSTANT, value=(255, 255, 255))
