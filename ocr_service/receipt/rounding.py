"""Cash rounding printed below the total: the rounded amount is the one paid.

Receipts in countries without one-cent coins (Malaysia, Switzerland, the Netherlands, Australia,
...) print the total to the cent, then a rounding line, then the amount paid, a multiple of
five cents (``Total 42.33`` / ``Rounding Adj 0.02`` / ``Net Total 42.35``). The amount under
the rounding line is often labelled in words no total rule knows (``Amount to be paid``, ``Net
Total``, a misread ``lotal``), or not at all, so it is found by its place and its value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from . import labels as L
from .layout import Row

_STEP = Decimal("0.05")
_SLACK = Decimal("0.05")
_ROWS_BELOW = 3  # how far below the rounding line the rounded amount may be printed


class _Labelled(Protocol):
    value: Decimal
    row: Row
    kinds: set[str]


def _payment(kinds: set[str]) -> bool:
    """Change given, or money handed over (cash tendered is rounded too, but is no total)."""
    return L.CHANGE in kinds or (L.TENDER in kinds and not {L.GRAND, L.TOTAL} & kinds)


def rounded_total(rows: list[Row], cands: list[_Labelled], total: Decimal | None) -> Decimal | None:
    """The rounded amount paid when a rounding line follows the (unrounded) total, else None."""
    if total is None or total % _STEP == 0:
        return None
    printed = [c.row.index for c in cands if c.value == total]
    if not printed:
        return None
    below = next((r.index for r in rows if r.index > max(printed) and L.ROUNDING in L.classify(r.text)), None)
    if below is None:
        return None
    for c in sorted(cands, key=lambda c: c.row.index):
        if not below <= c.row.index <= below + _ROWS_BELOW or _payment(c.kinds):
            continue
        if c.value > 0 and c.value != total and abs(c.value - total) <= _SLACK and c.value % _STEP == 0:
            return c.value
    return None
