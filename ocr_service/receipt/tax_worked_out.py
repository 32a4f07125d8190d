"""Tax worked out when no amount of it was read, from the total and what the receipt prints
around it:

- one rate printed, on a line that says the total includes it: that rate's share of the total;
- the sums row of a tax table whose rate rows did not read ("Gesamt  9,46  70,54  80,00" under
  "MwSt EUR  Netto EUR  Brutto EUR"): its tax and net add up to its gross, which is the total
  paid; the tax is the smaller of the two, below its base at any rate a receipt prints,
  whatever order the heading (often misread) gives.

Both carry low confidences (0.45 to 0.65), below a tax that a checked tax line gives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_amounts import KNOWN_RATES, TaxLine, TaxReading, tax_in_gross
from .tax_table import NOT_TAX, RATE, TAX_CONTEXT, context_rows, readings

# the row that sums the table's columns ("Gesamt" read "Gesant" too; "Gesamtbetrag")
_SUMS = re.compile(rf"^\W*(?:{L.SUM_WORDS}|GESANT|SUMA)(?:BETRAG)?(?![A-Z])")
# the heading's net column (its tax column is TAX_CONTEXT's word)
_NET_COLUMN = re.compile(r"NETTO|NET(?![A-Z])|HT(?![A-Z])|IMPONIBILE|BASE")
_ROWS_BELOW = 5  # how far under its heading a table's sums row may be
SUMS_ROW_CONF = 0.6  # three amounts that add up to the total, the rates unread


def sums_row(rows: list[Row], total: Decimal | None) -> tuple[Decimal, Decimal] | None:
    """(tax, net) from the sums row of a tax table, when its tax and net add up to its gross and
    that gross is ``total`` (the gross unread, or a digit of it misread: the two add up to
    ``total``); None otherwise."""
    if total is None or total <= 0:
        return None
    found: set[tuple[Decimal, Decimal]] = set()
    for i, head in enumerate(rows):
        text = L.undotted(L._folded_upper(head.text))
        if money_amounts(head.text) or not (TAX_CONTEXT.search(text) and _NET_COLUMN.search(text)):
            continue
        for row in rows[i + 1 : i + 1 + _ROWS_BELOW]:
            if not _SUMS.match(L._folded_upper(row.text)):
                continue
            # as read, else with a decimal comma read as a colon put right ("1:04")
            for text in readings(row.text):
                split = _tax_and_net(text, total)
                if split is not None:
                    found.add(split)
                    break
    return found.pop() if len(found) == 1 else None


def _sums_row_line(lines: Sequence[TaxLine], tax: Decimal, net: Decimal) -> TaxLine | None:
    """The one rate row of a table with its figures unread or misread ("7,0%  8,08" under
    "Netto  Steuer  Brutto"), over the sums row that gives ``tax`` and ``net`` ("Gesamtbetrag
    7,55 0,53 8,08"): that rate's line is the sums row's, when the figure read on the rate row
    is one of them (no other rate's row went unread) and the tax is that rate's of the net to
    the cent."""
    only = lines[0] if len(lines) == 1 else None
    if only is None or only.fits or only.rate is None or tax <= 0:
        return None
    if only.amount not in (tax, net, net + tax):
        return None
    to_the_cent = Decimal("0.005")
    if (
        abs(net * only.rate / 100 - tax) > to_the_cent
        and abs((net + tax) * only.rate / (100 + only.rate) - tax) > to_the_cent
    ):
        return None
    return TaxLine(only.rate, tax, net, net + tax, only.row, True, only.confidence)


def _tax_and_net(text: str, total: Decimal) -> tuple[Decimal, Decimal] | None:
    values = [a.value for a in money_amounts(text)]
    if len(values) not in (2, 3) or values[0] + values[1] != total:
        return None
    # a gross printed that is not the total: a digit of it misread ("2,62 0,18 2.00" for 2,80),
    # else the row is in doubt ("9,46 70,54 79,96")
    if len(values) == 3 and values[2] != total and not _one_digit_apart(values[2], total):
        return None
    # whatever order the columns are printed in (the heading's words are misread and its rate
    # column named with the tax's word, "Steuer %  Netto  Steuer  Brutto"), the tax is the
    # smaller: below its base at any rate a receipt prints
    tax, net = sorted(values[:2])
    return (tax, net) if 0 < tax < net else None


def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    x, y = f"{a:.2f}", f"{b:.2f}"
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def worked_out(rows: list[Row], total: Decimal | None, lines: Sequence[TaxLine] = ()) -> TaxReading | None:
    """Tax and net worked out from ``total`` (see the module), or None; the table's rate row, of
    the tax ``lines`` read, gives its line when the sums row checks at its rate (``_sums_row_line``)."""
    included = _included_rate_of_total(rows, total)
    if included is not None:
        return included
    summed = sums_row(rows, total)
    if summed is None:
        return None
    return from_sums_row(summed, lines)


def from_sums_row(summed: tuple[Decimal, Decimal], lines: Sequence[TaxLine]) -> TaxReading:
    """The tax and net of the table's sums row (``sums_row``), and its rate's line where
    ``_sums_row_line`` gives it."""
    tax, net = summed
    out = TaxReading(tax=tax, tax_conf=SUMS_ROW_CONF, net=net, net_conf=SUMS_ROW_CONF)
    if (line := _sums_row_line(lines, tax, net)) is not None:
        out.lines.append(line.as_dict(SUMS_ROW_CONF * min(1.0, line.confidence + 0.1)))
    return out


# a rate line saying the tax is included in the total ("incl. 19 % MwSt", "dont TVA 20 %")
INCLUDED = re.compile(
    r"INCL|INKL|ENTHALT|INCLUDED|INBEGREPEN|(?<![A-Z])DONT(?![A-Z])|INCLUSO|INCLUIDO|COMPRIS"
)
_RATE_OF_TOTAL_CONF = 0.45  # worked out, not read: low


def _included_rate_of_total(rows: list[Row], total: Decimal | None) -> TaxReading | None:
    """One tax rate printed, on a line that says the total includes it, and no amount of it
    read: the tax is that rate's share of the total and the net the rest, worked out with a
    low confidence. Several rates, or none said included: nothing."""
    if total is None or total <= 0:
        return None
    ctx = context_rows(rows)
    rates: set[Decimal] = set()
    included = False
    for row in rows:
        text = L._folded_upper(row.text)
        if NOT_TAX.search(text):
            continue
        # any other percentage printed (a zero rate, a rate in a table no heading announced,
        # an item's) leaves the share of the total in doubt
        for m in RATE.finditer(row.text):
            rates.add(Decimal(m.group(1).replace(",", ".")))
            included |= row.index in ctx and bool(INCLUDED.search(text))
    if len(rates) != 1 or not included or not rates <= set(KNOWN_RATES):
        return None
    rate = rates.pop()
    tax = tax_in_gross(total, rate)
    printed = {a.value for row in rows for a in money_amounts(row.text)}
    # both figures printed somewhere (a summary row the lines did not read): surer
    conf = _RATE_OF_TOTAL_CONF + (0.2 if {tax, total - tax} <= printed else 0.0)
    out = TaxReading(tax=tax, tax_conf=conf, net=total - tax, net_conf=conf)
    out.lines.append(TaxLine(rate, tax, total - tax, total, -1, False, conf).as_dict(conf))
    return out
