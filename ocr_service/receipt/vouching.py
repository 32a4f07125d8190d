"""What keeps a labelled amount from being vouched for as the total: a line saying what tax the
total holds, which names a total and the tax in one breath; a net total before VAT; a total
left blank for the pen; a refund or a voided sale; a receipt for a deposit on an order."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from . import labels as L
from .candidates import Candidate
from .layout import Row

# "incl. VAT", "Including GST", "Total includes GST", "GST INCLUDED IN TOTAL": the tax a total
# holds, with or without its rate ("TOTAL INCL. GST@6%" starts with the total and is one)
_TAX_HELD = re.compile(
    r"^(?:INCL|INCLUSIVE|INCLUDING)(?:OF)?(?:GST|VAT|TAX|SST|HST)|INCLUDES(?:GST|VAT|TAX|SST|HST)"
    r"|^(?:GST|VAT|TAX|SST|HST)INCLUDED"
)


def tax_held(cands: list[Candidate], rank: Callable[[Candidate], float]) -> set[int]:
    """The amounts (their ids) a line saying what tax the total holds labels, less than a total
    another label names: that tax ("TOTAL 11.90", "incl. VAT 19% 1.90"). Alone, or the largest,
    such a line is the total ("Incl. GST 10.60")."""
    held = [c for c in cands if _TAX_HELD.search(L.compact(c.label))]
    totals = [c for c in cands if rank(c) > 0 and c not in held]
    return {id(c) for c in held if any(t.value > c.value for t in totals)}


# "Net Total", "Nett Amount": the amount paid on a Malaysian receipt, the amount before VAT on a
# British one
_NET_TOTAL = re.compile(r"NETT?O?TOTAL|NETTAMOUNT|NETAMOUNT|^NETAMT$")
_CENT = Decimal("0.01")
_DIGIT = re.compile(r"\d")


def net_before_tax(cands: list[Candidate], taxes: list[Candidate]) -> set[int]:
    """The net totals (their ids) that a printed tax adds up to another amount printed with
    ("Total 12.00", "Net Total 10.00", "VAT 2.00"): the amount before tax, a subtotal. A net
    total that nothing is added to is the amount paid."""
    nets = [c for c in cands if {L.GRAND, L.TOTAL} & c.kinds and _NET_TOTAL.search(L.compact(c.label))]
    values = {c.value for c in cands}
    return {
        id(n)
        for n in nets
        if any(
            abs(n.value + t.value - v) <= _CENT for t in taxes if t is not n and t.value > 0 for v in values
        )
    }


# a line for the pen on a card slip: the tip, the total with it
_FOR_THE_PEN = re.compile(
    r"(?:ADD)?(?:TIPS?|GRATUITY|TRINKGELD|POURBOIRE)(?:AMOUNT|AMT)?|(?:GRAND|NEW)?TOTAL(?:AMOUNT|AMT|DUE)?"
)


def left_blank(rows: list[Row], cands: list[Candidate], value: Decimal | None, paid: set[Decimal]) -> bool:
    """A tip or total line printed with no amount under the last amount ``value`` ("AMOUNT 20.00",
    "TIP", "TOTAL" left for the pen): what was charged is not printed. Not a label whose amount
    is on the row below it, nor when cash handed over less the change (``paid``) is ``value``."""
    last = max((c.row.index for c in cands if c.value == value), default=None)
    if last is None or value in paid:
        return False
    priced = {c.row.index for c in cands} | {c.row.index - 1 for c in cands if c.source == "above"}
    return any(
        row.index not in priced
        and not _DIGIT.search(row.text)
        and _FOR_THE_PEN.fullmatch(L.compact(row.text))
        for row in rows[last + 1 :]
    )


# a total named a refund, its row's label ("REFUND TOTAL", "TOTAL AVOIR"; not "BOTTLE RETURN
# TOTAL", a deposit given back within a sale)
_UNDONE_TOTAL = re.compile(r"^(?:(?:REFUND|RETURN|AVOIR)(?:GRAND)?TOTAL|TOTAL(?:REFUND|RETURN|AVOIR))")


def undone(rows: list[Row]) -> bool:
    """Whether the receipt gives money back or undoes a sale (``labels.undoing_title``, or a
    total named a refund): its total, if printed as a positive amount, counts against an
    expense, not for it."""
    return any(L.undoing_title(row.text) or _UNDONE_TOTAL.search(L.compact(row.text)) for row in rows)


# a receipt for a deposit or an advance paid on an order, its title: "ANZAHLUNGSQUITTUNG", "Reçu
# d'acompte", "Deposit receipt", "Recibo de anticipo", "Ricevuta di acconto", "Aanbetalingsbewijs"
_DEPOSIT_TITLE = re.compile(
    r"(?:ANZAHLUNGS|VORAUSZAHLUNGS)(?:QUITTUNG|BELEG|BESTATIGUNG)|(?:ADVANCE)?DEPOSITRECEIPT"
    r"|RECUD(?:E|A|AC)?(?:ACOMPTE|ARRHES)|RECIBO(?:DE)?(?:SENAL|ANTICIPO)"
    r"|RICEVUTA(?:DI|DELL)?(?:ACCONTO|CAPARRA)|AANBETALINGS(?:BEWIJS|NOTA|BON)"
)


def paid_in_part(rows: list[Row], cands: list[Candidate], value: Decimal | None) -> bool:
    """A receipt titled as one for a deposit on an order, on a row of its own: the order's total,
    the deposit and what is left are printed side by side, and which is ``value`` its labels, cut or
    misread, may not say ("Gesamtbetrag 8.900,00", "Anzahlu 2.670,00"). Not when ``value`` is an
    amount handed over."""
    if value is None or any(c.value == value and L.TENDER in c.kinds for c in cands):
        return False
    return any(_DEPOSIT_TITLE.fullmatch(L.compact(row.text)) and not _DIGIT.search(row.text) for row in rows)
