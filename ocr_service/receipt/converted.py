"""Amounts about what a sale comes to in another currency: "Approx. in EUR (ECB 05/14/2024)
EUR 548.21" under a dollar invoice's total, "Gegenwert EUR 1'289.70" under a Swiss hotel's, a
footer's "a card issued in EUR may show about EUR 561.00". The currency they name is not the
receipt's."""

from __future__ import annotations

from .country import whole as _whole
from .currency import _votes

# a row that gives an amount about what it comes to in another currency ("Approx. in EUR (ECB
# 05/14/2024)  EUR 548.21", "Gegenwert EUR 1'289.70", "a card issued in EUR may show about EUR
# 561.00"): the currency it names is not the receipt's
_ABOUT = _whole(
    r"(?<![A-Z])(?:APPROX(?:IMATELY)?|ABOUT|EQUIVALENT|GEGENWERT|ENTSPRICHT|UMGERECHNET|CONVERTED"
    r"|ENVIRON|CIRCA|UNGEF(?:Ä|AE?)HR|EQUIVALENTE|CONTROVALORE|TEGENWAARDE)(?![A-Z])"
)


def about_lines(rows) -> set[int]:
    """The lines (their ``id``) of the rows that give an amount about or converted into another
    currency (``_ABOUT``) and name it (a code, a sign of one currency): their currency casts no
    vote. (A "$" names none: "TOTAL SAVINGS COULD BE APPROX $0.49" is the receipt's own.)"""
    return {
        id(line)
        for row in rows
        if _ABOUT.search(upper := row.text.upper()) and _votes(upper)
        for line in row.lines
    }
