"""What keeps a labelled amount from being vouched for as the total: a line saying what tax the
total holds, which names a total and the tax in one breath."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import labels as L
from .candidates import Candidate

# "incl. VAT", "Including GST", "Total includes GST", "GST INCLUDED IN TOTAL": the tax a total
# holds, with or without its rate ("TOTAL INCL. GST@6%" starts with the total and is one)
_TAX_HELD = re.compile(
    r"^(?:INCL|INCLUSIVE|INCLUDING)(?:OF)?(?:GST|VAT|TAX|SST|HST)|INCLUDES(?:GST|VAT|TAX|SST|HST)"
    r"|^(?:GST|VAT|TAX|SST|HST)INCLUDED"
)


def tax_held(cands: list[Candidate], rank: Callable[[Candidate], float]) -> set[int]:
    """The amounts (their ids) a line saying what tax the total holds labels, less than a total
    another label names: that tax ("TOTAL 11.90", "incl. VAT 19% 1.90"). Alone, or the largest,
    such a line is the total ("Incl. GST 10.60")."""
    held = [c for c in cands if _TAX_HELD.search(L.compact(c.label))]
    totals = [c for c in cands if rank(c) > 0 and c not in held]
    return {id(c) for c in held if any(t.value > c.value for t in totals)}
