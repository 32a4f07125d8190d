"""The money amounts of a receipt's rows, each with the label that announces it: the text to
its left on its row, or the row just above when its own row holds no words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from . import labels as L
from .amounts import Amount, broken_point_amount, money_amounts
from .layout import Row

# reads a row's amounts: (its text, the locale, the recogniser's boxes) -> amounts
Reader = Callable[[str, str | None, Sequence[str]], list[Amount]]


@dataclass
class Candidate:
    """A money amount with the label that announces it."""

    amount: Amount
    row: Row
    label: str
    kinds: set[str]
    source: str  # "row" (label on the same row), "above" (label on the row above) or "none"
    confidence: float
    n_on_row: int

    @property
    def value(self) -> Decimal:
        return self.amount.value


# "TOTAL 32.24-", "TAX 2.25-": a refund's minus printed after the amount (a discount's or a
# rounding's, "COUPON 1.00-", "TOTAL SAVINGS 2.00-", is their label's to say)
_MINUS_AFTER = re.compile(r"-(?![\d-])")
_SIGNED = {L.GRAND, L.TOTAL, L.SUBTOTAL, L.TAX}
_UNSIGNED = {L.DISCOUNT, L.ROUNDING}


def _signed(amount: Amount, text: str, kinds: set[str]) -> Amount:
    if (
        amount.value > 0
        and kinds & _SIGNED
        and not kinds & _UNSIGNED
        and _MINUS_AFTER.match(text, amount.end)
    ):
        return replace(amount, value=-amount.value, negative=True)
    return amount


def _strip_amounts(text: str, amounts: list[Amount]) -> str:
    out = text
    for a in sorted(amounts, key=lambda a: a.start, reverse=True):
        out = out[: a.start] + " " + out[a.end :]
    return out


# a currency's sign or code, a tax code: no label
_NO_WORDS = {"RM", "USD", "EUR", "SR", "ZR", "S", "Z", "RP", "IDR", "JPY", "KRW", "VND", "CLP", "COP"}


def _has_words(text: str) -> bool:
    return len(L.compact(text)) >= 2 and L.compact(text) not in _NO_WORDS


def _broken_point_total(text: str) -> list[Amount]:
    """A total's amount with its decimal point misread (``TOTAL RM 15 15``, ``TOTAL 52-00``)."""
    amount = broken_point_amount(text)
    if amount is None or L.COUNT in (kinds := L.classify(text[: amount.start])):
        return []
    return [amount] if {L.TOTAL, L.GRAND} & kinds else []


# the labels whose amount a space may group in thousands ("TOTAL TTC 1 092,60 €")
_GROUPED = {L.GRAND, L.TOTAL, L.SUBTOTAL, L.TAX, L.TENDER, L.CHANGE}


def _boxes_for_grouping(row: Row) -> list[str]:
    """The recogniser's boxes of ``row`` when a space in its amount may group thousands: a row
    a total, tax or payment label names, or an amount alone (its label above). An item's row is
    read without ("Chaise 1 129,99": a quantity and a price the recogniser put in one box)."""
    words = re.sub(r"[\d\s.,'’-]+", "", row.text)
    if _GROUPED & L.classify(row.text) or len(L.compact(words)) <= 3:
        return row.texts
    return []


def collect_candidates(rows: list[Row], locale: str | None, read: Reader | None = None) -> list[Candidate]:
    """The labelled amounts of ``rows``; ``read``: how a row's amounts are read (a receipt in a
    currency without a minor unit, ``whole_units``), by default those written with cents."""
    cands: list[Candidate] = []
    amounts_of = read or money_amounts
    for i, row in enumerate(rows):
        text = row.text
        amounts = amounts_of(text, locale, _boxes_for_grouping(row))
        if read is None:
            amounts = amounts or _broken_point_total(text)
        if not amounts:
            continue
        rest = _strip_amounts(text, amounts)
        above = None
        if not _has_words(rest) and i > 0:
            prev = rows[i - 1]
            gap = row.y - prev.y
            if gap < 2.2 * max(row.height, prev.height) and not amounts_of(prev.text, locale, ()):
                above = prev
        for a in amounts:
            label_amounts = [b for b in amounts if b.end <= a.start]
            # two labelled amounts side by side ("Total Saving 0.00 Total 77.20"): each its own label
            since = text[label_amounts[-1].end : a.start] if label_amounts else ""
            label = since if _has_words(since) else _strip_amounts(text[: a.start], label_amounts)
            source = "row"
            if not _has_words(label):
                label = rest if _has_words(rest) else ""
            if not _has_words(label) and above is not None:
                label, source = above.text, "above"
            if not _has_words(label):
                source = "none"
            kinds = L.classify(label)
            a = _signed(a, text, kinds)
            cands.append(Candidate(a, row, label, kinds, source, float(row.confidence), len(amounts)))
    return cands
