"""The country a receipt's words place it in: addresses, phone numbers, tax names and tax ids.

Each kind of evidence votes once for its country; a country wins only with more votes than any
other, so a receipt whose evidence disagrees is placed nowhere."""

from __future__ import annotations

import re

# Words and codes are whole when no letter of a Latin alphabet touches them ("WÜRM" holds no
# ringgit, "GRÖEUR" no euro): the patterns below are written with A-Z boundaries, which
# ``whole`` widens to every Latin capital. A Chinese, Japanese, Korean or Cyrillic letter stays
# a boundary: the recogniser prints no space between it and a code ("合計JPY1,200", "金額HK$ 12.00").
_LATIN = "A-ZÀ-ÖØ-ÞĀ-ɏ"
_BOUNDARIES = {
    "(?<![A-Z])": f"(?<![{_LATIN}])",
    "(?![A-Z])": f"(?![{_LATIN}])",
    "(?<![A-Z\\d])": f"(?<![\\d{_LATIN}])",
    "(?![A-Z\\d])": f"(?![\\d{_LATIN}])",
}


def whole(pattern: str, flags: int = 0) -> re.Pattern:
    for ascii_only, latin in _BOUNDARIES.items():
        pattern = pattern.replace(ascii_only, latin)
    return re.compile(pattern, flags)


# VAT ids of the euro countries: prefix and digits as each country writes them
EURO_VAT_IDS = (
    r"ATU\s?\d{8}|BE\s?0?\d{9,10}|DE\s?\d{9}|EE\s?\d{9}|EL\s?\d{9}|ES\s?[A-Z\d]\d{7}[A-Z\d]|FI\s?\d{8}"
    r"|FR\s?[A-Z\d]{2}\d{9}|IT\s?\d{11}|LT\s?\d{9,12}|LU\s?\d{8}|LV\s?\d{11}|MT\s?\d{8}"
    r"|NL\s?\d{9}B\d{2}|PT\s?\d{9}|SI\s?\d{8}|SK\s?\d{10}|IE\s?\d{7}[A-W][A-I]?|IE\s?\d[A-Z+*]\d{5}[A-W]"
)


# Moldova's leu is written "lei" as Romania's is: a receipt that names Moldova, its capital or its
# dialling code ("Chișinău", "+373 22 ...") is in Moldovan lei
MOLDOVA = whole(r"(?<![A-Z])(?:MOLDOVA|CHI[SȘŞ]IN[AĂ]U)(?![A-Z])|(?<![\d+])\+[ \t]?373(?!\d)")

# the countries that pay in US dollars and write the day first, and their cities
DAY_FIRST_DOLLAR_PLACES = whole(
    r"(?<![A-Z])(?:ECUADOR|QUITO|GUAYAQUIL|PANAM[AÁ]|EL SALVADOR|SAN SALVADOR|CAMBODIA|KAMPUCHEA"
    r"|PHNOM PENH|SIEM REAP|TIMOR-LESTE|EAST TIMOR|ZIMBABWE|HARARE|BULAWAYO)(?![A-Z])"
)


# US states (two-letter codes) as an address prints them before the ZIP code
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# a US state and ZIP code ending an address line ("S.F. CA 94102", "San Francisco CA. 94103"); not
# a company number after an abbreviation ("CO. NC. 19060")
US_ADDRESS = re.compile(
    r"[A-Z]\.?,?[ \t](?:" + US_STATES + r")[ \t]+\d{5}(?:-\d{4})?[ \t]*$"
    r"|[A-Z]{2},?[ \t](?:" + US_STATES + r")\.[ \t]+\d{5}(?:-\d{4})?[ \t]*$",
    re.MULTILINE,
)
# Canada's provinces and territories; "ON" is also a word, so it counts only after a comma
_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|PE|QC|SK|YT"
# a Canadian postcode ("H3B 1E5")
CA_POSTCODE = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t]?\d[ABCEGHJ-NPRSTV-Z]\d"
# a Canadian postcode after its province ("QC H3B 1E5"), or ending its line with the space between
# its halves (a code glued into one word may be any reference number)
CA_POSTCODE_AFTER = re.compile(
    r"(?:(?<=QC )|(?<=QC,)|(?<=ON )|(?<=BC )|(?<=AB )|(?<=MB )|(?<=NS )|(?<=NB )|(?<=SK ))"
    + CA_POSTCODE
    + r"(?![A-Z\d])|(?<![A-Z\d])"
    + CA_POSTCODE.replace(r"[ \t]?", r"[ \t]")
    + r"[ \t]*$",
    re.MULTILINE,
)
# Canada's provinces by name and its cities no other country's receipts name ("Ontario" and
# "New Brunswick" are US towns too, "Laval" a French one)
CA_PLACE_NAMES = (
    r"TORONTO|MONTR[EÉ]AL|QU[EÉ]BEC|CALGARY|EDMONTON|WINNIPEG|MISSISSAUGA|SASKATOON|BURNABY|GATINEAU"
    r"|BRITISH COLUMBIA|ALBERTA|MANITOBA|SASKATCHEWAN|NOVA SCOTIA"
)
# those names, or its provincial sales tax beside GST
CA_PLACES = re.compile(
    CA_PLACE_NAMES + r"|(?<![A-Z])(?:GST(?![A-Z]).*(?<![A-Z])PST|PST(?![A-Z]).*(?<![A-Z])GST)(?![A-Z])",
    re.DOTALL,
)
# Malaysia's states and federal territories, and the words of its street addresses ("JALAN",
# "JLN", "TAMAN" a housing estate, "LORONG" a lane), whole words
MY_PLACES = re.compile(
    r"(?<![A-Z])(?:JALAN|JLN|TAMAN|LORONG|SELANGOR|JOHOR|KUALA LUMPUR|PETALING JAYA|SHAH ALAM|PULAU PINANG"
    r"|PENANG|NEGERI SEMBILAN|MELAKA|PAHANG|TERENGGANU|KELANTAN|KEDAH|PERLIS|PERAK|SABAH|SARAWAK"
    r"|PUTRAJAYA|LABUAN|WILAYAH PERSEKUTUAN)(?![A-Z])"
)
# the area codes of Canada in the North American numbering plan
_CA_AREA_CODES = {
    "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368",
    "382", "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514",
    "519", "548", "579", "581", "584", "587", "604", "613", "639", "647", "672", "683", "705", "709",
    "742", "753", "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942",
}  # fmt: skip
# codes of no one country (toll-free, non-geographic) or of the Caribbean states that have their
# own dollars
_NANP_ELSEWHERE = {
    "800", "833", "844", "855", "866", "877", "888", "500", "521", "522", "533", "544", "566", "577",
    "588", "600", "622", "700", "900", "242", "246", "264", "268", "284", "345", "441", "473", "649",
    "658", "664", "721", "758", "767", "784", "809", "829", "849", "868", "869", "876",
}  # fmt: skip
# a North American phone number: "(415) 344-0375", "604.683.6155", "1-800-555-1234"
_NANP_PHONE = re.compile(
    r"(?<![\d+])(?:1[ .-]?)?(?:\(([2-9]\d\d)\)[ \t]?|([2-9]\d\d)([.-]))[2-9]\d\d(?(3)\3|[.-])\d{4}(?!\d)"
)


def nanp_country(upper: str) -> set[str]:
    """The countries the receipt's North American phone numbers are in (by area code)."""
    out = set()
    for match in _NANP_PHONE.finditer(upper):
        area = match.group(1) or match.group(2)
        if area in _CA_AREA_CODES:
            out.add("CA")
        elif area not in _NANP_ELSEWHERE:
            out.add("US")
    return out


# Evidence of the countries whose currency is a dollar (or a peso printed "$").
_DOLLAR_EVIDENCE = [
    # Canada: the name, its sales taxes, a business number's GST account ("123456789 RT0001"), a
    # postcode, a province after its city or on a line of its own
    (re.compile(r"CANADA|(?<![A-Z])(?:HST|QST|TPS|TVQ|GST/HST)(?![A-Z])"), "CA"),
    (re.compile(r"(?<!\d)\d{9}[ \t]?RT[ \t]?\d{4}(?!\d)"), "CA"),
    (CA_POSTCODE_AFTER, "CA"),
    (CA_PLACES, "CA"),
    (
        re.compile(
            r"^(?:[A-Z][A-Z .'-]*[A-Z],?[ \t]+)?(?:" + _PROVINCES + r")[ \t]*$|[A-Z],[ \t]*ON[ \t]*$", re.M
        ),
        "CA",
    ),
    # the United States: a state and ZIP code ending an address line, sales tax
    (US_ADDRESS, "US"),
    (re.compile(r"SALES\s*TAX"), "US"),
    # Australia: the business number, a company's suffix, a state and its four-digit postcode
    (re.compile(r"AUSTRALIA|(?<![A-Z])PTY\.?\s*LTD|(?<![A-Z])ABN(?![A-Z])"), "AU"),
    (re.compile(r"(?<![A-Z])(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)[ \t]+\d{4}[ \t]*$", re.MULTILINE), "AU"),
    # New Zealand: the name, a GST number ("GST No: 123-456-789")
    (re.compile(r"NEW ZEALAND|GST\s*(?:NO|#|NUMBER|REG)\.?[ \t:]*\d{2,3}-\d{3}-\d{3}(?!\d)"), "NZ"),
    (re.compile(r"SINGAPORE|PTE\.?\s*LTD|(?<![A-Z])UEN(?![A-Z])"), "SG"),
    (re.compile(r"HONG KONG|KOWLOON|香港"), "HK"),
    # Mexico: the name, the taxpayer id ("RFC: ABC123456XY9")
    (re.compile(r"M[EÉ]XICO|(?<![A-Z])R\.?F\.?C\.?[ \t:]*[A-Z&Ñ]{3,4}-?\d{6}-?[A-Z\d]{3}(?![A-Z\d])"), "MX"),
]
# Evidence other countries of a "$" print too: IVA beside a dollar sign is Mexico's as much as
# Colombia's, Chile's or Argentina's pesos (and Ecuador's US dollar)
_SHARED_DOLLAR_EVIDENCE = [
    (re.compile(r"(?<![A-Z])I\.?V\.?A\.?(?![A-Z])"), "MX"),
]


def dollar_country(upper: str) -> tuple[str | None, bool]:
    """The country of a receipt's "$": the one most kinds of evidence name, if only one; and
    whether evidence of that country alone names it (not only what other countries print too)."""
    votes: dict[str, int] = {}
    own: set[str] = set()
    for regex, country in _DOLLAR_EVIDENCE:
        if regex.search(upper):
            votes[country] = votes.get(country, 0) + 1
            own.add(country)
    for country in nanp_country(upper):
        votes[country] = votes.get(country, 0) + 1
        own.add(country)
    for regex, country in _SHARED_DOLLAR_EVIDENCE:
        if regex.search(upper):
            votes[country] = votes.get(country, 0) + 1
    if not votes:
        return None, False
    best = max(votes.values())
    winners = [c for c, n in votes.items() if n == best]
    return (winners[0], winners[0] in own) if len(winners) == 1 else (None, False)


# European countries' dialling codes ("+49 30 ...", "+420 224 ...")
_DIALLING = {
    "49": "DE", "43": "AT", "41": "CH", "33": "FR", "32": "BE", "31": "NL", "34": "ES", "39": "IT",
    "351": "PT", "352": "LU", "353": "IE", "356": "MT", "357": "CY", "358": "FI", "359": "BG",
    "30": "GR", "420": "CZ", "421": "SK", "48": "PL", "36": "HU", "46": "SE", "47": "NO", "45": "DK",
    "385": "HR", "386": "SI", "40": "RO", "90": "TR", "44": "GB", "370": "LT", "371": "LV", "372": "EE",
}  # fmt: skip
_PHONE_PREFIX = re.compile(
    r"(?<![\d+A-Z])\+[ \t]?("
    + "|".join(sorted(_DIALLING, key=len, reverse=True))
    + r")[ \t]?(?:\(0\)[ \t]?)?[\d(]"
)


def dialling_country(upper: str) -> str | None:
    """The one country the receipt's international phone numbers are in, if one."""
    found = {_DIALLING[m.group(1)] for m in _PHONE_PREFIX.finditer(upper)}
    return found.pop() if len(found) == 1 else None


# Words only one country prints: tax names and ids, fiscal receipt titles, the country's name.
EUROPE_CUES = [
    # Switzerland: a company's UID ("CHE-123.456.789"), before Germany's MwSt it shares
    (re.compile(r"(?<![A-Z])CHE[- ]?\d{3}\.?\d{3}\.?\d{3}(?!\d)|SCHWEIZ|SUISSE|SVIZZERA"), "CH"),
    # Croatia: fiscalisation codes (JIR, ZKI), the personal id number (OIB)
    (re.compile(r"(?<![A-Z])(?:JIR|ZKI|OIB)(?![A-Z])|HRVATSKA"), "HR"),
    (re.compile(r"PARAGON\s*FISKALNY|(?<![A-Z])PTU(?![A-Z])|SPRZEDA[ŻZ]"), "PL"),
    (re.compile(r"(?<![A-Z\d])CZ\d{8,10}(?![A-Z\d])|ČESKÁ REPUBLIKA"), "CZ"),
    (re.compile(r"(?<![A-Z])ÁFA(?![A-Z])|ADÓSZÁM|NYUGTA"), "HU"),
    (re.compile(r"BON\s*FISCAL|(?<![A-Z\d])RO\d{6,10}(?![A-Z\d])|ROM[AÂ]NIA"), "RO"),
    (re.compile(r"(?<![А-Я])(?:ДДС|ЕИК)(?![А-Я])|БЪЛГАРИЯ"), "BG"),
    (re.compile(r"(?<![A-Z])KDV(?![A-Z])|TÜRKİYE|TÜRKIYE"), "TR"),
    (re.compile(r"(?<![A-Z])MVA(?![A-Z])|NORGE"), "NO"),
    (re.compile(r"(?<![A-Z])CVR(?![A-Z])|DANMARK"), "DK"),
    # Finland: its business id ("Y-tunnus 1234567-8"), its VAT (ALV), before Sweden's words a
    # bilingual Finnish receipt prints too ("Kiitos - Välkommen åter")
    (re.compile(r"Y-TUNNUS|(?<![A-Z])ALV(?![A-Z])|SUOMI"), "FI"),
    # Sweden: a company's organisation number of ten digits ("Org.nr 559012-3456", its O read as a
    # zero; Norway's has nine, Denmark's CVR eight), the VAT id ("SE559012345601"); its words are
    # weaker cues (currency.py)
    (
        re.compile(
            r"(?<![A-Z.\d])[O0]RG\.?[ \t]?NR\.?:?[ \t]?\d{6}-?\d{4}(?!\d)|(?<![A-Z\d])SE\d{10}01(?!\d)"
        ),
        "SE",
    ),
    (re.compile(r"ΦΠΑ|Φ\.Π\.Α"), "GR"),
]
# Japan's consumption tax and receipt, China's VAT, invoice and renminbi (the yen and the yuan share "¥")
EAST_ASIA_CUES = [
    (re.compile(r"消費税|税込|領収書|内税|外税"), "JP"),
    (re.compile(r"增值税|发票|人民币|税额"), "CN"),
]
_YEAR = re.compile(r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](20\d\d)|(20\d\d)[./-]\d{1,2}[./-]\d{1,2})(?!\d)")


def croatian_currency(upper: str) -> str | None:
    """Croatia paid in kuna until the end of 2022 and in euro since: the receipt's dates say which."""
    years = {int(m.group(1) or m.group(2)) for m in _YEAR.finditer(upper)}
    if years and max(years) <= 2022:
        return "HRK"
    if years and min(years) >= 2023:
        return "EUR"
    return None


def _dialling(code: str) -> str:
    """A phone number's international dialling code ("+92 21 ...", "+94-11-..."), not a signed amount."""
    return r"|(?<![\d+])\+[ \t]?" + code + r"(?![.,]\d)"


# "Rs", "Rs." and "Rupees" are India's rupee and Pakistan's, Sri Lanka's, Nepal's and Mauritius's:
# each country's name, cities, tax names and ids and dialling code. Not the cities two of them
# share (Hyderabad) nor the Punjab
RUPEE_CUES = [
    (
        whole(
            r"(?<![A-Z])(?:INDIA|BHARAT|GSTIN|[CSIU]GST|UTGST|FSSAI|MUMBAI|DELHI|BENGALURU|BANGALORE"
            r"|CHENNAI|KOLKATA|PUNE|AHMEDABAD|JAIPUR|LUCKNOW|NOIDA|GURUGRAM|GURGAON|CHANDIGARH|KOCHI"
            r"|MAHARASHTRA|KARNATAKA|TAMIL NADU|KERALA|GUJARAT|TELANGANA|RAJASTHAN|UTTAR PRADESH"
            r"|WEST BENGAL|HARYANA)(?![A-Z])"
            r"|(?<![A-Z])PIN(?:[ \t]?CODE)?[ \t]*[:.-]?[ \t]*\d{3}[ \t]?\d{3}(?!\d)" + _dialling("91")
        ),
        "INR",
    ),
    (
        whole(
            r"(?<![A-Z])(?:PAKISTAN|KARACHI|LAHORE|ISLAMABAD|RAWALPINDI|FAISALABAD|PESHAWAR|MULTAN|QUETTA"
            r"|NTN|STRN)(?![A-Z])" + _dialling("92")
        ),
        "PKR",
    ),
    (whole(r"(?<![A-Z])(?:SRI LANKA|COLOMBO|KANDY|GALLE|NEGOMBO|JAFFNA)(?![A-Z])" + _dialling("94")), "LKR"),
    (whole(r"(?<![A-Z])(?:NEPAL|KATHMANDU|POKHARA|LALITPUR|BHAKTAPUR)(?![A-Z])" + _dialling("977")), "NPR"),
    (whole(r"(?<![A-Z])(?:MAURITIUS|PORT LOUIS|CUREPIPE|QUATRE BORNES)(?![A-Z])" + _dialling("230")), "MUR"),
]
RUPEES = frozenset(code for _regex, code in RUPEE_CUES)


def rupee_currency(upper: str, printed: set[str]) -> tuple[str, bool]:
    """Which rupee the receipt's "Rs" is: the one rupee it prints as such (a code, "₹"), else the
    one country its words place it in (``RUPEE_CUES``); else the Indian rupee, guessed (False)."""
    codes = printed & RUPEES
    if len(codes) == 1:
        return next(iter(codes)), True
    found = {code for regex, code in RUPEE_CUES if regex.search(upper)}
    if len(found) == 1:
        return found.pop(), True
    return "INR", False


# Words that place a receipt in a country when it prints no code (company suffixes, tax names).
COUNTRY_CUES = [
    (
        whole(
            r"SDN\.?\s*BHD|(?<![A-Z])BHD\.?(?![A-Z])|(?<![A-Z])S/B(?![A-Z])|MALAYSIA|(?<![A-Z])SST(?![A-Z])"
        ),
        "MY",
    ),
    (whole(r"PTE\.?\s*LTD|SINGAPORE"), "SG"),
    (MY_PLACES, "MY"),
    *EUROPE_CUES,
    *EAST_ASIA_CUES,
    (whole(r"GMBH|MWST|(?<![A-Z])UST(?![A-Z])|DEUTSCHLAND"), "DE"),
    (whole(r"(?<![A-Z])TVA(?![A-Z])|(?<![A-Z])TTC(?![A-Z])|SARL"), "FR"),
    (whole(r"(?<![A-Z])PTY\.?\s*LTD|(?<![A-Z])ABN(?![A-Z])|AUSTRALIA"), "AU"),
    (whole(r"(?<![A-Z])HST(?![A-Z])|(?<![A-Z])QST(?![A-Z])|CANADA"), "CA"),
    (
        whole(
            r"(?<![A-Z])(?:P\.?\s?IVA|PARTITA IVA|S\.R\.L|SRL|S\.P\.A|SCONTRINO|DOCUMENTO COMMERCIALE)"
            r"(?![A-Z])"
        ),
        "IT",
    ),
    # Quebec's two sales taxes (TPS, TVQ) and a Canadian postcode ("QC H3B 1E5")
    (whole(r"(?<![A-Z])(?:TPS|TVQ)(?![A-Z])"), "CA"),
    (CA_POSTCODE_AFTER, "CA"),
    (CA_PLACES, "CA"),
    # a US state and ZIP code ending an address line ("S.F. CA 94102", "BELLEVUE WA 98006-6125");
    # sales tax (both before Spain's cues: US restaurants print "Ticket" too)
    (US_ADDRESS, "US"),
    (whole(r"SALES\s*TAX"), "US"),
    # Brazil: a company's tax id (CNPJ), the consumer invoice's names (NFC-e, DANFE, cupom fiscal)
    (whole(r"(?<![A-Z])(?:CNPJ|DANFE|NFC-?E|CUPOM FISCAL)(?![A-Z])"), "BR"),
    # a euro country's VAT id ("KMKR EE101503969", "USt-IdNr. DE 123456789")
    (whole(r"(?<![A-Z\d])(?:" + EURO_VAT_IDS + r")(?![A-Z\d])"), "EU"),
]
# Weaker words, after a phone number's dialling code
WEAK_CUES = [
    # Sweden: kvitto (receipt), a phone number with its dialling code, "att betala" (to pay), a card
    # purchase ("kortköp"), "välkommen åter" (å read as ä or a); not moms, momsreg.nr or org. nr
    # alone, which Danish and Norwegian receipts print too
    (
        whole(
            r"KVITTO|(?<![\d+])\+[ \t]?46[ \t]?\(?\d|ATT BETALA|KORTK[ÖO]P|V[ÄA]LKOMMEN [ÅÄA]TER"
            r"|SVERIGE"
        ),
        "SE",
    ),
    (whole(r"(?<![A-Z])(?:N\.?I\.?F|C\.?I\.?F|S\.L|IVA|FACTURA|TICKET)(?![A-Z])"), "ES"),
    (whole(r"(?<![A-Z])(?:BTW|KVK|B\.V|BEDANKT|TOTAAL)(?![A-Z])"), "NL"),
    (
        whole(
            r"(?<![A-Z])(?:VAT\s*(?:REG|NO|NUMBER)|GB\s?\d{3}\s?\d{4}\s?\d{2})|\.CO\.UK(?![A-Z])"
            # a British postcode ending a line of the address ("Leeds HE6 2EH")
            r"|(?<=[A-Z] )[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}$",
            re.MULTILINE,
        ),
        "GB",
    ),
    (whole(r"(?<![A-Z]),\s*[A-Z]{2}\s+\d{5}(?!\d)"), "US"),
]


# Sweden, whose short dates put the year first ("24-03-15"): its currency's code or its name, or the
# krona's "kr" with Swedish words; not with Denmark's or Norway's cues, whose receipts print "kr"
# and "moms" too and put the day first
_SWEDEN = re.compile(r"(?<![A-Z])(?:SEK(?!\.?[A-Z\d])|SWEDEN|SVERIGE)")
_SWEDISH_WORDS = re.compile(r"(?<![A-Z])(?:MOMS|KVITTO|[O0]RG\.?[ \t]?NR|TOTALT)(?![A-Z])")
_KRONA = re.compile(r"(?<![A-Z])KR(?:\.|(?![A-Z\d]))")
_DANISH_OR_NORWEGIAN = re.compile(
    r"(?<![A-Z])(?:DKK|NOK|MVA|CVR|DANMARK|DENMARK|NORGE|NORWAY)(?![A-Z])|(?<![\d+])\+[ \t]?4[57](?!\d)"
)
# Taiwan, whose receipts count the years of the Republic ("113/03/15"): its name, its dollar, a
# company's uniform number (統一編號)
_TAIWAN = re.compile(r"TAIWAN|台灣|臺灣|(?<![A-Z])NT\$|(?<![A-Z])TWD(?![A-Z])|統一編號|统一编号")


def swedish(upper: str) -> bool:
    """Whether the receipt's words place it in Sweden (``upper``: its text in capitals)."""
    if _DANISH_OR_NORWEGIAN.search(upper):
        return False
    return bool(_SWEDEN.search(upper) or (_KRONA.search(upper) and _SWEDISH_WORDS.search(upper)))


def taiwanese(upper: str) -> bool:
    """Whether the receipt's words place it in Taiwan."""
    return bool(_TAIWAN.search(upper))
