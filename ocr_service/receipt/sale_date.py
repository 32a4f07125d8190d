"""The date of the sale among the dates a receipt prints.

Scored like the amounts: a DATE label, a time beside it, a date that cannot be read the other
way round, repeats; expiry, due and best-before dates count against. Day/month order comes
from the receipt's own unambiguous dates, else the locale, else the currency; no receipt is
dated after tomorrow.
"""

from __future__ import annotations

import datetime as dt
import re

from . import labels as L
from .country import swedish, taiwanese
from .dates import DateMatch, find_dates, latest_possible, locale_region
from .layout import Row
from .tax_era import before_the_tax
from .weights import WEIGHTS as W

# a birth date ("D.O.B.", "DOB", "Geb.", "Geburtsdatum"), a payment's deadline ("Fällig am",
# "Zahlbar bis", "Échéance", "Vervaldatum", "Scadenza", "Vencimiento", "Pay by") or the next
# appointment: another day than the sale's
_BIRTH_OR_DEADLINE = (
    r"\bD\.?\s?O\.?\s?B\b|\bGEB\.|GEBURTS|F(?:Ä|AE|A)LLIG|ZAHLBAR\s+BIS|(?:É|E)CH(?:É|E)ANCE|\bVERVAL"
    r"|\bSCADENZA|\bVENCIMIENTO|\bNEXT\s+(?:APPOINTMENT|VISIT)"
    # ("PAY BY CARD 03/04/2025": a way of paying, on the sale's own row)
    r"|\bPAY(?:ABLE)?\s+BY\b(?![\s:]*(?:CARD|CASH|CHE(?:QUE|CK)|VISA|MASTERCARD|AMEX|DEBIT|CREDIT"
    r"|CONTACTLESS|PHONE|MOBILE))"
)
# the first day an offer or a menu is valid ("gültig ab", "geldig van")
_VALID_FROM = r"G(?:Ü|UE)LTIG\s+AB|\bGELDIG\s+(?:VAN|VANAF)|\bVALID\s+FROM"
# a ticket's day of travel, an order's day of collection, the first day an offer or a menu is
# valid ("Fecha de viaje", "Collection from", ``_VALID_FROM``): not the day of the sale
_JOURNEY_DAY = (
    r"FECHA\s+(?:DEL?\s+)?(?:VIAJE|IDA|REGRESO|RECOGIDA)"
    r"|DATA\s+(?:DEL?\s+)?(?:VIAGGIO|RITIRO)|DATE\s+(?:DU\s+|DE\s+)?(?:VOYAGE|RETRAIT)"
    r"|REISE?DATUM|REISETAG|FAHRTAG|\bABFAHRT|ABHOL(?:UNG|DATUM)|\bRETOUR\s+LE|\b(?:HIN|R(?:Ü|UE)CK)FAHRT"
    # (a departure's label is a stay's too: ``_STAY_LABEL``)
    r"|\b(?:TRAVEL|JOURNEY|FLIGHT)\s+DATE|DATE\s+OF\s+(?:TRAVEL|JOURNEY|COLLECTION)"
    r"|\bCOLLECT(?:ION)?\s*(?:DATE|FROM|ON|BY)\b|\bPICK[\s-]?UP\s*(?:DATE|FROM|ON)\b|AFHAALDATUM"
    r"|" + _VALID_FROM + r"|\bVALABLE\s+(?:DU|D[EÈ]S|[AÀ]\s+PARTIR)"
    r"|\bV[AÁ]LID[OA]\s+(?:DESDE|DAL)"
)
# the day an order was placed: another day than an invoice's, but an order confirmation's own
# beside the day its goods are collected (``_order_issued``)
_ORDER_DAY = re.compile(
    r"\bORDER(?:ED)?\s*(?:DATE|ON|PLACED)\b|DATE\s+ORDERED|BESTELL(?:DATUM|UNG\s+VOM)", re.I
)
# the day goods were ordered, delivered or shipped, a service's period, the day a copy was printed
# (an invoice's "Lieferdatum", "Leistungszeitraum", "Order Date", "Ihre Bestellung vom"; a
# reprint's "Druckdatum", "REPRINT", "gedruckt am"; a car park's entry): another day than the one
# the document was issued on, which it prints beside them (``_OTHER_DAY_LABEL``)
_OTHER_DAY = (
    r"LIEFER(?:DATUM|TERMIN|UNG\s+(?:VOM|AM))|LEISTUNGS(?:DATUM|ZEITRAUM|ZEIT)|BESTELL(?:DATUM|UNG\s+VOM)"
    r"|AUFTRAGSDATUM|DRUCKDATUM|GEDRUCKT|NACHDRUCK|\bORDER(?:ED)?\s*(?:DATE|ON|PLACED)\b|DATE\s+ORDERED"
    r"|\bSHIP(?:PED|PING)?\s*(?:DATE|ON)\b|\bDELIVER(?:Y|ED)\s*(?:DATE|ON)\b|DATE\s+OF\s+(?:DELIVERY|SUPPLY)"
    r"|\bSERVICE\s*(?:DATE|PERIOD)\b|\bBILLING\s+PERIOD\b|\bRE-?PRINT|DATE\s+DE\s+(?:LIVRAISON|COMMANDE)"
    r"|\bLIVR(?:AISON|[EÉ]E?\s+LE)\b|COMMANDE\s+DU|P[EÉ]RIODE\s+DE|R[EÉ]IMPRESSION"
    r"|FECHA\s+DE\s+(?:ENTREGA|PEDIDO)|REIMPRESI[OÓ]N|DATA\s+(?:DI\s+)?(?:CONSEGNA|ORDINE)|RISTAMPA"
    r"|LEVERDATUM|BESTELDATUM|HERDRUK"
    # a refund's day on the sale's invoice ("Gutschrift vom 12.11.2026: Rücksendung ...")
    r"|GUTSCHRIFT\s+VOM|ERSTATT(?:UNG|ET)\s+(?:VOM|AM)|\bREFUND(?:ED)?\s+ON\b"
    # a car park's entry (paid on the way out)
    r"|EINFAHRT|\bENTRY\b|\bTIME\s+IN\b|" + _JOURNEY_DAY
)
_DATE_NEGATIVE = re.compile(
    r"EXP|VALID|BEST\s*BEFORE|DUE|EXPIRY|PRINTED|BIRTH|SINCE|UNTIL|TILL|RETURN|UMTAUSCH|R(?:Ü|UE)CKGABE"
    r"|G(?:Ü|UE)LTIG|\bMHD\b|\bENDS\b|\bBIS(?:\s+ZUM)?\s+\d|\bJUSQU|" + _BIRTH_OR_DEADLINE,
    re.I,
)
# (only where the document prints another day too: an invoice or a receipt whose delivery day is
# its own prints "Lieferdatum", "Leistungsdatum" or "Order Date" before the one date it has)
_OTHER_DAY_LABEL = re.compile(_OTHER_DAY, re.I)
# the words that say a date is another day than the sale's (a till's number, "TILL 3", or the time
# a slip was printed, which the score counts against, may stand on the sale's own row)
_NOT_THE_SALE = re.compile(
    r"\bEXP(?:\b|\.|IR)|\bVALID\b|BEST\s*BEFORE|\bDUE\b|\bBIRTH\b|GEBURT|\bSINCE\b|UNTIL|\bTILL\b"
    r"|\bRETURN(?:S|ED)?\b(?!\s+POLICY)|UMTAUSCH|R(?:Ü|UE)CKGABE|G(?:Ü|UE)LTIG\s+BIS|\bMHD\b|\bENDS\b"
    # "Kostenlose Rücksendung bis 03.12.2026", "jusqu'au", "hasta el", "entro il": a deadline
    r"|\bBIS(?:\s+(?:ZUM|SPÄTESTENS|SPAETESTENS))*\s*:?\s*$|\bJUSQU|\bHASTA\s+(?:EL\s+)?$|\bENTRO\s+IL\b"
    # the first day an offer or a menu is valid
    r"|" + _VALID_FROM + r"|" + _BIRTH_OR_DEADLINE,
    re.I,
)

# the label of the day a document was issued, just before its date: an invoice's, a booking's
# ("Rechnungsdatum : 10.01.20" beside the stay's "Ankunft : 12.01.20", whose nights are dated on
# every charge below)
_ISSUE_LABEL = re.compile(
    r"(?<![A-Z])(?:(?:RECHNUNGS|BELEG|BUCHUNGS|KAUF|AUSSTELLUNGS)DATUM|INVOICE\s*DATE"
    r"|DATE\s+OF\s+(?:INVOICE|ISSUE|SALE|PURCHASE)|BOOKING\s*DATE|DATE\s+DE\s+(?:LA\s+)?FACTURE"
    r"|FECHA\s+(?:DE\s+)?(?:FACTURA|EMISI[OÓ]N)|FACTUURDATUM"
    r"|DATA\s+(?:DELLA\s+)?FATTURA"
    # the day a ticket was sold or issued, beside the day of its journey
    r"|VERKAUFSDATUM|AUSGESTELLT(?:\s+AM)?|VENDU\s+LE|DATE\s+(?:DE\s+VENTE|D'?\s?[EÉ]MISSION|D'?\s?ACHAT)"
    r"|FECHA\s+(?:DE\s+)?(?:VENTA|COMPRA)|DATA\s+(?:DI\s+)?(?:EMISSIONE|VENDITA|ACQUISTO)"
    r"|(?:AANKOOP|VERKOOP)DATUM|ISSUED(?:\s+ON)?|(?:SALE|PURCHASE|ISSUE)\s+DATE|(?:SOLD|PURCHASED)\s+ON"
    r")\s*[:.]?\s*$",
    re.I,
)
# the label of a stay's or a journey's day, just before its date: not the day the document was issued
_STAY_LABEL = re.compile(
    r"(?<![A-Z])(?:ANKUNFT|ANREISE|ABREISE|ARRIVAL|DEPARTURE|(?<!SELF )CHECK[\s-]?(?:IN|OUT)|ARRIV[EÉ]E"
    r"|D[EÉ]PART|LLEGADA|SALIDA|AANKOMST|VERTREK|ARRIVO|PARTENZA)(?:\s*(?:DATE|DATUM))?"
    # ("Départ le 15/07/2024 à 08:04", "Departure on ...")
    r"(?:\s+(?:LE|ON|AM|EL|IL|OP))?\s*[:.]?\s*$",
    re.I,
)
# a sentence that runs onto the date's row from the one above ("... may be returned by" /
# "January 15, 2022 or up to 45 days"): a deadline, not the sale
_DEADLINE_BEFORE = re.compile(
    r"(?:\bBY|\bBEFORE|\bUNTIL|\bTILL|\bBIS(?:\s+ZUM)?|\bAVANT\s+LE|\bJUSQU'?AU|\bANTES\s+DEL?|\bTOT)"
    r"\W*$",
    re.I,
)


def _receipt_style(found: list[tuple[DateMatch, Row]]) -> str | None:
    """The day/month order ("dmy" or "mdy") the receipt's unambiguous numeric dates settle for
    its ambiguous ones, when they are of their time (a year apart at most: "ink1. 17.00 €", read
    as 1/17/00, is an amount, and says nothing of how "12.01.2024" is written); None when they
    settle nothing."""
    years = {d.date.year for d, _ in found if d.ambiguous}
    styles = {
        d.style
        for d, _ in found
        if not d.ambiguous
        and d.style in ("dmy", "mdy")
        and d.year_first is None  # ("25-11-26" may be written year first: no evidence)
        and (not years or min(abs(d.date.year - y) for y in years) <= 1)
    }
    return styles.pop() if len(styles) == 1 else None


def _other_way(d: DateMatch) -> tuple[dt.date, str] | None:
    """``d`` read with its day and month the other way round, and that reading's style (dmy for
    mdy and the other way); None when that reading is no date."""
    try:
        return d.date.replace(month=d.date.day, day=d.date.month), "mdy" if d.style == "dmy" else "dmy"
    except ValueError:
        return None


def _one_convention(found: list[tuple[DateMatch, Row]], style: str | None) -> list[tuple[DateMatch, Row]]:
    """One receipt uses one convention: an unambiguous numeric date settles the ambiguous ones
    (``style``, ``_receipt_style``'s)."""
    if style is None:
        return found
    fixed = []
    for d, row in found:
        if d.ambiguous and d.style in ("dmy", "mdy") and d.style != style:  # (not eight bare digits)
            d = DateMatch(_other_way(d)[0], d.start, d.end, True, d.has_time, style)
        fixed.append((d, row))
    return fixed


_TWO_DIGIT_PARTS = re.compile(r"^(\d{2})\s*([/\-.])\s*(\d{2})\s*\2\s*(\d{2})$")


def _year_first_agrees(found: list[tuple[DateMatch, Row]]) -> list[tuple[DateMatch, Row]]:
    """A card slip's ``18/09/24`` beside the receipt's ``Sep. 24, 2018``: a date of three
    two-digit parts that, read year first, is a date the receipt prints unambiguously (a month
    name, four-digit year first) is that date."""
    printed = {d.date for d, _ in found if d.style in ("name", "ymd")}
    if not printed:
        return found
    out = []
    for d, row in found:
        m = _TWO_DIGIT_PARTS.match(row.text[d.start : d.end]) if d.style in ("dmy", "mdy", "same") else None
        if m:
            try:
                year_first = dt.date(2000 + int(m.group(1)), int(m.group(3)), int(m.group(4)))
            except ValueError:
                year_first = None
            if year_first in printed:
                d = DateMatch(year_first, d.start, d.end, False, d.has_time, "ymd")
        out.append((d, row))
    return out


def _named_agrees(found: list[tuple[DateMatch, Row]]) -> list[tuple[DateMatch, Row]]:
    """An e-receipt's "Thursday, November 5, 2026" above its payment's "11/5/26 6:12 PM": a
    numeric date that could be read either way, one of which is a day the receipt writes out
    with the month's name (and the other is not), is that day, whatever the currency says of
    the order."""
    # (not a day written out on a row that says it is another: "Payment due 10 November 2026")
    named = {
        d.date
        for d, row in found
        if d.style == "name" and not (_DATE_NEGATIVE.search(row.text) or _OTHER_DAY_LABEL.search(row.text))
    }
    if not named:
        return found
    out = []
    for d, row in found:
        if d.ambiguous and d.style in ("dmy", "mdy") and d.date not in named:
            swapped, style = _other_way(d)
            if swapped in named:
                d = DateMatch(swapped, d.start, d.end, False, d.has_time, style)
        out.append((d, row))
    return out


# where short dates put the year first ("25-11-26" for 26 November 2025)
_YEAR_FIRST_REGIONS = {"KR", "JP", "CN", "TW", "HU", "MN"}
_YEAR_FIRST_CURRENCIES = {"KRW", "JPY", "CNY", "TWD", "HUF", "MNT"}


def _year_first_order(
    found: list[tuple[DateMatch, Row]],
    locale: str | None,
    currency: str | None,
    currency_settles: bool,
    upper: str = "",
) -> tuple[list[tuple[DateMatch, Row]], bool]:
    """Dates of three two-digit parts that may be read year first ("25-11-26"), read so when
    neither the receipt's other dates say they are read day first nor the locale, else the
    currency, says its short dates put the day or month first (Swedish kronor with the words of a
    Swedish receipt in ``upper``, its text in capitals, put the year first; "kr" alone, which
    Danish and Norwegian receipts print too, says nothing). Returns the dates and whether
    nothing settled the order (the dates read day first). (One printed elsewhere year first is
    read so already: ``_year_first_agrees``.)"""
    possible = [d for d, _ in found if d.year_first is not None]
    if not possible:
        return found, False
    years = {d.date.year for d in possible} | {d.year_first.year for d in possible}

    def near(d: DateMatch) -> bool:  # of the same time: "17.00 €" read as a date is no evidence
        return min(abs(d.date.year - y) for y in years) <= 1

    # the receipt's own evidence: a day-first date of its time, or the same date printed otherwise
    # ("13 octobre 2023" beside "13/10/23"); a date printed year first with four digits is none
    # (a German receipt's "13.04.23" beside its signature's "2023-04-13T12:48")
    printed = {d.date for d, _ in found if d.year_first is None}
    if any(
        not d.ambiguous and d.year_first is None and d.style in ("dmy", "mdy") and near(d) for d, _ in found
    ) or any(d.date in printed for d in possible):
        return found, False
    if locale:
        first = locale_region(locale) in _YEAR_FIRST_REGIONS
    elif currency == "SEK" and not swedish(upper):
        return found, True
    elif currency and currency_settles:
        first = currency in _YEAR_FIRST_CURRENCIES or currency == "SEK"
    else:
        return found, True
    if not first:
        return found, False
    out = [
        (DateMatch(d.year_first, d.start, d.end, False, d.has_time, "ymd") if d.year_first else d, row)
        for d, row in found
    ]
    return out, False


def _says_not_the_sale(d: DateMatch, row: Row, above: Row | None, others: list[DateMatch]) -> bool:
    """The date's own row or label says it is another day than the sale's: a deadline, an
    expiry, a birthday, a stay's day, the day a membership began."""
    if _deadline_above(d, row, above):
        return True
    # the label just before the date, back to the date before it on the row at most ("Invoice Date:
    # 14/11/2026 Due Date: 28/11/2026": the second is the deadline)
    before = row.text[max(0, d.start - 32, *(o.end for o in others if o.end <= d.start)) : d.start]
    return bool(_STAY_LABEL.search(before) or _NOT_THE_SALE.search(before))


def _deadline_above(d: DateMatch, row: Row, above: Row | None) -> bool:
    """The date starts its row and the row above ends in a deadline's words ("... may be
    returned by" / "January 15, 2022 or up to 45 days")."""
    return above is not None and not row.text[: d.start].strip() and bool(_DEADLINE_BEFORE.search(above.text))


def _another_day(
    d: DateMatch, row: Row, votes: dict, charges: set[int], own: frozenset | set = frozenset()
) -> bool:
    """The date is another day than the document's, which it prints another date beside: a
    delivery's, an order's, a service period's, a reprint's (``_OTHER_DAY_LABEL`` on its row, not on
    the ``own`` rows of ``_order_issued``), or one of its dated charges (``_charge_rows``)."""
    labelled = row.index not in own and bool(_OTHER_DAY_LABEL.search(row.text))
    return len(votes) > 1 and (row.index in charges or labelled)


_JOURNEY_LABEL = re.compile(_JOURNEY_DAY, re.I)


def _order_issued(found: list[tuple[DateMatch, Row]]) -> set[int]:
    """An order confirmation's rows of the day the order was placed, its other dates all days of
    collection or travel ("Order date: 18/06/2024" above "Collection from: 20/06/2024"): the
    document's own day, not another one as beside an invoice's day."""
    orders = {row.index for _, row in found if _ORDER_DAY.search(row.text)}
    rest = [row for _, row in found if row.index not in orders]
    return orders if orders and rest and all(_JOURNEY_LABEL.search(row.text) for row in rest) else set()


# an e-mail's header, printed or captured with the receipt it brought: the sender's address (with
# the day it was sent beside it, as Gmail prints it), the day it was sent ("Sent:", "Gesendet:",
# "Envoyé :"), and "Date:" among "From:", "To:" and "Subject:" rows
_MAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MAIL_SENT = re.compile(r"^\W*(?:SENT|GESENDET|ENVOY[EÉ]|INVIATO|ENVIADO|VERZONDEN|WYS[LŁ]ANO)\s*:", re.I)
_MAIL_DATE = re.compile(r"^\W*(?:DATE|DATUM|DATA|FECHA)\s*:", re.I)
_MAIL_FIELD = re.compile(
    r"^\W*(?:FROM|TO|CC|SUBJECT|VON|AN|BETREFF|DE|[ÀA]|OBJET|DA|OGGETTO|PARA|ASUNTO|VAN|AAN|ONDERWERP)\s*:",
    re.I,
)
_MAIL_SUBJECT = re.compile(r"^\W*(?:SUBJECT|BETREFF|OBJET|OGGETTO|ASUNTO|ONDERWERP|TEMAT)\s*:", re.I)
# a sender or a recipient as mail clients print them: "Uber Receipts <noreply@uber.com>"
_MAIL_NAMED_ADDRESS = re.compile(r"<\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*>")


def _mail_rows(found: list[tuple[DateMatch, Row]], rows: list[Row]) -> set[int]:
    """The rows of an e-mail's header whose date is the day the mail was sent, not the sale's: a
    "Sent:" row, or, among the header's "From:", "To:", "Subject:" rows, a "Date:" row or one at
    the sender's address. A receipt's e-mail printed to PDF puts it on top, with the weekday and
    the time a sale's date has. (A shop's own address beside its date, no header about, is none;
    nor an invoice's "To:" and "Date:" with no subject or mail address.)"""
    fields = [row.index for row in rows if _MAIL_FIELD.match(row.text)]
    senders = [row.index for row in rows if _MAIL_ADDRESS.search(row.text)]
    # a mail's header, not an invoice's "To: Contoso Ltd" above its "Date:": a subject, an
    # address in a header field, or one in angle brackets as mail clients print a sender
    header = any(
        _MAIL_SUBJECT.match(row.text)
        or _MAIL_NAMED_ADDRESS.search(row.text)
        or (_MAIL_FIELD.match(row.text) and _MAIL_ADDRESS.search(row.text))
        for row in rows
    )
    out = set()
    for _d, row in found:
        among_fields = header and any(abs(i - row.index) <= 1 for i in fields)
        labelled = _MAIL_DATE.match(row.text) or any(abs(i - row.index) <= 1 for i in senders)
        if _MAIL_SENT.match(row.text) or (among_fields and labelled):
            out.add(row.index)
    return out


# an amount on a row beside a date ("01.11.2026 Logis 115,00", "11/05/26 VISA ****1234 -865.24")
_AMOUNT = re.compile(r"(?<![\d.,:/])-?\d{1,7}[.,]\d{2}(?![\d.,:/%])")


def _charge_rows(found: list[tuple[DateMatch, Row]]) -> set[int]:
    """The rows of dated charges: a folio's nights, a statement's items, a parking slip's entry
    (a date on a row that prices something; two different days on such rows at least). Their
    dates are the charges', and printed again and again they outvoted the folio's own."""
    priced: dict[int, set] = {}
    for d, row in found:
        if _AMOUNT.search(row.text[: d.start] + " " + row.text[d.end :]):
            priced.setdefault(row.index, set()).add(d.date)
    days = {day for dates in priced.values() for day in dates}
    return set(priced) if len(days) > 1 else set()


def _date_score(
    d: DateMatch,
    row: Row,
    votes: dict,
    above: Row | None = None,
    settled: bool = False,
    charges: frozenset[int] | set[int] = frozenset(),
    own: frozenset[int] | set[int] = frozenset(),
) -> float:
    """The date's score as the sale's; ``settled``: the receipt's own dates settle the day/month
    order, and a date that can be read the other way round is as sure as one that cannot (the
    sale's "03/04/2025" beside a deadline's "17/04/2025"); ``charges``: the rows of dated charges
    (``_charge_rows``); ``own``: the rows of an order's day that is the document's (``_order_issued``)."""
    score = 0.0
    if _another_day(d, row, votes, charges, own):
        score += W.date_negative_label
    if _deadline_above(d, row, above):
        score += W.date_negative_label
    if L.DATE in L.classify(row.text[: d.start]) or L.DATE in L.classify(row.text):
        score += W.date_label
    # the label just before the date (a row may hold two columns: "Nächte 5 Rechnungsdatum : 10.01.20")
    before = row.text[max(0, d.start - 32) : d.start]
    if _ISSUE_LABEL.search(before):
        score += W.date_issue_label
    elif _STAY_LABEL.search(before):
        score += W.date_negative_label
    if d.has_time or re.search(r"\d{1,2}\s*:\s*\d{2}", row.text):
        score += W.date_with_time
    if not d.ambiguous or (settled and d.style in ("dmy", "mdy") and not d.turned):
        score += W.date_unambiguous
    if _DATE_NEGATIVE.search(row.text):
        score += W.date_negative_label
    if d.style == "compact":
        score += W.date_compact
    score += W.date_repeated * (votes[d.date] - 1)
    return score + W.date_per_row * row.index


def _not_future(found: list[tuple[DateMatch, Row]]) -> list[tuple[DateMatch, Row]]:
    """No receipt is dated after tomorrow: an ambiguous date that would be is read the other way
    round (a guess), one that cannot be is dropped (a date that could be read year first too is no
    exception: after tomorrow, it is more likely a deadline than a year-first date)."""
    latest = latest_possible()
    out = []
    for d, row in found:
        if d.date > latest and d.ambiguous:
            other = _other_way(d)
            if other is None:
                continue
            # (still ambiguous, and a guess: "11/12/2026" on a euro receipt of 5 December 2026 is
            # 12 November only if the till writes the month first, against the euro's order; it
            # may as well be a deadline or a misread)
            swapped, style = other
            d = DateMatch(swapped, d.start, d.end, True, d.has_time, style, turned=True)
        if d.date <= latest:
            out.append((d, row))
    return out


# what the currency says about the day/month order when no locale is given: the currencies of the
# countries whose short dates put the month first (dates.py's regions: the United States and
# Micronesia, the Marshall Islands, Palau, which pay in its dollar; the Philippines. Belize's
# dollar is not read)
_MONTH_FIRST_CURRENCIES = {"USD", "PHP"}


# where tills print both orders (Canada: 11/03/2026 is 3 November on one, 11 March on another)
_EITHER_ORDER_CURRENCIES = {"CAD"}


def _date_locale(locale: str | None, currency: str | None) -> str | None:
    if locale or not currency or currency in _EITHER_ORDER_CURRENCIES:
        return locale
    return "en_US" if currency in _MONTH_FIRST_CURRENCIES else "en_GB"


def choose_date(
    rows: list[Row], locale: str | None, currency: str | None = None, currency_settles: bool = True
) -> tuple[str | None, float, bool]:
    """The date of the sale, its confidence, and whether its day/month order is a guess (an
    ambiguous date, neither the receipt's unambiguous dates nor the locale nor a currency
    settling it: ``currency_settles`` False for a currency only guessed). Day/month order:
    the receipt's unambiguous dates, else the locale, else its currency (dollars: month first;
    euros, pounds and the rest: day first), else day first.
    A date after tomorrow read the other way round is no evidence of the order (a deadline,
    "return by 10.12.2026", would turn every date of the receipt): the convention is settled
    first, then such a date turned."""
    hint = _date_locale(locale, currency)
    upper = "\n".join(row.text for row in rows).upper()
    # (a Taiwanese receipt's "113/03/15" counts the years of the Republic)
    roc = currency == "TWD" or (locale is not None and locale_region(locale) == "TW") or taiwanese(upper)
    found = [(d, row) for row in rows for d in find_dates(row.text, hint, roc)]
    found = _named_agrees(_year_first_agrees(found))
    found, year_order_open = _year_first_order(found, locale, currency, currency_settles, upper)
    style = _receipt_style(found)
    settled = style is not None
    # (a date before the tax the receipt charges existed: its year misread)
    found = before_the_tax(_not_future(_one_convention(found, style)), upper, currency)
    if not found:
        return None, 0.0, False
    # (the day a receipt's e-mail was sent counts as a dated charge's: another day, no vote)
    mail = _mail_rows(found, rows)
    charges = _charge_rows(found) | mail
    # (a charge's day printed on every night's rows is no more the folio's for it)
    votes: dict = {}
    for d, row in found:
        votes[d.date] = votes.get(d.date, 0) + (row.index not in charges)
    votes = {day: max(1, n) for day, n in votes.items()}
    own = _order_issued(found)
    best, best_score = found[0], -99.0
    by_index = {row.index: row for row in rows}
    for d, row in found:
        score = _date_score(d, row, votes, by_index.get(row.index - 1), settled, charges, own)
        if score > best_score:
            best, best_score = (d, row), score
    d, row = best
    # a date whose row says it is not the sale's (the only one printed: "Valid until ...") is
    # returned as a guess, for a person to check
    on_row = [o for o, r in found if r is row]
    against = (
        _says_not_the_sale(d, row, by_index.get(row.index - 1), on_row)
        or _another_day(d, row, votes, charges, own)
        or row.index in mail
    )
    strength = W.date_strength_base + W.date_strength_per_point * (
        best_score if against else max(0.0, best_score)
    )
    conf = max(0.1, min(0.99, strength)) * row.confidence
    if d.ambiguous and hint is None:
        conf *= W.date_order_guessed
    elif d.ambiguous and locale is None:
        conf *= (1 + W.date_order_guessed) / 2
    guessed = (
        against or d.turned or (d.ambiguous and (hint is None or (locale is None and not currency_settles)))
    )
    if d.year_first is not None and year_order_open:  # read day first, but as well year first
        conf *= W.date_order_guessed
        guessed = True
    sure = _read_surely(d.date, found)
    worn = sure < W.date_digit_worn
    return d.date.isoformat(), conf * min(1.0, sure / W.date_digits_sure), guessed or worn


def _read_surely(day: dt.date, found: list[tuple[DateMatch, Row]]) -> float:
    """How surely ``day``'s digits were read where printed most surely (a date printed twice, once
    worn, is as sure as its clear printing); 1 when no line tells. A faded digit read as another
    is a date that parses and looks right: only this says it may be wrong."""
    sure = [s for d, row in found if d.date == day and (s := row.sureness(d.start, d.end)) is not None]
    return max(sure) if sure else 1.0
