"""A second reading of the lines that should print a receipt's date, when none was read.

A date misread by a character has no date's form any more: a separator read as a space
(``05 02-18``), a month read ``00`` (``11/00/2017``), a last digit cut by the detector's box
(``20/03/201``). The recogniser reads a line as the detector's quadrilateral cuts it; read
again from the page's own pixels in a plain rectangle, and once more with paper to its right,
such a line often reads whole.

On a page whose receipt returned no date (``pipeline._receipt``, with the second look's
setting), the lines shaped like a broken date, or ending in a date's label (``DATE:``,
``Datum``), are read again so; a reading that holds a date where the first did not replaces
the line's text. Its confidence is the new reading's, halved: a date found only on a second
reading is a guess, for a person to check (the addon fills no date below its minimum
confidence). Two readings of one line that give two different dates give none.
"""

from __future__ import annotations

import re

import numpy as np

from .engines import Line
from .receipt.dates import find_dates
from .second_look import _read_crops

MOST_LINES = 6  # lines read again per page: what a page can cost
GUESS = 0.5  # the new reading's confidence is multiplied by this
PAD = 1 / 6  # of the line's height, above and below, when reading on to the right
RIGHT = 2.0  # line heights of paper read to the right of a line shaped like a date
LABEL_RIGHT = 40.0  # ... of a line that ends in a date's label: its value, unread, may be right-aligned

# day, month and year as digits, one separator read as a space or missing, or the year cut short
_BROKEN = re.compile(
    r"(?<![\d.,])\d{1,2}\s*[/.\-]?\s*\d{1,2}\s*[/.\-]\s*\d{1,4}(?![\d.,])|\d{1,2}[/.\-]\d{1,2}[/.\-]$"
)
_LABEL_END = re.compile(r"(?:\bdate|\bdatum|\bfecha|\bdata|\btarikh|\bdatum/zeit)\s*[:.]?\s*$", re.IGNORECASE)


def _has_date(text: str) -> bool:
    return bool(find_dates(text))


def _candidates(lines: list[Line]) -> list[tuple[Line, float]]:
    """Lines that may print a date none of them reads as one, with how far right to read on."""
    out = []
    for line in lines:
        text = line.text.strip()
        if _has_date(text):
            continue
        if _LABEL_END.search(text):
            out.append((line, LABEL_RIGHT))
        elif _BROKEN.search(text):
            out.append((line, RIGHT))
    return out[:MOST_LINES]


def _right_edge(line: Line, lines: list[Line], reach: float) -> float:
    """How far right of ``line`` to read: ``reach`` line heights, short of the next box of its row."""
    limit = line.x1 + reach * line.height
    for other in lines:
        if other is line or other.x0 <= line.x1:
            continue
        if min(other.y1, line.y1) - max(other.y0, line.y0) > 0.5 * min(other.height, line.height):
            limit = min(limit, other.x0 - 0.2 * line.height)
    return max(line.x1, limit)


def _crop(image: np.ndarray, line: Line, right: float, pad: float) -> np.ndarray:
    pad *= line.height
    rows, cols = image.shape[:2]
    y0, y1 = max(0, int(line.y0 - pad)), min(rows, int(line.y1 + pad + 1))
    x0, x1 = max(0, int(line.x0)), min(cols, int(right + 1))
    return image[y0:y1, x0:x1]


def _readings(image: np.ndarray, lines: list[Line], engine) -> dict[int, list[tuple[str, float]]]:
    """The readings that hold a date, per candidate line (by id): the line's own box in a plain
    rectangle, then with paper above, below and to its right."""
    crops, owners = [], []
    for line, reach in _candidates(lines):
        for right, pad in ((line.x1, 0.0), (_right_edge(line, lines, reach), PAD)):
            crop = _crop(image, line, right, pad)
            if crop.shape[0] >= 4 and crop.shape[1] >= 4:
                crops.append(crop)
                owners.append(line)
    read: dict[int, list[tuple[str, float]]] = {}
    for line, (text, sure) in zip(owners, _read_crops(engine, crops) if crops else [], strict=True):
        if text and _has_date(text):
            read.setdefault(id(line), []).append((text, sure))
    return read


def date_look(image: np.ndarray, lines: list[Line], engine) -> list[Line]:
    """``lines`` with the lines that may print the date read again where that reads one."""
    read = _readings(image, lines, engine)
    if not read:
        return lines
    out = []
    for line in lines:
        found = read.get(id(line))
        dates = {d.date for text, _ in found or () for d in find_dates(text)}
        if not found or len(dates) != 1:
            out.append(line)
            continue
        text, sure = found[0]
        out.append(Line(text, sure * GUESS, list(line.bbox), [list(p) for p in line.polygon]))
    return out
