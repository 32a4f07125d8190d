"""Tips a restaurant's bill suggests, and the totals it works out with them ("Suggested tip 18%
$12.96", "Total $91.35"; "For your convenience: 18% gratuity $12.96, 20% gratuity $14.40"):
choices offered to the guest, not what was paid. Read as a tip added under the total, they made
the total with a tip no one chose (91.35 for a bill of 78.39, at 0.97)."""

from __future__ import annotations

import re
from decimal import Decimal

from . import labels as L
from .candidates import Candidate

# a tip offered, not added: its label says so, or it is one of several at different rates, under
# the bill's total (not a UK bill's "Optional service charge", which is added)
_OFFERED = re.compile(r"SUGGEST|GUIDE|VORSCHLAG|EMPFOHLEN|EMPFEHL|SUGGERE|SUGERID|SUGGERIT|SUGGESTIE")
_RATE = re.compile(r"(\d{1,2}(?:[.,]\d)?)\s?%")
_CENT = Decimal("0.01")


def offered_tips(cands: list[Candidate]) -> list[Candidate]:
    """The tips the bill suggests, under its first total: labelled as suggestions, or printed at
    two rates or more (a gratuity added above the total is none: "Gratuity 18%", "Total",
    "Additional tip 5%", "Additional tip 10%")."""
    first_total = min((c.row.index for c in cands if {L.GRAND, L.TOTAL} & c.kinds), default=None)
    if first_total is None:
        return []
    # (on the first total's row too: "15% Tip $10.80  Total $89.19", the bill's own total unread)
    tips = [
        c
        for c in cands
        if L.SERVICE in c.kinds and L.GRAND not in c.kinds and c.value > 0 and c.row.index >= first_total
    ]
    rates = {id(t): m.group(1) for t in tips if (m := _RATE.search(f"{t.label} {t.row.text}"))}
    several = len(set(rates.values())) > 1 and len({t.value for t in tips}) > 1
    return [t for t in tips if _OFFERED.search(L.compact(t.label)) or (several and id(t) in rates)]


def totals_with_an_offered_tip(cands: list[Candidate], offered: list[Candidate]) -> set[int]:
    """The ids of the amounts beside or under the first offered tip that an amount above it and
    one of the offered tips add up to (not when a tip of that size was also added, unoffered)."""
    if not offered:
        return set()
    first = min(t.row.index for t in offered)
    offered_ids = {id(t) for t in offered}
    added = {c.value for c in cands if L.SERVICE in c.kinds and id(c) not in offered_ids}
    above = {c.value for c in cands if c.row.index < first and c.value > 0}
    sums = {a + t.value for a in above for t in offered if t.value not in added}
    return {
        id(c)
        for c in cands
        if c.row.index >= first and id(c) not in offered_ids and any(abs(c.value - s) < _CENT for s in sums)
    }
