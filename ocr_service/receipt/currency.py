"""The receipt's currency (ISO 4217) from symbols, codes, the locale hint and country cues."""

from __future__ import annotations

import re

from .country import (
    CA_PLACE_NAMES,
    COUNTRY_CUES,
    DAY_FIRST_DOLLAR_PLACES,
    MOLDOVA,
    RUPEES,
    WEAK_CUES,
    croatian_currency,
    dialling_country,
    dollar_country,
    nanp_country,
    rupee_currency,
)
from .country import whole as _whole

# Codes printed on receipts as such (whole words).
_CODES = {
    "MYR", "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "SGD", "AUD", "CAD", "NZD", "HKD", "CHF",
    "INR", "IDR", "THB", "PHP", "VND", "KRW", "TWD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
    "MXN", "BRL", "ZAR", "AED", "SAR", "TRY", "RUB", "ILS", "HRK", "RON", "BGN", "ISK", "RSD",
    "MDL", "PKR", "LKR", "NPR", "MUR",
}  # fmt: skip
# codes that are words too ("TRY OUR NEW MENU", Malaysia's "SEK.U3" for Seksyen U3, "CNY DECO" for
# Chinese New Year, the dish "TAU SAR PNEAH", a server named "RON", a French wall "MUR"): a code only
# beside an amount
_WORD_LIKE_CODES = ("TRY", "RUB", "PHP", "SEK", "CNY", "SAR", "RON", "MUR")
_WORD_ALTERNATIVES = "|".join(_WORD_LIKE_CODES)
_WORD_CODES = _whole(
    rf"(?<![A-Z])({_WORD_ALTERNATIVES})(?=[ \t]?\d)|(?<=\d)[ \t]?({_WORD_ALTERNATIVES})(?![A-Z])"
)
_CODE_ALIASES = {"RMB": "CNY"}

# "RM" glued to a word is ringgit only after an amount's label ("TOTALRM12.00" from a recogniser
# that drops spaces), not inside "TERM 12345678" or "PLATFORM 3"
_RM_BEFORE = (
    r"(?:(?<![A-Z])|(?<=TOTAL)|(?<=AMOUNT)|(?<=AMT)|(?<=CASH)|(?<=CHANGE)|(?<=ROUNDING)|(?<=PRICE)"
    r"|(?<=DUE)|(?<=PAID)|(?<=GST)|(?<=SST)|(?<=TAX)|(?<=DISCOUNT)|(?<=SUBTOTAL)|(?<=NETT))"
)

# "RM12.00", "TOTAL RM 5", "(RM)": the ringgit beside an amount ("... FORM" above "1 ..." is none)
_RM_BESIDE = _whole(r"\(RM\)|" + _RM_BEFORE + r"RM(?=[ \t]?[\dIl]\d*[.,]\d)")
# "RM" alone, a column's heading or after its amount ("AMOUNT RM", "1.50 RM"); not the end of a
# word ("WÜRM")
_RM_ALONE = _whole(r"(?<![A-Z])RM(?![A-Z])")

# Symbols and local abbreviations that name one currency.
_UNAMBIGUOUS = [
    (_whole(_RM_BESIDE.pattern + "|" + _RM_ALONE.pattern), "MYR"),
    (_whole(r"€|(?<![A-Z])EUROS?(?![A-Z])"), "EUR"),
    (_whole(r"£"), "GBP"),
    (_whole(r"₹"), "INR"),
    # a rupee of India, Pakistan, Sri Lanka, Nepal or Mauritius: "RS" until the receipt's words say
    # which (``rupee_currency``)
    (_whole(r"(?<![A-Z])(?:RS\.?(?=[ \t]*\d)|RUPEES?(?![A-Z]))"), "RS"),
    (_whole(r"₩"), "KRW"),
    (_whole(r"฿"), "THB"),
    (_whole(r"₱"), "PHP"),
    (_whole(r"₫"), "VND"),
    (_whole(r"(?<![A-Z])RP\.?(?=\s*\d)"), "IDR"),
    (_whole(r"(?<![A-Z])S\$"), "SGD"),
    (_whole(r"(?<![A-Z])A\$|(?<![A-Z])AU\$"), "AUD"),
    (_whole(r"(?<![A-Z])C\$|(?<![A-Z])CA\$"), "CAD"),
    (_whole(r"(?<![A-Z])HK\$"), "HKD"),
    (_whole(r"(?<![A-Z])NT\$"), "TWD"),
    (_whole(r"(?<![A-Z])US\$"), "USD"),
    (_whole(r"(?<![A-Z])CHF|(?<![A-Z])SFR\.?(?![A-Z])"), "CHF"),
    (_whole(r"(?<![A-Z])ZŁ|(?<![A-Z])ZL(?=\s*$)"), "PLN"),
    (_whole(r"(?<![A-Z])KČ"), "CZK"),
    # the Croatian kuna beside an amount ("537,77 kn", "Ukupno: KN 232,00"), before the euro of
    # 2023; not a mask's KN95
    (
        _whole(
            r"\d[ \t]?KN(?![A-Z\d])|(?<![A-Z\d])KN(?:[ \t]*:[ \t]*|[ \t]+)\d"
            # a label's currency ending its line ("Ukupno: KN", "KN:"), not "COOK KN"
            r"|:[ \t]*KN[ \t]*$|(?<![A-Z\d])KN[ \t]*:[ \t]*$",
            re.M,
        ),
        "HRK",
    ),
    # Romania's lei, Bulgaria's leva, the Turkish lira, beside an amount; not a law's number
    # ("Lei 12.741/12", the tax notice every Brazilian receipt prints)
    (_whole(r"\d[ \t]?LEI(?![A-Z])|(?<![A-Z])LEI[ \t]?\d{1,3}(?:[ .]?\d{3})*[.,]\d\d(?![\d/.,])"), "RON"),
    # the Brazilian real
    (_whole(r"(?<![A-Z])R\$"), "BRL"),
    (_whole(r"\d[ \t]?ЛВ(?![А-Я])|(?<![А-Я])ЛВ\.?[ \t]?\d"), "BGN"),
    (_whole(r"₺|\d[.,]\d\d[ \t]?TL(?![A-Z])"), "TRY"),
    # the Swiss franc written "Fr. 12.50"; not a German Friday's date ("Fr. 05.12.2026 08:15")
    (_whole(r"(?<![A-Z])FR\.[ \t]?\d+[.,]\d\d(?!\d|[.,]\d)"), "CHF"),
    (_whole(r"元"), "CNY"),
    (_whole(r"円"), "JPY"),
]

# Region of a locale -> its currency (for "$", "¥", "kr" and receipts that print no symbol).
_REGION_CURRENCY = {
    "MY": "MYR", "US": "USD", "GB": "GBP", "UK": "GBP", "SG": "SGD", "AU": "AUD", "CA": "CAD",
    "NZ": "NZD", "HK": "HKD", "JP": "JPY", "CN": "CNY", "IN": "INR", "ID": "IDR", "TH": "THB",
    "PH": "PHP", "VN": "VND", "KR": "KRW", "TW": "TWD", "CH": "CHF", "SE": "SEK", "NO": "NOK",
    "DK": "DKK", "PL": "PLN", "CZ": "CZK", "HU": "HUF", "MX": "MXN", "BR": "BRL", "ZA": "ZAR",
    "AE": "AED", "SA": "SAR", "TR": "TRY", "RU": "RUB", "IL": "ILS", "RO": "RON", "BG": "BGN",
    "IS": "ISK", "PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR",
    "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR",
    "PT": "EUR", "IE": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR", "SI": "EUR",
    "EE": "EUR", "LV": "EUR", "LT": "EUR", "MT": "EUR", "CY": "EUR", "HR": "EUR",
    "EU": "EUR",  # a VAT id of a euro country (COUNTRY_CUES)
}  # fmt: skip
_DOLLAR = {"USD", "SGD", "AUD", "CAD", "NZD", "HKD", "TWD", "MXN"}
_KRONA = {"SEK", "NOK", "DKK"}


# An American tax line: a tax named "Tax" alone ("Tax", "Sales Tax 8.5%", "T1 Tax"), where no other
# country's tax name (VAT, GST, ...) or a tax invoice's title is printed
_US_TAX_LINE = _whole(
    r"^[ \t]*(?:(?:SALES|TOTAL|STATE|CITY|LOCAL|T\d)[ \t]+)?(?:\(?\d+(?:[.,]\d+)?[ \t]*%\)?[ \t]*)?"
    r"TAX(?:[ \t]*\d)?"
    r"(?:[ \t]*\(?\d+(?:[.,]\d+)?[ \t]*%\)?)?[ \t:]*(?:\$?[ \t]*\d+[.,]\d\d)?[ \t]*$",
    re.MULTILINE,
)
_OTHER_TAX = _whole(r"(?<![A-Z])(?:VAT|GST|HST|PST|QST|TPS|TVQ|TAX[ \t]+INVOICE)(?![A-Z])")


def _region(locale: str | None) -> str | None:
    parts = (locale or "").replace("-", "_").split("_")
    return parts[1].upper()[:2] if len(parts) > 1 else None


_THREE_LETTERS = _whole(r"(?<![A-Z])([A-Z]{3})(?![A-Z])")
# a word of three letters written as a name's abbreviation, its full stop after it: "Bagdat Cad.
# No:45", "Istiklal Cad. 12" (a street), not a code ("15.50 CHF.", "Prices in GBP.")
_TITLE_ABBREVIATION = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{2}\.(?=[ \t]*\w)")
# "CAD" for Caddesi in a Turkish street written in capitals: after a name (not a money label) and
# before "NO" or the line's end ("ISTIKLAL CAD. NO:12", "ISTIKLAL CAD.");
# on a receipt whose words are Turkish (lira, KDV, TOPLAM ...), anywhere but beside an amount with its
# cents. Not "TOTAL CAD 4.75", "CASH CAD 20", "PRICES IN CAD.", "CAD 1 = USD 0.73", "15.50 CAD."
_STREET_CAD_AFTER_NAME = re.compile(
    r"(?<![A-Z])([A-Z]{2,})[ \t]+CAD(?=\.?[ \t]*(?:N[O0](?:\b|[:.]|\d)|,|$))",
    re.MULTILINE,
)
_MONEY_WORDS = frozenset(
    re.findall(
        r"\w+",
        "TOTAL AMOUNT AMT CASH PAID DUE IN PRICE PRICES SUM BALANCE TENDERED CHANGE SUBTOTAL TIP VISA DEBIT "
        "CREDIT CARD TAX HST GST PST NET GROSS PAY PAYMENT FUNDS CURRENCY RATE DEPOSIT",
    )
)
_STREET_CAD = re.compile(
    r"(?<![A-Z])CAD(?![A-Z])(?![ \t]?\$?[ \t]?\d[\d,.' ]*[.,]\d\d(?!\d))"  # not before an amount
    r"(?<![.,]\d\d[ \t]CAD)(?<![.,]\d\dCAD)"  # nor after one
)
_TURKISH = _whole(
    r"₺|\d[ \t]?TL(?![A-Z])|\+[ \t]?90[ \t(]|(?<![A-Z])(?:KDV|TOPLAM|TOPKDV|MAH|MAHALLES[İI]|SOK|SOKAK"
    r"|CADDES[İI]|T[ÜU]RK[İI]YE|VERG[İI]|[İI]STANBUL|ANKARA|[İI]ZM[İI]R|ANTALYA|BURSA)(?![A-Z])"
)


def _without_streets(printed: str) -> str:
    """The receipt's text without the Turkish streets' "CAD" (Caddesi)."""
    printed = _STREET_CAD_AFTER_NAME.sub(
        lambda m: m.group(0) if m.group(1) in _MONEY_WORDS else m.group(1) + " ", printed
    )
    return _STREET_CAD.sub(" ", printed) if _TURKISH.search(printed) else printed


# "kr", "Kr." and "600 kr", not an item code ("KR600")
_KRONA_WORD = _whole(r"(?<![A-Z])KR(?:\.|(?![A-Z\d]))")


def _votes(upper: str) -> dict[str, int]:
    """The currencies ``upper`` prints: codes (two votes each) and unambiguous symbols."""
    votes: dict[str, int] = {}
    for word in _THREE_LETTERS.findall(upper):
        if word in _CODES and word not in _WORD_LIKE_CODES:
            code = _CODE_ALIASES.get(word, word)
            votes[code] = votes.get(code, 0) + 2
    for match in _WORD_CODES.finditer(upper):
        code = match.group(1) or match.group(2)
        votes[code] = votes.get(code, 0) + 2
    for regex, code in _UNAMBIGUOUS:
        n = len(regex.findall(upper))
        if n:
            votes[code] = votes.get(code, 0) + n
    return votes


def _printed(upper: str) -> tuple[str | None, float, bool]:
    """A currency the receipt prints, how surely (its share of the votes, ``_votes``), and whether
    it is only guessed: a rupee written "Rs" whose country the receipt does not name
    (``rupee_currency``)."""
    votes = _votes(upper)
    rupee, named = rupee_currency(upper, set(votes)) if "RS" in votes else (None, True)
    if rupee:
        votes[rupee] = votes.get(rupee, 0) + votes.pop("RS")
    if not votes:
        return None, 0.0, False
    code = max(votes, key=votes.get)
    conf = round(min(0.98, 0.6 + 0.1 * votes[code]) * votes[code] / sum(votes.values()), 3)
    if code == rupee and not named:
        return code, min(conf, CURRENCY_GUESS), True
    return code, conf, False


# a web or e-mail address under a country's domain ("www.translink.ca", its www misread "wwu";
# "info@baeckerei.de"): before the weak words, which a ticket's "1 Zone Ticket" would place in Spain
_DOMAIN = re.compile(
    r"(?:(?<![A-Z0-9])W[WVU]{1,2}\s*\.\s*|@|://)(?:[A-Z0-9-]+\s*\.\s*)+"
    r"(CO\.UK|COM\.AU|COM\.MY|COM\.SG|CA|DE|FR|ES|IT|NL|BE|AT|CH|SE|NO|DK|FI|PL|CZ|PT|IE|LT|LV|EE|HR"
    r"|SG|MY|AU)"
    r"(?![A-Z0-9]|\.[A-Z0-9])"
)
_DOMAIN_REGION = {"CO.UK": "GB", "COM.AU": "AU", "COM.MY": "MY", "COM.SG": "SG"}


def _domain_country(upper: str) -> str | None:
    """The country of the web and e-mail addresses printed, when they agree on one."""
    found = {_DOMAIN_REGION.get(m.group(1), m.group(1)) for m in _DOMAIN.finditer(upper)}
    return found.pop() if len(found) == 1 else None


# Country and place names place a shop where its address names them, not where it sells them
# ("Canada Dry", "Singapore Noodles", "Australia Lamb", "Nova Scotia Lox") or stands on a street
# named after them ("1036 NE Alberta St, Portland OR 97211"): the other cues (a company's
# suffix, a tax's name, an address's form, an id) come first, and a name counts only on a row
# that prices nothing
_PLACE_NAMES = _whole(
    r"(?<![A-Z])(?:MALAYSIA|SINGAPORE|AUSTRALIA|CANADA|DEUTSCHLAND|SCHWEIZ|SUISSE|SVIZZERA|HRVATSKA"
    r"|ČESKÁ REPUBLIKA|ROM[AÂ]NIA|TÜRKİYE|TÜRKIYE|NORGE|DANMARK|SUOMI|NEW ZEALAND|HONG KONG|KOWLOON"
    r"|M[EÉ]XICO|" + CA_PLACE_NAMES + r")(?![A-Z])"
)
_PRICED_ROW = re.compile(r"\d[.,]\d{2}(?!\d)")


def _country_cue(upper: str) -> tuple[str | None, bool]:
    """The country the receipt's words place it in (``COUNTRY_CUES``), and whether only a
    country's or a place's name does (a weak cue: a street or a shop may be named after it):
    names last, and only where they price nothing (``_PLACE_NAMES``)."""
    formal = _PLACE_NAMES.sub(" ", upper)
    cue = next((region for regex, region in COUNTRY_CUES if regex.search(formal)), None)
    if cue is not None:
        return cue, False
    named = _names_unpriced(upper)
    return next((region for regex, region in COUNTRY_CUES if regex.search(named)), None), True


def _names_unpriced(upper: str) -> str:
    """``upper`` without the country and place names of the rows that price something."""
    return "\n".join(
        _PLACE_NAMES.sub(" ", row) if _PRICED_ROW.search(row) else row for row in upper.split("\n")
    )


def _cue_currency(upper: str) -> tuple[str | None, bool]:
    """The currency of the country the receipt's words place it in, and whether only weak words
    (``WEAK_CUES``, a tax named "Tax" alone, which other countries print too) place it."""
    cue, by_name = _country_cue(upper)
    dialling = dialling_country(upper)
    if cue and dialling and _REGION_CURRENCY.get(cue) != _REGION_CURRENCY.get(dialling):
        # words of one country, a phone number of another with another currency: neither
        return None, False
    if by_name and cue:
        # a name alone: a dialling code or a web address of the same country confirms it
        named, cue = cue, dialling or _domain_country(upper)
        if cue is not None:
            return _REGION_CURRENCY.get(cue), False
        return (croatian_currency(upper) if named == "HR" else _REGION_CURRENCY.get(named)), True
    cue = cue or dialling or _domain_country(upper)
    weak = cue is None
    cue = cue or next((region for regex, region in WEAK_CUES if regex.search(upper)), None)
    if cue == "HR":
        return croatian_currency(upper), False
    if cue is None:
        # a North American phone number and its area code, as a last resort
        phones = nanp_country(upper)
        cue = phones.pop() if len(phones) == 1 else None
        weak = cue is None
    if cue is None and _US_TAX_LINE.search(upper) and not _OTHER_TAX.search(upper):
        # a "$" beside a tax named "Tax" alone, and no other country's tax: a US till's, as
        # good as its address (Canada's print GST, HST, PST or QST)
        cue, weak = "US", False
    return (_REGION_CURRENCY.get(cue), weak) if cue else (None, False)


def _dollar_guess(
    upper: str, region: str | None, cue: str | None, cue_weak: bool
) -> tuple[str | None, float]:
    """Which dollar a "$" is: the locale's, else the country the receipt's evidence names (a
    Malaysian company's suffix or tax before the other dollar countries' evidence: Malaysian
    receipts often print "$" for ringgit), else the country its words place it in. Evidence
    other countries print too (IVA, a tax named "Tax" alone) only guesses (``CURRENCY_GUESS``); a
    bare "$" is the US dollar, guessed."""
    country, own = dollar_country(_names_unpriced(upper))
    if own and dollar_country(_PLACE_NAMES.sub(" ", upper))[0] != country:
        own = False  # only a place's name says which dollar: a street or a shop may bear it
    evidence = "MYR" if cue == "MYR" else _REGION_CURRENCY.get(country or "")
    sure = {region, evidence if cue == "MYR" or own else None, None if cue_weak else cue}
    guess = next((g for g in (region, evidence, cue) if g in _DOLLAR or g == "MYR"), None)
    if guess is None:
        return "USD", CURRENCY_GUESS
    return guess, (0.7 if guess in sure else CURRENCY_GUESS)


def _shared_symbol(
    upper: str, guesses: tuple[str | None, str | None], cue_weak: bool
) -> tuple[str | None, float]:
    """ "$", "¥" or "kr": the locale or the country cues say which."""
    if "$" in upper:
        return _dollar_guess(upper, *guesses, cue_weak)
    if "¥" in upper or "￥" in upper:
        region, cue = guesses
        rupee, placed = rupee_currency(upper, set())
        elsewhere = cue if cue is not None and not cue_weak else (rupee if placed else None)
        if region not in ("JPY", "CNY") and elsewhere not in (None, "JPY", "CNY"):
            # the receipt's words place it where neither yen nor yuan is paid: its "¥" is another
            # sign misread (India's "₹" reads as "¥"), the country's currency a guess
            return elsewhere, CURRENCY_GUESS
        if "CNY" in guesses:
            return "CNY", 0.7
        # the yen has no cents: "¥60.00" where no word says Japan is the yuan's (its sign the
        # same), and only a guess
        if "JPY" not in guesses and _SIGN_WITH_CENTS.search(upper):
            return "CNY", CURRENCY_GUESS
        return "JPY", 0.6
    if _KRONA_WORD.search(upper):
        guess = next((g for g in guesses if g in _KRONA), None)
        return (guess, 0.7) if guess else ("SEK", 0.4)
    return None, 0.0


_SIGN_WITH_CENTS = re.compile(r"[¥￥]\s?\d{1,3}(?:,?\d{3})*\.\d{2}(?![\d.,])")


# an amount converted at an exchange rate ("Přepočet dle kurzu 23,1", "Umrechnungskurs",
# "fiksni tečaj konverzije 7,53450", "exchange rate"): the currency it names is the other one
_CONVERSION = _whole(
    r"KURS|KURZ|TE[ČC]AJ|EXCHANGE\s*RATE|CONVERSION|UMRECHNUNG|P[ŘR]EPO[ČC]ET|PRZELICZ|[ÁA]RFOLYAM"
)


# an exchange rate's row ("Kurs 1,0861", "Wechselkurs", "Rate 1.175", "Taux 1,0856", "Tipo de
# cambio 0,9215"), not Spain's change ("Cambio 9,50"); its rate, of three decimals or more: not an
# amount after a tax's "Standard rate", nor a rate in per cent
_RATE = _whole(
    r"(?<![A-Z])(?:[A-Z]*KURS|KURZ|RATE|TAUX|T(?:IPO|ASA) DE CAMBIO|TASSO DI CAMBIO|[A-Z]*KOERS|TE[ČC]AJ)"
    r"(?![A-Z])"
)
_RATE_VALUE = re.compile(r"(?<![\d.,])\d{1,4}[.,]\d{3,6}(?![\d.,%]|[ \t]*%)")
_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,' ]?\d{3})*[.,]\d\d(?![\d.,%])")
# the words of a total's row ("TOTAL USD 141,73", "Gesamtbetrag GBP 50,29")
_TOTAL_WORD = _whole(r"TOTAL|SUMME|SUMA|GESAMT|TOTAAL|BETRAG|IMPORTE|PAYABLE|AMOUNT DUE|ZU ZAHLEN")


def _amounts(text: str) -> list[float]:
    return [float(re.sub(r"[.,' ](?=\d{3}(?!\d))", "", a).replace(",", ".")) for a in _AMOUNT.findall(text)]


def _paid_in_other(texts: list[str], code: str) -> bool:
    """Whether ``code`` is printed only beside an amount other than the total's: a card's charge
    abroad or a conversion at the till (``TOTAL 52.00``, ``CARD EUR 61.10``, ``Rate 1.175``), the
    amount the receipt's exchange rate makes of one printed with no currency; not on a total's row
    ("TOTAL USD 141,73"). A row's amount may be the text after or before its label's."""
    upper = [t.upper() for t in texts] + [""]
    rates = [
        float(v.replace(",", "."))
        for i, t in enumerate(upper)
        if _RATE.search(t)
        for v in _RATE_VALUE.findall(t) or _RATE_VALUE.findall(upper[i + 1])
    ]
    named = [bool(_votes(t)) for t in upper]
    coded: list[float] = []
    beside: set[int] = set()
    for i, t in enumerate(upper[:-1]):
        if code not in _votes(t):
            continue
        near = [j for j in (i - 1, i + 1) if j >= 0 and not named[j] and not _RATE.search(upper[j])]
        if _TOTAL_WORD.search(t) or (_amounts(t)[:1] and any(_TOTAL_WORD.search(upper[j]) for j in near)):
            return False
        if not _amounts(t):
            near = [j for j in near if _amounts(upper[j])][:1]
            beside.update(near)
        coded += _amounts(t) or [a for j in near for a in _amounts(upper[j])]
    plain = [
        a
        for i, t in enumerate(upper)
        if not (named[i] or i in beside or _RATE.search(t))
        for a in _amounts(t)
    ]
    return any(
        abs(a - b * r) <= max(0.011, a / 1000) or abs(a - b / r) <= max(0.011, a / 1000)
        for r in rates
        if abs(r - 1) > 0.005
        for a in coded
        for b in plain
    )


def _home_currency(texts, upper, code, cue_currency, locale) -> tuple[str | None, float] | None:
    """The receipt's own currency where the one it prints is another's: a Czech receipt that names
    the euro for its conversion line (its koruna printed or not) is in the currency of the country
    its words place it in (not the other way round: a Swiss receipt converts to the euro too, and
    "MwSt" alone places it in Germany); a currency printed only beside the amount an exchange rate
    makes of the total (``_paid_in_other``) is not the total's, which the country's words or the
    locale guess, if they name another."""
    if code == "EUR" and _CONVERSION.search(upper) and cue_currency() not in (None, code):
        return cue_currency(), CURRENCY_GUESS
    if code and _RATE.search(upper) and _paid_in_other(texts, code):
        home = cue_currency() or _REGION_CURRENCY.get(_region(locale) or "")
        return (home, CURRENCY_GUESS) if home not in (None, code) else (None, 0.0)
    return None


def detect_currency(texts: list[str], locale: str | None = None) -> tuple[str | None, float]:
    """Return (ISO 4217 code or None, confidence)."""
    upper = "\n".join(texts).upper()
    printed = "\n".join(_TITLE_ABBREVIATION.sub(" ", text) for text in texts).upper()
    code, conf, guessed = _printed(_without_streets(printed))
    if (
        code == "RON"
        and MOLDOVA.search(upper)
        and "RON" not in _THREE_LETTERS.findall(upper)
        and _country_cue(upper)[0] != "RO"  # (Romania's own Moldova, its fiscal receipt's words)
    ):
        code = "MDL"
    cues: list[tuple[str | None, bool]] = []  # the country cues' currency, looked for once, when needed

    def cue_currency() -> str | None:
        if not cues:
            cues.append(_cue_currency(upper))
        return cues[0][0]

    home = _home_currency(texts, upper, code, cue_currency, locale)
    if home is not None:
        return home
    if code == "MYR" and "$" in upper and not _RM_BESIDE.search(upper) and cue_currency() != "MYR":
        # "RM" alone ("RM 1204", a hotel's room) beside dollar amounts, and nothing else Malaysian:
        # the dollar sign and the country's evidence say which dollar
        code = None
    if code:
        # printed codes that disagree, none with most of the votes: below any guess from the
        # country's words (a client may trust those, never this); a rupee of no country, guessed
        return code, (conf if conf > CURRENCY_GUESS or guessed else min(conf, CURRENCY_DISAGREE))
    region = _region(locale)
    region_currency = _REGION_CURRENCY.get(region) if region else None
    cue = cue_currency()
    code, conf = _shared_symbol(upper, (region_currency, cue), cues[0][1])
    if code:
        return code, conf
    if region_currency:
        return region_currency, 0.5
    if cue_currency():
        return cue_currency(), 0.4
    return None, 0.0


# a currency (a code, a sign of one currency, the country's words: "SDN BHD") settles the
# day/month order of an ambiguous date; a "$" only with its country read this surely
CURRENCY_SETTLES_ORDER = 0.7
# at or below this, ``detect_currency`` only guessed the currency (the country's words, the
# locale, a bare "$", codes that disagree)
CURRENCY_GUESS = 0.5
# at or below this, the receipt prints currencies that disagree (a tie, or nearly): no guess at all
CURRENCY_DISAGREE = 0.3


def settles_order(currency: str | None, confidence: float, texts: list[str] | None = None) -> bool:
    """Whether the currency read settles an ambiguous date's day/month order. A "$" whose country is
    only guessed does not (month first in the US, day first in the other dollar and peso
    countries): a US dollar below ``CURRENCY_SETTLES_ORDER``, another dollar read from evidence
    other countries print too (IVA, a tax named "Tax" alone: ``CURRENCY_GUESS``). A country's own
    words with no "$" (below the guess level) settle it. The US dollar, however surely read, does
    not on a receipt its ``texts`` place elsewhere: Ecuador, Panama, El Salvador and Cambodia pay
    in it and write the day first, and so do the shops that price in it abroad (a German airport's
    "USt-IdNr. DE..."), ``DAY_FIRST_DOLLAR_PLACES``."""
    if currency is None:
        return False
    if currency == "USD":
        upper = "\n".join(texts or ()).upper()
        elsewhere = _cue_currency(upper)[0] not in (None, "USD") or DAY_FIRST_DOLLAR_PLACES.search(upper)
        return confidence >= CURRENCY_SETTLES_ORDER and not elsewhere
    return not (currency in _DOLLAR - {"MXN"} and CURRENCY_GUESS <= confidence < CURRENCY_SETTLES_ORDER)


def total_currency(total_text: str, currency: str | None, confidence: float) -> tuple[str | None, float]:
    """The receipt's currency checked against the one the total's row prints ("BETRAG USD 134.78"
    on a card slip that converted EUR 120,00): when the row names one currency, and not the
    receipt's, the total is in that one; which of the two amounts the sale came to is not for
    the currency to settle, so it is returned as a guess (``CURRENCY_GUESS``)."""
    votes = _votes(_without_streets(total_text.upper()))
    if currency == "MDL" and "RON" in votes and "RON" not in _THREE_LETTERS.findall(total_text.upper()):
        votes = {"MDL": votes.pop("RON"), **votes}  # the row's "lei", Moldova's (``MOLDOVA``)
    if "RS" in votes:  # the row's "Rs", the receipt's rupee
        votes[currency if currency in RUPEES else "INR"] = votes.pop("RS")
    if currency is None or len(votes) != 1 or currency in votes:
        return currency, confidence
    return next(iter(votes)), min(confidence, CURRENCY_GUESS)
