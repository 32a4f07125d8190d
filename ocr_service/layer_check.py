"""A text layer's receipt figures checked against what its page shows.

A PDF's text layer can say one thing and draw another: text under a white box, drawn in white
or as outlines, clipped away, in a hidden layer, or a font whose Unicode map turns the glyphs
drawn ("99,00") into other characters ("10,00"). ``pdftext`` sets aside the layers that are
mostly hidden; a single forged line passes it. So before the service vouches for a figure it
read from a text layer (the total, the tax, the net amount, the date; the vendor's VAT id, which
the addon finds the vendor's contact by; the vendor), the lines that print it are rendered and
read by OCR, on their own: where the pixels do not show the figure's digits, the VAT id's
characters, or about what the vendor's line says, the page is not trusted and is read by OCR
like a scan.

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
# the height the recogniser reads a line at, and the widths it is given (crops padded with paper)
REC_HEIGHT = 48
WIDTH_STEP = 64
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
    # a VAT id's letters and digits, which the pixels must show as they are
    characters: str | None = None
    # a line of the vendor's name: its pixels must show ink where the layer puts its letters
    # (what they spell is not read: a name is not worth a recogniser's pass on every PDF)
    ink: bool = False
    # the pixels that print the figure: its own characters' (``Line.spans``), else the line's
    box: tuple[float, float, float, float] | None = None


# a vendor line shows its letters when at least this share of its columns hold ink, of a grey
# no lighter than INK_GREY (a white box, white or near-white text, text clipped away show none)
MIN_INKED_COLUMNS = 0.25
INK_GREY = 160


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _characters(text: str) -> str:
    """Letters and digits, in capitals (spaces and punctuation are the recogniser's least sure)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


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
    vat = _characters(fields.vendor_vat.value or "")
    vendor = _characters(fields.vendor.value or "")
    out = []
    for index in sorted(layer_pages):
        for line in page_lines[index]:
            out += [
                Claim(index, line, _digits(m.group()), box=_span_box(line, m.start(), m.end()))
                for m in _NUMBER.finditer(line.text)
                if _significant(_digits(m.group())) in amounts
            ]
            own = _characters(line.text)
            if vat and vat in own:
                out.append(Claim(index, line, "", characters=vat, box=_vat_box(line, vat)))
            if len(vendor) >= 3 and len(own) >= 3 and (vendor in own or own in vendor):
                out.append(Claim(index, line, "", ink=True))
            if date:
                out += [
                    Claim(
                        index,
                        line,
                        _digits(line.text[m.start : m.end]),
                        date,
                        box=_span_box(line, m.start, m.end),
                    )
                    for m in find_dates(line.text)
                    if date in _readings(m)
                ]
    return out


def _span_box(line: Line, start: int, end: int) -> tuple[float, float, float, float] | None:
    """The box of characters ``start:end`` of a text-layer line; None without their edges."""
    if not line.spans or end > len(line.spans) or start >= end:
        return None
    return (line.spans[start][0], line.bbox[1], line.spans[end - 1][1], line.bbox[3])


def _vat_box(line: Line, vat: str) -> tuple[float, float, float, float] | None:
    """The box of the characters that print ``vat`` (letters and digits, spaced or dotted)."""
    places = [i for i, ch in enumerate(line.text) if ch.isalnum()]
    at = _characters(line.text).find(vat)
    if at < 0 or len(places) != len(_characters(line.text)):
        return None  # a character whose capital is two ("ß"): the whole line
    return _span_box(line, places[at], places[at + len(vat) - 1] + 1)


def _readings(match) -> set[str]:
    """The ISO dates a date as printed may be (day and month both ways when it is ambiguous:
    the receipt's language settled which, and the check reads no language)."""
    out = {match.date.isoformat()}
    if match.ambiguous and match.date.day <= 12:
        with contextlib.suppress(ValueError):
            out.add(match.date.replace(day=match.date.month, month=match.date.day).isoformat())
    return out


def unclaimed(fields, found: list[Claim], other_lines: list[Line]) -> list[str]:
    """The total, date and VAT id no line of a text layer prints as claimed and no line read
    from pixels shows either: figures the check would otherwise let through unseen (a total
    printed with another number glued to it). (A tax or net amount may be worked out from the
    tax lines, whose figures are claims of their own; a vendor's name may be spelled otherwise
    than printed, and where no line claims it, it is not checked.)"""
    out = []
    for name in ("total",):
        digits = amount_digits(getattr(fields, name).value)
        if not digits:
            continue
        claimed = any(
            _significant(claim.digits) == digits for claim in found if claim.date is None and claim.digits
        )
        seen = any(
            _significant(_digits(token)) == digits
            for line in other_lines
            for token in _NUMBER.findall(line.text)
        )
        if not (claimed or seen):
            out.append(name)
    vat = _characters(fields.vendor_vat.value or "")
    seen_vat = any(vat in _characters(line.text) for line in other_lines)
    if vat and not any(claim.characters == vat for claim in found) and not seen_vat:
        out.append("vendor_vat")
    date = fields.date.value
    if date and not any(claim.date == date for claim in found):
        from .receipt.dates import find_dates

        if not any(date in _readings(m) for line in other_lines for m in find_dates(line.text)):
            out.append("date")
    return out


def _says(claim: Claim, text: str) -> bool:
    """Whether text read from the pixels holds the claim's figure: a number of exactly its
    digits ("2 ITEMS RM 4.86" does not say 24.86), or its date, or a VAT id's characters."""
    if claim.characters is not None:
        return claim.characters in _characters(text)
    if claim.digits and any(_digits(token) == claim.digits for token in _NUMBER.findall(text)):
        return True
    if claim.date is None:
        return False
    from .receipt.dates import find_dates

    return any(claim.date in _readings(m) for m in find_dates(text))


def shown(image: np.ndarray, found: list[Claim], engine: Engine) -> list[bool]:
    """For each claim, whether the pixels under it (in ``image``'s coordinates) show its digits
    or characters: the crops read by the recogniser, the detector left out; a vendor's line,
    whether it shows ink where its letters are."""
    read = [claim for claim in found if not claim.ink]
    # each box once (a total and a date may share one)
    boxes = {_box(claim): None for claim in read}
    crops = {box: crop for box in boxes if (crop := _crop(image, box)) is not None}
    texts = _read(engine, crops)
    out = []
    for claim in found:
        if claim.ink:
            out.append(_inked(image, claim.line.bbox))
            continue
        box = _box(claim)
        # a line whose box takes in part of the next one (a larger total under it): its own
        # line, as the detector finds it in the pixels around
        out.append((box in texts and _says(claim, texts[box])) or _detected(image, claim, engine))
    return out


def _read(engine: Engine, crops: dict) -> dict:
    """Each crop's text: crops padded with paper to a multiple of WIDTH_STEP and read in one
    batch a width (a batch of six small crops takes two thirds of their time one by one)."""
    by_width: dict[int, list] = {}
    for key, crop in crops.items():
        width = -(-crop.shape[1] // WIDTH_STEP) * WIDTH_STEP
        padded = cv2.copyMakeBorder(
            crop, 0, 0, 0, width - crop.shape[1], cv2.BORDER_CONSTANT, value=(255, 255, 255)
        )
        by_width.setdefault(width, []).append((key, padded))
    texts = {}
    for group in by_width.values():
        answer = engine.class_probabilities([crop for _, crop in group])
        for (key, _), steps in zip(group, answer.steps, strict=True):
            texts[key] = decode(steps, answer.classes)[0]
    return texts


def _box(claim: Claim) -> tuple[float, float, float, float]:
    return claim.box or tuple(claim.line.bbox)


def _inked(image: np.ndarray, bbox) -> bool:
    """Whether at least MIN_INKED_COLUMNS of the box's columns hold ink."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in bbox)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return False
    grey = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    return float(np.mean((grey <= INK_GREY).any(axis=0))) >= MIN_INKED_COLUMNS


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


def _crop(image: np.ndarray, bbox) -> np.ndarray | None:
    """The pixels of a box, 48 tall as the recogniser reads them, with paper around; None for a
    box of no size."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in bbox)
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
