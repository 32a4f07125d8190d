"""How much a page reads like a receipt, for ``doc_type=auto``."""

from __future__ import annotations

import math
import re

from . import labels as L
from .amounts import money_amounts
from .dates import find_dates
from .layout import LineLike
from .whole_units import shown_whole_unit, whole_amounts

_RECEIPT_WORDS = re.compile(
    r"RECEIPT|INVOICE|CASHIER|CHANGE|QTY|SUBTOTAL|TOTAL|TENDER|THANK|GST|VAT|TAX|MWST|TVA|IVA|"
    r"BILL|AMOUNT|PRICE|RECHNUNG|KASSENBON|SUMME|FACTURE|TICKET|FACTURA|RECIBO|SCONTRINO|RESIT|"
    r"TUNAI|KEMBALI|STRUK|TONGCONG|THANHTOAN|HOADON|BOLETA|VUELTO",
)
_MRZ = re.compile(r"<{3,}|^P<[A-Z]{3}|PASSPORT|PASSEPORT|REISEPASS")


def looks_like_receipt(lines: list[LineLike]) -> float:
    """A score in [0, 1]: money amounts, total and tax labels, a date; an MRZ pulls it down."""
    if not lines:
        return 0.0
    n_money = 0
    n_words = 0
    has_total = False
    has_date = False
    mrz = 0
    # a receipt in a currency without a minor unit prints its amounts without cents ("Rp 18.500")
    whole = shown_whole_unit([line.text for line in lines])
    for line in lines:
        text = line.text
        upper = text.upper()
        n_money += len(whole_amounts(text, whole) if whole else money_amounts(text))
        key = L.compact(text)
        if _RECEIPT_WORDS.search(key):
            n_words += 1
        kinds = L.classify(text)
        if kinds & {L.TOTAL, L.GRAND, L.SUBTOTAL}:
            has_total = True
        if not has_date and find_dates(text):
            has_date = True
        if _MRZ.search(upper.replace(" ", "")):
            mrz += 1
    z = -3.0
    z += 1.2 * min(4, n_money) / 2
    z += 0.6 * min(5, n_words)
    z += 1.5 if has_total else 0.0
    z += 0.7 if has_date else 0.0
    z -= 3.0 * min(2, mrz)
    # sentences: a letter, a contract, an e-mail ("We agreed the budget will total 4,500.00 for");
    # a receipt's are a few lines of thanks and terms under many short ones
    prose = sum(1 for line in lines if _is_prose(line.text))
    if prose >= 3:
        z -= 8.0 * prose / len(lines)
    return round(1.0 / (1.0 + math.exp(-z)), 3)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_prose(text: str) -> bool:
    """Six words or more, most of them in lower case."""
    words = _WORD.findall(text)
    return len(words) >= 6 and sum(w.islower() for w in words) >= 0.6 * len(words)
