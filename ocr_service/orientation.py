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
# a page on its side is kept turned when it reads at least this share of what it read on end
SIDEWAYS_KEEP = 0.8


def _on_end(lines: list[Line]) -> bool:
    """Most of the text's length stands on end."""
    tall = wide = 0.0
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        width, height = x1 - x0, y1 - y0
        if height > 1.5 * width:
            tall += height
        elif width > 1.5 * height:
            wide += width
    return tall > wide


def _chars(lines: list[Line]) -> int:
    return sum(len(line.text.strip()) for line in lines)


def quality(lines: list[Line]) -> float:
    """The recogniser's confidence over the page's text, by length."""
    chars = _chars(lines)
    return sum(len(ln.text.strip()) * float(ln.confidence) for ln in lines) / chars if chars else 0.0


def _sure_text(lines: list[Line]) -> float:
    """How much text the recogniser read surely."""
    return sum(len(ln.text.strip()) * float(ln.confidence) for ln in lines if float(ln.confidence) >= 0.8)


def turned(image: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by ``degrees`` (90, 180 or 270)."""
    return cv2.rotate(image, _TURNS[degrees])


def upright(image: np.ndarray, lines: list[Line], engine: Engine) -> tuple[int, np.ndarray, list[Line]]:
    """The page turned upright, when its first reading (``lines``) says it is not: the turn
    (degrees clockwise, 0 when none), the image and its lines."""
    if _chars(lines) < MIN_CHARS:
        return 0, image, lines
    on_end = _on_end(lines)
    if on_end:
        # on its side: read well on end, it was turned clockwise (turn it back), else the other way
        tries = (270, 90) if quality(lines) >= FLAT_DOUBT else (90, 270)
    elif quality(lines) < FLAT_DOUBT:
        tries = (180,)
    else:
        return 0, image, lines
    first = _sure_text(lines)
    for degrees in tries:
        page = turned(image, degrees)
        read = engine.ocr(page)
        # a page on its side is kept turned when its lines lie flat and read as well at least
        # (a page read well on end reads about as much text turned: its rows are what it gains);
        # one upside down when it reads clearly more
        wanted = SIDEWAYS_KEEP * first if on_end else GAIN * first
        if not _on_end(read) and _sure_text(read) > wanted:
            return degrees, page, read
    return 0, image, lines
