"""A tax line's amounts: its rate, base, tax and gross, read in whatever column order the till
prints them, and the checks between them (base x rate = tax, base + tax = gross)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import permutations

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


def _q(value: Decimal) -> Decimal:
    """To the cent, a half cent up, as tills round a tax they work out (not to the even cent)."""
    return value.quantize(_CENT, ROUND_HALF_UP)


def rate_string(rate: Decimal) -> str:
    """``Decimal('19.00')`` -> ``'19'``, ``Decimal('5.50')`` -> ``'5.5'``."""
    text = f"{rate.normalize():f}"
    return text


@dataclass
class TaxLine:
    """One rate's line: its rate, and the base, tax and gross read from the row."""

    rate: Decimal | None
    amount: Decimal
    base: Decimal | None
    gross: Decimal | None
    row: int
    fits: bool  # base x rate = tax, or gross x rate / (100 + rate) = tax, on the row itself
    confidence: float
    names: frozenset[str] = frozenset()  # the taxes the row names (``tax_names``), if any

    def as_dict(self, confidence: float) -> dict:
        return {
            "rate": rate_string(self.rate) if self.rate is not None else None,
            "base": f"{_q(self.base):f}" if self.base is not None else None,
            "amount": f"{_q(self.amount):f}",
            "confidence": round(max(0.0, min(1.0, confidence)), 3),
        }


@dataclass
class TaxReading:
    tax: Decimal | None = None
    tax_conf: float = 0.0
    net: Decimal | None = None
    net_conf: float = 0.0
    lines: list[dict] = field(default_factory=list)
    total_agrees: bool = False  # net + tax = total, or the line grosses add up to it
    total_disagrees: bool = False
    lines_gross: Decimal | None = None  # what the checked tax lines add up to, tax included


# taxes a receipt prints side by side, each on its own row, often at one rate and of one amount:
# India's central and state (or union territory) GST, Canada's federal and provincial taxes
_SIDE_BY_SIDE = re.compile(r"(?<![A-Z])(CGST|SGST|UTGST|IGST|GST|HST|PST|QST|RST|TPS|TVQ|TVH)(?![A-Z])")


def tax_names(upper: str) -> frozenset[str]:
    """The taxes of ``_SIDE_BY_SIDE`` an upper-case text names ("CGST 2.5%": CGST; "GST/HST": both)."""
    return frozenset(_SIDE_BY_SIDE.findall(upper))


# India's GST is the sum of its central and state (or union territory, or integrated) parts: a
# "Total GST" or "GST Amount" row under "CGST 7.50" and "SGST 7.50" is their sum, no other tax
_GST_PARTS = frozenset({"CGST", "SGST", "UTGST", "IGST"})


def other_taxes(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two rows name two different taxes ("CGST" and "SGST", "GST" and "PST"), not one tax
    printed twice ("GST 6%" and "Total GST") nor a tax and its part ("GST", "CGST"); rows that
    name none are no other tax."""
    if ("GST" in a and b & _GST_PARTS) or ("GST" in b and a & _GST_PARTS):
        return False
    return bool(a) and bool(b) and not a & b


def tax_in_gross(gross: Decimal, rate: Decimal) -> Decimal:
    """The tax ``rate`` holds in a ``gross`` (tax included), to the cent as a till works it out."""
    return _q(gross * rate / (_HUNDRED + rate))


def net_as_base(net: Decimal | None, lines: list[TaxLine]) -> list[Decimal | None]:
    """Rates whose base is printed on a row of its own ("Netto-Warenwert", a subtotal,
    "Montant taxable 61.58"): the ``net`` printed is the base of each line when net x rate = its
    tax, for one rate, or for taxes charged on one base (Quebec's "GST (5.0%) 3.08" and "QST
    (9.975%) 6.14" of 61.58), then each to the cent; a 0 % line beside them keeps no base. Each
    line's base, None where none is said; empty when the net is no line's base."""
    if net is None or not lines or any(ln.base is not None or ln.rate is None for ln in lines):
        return []
    if len(lines) == 1:
        return [_q(net)] if _tax_of_base(net, lines[0].rate, lines[0].amount) else []
    taxed = [ln for ln in lines if ln.rate > 0]
    if not taxed or not all(_q(net * ln.rate / _HUNDRED) == ln.amount for ln in taxed):
        return []
    return [_q(net) if ln.rate > 0 else None for ln in lines]


def _tax_of_base(base: Decimal, rate: Decimal, tax: Decimal) -> bool:
    return abs(base * rate / _HUNDRED - tax) <= Decimal("0.02")


def _tax_of_gross(gross: Decimal, rate: Decimal, tax: Decimal) -> bool:
    return abs(gross * rate / (_HUNDRED + rate) - tax) <= Decimal("0.015")


def _three_columns(rate: Decimal, values: list[Decimal]) -> tuple | None:
    for b, t, g in permutations(values[-4:], 3):
        fits = _tax_of_base(b, rate, t) or _tax_of_gross(g, rate, t)
        if abs(b + t - g) <= _CENT and fits and (rate == 0 or t < b):
            return t, b, g, True
    return None


def _two_columns(rate: Decimal, x: Decimal, y: Decimal) -> tuple:
    for b, t in ((x, y), (y, x)):
        if _tax_of_base(b, rate, t) and (t <= b or rate == 0) and not (rate == 0 and b == 0):
            return t, b, b + t, True
    for t, g in ((x, y), (y, x)):
        if _tax_of_gross(g, rate, t) and t < g:
            return t, g - t, g, True
    for b, g in ((x, y), (y, x)):
        if g > b and _tax_of_base(b, rate, g - b):
            return g - b, b, g, True
    # nothing fits: the right-hand amount (the tax column ends most short tables)
    return y, None, None, False


# the rates VAT, GST and sales tax tables print (a rate misread is matched against these)
KNOWN_RATES = (
    *(Decimal(r) for r in ("2.1", "2.5", "5.5")),
    *(Decimal(r) for r in range(3, 28)),
)
# and rates a table prints with decimals that no misread rate is matched against: Switzerland's
# (2.6, 3.8, 8.1 %; 2.5, 3.7, 7.7 % before 2024)
TABLE_RATES = (*KNOWN_RATES, *(Decimal(r) for r in ("2.6", "3.7", "3.8", "7.7", "8.1")))


def rate_of(values: list[Decimal]) -> tuple | None:
    """(rate, tax, base, gross): the one known rate three amounts, in any order, are the base,
    tax and gross of (base + tax = gross, the tax that rate of the base); None if none or
    several fit."""
    found = [(r, *hit[:3]) for r in KNOWN_RATES if (hit := _three_columns(r, values)) and hit[0] > 0]
    return found[0] if len(found) == 1 else None


def read_line_amounts(
    rate: Decimal, values: list[Decimal]
) -> tuple[Decimal, Decimal | None, Decimal | None, bool]:
    """(tax, base, gross, fits) of a rate row's amounts, in whatever order they are printed."""
    values = [v for v in values if v >= 0]
    if len(values) >= 3:
        found = _three_columns(rate, values)
        if found is not None:
            return found
        values = values[-2:]
    if len(values) == 2:
        return _two_columns(rate, *values)
    if len(values) == 1:
        return values[0], None, None, False
    raise ValueError("no amount")


def subtotal_taxed_on_top(subtotals: list[Decimal], tax: Decimal, total: Decimal) -> Decimal | None:
    """The subtotal a sales tax was added to, when more was added after them (a tip, a
    surcharge: "SUBTOTAL 84.10", "Surcharge 2.52", "TAX 7.25", "TOTAL DUE 93.87"): the net as
    printed. The tax is a sales tax's share of it (1 to 16 %), and subtotal and tax fall short
    of the total, as no total that includes its tax does."""
    for sub in reversed(subtotals):
        if sub > 0 and sub + tax < total - _CENT and Decimal("0.01") < tax / sub < Decimal("0.16"):
            return sub
    return None


def _printed_again_whole(line: TaxLine, lines: list[TaxLine]) -> bool:
    """``line`` has neither base nor gross, and another line of its rate and amount has them."""
    if line.base is not None or line.gross is not None:
        return False
    return any(
        other is not line
        and other.rate == line.rate
        and other.amount == line.amount
        and (other.base is not None or other.gross is not None)
        and not other_taxes(other.names, line.names)
        for other in lines
    )


def _tax_of(line: TaxLine, named: list[frozenset[str]]) -> frozenset[str]:
    """Which of the taxes printed at ``line``'s rate (``named``, when they are several) the line
    is; the first for a line that names none (a summary row printing the rate alone)."""
    return next((names for names in named if names & line.names), named[0]) if named else frozenset()


def _several_taxes_at(rate: Decimal | None, lines: list[TaxLine]) -> list[frozenset[str]]:
    """The taxes the lines of ``rate`` name, when they name two or more that are each other's
    other taxes ("CGST", "SGST"); empty otherwise (one tax, however often printed)."""
    named: list[frozenset[str]] = []
    for ln in lines:
        if ln.rate == rate and ln.names and ln.names not in named:
            named.append(ln.names)
    pairs = [(a, b) for i, a in enumerate(named) for b in named[i + 1 :]]
    return named if pairs and all(other_taxes(a, b) for a, b in pairs) else []


def one_per_rate(
    lines: list[TaxLine], total: Decimal | None = None, days: dict[int, str] | None = None
) -> list[TaxLine]:
    """One line per rate: a rate printed twice (item notes, a repeated summary) keeps the best
    read. Not when every line checks, no two read alike, and only all of them together make up
    the ``total`` paid: a bar's two tabs at one rate ("20.00% Gross 20.83 VAT: 4.17" and
    "20.00% Gross: 26.79 VAT: 5.36" under 57,15) are two groups of that rate. Two taxes at one
    rate ("CGST 2.5% 7.50" and "SGST 2.5% 7.50") are a line each; so are a folio's charges of
    different days (``days``, ``charge_days``: "09/16 Room Tax 17.49% 45.30" and "09/17 Room Tax
    17.49% 45.30")."""
    days = days or {}
    by_rate: dict[tuple[Decimal | None, frozenset[str]], TaxLine] = {}

    def rank(ln: TaxLine) -> tuple[bool, bool, bool]:
        # (a tax that is its rate's share of the total paid checks against the total)
        of_total = total is not None and ln.rate is not None and _tax_of_gross(total, ln.rate, ln.amount)
        return ln.fits, of_total, ln.base is not None

    # a tax printed on its own (an invoice's charge line "ROOM VAT 7% 6.82") and again in the
    # table with its base is one tax
    lines = [ln for ln in lines if not _printed_again_whole(ln, lines)]
    for ln in lines:
        key = (ln.rate, _tax_of(ln, _several_taxes_at(ln.rate, lines)), days.get(ln.row))
        old = by_rate.get(key)
        if old is None or rank(ln) >= rank(old):
            by_rate[key] = ln
    kept = sorted(by_rate.values(), key=lambda ln: ln.row)
    # the lines of a rate printed twice must check; another rate's may be off by its rounding
    # ("VAT 19% 1.22 0.22 1.44" beside two 7 % groups of a hotel's invoice)
    twice = [ln for ln in lines if sum(other.rate == ln.rate for other in lines) > 1]
    if (
        total is None
        or len(kept) == len(lines)
        or not all(ln.gross is not None for ln in lines)
        or not all(ln.fits for ln in twice)
    ):
        return kept
    read = {(ln.amount, ln.base, ln.gross) for ln in lines}
    if len(read) == len(lines) and sum((ln.gross for ln in lines), Decimal(0)) == total:
        return sorted(lines, key=lambda ln: ln.row)
    return kept


def untaxed_rest(lines: list[TaxLine], total: Decimal | None) -> bool:
    """The tax table lists only the taxed rates: every line prints its base and checks
    (base x rate = tax), and lines and total leave a rest no rate is printed for, the
    zero-rated goods ("A 10 % 3.13 0.31 3.44" under a total of 14.59). The net is then the
    total less the tax."""
    if total is None or not lines or not all(ln.fits and ln.base is not None for ln in lines):
        return False
    covered = sum((ln.base + ln.amount for ln in lines), Decimal(0))  # type: ignore[operator]
    return covered < total - Decimal("0.02")


# a folio's row of a day's charge: the day first ("09/16 Room Tax", "16.09. Übernachtung")
_DAY_FIRST = re.compile(r"^\W*(\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?)\.?\s+\D")


def charge_days(rows: list) -> dict[int, str]:
    """The day each row starts with (by row index), when rows start with two days or more (a
    folio's nights); empty otherwise."""
    days = {row.index: m.group(1) for row in rows if (m := _DAY_FIRST.match(row.text))}
    return days if len(set(days.values())) > 1 else {}
