"""Why a receipt's date was missed, by what was returned instead: counts per part, never a receipt.

``bench/receipt_lines.py score --why`` prints, per part of the line cache, how the receipts whose
date is wrong divide:

- ``unread``: no row as read holds the date, in any day/month order (a misreading, a date cut or
  split over lines): no choice among the dates read can return it;
- ``none``: no date returned, though a row as read holds it (it was not taken for a date);
- ``swapped``: the date with its day and month swapped (the order settled the wrong way);
- ``year``: the same day and month in another year (a year misread);
- ``other``: another date the receipt prints was chosen over the sale's, which was read.

On held-out parts these are the only look the benchmark takes at a miss: they say which step
to work on, not which receipt.
"""

from __future__ import annotations

import datetime as dt

KINDS = ("unread", "none", "swapped", "year", "other")


def _dates_read(lines) -> set[dt.date]:
    from ocr_service.receipt.dates import find_dates
    from ocr_service.receipt.layout import group_rows

    out: set[dt.date] = set()
    for row in group_rows(lines):
        for locale in (None, "en_US", "en_GB"):
            for d in find_dates(row.text, locale):
                out.add(d.date)
                if d.year_first is not None:
                    out.add(d.year_first)
    return out


def miss_kind(lines, truth: dict, returned: str | None) -> str | None:
    """The kind of one receipt's date miss, or None when it is right (or not annotated)."""
    want = truth.get("date")
    if not want or returned == want:
        return None
    want_d = dt.date.fromisoformat(want)
    if want_d not in _dates_read(lines):
        return "unread"
    if not returned:
        return "none"
    got_d = dt.date.fromisoformat(returned)
    if (got_d.year, got_d.month, got_d.day) == (want_d.year, want_d.day, want_d.month):
        return "swapped"
    if (got_d.month, got_d.day) == (want_d.month, want_d.day):
        return "year"
    return "other"
