"""A text layer's receipt figures checked against what its page shows.

A PDF's text layer can say one thing and draw another: text under a white box, drawn in white
or as outlines, clipped away, in a hidden layer, or a font whose Unicode map turns the glyphs
drawn ("99,00") into other characters ("10,00"). ``pdftext`` sets aside the layers that are
mostly hidden; a single forged line passes it. So before the service vouches for a figure it
read from a text layer (the total, the tax, the net amount, the date; the vendor's VAT id, which
the addon finds the vendor's contact by), the characters that print it are rendered and read by
OCR, on their own and with their neighbours: where the pixels do not show the figure's digits or
the VAT id's characters as a whole, the page is not trusted and is read by OCR like a scan. So is
a page whose layer prints such a figure in pieces (a "15.6" and a "5" far apart in the content)
that no single line of it can be checked against. The vendor's name and the receipt number are
checked the same way, but a name the pixels do not show (a recogniser misreads names more than
figures) leaves the page trusted and only that name unvouched for: its confidence at most
``GUESS_CEILING``.

Only the pixels under those few lines are rendered and read, so a text-layer receipt stays a
matter of milliseconds; a page is read in full only when it does not show what it says.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .engines import Engine, Line
from .engines.shapes import REC_WIDTHS
from .pdftext import rows
from .second_look import RUN_ROWS, read_in_few_shapes

# pixels of the page kept around a line's box, and paper put on each side of its crop
MARGIN = 3
PAD = 8
# the height the recogniser reads a line at
REC_HEIGHT = 48
# the widths crops are padded to: a figure with its neighbours, 48 px tall, is about 170 px wide;
# at 256, not 320, it reads faster with the same verdicts (at 192 a "0.27" read as "827")
CHECK_WIDTHS = (256, *REC_WIDTHS)
# a number as printed: digits and the separators between them, a space only between groups of
# three ("1 234,56"); "24.86 0" is two numbers
_NUMBER = re.compile(r"\d{1,3}(?:[ ']\d{3})+(?:[.,]\d+)?(?![\d.,])|\d(?:[\d.,']*\d)?")

# what may part the characters of a VAT id as printed, and the words of a name
_ID_GAPS = r"[\s.\-/]*"
_NAME_GAPS = r"[\W_]*"
# the characters a recogniser reads for one another in a name, as one (a VAT id's and a figure's
# digits are compared as they are: a name's check only holds its confidence to a guess's)
_LOOK_ALIKE = str.maketrans({"1": "L", "I": "L", "|": "L", "0": "O"})


@dataclass(frozen=True)
class Claim:
    """A line of a text-layer page that prints a figure of the answer, and the figure's digits
    as that line prints them."""

    page: int  # index in the document's pages
    line: Line
    digits: str
    date: str | None = None  # a date's ISO form ("18-Oct-2025" has digits a misread O breaks)
    # a VAT id's letters and digits, which the pixels must show as they are, as a whole
    characters: str | None = None
    # the pixels that print the figure and its neighbours on either side: from its characters'
    # edges (``Line.spans``), else the line's box
    box: tuple[float, float, float, float] | None = None
    # a currency's code or sign ("EUR", "€"), which the pixels of its line must show (the line
    # read whole: a sign cut out with a character either side reads as a letter, "€ 6" as "EI")
    mark: str | None = None
    # the field whose name or number the claim prints (``named``): the vendor, the receipt number
    field: str | None = None


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


def _amounts(fields) -> set[str]:
    """The digits of the answer's total, tax and net amount, and of its tax lines' figures (a tax
    summed from them is seen through them)."""
    amounts = {d for name in ("total", "tax", "net") if (d := amount_digits(getattr(fields, name).value))}
    return amounts | {
        d for line in fields.tax_lines for value in (line.amount, line.base) if (d := amount_digits(value))
    }


def claims(fields, page_lines: list[list[Line]], layer_pages: set[int]) -> list[Claim]:
    """The lines of the text-layer pages (``layer_pages``) that print the answer's total, tax,
    net amount or date."""
    from .receipt.dates import find_dates

    amounts = _amounts(fields)
    date = fields.date.value
    vat = _characters(fields.vendor_vat.value or "")
    marks = _currency_marks(fields)
    out = []
    for index in sorted(layer_pages):
        for line in page_lines[index]:
            out += _one_crop(
                [
                    Claim(index, line, _digits(m.group()), box=_span_box(line, m.start(), m.end()))
                    for m in _NUMBER.finditer(line.text)
                    if _significant(_digits(m.group())) in amounts
                ],
                [Claim(index, line, "", mark=m.group()) for m in marks.finditer(line.text)],
            )
            own = _characters(line.text)
            if vat and vat in own:
                out.append(Claim(index, line, "", characters=vat, box=_characters_box(line, vat)))
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


def _one_crop(figures: list[Claim], marks: list[Claim]) -> list[Claim]:
    """A line's figure and currency mark ("€ 67,65"): read from one crop, the whole line and
    the figure's neighbours past its ends, not two. A line of two figures keeps a crop for
    each, so that each is seen where it is printed."""
    if len(figures) != 1 or not marks:
        return figures + marks
    (figure,) = figures
    x0, y0, x1, y1 = figure.line.bbox
    if figure.box is not None:
        x0, x1 = min(x0, figure.box[0]), max(x1, figure.box[2])
    both = (x0, y0, x1, y1)
    return [replace(claim, box=both) for claim in (figure, *marks)]


# the signs a currency is printed with beside its code (a sign of several currencies, "$",
# decides none: the answer's confidence in it is a guess already)
_SIGNS = {"EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩", "MYR": "RM", "PLN": "zł"}
_NONE = re.compile(r"(?!)")


def _currency_marks(fields) -> re.Pattern:
    """What prints the answer's currency on a line: its code as a word, its sign."""
    code = fields.currency.value
    if not code:
        return _NONE
    sign = _SIGNS.get(code)
    return re.compile("|".join(_mark_pattern(mark) for mark in (code, sign) if mark))


def _mark_pattern(mark: str) -> str:
    """A currency's code or letters as a word ("RM24.86" prints RM, "FORMAT" no RM); a sign as is."""
    return rf"(?<![A-Za-z]){re.escape(mark)}(?![A-Za-z])" if mark.isalpha() else re.escape(mark)


def _span_box(line: Line, start: int, end: int) -> tuple[float, float, float, float] | None:
    """The box of characters ``start:end`` of a text-layer line and of their neighbours (the
    character before and after, or, at the ends of the line, as much paper as a character
    takes): a digit drawn beside a figure where the layer has none is read with it. None
    without the characters' edges."""
    if not line.spans or end > len(line.spans) or start >= end:
        return None
    width = (line.bbox[2] - line.bbox[0]) / max(1, len(line.spans))
    left = line.spans[start - 1][0] if start > 0 else line.spans[start][0] - width
    right = line.spans[end][1] if end < len(line.spans) else line.spans[end - 1][1] + width
    return (left, line.bbox[1], right, line.bbox[3])


def _characters_box(line: Line, characters: str) -> tuple[float, float, float, float] | None:
    """The box of the characters that print ``characters`` (``_characters``: letters and digits,
    a VAT id's or a name's, spaced or dotted as printed)."""
    places = [i for i, ch in enumerate(line.text) if ch.isalnum()]
    at = _characters(line.text).find(characters)
    if at < 0 or len(places) != len(_characters(line.text)):
        return None  # a character whose capital is two ("ß"): the whole line
    return _span_box(line, places[at], places[at + len(characters) - 1] + 1)


# the fields a text layer names, not figures: the page is not read again for them, but a name
# its pixels do not show is not vouched for (a vendor's line under a white box)
NAMED = ("vendor", "receipt_number")


def named(fields, page_lines: list[list[Line]], layer_pages: set[int]) -> list[Claim]:
    """The lines of the text-layer pages that print the vendor's name or the receipt number (their
    letters and digits, as a whole)."""
    out = []
    for name in NAMED:
        characters = _characters(getattr(fields, name).value or "")
        if len(characters) < 2:
            continue
        out += [
            Claim(index, line, "", characters=characters, box=_characters_box(line, characters), field=name)
            for index in sorted(layer_pages)
            for line in page_lines[index]
            if characters in _characters(line.text)
        ]
    return out


def to_read(fields, found: list[Claim], other_lines: list[Line]) -> list[Claim]:
    """The claims of ``found`` (``named``) worth reading: not those of a name a line read from
    pixels prints already (``unseen_names`` takes the name as seen whatever its layer's lines
    show)."""
    shown = {
        name
        for name in NAMED
        if (characters := _characters(getattr(fields, name).value or ""))
        and any(_whole(characters, line.text, _NAME_GAPS) for line in other_lines)
    }
    return [claim for claim in found if claim.field not in shown]


def first_of_each(found: list[Claim]) -> list[int]:
    """Of each named field's claims (``named``), the index of the one read first: the line that
    prints least besides the name, its crop the narrowest. One line of a name seen is enough
    (``unseen_names``): the others are read only when that one is not."""
    best: dict[str, int] = {}
    for i, claim in enumerate(found):
        size = len(_characters(claim.line.text))
        if claim.field not in best or size < len(_characters(found[best[claim.field]].line.text)):
            best[claim.field] = i
    return sorted(best.values())


def unseen_names(fields, found: list[Claim], other_lines: list[Line], seen: list[bool]) -> list[str]:
    """The named fields (``NAMED``) with a value that no line read from pixels prints and no claim
    of ``found`` (``named``) the page was seen to show (``seen``, per claim): a name its layer
    alone says, or one the rules built from several of its lines."""
    out = []
    for name in NAMED:
        characters = _characters(getattr(fields, name).value or "")
        if not characters or any(_whole(characters, line.text, _NAME_GAPS) for line in other_lines):
            continue
        if not any(ok for claim, ok in zip(found, seen, strict=True) if claim.field == name):
            out.append(name)
    return out


def _readings(match) -> set[str]:
    """The ISO dates a date as printed may be (day and month both ways when it is ambiguous, year
    first too when three two-digit parts may be read so:
    the receipt's language settled which, and the check reads no language)."""
    out = {match.date.isoformat()}
    if match.year_first is not None:
        out.add(match.year_first.isoformat())
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


def split(fields, page_lines: list[list[Line]], layer_pages: set[int]) -> bool:
    """Whether a row of a text-layer page prints the total, tax, net amount, a tax line's
    figure, the date or the VAT id only across its pieces ("15.6" and "5", text objects far
    apart in the content): no claim covers such a figure, and the row it was read from cannot be
    checked. A page may still show the same figure elsewhere (an item's price)."""
    from .receipt.dates import find_dates

    amounts = _amounts(fields)
    vat = _characters(fields.vendor_vat.value or "")
    date = fields.date.value

    def numbers(text: str) -> set[str]:
        return {_significant(_digits(token)) for token in _NUMBER.findall(text)} & amounts

    def dates(text: str) -> bool:
        return bool(date) and any(date in _readings(m) for m in find_dates(text))

    for index in layer_pages:
        for row in rows(page_lines[index]):
            if len(row) < 2:
                continue
            texts = [line.text for line in row]
            whole = "".join(texts) + " " + " ".join(texts)
            pieces = set().union(*(numbers(text) for text in texts))
            if numbers(whole) - pieces:
                return True
            if vat and vat in _characters("".join(texts)) and not any(vat in _characters(t) for t in texts):
                return True
            if dates(whole) and not any(dates(text) for text in texts):
                return True
    return False


def _whole(characters: str, text: str, between: str = _ID_GAPS) -> bool:
    """Whether ``text`` prints ``characters`` (spaced, dotted or dashed between them as it may;
    ``between``) with no letter or digit right before or after ("DE 123 456 789" does not print
    DE12345678)."""
    upper = text.upper()
    pattern = between.join(re.escape(ch) for ch in characters)
    return any(
        not (upper[m.start() - 1 : m.start()].isalnum() or upper[m.end() : m.end() + 1].isalnum())
        for m in re.finditer(pattern, upper)
    )


def _says(claim: Claim, text: str) -> bool:
    """Whether text read from the pixels holds the claim's figure: a number of exactly its
    digits ("2 ITEMS RM 4.86" does not say 24.86), or its date, or a VAT id's characters."""
    if claim.characters is not None and claim.field:
        # a name's words are parted by anything that is no letter or digit ("Clarke's Market"),
        # and its look-alikes are one ("S.a.r.l." read "S.a.r.1.")
        return _whole(
            claim.characters.translate(_LOOK_ALIKE), text.upper().translate(_LOOK_ALIKE), _NAME_GAPS
        )
    if claim.characters is not None:
        return _whole(claim.characters, text, _ID_GAPS)
    if claim.mark is not None:
        return re.search(_mark_pattern(claim.mark), text) is not None
    if claim.digits and any(_digits(token) == claim.digits for token in _NUMBER.findall(text)):
        return True
    if claim.date is None:
        return False
    from .receipt.dates import find_dates

    # the same day, and the same digits in the same order where day and month could swap: a
    # page showing 04/03 does not show a layer's 03/04, whichever order the receipt meant
    return any(
        _digits(text[m.start : m.end]) == claim.digits if m.ambiguous else m.date.isoformat() == claim.date
        for m in find_dates(text)
        if claim.date in _readings(m)
    )


def shown(image: np.ndarray, found: list[Claim], engine: Engine) -> list[bool]:
    """For each claim, whether the pixels under it (in ``image``'s coordinates) show its digits
    or characters: the crops read by the recogniser, the detector left out."""
    # each box once (a total and a date may share one)
    boxes = {_box(claim): None for claim in found}
    crops = {box: crop for box in boxes if (crop := _crop(image, box)) is not None}
    texts = _read(engine, crops)
    # a line whose box takes in part of the next one (a larger total under it): its own line,
    # as the detector finds it in the pixels around
    return [
        (_box(claim) in texts and _says(claim, texts[_box(claim)])) or _detected(image, claim, engine)
        for claim in found
    ]


def warm_up(engine: Engine) -> None:
    """Blank crops read in the shapes most text-layer pages' claims are read in (256 and 320 px
    wide, RUN_ROWS at a time): the first PDF does not wait for OpenVINO to prepare them."""
    for width in CHECK_WIDTHS[:2]:
        for count in RUN_ROWS:
            read_in_few_shapes(engine, [np.full((REC_HEIGHT, width, 3), 255, np.uint8)] * count, CHECK_WIDTHS)


def _read(engine: Engine, crops: dict) -> dict:
    """Each crop's text, read in the recogniser's few shapes (``second_look.read_in_few_shapes``:
    batches of like width, as a batch of six small crops takes two thirds of their time one by
    one; padded to a few counts and widths, so that OpenVINO keeps no state for every count and
    width of crops a PDF has)."""
    # crops of the same pixels read once (a total and its card slip's line print the same
    # figure alike; a crop's reading does not depend on the crops read with it)
    alike = {crop.shape + (crop.tobytes(),): crop for crop in crops.values()}
    texts = dict(
        zip(
            alike,
            (
                text
                for text, _ in read_in_few_shapes(engine, list(alike.values()), CHECK_WIDTHS, wide_alone=True)
            ),
            strict=True,
        )
    )
    return {key: texts[crop.shape + (crop.tobytes(),)] for key, crop in crops.items()}


def _box(claim: Claim) -> tuple[float, float, float, float]:
    return claim.box or tuple(claim.line.bbox)


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
    bx0, by0, bx1, by1 = _box(claim)
    return any(
        _says(claim, found.text)
        # over the claim's own characters, not print above or below its box
        and found.x0 + left - PAD < bx1
        and found.x1 + left - PAD > bx0
        and by0 <= (found.y0 + found.y1) / 2 + top - PAD <= by1
        for found in engine.ocr(crop)
    )


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
