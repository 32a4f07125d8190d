"""Tax on a receipt: the lines per rate, the total tax and the net, checked against each other.

A tax line is a row that prints a rate (``19 %``, ``5,5%``, ``8.875 %``) in a tax context: a tax
word on the row (MwSt, USt, VAT, TVA, IVA, BTW, GST, tax ...) or a table under a heading that
names one. Its amounts are read without knowing the column order (tills print net, tax and
gross in any order): the reading is the one where ``base x rate = tax`` and ``base + tax =
gross``. A row with a rate and a single amount prints the tax of that rate.

The total tax, the net and the total are then checked against each other: the line taxes add
up to the total tax, net + tax = total, every line's base x rate = its amount. Each agreement
raises the confidence; a value that contradicts the others is not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_amounts import (
    TaxLine,
    TaxReading,
    _tax_of_gross,
    charge_days,
    net_as_base,
    one_per_rate,
    other_taxes,
    rate_string,
    read_line_amounts,
    subtotal_taxed_on_top,
    tax_names,
    untaxed_rest,
)
from .tax_check import (
    LEFT_OUT,
    NET_LABEL_CHECKED,
    _is_tax_total_label,
    _lone_net,
    _net_candidates,
    line_without_percent_sign,
    tax_row_left_out,
)
from .tax_pairs import item_rows, rate_of_row, side_by_side
from .tax_table import (
    RATE,
    bare_rate_line,
    context_rows,
    gross_completes,
    grosses_only,
    heading_rate_line,
    heading_rates,
    merge_rate_rows,
    misread_rate_lines,
    percent_line,
    rate_column_rows,
    readings,
    tax_on_next_row,
)
from .tax_worked_out import from_sums_row, sums_row, worked_out

__all__ = ["TaxLine", "TaxReading", "lines_gross", "rate_string", "read_line_amounts", "read_taxes"]

_CENT = Decimal("0.01")


def find_tax_lines(
    rows: list[Row], locale: str | None, ctx: set[int] | None = None, total: Decimal | None = None
) -> list[TaxLine]:
    """Every rate row's tax line, one per rate (``one_per_rate``: with the ``total`` paid, two
    groups of one rate that make it up are two lines); ``ctx``: the rows in a tax context, when
    the caller has them (``context_rows``)."""
    ctx = context_rows(rows) if ctx is None else ctx
    bare = rate_column_rows(rows)
    headed = heading_rates(rows)
    by_index = {row.index: row for row in rows}
    items = item_rows(rows)
    found: list[TaxLine] = []
    for row in (part for whole in rows for part in side_by_side(whole, locale, whole.index in items)):
        m = rate_of_row(row.text, row.index in items)
        if m and row.index in ctx:
            line = percent_line(row, m, locale)
            line = tax_on_next_row(line, by_index.get(row.index + 1), locale) if line else None
        else:
            line = heading_rate_line(row, headed[row.index], locale) if row.index in headed else None
            if line is None and not m and row.index in bare:
                line = bare_rate_line(row, locale)
        if line is not None and (line.fits or row.index not in items):
            found.append(line)
    return one_per_rate(merge_rate_rows(found, rows), total, charge_days(rows))


def _several_named(label: str) -> bool:
    """A label naming two taxes or more side by side, a heading's over a row of a table with a
    rate and an amount column each ("HSN  Taxable  CGST%  CGST  SGST%  SGST"): an amount under
    it is one tax's of several, or their base, not the tax."""
    named = {names for word in re.findall(r"[A-Z]+", L._folded_upper(label)) if (names := tax_names(word))}
    return len(named) >= 2 and all(other_taxes(a, b) for a in named for b in named if a is not b)


def lines_gross(rows: list[Row], locale: str | None) -> Decimal | None:
    """The amount paid as the tax table says it: the sum of its lines' gross (or base + tax),
    when every line checks (base x rate = tax); None otherwise."""
    lines = find_tax_lines(rows, locale)
    if not lines or not all(ln.fits and ln.gross is not None for ln in lines):
        return None
    return sum((ln.gross for ln in lines), Decimal(0))


# the taxes summed: "Ukupno porez", "Summe MwSt", "Total tax", "Gesamt USt"
_SUMMED = re.compile(rf"^(?:{L.SUM_WORDS})|(?:SUMME|GESAMT|TOTAL)$")


def _near(a: Decimal | None, b: Decimal | None, slack: Decimal = Decimal("0.011")) -> bool:
    return a is not None and b is not None and abs(a - b) <= slack


@dataclass
class _Figures:
    """What the receipt prints about its tax, and the checks between those figures."""

    lines: list[TaxLine]
    read: list[TaxLine]  # the rate rows' lines as read, a base or gross read as their tax too
    labelled: list[Decimal]  # amounts labelled as the total tax
    nets: list  # candidates labelled as the net
    total: Decimal | None
    unread_row: bool = False  # a row of the table holds amounts no line was read from
    checked_nets: list = field(default_factory=list)  # labelled as a net only when it adds up
    tips: list[Decimal] = field(default_factory=list)  # tips and service charges printed
    roundings: list[Decimal] = field(default_factory=list)  # a cash rounding printed ("Round Off -0.81")
    levels: list[Decimal] = field(default_factory=list)  # one tax per rate level ("Btw laag/hoog")
    table_rows: list[set[Decimal]] = field(default_factory=list)  # the tax table's amounts, by row
    summed: list[Decimal] = field(default_factory=list)  # labelled as the taxes summed ("Ukupno porez")
    by_row: list[Decimal] = field(default_factory=list)  # labelled as a tax, one amount per row
    named: list[tuple[frozenset[str], Decimal]] = field(default_factory=list)  # ``tax_names``, one per row

    @property
    def parts(self) -> list[Decimal]:
        """The taxes rows name each one another tax, without a rate ("GST 1.50", "PST 1.50"):
        parts of the total tax, however alike their amounts; empty unless two or more."""
        pairs = [(a, b) for i, (a, _) in enumerate(self.named) for b, _ in self.named[i + 1 :]]
        return [v for _, v in self.named] if pairs and all(other_taxes(a, b) for a, b in pairs) else []

    @property
    def in_table(self) -> list[Decimal]:
        """Every amount on the tax table's rows."""
        return [value for amounts in self.table_rows for value in amounts]

    @property
    def line_sum(self) -> Decimal | None:
        return sum((ln.amount for ln in self.lines), Decimal(0)) if self.lines else None

    def _column_sum(self, name: str) -> Decimal | None:
        values = [getattr(ln, name) for ln in self.lines]
        return sum(values, Decimal(0)) if values and all(v is not None for v in values) else None

    def tip_for(self, net: Decimal, tax: Decimal) -> Decimal | None:
        """What beside net and tax makes the total: nothing (0), a tip or service charge
        printed between them ("Subtotal / Tax / Gratuity / Total"); None if nothing does."""
        if self.total is None:
            return None
        # (a rounding printed before the total is part of it too)
        for r in (Decimal(0), *self.roundings):
            found = next(
                (
                    t
                    for t in (Decimal(0), *self.tips)
                    if _near(net + tax + t + r, self.total, Decimal("0.02"))
                ),
                None,
            )
            if found is not None:
                return found
        return None

    def net_for(self, tax: Decimal) -> Decimal | None:
        """A printed net that makes net + tax = total (a labelled net, else the lines' bases);
        a tip printed before the total is part of it."""
        if self.total is None:
            return self._column_sum("base")
        for c in self.nets + self.checked_nets:
            if self.tip_for(c.value, tax) is not None:
                return c.value
        bases = self._column_sum("base")
        if bases is not None and _near(bases + tax, self.total, Decimal("0.02")):
            return bases
        # two taxes on one base ("PDV 25 % 51,56" and "PP 3 % 51,56"): the base counted once
        once = sum({ln.base for ln in self.lines if ln.base is not None}, Decimal(0))
        if bases is not None and once != bases and _near(once + tax, self.total, Decimal("0.02")):
            return once
        return None

    def on_one_base(self, tax: Decimal) -> bool:
        """Two taxes or more charged on one base that no line prints (India's "CGST 2.5% 7.50"
        and "SGST 2.5% 7.50" of 300.00 under a total of 315.00): each line is its rate of the
        total less ``tax``, to the cent."""
        lines = self.lines
        if self.total is None or len(lines) < 2 or tax != self.line_sum:
            return False
        if any(ln.base is not None or ln.rate is None or ln.rate <= 0 for ln in lines):
            return False
        net = self.total - tax
        return all(abs(net * ln.rate / 100 - ln.amount) <= Decimal("0.005") for ln in lines)

    def _rate_of_total(self, tax: Decimal) -> bool:
        """The one line's rate makes ``tax`` its share of the total, or the lines are taxes
        charged on one base (``on_one_base``)."""
        one = self.lines[0] if len(self.lines) == 1 else None
        if one is not None and one.rate and self.total is not None:
            return _tax_of_gross(self.total, one.rate, tax)
        return self.on_one_base(tax)

    def _parts_support(self, tax: Decimal) -> float:
        """The named taxes (``parts``) together are the tax their labels give; one of them is
        a part of it, not the tax."""
        if not self.parts:
            return 0.0
        return 1.0 if _near(tax, sum(self.parts, Decimal(0))) else -1.0 if tax in self.parts else 0.0

    def _lines_a_part_of(self, tax: Decimal) -> bool:
        """``tax``, labelled as the taxes summed, is more than the checked lines add up to: a
        rate row went unread ("13+0 ... 36.24", "25+0 ... 5.00", "Ukupno porez: 53.05")."""
        if self.line_sum is None or not all(ln.fits for ln in self.lines):
            return False
        return tax > self.line_sum + _CENT and any(_near(tax, v) for v in self.summed)

    def support(self, tax: Decimal, from_lines: bool) -> tuple[float, Decimal | None, set[str]]:
        """How much the rest agrees with ``tax`` as the total tax, and the net that fits it."""
        why: set[str] = set()
        score = 0.0
        if self.line_sum is not None and _near(tax, self.line_sum, Decimal("0.02")):
            score += 1.0 if all(ln.fits for ln in self.lines) else 0.5
            why.add("lines")
        if any(_near(tax, v) for v in self.labelled) and not (from_lines and not self.labelled):
            score += 1.0
            why.add("label")
        elif self.levels and _near(tax, sum(self.levels, Decimal(0))):
            score += 1.5  # the taxes of every level the receipt names, together
            why.add("label")
        if not from_lines:
            score += (0.5 if self._lines_a_part_of(tax) else 0.0) + self._parts_support(tax)
        net = self.net_for(tax)
        if self.total is None:
            return score, net, why
        grosses = self._column_sum("gross")
        if net is not None:
            score += 1.5
            why.add("net+tax=total")
        elif grosses is not None and _near(grosses, self.total, Decimal("0.02")) and "lines" in why:
            score += 1.0
            why.add("gross=total")
        elif self._rate_of_total(tax):
            score += 1.0
            why.add("rate of total")
        if tax > self.total * Decimal("0.3"):
            score -= 3.0
        return score, net, why


def _figures(rows, cands, locale, total, tax_candidates) -> _Figures:
    ctx = context_rows(rows)
    lines = find_tax_lines(rows, locale, ctx, total)
    misread = misread_rate_lines(rows, lines, locale) if total is not None else []
    grosses = [ln.gross for ln in lines + misread]
    if misread and all(g is not None for g in grosses) and _near(sum(grosses, Decimal(0)), total):
        # the table adds up to the total only with them: they are its lines
        lines = sorted(lines + misread, key=lambda ln: ln.row)
        misread = []
    lines = _rate_share_read(grosses_only(rows, lines, locale, total) or lines, rows, locale, total)
    lines = gross_completes(lines, rows, locale, total)
    line_rows = {ln.row for ln in lines}
    read = lines
    # lines whose tax is more than a third of the total are bases or totals read as tax
    if total is not None:
        lines = [ln for ln in lines if abs(ln.amount) <= total * Decimal("0.3")]
    labelled = [c for c in tax_candidates if c.row.index not in line_rows]
    labelled += [
        c
        for c in cands
        if c.row.index not in line_rows and _is_tax_total_label(c.label) and c not in labelled
    ]
    labelled = [c for c in labelled if not _several_named(c.label)]
    return _Figures(
        lines=lines,
        read=read,
        labelled=[c.value for c in labelled if c.value > 0 and not RATE.search(c.label)],
        nets=[c for c in _net_candidates(cands) if c.row.index not in line_rows],
        checked_nets=[c for c in _net_candidates(cands, NET_LABEL_CHECKED) if c.row.index not in line_rows],
        tips=[c.value for c in cands if L.SERVICE in c.kinds and c.value > 0],
        roundings=[c.value for c in cands if _rounding(c) and 0 < abs(c.value) < 1],
        levels=_level_taxes(labelled),
        table_rows=_by_row([c for c in cands if {c.row.index, c.row.index - 1} & ctx]),
        summed=[c.value for c in labelled if _SUMMED.search(L.compact(c.label))],
        by_row=list({c.row.index: c.value for c in labelled if c.value > 0 and c.n_on_row == 1}.values()),
        named=list(
            {
                c.row.index: (names, c.value)
                for c in labelled
                if c.value > 0 and c.n_on_row == 1 and (names := tax_names(L._folded_upper(c.label)))
            }.values()
        ),
        total=total,
        unread_row=bool(misread) or _unread_row(rows, lines, locale),
    )


def _rounding(c) -> bool:
    """A cash rounding, India's "Round Off" too."""
    return L.ROUNDING in c.kinds or "ROUNDOFF" in L.compact(c.label)


def _unread_row(rows: list[Row], lines: list[TaxLine], locale: str | None) -> bool:
    """A row next to the tax lines prints three amounts and is neither a line nor their sums
    (a line whose rate and amounts did not read as one)."""
    table = {ln.row for ln in lines}
    sums = {
        sum((getattr(ln, k) or Decimal(0) for ln in lines), Decimal(0)) for k in ("base", "amount", "gross")
    }
    for row in rows:
        if row.index in table or not ({row.index - 1, row.index + 1} & table):
            continue
        values = {a.value for a in money_amounts(row.text, locale)}
        if len(values) >= 3 and not values <= sums:
            return True
    return False


# the largest share of a total tax can be: a rate of 27 % (the highest VAT there is) on the net
_MOST_OF_TOTAL = Decimal("0.22")


def read_taxes(
    rows: list[Row],
    cands: list,
    locale: str | None,
    total: Decimal | None,
    labelled_tax: tuple[Decimal | None, float],
    tax_candidates: list,
) -> TaxReading:
    """Total tax, net and tax lines, cross-checked with each other and with ``total``.

    ``labelled_tax``: the tax the labels alone point to (value, confidence);
    ``tax_candidates``: every amount labelled as tax."""
    fig = _figures(rows, cands, locale, total, tax_candidates)
    options: list[tuple[Decimal, bool]] = []
    if fig.line_sum is not None:
        options.append((fig.line_sum, True))
    line_amounts = {ln.amount for ln in fig.lines}
    several = {c.value for c in tax_candidates if _several_named(c.label)}
    if (
        labelled_tax[0] is not None
        and not (len(fig.lines) > 1 and labelled_tax[0] in line_amounts)
        and labelled_tax[0] not in several
    ):
        options.append((labelled_tax[0], False))
        fig.labelled.append(labelled_tax[0])
    options += [(v, False) for v in fig.labelled]
    options += _several_taxes(fig)
    # no tax rate reaches 27 % of the net (22 % of the total): a larger "tax" is a base or another
    # column's figure
    options = [(v, lines) for v, lines in options if total is None or v <= total * _MOST_OF_TOTAL]
    if not options:
        net, net_conf = _lone_net(fig.nets, total)
        return worked_out(rows, total, fig.read) or TaxReading(net=net, net_conf=net_conf)
    scored = sorted(
        ((*fig.support(value, from_lines), from_lines, value) for value, from_lines in options),
        key=lambda x: (x[0], x[3]),
        reverse=True,
    )
    best_score, net, why, _, tax = scored[0]
    if best_score < 0:
        return worked_out(rows, total, fig.read) or TaxReading()
    summed = None if why & {"net+tax=total", "gross=total"} else sums_row(rows, total)
    if summed is not None and summed[0] != tax:
        # the table's sums row adds up to the total and the tax chosen does not: a rate row of
        # the table went unread or misread ("B= 7% 12,94 0,91" read, "A= 19%" not)
        out = from_sums_row(summed, fig.read)
        out.total_agrees = True
        return out
    # nothing but a label: 0.55; each independent agreement adds
    conf = min(0.97, 0.55 + 0.15 * best_score)
    if tax_row_left_out(tax_candidates, fig.read, tax, total):
        conf = min(conf, LEFT_OUT)  # (a raw 0.5: under the fill threshold once calibrated)
    out = TaxReading(tax=tax, tax_conf=conf)
    if net is None:
        net = _net_otherwise(fig, tax, "lines" in why, "rate of total" in why)
    if net is not None:
        out.net, out.net_conf = net, conf if "net+tax=total" in why else 0.5
    out.total_agrees = bool(why & {"net+tax=total", "gross=total"})
    out.total_disagrees = total is not None and net is not None and fig.tip_for(net, tax) is None
    _add_lines(out, fig, cands)
    return out


def _rate_share_read(lines: list[TaxLine], rows: list[Row], locale: str | None, total) -> list[TaxLine]:
    """The one rate row, its amounts not checking (misread: "B= 7,0% 0.3 0.45 0.01" for 6,36
    0,45 6,81; "7,0% .37 0:45"), another of them the rate's share of the total: that one is the
    row's tax (its base and gross, misread, not kept)."""
    line = lines[0] if len(lines) == 1 else None
    if total is None or line is None or line.fits or not line.rate:
        return lines
    if _tax_of_gross(total, line.rate, line.amount):
        return lines
    row = next((r for r in rows if r.index == line.row), None)
    # as read, and with a decimal comma read as a colon put right ("7,0% .37 0:45")
    texts = readings(row.text) if row is not None else []
    amounts = [a for text in texts for a in money_amounts(text, locale)]
    shares = {a.value for a in amounts if _tax_of_gross(total, line.rate, a.value)}
    if len(shares) != 1:
        return lines
    return [TaxLine(line.rate, shares.pop(), None, None, line.row, False, line.confidence, line.names)]


def _level_taxes(labelled: list) -> list[Decimal]:
    """The taxes of two rate levels or more ("Btw laag", "Btw hoog"), one amount each."""
    levels: dict[str, Decimal] = {}
    for c in labelled:
        if (level := L.rate_level(c.label)) and c.value > 0:
            levels.setdefault(level, c.value)
    return list(levels.values()) if len(levels) >= 2 else []


def _several_taxes(fig: _Figures) -> list[tuple[Decimal, bool]]:
    """Taxes printed one per row without a rate ("Food State Tax", "Beverage State Tax", "Food
    City Tax"; "Btw laag", "Btw hoog"): their sum is the total tax when the net and it make
    the total (nothing else says they are not one tax printed twice)."""
    if fig.lines:
        return []
    if fig.parts:
        return [(sum(fig.parts, Decimal(0)), False)]
    # (the same amount on two rows is two taxes when the net and both make the total: India's
    # "CGST 2.5% 29.00" and "SGST 2.5% 29.00", a state's and a city's tax alike)
    by_row = [v for v in fig.by_row if fig.total is None or v <= fig.total * _MOST_OF_TOTAL]
    for values in (sorted(set(fig.labelled)), by_row):
        tax = sum(values, Decimal(0))
        if len(values) >= 2 and fig.net_for(tax) is not None:
            return [(tax, False)]
    # one tax per rate level, named so: their sum, less than a third of the total
    levels = sum(fig.levels, Decimal(0))
    if fig.levels and fig.total is not None and levels <= fig.total * Decimal("0.3"):
        return [(levels, False)]
    return []


def _add_lines(out: TaxReading, fig: _Figures, cands: list) -> None:
    """The tax lines that add up to the tax returned (others contradict it: not returned), else
    the one line a tax row prints without its % sign."""
    tax, conf = out.tax, out.tax_conf
    if fig.line_sum is not None and _near(tax, fig.line_sum, Decimal("0.02")):
        for ln in fig.lines:
            out.lines.append(ln.as_dict(conf * (1.0 if ln.fits else 0.85) * min(1.0, ln.confidence + 0.1)))
        # (a base is printed: the net when it is labelled as one, not any amount alike)
        printed = out.net is not None and any(c.value == out.net for c in fig.nets + fig.checked_nets)
        for line, base in zip(out.lines, net_as_base(out.net, fig.lines) if printed else [], strict=False):
            line["base"] = f"{base:f}" if base is not None else line["base"]
    elif not fig.lines and fig.total is not None and tax is not None:
        line = line_without_percent_sign(cands, tax, fig.total)
        if line is not None:
            out.lines.append(line.as_dict(0.85 * conf * min(1.0, line.confidence + 0.1)))


def _net_otherwise(fig: _Figures, tax: Decimal, from_lines: bool, of_total: bool) -> Decimal | None:
    """No printed net makes net + tax = total: a labelled net a few cents off, else the total
    less the tax when the tax table prints that amount ("ZU 25,00 8  416,66  104,17": its rate
    misread), prints the tax beside the total as its gross ("B= 0,43 6,61" under "Steuer
    Brutto"), the one rate's tax is its share of the total ("MwSt 19% 8,93" of 55,90) or the
    table lists only the taxed rates; else a subtotal a sales tax was added to."""
    total = fig.total
    if total is None:
        return None
    lone = [c for c in fig.nets if c.value < total and _near(c.value, total - tax, Decimal("0.05"))]
    if lone:
        return lone[-1].value
    # (not against a printed net that says otherwise: which of them was misread is not known)
    printed_net = bool(fig.nets or fig.checked_nets)
    # (a row of the table printing the tax beside the total, its gross: "B= 0,43 6,61", the net
    # column left out; not with a tip printed, which the total holds untaxed)
    beside_total = not fig.tips and any({tax, total} <= amounts for amounts in fig.table_rows)
    if (
        tax > 0
        and not printed_net
        and (of_total or beside_total or any(_near(v, total - tax, Decimal("0.005")) for v in fig.in_table))
    ):
        return total - tax
    if from_lines and not fig.unread_row and untaxed_rest(fig.lines, total):
        return total - tax
    subtotals = [c.value for c in fig.nets if "SUB" in L.compact(c.label)]
    return None if fig.lines or tax <= 0 else subtotal_taxed_on_top(subtotals, tax, total)


def _by_row(cands: list) -> list[set[Decimal]]:
    rows: dict[int, set[Decimal]] = {}
    for c in cands:
        rows.setdefault(c.row.index, set()).add(c.value)
    return list(rows.values())
