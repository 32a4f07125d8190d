"""A date before the tax its receipt charges existed: a misread year.

Malaysia charged its Goods and Services Tax from 1 April 2015 (until 31 August 2018, when the
Sales and Service Tax took its place); India its GST, split into central and state parts
(CGST, SGST, IGST), from 1 July 2017. A Malaysian receipt that prints GST, or an Indian one
that prints CGST, dated before then was printed later and its year misread: a thermal "8"
whose left half is faint reads as a "3" ("2018" as "2013", "18" as "13").

Such a date is never vouched for: it is returned as a guess, for a person to check. Where one
look-alike of the year's last digit (``_LOOK_ALIKE``) gives a year the tax was charged in, and
only one does, that year is returned instead (a guess still). Singapore, Australia, Canada and
New Zealand charged GST long before any receipt a claim is made for today: no rule for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from .dates import DateMatch, latest_possible
from .layout import Row

# the first day of the tax, by country, and what a receipt of it prints: the tax's name, and
# the country's words or currency
_MALAYSIAN_GST = re.compile(r"(?<![A-Z])GST(?![A-Z])")
_MALAYSIAN = re.compile(r"SDN\.?\s*BHD|(?<![A-Z])S/B(?![A-Z])|MALAYSIA|(?<![A-Z])RM\s?\d")
_INDIAN_GST = re.compile(r"(?<![A-Z])(?:CGST|SGST|UTGST|IGST|GSTIN)(?![A-Z])")
_MALAYSIA_FROM = dt.date(2015, 4, 1)
_INDIA_FROM = dt.date(2017, 7, 1)

# what a year's last digit is misread from on thermal paper: an 8 read as 3 (its left half
# faint) or as 0 (its waist faint); a 7 read as 1
_LOOK_ALIKE = {"3": "8", "0": "8", "1": "7"}


def tax_began(upper: str, currency: str | None) -> dt.date | None:
    """The first day of the tax the receipt charges (``upper``: its text in capitals), when it is
    one levied lately enough for a misread year to fall before it; None otherwise."""
    if _INDIAN_GST.search(upper) and (currency in (None, "INR") or "INDIA" in upper):
        return _INDIA_FROM
    if _MALAYSIAN_GST.search(upper) and (currency == "MYR" or _MALAYSIAN.search(upper)):
        return _MALAYSIA_FROM
    return None


def _mended(day: dt.date, began: dt.date) -> dt.date | None:
    """The day with its year's last digit read as its look-alike, when that falls between the
    tax's first day and tomorrow."""
    digit = str(day.year)[-1]
    if digit not in _LOOK_ALIKE:
        return None
    try:
        other = day.replace(year=day.year - int(digit) + int(_LOOK_ALIKE[digit]))
    except ValueError:  # 29 February
        return None
    return other if began <= other <= latest_possible() else None


def before_the_tax(
    found: list[tuple[DateMatch, Row]], upper: str, currency: str | None
) -> list[tuple[DateMatch, Row]]:
    """The dates found, those before the tax the receipt charges began made guesses (``turned``),
    their year mended where a look-alike digit gives a year of the tax."""
    began = tax_began(upper, currency) if found else None
    if began is None:
        return found
    out = []
    for d, row in found:
        if d.date < began:
            d = dataclasses.replace(d, date=_mended(d.date, began) or d.date, turned=True)
        out.append((d, row))
    return out
