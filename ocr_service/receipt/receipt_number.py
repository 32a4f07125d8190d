"""The receipt's own number: the value after a receipt, invoice, bill or transaction label."""

from __future__ import annotations

import re

from . import labels as L
from .dates import find_dates
from .layout import Row

_NUMBER_LABEL = re.compile(
    r"(?P<label>(?:OFFICIAL\s*)?RECEIPT|RCPT|INVOICE|INV|BILL|DOC(?:UMENT)?|TRANS(?:ACTION)?|TRX|TXN|"
    r"ORDER|CHECK|CHK|SLIP|TICKET|BELEG|BON|RECHNUNG|FACTURE|FACTURA|REF|RESIT|CS|SO)"
    r"\s*(?:NO|NUM|NUMBER|NR|ID|#|N°|NO\s*\.)?\s*\.?\s*[:#.]?\s*(?:NO\s*\.?\s*[:#]?)?\s*"
    r"(?P<value>[A-Z]{0,4}[-/]?\d[\dA-Z\-/]{2,24})",
    re.IGNORECASE,
)
_NUMBER_PRIORITY = {"RECEIPT": 5, "INVOICE": 5, "BILL": 4, "DOC": 4, "RESIT": 5, "TRANS": 3, "ORDER": 2}


def choose_receipt_number(rows: list[Row]) -> tuple[str | None, float]:
    best = None
    for i, row in enumerate(rows):
        text = row.text
        for m in _NUMBER_LABEL.finditer(text):
            label = L.compact(m.group("label"))
            if L.TAX_ID in L.classify(text[: m.end("label") + 8]) and "INVOICE" not in label:
                continue
            value = m.group("value").strip("-/")
            if find_dates(value) or re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", value):
                continue
            if sum(ch.isdigit() for ch in value) < 3:
                continue
            prio = next((p for k, p in _NUMBER_PRIORITY.items() if label.startswith(k)), 1)
            cand = (prio, -i, value, row.confidence)
            if best is None or cand[:2] > best[:2]:
                best = cand
        # label alone on its row, number on the row below
        alone = re.fullmatch(r"\s*(?:RECEIPT|INVOICE|BILL|DOC(?:UMENT)?)\s*(?:NO|#)\.?\s*:?\s*", text, re.I)
        if best is None and alone and i + 1 < len(rows):
            nxt = rows[i + 1].text.strip()
            if re.fullmatch(r"[A-Z]{0,4}[-/]?\d[\dA-Z\-/]{2,24}", nxt, re.I):
                best = (3, -i, nxt, rows[i + 1].confidence)
    if best is None:
        return None, 0.0
    prio, _, value, conf = best
    return value, round(min(0.95, 0.6 + 0.07 * prio) * conf, 3)
