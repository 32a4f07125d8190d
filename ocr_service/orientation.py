"""Pages photographed sideways or upside down, or whose EXIF orientation is stale, turned upright.

A phone photo of a receipt is often taken sideways, and an image edited after it was taken may
keep an orientation tag that no longer holds: the page then reaches the engine turned by 90, 180
or 270 degrees. The detector still finds its lines, but they stand on end (or read upside down
as nonsense), and the receipt's rows, which the extractor reads by their height on the page,
are lost.

The first reading says when: lines that stand on end (taller than wide, for most of the text's
length) are a page on its side; lines lying flat that the recogniser reads with little
confidence may be a page upside down (an upright page's text is read at 0.83 or more, by
length, on every receipt of the benchmark's tuning parts; upside down, at about 0.65). Only
then is the page read again, turned, and the turn kept when it reads more text surely: an
upright page costs nothing more.
"""

from __future__ import annotations

import cv2
import numpy as np

from .engines import Engine, Line

# (rapidocr turns a crop that stands on end a quarter turn back before recognising it: a page
# turned clockwise is read well but on end, one turned counter-clockwise upside down)
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
# below this confidence by length, a page whose lines lie flat is tried upside down
FLAT_DOUBT = 0.8
# a page read again counts only with enough text to judge by
MIN_CHARS = 20
# a page tried upside down is kept so when it reads this much more text surely than as it came
GAIN = 1.2
# a page on its side is kept turned when its rows read at least this share of what it read on
# end, and this many times the rows it had
SIDEWAYS_KEEP = 0.8
SIDEWAYS_ROWS = 3.0


def _stands(line: Line) -> bool:
    """The line is taller than wide: text on end."""
    x0, y0, x1, y1 = line.bbox
    return y1 - y0 > 1.5 * (x1 - x0)


def _lies(line: Line) -> bool:
    """The line is wider than tall: a row."""
    x0, y0, x1, y1 = line.bbox
    return x1 - x0 > 1.5 * (y1 - y0)


def _on_end(lines: list[Line]) -> bool:
    """Most of the text's length stands on end."""
    tall = sum(ln.bbox[3] - ln.bbox[1] for ln in lines if _stands(ln))
    wide = sum(ln.bbox[2] - ln.bbox[0] for ln in lines if _lies(ln))
    return tall > wide


def _chars(lines: list[Line]) -> int:
    return sum(len(line.text.strip()) for line in lines)


def _weighted(lines: list[Line]) -> float:
    """The lines' text, each character weighed by its line's confidence."""
    return sum(len(ln.text.strip()) * float(ln.confidence) for ln in lines)


def quality(lines: list[Line]) -> float:
    """The recogniser's confidence over the page's text, by length."""
    chars = _chars(lines)
    return _weighted(lines) / chars if chars else 0.0


def _sure_text(lines: list[Line]) -> float:
    """How much text the recogniser read surely."""
    return _weighted([ln for ln in lines if float(ln.confidence) >= 0.8])


def _flat_sure_text(lines: list[Line]) -> float:
    """How much text the recogniser read surely on lines lying flat: the rows a page is read by."""
    return _sure_text([ln for ln in lines if not _stands(ln)])


def turned(image: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by ``degrees`` (90, 180 or 270)."""
    return cv2.rotate(image, _TURNS[degrees])


def upright(
    image: np.ndarray, lines: list[Line], engine: Engine, reads_left: int = 2
) -> tuple[int, np.ndarray, list[Line], int]:
    """The page turned upright, when its first reading (``lines``) says it is not: the turn
    (degrees clockwise, 0 when none), the image, its lines, and how many readings it took
    (``reads_left`` at most: a request's budget)."""
    if _chars(lines) < MIN_CHARS or reads_left <= 0:
        return 0, image, lines, 0
    if _on_end(lines):
        # on its side: both quarters (a page read well on end was turned clockwise, but text that
        # reads surely upside down, an MRZ, says nothing), the one whose rows read more
        tries = (270, 90)[:reads_left]
    elif quality(lines) < FLAT_DOUBT:
        tries = (180,)
    else:
        return 0, image, lines, 0
    # a turn is kept when its rows (the lines lying flat) read clearly more than the page's did
    first_rows, first_all = _flat_sure_text(lines), _sure_text(lines)
    if tries == (180,):
        wanted = GAIN * first_rows
    else:  # the page's rows come from the turn: it had few ("CUSTOMER COPY" on end beside rows)
        wanted = max(SIDEWAYS_ROWS * first_rows, SIDEWAYS_KEEP * first_all)
    best = (0, image, lines, wanted)
    for degrees in tries:
        page = turned(image, degrees)
        read = engine.ocr(page)
        rows = _flat_sure_text(read)
        if rows > best[3]:
            best = (degrees, page, read, rows)
    return best[0], best[1], best[2], len(tries)
