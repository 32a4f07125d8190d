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
from .names import _key
from .recipient import addressee_texts
from .vendor import _segments

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


# a VAT id said to be the customer's, on its row before it or on the row above it ("N° TVA client",
# "Ihre USt-IdNr.", "Customer VAT ID", "P.IVA cliente", "Uw btw-nummer")
_CUSTOMER = re.compile(
    r"(?<![A-Z])(?:CLIENTS?|CLIENTE|CUSTOMER|KUNDEN?|IHRE|YOUR|BUYER|DESTINATAIRE|ACQUIRENTE"
    r"|CESSIONARIO|COMMITTENTE|KLANT|UW|AFNEMER|RECIPIENT|BILL\s*TO|SOLD\s*TO)(?![A-Z])"
)
# characters before an id that may say it is the customer's ("N° TVA client : "), or before its
# label (10: "Customer VAT ID", "Ihre USt-IdNr.")
_SAID_WITHIN = 16
# numbers in a VAT id's form that are no VAT id: a producer's registration for electrical waste
# ("WEEE-Reg.-Nr. DE 241793280")
_NOT_VAT = re.compile(r"(?<![A-Z])(?:WEEE|ELEKTROG|EAR)(?![A-Z])[\W\w]{0,12}$")
# an invoice under the reverse charge: the VAT id it prints may be the customer's alone
_REVERSE_CHARGE = re.compile(r"REVERSE\s*CHARGE|AUTOLIQUIDATION|STEUERSCHULDNERSCHAFT|INVERSIONE\s*CONTABILE")
# what an id that cannot be told from another is returned with, at most: a guess, under the
# addon's fill threshold (0.8); the addon finds the vendor's contact by it
_UNSURE = 0.6


def _printed_ids(rows) -> list[tuple[int, str, float, bool]]:
    """Every VAT id the rows print: (prio, id, confidence, said to be the customer's); prio 2 for
    an id in an EU VAT id's form, 1 for another labelled tax number."""
    out = []
    above = ""
    for row in rows:
        text = _folded_upper(row.text)
        read = float(getattr(row, "confidence", 1.0))
        found = None
        for m in _LABEL.finditer(text):
            value = _value_after(text, m.end())
            if value:
                prio = 2 if _VAT_FORMS.fullmatch(value) else 1
                found = (prio, value, (0.9 if prio == 2 else 0.75) * read, m.start(), m.end())
                break
        if found is None or found[0] < 2:
            m = _VAT_FORMS.search(text)
            if m and not _NOT_VAT.search(text[: m.start()]):
                found = (2, re.sub(r"[\s.]", "", m.group(0)), 0.8 * read, m.start(), m.start())
        if found is not None:
            prio, value, conf, start, at = found
            # the customer's: so labelled ("N° TVA client : DE..."), or first on its row under a
            # row that says so: the label's own ("N° TVA client", then the id), or the customer's
            # number in its address block ("Customer no. C-20931", then "VAT ID: DE...")
            under = not text[:start].strip() and (
                _CUSTOMER.search(above) if start == at else _CUSTOMER.match(above.strip())
            )
            # (the words just before the id or its label: not a footer's "Thank you for your visit")
            said = _CUSTOMER.search(text[max(0, start - (_SAID_WITHIN if start == at else 10)) : at])
            out.append((prio, value, conf, bool(said or under)))
        above = text
    return out


def find_vendor_vat(rows) -> tuple[str | None, float]:
    """(id, confidence) of the seller's VAT id or tax number; (None, 0.0) when none is printed.

    An invoice may print the customer's id too: an id said to be the customer's is not the
    seller's; of several others, or of one on an invoice under the reverse charge (which may
    print the customer's alone), the one found first is returned as a guess (``_UNSURE``)."""
    printed = _printed_ids(rows)
    if not printed:
        return None, 0.0
    # (an id in the addressee's block, under its name and address: the customer's)
    block = _key(
        " ".join(addressee_texts(_segments([ln for row in rows for ln in getattr(row, "lines", ())])))
    )
    printed = [(p, v, c, customer or (bool(block) and _key(v) in block)) for p, v, c, customer in printed]
    sellers = [found for found in printed if not found[3]]
    if not sellers:
        return None, 0.0
    prio, value, conf, _ = max(sellers, key=lambda found: found[0])  # (the first of the highest prio)
    # (a tax number beside a VAT id is the same seller's: only VAT ids of other values count)
    several = len({v for p, v, _, _ in sellers if p == 2}) > 1
    if several or (
        len(printed) == 1 and _REVERSE_CHARGE.search(" ".join(_folded_upper(row.text) for row in rows))
    ):
        conf = min(conf, _UNSURE)
    return value, conf
