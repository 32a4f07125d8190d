"""A document read as a receipt that says it records no payment: a quote, a pro-forma, a bill not
paid yet, a declined or a pre-authorised card payment, a till's training mode or its daily report,
a delivery note, a payslip, a statement, a bottle-return voucher.

Their totals are printed as a receipt's are ("Gesamtbetrag 1.688,61" under "ANGEBOT",
"AMOUNT £23.40" over "*** DECLINED ***") and were returned as money spent at 0.94 to 0.98. What
gives them away is a title on a row of its own, or a sentence that says so ("THIS IS NOT A
RECEIPT", "Keine Quittung"). A word that also names something in a sale is a title only: a
supermarket's "Angebot" is an offer on an item, priced on its row.
"""

from __future__ import annotations

import re

from . import labels as L
from .layout import LineLike, Row, group_rows

# the document's title, on a short row of its own with no price (a number may follow it:
# "ANGEBOT Nr. AN-2024-117", "DEVIS N° D-2024-0457", "QUOTATION #Q-1182"; or a month:
# "PAYSLIP November 2026", "Kontoauszug Mai")
_TITLES = {
    "quote": r"ANGEBOT|KOSTENVORANSCHLAG|DEVIS(?!E)|PRESUPUESTO|COTIZACION|PREVENTIVO|OFFERT[AE]"
    r"|ESTIMATE(?!D)|QUOTE|QUOTATION|ORCAMENTO|PROFORMA(?:INVOICE|RECHNUNG)?|(?:FACTURE|FACTURA)PROFORMA",
    "unpaid": r"PRECONTO|ZWISCHENRECHNUNG|PROVISIONALBILL",
    "delivery_note": r"DELIVERYNOTE|LIEFERSCHEIN|BONDELIVRAISON|ALBARAN|PAKBON|PACKINGSLIP",
    "till_report": r"[XZ](?:READ|REPORT|BERICHT|BON|RAPPORT|READING)|RAPPORT[XZ]|TAGESABSCHLUSS"
    r"|KASSENBERICHT|FINANZBERICHT",
    "training": r"TRAININGSMODUS|TRAININGMODE|MODEFORMATION|MODOENTRENAMIENTO",
    "payslip": r"PAYSLIP|PAYADVICE|PAYSTUB|(?:GEHALTS|LOHN|ENTGELT|VERDIENST)ABRECHNUNG"
    r"|BULLETINDE(?:PAIE|SALAIRE)|FICHEDEPAIE|NOMINA|BUSTAPAGA|CEDOLINO|(?:LOON|SALARIS)STROOK",
    "statement": r"(?:BANK|(?:CREDIT)?CARD|ACCOUNT|ANNUAL|MONTHLY|QUARTERLY)STATEMENT|STATEMENTOFACCOUNT"
    r"|KONTOAUSZUG|JAAROVERZICHT"
    r"|RELEVE(?:DE)?(?:COMPTE|CARTE)(?:VISA|MASTERCARD|CB|AMEX|BANCAIRE)?"
    r"|ESTRATTOCONTO|REKENINGAFSCHRIFT",
    "bottle_voucher": r"LEERGUTBON|PFANDBON|LEERGUTBELEG|PFANDBELEG|STATIEGELDBON",
    "pre_authorisation": r"PREAUTH(?!REF)|PREAUTHORI[SZ]ATION|PREAUTORISATION|PREAUTORIZACION"
    r"|PREAUTORIZZAZIONE|VORAUTORISIERUNG",
    "cancelled": r"SALEVOIDED|TRANSACTIONANNULEE|PAIEMENTANNULE",
    # a tax-free shopping form: the VAT a traveller gets back, the purchase on the shop's receipt
    "tax_refund": r"TAXFREE(?:FORM|CHEQUE|CHECK|SHOPPING)|TAXREFUND(?:FORM|CHEQUE|CHECK)?|VATREFUND(?:FORM)?"
    r"|(?:BORDEREAU)?(?:DE)?DETAXE|FORMULARIODEVOLUCIONIVA|RIMBORSOIVA|BTWTERUGGAVE|AUSFUHRBESCHEINIGUNG",
    # a menu or a price list: prices offered, no sale (a bill's "Menu du jour" is an item)
    "menu": r"CARTEDUJOUR|MENUDUJOUR|SPEISEKARTE|TAGESKARTE|GETRANKEKARTE|MENUDELDIA|MENUDELGIORNO"
    r"|DAGMENU|MENUKAART|PRICELIST|PREISLISTE|LISTINOPREZZI|LISTADEPRECIOS|PRIJSLIJST",
}
_MONTH = (
    r"(?:JANUARY?|JANVIER|ENERO|GENNAIO|FEBRUARY?|FEVRIER|FEBRERO|FEBBRAIO|MAR(?:CH|S|Z|ZO)|MAERZ|APRIL?"
    r"|AVRIL|ABRIL|APRILE|MA[IY]|MAGGIO|MAYO|JUNE?|JUIN|JUNI|JUNIO|GIUGNO|JULY?|JUILLET|JULI|JULIO|LUGLIO"
    r"|AUG(?:UST|USTUS)?|AOUT|AGOSTO|SEPT?(?:EMBER)?|SEPTEMBRE|SEPTIEMBRE|SETTEMBRE|O[CK]T(?:OBER)?|OCTOBRE"
    r"|OCTUBRE|OTTOBRE|NOV(?:EMBER)?|NOVEMBRE|NOVIEMBRE|DE[CZ](?:EMBER)?|DECEMBRE|DICIEMBRE|DICEMBRE)"
)
# (each kind's words a group named by the kind: the match's ``lastgroup``)
_TITLE = re.compile(
    r"(?:" + "|".join(f"(?P<{kind}>{words})" for kind, words in _TITLES.items()) + r")"
    r"(?:NR|NO|N|NUMMER|NUMBER|NUM)?(?:[A-Z]{0,3}|(?:FOR|FUR|DU|DE|DI)?" + _MONTH + r")"
)

# a sentence that says so, anywhere on a row with no amount
_SAYS = {
    "not_a_receipt": r"NOTARECEIPT|NOTAVALIDRECEIPT|KEINEQUITTUNG|KEINGULTIGERBELEG"
    r"|NONCOSTITUISCERICEVUTA|NOTANINVOICE|KEINERECHNUNG|CECINESTPASUNEFACTURE|GEENGELDIGEBON",
    "unpaid": r"NOTPAID|UNPAID|NIETBETAALD|NONPAYE|NICHTBEZAHLT|NONPAGATO|NOPAGADO|NONACQUITTE"
    r"|PAYMENTDUEONCOLLECTION|BETALENBIJAFHALEN|PAYABLEONCOLLECTION"
    r"|(?:ZAHLUNG|ZAHLBAR)BEI(?:LIEFERUNG|ABHOLUNG)"
    r"|BETA(?:LING|LEN)BIJ(?:AFLEVERING|LEVERING)|PAYMENTONDELIVERY|CASHONDELIVERY|PAYABLEONDELIVERY"
    r"|PAIEMENTALALIVRAISON|PAGOALAENTREGA|PAGAMENTOALLACONSEGNA"
    # a booking's confirmation: the stay is paid where it is spent ("You'll pay at the property")
    r"|(?:PAY|PAYABLE)AT(?:THE)?(?:PROPERTY|HOTEL|ACCOMMODATION)|ZAHL(?:ST|EN|UNG)(?:SIE)?INDERUNTERKUNFT"
    r"|(?:PAYEZ|PAYEREZ|PAIEMENT|REGLEREZ)(?:DIRECTEMENT)?(?:A|AUPRESDE)L?ETABLISSEMENT"
    r"|PAGAR(?:AS|A)ENELALOJAMIENTO|PAGOENELALOJAMIENTO|PAGHERAIPRESSOLASTRUTTURA"
    r"|PAGAMENTOPRESSOLASTRUTTURA|BETAALTBIJDEACCOMMODATIE|BETALINGBIJDEACCOMMODATIE",
    "declined": r"DECLINED|NOTAPPROVED|ABGELEHNT|PAIEMENTREFUSE|TRANSACTIONREFUSEE|CARTEREFUSEE"
    r"|DENEGAD|RIFIUTAT|NEGATA|GEWEIGERD|GEANNULEERD|NIETVOLTOOID|NOFUNDSHAVEBEENTAKEN|ZAHLUNGNICHTERFOLGT"
    r"|NICHTAUTORISIERT|NOTAUTHORI[SZ]ED|NOAPROBAD|NOAUTORIZAD|NONAUTORIZZAT",
    "pre_authorisation": r"THISISNOTACHARGE|AUCUNDEBITEFFECTUE",
    "training": r"TRAININGMODE|TRAININGSMODUS|MODEFORMATION",
    "till_report": r"TOTALTAKINGS",
}
_SAYS_RX = {kind: re.compile(words) for kind, words in _SAYS.items()}
# a payment that went through after all, printed after a declined or a pre-authorisation (a
# second card, the pre-authorisation's completion; a payment said paid is ``_PAID``'s)
_WENT_THROUGH = re.compile(
    r"(?<!NO)(?<!NON)(?<!NOT)(?<!NICHT)(?<!NIET)(?:APPROVED|GENEHMIGT|ZAHLUNGERFOLG"
    r"|(?:PAIEMENT|TRANSACTION)ACCEPTE|APROBAD|AUTORIZZAT|APPROVAT|GOEDGEKEURD|AKKOORD|COMPLETION"
    r"|ABSCHLUSS|FINALAMOUNT|TRANSAZIONEESEGUITA)"
)
# a document paid after all: said so, or a payment or change with its amount (a quote's or an
# order's number printed on the paid invoice, a pre-bill settled in cash)
_PAID = re.compile(
    r"(?<!NO)(?<!NON)(?<!NOT)(?<!UN)(?<!NICHT)(?<!NIET)(?:PAID|BEZAHLT|DANKENDERHALTEN|ERHALTEN|REGLE"
    r"|ACQUITTE|PAGADO|PAGATO|BETAALD)"
)
# the document's own title, a receipt's or an invoice's: a quote's or a delivery note's number on
# its rows is a reference ("Lieferschein-Nr. 80012345" under "Rechnung 2024-55")
_RECEIPT_TITLE = re.compile(
    r"^(?:TAX)?(?:INVOICE|RECEIPT|RECHNUNG|QUITTUNG|KASSENBON|FACTURE|FACTURA|SCONTRINO|RICEVUTA|FATTURA"
    r"|FACTUUR|KASSABON|BELEG)(?!PRO)"
)
# a bill not paid is paid by a cheque whose footer says what an unpaid one costs
# (and what is left to pay at a hotel beside a stay paid: its city tax, nothing: "City tax is payable
# at the property", "Nothing to pay at the hotel")
_FEES = re.compile(
    r"CHEQUE|CHECK|FEE|CHARGE|INTEREST|TAX|STEUER|TASSA|TASA|LEVY|ABGABE"
    r"|NOTHING|NICHTS|RIEN|NADA|NIENTE|NIETS"
)
# what a payment after it settles (a quote's or an order's number on a paid invoice, a pre-bill
# paid in cash), and what an approval after it settles too (a second card, a completion)
_SETTLED_BY_PAYMENT = frozenset({"quote", "delivery_note", "unpaid", "menu"})
_SETTLED_BY_APPROVAL = frozenset({"declined", "pre_authorisation", "cancelled"})
# titles that also name an item's offer ("OFFERTA"): a quote's only with its number
_NUMBERED = ("OFFERTA", "OFFERTE")
_PRICE = re.compile(r"\d[.,]\d{2}(?!\d)")
_LONGEST_TITLE = 30


# what each kind of document is, in words (for a warning)
KINDS = {
    "quote": "a quote",
    "unpaid": "a bill not paid yet",
    "delivery_note": "a delivery note",
    "till_report": "a till's report",
    "training": "a till in training mode",
    "payslip": "a payslip",
    "statement": "a statement",
    "bottle_voucher": "a bottle-return voucher",
    "pre_authorisation": "a pre-authorisation",
    "cancelled": "a cancelled payment",
    "declined": "a declined payment",
    "tax_refund": "a tax-free shopping form",
    "menu": "a menu or a price list",
    "not_a_receipt": "a document that says it is no receipt",
}


def no_payment(lines: list[LineLike]) -> str | None:
    """What the document is (a key of ``KINDS``) when it says it records no payment; else None."""
    kind, titled, settled = None, False, set()
    rows = group_rows(lines)
    for row in rows:
        text, key = row.text, L.compact(row.text)
        priced = _PRICE.search(text) is not None
        found = None if priced else _says(text, key, titled)
        if found is not None:
            kind, settled = found, set()  # (settled only by what is printed after it)
            continue
        titled = titled or (kind is None and _RECEIPT_TITLE.search(key) is not None)
        if kind is None:
            continue
        said = L.classify(text) if priced else set()
        if _PAID.search(key) or said & {L.TENDER, L.CHANGE}:
            settled |= _SETTLED_BY_PAYMENT | _SETTLED_BY_APPROVAL
        elif _WENT_THROUGH.search(key):
            settled |= _SETTLED_BY_APPROVAL
        elif said & {L.TOTAL, L.GRAND}:
            settled.add("menu")  # a bill that names its menu
    if kind is None and _voided_card_slip(rows):
        return "cancelled"
    return None if kind in settled else kind


# a card payment voided, the slip's title: "ANNULATION", "ANULACION", "STORNO", "VOID"; a French
# or a German till prints the same word over a line voided in a sale, so it is a card slip's only
# with a card's masked number and one amount
_VOIDED = re.compile(
    r"(?:ANNULATION|ANULACION|ANNULLAMENTO|STORNO|STORNIERUNG|VOID|ANNULERING)(?:[A-Z]{0,4})"
)
# (its stars or hashes read as digits, on a photo, after the card's name: "CB8888888888888812")
_MASKED_CARD = re.compile(
    r"[#*X•]{4,} ?\d{3,4}\b|(?:CB|CARD|CARTE|KARTE|TARJETA|CARTA|VISA|MAESTRO|MASTERCARD|AMEX)\W*\d{12,19}\b"
)
_AMOUNT = re.compile(r"\d+[.,]\d{2}(?!\d)")


def _voided_card_slip(rows: list[Row]) -> bool:
    """A card slip titled as a voided payment: a row of the title alone, a card's masked number,
    and one amount however often printed."""
    if not any(_VOIDED.fullmatch(L.compact(r.text)) and not _PRICE.search(r.text) for r in rows):
        return False
    if not any(_MASKED_CARD.search(r.text.upper()) for r in rows):
        return False
    amounts = {a.replace(",", ".") for r in rows for a in _AMOUNT.findall(r.text)}
    return len(amounts) == 1


def _says(text: str, key: str, titled: bool) -> str | None:
    """What an unpriced row says the document is (its title, or a sentence), if anything;
    ``titled``: a receipt's or an invoice's title is printed above it."""
    if len(key) <= _LONGEST_TITLE and (m := _TITLE.fullmatch(key)):
        found = m.lastgroup
        if titled and found in _SETTLED_BY_PAYMENT:
            return None  # a quote's or an order's number on an invoice
        if key.startswith(_NUMBERED) and not re.search(r"\d", text):
            return None  # Italian "OFFERTA" over an item on offer
        return found
    found = next((k for k, rx in _SAYS_RX.items() if rx.search(key)), None)
    return None if found == "unpaid" and _FEES.search(key) else found
