"""What business names look like on a receipt: legal forms, trade words, and the lines that are
no name (addresses, phone and registration lines, titles)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .currency import _CODES as _CURRENCY_CODES
from .labels import undoing_title


@dataclass
class _Segment:
    """Neighbouring lines of one row read as one phrase."""

    text: str
    confidence: float
    bbox: list[float]
    row: int = 0
    priced: bool = False  # its row holds a price
    # a bracket left open at its end, its place cut from the name: the next line goes on with it
    open_bracket: bool = False


_SUFFIX = re.compile(
    r"(?:SDN|5DN|SDIN|SON|SDM)\.?\s*(?:BHD|BH|BND|3HD|8HD|BHO)|(?<![^\W\d_])BHD\.?(?![A-Z])|"
    r"(?<![^\W\d_])S/B(?![A-Z])|"
    # "SB" for Sdn Bhd after a name's word ("MYNEWS RETAIL SB"); not a code ("SB01", "SB-5882")
    r"(?<=[A-Z] )SB(?![A-Z0-9\-])|"
    r"(?<![^\W\d_])(?:LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CORPORATION|CO\.?\s*KG|CO\.|COM[PF]ANY|GMBH|SARL|SAS|"
    r"S\.A\.|S\.L\.|SRL|S\.R\.L|SPA|S\.P\.A|PLC|PTY|PTE|B\.V\.|LLP|(?<=[A-Z] )AG|OHG|N\.V\.|BV|"
    r"EURL|SNC|S\.N\.C|(?<=[A-Z] )UG|(?<=[A-Z], )SLU?|"
    r"E\.K|V\.O\.F|S\.COOP|S\.L\.U|S\.A\.S|S\.A|"
    # Croatian, Slovenian, Serbian d.o.o. and d.d.; Czech and Slovak s.r.o.; Polish sp. z o.o.;
    # Nordic A/S, ASA, Oy (not AB: German "ab 18 Jahren"); Lithuanian UAB; Hungarian Kft. and Zrt.
    r"D\.\s?[O0]\.\s?[O0]|D\.\s?D|S\.\s?R\.\s?O|SP\.\s?Z\s?O\.\s?O|A/S|ASA|(?<=[A-Z] )OYJ?|"
    r"UAB|KFT|ZRT)(?![A-Z])",
)
_TRADE = re.compile(
    r"ENTERPRISE|TRADING|RESTAURANT|RESTORAN|CAFE|CAFÉ|COFFEE|BAKERY|HARDWARE|STATIONERY|MART|STORE|"
    r"SHOP|SUPERMARKET|MARKET|PHARMACY|FARMASI|HOTEL|GROUP|HOLDINGS|INDUSTRIES|SERVICES|STATION|"
    r"PETROL|KEDAI|SYARIKAT|PERNIAGAAN|ELECTRICAL|BOOK|FOOD|BISTRO|KITCHEN|GROCER|TRADERS|MOTOR|"
    r"AUTO|DIY|BAR|PUB|PIZZA|BURGER|STEAK|SUSHI|NOODLE|DELI|BOUTIQUE|OUTLET|CENTRE|CENTER|EMPORIUM|"
    r"MINI ?MARKET|CASH\s*&\s*CARRY|HYPERMARKET|TEA|BAKERY|PASTRY|BOULANGERIE|APOTHEKE|MARCHE|"
    r"PIZZERIA|RISTORANTE|TRATTORIA|OSTERIA|"
    # German trades ("Bäckereien GmbH", "Metzgerei", "Gaststätte")
    r"B(?:Ä|AE|A)CKEREI(?:EN)?|KONDITOREI|METZGEREI|FLEISCHEREI|GASTST(?:Ä|AE)TTE|GASTHAUS|GASTHOF|"
    r"WIRTSHAUS|BRAUHAUS|IMBISS|DROGERIE|BUCHHANDLUNG|GETR(?:Ä|AE)NKEMARKT",
)
_ADDRESS = re.compile(
    r"(?<![^\W\d_])(?:JALAN|JLN|LORONG|LRG|TAMAN|TMN|PERSIARAN|LEBUH|KAMPUNG|BANDAR|"
    r"ROAD|RD\.?|STREET|ST\.|AVENUE|AVE|BOULEVARD|BLVD|LANE|DRIVE|HIGHWAY|HWY|SUITE|FLOOR|"
    r"LOT|BLOK|BLOCK|UNIT|NO\.|TINGKAT|ARAS|SEKSYEN|SECTION|INDUSTRIAL|PARK|PLAZA|MALL|"
    r"STRASSE|STR\.|PLATZ|WEG|RUE|AVENIDA|CALLE|CAMINO|VIA|PIAZZA|"
    r"KUALA LUMPUR|SELANGOR|JOHOR|PENANG|"
    r"MALAYSIA|SINGAPORE|KAWASAN|PERINDUSTRIAN|DARUL|BANGUNAN|WISMA|MENARA|PUSAT\s+PERNIAGAAN)(?![A-Z])"
    r"|(?<![^\W\d_])(?:KG|NO|JLN|LOT|ST|RD|UL)\.|(?<![^\W\d_])NO\s*:|(?<![^\W\d_])LEVEL\s*\d|STRASSE|\d{5}"
    r"|(?<![\d-])\d{2}-\d{3}(?![\d-])"  # a Polish street ("ul.") and postcode ("80-894")
    # a Czech, Slovak or Swedish postcode before its town ("110 00 PRAHA", "114 55 STOCKHOLM"), not
    # an amount whose comma was lost before its currency ("123 45 EUR")
    r"|(?<![\d.,])\d{3} \d{2}"
    r"(?=\s+(?!(?:EUROS?|EUR|SEK|CZK|USD|NOK|DKK|PLN|HUF|CHF|GBP|RON)(?![A-Z]))[A-ZÀ-Ž]{3})"
    # a street of one word with its house number ("NEUSTIFTGASSE 9", "POHLWEG 110", "KEIZERSGRACHT
    # 12"), a postcode with its country's letters ("A-1070", "D-10115", "CH-8001")
    r"|[A-ZÄÖÜ]{2}(?:GASSE|STRASSE|STR\.|WEG|ALLEE|PLATZ|DAMM|UFER|CHAUSSEE|STEIG|STRAAT|GRACHT|PLEIN"
    r"|LAAN|KADE)"
    r"\s?\d{1,4}[A-Z]?(?![\d.,]*\d)"
    r"|(?<![A-Z0-9])(?:A|D|CH|F|B|L|NL|I|E|P|DK|S|FI|N|CZ|PL|H)-\s?\d{4,5}(?![\d.,])",
)
_CONTACT = re.compile(
    r"(?<![^\W\d_])(?:TEL|TELEFON|PHONE|FAX|H/P|HP|MOBILE|HOTLINE|WHATSAPP|EMAIL|E-MAIL|WEBSITE)(?![A-Z])|"
    r"@|WWW\.|HTTP|\.COM|\.MY(?![A-Z])|\d{2,4}[- ]\d{3,4}[- ]?\d{3,4}|\(\d{3}\)\s*\d{3}[- ]\d{3,4}"
    # a web address without its "www" (or with it misread): host.tld ending the line
    r"|^\S*[A-Z0-9-]{3,}\.(?:COM|NET|ORG|INFO|BIZ|SHOP|DE|FR|IT|ES|NL|UK|EU|AT|CH|BE|LU|PT|IE|AU|US|CO)"
    r"(?:\.[A-Z]{2})?\s*$"
    # a number spelt with letters on the keypad, as toll-free lines are ("1-855-HNM-SHOP")
    r"|^\W*\+?\d{1,3}[-. ]\(?\d{3}\)?[-. ][A-Z0-9]{3}[-. ]?[A-Z0-9]{4}\s*$",
)
_REGISTRATION = re.compile(
    r"(?<![^\W\d_])(?:GST|SST|VAT|TAX|CO|COMPANY|BUSINESS)\s*\.?\s*(?:REG|REF|ID|N[O0])|"
    r"(?<![^\W\d_])REG(?:\.|ISTRATION)?\s*N|"
    r"(?<![^\W\d_])ROC(?![A-Z])|^\s*\(?\s*\d{5,}[\s\-·.]*[A-Z]?\s*\)?\s*$"
    r"|(?<![^\W\d_])OIB\s*:?\s*\d",  # the Croatian tax number ("vl. Denis Kolonbo, OIB: 39275193912")
)
# titles as a recogniser returns them without spaces
_TITLE_COMPACT = re.compile(r"TAXIN[VY]O[I1]CE|INVOICE|RECEIPT|CASHBILL|SIMPLIFIED|CASHSALE|OFFICIAL")
_TITLE = re.compile(
    r"(?<![^\W\d_])(?:TAX\s*INVOICE|INVOICE|RECEIPT|CASH\s*BILL|OFFICIAL|SIMPLIFIED|WELCOME|THANK|"
    r"CASHIER|SERVER|TABLE|MEMBER|CUSTOMER|DATE|TIME|BILL|ORDER|COPY|DUPLICATE|REPRINT|QUOTATION|"
    r"RECHNUNG|QUITTUNG|KASSENBON|LIEFERUNG|GUTSCHEIN|ABHOLUNG|BESTELLUNG|FACTURE|TICKET|FACTURA|RECIBO|"
    r"SCONTRINO|DOC\s*NO|POS|TERMINAL|"
    r"OPERATOR|COUNTER|STAFF|SALESPERSON|HOST|CHECK|BELEG|ZEIT|UHRZEIT|DATUM|KASSE|KASSIERER|BEDIENER|FECHA"
    r"|HEURE|CAISSE|CAISSIER|KASSA|BON\s*-?\s*NR|PAX|QTY|POS\s*NO"
    r"|VENTE|WILLKOMMEN|BIENVENUE|BENVENUTI|BENVENUTO|BIENVENIDOS?|WELKOM"
    # an e-mail's or an order's words: a booking's confirmation, a delivery's day, a date's label
    r"|CONFIRMATION|BEST(?:Ä|AE|A)TIGUNG|ARRIVING|SHIPMENTS?|[A-ZÄÖÜ]+DATUM"
    # a ride's or a payment's slip ("Fahrtbeleg", "Zahlungsbeleg"), a booking's reference
    r"|[A-ZÄÖÜ]+BELEG|BOOKING\s*REF(?:ERENCE)?"
    # a hotel's bill of a stay ("Guest Folio", "Folio 77120")
    r"|FOLIO"
    # the table in Dutch, German, Spanish and Italian ("Tafel:10"), a column heading
    r"|TAFEL|TISCH|MESA|TAVOLO|ITEMS?\s*ORDERED"
    # an item table's column headings in Croatian, Serbian, Bosnian and German ("Naziv  Cijena")
    r"|NAZIV|ARTIKL|ARTIKAL|KOLI[CČ]INA|CIJENA|IZNOS|MENGE|BEZEICHNUNG"
    r"|EMPLOYEE|WAITER|WAITRESS|KELLNER(?:IN)?|SERVEUR|SERVEUSE|CAMARER[OA]|MESER[OA]|CAMERIERE)(?![A-Z])",
)
# opening hours ("Mo-Sa 7-22 Uhr", "Öffnungszeiten") and a branch ("Filiale Paderborn-Mitte")
_DAY = r"(?:MO|DI|MI|DO|FR|SA|SO|MON|TUE|WED|THU|FRI|SAT|SUN|LUN|MER|JEU|VEN|SAM|DIM)"
_HOURS_OR_BRANCH = re.compile(
    rf"(?<![^\W\d_]){_DAY}\.?\s*(?:-|–|BIS|TO|AU)\s*{_DAY}\.?(?![A-Z])|OPENING\s*HOURS|[OÖ]E?FFNUNGSZEITEN"
    r"|GE[OÖ]E?FFNET|\d(?:[:.]\d\d)?\s*(?:-|–|BIS)\s*\d{1,2}(?:[:.]\d\d)?\s*UHR"
    r"|^\W*(?:FILIALE|NIEDERLASSUNG|ZWEIGSTELLE|STANDORT|SUCCURSALE|BRANCH)(?![A-Z])"
    # the shop's number ("STORE # CA-1651", "Store FGUK756")
    r"|^\W*STORE\s*(?:#|NO\.?|NR\.?)?\s*:?\s*[A-Z]{0,5}-?\s*\d{2,}(?![A-Z])"
    # ("Restaurant Nummer : 415", "Store Number 0815")
    r"|^\W*(?:STORE|SHOP|RESTAURANT|MARKT|WINKEL|MAGASIN)\s+(?:NUMMER|NUMBER|NUM[EÉ]RO|NR|NO)\W*\d{2,}\W*$"
    # a time of day: "TIME 9:42PM" (read "IME 9:42PM"), "18:10:36"
    r"|(?<![\d:])\d{1,2}:\d\d(?::\d\d|\s?[AP]\.?M(?![A-Z]))"
    # how the order is served ("HERE", "TO GO", "DINE IN : Tahni P"), its own line
    r"|^\W*(?:(?:FOR\s)?HERE|TO[\s-]?GO|TAKE[\s-]?(?:AWAY|OUT)|(?:EAT|DINE)[\s-]?IN|SUR\sPLACE"
    r"|[AÀ]\sEMPORTER)(?:\W*$|\s*[:#]|\s+\d)"
)
# a registration number printed after the name: "(728515-M)", "(CO. NO. 1234-X)", " 822737-X"
_LEGAL_TAIL = re.compile(
    r"\s*[\(\[（]\s*(?:CO\.?\s*(?:REG\.?)?\s*NO\.?:?)?\s*\d[\d\s\-·.]*[A-Z]?\s*[\)\]）]?\s*$"
    r"|\s+\d{5,}[\s\-·.]*[A-Z]?\s*$",
    re.I,
)


# a company number in brackets after the name, as Malaysian receipts print it: "(308282-A)"
_COMPANY_NO = re.compile(r"[\(\[（]\s*\d{4,}[\s\-·.]*[A-Z]\s*[\)\]）]?\s*$")


# Greek and Latin letters that look alike: a word read in both scripts is one script's word
# with a letter or two read in the other ("TaρaTapa", "ΤΑΒEΡΝΑ")
_GREEK_LOOKALIKE = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαηικνορτυχ", "ABEZHIKMNOPTYXanikvoptux", strict=True))
_LATIN_LOOKALIKE = {latin: greek for greek, latin in _GREEK_LOOKALIKE.items()}
_MIXED_WORD = re.compile(r"[^\W\d_]*[\u0370-\u03ff][^\W\d_]*")


def _one_script(word: str) -> str:
    """A word read partly in Greek, partly in Latin letters, in one script: Greek where a letter
    only Greek has (Φ, λ, ...) or most of its letters are Greek, else Latin; the lookalikes
    change, nothing else."""
    greek = [ch for ch in word if "\u0370" <= ch <= "\u03ff"]
    latin = [ch for ch in word if ch.isascii() or "\u00c0" <= ch <= "\u024f"]
    if not greek or not latin:
        return word
    if any(ch not in _GREEK_LOOKALIKE for ch in greek) or len(greek) > len(latin):
        return "".join(_LATIN_LOOKALIKE.get(ch, ch) for ch in word)
    return "".join(_GREEK_LOOKALIKE.get(ch, ch) for ch in word)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def clean_name(text: str) -> str:
    """Trim a business name: spacing, stray punctuation, an owner's "Owned by:", the name it was
    formerly known by, a trailing registration number or branch code."""
    name = _OWNED_BY.sub("", re.sub(r"\s+", " ", text).strip())
    name = _FORMERLY.split(name)[0] if _letters(_FORMERLY.split(name)[0]) >= 3 else name
    name = _cut_after_form(_strip_registration(name))
    # a digit read for a letter inside a lower-case word ("Bal1room", "Bo0k", "KOCHspie1HAUS"),
    # a one for an I inside a capitals' word ("MAX1MUM"), or a zero for the capital that starts
    # a word ("0lymp", "01ymp")
    name = re.sub(r"(?<![\w.,])0([1l]?)(?=[a-z]{2})", lambda m: "O" + "l" * len(m.group(1)), name)
    name = re.sub(r"(?<=[a-z])1(?=[A-Za-z])", "l", re.sub(r"(?<=[a-z])0(?=[a-z])", "o", name))
    name = re.sub(r"(?<=[A-Z]{2})1(?=[A-Z]{2})", "I", name)
    # a capital I for the l that ends a lower-case word ("WorId", "SchuIz"; not "McIntyre")
    name = re.sub(r"(?<=[a-z]{2})I(?=[a-z]?(?![\w]))", "l", name)
    # a code of digits with leading zeros before the name ("000002 BAIFU (M) Sdn Bhd")
    name = re.sub(r"^0\d{3,}\s+(?=[^\W\d_]{2})", "", name)
    # a word read in two scripts is one script's ("TaρaTapa" -> "TapaTapa", "ΤΑΒEΡΝΑ" -> Greek)
    name = _MIXED_WORD.sub(lambda m: _one_script(m.group()), name)
    # a dollar sign that starts a word in capitals is its S ("$TEAKHOUSE"): no price is in a name
    name = re.sub(r"(?<![\w$])\$(?=[A-Z]{3})", "S", name)
    return name.strip(" .,:;-_*#|~'\"").strip()


# "OLD NAVY - 05934 801 Market St": the store's number after a dash, its address run on
_STORE_NUMBER = re.compile(r"\s[-\u2013]\s*#?\d{3,}(?!\S*[.,]\d{2}(?!\d)).*$")


def cut_store_number(name: str) -> str:
    """The name as returned, without a store number (and the address run on) after a dash."""
    m = _STORE_NUMBER.search(name)
    return name[: m.start()] if m and _letters(name[: m.start()]) >= 3 else name


_OWNED_BY = re.compile(
    r"^\W*(?:(?:OWNE?D?\s*BY|DIMILIKI(?:\s*OLEH)?|OPERATED\s*BY|MANAGED\s*BY)\s*[:.\-]?"
    # the seller's label before its name ("Sold by: PRINT SHOP LTD", "Emite: ..."), with its colon
    r"|(?:SOLD\s*BY|SELLER|VENDOR|MERCHANT|VERK(?:Ä|AE|A)UFER|VENDEUR|VENDEDOR|EMITE|EMISOR"
    r"|H(?:Ä|AE|A)NDLER)\s*:"
    # a marketplace's or a payment service's words before the seller's name ("Verkauft von
    # Elektro Huber GmbH", "Sold by Amazon EU S.a.r.l.", "Receipt from Streamly, Inc")
    r"|(?:VERKAUFT\s*VON|SOLD\s*BY|VENDU\s*PAR|VENDUTO\s*DA|VENDIDO\s*POR|VERKOCHT\s*DOOR|ORGANI[SZ]ED\s*BY"
    r"|(?:RECEIPT|INVOICE)\s*FROM)\s*:?)\s*",
    re.I,
)
# "... SB(306295-X) FKA BISON STORES SB": the name it had before
_FORMERLY = re.compile(r"\(?\s*(?<![A-Za-z])(?:FKA|F/K/A|FORMERLY(?:\s+KNOWN\s+AS)?)(?![A-Za-z])", re.I)
_FORM_WORD = re.compile(r"[A-Za-z0-9]{2,4}")


def _form_ends(name: str) -> list[int]:
    """Where a legal form ends in ``name``, misread ones ("SDN 3HD", "SON DHD") included."""
    upper = name.upper()
    ends = [m.end() for m in _SUFFIX.finditer(upper)] if len(upper) == len(name) else []
    words = list(re.finditer(r"\S+", name))
    for a, b in zip(words, words[1:], strict=False):
        first, second = a.group().strip(".").upper(), b.group().strip(".").upper()
        looks = _FORM_WORD.fullmatch(first) and _FORM_WORD.fullmatch(second)
        if looks and _near_sdn_bhd(first, second):
            ends.append(b.end())
    return sorted(ends)


_GLUED_TAIL = re.compile(r"\.[A-Za-z]{1,3}")


def _cut_after_form(name: str) -> str:
    """A registration number or branch code printed after the legal form ("S/B 273500-U (KSB)",
    "SDN BHD C8199K)", "SDN 3HD 28-05"), or an address not in brackets: the name ends with its
    form. Other words without digits after it (a branch, "(JALAN KLANG LAMA)") stay."""
    ends = _form_ends(name)
    if not ends:
        return name
    rest = name[ends[-1] :]
    if rest.strip() and any(ch.isdigit() for ch in rest) and _letters(rest) <= 8:
        return name[: ends[-1]]
    if _GLUED_TAIL.fullmatch(rest):
        return name[: ends[-1]]  # a few letters glued on after its dot ("SDN. BHD.LLT"): no word
    if rest.strip() and not rest.lstrip().startswith("(") and _is_address(rest.upper()):
        return name[: ends[-1]]  # the mall or street of the branch run on ("CO. THE GARDENS MALL")
    return name


def _strip_registration(text: str) -> str:
    tail = _LEGAL_TAIL.search(text)
    if tail and _letters(text[: tail.start()]) >= 3:
        return text[: tail.start()]
    # "(519537·X)", "(I39386X" -- a bracket holding mostly digits at the end
    cut = max(text.rfind("("), text.rfind("（"), text.rfind("["))
    if cut > 0:
        tail_text = text[cut:]
        digits = sum(ch.isdigit() for ch in tail_text)
        if digits >= 4 and _letters(tail_text) <= 3 and _letters(text[:cut]) >= 3:
            return text[:cut]
    return text


# an amount's label printed alone on its line ("Total", "SUMME:"): a brand may hold the word
_LABEL_ALONE = re.compile(
    r"^\W*(?:SUB\s*)?(?:TOTAL|TOTALE|SUMME|SUMA|TOTAAL|AMOUNT|BETRAG|MONTANT|IMPORTO)"
    r"(?:\W+(?:INCL?|EXCL?))?\W*$"
)


# a name of two initials joined by "&" ("H&M", "C&A"): short, yet a name
_INITIALS = re.compile(r"[A-Z]\s?&\s?[A-Z]")


# a line naming the card paid with, or a person by title and trade ("Frau Fachapothekerin Müller")
_PAYMENT_OR_PERSON = re.compile(
    r"^\W*(?:(?:DEBIT\s*)?MASTER\s?CARD|VISA|AMEX|AMERICAN\s*EXPRESS|MAESTRO|GIROCARD|V\s?PAY|DEBIT)\W*$"
    # (a pharmacist or doctor named in the header, not "Herr Lehmann", a bar)
    r"|^\W*(?:FRAU|HERR)\s+(?:DR\.?\s*)?\w*(?:APOTHEKER|ARZT|ÄRZTIN|INHABER)"
)


def _rejected(upper: str) -> bool:
    if (
        (_letters(upper) < 3 and not _INITIALS.fullmatch(upper.strip()))
        or re.sub(r"[^A-Z]", "", upper) in _CURRENCY_CODES
        or _LABEL_ALONE.match(upper)
        or _PAYMENT_OR_PERSON.match(upper)
    ):
        return True
    if re.fullmatch(r"\s*\([^()]*\)?\s*", upper):
        # a line wholly in brackets: the branch, the mall ("(IOI PUCHONG)"); its closing bracket
        # may have gone with the number cut from its end ("(TONYMOLY SHOP (95874))")
        return True
    if _CONTACT.search(upper) or _REGISTRATION.search(upper) or _HOURS_OR_BRANCH.search(upper):
        return True
    if undoing_title(upper):  # "RETURN", "REFUND RECEIPT": the document's title
        return True
    if (_TITLE.search(upper) or _TITLE_COMPACT.search(re.sub(r"[^A-Z]", "", upper))) and not (
        _SUFFIX.search(upper) or _titled_trade_name(upper)
    ):
        return True
    if _looks_like_code(upper.strip()):
        return True  # a booking's or a ticket's code ("NLR8HT42Q")
    digits = sum(ch.isdigit() for ch in upper)
    return digits > _letters(upper)


def _looks_like_code(token: str) -> bool:
    """One word of six characters or more, its letters and its digits each in two runs or more."""
    if not re.fullmatch(r"[A-Z0-9]{6,}", token):
        return False
    return len(re.findall(r"\d+", token)) >= 2 and len(re.findall(r"[A-Z]+", token)) >= 2


def _titled_trade_name(upper: str) -> bool:
    """A name that starts with a word titles use and ends with its trade word ("TABLE ROCK
    MARKET"): words only, a name's word between, no other title word, no greeting."""
    words = upper.split()
    if len(words) < 3 or not re.fullmatch(r"[A-Z' ]+", upper.strip()) or not _TRADE.fullmatch(words[-1]):
        return False
    titles = [m.group() for m in _TITLE.finditer(upper)]
    greeting = words[0] in {"WELCOME", "THANK", "WILLKOMMEN", "BIENVENUE", "BENVENUTI", "BENVENUTO", "WELKOM"}
    return titles == [words[0]] and not greeting and not _TITLE.fullmatch(words[1]) and len(words[1]) >= 3


# street words that also name hotels and cafés ("Hotel Corso", "Caffè del Corso"): a street only
# on a line that starts with one ("Paseo de las Delicias") or numbers it, without a trade word
_STREET_WORD = re.compile(r"(?<![^\W\d_])(?:PASEO|CARRER|AVDA|CORSO|VIALE|STRAAT)(?![A-Z])")
_STREET_TRADE = re.compile(
    r"(?<![^\W\d_])(?:CAFF[EÈÉ]|HOSTAL|ALBERGO|LOCANDA|RISTORANTE|TRATTORIA|OSTERIA)(?![A-Z])"
)


def _is_address(upper: str) -> bool:
    street = _STREET_WORD.search(upper)
    if street and (street.start() == len(upper) - len(upper.lstrip()) or re.search(r"\d", upper)):
        words = re.findall(r"[^\W\d_]+", upper)
        if not any(_TRADE.fullmatch(w) for w in words) and not _STREET_TRADE.search(upper):
            return True
    hits = [m.group() for m in _ADDRESS.finditer(upper)]
    if not hits or _SUFFIX.search(upper) or _COMPANY_NO.search(upper):
        return False
    # a number sign on a line with a trade word numbers the shop ("PIZZERIA NO.900"), not a house
    return not (_TRADE.search(upper) and all(re.fullmatch(r"NO\s*[.:]", hit) for hit in hits))


def _is_descriptor(upper: str) -> bool:
    """A line of trade words only ("BISTRO & CAFE"), the cuisine told with them ("China
    Restaurant", "ARGENTINISCHES" / "STEAKHAUS"): a subtitle, not the name itself."""
    rest = _TRADE.sub("", upper)
    rest = _CUISINE.sub("", rest)
    rest = re.sub(r"(?<![^\W\d_])(?:AND|N|THE|DE|LA|LE|ET|UND|Y|HOUSE|HAUS)(?![A-Z])", "", rest)
    return _letters(rest) < 2


# the country or people a restaurant's cuisine is named after, in English, German, French,
# Italian, Spanish and Dutch ("CHINESE", "ARGENTINISCHES", "VIETNAMESE", "GRIECHISCHE")
_CUISINE = re.compile(
    r"(?<![^\W\d_])(?:CHINA|CHINESE?|CHINESISCH|CHINOISE?|CINESE|CHINO|THAI|THAILÄNDISCH|VIETNAM|VIETNAMESE?|"
    r"VIETNAMESISCH|VIETNAMIEN|JAPANESE?|JAPANISCH|JAPONAIS|GIAPPONESE|KOREAN|KOREANISCH|INDIAN|INDISCH|"
    r"INDIEN|INDIANO|ITALIAN|ITALIENISCH|ITALIANO|ITALIANA|ITALIEN|GREEK|GRIECHISCH|GREC|GRECO|MEXICAN|"
    r"MEXIKANISCH|MEXICANO|MEXICAIN|TURKISH|TÜRKISCH|TURC|SPANISH|SPANISCH|ESPAGNOL|ARGENTINIAN|"
    r"ARGENTINISCH|ARGENTINO|ARGENTIN|LEBANESE|LIBANESISCH|LIBANAIS|PERSIAN|PERSISCH|ETHIOPIAN|"
    r"ÄTHIOPISCH|PORTUGUESE|PORTUGIESISCH|FRENCH|FRANZÖSISCH|AMERICAN|AMERIKANISCH|ORIENTAL|"
    r"ORIENTALISCH|ASIATISCH|ASIATIQUE|STREET\s?FOOD|"
    # (not words names are made of: "Georgian" houses, "Arabica" coffee, "La Cubana", "Mediterraneo")
    r"GEORGISCH|GEORGIEN|RUSSIAN|RUSSISCH|UKRAINIAN|UKRAINISCH|POLNISCH|HUNGARIAN|UNGARISCH|"
    r"SYRIAN|SYRISCH|AFGHANISCH|NEPALESE|NEPALESISCH|TIBETAN|TIBETISCH|PERUVIAN|PERUANISCH|"
    r"BRAZILIAN|BRASILIANISCH|KUBANISCH|MOROCCAN|MAROKKANISCH|MAROCAIN|AFRIKANISCH|ARABISCH|"
    r"ISRAELISCH|ÖSTERREICHISCH|BAYERISCH|MEDITERRANEAN|INDONESIAN|INDONESISCH)"
    r"(?:E|ES|EN|ER|EM|A|O|S)?(?![A-Z])"
)


_OWNER = re.compile(
    r"OWNED\s*BY|DIMILIKI(?:\s*OLEH)?|OPERATED\s*BY|A\s*DIVISION\s*OF|A\s*MEMBER\s*OF|MANAGED\s*BY"
    r"|^\W*(?:INH\.|INHABER(?:IN)?\b|PROPRIETOR\b|PROP\.|VL\.|VLASNIK\b)"  # the owner: "Inh. Hans Meier"
)
_STARTS_WITH_FORM = re.compile(r"^\s*(?:CO\.|COMPANY|SDN|BHD|\(M\)|&|AND|LTD|LIMITED|INC|GMBH)(?![A-Z])")
_ENDS_WITH_JOINER = re.compile(r"(?:&|(?<![^\W\d_])AND|[-,/+(])\s*$")


def _near_sdn_bhd(first: str, second: str) -> bool:
    """Two words (upper case) that read "SDN BHD" with at most one wrong letter in each."""
    return _edits(first, "SDN") <= 1 and _edits(second, "BHD") <= 1


# (the names' words are compared with each other many times over a receipt's candidates: the
# answers kept, a bounded number of them)
@lru_cache(maxsize=1 << 14)
def _key(text: str) -> str:
    """Letters and digits in capitals, accents folded ("ß" as "SS"): two spellings compared."""
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return re.sub(r"[^A-Z0-9]", "", "".join(ch for ch in folded if not unicodedata.combining(ch)).upper())


@lru_cache(maxsize=1 << 14)
def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_LAST_TWO = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{2,4})\s*\.?\s*([A-Za-z0-9]{2,4})\.?\s*$")
_LOOK_ALIKE = str.maketrans("5801", "SBOI")
_LAST_SLASH = re.compile(r"(?<![A-Za-z])([A-Za-z0-9]/[A-Za-z0-9])\.?\s*$")


def _abbreviates(domain: str, words: list[str]) -> bool:
    """``domain`` (a key) is ``words`` (keys), two to six, each cut to its first three letters
    or more (a shorter word whole), in order ("PACPARK" for "PACIFIC PARK")."""
    if not 2 <= len(words) <= 6:
        return False
    ends = {0}  # where in the domain the words so far can end (each position once: no blow-up)
    for word in words:
        shortest = min(3, len(word))
        ends = {
            at + n for at in ends for n in range(shortest, len(word) + 1) if domain.startswith(word[:n], at)
        }
    return len(domain) in ends


# a zero read for the o of d.o.o. (Croatian, Slovenian, Serbian), s.r.o. (Czech, Slovak) and
# sp. z o.o. (Polish): the form is spelled with letters; "d.0.0" leaves the name unmatched
_ZERO_FORM = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[dD]\.\s?[oO0]\.\s?[oO0]|[sS]\.\s?[rR]\.\s?[oO0]|[sS][pP]\.\s?[zZ]\s?[oO0]\.\s?[oO0])"
    r"(?![A-Za-z0-9])"
)
# "spol." (společnost) before s.r.o. read with a one or a capital I for its l ("Spo1, s.r.o")
_SPOL = re.compile(r"(?<![A-Za-z0-9])(SPO[1I]|[Ss]po[1I])[.,]?(\s*[sS]\.\s?[rR]\.\s?[oO])")


def _o_for_zero(m: re.Match) -> str:
    """The form with each zero read as the o beside it (in that o's case)."""
    text = m.group(0)
    letters = [ch for ch in text if ch.isalpha() and ch not in "oO"]
    o = "O" if letters and all(ch.isupper() for ch in letters) else "o"
    return text.replace("0", o)


def _misread_form(name: str) -> tuple[int, str] | None:
    """A legal form at the end of a name read with one wrong letter per word ("SDN 3HD",
    "5dn Bhd", "SDN JBHD", "S/D"): return (where it starts, its spelling)."""
    m = _LAST_TWO.search(name)
    if m:
        first, second = m.group(1).upper(), m.group(2).upper()
        if _near_sdn_bhd(first, second) and (first, second) != ("SDN", "BHD"):
            return m.start(), "SDN BHD" if name[m.start()].isupper() and name[
                m.start() + 1
            ].isupper() else "Sdn Bhd"
    tail = re.sub(r"[^A-Za-z0-9]", "", name[-8:]).upper()
    glued = len(tail) >= 6 and tail[-6:] != "SDNBHD"
    if glued and _edits(tail[-6:-3], "SDN") <= 1 and _edits(tail[-3:], "BHD") <= 1:
        cut = len(name)
        letters = 0
        while cut > 0 and letters < 6:
            cut -= 1
            letters += name[cut].isalnum()
        return cut, "SDN BHD" if name[cut:].isupper() else "Sdn Bhd"
    m = _LAST_SLASH.search(name)
    # digits read for the letters they look like count as no error: "5/8" is "S/B"
    slash = m.group(1).upper().translate(_LOOK_ALIKE) if m else ""
    if m and m.group(1).upper() != "S/B" and _edits(slash, "S/B") <= 1:
        return m.start(), "S/B"
    return None


def _has_form(upper: str) -> bool:
    """A legal form, or the company number that stands for one ("BEST DENKI MALAYSIA (308282-A)")."""
    return bool(_SUFFIX.search(upper) or _COMPANY_NO.search(upper)) or _misread_form(upper) is not None


_SDN_BHD_AHEAD = r"(?=(?:SDN|Sdn)\.?\s*(?:BHD|Bhd)(?![A-Za-z]))"
_GLUED_SDN = re.compile(r"(?<=[A-Za-z]{3})" + _SDN_BHD_AHEAD)
_CLOSE_AS_I = re.compile(r"\(([A-Z]{1,3})[Il1|]\s*" + _SDN_BHD_AHEAD)


def _canonical_form(name: str) -> str:
    """Misread legal forms spelled out ("Sdin Bhd", "SDN 3HD" -> "SDN BHD"; "d.0.0" -> "d.o.o",
    "Spo1, s.r.o" -> "spol. s.r.o")."""
    name = _ZERO_FORM.sub(_o_for_zero, name.rstrip(" .,;:"))
    # the legal form glued to the name's last word ("EDEN IMPRESSIONSDN BHD"): no word ends in SDN
    name = _GLUED_SDN.sub(" ", name)
    # a bracket's close read as an I before the legal form ("BAKERIES (KLISDN BHD")
    name = _CLOSE_AS_I.sub(r"(\1) ", name)
    name = _SPOL.sub(lambda m: ("SPOL." if m.group(1).isupper() else "spol.") + m.group(2), name)
    fix = _misread_form(name)
    if fix is None:
        return name
    start, spelling = fix
    return f"{name[:start].rstrip()} {spelling}".strip()
