"""A long receipt cut (or folded) in two, its pieces laid side by side on a scanner, or
photographed so: read as the page lies, each row joins a line of one piece to a line of the
other, and the labels of one meet the amounts of the other. Read in the pieces' order instead:
the left piece, then the right one under it.

The page's text is two pieces when a column no line crosses parts it, and each side holds
lines of words and a row that prices something (a word and an amount on one row of that
side): a receipt's own column of prices beside its labels has no words, and its labels no
amounts. Two different receipts laid so are read the same way, one under the other;
``several`` tells them apart from one receipt's pieces."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from .layout import LineLike, text_gaps

# a column between the pieces at least this many median line heights wide, at its widest few
_GAP = 1.0
_GAPS = 4
# each piece holds at least this many lines, this many of them with words
_MIN_LINES = 6
_MIN_WORDED = 4
# a gap between the pieces once one is under the other, in median line heights
_UNDER = 2.0

_WORD = re.compile(r"[^\W\d_]{3,}")
_AMOUNT = re.compile(r"\d[.,]\d{2}(?!\d)")


@dataclass
class _Moved:
    """A line where the reading puts it (its piece under the other): what the rules read."""

    text: str
    confidence: float
    bbox: list[float]
    polygon: list[list[float]]
    chars: list[float] | None = None  # each character's certainty, as read (``Line.chars``)


def read_in_order(
    lines: list[LineLike],
    page_height: float | None,
    read: Callable[[list, float | None], dict],
    guesses: Callable[[dict], set[str]],
) -> dict:
    """``read``'s fields of the page as it lies; when its text is two pieces of receipt side by
    side, read again in the pieces' order (the left piece, then the right one), and that reading
    kept when its total is at least as sure: a page of two columns that is no cut receipt (an
    invoice's) reads best as it lies. ``guesses``: the fields a reading only guessed."""
    out = read(lines, page_height)
    ordered = in_reading_order(lines)
    if ordered is not None:
        again = read(ordered, max(page_height or 0.0, max(line.bbox[3] for line in ordered)))
        if _sureness(again, guesses) >= _sureness(out, guesses):
            out = again
    return out


def _sureness(out: dict, guesses: Callable[[dict], set[str]]) -> tuple[bool, float]:
    """How sure a reading's total is: not a guess of the rules first, then its confidence."""
    return "total" not in guesses(out), out["total"]["confidence"]


def in_reading_order(lines: list[LineLike]) -> list | None:
    """The lines with the right piece's moved under the left piece's, when the page's text is
    two pieces of receipt side by side; None when it is not."""
    if len(lines) < 2 * _MIN_LINES:
        return None
    height = statistics.median(line.bbox[3] - line.bbox[1] for line in lines)
    if height <= 0:
        return None
    for cut in text_gaps(lines, 0, _GAP * height, limit=_GAPS):
        left = [line for line in lines if line.bbox[2] <= cut]
        right = [line for line in lines if line.bbox[0] >= cut]
        if _a_piece(left) and _a_piece(right):
            dx = min(line.bbox[0] for line in left) - min(line.bbox[0] for line in right)
            dy = max(line.bbox[3] for line in left) + _UNDER * height - min(line.bbox[1] for line in right)
            return left + [_moved(line, dx, dy) for line in right]
    return None


def _a_piece(lines: list[LineLike]) -> bool:
    """Whether these lines read as a piece of receipt: enough of them, with words, and a row
    that prices something."""
    worded = [line for line in lines if _WORD.search(line.text)]
    return (
        len(lines) >= _MIN_LINES
        and len(worded) >= _MIN_WORDED
        and any(_priced(line, lines) for line in worded)
    )


def _priced(line: LineLike, lines: list[LineLike]) -> bool:
    """A line of words with an amount in it, or beside it to its right on its row."""
    if _AMOUNT.search(line.text):
        return True
    middle = (line.bbox[1] + line.bbox[3]) / 2
    return any(
        other.bbox[0] > line.bbox[0]
        and other.bbox[1] <= middle <= other.bbox[3]
        and _AMOUNT.search(other.text)
        for other in lines
    )


def _moved(line: LineLike, dx: float, dy: float) -> _Moved:
    x0, y0, x1, y1 = line.bbox
    return _Moved(
        text=line.text,
        confidence=line.confidence,
        bbox=[x0 + dx, y0 + dy, x1 + dx, y1 + dy],
        polygon=[[x + dx, y + dy] for x, y in (getattr(line, "polygon", None) or [])],
        chars=getattr(line, "chars", None),
    )
