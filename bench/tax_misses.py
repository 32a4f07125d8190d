"""Why a receipt's tax was missed, by what its text as read holds: counts per part, never a receipt.

``bench/receipt_lines.py score --why`` prints, per part of the line cache, how the receipts whose
tax is wrong divide:

- ``spurious``: a tax returned where the receipt prints none;
- ``unread``: the tax amount is on no row as read (a faint or condensed table, a misreading):
  the reading failed, no extraction rule can return it;
- ``rate-row``: none returned, and the amount is read on a row that prints a rate (``7%``):
  the tax line's reading lost it;
- ``elsewhere``: none returned, the amount read only on rows without a rate (a label no rule
  knows, or an item that costs what the tax does);
- ``wrong``: another amount returned, the right one read somewhere.

On held-out parts these are the only look the benchmark takes at a miss: they say which step
to work on, not which receipt.
"""

from __future__ import annotations

from decimal import Decimal

from bench import bench_receipts as B

KINDS = ("spurious", "unread", "rate-row", "elsewhere", "wrong")


def miss_kind(lines, truth: dict, returned: str | None) -> str | None:
    """The kind of one receipt's tax miss, or None when it is right (or not annotated)."""
    from ocr_service.receipt.amounts import money_amounts
    from ocr_service.receipt.layout import group_rows
    from ocr_service.receipt.tax_table import RATE

    if "tax" not in truth:
        return None
    want = truth["tax"]
    if want is None:
        return "spurious" if returned is not None else None
    if B._same_amount(returned, want):
        return None
    amount = Decimal(want)
    holding = [row for row in group_rows(lines) if amount in {a.value for a in money_amounts(row.text)}]
    if not holding:
        return "unread"
    if returned is not None:
        return "wrong"
    return "rate-row" if any(RATE.search(row.text) for row in holding) else "elsewhere"
