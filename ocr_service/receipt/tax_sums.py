"""The sums row of a tax table whose rate rows did not read: "Gesamt  9,46  70,54  80,00" under
"MwSt EUR  Netto EUR  Brutto EUR". Its tax and net add up to its gross, which is the total paid;
the heading says which column is the tax (the smaller of the two otherwise: a tax is below its
base at any rate a receipt prints)."""

from __future__ import annotations

import re
from decimal import Decimal

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_table import TAX_CONTEXT

# the row that sums the table's columns ("Gesamt" read "Gesant" too)
_SUMS = re.compile(rf"^\W*(?:{L.SUM_WORDS}|GESANT|SUMA)(?![A-Z])")
# the heading's tax and net columns, in the order printed
# (not the rate's column: "MwSt.%  Netto  MwSt.  Brutto")
_TAX_COLUMN = re.compile(r"(?:MWST|MUST|UST|TVA|IVA|BTW|VAT|GST|TAX|STEUER|PDV|DPH|DDV|PTU)(?![.\s]*%)")
_NET_COLUMN = re.compile(r"NETTO|NET(?![A-Z])|HT(?![A-Z])|IMPONIBILE|BASE")
_ROWS_BELOW = 5  # how far under its heading a table's sums row may be
SUMS_ROW_CONF = 0.6  # three amounts that add up to the total, the rates unread


def sums_row(rows: list[Row], total: Decimal | None) -> tuple[Decimal, Decimal] | None:
    """(tax, net) from the sums row of a tax table, when its tax and net add up to its gross and
    that gross is ``total``; None otherwise."""
    if total is None or total <= 0:
        return None
    found: set[tuple[Decimal, Decimal]] = set()
    for i, head in enumerate(rows):
        text = L.undotted(L._folded_upper(head.text))
        if money_amounts(head.text) or not (TAX_CONTEXT.search(text) and _NET_COLUMN.search(text)):
            continue
        tax_first = _tax_before_net(text)
        for row in rows[i + 1 : i + 1 + _ROWS_BELOW]:
            if not _SUMS.match(L._folded_upper(row.text)):
                continue
            values = [a.value for a in money_amounts(row.text)]
            if len(values) != 3 or values[2] != total or values[0] + values[1] != total:
                continue
            first, second = values[:2]
            low, high = sorted((first, second))
            tax, net = {True: (first, second), False: (second, first), None: (low, high)}[tax_first]
            if 0 < tax < net:  # (a heading whose order gives a tax above its base was misread)
                found.add((tax, net))
    return found.pop() if len(found) == 1 else None


def _tax_before_net(heading: str) -> bool | None:
    tax, net = _TAX_COLUMN.search(heading), _NET_COLUMN.search(heading)
    if tax is None or net is None:
        return None
    return tax.start() < net.start()
