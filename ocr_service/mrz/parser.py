"""ICAO Doc 9303 machine readable zone parser (TD1, TD2, TD3, MRV-A, MRV-B).

``parse_mrz`` takes the MRZ lines as read by OCR, brings them to their format's shape,
then reads every field from the format's layout (``fields``): confusions are repaired
field by field (each field has a character class: digits, letters or both) and every
check digit is checked. A repair that changes a value is kept only when a check digit
confirms it; a field without a check digit only gets class-forced repairs (a digit in
a country code cannot be right, so ``0`` there is the letter ``O``). ``result.judge``
says what the reading is worth.
"""

from __future__ import annotations

import datetime as dt

from . import fields as F
from .names import read_names
from .result import MrzResult
from .text import DOUBTFUL_CONFIDENCE, MrzParseError, clean_line, normalize_lines


def _settled(raw: list[str], work: list[str], char_settled, read_by_ocr: bool) -> list[list[str]]:
    """What the glyphs settled each character as, lined up with the normalised lines. Text
    given without any confidence is taken as it stands (typed, or known); text read by OCR
    without glyph evidence has nothing settled."""
    if char_settled is None and not read_by_ocr:
        return [list(line) for line in work]
    rows = [list(x) for x in (char_settled or [])]
    if len(rows) != len(work) or any(len(x) != len(w) for x, w in zip(rows, work, strict=False)):
        return [[""] * len(w) for w in work]
    if [clean_line(x) for x in raw] != work:
        return [[""] * len(w) for w in work]
    return rows


def _per_character(
    raw: list[str], work: list[str], line_confidences, char_confidences, char_alternatives
) -> tuple[list[float], list[list[float]], list[list[str]]]:
    """Line confidences, and each character's probability and second choice, lined up with
    the normalised lines (a line's confidence for every character when they do not line up)."""
    n_lines, length = len(work), len(work[0])
    confs = list(line_confidences or [])
    if len(confs) != n_lines:
        confs = [1.0] * n_lines
    confs = [max(0.0, min(1.0, float(c))) for c in confs]
    probs = [list(map(float, x)) for x in (char_confidences or [])]
    if len(probs) != n_lines or any(len(x) != length for x in probs) or [clean_line(x) for x in raw] != work:
        probs = [[c] * length for c in confs]
    alts = [list(x) for x in (char_alternatives or [])]
    if len(alts) != n_lines or any(len(x) != length for x in alts):
        alts = [[""] * length for _ in range(n_lines)]
    return confs, probs, alts


def parse_mrz(
    lines: list[str],
    *,
    mrz_format: str | None = None,
    line_confidences: list[float] | None = None,
    char_confidences: list[list[float]] | None = None,
    char_alternatives: list[list[str]] | None = None,
    char_settled: list[list[str]] | None = None,
    today: dt.date | None = None,
) -> MrzResult:
    """Parse and verify an MRZ. Raises ``MrzParseError`` when the lines are not one.

    ``char_confidences`` / ``char_alternatives`` (optional, one entry per character
    of each line) come from the recogniser: a field read with a character below
    ``fields.MIN_CHAR_CONFIDENCE`` is reported unverified even when its check digit
    holds, and second choices are tried when a check digit fails. ``char_settled``
    (one entry per character: what the document's own glyphs settled it as, or "") says
    which look-alikes the reader settled; a field of letters and digits whose unsettled
    characters could be misread look-alikes its check digits cannot see is reported
    unverified (``blind``). Without it, text read by OCR (any confidence given) has
    nothing settled, and text given alone is taken as it stands.
    """
    if not lines or not all(isinstance(x, str) for x in lines):
        raise MrzParseError("MRZ lines must be a non-empty list of strings")
    layout, work, refit, doubtful = normalize_lines(lines, mrz_format)
    confs, probs, alts = _per_character(lines, work, line_confidences, char_confidences, char_alternatives)
    ocr = line_confidences is not None or char_confidences is not None
    # a character read as none of the MRZ's ('l' for an I or a 1) is a guess, whatever the line's
    # confidence: a field that holds one is not verified. Text given without confidences (typed,
    # a text layer's) is taken as it stands, in lower case too
    if ocr:
        for row, doubts in zip(probs, doubtful, strict=True):
            row[:] = [min(p, DOUBTFUL_CONFIDENCE) if d else p for p, d in zip(row, doubts, strict=True)]
    settled = _settled(lines, work, char_settled, ocr)
    # lines read whole (one confidence each, the page's lines) had no glyph compared; characters
    # read one by one come from the reader, whose glyph step guards what check digits cannot see
    whole_lines = line_confidences is not None and char_confidences is None and char_settled is None
    r = F.Reading(layout, work, probs, alts, today or dt.date.today(), settled, not whole_lines, refit)

    found = {"document_type": F.read_document_code(r)}
    for zone in ("issuing_country", "nationality"):
        found[zone] = F.read_country(r, zone)
    F.settle_check_digits(r)
    # the expiry first: a birth lies before it (its century is the one that puts it there)
    expiry = F.read_date(r, "expiry_date", birth=False)
    expiry_date = dt.date.fromisoformat(expiry.value) if expiry.value and expiry.check else None
    found["birth_date"] = F.read_date(r, "birth_date", birth=True, expiry=expiry_date)
    found["expiry_date"] = expiry
    found["sex"] = F.read_sex(r)
    overflow, overflow_cd = F.number_overflow(r)
    found["document_number"] = F.read_document_number(r, overflow, overflow_cd)
    checks = {name: bool(found[name].check) for name in ("birth_date", "expiry_date", "document_number")}
    optional_raws = {zone: r.text(zone) for zone in layout.optional_zones}
    own = F.repair_personal_number(r) if layout.optional_check == "own" else None
    if own is not None:
        checks["personal_number"] = own.holds
    composite = F.check_composite(r, checks, overflow)
    if composite is not None:
        checks["composite"] = composite
    found["personal_number"] = F.read_personal_number(
        r, optional_raws, own, composite, overflow, checks["document_number"]
    )
    found["surname"], found["given_names"] = read_names(r)
    return MrzResult(layout.name, r.lines, F.settle_confidences(found, checks), checks, confs)
