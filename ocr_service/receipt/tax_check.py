"""The tax among the labelled amounts, checked against the other figures: subtotal + tax is the
total, the tax is its printed rate of an amount, or an amount and it make the total."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .candidates import Candidate
from .layout import Row
from .weights import WEIGHTS as W

if TYPE_CHECKING:
    from .extract import _Figures

_CENT = Decimal("0.01")
_ROUNDING_SLACK = Decimal("0.05")


def _near(a: Decimal, b: Decimal, slack: Decimal = _CENT / 2) -> bool:
    return abs(a - b) <= slack


def _rightmost(cands: list[Candidate], row: Row) -> Candidate | None:
    on_row = [c for c in cands if c.row is row]
    return max(on_row, key=lambda c: c.amount.start) if on_row else None


def _rate(label: str) -> Decimal | None:
    m = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", label)
    if not m:
        return None
    rate = Decimal(m.group(1).replace(",", "."))
    return rate if 0 < rate < 30 else None


@dataclass
class _TaxCheck:
    """What the other figures say about a tax candidate."""

    fig: _Figures
    total_value: Decimal | None
    subtotal_value: Decimal | None

    def agrees(self, t: Candidate) -> bool:
        """Subtotal + tax (+ service - discount, + rounding) is the total."""
        fig = self.fig
        if self.subtotal_value is None or self.total_value is None:
            return False
        adds = sum((sv.value for sv in fig.services[:1]), Decimal(0))
        less = sum((abs(d.value) for d in fig.discounts[:1] if d.value < 0), Decimal(0))
        rounding = fig.roundings[0].value if fig.roundings else Decimal(0)
        got = self.subtotal_value + t.value + adds - less
        return _near(got, self.total_value, _ROUNDING_SLACK) or _near(got + rounding, self.total_value)

    def rate_fits(self, t: Candidate) -> bool:
        """The tax is its printed rate of the total (tax included) or of another amount."""
        rate = _rate(t.label)
        if rate is None or t.value == 0:
            return False
        total = self.total_value
        if total is not None and _near(total * rate / (100 + rate), t.value, Decimal("0.02")):
            return True
        values = {c.value for c in self.fig.positive}
        return any(_near(base * rate / 100, t.value, Decimal("0.02")) for base in values if base > t.value)

    def base_fits(self, t: Candidate) -> bool:
        """Another amount plus the tax is the total."""
        if self.total_value is None:
            return False
        values = {c.value for c in self.fig.positive}
        return any(
            _near(base + t.value, self.total_value, _ROUNDING_SLACK) for base in values if base > t.value
        )


def _choose_tax(fig: _Figures, total: Candidate | None, check: _TaxCheck) -> Candidate | None:
    total_value = check.total_value
    # No tax rate comes near 30% of the amount paid: larger "tax" figures are taxable bases.
    cap = Decimal(str(W.largest_tax_share))
    taxes = [t for t in fig.taxes if total_value is None or t.value <= total_value * cap]
    # On a tax row with two amounts (base and tax) the tax is the right-hand one.
    taxes = [t for t in taxes if t.n_on_row == 1 or t is _rightmost(fig.positive, t.row)]
    if not taxes:
        return None
    return max(
        taxes,
        key=lambda t: (
            check.agrees(t),
            check.rate_fits(t),
            check.base_fits(t),
            fig.pay_row is None or t.row.index < fig.pay_row,
            total is None or t.row.index < total.row.index,
            t.n_on_row == 1,
            -t.row.index,
        ),
    )
