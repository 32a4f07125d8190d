"""The receipt's currency (ISO 4217) from symbols, codes, the locale hint and country cues."""

from __future__ import annotations

import re

# Codes printed on receipts as such (whole words).
_CODES = {
    "MYR", "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "SGD", "AUD", "CAD", "NZD", "HKD", "CHF",
    "INR", "IDR", "THB", "PHP", "VND", "KRW", "TWD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
    "MXN", "BRL", "ZAR", "AED", "SAR", "TRY", "RUB", "ILS",
}  # fmt: skip
_CODE_ALIASES = {"RMB": "CNY"}

# Symbols and local abbreviations that name one currency.
_UNAMBIGUOUS = [
    (re.compile(r"\(RM\)|RM(?=\s?\d)|(?<![A-Z])RM(?![A-Z])"), "MYR"),
    (re.compile(r"€|(?<![A-Z])EUR(?:O|OS)?(?![A-Z])"), "EUR"),
    (re.compile(r"£"), "GBP"),
    (re.compile(r"₹|(?<![A-Z])RS\.?(?=\s*\d)"), "INR"),
    (re.compile(r"₩"), "KRW"),
    (re.compile(r"฿"), "THB"),
    (re.compile(r"₱"), "PHP"),
    (re.compile(r"₫"), "VND"),
    (re.compile(r"(?<![A-Z])RP\.?(?=\s*\d)"), "IDR"),
    (re.compile(r"(?<![A-Z])S\$"), "SGD"),
    (re.compile(r"(?<![A-Z])A\$|(?<![A-Z])AU\$"), "AUD"),
    (re.compile(r"(?<![A-Z])C\$|(?<![A-Z])CA\$"), "CAD"),
    (re.compile(r"(?<![A-Z])HK\$"), "HKD"),
    (re.compile(r"(?<![A-Z])NT\$"), "TWD"),
    (re.compile(r"(?<![A-Z])US\$"), "USD"),
    (re.compile(r"(?<![A-Z])CHF|(?<![A-Z])SFR\.?(?![A-Z])"), "CHF"),
    (re.compile(r"(?<![A-Z])ZŁ|(?<![A-Z])ZL(?=\s*$)"), "PLN"),
    (re.compile(r"(?<![A-Z])KČ"), "CZK"),
    (re.compile(r"元"), "CNY"),
    (re.compile(r"円"), "JPY"),
]

# Region of a locale -> its currency (for "$", "¥", "kr" and receipts that print no symbol).
_REGION_CURRENCY = {
    "MY": "MYR", "US": "USD", "GB": "GBP", "UK": "GBP", "SG": "SGD", "AU": "AUD", "CA": "CAD",
    "NZ": "NZD", "HK": "HKD", "JP": "JPY", "CN": "CNY", "IN": "INR", "ID": "IDR", "TH": "THB",
    "PH": "PHP", "VN": "VND", "KR": "KRW", "TW": "TWD", "CH": "CHF", "SE": "SEK", "NO": "NOK",
    "DK": "DKK", "PL": "PLN", "CZ": "CZK", "HU": "HUF", "MX": "MXN", "BR": "BRL", "ZA": "ZAR",
    "AE": "AED", "SA": "SAR", "TR": "TRY", "RU": "RUB", "IL": "ILS",
    "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR",
    "PT": "EUR", "IE": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR", "SI": "EUR",
    "EE": "EUR", "LV": "EUR", "LT": "EUR", "MT": "EUR", "CY": "EUR", "HR": "EUR",
}  # fmt: skip
_DOLLAR = {"USD", "SGD", "AUD", "CAD", "NZD", "HKD", "TWD", "MXN"}
_KRONA = {"SEK", "NOK", "DKK"}

# Words that place a receipt in a country when it prints no code (company suffixes, tax names).
_COUNTRY_CUES = [
    (
        re.compile(
            r"SDN\.?\s*BHD|(?<![A-Z])BHD\.?(?![A-Z])|(?<![A-Z])S/B(?![A-Z])|MALAYSIA|(?<![A-Z])SST(?![A-Z])"
        ),
        "MY",
    ),
    (re.compile(r"PTE\.?\s*LTD|SINGAPORE"), "SG"),
    (re.compile(r"GMBH|MWST|(?<![A-Z])UST(?![A-Z])|DEUTSCHLAND"), "DE"),
    (re.compile(r"(?<![A-Z])TVA(?![A-Z])|(?<![A-Z])TTC(?![A-Z])|SARL"), "FR"),
    (re.compile(r"(?<![A-Z])PTY\.?\s*LTD|(?<![A-Z])ABN(?![A-Z])|AUSTRALIA"), "AU"),
    (re.compile(r"(?<![A-Z])HST(?![A-Z])|(?<![A-Z])QST(?![A-Z])|CANADA"), "CA"),
]


def detect_currency(texts: list[str], locale: str | None = None) -> tuple[str | None, float]:
    """Return (ISO 4217 code or None, confidence)."""
    region = None
    if locale:
        parts = locale.replace("-", "_").split("_")
        if len(parts) > 1:
            region = parts[1].upper()[:2]
    upper = "\n".join(texts).upper()
    votes: dict[str, int] = {}
    for word in re.findall(r"(?<![A-Z])([A-Z]{3})(?![A-Z])", upper):
        if word in _CODES:
            code = _CODE_ALIASES.get(word, word)
            votes[code] = votes.get(code, 0) + 2
    for regex, code in _UNAMBIGUOUS:
        n = len(regex.findall(upper))
        if n:
            votes[code] = votes.get(code, 0) + n
    if votes:
        code = max(votes, key=votes.get)
        total = sum(votes.values())
        return code, round(min(0.98, 0.6 + 0.1 * votes[code]) * votes[code] / total, 3)
    region_currency = _REGION_CURRENCY.get(region) if region else None
    cue_region = None
    for regex, cue in _COUNTRY_CUES:
        if regex.search(upper):
            cue_region = cue
            break
    cue_currency = _REGION_CURRENCY.get(cue_region) if cue_region else None
    if "$" in upper:
        for guess in (region_currency, cue_currency):
            if guess in _DOLLAR or guess == "MYR":
                # Malaysian receipts often print "$" for ringgit
                return guess, 0.7
        return "USD", 0.5
    if "¥" in upper or "￥" in upper:
        return ("CNY", 0.7) if "CNY" in (region_currency, cue_currency) else ("JPY", 0.6)
    if re.search(r"(?<![A-Z])KR\.?(?![A-Z])", upper):
        for guess in (region_currency, cue_currency):
            if guess in _KRONA:
                return guess, 0.7
        return "SEK", 0.4
    if region_currency:
        return region_currency, 0.5
    if cue_currency:
        return cue_currency, 0.4
    return None, 0.0
