"""The business name: the line near the top that reads like a company, not an address,
a phone number, a registration number, a document title or a cashier's name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from .layout import LineLike, group_rows


@dataclass
class _Segment:
    """Neighbouring lines of one row read as one phrase."""

    text: str
    confidence: float
    bbox: list[float]


def _segments(lines: list[LineLike]) -> list[_Segment]:
    out = []
    for row in group_rows(lines):
        current: list[LineLike] = []
        for line in row.lines:
            if current:
                prev = current[-1]
                h = max(1.0, prev.bbox[3] - prev.bbox[1])
                if line.bbox[0] - prev.bbox[2] > 1.5 * h:
                    out.append(_join(current))
                    current = []
            current.append(line)
        if current:
            out.append(_join(current))
    return out


def _join(lines: list[LineLike]) -> _Segment:
    return _Segment(
        text=" ".join(ln.text.strip() for ln in lines),
        confidence=min(float(ln.confidence) for ln in lines),
        bbox=[
            min(ln.bbox[0] for ln in lines),
            min(ln.bbox[1] for ln in lines),
            max(ln.bbox[2] for ln in lines),
            max(ln.bbox[3] for ln in lines),
        ],
    )


# Legal forms and trade words that business names carry.
_SUFFIX = re.compile(
    r"(?:SDN|5DN|SDIN|SON|SDM)\.?\s*(?:BHD|BH|BND|3HD|8HD|BHO)|(?<![A-Z])BHD\.?(?![A-Z])|(?<![A-Z])S/B(?![A-Z])|"
    r"(?<![A-Z])(?:LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CORPORATION|CO\.|COMPANY|GMBH|AG|KG|OHG|SARL|SAS|"
    r"S\.A\.|S\.L\.|SRL|S\.R\.L|SPA|S\.P\.A|PLC|PTY|PTE|BV|B\.V\.|NV|OY|AB|AS|A/S|KK|LLP)(?![A-Z])",
)
_TRADE = re.compile(
    r"ENTERPRISE|TRADING|RESTAURANT|RESTORAN|CAFE|CAFÉ|COFFEE|BAKERY|HARDWARE|STATIONERY|MART|STORE|"
    r"SHOP|SUPERMARKET|MARKET|PHARMACY|FARMASI|HOTEL|GROUP|HOLDINGS|INDUSTRIES|SERVICES|STATION|"
    r"PETROL|KEDAI|SYARIKAT|PERNIAGAAN|ELECTRICAL|BOOK|FOOD|BISTRO|KITCHEN|GROCER|TRADERS|MOTOR|"
    r"AUTO|DIY|BAR|PUB|PIZZA|BURGER|STEAK|SUSHI|NOODLE|DELI|BOUTIQUE|OUTLET|CENTRE|CENTER|EMPORIUM|"
    r"MINI ?MARKET|CASH\s*&\s*CARRY|HYPERMARKET|TEA|BAKERY|PASTRY|BOULANGERIE|APOTHEKE|MARCHE",
)
_ADDRESS = re.compile(
    r"(?<![A-Z])(?:JALAN|JLN|LORONG|LRG|TAMAN|TMN|PERSIARAN|LEBUH|KAMPUNG|KG\.|BANDAR|"
    r"ROAD|RD\.?|STREET|ST\.|AVENUE|AVE|BOULEVARD|BLVD|LANE|DRIVE|HIGHWAY|HWY|SUITE|FLOOR|"
    r"LOT|BLOK|BLOCK|UNIT|NO\.|TINGKAT|ARAS|SEKSYEN|SECTION|INDUSTRIAL|PARK|PLAZA|MALL|"
    r"STRASSE|STR\.|PLATZ|WEG|RUE|AVENIDA|CALLE|VIA|PIAZZA|KUALA LUMPUR|SELANGOR|JOHOR|PENANG|"
    r"MALAYSIA|SINGAPORE)(?![A-Z])|STRASSE|\d{5}",
)
_CONTACT = re.compile(
    r"(?<![A-Z])(?:TEL|TELEFON|PHONE|FAX|H/P|HP|MOBILE|HOTLINE|WHATSAPP|EMAIL|E-MAIL|WEBSITE)(?![A-Z])|"
    r"@|WWW\.|HTTP|\.COM|\.MY(?![A-Z])|\d{2,4}[- ]\d{3,4}[- ]?\d{3,4}",
)
_REGISTRATION = re.compile(
    r"(?<![A-Z])(?:GST|SST|VAT|TAX|CO|COMPANY|BUSINESS)\s*\.?\s*(?:REG|ID|NO)|(?<![A-Z])REG(?:\.|ISTRATION)?\s*N|"
    r"(?<![A-Z])ROC(?![A-Z])|^\s*\(?\s*\d{5,}[\s\-·.]*[A-Z]?\s*\)?\s*$",
)
_TITLE = re.compile(
    r"(?<![A-Z])(?:TAX\s*INVOICE|INVOICE|RECEIPT|CASH\s*BILL|OFFICIAL|SIMPLIFIED|WELCOME|THANK|"
    r"CASHIER|SERVER|TABLE|MEMBER|CUSTOMER|DATE|TIME|BILL|ORDER|COPY|DUPLICATE|REPRINT|QUOTATION|"
    r"RECHNUNG|QUITTUNG|KASSENBON|FACTURE|TICKET|FACTURA|RECIBO|SCONTRINO|DOC\s*NO|POS|TERMINAL|"
    r"OPERATOR|COUNTER|STAFF|SALESPERSON|HOST)(?![A-Z])",
)
_LEGAL_TAIL = re.compile(
    r"\s*[\(\[]?\s*(?:CO\.?\s*(?:REG\.?)?\s*NO\.?:?)?\s*\d[\d\s-]*-?[A-Z]?\s*[\)\]]?\s*$"
)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def clean_name(text: str) -> str:
    """Trim a business name: spacing, stray punctuation, a trailing registration number."""
    name = _strip_registration(re.sub(r"\s+", " ", text).strip())
    return name.strip(" .,:;-_*#|~'\"").strip()


def _strip_registration(text: str) -> str:
    tail = _LEGAL_TAIL.search(text)
    if tail and _letters(text[: tail.start()]) >= 3:
        return text[: tail.start()]
    return text


def _rejected(upper: str) -> bool:
    if _letters(upper) < 3:
        return True
    if _CONTACT.search(upper) or _REGISTRATION.search(upper):
        return True
    if _TITLE.search(upper) and not _SUFFIX.search(upper):
        return True
    digits = sum(ch.isdigit() for ch in upper)
    return digits > _letters(upper)


def _is_address(upper: str) -> bool:
    return bool(_ADDRESS.search(upper)) and not _SUFFIX.search(upper)


def find_vendor(lines: list[LineLike], height: int) -> tuple[str | None, float]:
    """Return (business name or None, confidence)."""
    if not lines:
        return None, 0.0
    ordered = _segments(lines)
    heights = [ln.bbox[3] - ln.bbox[1] for ln in ordered]
    med_h = median(heights) if heights else 1.0
    top_limit = max(ordered[min(len(ordered) - 1, 11)].bbox[1], 0.3 * height)
    candidates = []
    for rank, line in enumerate(ordered):
        if line.bbox[1] > top_limit:
            break
        upper = _strip_registration(line.text).upper()
        if _rejected(upper):
            continue
        score = 0.0
        if _SUFFIX.search(upper):
            score += 3.0
        if _TRADE.search(upper):
            score += 1.5
        if _is_address(upper):
            score -= 3.0
        h = line.bbox[3] - line.bbox[1]
        score += min(1.5, max(-0.5, (h / med_h - 1.0) * 1.5))
        score -= 0.25 * len(candidates)  # earlier candidates first
        letters = [ch for ch in line.text if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
            score += 0.5
        if len(letters) < 4:
            score -= 1.0
        score += float(line.confidence) - 1.0
        candidates.append((score, rank, line))
    if not candidates:
        return None, 0.0
    score, rank, best = max(candidates, key=lambda c: (c[0], -c[1]))
    name = best.text
    upper = name.upper()
    # A name broken over two lines: a line without a legal form directly above or below one with it.
    if not _SUFFIX.search(upper):
        below = [c for c in candidates if c[1] == rank + 1]
        if below and _SUFFIX.search(below[0][2].text.upper()) and _adjacent(best, below[0][2]):
            name = f"{name} {below[0][2].text}"
    name = clean_name(name)
    if not name:
        return None, 0.0
    strength = 0.55 + 0.1 * max(0.0, min(4.0, score))
    return name, round(max(0.05, min(0.99, strength * float(best.confidence))), 3)


def _adjacent(upper_line: LineLike, lower_line: LineLike) -> bool:
    h = max(1.0, upper_line.bbox[3] - upper_line.bbox[1])
    gap = lower_line.bbox[1] - upper_line.bbox[3]
    similar = 0.6 < (lower_line.bbox[3] - lower_line.bbox[1]) / h < 1.6
    return gap < 0.8 * h and similar
