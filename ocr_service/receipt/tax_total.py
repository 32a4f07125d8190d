"""The total the tax table vouches for: what its checked lines add up to, when the total chosen
from the labels is another amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from . import labels as L
from .layout import Row
from .tax import find_tax_lines, lines_gross

_CENT = Decimal("0.01")


class _Labelled(Protocol):
    value: Decimal
    kinds: set[str]
    confidence: float


def total_from_tax_table(
    rows: list[Row], cands: list[_Labelled], locale: str | None, total: Decimal | None
) -> _Labelled | None:
    """A total-labelled amount equal to what the checked tax lines add up to, when the chosen
    total is another amount (a cash amount, a tax figure read as the total); with no such
    label, a subtotal or an unlabelled amount equal to it, else the amount paid when it is."""
    gross = lines_gross(rows, locale)
    if gross is None or (total is not None and abs(gross - total) <= _CENT):
        return None
    labelled = [
        c
        for c in cands
        if c.value == gross and {L.GRAND, L.TOTAL} & c.kinds and not {L.SUBTOTAL, L.TAX} & c.kinds
    ]
    # no total label read: the amount printed as the sum of all ("Zwischensumme über Alles") or
    # with no label but its currency ("EURO 59,50"), equal to the checked sum of several rates
    several = len(find_tax_lines(rows, locale)) >= 2
    plain = [c for c in cands if several and c.value == gross and c.kinds <= {L.SUBTOTAL}]
    # else the card or cash paid exactly that: the total's label over a misread amount
    # ("ZA PLATITI 520,03", "kartica 520,83" under net 416,66 + tax 104,17)
    paid = [c for c in cands if c.value == gross and L.TENDER in c.kinds and not {L.CHANGE, L.TAX} & c.kinds]
    found = labelled or plain or paid
    return found[-1] if found else None
