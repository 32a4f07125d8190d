"""Tax tables whose rate column prints no % sign: the heading names the column, and the
row's amounts must be the base, tax and gross of a rate tables print."""

from __future__ import annotations

import re
from decimal import Decimal

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_amounts import KNOWN_RATES, TaxLine, _three_columns

# words that make a row (or the heading of a table) a tax context
TAX_CONTEXT = re.compile(
    r"MWST|MEHRWERT|UMSATZSTEUER|(?<![A-Z])UST(?![A-Z])|STEUER|(?<![A-Z])VAT(?![A-Z])|(?<![A-Z])TVA(?![A-Z])"
    r"|(?<![A-Z])IVA(?![A-Z])|(?<![A-Z])BTW(?![A-Z])|(?<![A-Z])GST(?![A-Z])|(?<![A-Z])HST(?![A-Z])"
    r"|TAX|(?<![A-Z])MOMS(?![A-Z])|NETTO|BRUTTO|(?<![A-Z])HT(?![A-Z])|(?<![A-Z])TTC(?![A-Z])"
    r"|IMPONIBI?LE|IMPOSTA|BASE|CUOTA|(?<![A-Z])NET(?![A-Z])|GROSS|(?<![A-Z])EXCL|(?<![A-Z])INCL"
)
# a rate printed without its % sign as a table's first column, under a heading that says the
# column holds rates ("MwSt.%  Netto  MwSt.  Brutto" / "A=19,000  43,07  8,18  51,25",
# "% TVA  TVA Excl  TVA  TVA Incl" / "B  12  2,50  0,30  2,80", "%  Net  Tax  Gross" / "20 ...")
_BARE_RATE = re.compile(r"^[^\w]*(?:[A-Z]\s*[=:]?\s*)?(\d{1,2}(?:[.,]\d{1,3})?)\s+(?=\S*\d)")


def rate_column_rows(rows: list[Row]) -> set[int]:
    """Rows under a tax table heading with no amounts (one up to three rows above, the rows
    between holding rates) that may print their rate without its % sign."""
    out: set[int] = set()
    heading: int | None = None
    for row in rows:
        text = L._folded_upper(row.text)
        if TAX_CONTEXT.search(text) and not money_amounts(row.text) and L.TAX_ID not in L.classify(row.text):
            heading = row.index
        elif heading is not None and row.index - heading <= 3 and _BARE_RATE.search(text):
            out.add(row.index)
            heading = row.index
    return out


def bare_rate_line(row: Row, locale: str | None) -> TaxLine | None:
    """A table row's rate without its % sign, kept only when it is a rate tables print and the
    row's three amounts are the base, tax and gross of it (nothing else says it is a rate)."""
    m = _BARE_RATE.search(L._folded_upper(row.text))
    if m is None:
        return None
    rate = Decimal(m.group(1).replace(",", ".")).normalize()
    if rate not in KNOWN_RATES:  # "4,001": a misread "4,00%", read by _misread_rate_lines
        return None
    values = [a.value for a in money_amounts(row.text[m.end() :], locale)]
    if len(values) != 3:
        return None
    hit = _three_columns(rate, values)
    if hit is None or hit[0] <= 0:
        return None
    tax, base, gross, _ = hit
    return TaxLine(rate, tax, base, gross, row.index, True, float(row.confidence))
