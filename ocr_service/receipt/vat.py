"""The seller's VAT id or tax number, as printed on the receipt.

Read after its label (``USt-IdNr.``, ``St.-Nr.``, ``N° TVA intracom.``, ``VAT Reg No``, ``P.IVA``,
``NIF``/``CIF``, ``BTW-nr``, ``ABN``, ``GST ID`` ...) or, without a label, in the form of an EU VAT id
(``DE123456789``, ``FRXX123456789``, ``NL123456789B01`` ...). Returned upper case with spaces
and dots removed; a German Steuernummer keeps its slashes (``12/345/67890``). Company register
numbers (SIRET, KvK, ROC) are not tax numbers and are not returned.
"""

from __future__ import annotations

import re

from .labels import _folded_upper

_LABEL = re.compile(
    r"(?:"
    r"U\.?\s*ST\.?[\s.\-]*ID(?:ENT)?[\s.\-]*(?:NR|NO|NUMMER)?"
    r"|UMSATZSTEUER[\s.\-]*ID(?:ENT)?[\s.\-]*(?:NR|NUMMER)?"
    r"|ST(?:EUER)?[\s.\-]*(?:NR|NUMMER|NO)"
    r"|N[°O0]?\s*(?:DE\s*)?TVA(?:\s*INTRA(?:COM(?:MUNAUTAIRE)?)?)?"
    r"|TVA\s*(?:INTRA(?:COM(?:MUNAUTAIRE)?)?|NO|N[°O])"
    r"|VAT[\s.\-]*(?:REG(?:ISTRATION)?|ID|NO|NUMBER|NR)(?:[\s.\-]*(?:NO|NUMBER|NR|ID))?"
    r"|(?:C\.?\s*F\.?\s*E\s*)?P\.?\s*IVA|PARTITA\s*IVA"
    r"|N\.?\s*I\.?\s*F\.?|C\.?\s*I\.?\s*F\.?"
    r"|BTW[\s.\-]*(?:NR|NUMMER|ID|NO)"
    r"|A\.?B\.?N\.?"
    r"|(?:GST|SST|TAX)[\s.\-]*(?:REG(?:ISTRATION)?|ID)[\s.\-]*(?:NO|NUMBER|NR)?"
    r")(?![A-Z])\s*[:.#]?\s*",
)
# EU VAT ids as printed without a label
_VAT_FORMS = re.compile(
    r"(?<![A-Z0-9])(?:DE\s?\d{9}|ATU\s?\d{8}|FR\s?[0-9A-Z]{2}\s?\d{9}|NL\s?\d{9}\s?B\s?\d{2}|BE\s?0?\d{9,10}"
    r"|ES\s?[A-Z0-9]\d{7}[A-Z0-9]|IT\s?\d{11}|GB\s?\d{3}\s?\d{4}\s?\d{2}|LU\s?\d{8}|PT\s?\d{9})(?![A-Z0-9])"
)
_TOKEN = re.compile(r"[0-9A-Z][0-9A-Z./\-]*")


def _value_after(text: str, start: int) -> str | None:
    """The id after a label: tokens holding digits (a leading country prefix allowed)."""
    tokens = []
    for m in _TOKEN.finditer(text, start):
        if m.start() - (tokens[-1][1] if tokens else start) > 2:
            break
        tok = m.group(0)
        has_digit = any(ch.isdigit() for ch in tok)
        if (
            not has_digit
            and not (not tokens and re.fullmatch(r"[A-Z]{2,3}", tok))
            and not (tokens and re.fullmatch(r"B\d{2}|[A-Z]", tok))
        ):
            break
        tokens.append((tok, m.end()))
    value = re.sub(r"[\s.]", "", "".join(t for t, _ in tokens)).strip("-/")
    digits = sum(ch.isdigit() for ch in value)
    if digits < 6 or digits > 14 or len(value) > 18:
        return None
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", value):  # a date
        return None
    return value


def find_vendor_vat(rows) -> tuple[str | None, float]:
    """(id, confidence) of the seller's VAT id or tax number; (None, 0.0) when none is printed."""
    best: tuple[int, str, float] | None = None
    for row in rows:
        text = _folded_upper(row.text)
        read = float(getattr(row, "confidence", 1.0))
        for m in _LABEL.finditer(text):
            value = _value_after(text, m.end())
            if value:
                prio = 2 if _VAT_FORMS.fullmatch(value) else 1
                cand = (prio, value, (0.9 if prio == 2 else 0.75) * read)
                if best is None or cand[0] > best[0]:
                    best = cand
                break
        if best is None or best[0] < 2:
            m = _VAT_FORMS.search(text)
            if m:
                value = re.sub(r"[\s.]", "", m.group(0))
                best = (2, value, 0.8 * read)
    if best is None:
        return None, 0.0
    return best[1], best[2]
