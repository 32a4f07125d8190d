"""The tax among the labelled amounts, checked against the other figures: subtotal + tax is the
total, the tax is its printed rate of an amount, or an amount and it make the total. Also the
labels that name the total tax and the net, and the rate a tax row prints without its % sign."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import labels as L
from .candidates import Candidate
from .layout import Row
from .tax_amounts import TaxLine, _tax_of_base, _tax_of_gross
from .tax_table import RATE
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


_TAX_TOTAL = re.compile(L.TAX_NAMES + r"|MWST|MEHRWERTSTEUER|" + L.TAX_NOT_IN_ITEM + r"|STEUER")
_NOT_TAX_TOTAL = re.compile(
    r"NETTO|BRUTTO|(?<![A-Z])HT(?![A-Z])|(?<![A-Z])TTC(?![A-Z])|IMPONIBI?LE|BASE|EXCL|(?<![A-Z])NET(?![A-Z])"
    r"|ID(?![A-Z])|NR(?![A-Z])|NO(?![A-Z])|REG|INVOICE|FREE|SUB"
    r"|(?<![A-Z])(?:BEZ|EXKL|TANPA)(?![A-Z])"  # without tax: Czech, Scandinavian, Indonesian
    # the tax cut given back as a discount ("MwSt.-Vorteil", "MwSt-Senkung"): no tax
    r"|VOR\W?\w?EIL|SENKUNG"
)


def _is_tax_total_label(label: str) -> bool:
    """A label naming the total tax ("Summe MwSt", "Total TVA", "DI CUI IVA", "GST included")."""
    text = L.undotted(L._folded_upper(label))
    return bool(_TAX_TOTAL.search(text)) and not _NOT_TAX_TOTAL.search(text) and not L.fee_inclusive(label)


def line_without_percent_sign(cands: list, tax: Decimal, total: Decimal) -> TaxLine | None:
    """The rate printed before the tax on its row with its % sign dropped or misread ("STATE TAX
    8.875 96 7.20", "dont TVA 5,5 0,33", "VAT 20.08 17.68" for "20.0%"): a number that, as a rate,
    makes the tax that share of the total (tax included) or of an amount printed as the base."""
    if tax <= 0:
        return None
    bases = {c.value for c in cands if c.value > tax}
    for c in cands:
        if c.value != tax or not (L.TAX in c.kinds or _is_tax_total_label(c.label)):
            continue
        for m in re.finditer(r"(?<![\d.,])\d{1,2}(?:[.,]\d{1,3})?(?![\d%])", c.row.text[: c.amount.start]):
            for raw in (m.group(0), m.group(0)[:-1]):  # "20.08": "20.0" and a misread % sign
                rate = Decimal(raw.replace(",", ".").rstrip(".") or "0")
                if not 0 < rate < 30:
                    continue
                if _tax_of_gross(total, rate, tax):
                    return TaxLine(rate, tax, total - tax, total, c.row.index, True, c.confidence)
                base = next((b for b in sorted(bases) if _tax_of_base(b, rate, tax)), None)
                if base is not None:
                    return TaxLine(rate, tax, base, base + tax, c.row.index, True, c.confidence)
    return None


# labels of the net (the amount before tax)
_NET_LABEL = re.compile(
    r"NETTO|^NET(?:T|TO)?(?:AMOUNT|TOTAL|SUM|BETRAG)?$|TOTALHT|MONTANTHT|^HT$|^TOTALNET|IMPONIBI?LE|"
    r"^BASE$|EXCL|^EX(?:VAT|GST|TAX|MWST|BTW|IVA|TVA)?$|^OVER$|NETSALES|SUBTOTAL|SUBTTL"
    r"|SOUSTOTALHT|ZWISCHENSUMME"
)
_NET_LABEL_NOT = re.compile(r"NETAPAYER|APAYER|NETTOTAL(?!HT)|NETTAMOUNT|NETAMOUNT|INCL")
# labels that name the net on some receipts and the amount paid on others ("Net total"), or the
# base of a tax ("Taxable amount"): a net only where net + tax = total says so
# "Sous-total", "S-Total": before the tax in Quebec, the amount paid in France
# ("Taxable Anaunt": "Amount" misread is still the base)
NET_LABEL_CHECKED = re.compile(
    r"^NETTOTAL$|^(?:T\d?)?TAXABLE(?:AMOUNT|AMT|SALES|TOTAL|VALUE|A[A-Z]{3,5}T)?$|^S(?:OUS)?TOTAL$"
    r"|[MH]ONTANTTAXABLE$"  # "GST/HST Montant taxable" (its M read as H too): the base
)


def _net_candidates(cands, labels: re.Pattern | None = None) -> list:
    out = []
    for c in cands:
        if c.value <= 0:
            continue
        # a misread SUBTOTAL or TOTAL ("Subtatal") read as the word
        key = L.compact(L.mend_total(c.label))
        if labels is not None:
            if key and labels.search(key) and not ({L.TENDER, L.CHANGE} & c.kinds):
                out.append(c)
            continue
        if not key or _NET_LABEL_NOT.search(key):
            continue
        if _NET_LABEL.search(key) and not ({L.TENDER, L.CHANGE} & c.kinds):
            out.append(c)
    return out


def _lone_net(nets: list, total: Decimal | None) -> tuple[Decimal | None, float]:
    """No tax read: a labelled net below the total is returned, unconfirmed."""
    if total is None:
        return None, 0.0
    below = [
        c
        for c in nets
        if c.value <= total and L.SUBTOTAL in c.kinds and not re.search("SUB", L.compact(c.label))
    ]
    if not below:
        return None, 0.0
    return below[-1].value, 0.4


# the raw confidence of a tax with a tax row left out of it (``tax_row_left_out``): a guess's
LEFT_OUT = 0.5


# a row that names what the tax is charged on, not a tax: its base or its gross ("Taxable Amount",
# "Ums. inkl. 7% MwSt", "Netto", "Brutto")
_BASE_ROW = re.compile(r"TAXABLE|UMS|NETTO|BRUTTO|BASE|BASIS|GROSS|NET(?!T)|EXCL|INCL|INKL|HT$|TTC")


def tax_row_left_out(tax_candidates: list, read: list[TaxLine], tax: Decimal, total: Decimal | None) -> bool:
    """Whether a row beside the tax lines, labelled as a tax with no rate of its own, prints an
    amount that is none of the lines' figures, nor the tax, nor the total, and could be a tax
    (under a third of the total): a rate row whose rate did not read ("MWST 8.1%" read as "MWST
    8.18"), left out of the tax. Its tax is not vouched for. (A row with its rate, or one that
    names a base or a gross, holds the lines' base or gross, not a tax of its own.) So is a tax
    read from a row that names two taxes side by side, a rate of them unread (``side_by_side``)."""
    from .tax_pairs import side_by_side
    from .tax_table import RATE

    if any(_near(c.value, tax) and not side_by_side(c.row, None) for c in tax_candidates):
        return True
    table = {ln.row for ln in read}
    known = {tax, total} | {v for ln in read for v in (ln.amount, ln.base, ln.gross) if v is not None}
    return any(
        c.value > 0
        and (total is None or c.value <= total * Decimal("0.3"))
        and c.row.index not in table
        and {c.row.index - 1, c.row.index + 1} & table
        and not RATE.search(c.label)
        and not _BASE_ROW.search(L.compact(c.label))
        and not any(_near(c.value, v) for v in known if v is not None)
        for c in tax_candidates
    )


def _subtotals(fig: _Figures, total_value: Decimal | None) -> list[Candidate]:
    """Subtotals no larger than the total, before the payment lines when there are any; not the
    net of one rate where the nets of two rates are printed ("Nettobetrag 7 %", "Nettobetrag
    19 %": each is a part of the amount before tax, the last of them no subtotal)."""
    subs = [s for s in fig.subtotals if total_value is None or s.value <= total_value + _ROUNDING_SLACK]
    subs = [s for s in subs if fig.pay_row is None or s.row.index < fig.pay_row] or subs
    rates = {Decimal(m.group(1).replace(",", ".")) for s in subs if (m := RATE.search(s.label))}
    if len(rates) >= 2:
        return [s for s in subs if not RATE.search(s.label)]
    return subs


_NOT_LETTERS = re.compile(r"[^A-Z]+")


def charged_by_day(cands: list[Candidate], tax: Decimal | None) -> Decimal | None:
    """The tax of a bill that charges it day by day (a hotel's folio: "03/11/24 Room Tax 27.41"
    under each night's room): when the tax read is one of the tax rows labelled alike, each
    starting with its day, and they print two days or more, their sum; else None. (A tax row
    printed twice on a receipt, its body's and its card slip's, is of one day: it stays one.)"""
    from .dates import find_dates

    if tax is None:
        return None
    alike: dict[str, dict[int, tuple]] = {}
    for c in cands:
        if L.TAX not in c.kinds or c.n_on_row != 1:
            continue
        found = find_dates(c.row.text)
        if found and found[0].start <= 2:
            label = _NOT_LETTERS.sub(" ", L._folded_upper(c.label)).strip()
            alike.setdefault(label, {})[c.row.index] = (found[0].date, c.value)
    for rows in alike.values():
        if len({day for day, _ in rows.values()}) >= 2 and any(value == tax for _, value in rows.values()):
            return sum((value for _, value in rows.values()), Decimal(0))
    return None
