"""Several receipts on one page: a flatbed scan of two slips side by side, a photo of one above
the other. Read as one, the page mixes them: one receipt's total with the other's date or name,
sure enough to be filled, on an expense that matches neither.

The page is split where its text leaves a gap: one of the widest columns no line crosses
(side by side), or one of the widest bands no line crosses (one above the other). It holds
several receipts when each side reads as a whole receipt, a total sure enough to fill with a
date or a name sure enough, and the two totals differ; or, side by side, when each side is
sure of its own day, another one, and one of them of its total (a slip whose amounts are cut
at the paper's edge beside a whole receipt). A receipt with its card slip below it
(the same total again), or with its tax table below it (a "TOTAL" column, but no date and no
name), stays one receipt. A document of several pages is read the same way page by page: two
pages that each read as a receipt of its own, with different totals, are two receipts
scanned into one file."""

from __future__ import annotations

import statistics
from typing import NamedTuple

from .layout import LineLike, text_gaps

# what the addon fills by default (its Minimum Confidence): a side whose total is surer than
# this would have been written onto an expense
SURE = 0.8
# a side holds at least this many lines: a receipt's name, address, items, total and date
_MIN_LINES = 6
# the gaps that may part two receipts, in median line heights: a column between two slips laid
# side by side, a band between two laid one above the other (a receipt's own blank rows, its
# items' names and prices, are split too, but their sides do not both read as receipts)
_COLUMN_GAP = 1.0
_BAND_GAP = 1.5
# the widest columns, and the widest bands, tried at most: a page of many (a table's, or a
# hostile file's) costs at most twice this many readings of its fields
_GAPS = 4
_SIDE_BY_SIDE = "side by side"


def several_receipts(lines: list[LineLike]) -> str | None:
    """Where the page's lines read as two receipts ("side by side" or "one above the other"),
    or None when they read as one: each side a receipt of its own with another total, or, side
    by side, each side sure of its own day, another one, and one of them sure of its total (a
    slip whose amounts are cut at the paper's edge beside a whole receipt). A PDF's text layer
    has no paper's edge: its columns (an A4 invoice's) are not read as a cut slip."""
    # a page typeset whole (every line from a text layer, ``Line.spans``) holds no cut slip
    cut_slips = not all(getattr(line, "spans", None) is not None for line in lines)
    for where, first, second in _splits(lines):
        side_by_side = where == _SIDE_BY_SIDE and cut_slips
        one = _sure(first)
        if one.whole_total is None and not (side_by_side and one.date):
            continue
        other = _sure(second)
        if one.whole_total and other.whole_total and one.whole_total != other.whole_total:
            return where
        if side_by_side and one.date and other.date and one.date != other.date and (one.total or other.total):
            return where
    return None


def where_several_receipts(pages: list[list[LineLike]], numbers: list[int] | None = None) -> str | None:
    """Where a document's pages (each page's own lines; ``numbers``, the pages' numbers, by
    default 1, 2 ...) hold several receipts, in words ("page 1, side by side"; "pages 1 and
    2"), or None when they hold one."""
    numbers = numbers or list(range(1, len(pages) + 1))
    found = [
        f"page {number}, {where}"
        for number, lines in zip(numbers, pages, strict=True)
        if (where := several_receipts(lines))
    ]
    if not found and (apart := receipts_across_pages(pages)):
        found.append(f"pages {numbers[apart[0]]} and {numbers[apart[1]]}")
    return "; ".join(found) or None


def receipts_across_pages(pages: list[list[LineLike]]) -> tuple[int, int] | None:
    """The first two pages (their indexes) of a document that each read as a whole receipt with
    different totals: a stack of receipts scanned into one file. None when no two do: a long
    receipt or an invoice over several pages prints its total once, a receipt and its card slip
    print the same."""
    first = None
    for index, lines in enumerate(pages):
        total = _sure(lines).whole_total if len(pages) > 1 and len(lines) >= _MIN_LINES else None
        if total is None:
            continue
        if first is None:
            first = (index, total)
        elif total != first[1]:
            return first[0], index
    return None


class _Sure(NamedTuple):
    """The values a reading of some lines is sure enough of to fill (None: not sure of it)."""

    total: str | None
    date: str | None
    vendor: str | None

    @property
    def whole_total(self) -> str | None:
        """The total when the lines read as a receipt of their own: a sure total with a sure date
        or name."""
        return self.total if self.total and (self.date or self.vendor) else None


def _sure(lines: list[LineLike]) -> _Sure:
    """What the lines are sure of. The vendor's name, the slowest field to read, is read only
    when it decides: a sure total without a sure date."""
    from .extract import extract_receipt_fields

    fields = extract_receipt_fields(lines, names=False)
    total, date = (_sure_of(fields[name]) for name in ("total", "date"))
    vendor = _sure_of(extract_receipt_fields(lines)["vendor"]) if total and not date else None
    return _Sure(total, date, vendor)


def _sure_of(field: dict) -> str | None:
    return field["value"] if field["value"] and field["confidence"] >= SURE else None


def _splits(lines: list[LineLike]):
    """(where, one side's lines, the other's) at each gap wide enough, columns first."""
    if len(lines) < 2 * _MIN_LINES:
        return
    height = statistics.median(line.bbox[3] - line.bbox[1] for line in lines)
    if height <= 0:
        return
    for cut in text_gaps(lines, 0, _COLUMN_GAP * height, limit=_GAPS):
        left = [line for line in lines if line.bbox[2] <= cut]
        right = [line for line in lines if line.bbox[0] >= cut]
        if len(left) >= _MIN_LINES and len(right) >= _MIN_LINES:
            yield _SIDE_BY_SIDE, left, right
    for cut in text_gaps(lines, 1, _BAND_GAP * height, limit=_GAPS):
        top = [line for line in lines if line.bbox[3] <= cut]
        bottom = [line for line in lines if line.bbox[1] >= cut]
        if len(top) >= _MIN_LINES and len(bottom) >= _MIN_LINES:
            yield "one above the other", top, bottom
