"""Receipt fields from OCR lines with their boxes.

The page is regrouped into rows; each money amount is paired with the label on its row (text to
its left) or, when its row holds no words, with the row just above. The grand total is the
amount under the strongest total label, checked against the other figures on the receipt:
subtotal + tax (+ service) - discount, cash tendered - change, and how often it repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import labels as L
from .amounts import Amount, format_amount, money_amounts
from .currency import detect_currency
from .dates import DateMatch, find_dates
from .layout import LineLike, Row, group_rows
from .vendor import find_vendor

FIELDS = ("vendor", "date", "total", "subtotal", "tax", "currency", "receipt_number")
_CENT = Decimal("0.01")
_ROUNDING_SLACK = Decimal("0.05")
_EXCLUDED_FROM_TOTAL = {L.SUBTOTAL, L.TENDER, L.CHANGE, L.COUNT, L.TAX_ID}
_NOT_TOTAL_UNLESS_GRAND = {L.ROUNDING, L.DISCOUNT, L.SERVICE}


@dataclass
class Candidate:
    """A money amount with the label that announces it."""

    amount: Amount
    row: Row
    label: str
    kinds: set[str]
    source: str  # "row" (label on the same row), "above" (label on the row above) or "none"
    confidence: float
    n_on_row: int

    @property
    def value(self) -> Decimal:
        return self.amount.value


def _strip_amounts(text: str, amounts: list[Amount]) -> str:
    out = text
    for a in sorted(amounts, key=lambda a: a.start, reverse=True):
        out = out[: a.start] + " " + out[a.end :]
    return out


def _has_words(text: str) -> bool:
    return len(L.compact(text)) >= 2 and L.compact(text) not in {"RM", "USD", "EUR", "SR", "ZR", "S", "Z"}


def collect_candidates(rows: list[Row], locale: str | None) -> list[Candidate]:
    cands: list[Candidate] = []
    for i, row in enumerate(rows):
        text = row.text
        amounts = money_amounts(text, locale)
        if not amounts:
            continue
        rest = _strip_amounts(text, amounts)
        above = None
        if not _has_words(rest) and i > 0:
            prev = rows[i - 1]
            gap = row.y - prev.y
            if gap < 2.2 * max(row.height, prev.height) and not money_amounts(prev.text, locale):
                above = prev
        for a in amounts:
            label = text[: a.start]
            label_amounts = [b for b in amounts if b.end <= a.start]
            label = _strip_amounts(label, label_amounts)
            source = "row"
            if not _has_words(label):
                label = rest if _has_words(rest) else ""
            if not _has_words(label) and above is not None:
                label, source = above.text, "above"
            if not _has_words(label):
                source = "none"
            conf_lines = [ln.confidence for ln in row.lines if a.start < len(text)]
            conf = min(conf_lines) if conf_lines else row.confidence
            cands.append(Candidate(a, row, label, L.classify(label), source, float(conf), len(amounts)))
    return cands


def _near(a: Decimal, b: Decimal, slack: Decimal = _CENT / 2) -> bool:
    return abs(a - b) <= slack


def _first_payment_row(cands: list[Candidate]) -> int | None:
    rows = [c.row.index for c in cands if {L.TENDER, L.CHANGE} & c.kinds and not {L.GRAND} & c.kinds]
    return min(rows) if rows else None


def _total_rank(c: Candidate) -> float:
    kinds = c.kinds
    if kinds & _EXCLUDED_FROM_TOTAL:
        return 0.0
    if L.GRAND in kinds:
        return 3.0
    if L.TOTAL in kinds and not (kinds & _NOT_TOTAL_UNLESS_GRAND) and not L.is_tax_label(kinds, c.label):
        return 2.0
    return 0.0


def _rightmost(cands: list[Candidate], row: Row) -> Candidate | None:
    on_row = [c for c in cands if c.row is row]
    return max(on_row, key=lambda c: c.amount.start) if on_row else None


def _rate(label: str) -> Decimal | None:
    m = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", label)
    if not m:
        return None
    rate = Decimal(m.group(1).replace(",", "."))
    return rate if 0 < rate < 30 else None


def _pick(cands: list[Candidate], kinds: set[str]) -> list[Candidate]:
    return [c for c in cands if kinds & c.kinds]


def choose_amounts(cands: list[Candidate]) -> dict[str, tuple[Decimal | None, float]]:
    """Total, subtotal and tax from the labelled candidates, cross-checked."""
    positive = [c for c in cands if c.value >= 0]
    pay_row = _first_payment_row(positive)
    # tendered and change amounts are sometimes printed with a sign: only their size matters
    tender = [c for c in _pick(cands, {L.TENDER}) if not {L.CHANGE, L.GRAND} & c.kinds]
    change = [c for c in _pick(cands, {L.CHANGE}) if L.GRAND not in c.kinds]
    subtotals = [c for c in _pick(positive, {L.SUBTOTAL}) if not {L.TENDER, L.CHANGE} & c.kinds]
    taxes = [c for c in positive if L.is_tax_label(c.kinds, c.label) and c.n_on_row <= 2]
    services = [c for c in _pick(positive, {L.SERVICE}) if L.GRAND not in c.kinds]
    discounts = [c for c in cands if L.DISCOUNT in c.kinds and L.GRAND not in c.kinds]
    roundings = [c for c in cands if L.ROUNDING in c.kinds and L.GRAND not in c.kinds]

    counts: dict[Decimal, int] = {}
    for c in positive:
        counts[c.value] = counts.get(c.value, 0) + 1

    paid_minus_change = set()
    for t in tender:
        for ch in change:
            if ch.row.index > t.row.index and abs(t.value) >= abs(ch.value):
                paid_minus_change.add(abs(t.value) - abs(ch.value))
    rounding_rows = [c.row.index for c in cands if L.ROUNDING in c.kinds and L.GRAND not in c.kinds]

    scored: list[tuple[float, Candidate]] = []
    for c in positive:
        rank = _total_rank(c)
        if rank <= 0 or c.value == 0:
            continue
        score = rank
        if c.source == "above":
            score -= 0.3
        if c.n_on_row > 1 and len({x.value for x in positive if x.row is c.row}) > 1:
            score -= 1.0  # a table row (tax summary, quantity and amount)
        if pay_row is not None and c.row.index > pay_row:
            score -= 0.8  # summaries printed after the payment lines
        if c.value in paid_minus_change:
            score += 1.5
        if rounding_rows and c.row.index > min(rounding_rows):
            score += 1.2  # the amount after the rounding line is the one paid
        if counts.get(c.value, 0) > 1:
            score += 0.3
        if any(c.value < s.value for s in subtotals):
            score -= 1.0
        for s in subtotals:
            for t in taxes:
                if _near(s.value + t.value, c.value, _ROUNDING_SLACK):
                    score += 0.5
                    break
        score += 0.02 * c.row.index / max(1, len(cands))  # the later of two equal totals
        scored.append((score, c))

    total: Candidate | None = None
    total_conf = 0.0
    if scored:
        scored.sort(key=lambda sc: (sc[0], sc[1].row.index))
        best_score, total = scored[-1]
        runner = scored[-2][0] if len(scored) > 1 and scored[-2][1].value != total.value else None
        margin = 1.0 if runner is None else min(1.0, (best_score - runner) / 1.5)
        strength = min(1.0, 0.55 + 0.12 * best_score)
        total_conf = strength * (0.75 + 0.25 * margin) * total.confidence
    else:
        # No total label read: cash minus change, else the amount repeated most near the bottom.
        if paid_minus_change:
            value = max(paid_minus_change)
            matches = [c for c in positive if c.value == value]
            if matches:
                total = matches[-1]
                total_conf = 0.6 * total.confidence
        if total is None and subtotals:
            # only a subtotal was printed (or read): it is what was paid when nothing follows it
            sub = max(subtotals, key=lambda c: (c.value in paid_minus_change, c.row.index))
            later_tax = [t for t in taxes if t.row.index > sub.row.index and t.value > 0]
            if not later_tax:
                total = sub
                total_conf = 0.5 * sub.confidence
        if total is None:
            pool = [
                c
                for c in positive
                if not (c.kinds & (_EXCLUDED_FROM_TOTAL | _NOT_TOTAL_UNLESS_GRAND | {L.TAX}))
            ]
            if pool:
                top = max(pool, key=lambda c: (counts.get(c.value, 0) > 1, c.value))
                total = top
                total_conf = 0.35 * top.confidence

    # Cash minus change a few cents off the chosen total: the total was rounded on a line
    # whose label was not read as a total.
    if total is not None:
        for value in paid_minus_change:
            if value != total.value and _near(value, total.value, _ROUNDING_SLACK):
                later = [c for c in positive if c.value == value and c.row.index > total.row.index]
                if later:
                    total = later[0]
                    total_conf *= 0.8
                    break

    total_value = total.value if total else None

    subtotal_value, subtotal_conf = None, 0.0
    subs = [s for s in subtotals if total_value is None or s.value <= total_value + _ROUNDING_SLACK]
    subs = [s for s in subs if pay_row is None or s.row.index < pay_row] or subs
    if subs:
        s = max(subs, key=lambda s: (s.n_on_row == 1, s.row.index))
        subtotal_value = s.value
        subtotal_conf = 0.8 * s.confidence

    tax_value, tax_conf = None, 0.0
    # No tax rate comes near 30% of the amount paid: larger "tax" figures are taxable bases.
    taxes_ok = [t for t in taxes if total_value is None or t.value <= total_value * Decimal("0.3")]
    # On a tax row with two amounts (base and tax) the tax is the right-hand one.
    taxes_ok = [t for t in taxes_ok if t.n_on_row == 1 or t is _rightmost(positive, t.row)]
    all_values = {c.value for c in positive}
    if taxes_ok:
        adds = sum((sv.value for sv in services[:1]), Decimal(0))
        less = sum((abs(d.value) for d in discounts[:1] if d.value < 0), Decimal(0))
        rounding = Decimal(0)
        if roundings:
            rounding = roundings[0].value

        def agrees(t: Candidate) -> bool:
            if subtotal_value is None or total_value is None:
                return False
            got = subtotal_value + t.value + adds - less
            return _near(got, total_value, _ROUNDING_SLACK) or _near(got + rounding, total_value)

        def rate_fits(t: Candidate) -> bool:
            rate = _rate(t.label)
            if rate is None or t.value == 0:
                return False
            if total_value is not None and _near(total_value * rate / (100 + rate), t.value, Decimal("0.02")):
                return True
            return any(
                _near(base * rate / 100, t.value, Decimal("0.02")) for base in all_values if base > t.value
            )

        def base_fits(t: Candidate) -> bool:
            if total_value is None:
                return False
            return any(
                _near(base + t.value, total_value, _ROUNDING_SLACK) for base in all_values if base > t.value
            )

        best = max(
            taxes_ok,
            key=lambda t: (
                agrees(t),
                rate_fits(t),
                base_fits(t),
                pay_row is None or t.row.index < pay_row,
                total is None or t.row.index < total.row.index,
                t.n_on_row == 1,
                -t.row.index,
            ),
        )
        tax_value = best.value
        tax_conf = (
            0.95 if agrees(best) else 0.85 if rate_fits(best) or base_fits(best) else 0.6
        ) * best.confidence
        if agrees(best):
            subtotal_conf = max(subtotal_conf, 0.95 * min(s.confidence for s in subs))
            total_conf = min(0.99, total_conf + 0.1)

    return {
        "total": (total_value, total_conf),
        "subtotal": (subtotal_value, subtotal_conf),
        "tax": (tax_value, tax_conf),
    }


# -- dates ------------------------------------------------------------------
_DATE_NEGATIVE = re.compile(r"EXP|VALID|BEST\s*BEFORE|DUE|EXPIRY|PRINTED|BIRTH|SINCE|UNTIL|TILL", re.I)


def choose_date(rows: list[Row], locale: str | None) -> tuple[str | None, float]:
    found: list[tuple[DateMatch, Row]] = []
    for row in rows:
        for d in find_dates(row.text, locale):
            found.append((d, row))
    if not found:
        return None, 0.0
    # One receipt uses one convention: an unambiguous numeric date settles the ambiguous ones.
    styles = {d.style for d, _ in found if not d.ambiguous and d.style in ("dmy", "mdy")}
    if len(styles) == 1:
        style = styles.pop()
        fixed = []
        for d, row in found:
            if d.ambiguous and d.style != style:
                swapped = d.date.replace(month=d.date.day, day=d.date.month)
                d = DateMatch(swapped, d.start, d.end, True, d.has_time, style)
            fixed.append((d, row))
        found = fixed
    votes: dict = {}
    for d, _ in found:
        votes[d.date] = votes.get(d.date, 0) + 1
    best = None
    best_score = -99.0
    for d, row in found:
        kinds = L.classify(row.text[: d.start])
        score = 0.0
        if L.DATE in kinds or L.DATE in L.classify(row.text):
            score += 1.5
        if d.has_time or re.search(r"\d{1,2}\s*:\s*\d{2}", row.text):
            score += 1.0
        if not d.ambiguous:
            score += 0.3
        if _DATE_NEGATIVE.search(row.text):
            score -= 2.0
        if d.style == "compact":
            score -= 1.0  # eight bare digits may be a reference number
        score += 0.5 * (votes[d.date] - 1)
        score -= 0.01 * row.index
        if score > best_score:
            best, best_score = (d, row), score
    d, row = best
    conf = min(0.99, 0.7 + 0.1 * max(0.0, best_score)) * row.confidence
    if d.ambiguous and locale is None:
        conf *= 0.9
    return d.date.isoformat(), conf


# -- receipt number -----------------------------------------------------------
_NUMBER_LABEL = re.compile(
    r"(?P<label>(?:OFFICIAL\s*)?RECEIPT|RCPT|INVOICE|INV|BILL|DOC(?:UMENT)?|TRANS(?:ACTION)?|TRX|TXN|"
    r"ORDER|CHECK|CHK|SLIP|TICKET|BELEG|BON|RECHNUNG|FACTURE|FACTURA|REF|RESIT|CS|SO)"
    r"\s*(?:NO|NUM|NUMBER|NR|ID|#|N°|NO\s*\.)?\s*\.?\s*[:#.]?\s*(?:NO\s*\.?\s*[:#]?)?\s*"
    r"(?P<value>[A-Z]{0,4}[-/]?\d[\dA-Z\-/]{2,24})",
    re.IGNORECASE,
)
_NUMBER_PRIORITY = {"RECEIPT": 5, "INVOICE": 5, "BILL": 4, "DOC": 4, "RESIT": 5, "TRANS": 3, "ORDER": 2}


def choose_receipt_number(rows: list[Row]) -> tuple[str | None, float]:
    best = None
    for i, row in enumerate(rows):
        text = row.text
        for m in _NUMBER_LABEL.finditer(text):
            label = L.compact(m.group("label"))
            if L.TAX_ID in L.classify(text[: m.end("label") + 8]) and "INVOICE" not in label:
                continue
            value = m.group("value").strip("-/")
            if find_dates(value) or re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", value):
                continue
            if sum(ch.isdigit() for ch in value) < 3:
                continue
            prio = next((p for k, p in _NUMBER_PRIORITY.items() if label.startswith(k)), 1)
            cand = (prio, -i, value, row.confidence)
            if best is None or cand[:2] > best[:2]:
                best = cand
        # label alone on its row, number on the row below
        alone = re.fullmatch(r"\s*(?:RECEIPT|INVOICE|BILL|DOC(?:UMENT)?)\s*(?:NO|#)\.?\s*:?\s*", text, re.I)
        if best is None and alone and i + 1 < len(rows):
            nxt = rows[i + 1].text.strip()
            if re.fullmatch(r"[A-Z]{0,4}[-/]?\d[\dA-Z\-/]{2,24}", nxt, re.I):
                best = (3, -i, nxt, rows[i + 1].confidence)
    if best is None:
        return None, 0.0
    prio, _, value, conf = best
    return value, round(min(0.95, 0.6 + 0.07 * prio) * conf, 3)


# -- public ---------------------------------------------------------------------
def extract_receipt_fields(
    lines: list[LineLike], width: int, height: int, locale: str | None = None
) -> dict[str, dict]:
    """Receipt fields from OCR lines: each ``{"value": str | None, "confidence": float}``."""
    out: dict[str, dict] = {name: {"value": None, "confidence": 0.0} for name in FIELDS}
    lines = [ln for ln in lines if ln.text and ln.text.strip()]
    if not lines:
        return out
    rows = group_rows(lines)

    vendor, vendor_conf = find_vendor(lines, height)
    out["vendor"] = {"value": vendor, "confidence": round(vendor_conf, 3)}

    date, date_conf = choose_date(rows, locale)
    out["date"] = {"value": date, "confidence": round(date_conf, 3)}

    amounts = choose_amounts(collect_candidates(rows, locale))
    for name in ("total", "subtotal", "tax"):
        value, conf = amounts[name]
        out[name] = {
            "value": format_amount(value) if value is not None else None,
            "confidence": round(float(conf), 3) if value is not None else 0.0,
        }

    currency, cur_conf = detect_currency([ln.text for ln in lines], locale)
    out["currency"] = {"value": currency, "confidence": round(cur_conf, 3)}

    number, num_conf = choose_receipt_number(rows)
    out["receipt_number"] = {"value": number, "confidence": num_conf}
    return out
