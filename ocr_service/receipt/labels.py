"""What a piece of receipt text labels: a total, a subtotal, tax, a payment, change, ...

Labels are matched on a compact form of the text (upper case, accents and everything but
letters removed) because recognisers often drop or invent the spaces between words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GRAND = "grand"  # a total that is the amount to pay (grand, net, rounded, incl. tax)
TOTAL = "total"  # a plain "total"
SUBTOTAL = "subtotal"
TAX = "tax"
TENDER = "tender"  # cash or card handed over
CHANGE = "change"
ROUNDING = "rounding"
DISCOUNT = "discount"
SERVICE = "service"
COUNT = "count"  # quantities and item counts
TAX_ID = "tax_id"  # registration numbers, not amounts
RECEIPT_NO = "receipt_no"
DATE = "date"


# letters with a stroke, which Unicode does not decompose into a letter and an accent
_STROKED = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


@lru_cache(maxsize=8192)
def _folded_upper(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_STROKED))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()


# "I.V.A.", "U.S.T.": an abbreviation printed with a point after each letter
_DOTTED = re.compile(r"(?<![A-Z.])(?:[A-Z]\.){2,}[A-Z]?(?![A-Z])")


def undotted(upper: str) -> str:
    """``'I.V.A. 10,00%'`` -> ``'IVA 10,00%'``: dotted abbreviations read as the word."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), upper)


@lru_cache(maxsize=8192)
def compact(text: str) -> str:
    """Upper-case letters only, accents folded: ``'Sub-Total (RM):'`` -> ``'SUBTOTALRM'``."""
    return re.sub(r"[^A-Z]", "", _folded_upper(text))


def _rx(*words: str) -> re.Pattern:
    return re.compile("|".join(words))


_SUBTOTAL = _rx(
    r"SUBTOTAL", r"SUBTTL", r"SUBTOT", r"SUBJUMLAH", r"ZWISCHENSUMME", r"SOUSTOTAL", r"^STOTAL", r"SUBTOTALE",
    r"TOTALEXCL", r"TOTALEX(?:GST|VAT|TAX)", r"[EI]X[CO]L(?:OF|GST|VAT|TAX|USIVE|UDING)",
    r"TOTAL(?:SALES|AMOUNT|AMT)?(?:BEFORE|EXCL|EXCLUSIVE|EXCLUDING)",
    # "Total Sales (Exc" and "ing GST)": the word read in two, its middle lost
    r"TOTAL(?:SALES|AMOUNT|AMT)?EXC(?:ING|$)",
    r"(?:AMOUNT|AMT|SALES)(?:EXCL|EXCLUDING|BEFORE)", r"EXCLUDING(?:GST|VAT|TAX|SST)",
    r"NETTOBETRAG", r"NETTOSUMME", r"^NETTO(?!TAL)", r"TOTALHT", r"^HT$", r"MONTANTHT",
    # "Summe Netto", not "Summe Netto + MwSt"
    r"^(?:SUMME|GESAMT)NETTO(?!.*(?:MWST|UST|STEUER|INKL|BRUTTO|ZUZAHLEN))",
    r"IMPONIBILE", r"IMPONIBLE", r"BEZ(?:DPH|PDV|DDV|VAT|PTU)", r"^NETSALES",
    r"^ARATOPLAM", r"MATRAH",  # Turkish (the subtotal, the tax base)
)  # fmt: skip
_GRAND = _rx(
    r"GRANDTOTAL", r"TOTALDUE", r"AMOUNTDUE", r"AMTDUE", r"BALANCEDUE", r"PAYMENTDUE", r"^DUE$",
    r"TOTALPAYABLE", r"AMOUNTPAYABLE", r"NETTO?TOTAL", r"NETTAMOUNT", r"NETAMOUNT", r"^NETAMT$",
    r"ROUNDE?D?TOTAL", r"TOTALROUND", r"TOBEPAID", r"AMOUNTTOPAY",
    r"TOTALAFTERROUND", r"ROUNDED", r"TOTALINCL", r"NCL(?:OF|GST|VAT|TAX|SST|USIVE|UDING)",
    r"INCLUSIVE", r"INCLUDING", r"INCL(?:GST|VAT|TAX|SST)",
    r"TOTALWITH", r"TOTALTTC", r"^TTC", r"MONTANTTTC", r"NETAPAYER", r"APAYER", r"ZUZAHLEN",
    # "Gesamte Zahlungsgebühr 0,70 €" is a fee (a "Gesamtgebühr" the total), "Insgesamt bezahlt
    # 58,69 €" the total (its tax, net or savings not)
    r"GESAMTBETRAG", r"^GESAMT(?!E?(?!GEB)[^\W\d_]{3,}GEB(?:Ü|UE|U)HR)",
    # an invoice's amount ("Rechnungsbetrag", "Endbetrag", "Zahlbetrag")
    r"^(?:RECHNUNGS|END|ZAHL)BETRAG(?!NETTO|OHNE|EXKL|ZZGL)",
    r"^INSGESAMT(?!NETTO|MWST|UST|STEUER|GESPART|ERSPAR|RABATT|PFAND)",
    # Italian "Totale" as a word of its own ("TOTALE COMPLESSIVO", "TOTALE EURO"), not an English
    # total whose next word starts with an E ("Total eV" points, "Total (Eat In)")
    r"^SUMME", r"HAUSSUMME", r"^SALDO$", r"^TOTALE(?=$|EURO?|COM|IVA|DOC|PAG|DAPAG)", r"IMPORTETOTAL",
    r"TOTALAPAGAR", r"APAGAR",
    r"TOTALEURO?", r"TOTALRM", r"TOTALMYR", r"TOTALUSD", r"TOTALSGD", r"JUMLAHBESAR", r"JUMLAHBERSIH",
    r"TOTALAMOUNT", r"TOTALAMT", r"TOTALSALES", r"TOTALBILL", r"BILLTOTAL", r"TOTALCHARGE",
    r"TOTALPRICE", r"TOTALTOPAY", r"PAYABLE", r"IMPORTOPAGATO", r"TOTALECOMPLESSIVO", r"DAPAGARE",
    r"TEBETALEN", r"TOTAALBEDRAG", r"TOTALCOMPRA", r"TOTALAPAYER", r"^TOTAAL",
    # the total in the other languages of Europe's receipts: Croatian, Serbian, Bosnian;
    # Czech, Slovak, Slovenian; Polish; Swedish, Danish, Norwegian; Finnish, Estonian;
    # Lithuanian; Hungarian
    r"^UKUPNO(?!POREZ|PDV|BEZ)", r"ZAPLATITI", r"^CELKEM(?!BEZ|DPH)", r"KUHRADE", r"NAUHRADU",
    r"^SPOLU(?:EUR)?$", r"^SKUPAJ", r"ZAPLACILO",
    r"^RAZEM", r"DOZAPLATY", r"^SUMA(?:PLN|EUR)?$", r"^SUMMA(?:SEK|KR|EUR)?$", r"ATTBETALA",
    r"(?:AT|A)BETALE$", r"^IALT$", r"YHTEENSA", r"^KOKKU", r"ISVISO", r"MOKETI$", r"^OSSZESEN", r"FIZETENDO",
    # Turkish: the total, the grand total, the amount to pay (not "TOPLAM KDV", the total tax)
    r"^TOPLAM(?!KDV|INDIRIM|ISKONTO)", r"^GENELTOPLAM", r"^ODENECEK",
    # Vietnamese: the total, the total to pay ("Tổng cộng", "Tổng thanh toán", "Cần thanh toán");
    # Indonesian: the total to pay ("Total bayar")
    r"^TONGCONG", r"^TONGTHANHTOAN", r"^(?:CAN|PHAI)THANHTOAN", r"^THANHTOAN$", r"^TOTALBAYAR$",
)  # fmt: skip
_TOTAL = _rx(
    r"TOTAL",
    r"^TOT$",
    r"^TTL",
    r"JUMLAH",
    r"^AMOUNT$",
    r"^AMT$",
    r"^BETRAG",
    r"^MONTANT",
    r"^IMPORTE",
    r"^IMPORTO",
    r"^BEDRAG",
    r"^AMOUNT(?:GBP|EUR|USD|AUD|CAD|CHF)$",
    r"^PURCHASE$",
    r"^TONGTIEN",  # Vietnamese: "Tổng tiền (hàng)", the sum of the goods
)
_TAX = _rx(
    # SST whole, not inside a word ("Weisstier", "passt")
    r"GST", r"^SST|(?<=TOTAL)SST|(?<=INCL)SST|SST(?=\d)|(?<=\d)SST", r"MWST", r"TAX", r"STEUER",
    r"CUKAI", r"^CUOTA", r"^IMPOSTA", r"^IMPUESTO",
    r"POREZ", r"PODATEK",
    r"^TOPKDV", r"^TOPLAMKDV", r"^KDV(?!MATRAH)",  # Turkish (not "KDV Matrahı", the base)
)  # fmt: skip
# The short names of value-added and sales taxes: they occur inside ordinary words (PRIVATE,
# CUSTOMER, FESTIVAL), so whole words only. One list for every rule that looks for a tax line
# (the tax amount's label here, the tax table's context, the total tax's label).
# (India's central, state, union territory and integrated GST: "CGST", "SGST", "UTGST", "IGST";
# Poland's PTU run into its rate's letter, "PTUB 8%" for "PTU B 8%")
TAX_NAMES = (
    r"(?<![A-Z])(?:VAT|TVA|UST|IVA|BTW|(?:C|S|UT|I)?GST|HST|PST|QST|TPS|TVQ|PPN|PDV|PVM|PTU[A-G]?|IGV"
    r"|MOMS|ALV|DPH|MVA|AFA|DDV|PVN|KAIBEMAKS|KDV)(?![A-Z])"
)
_TAX_WORDS = re.compile(TAX_NAMES)
_TAX_ID = _rx(
    r"(?:GST|VAT|TAX|SST|TVA|IVA|UST|MWST)(?:REG|ID|NO|NUM|NR|IDENT)", r"REGNO", r"REGISTRATION",
    r"COMPANYNO", r"COREG", r"^ROC", r"^BRN", r"^ABN", r"^TIN", r"SIRET", r"SIREN", r"^NIF",
    r"^CIF", r"STEUERNR", r"USTID", r"TAXINVOICE", r"INVOICE$", r"SUMMARY", r"ANALYSIS", r"CODE",
)  # fmt: skip
_TENDER = _rx(
    r"CASH(?!IER)", r"TENDER", r"PAID", r"PAYMENT(?!DUE)", r"CARD", r"VISA", r"MASTER", r"AMEX", r"DEBIT",
    r"CREDIT", r"EFTPOS", r"^NETS(?!ALES)", r"RECEIVED", r"^BAR$", r"^BARGELD", r"GEGEBEN", r"ESPECES",
    r"EFECTIVO", r"CONTANTI", r"TUNAI", r"(?<!TOTAL)BAYAR", r"VOUCHER", r"ALIPAY", r"WECHAT", r"GRABPAY",
    r"BOOST", r"TOUCHNGO", r"EWALLET", r"PAYPAL", r"APPLEPAY", r"GOOGLEPAY", r"CHEQUE", r"CHECK$",
    r"CONTANT", r"^PIN$", r"TARJETA", r"ENTREGADO", r"^CB$", r"^CARTE(?:BANCAIRE|BLEUE)?$",
    r"KARTENZAHLUNG", r"^ECKARTE", r"^EC$", r"BANCOMAT", r"PAGAMENTOELETTRONICO", r"PINNEN", r"MAESTRO",
    r"CONTACTLOOS", r"CONTACTLESS", r"^CBSANSCONTACT",
    # cash and card in Croatian, Czech, Polish, Swedish, Danish, Finnish, Estonian,
    # Lithuanian, Hungarian
    r"^GOTOVINA", r"^KARTIC[AE]", r"^HOTOVOST", r"^PLATEBNIKARTA", r"^GOTOWKA", r"^KARTA(?:PLATNICZA)?$",
    r"^KONTANT", r"^KORT$", r"^KORTBETALNING", r"^KATEINEN", r"^KORTTI", r"^SULARAHA", r"^KAART$",
    r"^GRYNIEJI", r"^KORTELE", r"^KESZPENZ", r"^BANKKARTYA",
    r"^NAKIT", r"^KREDIKARTI",  # Turkish
    r"^TIENMAT", r"^(?:TIEN)?KHACHDUA", r"^KHACHTRA",  # Vietnamese: cash, the customer's money
)  # fmt: skip
_CHANGE = _rx(
    r"(?<!EX)CH[AOU]NGE", r"^CHG", r"CHANGEDUE", r"^BALANCE$", r"^BAL$", r"RUCKGELD", r"RUECKGELD", r"RENDU",
    r"MONNAIE", r"CAMBIO", r"VUELTO", r"^RESTO$", r"BAKI", r"KEMBALI", r"TROCO", r"WISSELGELD",
    r"^TERUG$", r"ZURUCK", r"WECHSELGELD", r"ARENDRE", r"DEVOLVER",
    r"^POVRAT", r"^VRACENO", r"^VRATIT", r"^RESZTA", r"^VAXEL", r"^BYTTEPENGE", r"^VAIHTORAHA", r"^TAGASI",
    r"^GRAZA", r"^VISSZAJARO", r"^PARAUSTU",
    r"^TIENTHUA", r"^TIENTHOI", r"^(?:TIEN)?TRALAI", r"^TRAKHACH",  # Vietnamese
)  # fmt: skip
_ROUNDING = _rx(
    r"ROUNDING", r"ROUNDADJ", r"^ROUND$", r"^ADJ", r"ADJUSTMENT", r"RUNDUNG", r"ARRONDI", r"PENGGENAPAN"
)
_DISCOUNT = _rx(
    r"DISCOUNT", r"^DISC", r"SAVING", r"RABATT", r"REMISE", r"DESCUENTO", r"SCONTO", r"PROMO",
    r"DISKAUN", r"(?<!CONTACT)LESS$", r"COUPON", r"MEMBERPRICE", r"PREISVORTEIL", r"^AKTION", r"REDUCTION",
    r"^DTO$", r"KORTING", r"^ACTIE", r"MULTIBUY",
)  # fmt: skip
# what a customer saved or collected, under a total's word ("TOTAL SAVED THIS YEAR", "Gesamt
# gespart", "Total économisé", "Total cagnotte", "Totaal voordeel", "Ihr Vorteil", "You save"): a
# discount, never an amount paid
_SAVED = _rx(
    r"SAVED", r"GESPART", r"ERSPARNIS", r"ECONOMISE", r"CAGNOTTE", r"AHORR", r"RISPARMI", r"BESPAARD",
    r"(?:UW|JE|TOTAAL)VOORDEEL", r"(?:IHR|DEIN|GESAMT)VORTEIL", r"YOUSAVE",
)  # fmt: skip
_SERVICE = _rx(
    r"SERVICECHARGE",
    r"SERVICECHG",
    r"^SVC",
    r"^SC$",
    r"SERVICE$",
    r"TIP",
    r"GRATUITY",
    r"TRINKGELD",
    r"POURBOIRE",
)
_COUNT = _rx(
    r"QTY", r"QUANTITY", r"ITEMS?$", r"^ITEM", r"UNITS?$", r"PCS", r"^NOOF", r"ARTIKEL", r"ARTICLES",
    r"(?<!DIS)(?<!AC)COUNT", r"TOTALQ", r"PAX", r"KUANTITI",
)  # fmt: skip
_RECEIPT_NO = _rx(
    r"RECEIPT(?:NO|NUM|NUMBER|ID)?", r"RCPT", r"INVOICE(?:NO|NUM|NUMBER)",
    r"INV(?:NO|NUM|OICENUM)",
    r"BILL(?:NO|NUM|NUMBER)", r"CASHBILL", r"DOC(?:UMENT)?(?:NO|NUM|NUMBER)",
    r"TRANS(?:ACTION)?(?:NO|NUM|ID)",
    r"TRXNO", r"TXN", r"ORDER(?:NO|NUM|NUMBER)", r"^ORDER$", r"CHECK(?:NO|NUM)?$", r"CHK",
    r"SLIPNO", r"TICKET(?:NO)?", r"BELEG(?:NR|NUMMER)?", r"BON(?:NR|NUMMER)", r"RECHNUNG(?:SNR|SNUMMER)",
    r"FACTURE", r"FACTURA", r"^REF(?:NO)?$", r"NORESIT", r"RESIT", r"^CS$", r"^INV$", r"^NO$",
    r"SERIAL", r"^TRN$", r"^SO$",
)  # fmt: skip
_DATE = _rx(r"DATE", r"DATUM", r"FECHA", r"TARIKH", r"^DT$", r"BILLDT", r"^DATA$")

# what each pattern announces, on the label without spaces and punctuation
_KINDS = (
    (TAX_ID, _TAX_ID), (COUNT, _COUNT), (TAX, _TAX), (TENDER, _TENDER), (CHANGE, _CHANGE),
    (ROUNDING, _ROUNDING), (DISCOUNT, _DISCOUNT), (SERVICE, _SERVICE), (RECEIPT_NO, _RECEIPT_NO),
    (DATE, _DATE),
)  # fmt: skip
# the first that matches: a subtotal is no total, and a grand total no plain total
_TOTALS = ((SUBTOTAL, _SUBTOTAL), (GRAND, _GRAND), (TOTAL, _TOTAL))


# "(Total included GST @ 6%: 1.42)", "*6% GST Included 1.87": the tax a total holds, not a total
_TAX_INCLUDED = re.compile(r"INCLUDED|INCLUDES|ENTHALTEN")


def _tax_included(key: str, label: str) -> bool:
    return "%" in label and bool(_TAX_INCLUDED.search(key))


# a word the recogniser made of TOTAL, SUBTOTAL or ROUNDING with one letter wrong, lost or added
# ("Totai", "Tota1", "lotal", "TOTL", "Tutal", "SUOTOTAL", "Raunding"); TOTALE, TOTAAL and TOTALS are words
# of their own
_WORD = re.compile(r"[A-Z0-9]+")
_MENDED = ("TOTAL", "SUBTOTAL", "ROUNDING")
_OWN_WORDS = {
    "TOTAL",
    "TOTALE",
    "TOTAAL",
    "TOTALS",
    "SUBTOTAL",
    "SUBTOTALE",
    "SUBTOTALS",
    "ROUNDING",
    "ROUNDINGS",
}


def _one_edit(word: str, target: str) -> bool:
    if len(word) == len(target):
        return sum(a != b for a, b in zip(word, target, strict=True)) == 1
    if abs(len(word) - len(target)) != 1:
        return False
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _mended_word(word: str) -> str:
    if word in _OWN_WORDS or len(word) < 4:
        return word
    return next((target for target in _MENDED if _one_edit(word, target)), word)


@lru_cache(maxsize=8192)
def mend_total(label: str) -> str:
    """``label`` with each word one letter away from TOTAL, SUBTOTAL or ROUNDING read as that
    word."""
    return _WORD.sub(lambda m: _mended_word(m.group(0)), _folded_upper(label))


def _total_kind(key: str) -> str | None:
    kind = next((kind for kind, regex in _TOTALS if regex.search(key)), None)
    if kind == GRAND and _fee_inclusive(key):
        return _TOTAL.search(key) and TOTAL
    return kind


# "incl. VAT", "inclusive": a total when the label says nothing else ("Incl. GST", "Total incl.
# VAT", "Amount inclusive of tax"), not a fee or an item that says what its price holds
# ("Delivery incl. VAT 3.99", "Service 12.5% inclusive 6.25", "Carrier bag incl VAT 0.10")
_INCLUSIVE = re.compile(r"I?NCL(?:OF|GST|VAT|TAX|SST|USIVE|UDING)|INCLUSIVE|INCLUDING")
_TOTAL_WORDS = re.compile(
    r"(?:GRAND|TOTAL|TOT|TTL|AMOUNT|AMT|SALES|NETT?|PRICE|SUMME?|GESAMT|BETRAG|ROUNDE?D?|BILL|PAYABLE"
    r"|PAID|DUE|JUMLAH|TOTALE|TOTAAL|IMPORTE|MONTANT|RM|MYR|EUR|USD|GBP|SGD|AUD|CAD"
    r"|GST|VAT|TAX|SST|MWST|UST|TVA|IVA|BTW)*"
)


def fee_inclusive(label: str) -> bool:
    """A fee or an item that says its price holds the tax ("Delivery incl. VAT"): neither the
    total nor the tax."""
    return _fee_inclusive(compact(label))


def _fee_inclusive(key: str) -> bool:
    """The label's only total word is an "incl." after words that name something else."""
    m = _INCLUSIVE.search(key)
    if m is None or _GRAND.search(key[: m.start()] + "-" + key[m.end() :]):
        return False
    before = key[: m.start()]
    # a total word misread by one letter ("Anount Incl. GST") is still one
    return not _TOTAL_WORDS.fullmatch(before) and not any(
        _one_edit(before, word) for word in ("AMOUNT", "TOTAL", "TOTALAMOUNT", "GRANDTOTAL")
    )


# "Totaal BTW", "Summe MwSt", "Total Tax Amount": the total of the tax, not the amount paid
_TAX_TOTAL = re.compile(
    r"^(?:TOTAAL|TOTALE|TOTAL|SUMME|GESAMT|JUMLAH)(?:SALES)?"
    r"(?:GST|SST|VAT|TAX|MWST|UST|STEUER|BTW|TVA|IVA|CUKAI)"
    r"(?:AMOUNT|AMT|BETRAG|SUMME)?(?:RM|EUR|EURO|USD|GBP)?$"
)


_TOT_WORD = re.compile(r"(?<![A-Z])TOT(?![A-Z])")


def _gst_inside_words(key: str, label: str) -> bool:
    """The letters GST, the only tax word of the label, each inside a printed word
    ("1 EGGSTRAVAGANZA", "Kingston", "Langstr."): no tax. Glued to a word on one side only
    ("TOTALGST", "GSTRM") they still name it."""
    if _TAX.search(key.replace("GST", "-")):
        return False
    return not re.search(r"(?<![A-Z])GST|GST(?![A-Z])", _folded_upper(label))


def _tax_inside_words(key: str, label: str) -> bool:
    """The letters TAX, the only tax word of the label, each inside a word an item or a fare
    is called ("1 Metaxa Platte", "Taxi", "TAXIFAHRT"): no tax. "TAXES", "TaxAmt",
    "FoodTAX1" and "TOTALTAX" still name it."""
    folded = _folded_upper(label)
    if _TAX.search(key.replace("TAX", "-")) or _TAX_WORDS.search(folded):
        return False
    return "TAX" in folded and not re.search(TAX_NOT_IN_ITEM, folded)


# the words a row or label that sums several taxes or a tax table's columns starts with
SUM_WORDS = r"UKUPNO|SUMME|TOTAL|GESAMT|RAZEM|CELKEM|SKUPAJ|TOTAAL|TOTALE"

# TAX but not in the brandy a Greek restaurant serves nor the cab ("TAXINCL" is still a tax);
# the total tax's label (tax.py) goes by it too
TAX_NOT_IN_ITEM = r"(?<!ME)TAX(?!I(?!N))"


def classify(label: str) -> set[str]:
    """The kinds of amount a label text announces (empty when it announces none).

    A total label no pattern knows is read again with a misread TOTAL mended."""
    key = compact(label)
    if not key:
        return set()
    kinds = {
        kind
        for kind, regex in _KINDS
        if regex.search(key)
        and not (kind == TAX and (_gst_inside_words(key, label) or _tax_inside_words(key, label)))
    }
    total = _total_kind(key)
    mended = compact(mend_total(label))
    if mended != key:
        if ROUNDING not in kinds and _ROUNDING.search(mended):
            kinds.add(ROUNDING)
        if total in (None, TOTAL) and (mended_total := _total_kind(mended)) not in (None, TOTAL):
            total, key = mended_total, mended
        elif total is None and (total := _total_kind(mended)) is not None:
            key = mended
    if total == TOTAL and key == "TOT" and not _TOT_WORD.search(_folded_upper(label)):
        total = None  # "7.00%to:15.37t:1.08": letters of a garbled tax row, not the word TOT
    if _SAVED.search(key):
        kinds.add(DISCOUNT)
        total = None
    if total:
        kinds.add(total)
    if TAX not in kinds and (_TAX_WORDS.search(undotted(_folded_upper(label))) or _one_edit(key, "SALESTAX")):
        kinds.add(TAX)  # "SALES TAN", "SALES YAX": the US tax line with a letter misread
    return _tax_said(kinds, key, label)


_TOURIST_LEVY = re.compile(
    r"KURTAXE|ORTSTAXE|KURBEITRAG|GASTEBEITRAG|BETTENSTEUER|BEHERBERGUNGS(?:STEUER|ABGABE)|TAXEDESEJOUR"
    r"|TASSADISOGGIORNO|IMPOSTADISOGGIORNO|TOURIST(?:EN)?TAX|TOERISTENBELASTING|IMPUESTOTURISTICO"
    r"|TAXATURISTICA|TASATURISTICA"
)


def _tax_said(kinds: set[str], key: str, label: str) -> set[str]:
    """The kinds, once what the label says of the tax is heard: the tax a total holds, or the
    total of the tax, is no total; a price that holds its tax ("Delivery incl. VAT") no tax."""
    if TAX in kinds and (_tax_included(key, label) or _TAX_TOTAL.search(key)):
        kinds -= {GRAND, TOTAL, SUBTOTAL}
    if _fee_inclusive(key) or "MATRAH" in key or _TOURIST_LEVY.search(key):
        # (Turkish "KDV Matrahı": the base the VAT is on; a tourist levy a hotel charges per night,
        # "Kurtaxe", "Taxe de séjour": an item of the bill, no VAT or sales tax)
        kinds.discard(TAX)
    return kinds


def is_tax_label(kinds: set[str], label: str) -> bool:
    """Tax amount label: tax named, not a registration number, not a total incl./excl. tax."""
    if TAX not in kinds or TAX_ID in kinds and "TOTAL" not in compact(label):
        return False
    key = compact(label)
    if re.search(r"VOR\w?EIL|SENKUNG", key):
        return False  # the tax cut given back as a discount ("MwSt.-Vorteil", "MwSt-Senkung")
    if _tax_included(key, label):
        return True
    if re.search(r"INCL|EXCL|INCLUSIVE|EXCLUSIVE|INCLUDING|EXCLUDING|WITH|BEFORE|AFTER", key):
        return False
    return not ({SUBTOTAL, GRAND, TENDER, CHANGE} & kinds) or bool(
        re.search(r"TOTAL(?:GST|VAT|TAX|SST)", key)
    )


# a tax's rate named by its level, not its figure ("Btw laag", "Btw hoog"; "VAT reduced")
_LEVEL = re.compile(
    r"(?<![A-Z])(LAAG|HOOG|LOW|HIGH|REDUCED|STANDARD|REDUIT|NORMAL|ERMASSIGT|VOLL|REDUCIDO|GENERAL"
    r"|RIDOTTA|ORDINARIA)(?![A-Z])"
)


def rate_level(label: str) -> str | None:
    """The level a tax label names its rate by (``LAAG``, ``HOOG``, ``REDUCED`` ...), if any."""
    m = _LEVEL.search(_folded_upper(label))
    return m.group(1) if m else None


# a document that gives money back or undoes a sale, named on a row of its own ("REFUND RECEIPT",
# "*** TRANSACTION VOIDED ***", "AVOIR - REMBOURSEMENT", "GUTSCHRIFT / RÜCKNAHME", "CREDIT NOTE").
# Not a voided item's "STORNO", "VOID" or "VOIDED" in a sale, a footer's "RETURNS" heading, nor a
# bottle deposit given back ("Leergut Rücknahme -0,25": a row that prices)
_UNDONE_WORD = (
    r"(?:REFUND|RETURN|MERCHANDISERETURN|CREDITNOTE|CREDITMEMO|GUTSCHRIFT|RUE?CKNAHME|RUE?CKGABE"
    r"|STORNOBELEG|STORNOBON|AVOIR|REMBOURSEMENT|NOTADICREDITO|RESO|RIMBORSO|DEVOLUCION|REEMBOLSO"
    r"|NOTADECREDITO|RETOURBON|CREDITNOTA|ZWROT|TRANSACTIONVOIDED|TRANSACTIONCANCELL?ED"
    r"|(?:BON|BELEG)STORNIERT|VENTEANNULEE|ANNULLATO|ANULADO)"
)
_UNDONE_TITLE = re.compile(_UNDONE_WORD + r"(?:RECEIPT|SLIP|BELEG)?(?:" + _UNDONE_WORD + r")?")


def undoing_title(text: str) -> bool:
    """Whether ``text`` is a row naming a refund, a credit note or a voided sale (``_UNDONE_WORD``)."""
    return not re.search(r"\d", text) and _UNDONE_TITLE.fullmatch(compact(text)) is not None


# an item table's heading, its tax column named among quantities and unit prices ("Pos.
# Bezeichnung Menge Einzelpreis MwSt. Betrag", "Description Qty Unit price VAT Amount"): its rows
# are items, not a tax table's (in capitals, accents folded; a description alone heads tax tables
# too: "VAT Description  Rate  VAT")
ITEM_HEADING = re.compile(
    r"(?<![A-Z])(?:QTY|QUANTITY|QUANTITE|QTE|QUANTITA|MENGE|ANZAHL|AANTAL|CANTIDAD|CANT|EINZELPREIS"
    r"|UNIT ?PRICE|PRIX UNITAIRE|PRECIO UNIT|PREZZO UNIT|PRIJS PER STUK|STUKPRIJS)(?![A-Z])"
)
