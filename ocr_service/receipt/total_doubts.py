"""What makes a chosen total a guess though its label names it: a tax under it at a rate that
makes it a net, cash less change that comes to another amount, a balance carried over into it, a deposit or a
voucher taken off it, a rounded amount paid in cash."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from . import labels as L
from .candidates import Candidate
from .rounding import _STEP, _payment
from .tax_check import _CENT, _ROUNDING_SLACK, _near, _rate
from .tax_worked_out import INCLUDED

if TYPE_CHECKING:
    from .extract import _Figures

# the words that say a tax is included in the total (tax_worked_out's), on the compact label:
# "enth." abbreviated, "inbegriffen", and "dont" run into the next word too
_INCLUDED = re.compile(INCLUDED.pattern + r"|ENTH|INBEGR|DONT")


def before_a_tax_on_top(total: Candidate, fig: _Figures) -> bool:
    """A tax printed under the chosen total at a rate that makes it that total's share on top
    ("Net Total £67.50", "VAT @ 20% £13.50") with no sum of the two under them
    (``extract._tax_added_below`` found none): the amount paid is not printed, or not read (a
    receipt cut off under its VAT).
    The chosen amount is the net, a guess as the total."""
    if total.value in fig.paid_minus_change:
        return False
    return any(
        t.row.index > total.row.index and t.value > 0 and _share_on_top(t, total.value) for t in fig.taxes
    )


def _share_on_top(tax: Candidate, total: Decimal) -> bool:
    """The tax's printed rate makes it ``total``'s share to the cent, on top, and not the share
    ``total`` would hold with the tax included (5.00 at 6 %: 0.30 on top, 0.28 held; both near)."""
    rate = _rate(tax.label)
    if rate is None or _INCLUDED.search(L.compact(tax.label)):
        return False
    on_top = _near(total * rate / 100, tax.value, _CENT)
    held = _near(total * rate / (100 + rate), tax.value, Decimal("0.02"))
    return on_top and not held


def cash_says_otherwise(total: Candidate, fig: _Figures) -> bool:
    """The one amount handed over less the one given back comes to another amount than the
    chosen total, more than a rounding away ("TOTAL 197.01", "CASH 198.00", "CHANGE 0.19": one of
    them misread, or the amounts' column shifted by a row): the receipt contradicts its total."""
    worked_out = fig.till_worked_out
    return worked_out is not None and not _near(worked_out, total.value, _ROUNDING_SLACK)


def added(tax: Candidate, total: Decimal) -> bool:
    """A tax on top of ``total``: no word says it is included, and its printed rate, if any, is
    its share of ``total`` itself (on top), not of ``total`` with the tax (included)."""
    if _INCLUDED.search(L.compact(tax.label)):
        return False
    rate = _rate(tax.label)
    return rate is None or _near(total * rate / 100, tax.value, Decimal("0.02"))


# a balance an earlier bill left, carried into this one's amount due ("Previous balance",
# "Balance brought forward", "Balance B/F", "Past due amount", "Arrears", "Saldovortrag", "Solde
# antérieur", "Saldo anterior", "Saldo precedente")
_CARRIED = re.compile(
    r"PREVIOUSBALANCE|BALANCE(?:BROUGHT)?F(?:OR)?WARD|BALANCEBF|BALBF|PASTDUE|ARREARS|OVERDUE"
    r"|PREVIOUSSTATEMENT|OPENINGBALANCE|SALDOVORTRAG|VORTRAG|ALTERSALDO|VORSALDO|SOLDEANTERIEUR"
    r"|SALDOANTERIOR|SALDOPRECEDENTE"
)


def carried_over(total: Candidate, fig: _Figures) -> bool:
    """A balance of an earlier bill printed above the chosen total, not nothing and less than it
    ("Invoice total £120.00", "Previous balance £350.00", "Total amount due £470.00"): the amount
    due holds what this bill did not charge, and which amount is this bill's the labels do not
    always say."""
    # (a payment above the total that settled it: "Payment received -£100.00")
    paid = {-c.value for c in fig.cands if c.value < 0} | {
        c.value for c in fig.cands if L.TENDER in c.kinds and c.row.index < total.row.index
    }
    return any(
        c.row.index < total.row.index
        and 0 < c.value < total.value
        and c.value not in paid
        and _CARRIED.search(L.compact(c.label))
        for c in fig.cands
    )


# a bill split between guests, and the part one of them paid ("Bill split between 3", "Your
# share £16.45"; "Ihr Anteil", "Votre part", "La tua quota", "Tu parte", "Jouw deel")
_SHARE = re.compile(r"YOURSHARE|YOURPORTION|(?:DEIN|IHR)ANTEIL|VOTREPART|TUPARTE|TUAQUOTA|JOUWDEEL|UWDEEL")


def a_share_paid(total: Candidate, fig: _Figures) -> bool:
    """A share of the chosen total printed as one guest's, less than it: the bill's total is
    not what this guest paid (and claims)."""
    return any(0 < c.value < total.value and _SHARE.search(L.compact(c.label)) for c in fig.cands)


# a deposit or an advance paid before, or a voucher or gift card redeemed, taken off the bill's
# total to leave what is still to pay ("Total £510.00", "Deposit paid -£200.00", "Balance due
# £310.00"; "Anzahlung", "Acompte", "Arrhes", "Anticipo", "Acconto", "Caparra", "Aanbetaling";
# "Gift card redeemed", "Gutschein", "Bon d'achat", "Buono"): not a bottle's or a can's deposit
# (Pfand, CRV), which is added to a sale
_DEPOSIT = re.compile(
    r"DEPOSIT|ANZAHLUNG|VORAUSZAHLUNG|ACOMPTE|ARRHES|ANTICIPO|ACCONTO|CAPARRA|AANBETALING|VOORSCHOT"
    r"|PREPAI[DY]|PREPAYMENT|ADVANCEPAY|ADVANCEPAID|DOWNPAYMENT|ALREADYPAID|BEREITSBEZAHLT|DEJAREGLE"
)
_GIFT = re.compile(
    r"GIFTCARD|GIFTVOUCHER|GIFTCERT|VOUCHER|GUTSCHEIN|BONDACHAT|CARTECADEAU|CHEQUECADEAU|BUONO"
    r"|TARJETAREGALO|CADEAUKAART|CADEAUBON"
)
_MONEY_OFF = re.compile(r"SCONTO|RABATT|DISCOUNT|REMISE|DESCUENTO|KORTING|COUPON|OFF(?![A-Z])|PROMO|REDUC")
_CONTAINER = re.compile(r"BOTTLE|CAN(?:S)?DEP|CONTAINER|PFAND|CRV|FLASCHE|EMBALLAGE|VIDANGE|STATIEGELD|KEG")
# what is left to pay after a part was paid in cash or by card ("Cash 50.00", "BALANCE DUE 70.00")
_LEFT = re.compile(
    r"BALANCE|DUE|OUTSTANDING|RESTE|RESTBETRAG|OFFEN|NOCHZUZAHLEN|PENDIENTE|RESIDUO|OPENSTAAND"
)


def part_paid_before(total: Candidate, fig: _Figures) -> bool:
    """A deposit, an advance or a gift card (or a payment, over an amount called the balance
    left), printed between a total and what is left, taken off the total to the cent, and the
    chosen total one of the two: the stay cost the whole and the balance is what this bill was
    paid, and which of them the employee claims the receipt cannot say (the deposit may have been
    claimed on its own, the gift card given). A money-off voucher under a subtotal
    ("Voucher -£5.00", "BUONO SCONTO", "10% Gutschein") is a discount: the total is after it."""
    for taken in fig.cands:
        label = L.compact(taken.label)
        if taken.value == 0 or _CONTAINER.search(label) or _MONEY_OFF.search(label):
            continue
        # (a deposit of a share of the whole, "Anzahlung 30%"; a voucher's "10%" is money off)
        gift = _GIFT.search(label) is not None
        ahead = _DEPOSIT.search(label) is not None or (gift and "%" not in taken.label)
        if not ahead and L.TENDER not in taken.kinds:
            continue
        size = abs(taken.value)
        whole = {
            c.value
            for c in fig.cands
            if c.row.index < taken.row.index
            and c.value > size
            and {L.GRAND, L.TOTAL} & c.kinds
            and L.SUBTOTAL not in c.kinds
        }
        left = [
            c
            for c in fig.cands
            if c.row.index > taken.row.index and c.value > 0 and (ahead or _LEFT.search(L.compact(c.label)))
        ]
        if any(w - size in {c.value for c in left} and total.value in (w, w - size) for w in whole):
            return True
    return False


# one to three digits a space before an amount of three ("TOTAL DUE 1 283.54", one box): the
# amount's thousands grouped by a space, or a count printed beside it; the receipt does not say
_GROUP_BEFORE = re.compile(r"(?<![\d.,'])\d{1,3} $")


def thousands_in_doubt(total: Candidate) -> bool:
    """Whether ``total`` may have lost its thousands to a space: under 1000, after a number of
    one to three digits and a space in its own box."""
    text, a, start = total.row.text, total.amount, 0
    if not 100 <= abs(a.value) < 1000:
        return False
    digits = next((i for i in range(a.start, a.end) if text[i].isdigit()), a.start)
    for box in total.row.texts:
        end = start + len(box)
        if start <= digits < end:
            return _GROUP_BEFORE.search(text, start, digits) is not None
        start = end + 1
    return False


def paid_rounded(total: Candidate, fig: _Figures) -> bool:
    """Cash handed over under a rounding line printed below the chosen total, that is the total
    and the rounding to the cent, the rounded amount printed under no other label ("Total CHF
    23.48", "Rundung 0.02", "Bar 23.50"): the till rounded the sale and the rounded amount was
    paid. Which of the two the employee claims the receipt does not say (the till's total, or
    what left the wallet)."""
    for r in fig.roundings:
        if r.row.index <= total.row.index or r.value == 0:
            continue
        paid = {total.value + abs(r.value), total.value - abs(r.value)}
        below = [
            c for c in fig.positive if c.row.index > r.row.index and c.value in paid and c.value % _STEP == 0
        ]
        if below and all(_payment(c.kinds) and L.CHANGE not in c.kinds for c in below):
            return True
    return False


def in_another_currency(total: Candidate, fig: _Figures) -> bool:
    """Another row labelled as a total names a currency, and the chosen total's row names
    another one only ("Total paid £390.00", "Total in EUR €456.30"): one is the other converted,
    and which the sale was paid in its rows do not say."""
    from .currency import _votes

    mine = set(_votes(total.row.text.upper()))
    if not mine:
        return False
    for c in fig.positive:
        if c.row.index != total.row.index and {L.TOTAL, L.GRAND} & c.kinds and c.value != total.value:
            theirs = set(_votes(c.row.text.upper()))
            if theirs and not theirs & mine:
                return True
    return False


def doubted(total: Candidate, fig: _Figures) -> bool:
    """Whether the receipt says the chosen total may not be the sale's (the doubts above)."""
    return (
        before_a_tax_on_top(total, fig)
        or cash_says_otherwise(total, fig)
        or carried_over(total, fig)
        or a_share_paid(total, fig)
        or part_paid_before(total, fig)
        or paid_rounded(total, fig)
        or in_another_currency(total, fig)
    )
