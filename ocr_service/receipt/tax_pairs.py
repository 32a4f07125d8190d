"""Tax rows printed side by side: "MwSt 7 %  25,32    MwSt 19 %  8,86" on one row of the page.
Read as one row, its first rate took the other's amount (7 % of 8,86, the total tax 8,86 at
0.86 where 34,18 was printed); each rate with its own amounts is a row of its own."""

from __future__ import annotations

import re
from itertools import accumulate

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_table import RATE, TAX_CONTEXT

# a tax's name starting a line ("MwSt 19 %", "VAT B"), not a base's label ("Taxable amount")
_TAX_NAME = re.compile(r"(?:MWST|UST|VAT|TVA|IVA|BTW|GST|MOMS|ALV|DPH|PVM|PDV|DDV|KDV|FPA)(?![A-Z]{3})")


def side_by_side(row: Row, locale: str | None, item: bool = False) -> list[Row]:
    """``row`` cut before each of its lines that prints a rate, when it prints two rates or more
    on lines of their own, each followed by its amounts; none of it when it names two taxes side
    by side and a rate of them was not read ("MwSt 7 %  25,32  MwSt 19 96  8,86": which amount is
    whose, the row cannot tell); else ``row`` alone. ``item``: a row of an item table
    (``item_rows``), whose item's name may print a rate ("Vollmilch 3,5%" | "7 %"), no tax's."""
    if len(row.texts) != len(row.lines):
        return [row]
    names = _names_rates(row.text) if item else set()
    at = [0, *accumulate(len(t) + 1 for t in row.texts)]
    starts = [
        i for i, text in enumerate(row.texts) if (m := RATE.search(text)) and at[i] + m.start() not in names
    ]
    named = [i for i, text in enumerate(row.texts) if _TAX_NAME.match(L.compact(text))]
    if len(named) >= 2 and len(starts) < len(named):
        return []
    if len(starts) < 2:
        return [row]
    cuts = [0, *starts[1:], len(row.texts)]
    parts = [
        Row(row.lines[a:b], row.index, row.y, row.height, row.texts[a:b])
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]
    if not all(money_amounts(RATE.split(p.text, maxsplit=1)[-1], locale) for p in parts):
        return [row]  # a heading of rates ("7 %   19 %"), or rates without their amounts
    return parts


# a word of an item's name before a rate (three letters or more: not a tax class's letter, "A 19 %")
_NAME_WORD = re.compile(r"[^\W\d_]{3}")


def rate_of_row(text: str, item: bool = False) -> re.Match | None:
    """The rate a row is taxed at: its first, unless the row is an item table's (``item``,
    ``item_rows``) and an item's name prints that one ("Vollmilch 3,5 %  1,00  7 %  1,00", a
    milk's fat, then the table's tax column)."""
    names = _names_rates(text) if item else set()
    return next((m for m in RATE.finditer(text) if m.start() not in names), None)


def _names_rates(text: str) -> set[int]:
    """Where the rates of an item table's row that its item's name prints start: a rate after a
    word of the name (three letters or more) with only figures between it and the next rate (a
    quantity, a price: "Vollmilch 3,5%  1  1,00  7 %"). A row longer than an item's is read as
    it is."""
    if len(text) > _ITEM_ROW_CHARS:
        return set()
    found = list(RATE.finditer(text))
    name = _NAME_WORD.search(text)
    return {
        m.start()
        for m, after in zip(found, found[1:], strict=False)
        if name is not None and name.end() <= m.start() and not _WORD.search(text, m.end(), after.start())
    }


_ITEM_ROW_CHARS = 300

_WORD = re.compile(r"[^\W\d_]{2}")


# a tax table's columns: a heading naming them heads no item table ("Rate  Net  VAT  Gross")
_TABLE = re.compile(
    r"NETTO|BRUTTO|GROSS|(?<![A-Z])NET(?![A-Z])|BASE|IMPONIBILE|(?<![A-Z])(?:HT|TTC)(?![A-Z])"
)


def item_rows(rows: list[Row]) -> set[int]:
    """The rows of an item table whose heading names its tax column among quantities and prices
    ("Pos. Bezeichnung Menge Einzelpreis MwSt. Betrag"; no net or gross column): the rows printing
    a rate and no tax word under it (a line of an item's description between them goes on;
    anything else ends it). An item's rate and price there are a tax line only when they check (a
    charge's net, rate and tax, as a hotel's invoice lists them), not an item's price taken for
    its tax."""
    out: set[int] = set()
    table = False
    for row in rows:
        text = L.undotted(L._folded_upper(row.text))
        taxed = bool(TAX_CONTEXT.search(text))
        if L.ITEM_HEADING.search(text) and taxed and not _TABLE.search(text) and not money_amounts(row.text):
            table = True
        elif table and RATE.search(row.text) and not taxed:
            out.add(row.index)
        else:
            table = table and not taxed and not money_amounts(row.text)
    return out
