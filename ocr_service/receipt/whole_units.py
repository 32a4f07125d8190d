"""Receipts in a currency that has no minor unit (ISO 4217 exponent 0: the yen, the won, the
dong, the rupiah, the Chilean and Colombian pesos ...): their amounts are printed without
decimals ("TOTAL Rp 18.500", "Tong cong 60.000 d", "TOTAL ¥302", "TOTAL $2.280"), and a point or
a comma in them groups thousands ("18.500" is eighteen thousand five hundred, never 18.5).

Elsewhere an integer on a receipt is a quantity, a code or a phone number, so such amounts are
read only when the receipt shows its currency has no minor unit: its code or a sign only such a
currency uses beside an integer amount, or for the dong and the pesos the country's words beside
amounts grouped by points; and when the currency the receipt's other evidence reads agrees, and
the receipt prints no more amounts with cents than such integers (a pound receipt that names
the yen in a footer or an exchange rate is read as before).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import labels as L
from .amounts import Amount, money_amounts
from .candidates import Reader
from .country import RUPEES
from .currency import CURRENCY_GUESS
from .layout import Row

# the currencies without a minor unit whose receipts this reads (Indonesia and Colombia have
# cents on paper, never in a till)
ZERO_DECIMAL = frozenset({"JPY", "KRW", "VND", "IDR", "CLP", "COP", "ISK", "PYG", "UGX"})

# an integer amount: its thousands grouped by points or commas ("18.500", "1,280", "1.250.000"),
# or digits alone; not part of a date, a time, a phone number or an id ("12/03", "14:22",
# "021-555", "01.234.567.8-901.000"), nor an amount with cents ("3,500.00", "18.500,00")
_INT = re.compile(
    r"(?<![\d.,/:#+])(?<!\d-)(?P<neg>-\s?)?"
    r"(?P<int>\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*|\d{1,9})"
    r"(?![\d/:%]|[.,]\d|\s?%)"
)
# the signs and codes written before an amount ("Rp 18.500", "¥1,280", "KRW 3,500", "$2.280")
_SIGN_BEFORE = {
    "JPY": r"¥|￥|JPY",
    "KRW": r"₩|KRW",
    "VND": r"₫|VND",
    "IDR": r"RP\.?|IDR",
    "CLP": r"\$|CLP",
    "COP": r"\$|COP",
    "ISK": r"ISK",
    "PYG": r"₲|GS\.|PYG",
    "UGX": r"USH|UGX",
}
# ... and after it ("1,280円", "60.000 d", "60.000₫", "3,500원", "5.000 Gs.")
_SIGN_AFTER = {
    "JPY": r"円|JPY|YEN",
    "KRW": r"원|KRW|WON",
    "VND": r"₫|Đ|D|VND|DONG|ĐỒNG",
    "IDR": r"IDR",
    "CLP": r"CLP",
    "COP": r"COP",
    "ISK": r"ISK",
    "PYG": r"₲|GS\.?|PYG",
    "UGX": r"UGX",
}
# the dollar sign is the pesos' and many other currencies': only with the country's words
_SHARED_SIGNS = {"CLP": r"CLP", "COP": r"COP"}
# ... and a "d" after an amount is the dong's only after one grouped by a point ("60.000 d", not
# Malaysia's lottery "4D"): with the country's words
_SHARED_AFTER = {"VND": r"₫|Đ|VND|DONG|ĐỒNG"}

# the words that place a receipt in Vietnam, Chile, Indonesia or Colombia (accents folded,
# capitals): its labels, company forms, cities, tax ids (Malaysia shares some Malay words, but
# its ringgit has cents)
_COUNTRY_WORDS = {
    "VND": re.compile(
        r"(?<![A-Z])(?:TONG CONG|TONG TIEN|THANH TOAN|TIEN MAT|TIEN THUA|TIEN THOI|KHACH DUA|HOA DON"
        r"|CONG TY|TNHH|VIET ?NAM|HA NOI|TP\.? ?HCM|HO CHI MINH|DA NANG|CAM ON)(?![A-Z])"
    ),
    "CLP": re.compile(
        r"(?<![A-Z])(?:CHILE|SANTIAGO|VALPARAISO|VINA DEL MAR|BOLETA ELECTRONICA|S\.I\.I\.?)(?![A-Z])"
        r"|R\.?U\.?T\.?\s*:?\s*\d{1,2}\.\d{3}\.\d{3}-[\dK]"
    ),
    "IDR": re.compile(
        r"(?<![A-Z])(?:NPWP|INDONESIA|JAKARTA|SURABAYA|BANDUNG|MEDAN|SEMARANG|YOGYAKARTA|DENPASAR"
        r"|KEMBALIAN|TOTAL BELANJA|PPN)(?![A-Z])"
    ),
    "COP": re.compile(
        r"(?<![A-Z])(?:COLOMBIA|BOGOTA|MEDELLIN|BARRANQUILLA|CARTAGENA|BUCARAMANGA|DIAN)(?![A-Z])"
    ),
}
# how sure the currency is when the country's words and amounts grouped by a point name it (a
# dong written "d" or "đ" after its amounts is surer)
_BY_WORDS = 0.7
_BY_WORDS_AND_SIGN = 0.8
# ... and when its own sign or code names it against a currency only guessed (the yen's "¥" is
# the yuan's too)
_BY_SIGN = {"JPY": 0.6}

# what follows a number that is no amount: a weight, a volume, a count ("1.250 kg", "2 x")
_UNIT_AFTER = re.compile(r"\s*(?:KG|G|GR|ML|L|LT|LTR|PCS|X|×|\*|@)(?![^\W\d_])", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# an amount with cents ("12.50", "3,99"); not the ".00" or ",00" of a whole amount
_CENTS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,' ]?\d{3})*[.,](?!00(?!\d))\d{2}(?![\d.,%])")
# the labels a lone integer ending its row may be an amount under ("TOTAL 500", "KEMBALI 0")
_MONEY_KINDS = {L.GRAND, L.TOTAL, L.SUBTOTAL, L.TAX, L.TENDER, L.CHANGE, L.DISCOUNT, L.ROUNDING, L.SERVICE}
_NOT_MONEY = {L.COUNT, L.TAX_ID, L.RECEIPT_NO, L.DATE}


def _sides(before: str, after: str) -> tuple[re.Pattern, re.Pattern]:
    return (
        re.compile(r"(?<![^\W\d_])(?:" + before + r")\s?$", re.IGNORECASE),
        re.compile(r"\s?(?:" + after + r")(?![^\W\d_])", re.IGNORECASE),
    )


# the signs that read an amount, and those that show the currency has no minor unit
_READ = {code: _sides(_SIGN_BEFORE[code], _SIGN_AFTER[code]) for code in ZERO_DECIMAL}
_OWN = {
    code: _sides(_SHARED_SIGNS.get(code, _SIGN_BEFORE[code]), _SHARED_AFTER.get(code, _SIGN_AFTER[code]))
    for code in ZERO_DECIMAL
}


def _fold(text: str) -> str:
    """Capitals, accents dropped ("Tổng cộng" -> "TONG CONG", "đ" -> "D")."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()


def _beside(text: str, m: re.Match, sides: tuple[re.Pattern, re.Pattern]) -> bool:
    """Whether the integer ``m`` of ``text`` has one of ``sides``' signs before or after it."""
    before, after = sides
    return bool(before.search(text, 0, m.start("int")) or after.match(text, m.end()))


def _integers(text: str) -> list[re.Match]:
    """The integers of ``text`` that may be amounts (``_INT``): not a weight or a count, nor
    digits glued to a word ("T02", "500ml", "4d") unless the word is a currency's sign
    ("Rp18.500", "60.000đ", "1,280円")."""
    found = []
    for m in _INT.finditer(text):
        if _UNIT_AFTER.match(text, m.end()):
            continue
        glued_before = _LETTER.match(text[m.start("int") - 1 : m.start("int")] or " ")
        glued_after = _LETTER.match(text[m.end() : m.end() + 1] or " ")
        if (glued_before or glued_after) and not any(_beside(text, m, s) for s in _READ.values()):
            continue
        found.append(m)
    return found


@dataclass(frozen=True)
class _Evidence:
    """The currency without a minor unit a receipt shows, how surely (None: by its own sign or
    code), and how many integer amounts show it."""

    code: str
    confidence: float | None
    amounts: int


def _evidence(texts: list[str], currency: str | None) -> _Evidence | None:
    """Integer amounts beside a sign or a code only a currency without a minor unit uses, the
    most of one (the currency read, of those printed as often); else the words of Vietnam, Chile,
    Indonesia or Colombia and amounts grouped by a point (for the pesos, after a dollar sign)."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _integers(text):
            for code, sides in _OWN.items():
                if _beside(text, m, sides):
                    counts[code] = counts.get(code, 0) + 1
    if counts:
        code = max(counts, key=lambda c: (counts[c], c == currency))
        return _Evidence(code, None, counts[code])
    folded = _fold("\n".join(texts))
    for code, words in _COUNTRY_WORDS.items():
        if not words.search(folded):
            continue
        grouped = [
            (t, m)
            for t in texts
            for m in _integers(t)
            if m.group("sep") == "." and (code in ("VND", "IDR") or _beside(t, m, _READ[code]))
        ]
        if grouped:
            sign = any(_beside(u, m, _READ["VND"]) for u, m in grouped) and code == "VND"
            return _Evidence(code, _BY_WORDS_AND_SIGN if sign else _BY_WORDS, len(grouped))
    return None


def shown_whole_unit(texts: list[str]) -> str | None:
    """The currency without a minor unit the texts' amounts are printed in, if they show one
    and print fewer amounts with cents than such integers."""
    found = _evidence(texts, None)
    if found is None or sum(len(_CENTS.findall(t)) for t in texts) >= found.amounts:
        return None
    return found.code


def whole_units(
    rows: list[Row], currency: str | None, confidence: float
) -> tuple[str | None, float, Reader | None]:
    """The receipt's currency and a reader of its amounts (``collect_candidates``'), integers
    among them, when it shows its currency has no minor unit (``_evidence``) and nothing says
    otherwise: the currency read from the rest of the receipt is that one, or none, or for the
    pesos a "$" only guessed to be the US dollar (another currency, even guessed from the country's
    words, is a conflict: India's "₹" misread as "¥"), and the receipt prints fewer amounts with
    cents than such integers.
    Else the currency as read and no reader (amounts with cents only)."""
    texts = [row.text for row in rows]
    found = _evidence(texts, currency)
    if found is None:
        return currency, confidence, None
    if currency not in (None, found.code) and not _overrides(found, currency, confidence):
        return currency, confidence, None
    cents = sum(len(_CENTS.findall(t)) for t in texts)
    if cents >= found.amounts:
        return currency, confidence, None
    if currency != found.code:
        currency, confidence = found.code, found.confidence or _BY_SIGN.get(found.code, _BY_WORDS_AND_SIGN)
    return currency, confidence, _reader(found.code)


def _overrides(found: _Evidence, currency: str | None, confidence: float) -> bool:
    """Whether the evidence outweighs the currency read from the rest of the receipt: one only
    guessed ("$" taken for the US dollar, a tax named "Tax" alone), when the evidence is the
    currency's own sign or code, or for the pesos their country's words beside a "$". Not a
    rupee the country's words name: India's "₹" reads as "¥"."""
    if confidence > CURRENCY_GUESS or currency in RUPEES:
        return False
    return found.confidence is None or (currency == "USD" and found.code in ("CLP", "COP"))


def _reader(code: str) -> Reader:
    def read(text: str, locale: str | None, boxes: Sequence[str] = ()) -> list[Amount]:
        return whole_amounts(text, code, locale, boxes)

    return read


def whole_amounts(text: str, code: str, locale: str | None = None, boxes: Sequence[str] = ()) -> list[Amount]:
    """The amounts of ``text`` on a receipt in ``code``, a currency without a minor unit: those
    with cents as printed (``money_amounts``), and integers beside the currency's sign or code,
    grouped in thousands, or ending a row a money label names ("KEMBALI 0")."""
    found = money_amounts(text, locale, boxes)
    for m in _integers(text):
        if any(a.start < m.end() and m.start() < a.end for a in found):
            continue
        signed = _beside(text, m, _READ[code])
        grouped = m.group("sep") is not None
        if not (signed or grouped or _ends_a_money_row(text, m)):
            continue
        value = Decimal(m.group("int").replace(".", "").replace(",", ""))
        negative = m.group("neg") is not None
        found.append(Amount(-value if negative else value, m.start(), m.end(), 0, negative))
    found.sort(key=lambda a: a.start)
    return found


_TRAILING_SIGN = re.compile(r"\s*(?:[^\W\d_]{1,3}\.?|[₫円원¥₩$])?\s*$")


def _ends_a_money_row(text: str, m: re.Match) -> bool:
    """An integer that ends its row (a sign after it at most), under a label of an amount."""
    if not _TRAILING_SIGN.fullmatch(text, m.end()):
        return False
    kinds = L.classify(text[: m.start()])
    return bool(kinds & _MONEY_KINDS) and not kinds & _NOT_MONEY
