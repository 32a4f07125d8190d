"""Money amounts in receipt text, in both separator conventions.

``1,234.56``, ``1.234,56``, ``1 234,56``, ``12,50``, ``RM9.00``, ``-0.02``, ``(0.02)``, ``9.000``
(three-decimal unit prices) are all read; a bare integer is kept but marked as such, because
receipts print money with decimals and integers are mostly quantities, codes or percentages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Locales whose receipts write the decimal part after a comma (``12,50``).
_COMMA_DECIMAL_LANGS = {
    "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "ro", "hu", "tr", "ru", "uk",
    "da", "sv", "fi", "nb", "no", "el", "bg", "lt", "lv", "et", "id", "vi",
}  # fmt: skip

# (the thousands' separators: a point, a comma, an apostrophe, and the spaces typesetting puts
# between thousands, which a PDF's text layer keeps: no-break, narrow no-break, thin, figure)
_NUMBER = re.compile(
    r"""
    (?P<neg>[-\u2212(])?\s*
    (?P<int>\d{1,3}(?:(?P<sep>[.,'\u00a0\u202f\u2009\u2007])\d{3})(?:(?P=sep)\d{3})*
        |\d{1,2}(?:,\d{2})+,\d{3}(?=\.\d)  # Indian grouping, lakhs and crores: "1,23,456.00"
        |\d+)
    (?:(?P<dec>[.,])(?P<frac>\d{1,3}))?
    (?P<close>\))?
    """,
    re.VERBOSE,
)

# "1 234,56", "12 995,00 kr": a space groups the thousands of an amount with a decimal comma
# when the amount ends its box (a currency after it at most), no number follows it on the row,
# no number or "x" stands before it, and one box holds it all: "Netto MWST 1" "135,55" (two
# boxes) are a tax class and an amount, "2 450,00 900,00" and "2 x 450,00" a quantity and prices
_SPACED = re.compile(r"(?<![\d.,'/:])[1-9]\d{0,2}(?: \d{3})+,\d{2}(?=\s*[^\W\d_]{0,3}\s*[€$£]?\s*$)")
# "R 1 283.54", "R1 283.54", "$ 1 234.56": with a decimal point, only after a currency's sign or
# code (a count stands before a price, never between it and its currency: "1 283.54" alone may
# be a quantity and a price)
_SPACED_POINT = re.compile(
    r"(?:(?<![^\W\d_])(?:R|R[sS]\.?|ZAR|INR|USD|EUR|GBP|AUD|NZD|CAD|SGD|HKD|MYR|RM)|[$€£₹])\s?"
    r"([1-9]\d{0,2}(?: \d{3})+\.\d{2})(?=\s*$)"
)
_NOT_BEFORE_SPACED = re.compile(r"(?:\d|[xX×*@])\s*$")
_DIGIT = re.compile(r"\d")


def _spaced_amount(text: str, boxes: Sequence[str]) -> Amount | None:
    """The amount grouped by spaces that ends one of ``boxes`` (``text`` is them joined by
    spaces), if any."""
    start = 0
    for box in boxes:
        m = _SPACED.search(box) or _SPACED_POINT.search(box)
        if m is not None:
            group = m.lastindex or 0
            begin, end = start + m.start(group), start + m.end(group)
            if not _NOT_BEFORE_SPACED.search(text, 0, begin) and not _DIGIT.search(text, end):
                neg = re.search(r"[-\u2212]\s*$", text[:begin]) is not None
                value = Decimal(m.group(group).replace(" ", "").replace(",", "."))
                return Amount(-value if neg else value, begin, end, 2, neg)
        start += len(box) + 1
    return None


# ".00" as printed for zero change, or with the leading digit lost
_BARE_FRACTION = re.compile(r"(?<![\d.,])(?<!\d[:;])(?P<neg>-)?\.(?P<frac>\d{2})(?![\d.,])")
# the letters a bare fraction may follow ("RM.50"); after any other word it is that word's
# abbreviation point and a number ("Incl.6% GST" read "Incl.68 GST"), not an amount
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_CURRENCY_WORDS = frozenset((
    "RM", "MYR", "EUR", "EURO", "USD", "GBP", "SGD", "CHF", "AUD", "CAD", "NZD", "HKD",
    "SEK", "DKK", "NOK", "PLN", "CZK", "HUF", "KR", "KC", "FT", "ZL", "FR",
))  # fmt: skip


@dataclass(frozen=True)
class Amount:
    """A number read from text, with where it stood and how money-like it looks."""

    value: Decimal
    start: int
    end: int
    decimals: int  # digits after the decimal separator (0 for a bare integer)
    negative: bool = False

    @property
    def money_like(self) -> bool:
        return self.decimals == 2


def comma_is_decimal(locale: str | None) -> bool | None:
    """Return the locale's decimal convention, or None when there is no hint."""
    if not locale:
        return None
    lang = locale.replace("-", "_").split("_")[0].lower()
    return lang in _COMMA_DECIMAL_LANGS


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# "Uhrzeit:12.30", "Time:09.15": a time after its label
_TIME_LABEL = re.compile(r"(?:ZEIT|TIME|UHR|HEURE|HORA|ORA|TIJD)$", re.IGNORECASE)


def _label_colon(text: str, start: int, dec: str | None) -> bool:
    """``Netto-Warenwert:57,23``: an amount with decimals glued to its label's colon (a time's
    minutes follow digits, not letters)."""
    glued = bool(dec) and text[start - 1 : start] == ":" and text[start - 2 : start - 1].isalpha()
    return glued and not _TIME_LABEL.search(text[: start - 1])


_PERCENT_AFTER = re.compile(r"\s*%")


def _skipped(text: str, m: re.Match) -> bool:
    """Digits glued to letters on their left (codes such as ``T02``, ``SR6``), part of a date,
    time, percentage, dotted number or long code. An amount with decimals before a label's
    colon (``sur 1.80: € 0.10``) or glued after one (``Netto:57,23``) is kept."""
    start, end = m.start("int"), m.end()
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    int_part, sep, dec = m.group("int"), m.group("sep"), m.group("dec")
    return (
        # "RM9.00" "SGD9.00" "USD9" keep; "T02" "A10" skip (M/R/S/P/D end currency codes)
        (before.isalpha() and before.upper() not in ("M", "R", "S", "P", "D"))
        or bool(before and (before.isdigit() or before in "/:") and not _label_colon(text, start, dec))
        or bool(after and (after == "/" or after.isdigit()))
        or bool(_PERCENT_AFTER.match(text, end))  # a rate, its sign glued or set apart ("19,00 %")
        or (after == ":" and (not dec or text[end + 1 : end + 2].isdigit()))
        or bool(dec and text[end : end + 1] in (".", ","))  # 1.2.3 is no amount
        or (int_part.isdigit() and len(int_part) > 9)  # barcodes and long references
        or bool(sep and dec and sep == dec)
    )


def _grouped_value(int_part: str, sep: str, comma_decimal: bool | None) -> tuple[Decimal | None, int]:
    """A number with a separator and no decimal part: (value, decimals)."""
    if sep in ".," and int_part.count(sep) == 1:
        # "9.000" or "1,234": one separator and three digits. The locale decides; with
        # no hint a point is a decimal point (three-decimal unit prices) and a comma groups.
        is_decimal = comma_decimal if sep == "," else not comma_decimal
        if comma_decimal is None:
            is_decimal = sep == "."
        if is_decimal:
            return _to_decimal(int_part.replace(sep, ".")), 3
    return _to_decimal(int_part.replace(sep, "")), 0


def _value(m: re.Match, comma_decimal: bool | None) -> tuple[Decimal | None, int]:
    int_part, sep, dec, frac = m.group("int"), m.group("sep"), m.group("dec"), m.group("frac")
    if sep and not dec:
        return _grouped_value(int_part, sep, comma_decimal)
    digits = int_part.replace(sep, "") if sep else int_part.replace(",", "")  # "1,23,456.00"
    if dec:
        return _to_decimal(f"{digits}.{frac}"), len(frac)
    return _to_decimal(digits), 0


# "RMI11.90", "RMl2.50": the ringgit sign with the amount's first 1 read as a letter
_RM_ONE = re.compile(r"(?<![A-Za-z])RM[Il](?=\d)")


def parse_amounts(text: str, locale: str | None = None, boxes: Sequence[str] = ()) -> list[Amount]:
    """Find every number in ``text`` and read it as an amount.

    Digits glued to letters on their left (codes such as ``T02``, ``SR6``) or part of a date,
    time, percentage or long code are skipped. ``boxes``: the recogniser's texts that ``text``
    joins with spaces; a space groups thousands (``1 234,56``) only inside one of them.
    """
    comma_decimal = comma_is_decimal(locale)
    spaced = _spaced_amount(text, boxes) if " ".join(boxes) == text else None
    text = _RM_ONE.sub("RM1", text)  # same length: positions hold
    found: list[Amount] = [spaced] if spaced else []
    for m in _NUMBER.finditer(text):
        if _skipped(text, m) or (spaced and m.start("int") < spaced.end and m.end() > spaced.start):
            continue
        value, decimals = _value(m, comma_decimal)
        if value is None:
            continue
        negative = bool(m.group("neg")) and (m.group("neg") != "(" or bool(m.group("close")))
        found.append(Amount(-value if negative else value, m.start(), m.end(), decimals, negative))
    for m in _BARE_FRACTION.finditer(text):
        word = _WORD_BEFORE.search(text, 0, m.start())
        if word is not None and word.group().upper() not in _CURRENCY_WORDS:
            continue
        value = Decimal(f"0.{m.group('frac')}")
        negative = bool(m.group("neg"))
        found.append(Amount(-value if negative else value, m.start(), m.end(), 2, negative))
    found.sort(key=lambda a: a.start)
    return found


# "15 15", "52-00", "52:00" at the end of a line: a decimal point the recogniser read as a
# space, a dash or a colon
# the point misread as a space, a dash or a colon, or printed with a space after it ("EUR 24. 75")
_BROKEN_POINT = re.compile(r"(?<![\d.,:\-])(\d{1,6})(?:[ \-:]|[.,] )(\d{2})\s*[A-Z]?\s*$")


def broken_point_amount(text: str) -> Amount | None:
    """The amount ending ``text`` when its decimal point was misread (``TOTAL RM 15 15``).

    Only for a line that announces a total and holds no amount otherwise: elsewhere such
    digits are times, codes and quantities."""
    m = _BROKEN_POINT.search(text)
    if m is None:
        return None
    return Amount(Decimal(f"{m.group(1)}.{m.group(2)}"), m.start(), m.end(2), 2)


def money_amounts(text: str, locale: str | None = None, boxes: Sequence[str] = ()) -> list[Amount]:
    """The amounts in ``text`` written like money (two decimals); ``boxes`` as for ``parse_amounts``."""
    return [a for a in parse_amounts(text, locale, boxes) if a.money_like]


def format_amount(value: Decimal) -> str:
    """A decimal string with two decimals, e.g. ``'1234.50'``."""
    return f"{value.quantize(Decimal('0.01')):f}"
