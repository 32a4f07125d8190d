"""Per-field confidence that means what it says: of the values returned with confidence 0.9,
about nine in ten are right.

The scoring rules give each field a raw confidence (how strong the evidence looked); this maps
it onto the share of values that were right at that raw confidence on the **held-out** parts
of the receipt benchmark (``bench/bench_receipts.py``: SROIE, German scans, generated receipts
and PDFs that no extraction rule was written against). Fitting on receipts the rules were
tuned on would promise too much: there the rules are right more often than on a user's
receipts. ``fit`` computes a map from (raw confidence, right) pairs; the maps below are its
output, written by ``bench/receipt_lines.py fit --write`` from OCR lines of the default
engine, on the values that are not guesses (a guess is returned at ``GUESS_CEILING`` at most,
never above its raw confidence or its map). So that the benchmark does not judge the maps on
the receipts they were fit on, its calibration table is out of fold: each held-out receipt is
calibrated by maps fit on the other half of the held-out receipts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .currency import CURRENCY_GUESS

# Bin edges of the raw confidence; each map gives the calibrated value at each bin's middle.
EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
MIDS = tuple((a + b) / 2 for a, b in zip(EDGES, EDGES[1:], strict=False))

# written by ``bench/receipt_lines.py fit --write`` (see the module's docstring); one value per bin of EDGES
MAPS: dict[str, tuple[float, ...]] = {
    "total": (0.732, 0.809, 0.809, 0.963, 0.963, 0.98, 0.98),  # 787 values
    "date": (0.25, 0.55, 0.894, 0.98, 0.98, 0.98, 0.98),  # 759 values
    "vendor": (0.417, 0.494, 0.825, 0.825, 0.873, 0.889, 0.953),  # 808 values
    "tax": (0.375, 0.458, 0.831, 0.831, 0.946, 0.98, 0.98),  # 419 values
    "net": (0.406, 0.459, 0.65, 0.832, 0.832, 0.832, 0.96),  # 365 values
    "currency": (0.25, 0.536, 0.65, 0.979, 0.979, 0.979, 0.98),  # 362 values
}
# No rule reads a field of every unseen receipt right: a calibrated confidence stays below this.
CEILING = 0.98
# What a guess of the rules (an ambiguous date's day/month order that nothing on the receipt
# settles, a total no label names) is returned with, at most: the rules' own confidence, and
# under the addon's fill threshold (0.8), so that a guess waits for a person. The maps are fit
# on the benchmark's receipts, whose conventions (day first, mostly) a user's need not share.
GUESS_CEILING = 0.6
# A currency the rules read (not guessed) is returned above ``CURRENCY_GUESS``, what a guessed
# one is returned with at most: the addon tells the two apart by it. Its map, fit where few
# currencies are read with doubt, may bring a doubtful reading down to that.
CURRENCY_READ = round(CURRENCY_GUESS + 0.01, 3)


def _pav(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the closest non-decreasing sequence (weighted)."""
    blocks = [[v, w, 1] for v, w in zip(values, weights, strict=True)]
    i = 0
    while i < len(blocks) - 1:
        if blocks[i][0] > blocks[i + 1][0]:
            v1, w1, n1 = blocks[i]
            v2, w2, n2 = blocks[i + 1]
            w = w1 + w2
            blocks[i] = [(v1 * w1 + v2 * w2) / w if w else (v1 + v2) / 2, w, n1 + n2]
            del blocks[i + 1]
            i = max(0, i - 1)
        else:
            i += 1
    out: list[float] = []
    for v, _, n in blocks:
        out += [v] * n
    return out


def fit(pairs: Iterable[tuple[float, bool]], prior_weight: float = 5.0) -> tuple[float, ...]:
    """A map from raw confidence to the share right: per bin of ``EDGES``, the share of right
    values, pulled towards the raw confidence by ``prior_weight`` pseudo-values (thin bins
    stay near it), then made non-decreasing."""
    right = [0.0] * len(MIDS)
    count = [0.0] * len(MIDS)
    for raw, ok in pairs:
        i = min(len(MIDS) - 1, max(0, bisect_right(EDGES, float(raw)) - 1))
        count[i] += 1
        right[i] += 1.0 if ok else 0.0
    shares = [(r + prior_weight * m) / (n + prior_weight) for r, n, m in zip(right, count, MIDS, strict=True)]
    return tuple(round(min(CEILING, v), 3) for v in _pav(shares, [n + prior_weight for n in count]))


def calibrate(field: str, raw: float, maps: dict[str, tuple[float, ...]] | None = None) -> float:
    """The calibrated confidence of ``field`` for a raw confidence (unchanged for fields
    without a map); linear between bin middles, 0 stays 0. ``maps``: other maps than the
    shipped ones (the benchmark's out-of-fold check)."""
    table = (MAPS if maps is None else maps).get(field)
    raw = float(raw)
    if table is None or raw <= 0.0:
        return raw
    if raw <= MIDS[0]:
        return round(table[0] * raw / MIDS[0], 3)
    if raw >= MIDS[-1]:
        return round(table[-1], 3)
    i = bisect_right(MIDS, raw) - 1
    a, b = MIDS[i], MIDS[i + 1]
    t = (raw - a) / (b - a)
    return round(table[i] + t * (table[i + 1] - table[i]), 3)


def calibrate_fields(out: dict, guessed=(), maps: dict[str, tuple[float, ...]] | None = None) -> None:
    """Calibrate, in place, the confidence of every field of an extractor's answer that holds a
    value, and of its tax lines (by the tax map); the ``guessed`` fields' kept at what the rules
    gave them, below ``GUESS_CEILING``."""
    for name, field in out.items():
        if isinstance(field, dict) and field.get("value") is not None:
            field["confidence"] = calibrate_guess(name, field["confidence"], name in guessed, maps)
    for line in out.get("tax_lines", []):
        line["confidence"] = calibrate("tax", line["confidence"], maps)


def calibrate_guess(
    field: str, raw: float, guessed: bool, maps: dict[str, tuple[float, ...]] | None = None
) -> float:
    """``calibrate``, and for a guess never above its raw confidence nor ``GUESS_CEILING``; a
    currency read, not guessed, above ``CURRENCY_GUESS`` still (``CURRENCY_READ``)."""
    calibrated = calibrate(field, raw, maps)
    if guessed:
        return round(min(calibrated, float(raw), GUESS_CEILING), 3)
    if field == "currency" and calibrated > 0.0:
        return max(calibrated, CURRENCY_READ)
    return calibrated


def guessed_fields(
    total_guessed: bool,
    date_guessed: bool,
    currency: dict,
    money_back: bool = False,
    tax_guessed: bool = False,
) -> set[str]:
    """The fields whose value the rules only guessed. A currency no code or sign of its own names
    (the country's words, the locale, a bare "$", codes that disagree) is one, as an unsettled
    date is; so are the figures of a document that gives money back (``money_back``: a refund, a
    credit note), which go back whichever way they are printed."""
    currency_guessed = currency["value"] is not None and currency["confidence"] <= CURRENCY_GUESS
    return {
        name
        for name, guessed in (
            ("total", total_guessed or money_back),
            ("tax", money_back or tax_guessed),
            ("net", money_back),
            ("subtotal", money_back),
            ("date", date_guessed),
            ("currency", currency_guessed),
        )
        if guessed
    }
