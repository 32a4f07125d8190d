"""Why a receipt's total was missed, by what was returned instead: counts per part, never a receipt.

``bench/receipt_lines.py score --why`` prints, per part of the line cache, how the receipts whose
total is wrong divide:

- ``none``: no total returned;
- ``unread``: the total is on no row as read (a misreading, an amount split over lines): no
  extraction rule can return it;
- ``rounding``: an amount within 5 cents of it (the total before or after cash rounding);
- ``tendered``: the amount on a row of cash or card tendered (more than the total: change given);
- ``subtotal``: a larger amount on a subtotal row (before a discount, a voucher);
- ``larger``: another larger amount (an item column, points, a running figure);
- ``net``: a smaller amount that the tax makes up to the total, or on a net row (before tax);
- ``smaller``: another smaller amount (an item, a tax, a discount).

On held-out parts these are the only look the benchmark takes at a miss: they say which step
to work on, not which receipt.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bench import bench_receipts as B

KINDS = ("none", "unread", "rounding", "tendered", "subtotal", "larger", "net", "smaller")

_TENDERED = re.compile(r"CASH|TENDER|TUNAI|BAYAR|PAID|PAYMENT|BAR\b|GEGEBEN|CARD|KARTE|VISA|MASTER|EC\b")
_SUBTOTAL = re.compile(r"SUB|ZWISCHEN|SOUS")
_NET = re.compile(r"NET|EXCL|OHNE|HT\b|BASE|BEFORE")


def miss_kind(lines, truth: dict, returned: str | None, tax: str | None = None) -> str | None:
    """The kind of one receipt's total miss, or None when it is right (or not annotated)."""
    from ocr_service.receipt.amounts import money_amounts
    from ocr_service.receipt.layout import group_rows

    want = B.dec(truth.get("total"))
    if want is None or B._same_amount(returned, truth["total"]):
        return None
    got = B.dec(returned)
    if got is None:
        return "none"
    rows = [(row.text, {a.value for a in money_amounts(row.text)}) for row in group_rows(lines)]
    if not any(want in amounts for _text, amounts in rows):
        return "unread"
    if abs(got - want) <= Decimal("0.05"):
        return "rounding"
    labels = " ".join(text.upper() for text, amounts in rows if got in amounts)
    if got > want:
        if _TENDERED.search(labels):
            return "tendered"
        return "subtotal" if _SUBTOTAL.search(labels) else "larger"
    paid_tax = B.dec(tax)
    if (paid_tax is not None and got + paid_tax == want) or _NET.search(labels):
        return "net"
    return "smaller"
