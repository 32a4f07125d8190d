"""Rows of a receipt: OCR lines that sit side by side, read left to right.

A label and its amount are often recognised as two lines (``TOTAL`` at the left edge, ``9.00``
at the right); grouping lines whose vertical extents overlap puts them back on one row. The
slant of a photographed receipt is estimated from the lines' own quadrilaterals and taken out
before grouping, so a long row still holds together when the paper is tilted; it is estimated
around each line, as a curled receipt slopes at its top and lies flat at its bottom.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from statistics import median
from typing import Protocol


class LineLike(Protocol):
    text: str
    confidence: float
    bbox: list[float]
    polygon: list[list[float]]


@dataclass
class Row:
    """Lines on one visual row, left to right."""

    lines: list  # list[LineLike]
    index: int = 0
    y: float = 0.0  # de-skewed centre
    height: float = 0.0
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    @property
    def x0(self) -> float:
        return min(line.bbox[0] for line in self.lines)

    @property
    def confidence(self) -> float:
        return min(float(line.confidence) for line in self.lines) if self.lines else 0.0

    def sureness(self, start: int, end: int) -> float | None:
        """How surely the recogniser read the letters and digits of ``text[start:end]``: its
        least sure one (``Line.chars``); None when a line the span crosses does not tell, or
        its text is no longer as read."""
        least, at = 1.0, 0
        for line, text in zip(self.lines, self.texts, strict=False):
            if at < end and start < at + len(text):
                chars = chars_told(line)
                if chars is None or text != line.text:
                    return None
                low, high = max(start, at) - at, min(end, at + len(text)) - at
                span = zip(text[low:high], chars[low:high], strict=True)
                least = min([least] + [c for ch, c in span if ch.isalnum()])
            at += len(text) + 1
        return least


def chars_told(line: LineLike) -> list[float] | None:
    """A line's characters' certainties (``Line.chars``), one for each of its characters, or None."""
    chars = getattr(line, "chars", None)
    return chars if chars is not None and len(chars) == len(line.text) else None


def _slope(line: LineLike) -> float | None:
    poly = getattr(line, "polygon", None) or []
    if len(poly) != 4:
        return None
    (x0, y0), (x1, y1) = poly[0], poly[1]
    width = x1 - x0
    if width <= 0:
        return None
    return (y1 - y0) / width


def page_slope(lines: list[LineLike]) -> float:
    """Median slope of the wider lines' top edges (dy/dx), clamped to a few degrees."""
    return _clamped_median([slope for _, slope in _wide_slopes(lines)], 0.0)


def _wide_slopes(lines: list[LineLike]) -> list[tuple[float, float]]:
    """(vertical centre, slope of the top edge) of each line at least three times as wide as it
    is high, top to bottom: the lines whose slant says the paper's."""
    wide = []
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        if (x1 - x0) > 3 * max(1.0, y1 - y0) and (s := _slope(line)) is not None:
            wide.append(((y0 + y1) / 2.0, s))
    return sorted(wide)


def _clamped_median(slopes: list[float], fewer: float) -> float:
    """The median of the slopes clamped to a few degrees; ``fewer`` when there are under three."""
    if len(slopes) < 3:
        return fewer
    limit = math.tan(math.radians(8))
    return max(-limit, min(limit, median(slopes)))


# how far from a line, in median line heights, the lines whose slope it takes lie: a curled
# photo's paper slopes one way at its top and lies flat at its bottom, where one slope for the
# page shifted the amounts' column by a row against the labels ("TOTAL" beside the cash given)
_SLOPE_REACH = 8.0


def _local_slopes(lines: list[LineLike]) -> dict[int, float]:
    """Each line's slope (by ``id``): the median of the wider lines' slopes within
    ``_SLOPE_REACH`` line heights above and below it, clamped as ``page_slope``; the page's
    where fewer than three are near."""
    wide = _wide_slopes(lines)
    page = _clamped_median([slope for _, slope in wide], 0.0)
    heights = sorted(max(1.0, line.bbox[3] - line.bbox[1]) for line in lines)
    reach = _SLOPE_REACH * heights[len(heights) // 2]
    centres = [y for y, _ in wide]
    out = {}
    for line in lines:
        c = (line.bbox[1] + line.bbox[3]) / 2.0
        near = [s for _, s in wide[bisect_left(centres, c - reach) : bisect_right(centres, c + reach)]]
        out[id(line)] = _clamped_median(near, page)
    return out


def group_rows(lines: list[LineLike]) -> list[Row]:
    """Group lines into rows, top to bottom; each row's lines left to right."""
    if not lines:
        return []
    # each line straightened by the slope of the paper around it, about the page's middle (so
    # that lines far apart, straightened by different slopes, keep their order)
    slopes = _local_slopes(lines)
    middle = (min(line.bbox[0] for line in lines) + max(line.bbox[2] for line in lines)) / 2.0

    def centre(line: LineLike) -> float:
        x0, y0, x1, y1 = line.bbox
        return (y0 + y1) / 2.0 - slopes[id(line)] * ((x0 + x1) / 2.0 - middle)

    items = sorted(lines, key=centre)
    rows: list[Row] = []
    for line in items:
        h = max(1.0, line.bbox[3] - line.bbox[1])
        c = centre(line)
        best = None
        for row in rows[-3:]:
            # the same row when the centres are within half the smaller line height and the
            # boxes do not overlap horizontally (two lines stacked closely stay apart)
            if abs(row.y - c) > 0.5 * min(h, row.height):
                continue
            overlaps = any(
                min(line.bbox[2], o.bbox[2]) - max(line.bbox[0], o.bbox[0])
                > 0.3 * (line.bbox[2] - line.bbox[0])
                for o in row.lines
            )
            if not overlaps and (best is None or abs(row.y - c) < abs(best.y - c)):
                best = row
        if best is None:
            rows.append(Row(lines=[line], y=c, height=h))
        else:
            n = len(best.lines)
            best.lines.append(line)
            best.y = (best.y * n + c) / (n + 1)
            best.height = max(best.height, h)
    rows.sort(key=lambda r: r.y)
    for i, row in enumerate(rows):
        row.lines.sort(key=lambda ln: ln.bbox[0])
        row.index = i
        row.texts = [ln.text for ln in row.lines]
    return rows


def text_gaps(lines: list[LineLike], axis: int, least: float, limit: int) -> list[float]:
    """The middles of the gaps at least ``least`` wide that no line's box crosses along ``axis``
    (0: x, columns; 1: y, bands), widest first, at most ``limit``."""
    spans = sorted((line.bbox[axis], line.bbox[axis + 2]) for line in lines)
    reach = spans[0][1]
    found = []
    for start, end in spans[1:]:
        if start - reach >= least:
            found.append((start - reach, (reach + start) / 2))
        reach = max(reach, end)
    found.sort(reverse=True)
    return [middle for _, middle in found[:limit]]
