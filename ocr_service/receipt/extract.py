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
from .amounts import format_amount
from .calibration import calibrate_fields, guessed_fields
from .candidates import Candidate, collect_candidates
from .converted import about_lines
from .currency import detect_currency, settles_order, total_currency
from .layout import LineLike, group_rows
from .pieces import read_in_order
from .receipt_number import choose_receipt_number
from .respell import respell_unsure
from .rounding import rounded_total
from .sale_date import choose_date
from .tax import read_taxes
from .tax_check import _ROUNDING_SLACK, _choose_tax, _near, _rate, _subtotals, _TaxCheck, charged_by_day
from .tax_total import total_from_tax_table
from .tips import offered_tips, totals_with_an_offered_tip
from .total_doubts import added, doubted, thousands_in_doubt
from .vat import find_vendor_vat
from .vendor import find_vendor
from .vouching import left_blank, net_before_tax, paid_in_part, tax_held, undone
from .weights import WEIGHTS as W
from .whole_units import whole_units

FIELDS = (
    "vendor", "vendor_vat", "date", "total", "subtotal", "tax", "net", "tax_lines", "currency",
    "receipt_number",
)  # fmt: skip
_EXCLUDED_FROM_TOTAL = {L.SUBTOTAL, L.TENDER, L.CHANGE, L.COUNT, L.TAX_ID}
_NOT_TOTAL_UNLESS_GRAND = {L.ROUNDING, L.DISCOUNT, L.SERVICE}


def _first_payment_row(cands: list[Candidate]) -> int | None:
    rows = [c.row.index for c in cands if {L.TENDER, L.CHANGE} & c.kinds and not {L.GRAND} & c.kinds]
    return min(rows) if rows else None


def _total_rank(c: Candidate) -> float:
    kinds = c.kinds
    if kinds & _EXCLUDED_FROM_TOTAL and not _paid_with_tax(c):
        return 0.0
    if c.source == "above" and _rate(c.row.text) is not None:
        return 0.0  # a rate row under a table's column headings: a tax summary, no total
    if L.GRAND in kinds:
        return 3.0
    if L.TOTAL in kinds and not (kinds & _NOT_TOTAL_UNLESS_GRAND) and not L.is_tax_label(kinds, c.label):
        return 2.0
    return 0.0


def _paid_with_tax(c: Candidate) -> bool:
    """ "AMT PAID incl GST": the amount paid, tax included, is the total (a tender label that says
    what it includes; "Paid excl. GST" is a net)."""
    return (
        c.kinds & _EXCLUDED_FROM_TOTAL == {L.TENDER} and L.GRAND in c.kinds and "INCL" in L.compact(c.label)
    )


def _pick(cands: list[Candidate], kinds: set[str]) -> list[Candidate]:
    return [c for c in cands if kinds & c.kinds]


@dataclass
class _Figures:
    """The labelled amounts of a receipt, sorted by what their labels say."""

    cands: list[Candidate]
    positive: list[Candidate]
    pay_row: int | None  # the first cash or change row
    subtotals: list[Candidate]
    taxes: list[Candidate]
    services: list[Candidate]
    discounts: list[Candidate]
    roundings: list[Candidate]
    counts: dict[Decimal, int]  # how often each amount is printed
    paid_minus_change: set[Decimal]
    not_totals: set[int]  # the ids of amounts whose label names a total but that are none
    # cash less change, where one amount was handed over and one given back: what the till worked
    # out the sale came to (a till prints change = cash - total, to the cent)
    till_worked_out: Decimal | None = None

    def sums_to(self, value: Decimal) -> int:
        """How many subtotals a tax adds up to ``value`` with."""
        return sum(
            1
            for s in self.subtotals
            if any(_near(s.value + t.value, value, _ROUNDING_SLACK) for t in self.taxes)
        )

    @classmethod
    def of(cls, cands: list[Candidate]) -> _Figures:
        positive = [c for c in cands if c.value >= 0]
        held = tax_held(positive, _total_rank)
        taxes = [
            c for c in positive if (L.is_tax_label(c.kinds, c.label) or id(c) in held) and c.n_on_row <= 2
        ]
        nets = net_before_tax(positive, taxes)  # subtotals, as a British receipt prints them
        # tendered and change amounts are sometimes printed with a sign: only their size matters
        tender = [c for c in _pick(cands, {L.TENDER}) if not {L.CHANGE, L.GRAND} & c.kinds]
        change = [c for c in _pick(cands, {L.CHANGE}) if L.GRAND not in c.kinds]
        counts: dict[Decimal, int] = {}
        offered = offered_tips(positive)  # a bill's suggested tips: neither added nor their totals
        offered_ids = {id(t) for t in offered}
        for c in positive:
            counts[c.value] = counts.get(c.value, 0) + 1
        paid_minus_change = {
            abs(t.value) - abs(ch.value)
            for t in tender
            for ch in change
            if ch.row.index > t.row.index and abs(t.value) >= abs(ch.value)
        }
        return cls(
            cands=cands,
            positive=positive,
            pay_row=_first_payment_row(positive),
            subtotals=[
                c
                for c in positive
                if (L.SUBTOTAL in c.kinds and not {L.TENDER, L.CHANGE} & c.kinds) or id(c) in nets
            ],
            taxes=taxes,
            services=[
                c for c in _pick(positive, {L.SERVICE}) if L.GRAND not in c.kinds and id(c) not in offered_ids
            ],
            discounts=[c for c in cands if L.DISCOUNT in c.kinds and L.GRAND not in c.kinds],
            roundings=[c for c in cands if L.ROUNDING in c.kinds and L.GRAND not in c.kinds],
            counts=counts,
            paid_minus_change=paid_minus_change,
            not_totals=held | nets | totals_with_an_offered_tip(positive, offered),
            till_worked_out=(
                next(iter(paid_minus_change))
                # (a change of 0.00 is printed for a card too, under a tendered amount of any size)
                if len(paid_minus_change) == 1
                and len({t.value for t in tender}) == 1
                and len(change) == 1
                and change[0].value != 0
                else None
            ),
        )


def _total_score(c: Candidate, fig: _Figures) -> float | None:
    """How much a labelled amount looks like the total (None: its label rules it out)."""
    rank = _total_rank(c)
    if rank <= 0 or c.value == 0 or id(c) in fig.not_totals:
        return None
    score = rank
    if c.source == "above":
        score += W.label_above
    if c.n_on_row > 1 and len({x.value for x in fig.positive if x.row is c.row}) > 1:
        score += W.table_row
    if fig.pay_row is not None and c.row.index > fig.pay_row:
        score += W.after_payment
    if c.value in fig.paid_minus_change:
        score += W.cash_minus_change
    if fig.roundings and c.row.index > min(r.row.index for r in fig.roundings):
        score += W.after_rounding
    if fig.counts.get(c.value, 0) > 1:
        score += W.repeated
    if any(c.value < s.value for s in fig.subtotals):
        score += W.below_a_subtotal
    for _ in range(fig.sums_to(c.value)):
        score += W.subtotal_plus_tax
    return score + W.later_of_equals * c.row.index / max(1, len(fig.cands))


def _labelled_total(fig: _Figures) -> tuple[Candidate | None, float, bool]:
    """The best scored total, its confidence from its score and its lead, and whether it is a
    guess: another amount, more than a rounding apart, scores as well but for the order of their
    rows ("TOTAL 11.90", "TOTAL 25.00"; "Total: 102.39", "Total 102.40" is rounded)."""
    scored = [(score, c) for c in fig.positive if (score := _total_score(c, fig)) is not None]
    if not scored:
        return None, 0.0, False
    scored.sort(key=lambda sc: (sc[0], sc[1].row.index))
    best_score, total = scored[-1]
    paid_after = _paid_after_discount(total, scored, fig)
    if paid_after is not None:
        scored.remove(paid_after)
        scored.append(paid_after)
        best_score, total = paid_after
    runner = scored[-2][0] if len(scored) > 1 and scored[-2][1].value != total.value else None
    margin = 1.0 if runner is None else min(1.0, (best_score - runner) / W.margin_scale)
    strength = min(1.0, W.strength_base + W.strength_per_point * best_score)
    tied = runner is not None and best_score - runner <= W.later_of_equals
    if tied:
        other = scored[-2][1]
        gap = abs(total.value - other.value)
        lo, hi = sorted((total.row.index, other.row.index))
        # (a discount, rounding or service printed between them is their difference: no tie)
        explained = any(
            lo < c.row.index < hi and _near(abs(c.value), gap)
            for c in fig.discounts + fig.roundings + fig.services
        )
        tied = not _near(gap, Decimal(0), _ROUNDING_SLACK) and not explained
    return total, strength * ((1 - W.margin_share) + W.margin_share * margin) * total.confidence, tied


def _paid_after_discount(total: Candidate, scored: list, fig: _Figures) -> tuple[float, Candidate] | None:
    """A later total the payment confirms, a discount printed between them making the difference
    ("TOTAL USD 25.00", "VOUCHER -5.00", "TOTAL 20.00", "VISA 20.00"): the first, its label the
    stronger, was the goods' total before the discount."""
    tender = _pick(fig.positive, {L.TENDER})
    paid = {c.value for c in tender if not {L.CHANGE, L.GRAND} & c.kinds} | fig.paid_minus_change
    for score, c in reversed(scored):
        between = [d for d in fig.discounts if total.row.index < d.row.index < c.row.index]
        if c.value < total.value and c.value in paid and between:
            gap = total.value - c.value
            if _near(sum((abs(d.value) for d in between), Decimal(0)), gap):
                return score, c
    return None


def _unlabelled_total(fig: _Figures) -> tuple[Candidate | None, float, bool]:
    """No total label read: cash minus change, else a lone subtotal, else the amount a subtotal
    and a tax add up to, else the amount repeated most (the largest of those). The third value
    says the total is a guess (a lone subtotal, the amount repeated most): its confidence is
    not to be calibrated above what the rules gave it (``calibration.GUESS_CEILING``)."""
    if fig.paid_minus_change:
        value = max(fig.paid_minus_change)
        matches = [c for c in fig.positive if c.value == value]
        if matches:
            return matches[-1], W.cash_minus_change_only * matches[-1].confidence, False
    if fig.subtotals:
        # only a subtotal was printed (or read): it is what was paid when nothing follows it
        sub = max(fig.subtotals, key=lambda c: (c.value in fig.paid_minus_change, c.row.index))
        # (not when the tax, printed above it, and it add up to an amount printed: "MwSt 19%
        # 3.50", "Netto 18.40", "EURO 21.90")
        grossed = any(c.value > sub.value and fig.sums_to(c.value) for c in fig.positive)
        if not [t for t in fig.taxes if t.row.index > sub.row.index and t.value > 0] and not grossed:
            return sub, W.subtotal_only * sub.confidence, True
    exact = _paid_exactly(fig)
    if exact is not None:
        return exact, W.cash_minus_change_only * exact.confidence, False
    excluded = _EXCLUDED_FROM_TOTAL | _NOT_TOTAL_UNLESS_GRAND | {L.TAX}
    pool = [c for c in fig.positive if c.value > 0 and not (c.kinds & excluded)]
    paid, paid_conf = _paid_alone(fig)
    if not pool or (
        paid is not None
        and not _CASH.search(L.compact(paid.label))
        and all(c.value <= paid.value and not fig.sums_to(c.value) for c in pool)
    ):
        # paid by card, covering every amount printed (the items', the sale's): exact, no change
        return paid, paid_conf, False
    top = max(pool, key=lambda c: (fig.sums_to(c.value) > 0, fig.counts.get(c.value, 0) > 1, c.value))
    return top, W.most_repeated_only * top.confidence, True


# cash handed over: more than the sale when the change is not printed
_CASH = re.compile(r"CASH|BAR(?:GELD)?$|GOTOVIN|GOTOWK|HOTOVOST|KONTANT|ESPECES|EFECTIVO|CONTANT|CONTANTI")


def _paid_exactly(fig: _Figures) -> Candidate | None:
    """A tendered amount that an amount and the tax printed under it add up to ("MDSE ST 19.25",
    "FoodTAX1 1.68", "CASH 20.93"): paid to the cent, it is the total no label named."""
    plain = [c for c in fig.positive if c.value > 0 and not (c.kinds & (_EXCLUDED_FROM_TOTAL | {L.TAX}))]
    sums = {x.value + t.value for t in fig.taxes if t.value > 0 for x in plain if x.row.index < t.row.index}
    tendered = [c for c in _pick(fig.positive, {L.TENDER}) if L.CHANGE not in c.kinds and c.value in sums]
    return tendered[0] if tendered else None


def _paid_alone(fig: _Figures) -> tuple[Candidate | None, float]:
    """A card slip whose only amount is the payment ("CREDIT CARD PURCHASE $37.22"): with no
    change given and one amount paid, however often printed, that is what the sale came to."""
    if _pick(fig.positive, {L.CHANGE}):
        return None, 0.0
    paid = [c for c in _pick(fig.positive, {L.TENDER}) if c.value > 0]
    if not paid or len({c.value for c in paid}) != 1:
        return None, 0.0
    return paid[-1], W.most_repeated_only * paid[-1].confidence


def _with_tip(total: Candidate, conf: float, fig: _Figures) -> tuple[Candidate, float]:
    """A tip printed under the total and the amount they add up to under it ("Order Total 19.00",
    "TIP AMOUNT 1.90", "AUTHORIZED AMOUNT 20.90"): what was paid is the sum."""
    tips = [t for t in fig.services if t.row.index > total.row.index and t.value > 0]
    return _sum_below(total, tips, fig) or total, conf


def _sum_below(
    total: Candidate, addends: list[Candidate], fig: _Figures, skip: frozenset[str] = frozenset()
) -> Candidate | None:
    """The first amount printed under one of ``addends`` that it and the total add up to, none
    on a line of the ``skip`` kinds."""
    return next(
        (
            c
            for a in addends
            for c in fig.positive
            if c.row.index > a.row.index and c.value == total.value + a.value and not c.kinds & skip
        ),
        None,
    )


def _tax_added_below(total: Candidate, conf: float, fig: _Figures) -> tuple[Candidate, float]:
    """A tax printed under the chosen total and the amount they add up to under it ("TOTAL 18.50",
    "SALES TAX 1.57", "BALANCE DUE 20.07"): the chosen amount was before tax, the sum was paid.
    Not a tax the total includes ("enth. MwSt 19% 2,75", or one its rate makes a share of the
    total, not of a base), nor when cash less change already came to the chosen total ("Bar
    20,00", "Rückgeld 2,75"): cash handed over is no sum."""
    if total.value in fig.paid_minus_change:
        return total, conf
    taxes = [t for t in fig.taxes if t.row.index > total.row.index and t.value > 0 and added(t, total.value)]
    return _sum_below(total, taxes, fig, frozenset({L.CHANGE})) or total, conf


def _rounded_elsewhere(total: Candidate, conf: float, fig: _Figures) -> tuple[Candidate, float]:
    """Cash minus change a few cents off the chosen total: the total was rounded on a line
    whose label was not read as a total."""
    for value in fig.paid_minus_change:
        if value != total.value and _near(value, total.value, _ROUNDING_SLACK):
            later = [c for c in fig.positive if c.value == value and c.row.index > total.row.index]
            if later:
                return later[0], conf * W.rounded_elsewhere
    return total, conf


def _choose_total(fig: _Figures) -> tuple[Candidate | None, float, bool]:
    """The total, its confidence, and whether it is a guess (``_labelled_total``,
    ``_unlabelled_total``)."""
    total, conf, guessed = _labelled_total(fig)
    if total is None:
        total, conf, guessed = _unlabelled_total(fig)
        # a total label over a negative amount ("TOTAL 32.24-"): a refund, whatever was paid back
        guessed = guessed or any(c.value < 0 and _total_rank(c) > 0 for c in fig.cands)
    if total is not None:
        total, conf = _rounded_elsewhere(total, conf, fig)
        total, conf = _with_tip(total, conf, fig)
        total, conf = _tax_added_below(total, conf, fig)
        guessed = guessed or doubted(total, fig)
    return total, conf, guessed


def choose_amounts(cands: list[Candidate]) -> dict[str, tuple[Decimal | None, float]]:
    """Total, subtotal and tax from the labelled candidates, cross-checked (``"taxes"``: every
    amount labelled as tax, for the tax reading)."""
    fig = _Figures.of(cands)
    total, total_conf, guessed = _choose_total(fig)
    guessed = guessed or (total is not None and thousands_in_doubt(total))
    total_value = total.value if total else None
    subs = _subtotals(fig, total_value)
    # the last one alone on its row
    subtotal = max(subs, key=lambda s: (s.n_on_row == 1, s.row.index)) if subs else None
    subtotal_value = subtotal.value if subtotal is not None else None
    subtotal_conf = W.subtotal * subtotal.confidence if subtotal is not None else 0.0
    check = _TaxCheck(fig, total_value, subtotal_value)
    tax = _choose_tax(fig, total, check)
    tax_conf = 0.0
    agrees = tax is not None and check.agrees(tax)
    if tax is not None:
        fits = check.rate_fits(tax) or check.base_fits(tax)
        tax_conf = (
            W.figures_agree if agrees else W.tax_rate_or_base_fits if fits else W.tax_alone
        ) * tax.confidence
        if agrees:
            subtotal_conf = max(subtotal_conf, W.figures_agree * min(s.confidence for s in subs))
            total_conf = min(0.99, total_conf + W.agreement_bonus)
    return {
        "total": (total_value, total_conf),
        "subtotal": (subtotal_value, subtotal_conf),
        "tax": (tax.value if tax is not None else None, tax_conf),
        "taxes": fig.taxes,
        "total_guessed": guessed and not agrees,  # a tax that agrees with it: no guess
        "paid_minus_change": fig.paid_minus_change,
        "total_text": f"{total.label} {total.row.text}" if total is not None else "",
    }


_GUESSES = "_guesses"  # the fields whose value is a guess of the rules (``calibrate_fields``)


# -- public ---------------------------------------------------------------------
def extract_receipt_fields(
    lines: list[LineLike],
    *,
    page_height: float | None = None,
    locale: str | None = None,
    calibrate: bool = True,
    names: bool = True,
) -> dict:
    """Receipt fields from OCR lines: each ``{"value": str | None, "confidence": float}``,
    and ``tax_lines``, a list of ``{"rate", "base", "amount", "confidence"}``.

    ``page_height``: the height of the page (of the pages stacked), by default the bottom
    of the lowest line. ``calibrate=False`` returns the rules' raw confidences (to fit the
    calibration, see ``calibration``) and, under ``guessed``, the fields whose value is a guess.
    ``names=False`` leaves the vendor, its VAT id and the receipt number unread: the figures, the
    date and the currency read the same without them, in about half the time (``several``)."""
    out = _extract(lines, page_height, locale, names)
    guesses = out.pop(_GUESSES, set())
    if calibrate:
        calibrate_fields(out, guesses)
    else:
        out["guessed"] = sorted(guesses)  # for the benchmark's calibration (``calibrate_fields``)
    return out


def _field(value: str | None, confidence: float) -> dict:
    return {"value": value, "confidence": round(confidence, 3)}


def _extract(lines: list[LineLike], page_height: float | None, locale: str | None, names: bool) -> dict:
    """The fields as the page lies, or in its pieces' order (``pieces.read_in_order``)."""
    lines = [ln for ln in lines if ln.text and ln.text.strip()]
    return read_in_order(
        lines,
        page_height,
        lambda some, height: _read(some, height, locale, names),
        lambda out: out.get(_GUESSES, set()),
    )


def _read(lines: list[LineLike], page_height: float | None, locale: str | None, names: bool) -> dict:
    out: dict = {name: {"value": None, "confidence": 0.0} for name in FIELDS}
    out["tax_lines"] = []
    if not lines:
        return out
    rows = group_rows(lines)
    height = page_height if page_height is not None else max(ln.bbox[3] for ln in lines)
    if names:  # (no other field reads them)
        out["vendor"] = _field(*find_vendor(respell_unsure(lines), height))
        out["vendor_vat"] = _field(*find_vendor_vat(rows))
        number, number_conf = choose_receipt_number(rows)
        out["receipt_number"] = {"value": number, "confidence": number_conf}

    # (an amount about what the sale comes to in another currency: not the receipt's currency)
    about = about_lines(rows)
    # (a currency without a minor unit, "Rp 18.500": its integer amounts read, ``whole_units``)
    currency, cur_conf, read = whole_units(
        rows, *detect_currency([ln.text for ln in lines if id(ln) not in about], locale)
    )
    # the day/month order of an ambiguous date is settled by any currency read but a bare "$"
    date, date_conf, date_guessed = choose_date(
        rows, locale, currency, currency_settles=settles_order(currency, cur_conf, [ln.text for ln in lines])
    )
    out["date"] = _field(date, date_conf)

    cands = collect_candidates(rows, locale, read)
    amounts = choose_amounts(cands)
    total_value, total_conf = amounts["total"]
    total_guessed = amounts["total_guessed"]
    out["currency"] = _field(*total_currency(amounts["total_text"], currency, cur_conf))
    total_value = rounded_total(rows, cands, total_value) or total_value
    taxes = read_taxes(rows, cands, locale, total_value, amounts["tax"], amounts["taxes"])
    if not taxes.total_agrees:
        # the tax table adds up to another printed total: that one was paid
        other = total_from_tax_table(rows, cands, locale, total_value)
        if other is not None:
            total_value, total_conf = other.value, W.tax_table_total * other.confidence
            total_guessed = False
            taxes = read_taxes(rows, cands, locale, total_value, amounts["tax"], amounts["taxes"])
    if taxes.total_agrees:
        total_guessed = False  # the tax table adds up to it
        total_conf = min(0.99, total_conf + W.agreement_bonus)
    elif taxes.total_disagrees:
        total_conf *= 0.8
    amounts["total"] = (total_value, total_conf)
    # a hotel's tax charged night by night: their sum, a guess (and no net worked out from one)
    by_day = charged_by_day(cands, taxes.tax)
    amounts["tax"], amounts["net"] = (
        ((by_day, taxes.tax_conf), (None, 0.0))
        if by_day is not None
        else ((taxes.tax, taxes.tax_conf), (taxes.net, taxes.net_conf))
    )
    for name in ("total", "subtotal", "tax", "net"):
        value, conf = amounts[name]
        out[name] = {
            "value": format_amount(value) if value is not None else None,
            "confidence": round(float(conf), 3) if value is not None else 0.0,
        }
    out["tax_lines"] = taxes.lines

    out[_GUESSES] = guessed_fields(
        # a tip or total left blank under it: what was charged is not printed, whatever adds up; a
        # deposit receipt: which amount was paid its labels may not say
        total_guessed
        or left_blank(rows, cands, total_value, amounts["paid_minus_change"])
        or paid_in_part(rows, cands, total_value),
        date_guessed,
        out["currency"],
        money_back=undone(rows),
        tax_guessed=by_day is not None,
    )
    return out
