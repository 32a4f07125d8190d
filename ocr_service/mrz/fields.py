"""The generic validator: any format's fields read from its layout, one reader per kind of field.

Readers repair what the field's class or a check digit allows, write the settled
characters back into the reading (so the lines returned show them), and record what
they found on each ``MrzField``; ``result.judge`` decides what that is worth.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .blind import own_weights
from .countries import normalize_code
from .field_blind import date_blind, optional_blind, own_blind
from .formats import Layout
from .repair import (
    AMBIGUOUS,
    FILLER,
    TO_DIGIT,
    as_digits,
    as_letters,
    check_holds,
    repair_checked,
    repair_checked_alnum,
    repair_country,
)
from .result import MrzField

# A character the recogniser gave less than this is a guess: the field it is in is
# reported unverified even when its check digit holds (two errors can cancel out).
MIN_CHAR_CONFIDENCE = 0.5
# Fields that no check digit covers (names, countries, sex) need more; below it, a character's
# second choice is a swap the check digits must see (``Reading.seconds``, ``blind.blind_swap``).
MIN_UNCHECKED_CONFIDENCE = 0.75
MIN_SEPARATOR_CONFIDENCE = 0.35
# A character of a field nothing checks, when a character of the other class looks like it
# (0/O, 1/I, 8/B...): the recogniser is often sure and wrong about those.
LOOKALIKE_CONFIDENCE = 0.98
# how much less a field is worth when a check digit over it fails, and when the country
# code is none ICAO knows
FAILED_CHECK_FACTOR = 0.5
FAILED_COMPOSITE_FACTOR = 0.7
UNKNOWN_COUNTRY_FACTOR = 0.6
_COMPOSITE_FIELDS = ("document_number", "birth_date", "expiry_date", "personal_number")
# a document number: letters and digits, then fillers only
_NUMBER_SHAPE = re.compile(r"[A-Z0-9]+<*")


def read_surely(text: str, probs: list[float], seconds: list[str] | None = None) -> bool:
    """Letters and digits read with MIN_UNCHECKED_CONFIDENCE; a filler only has to be a real
    reading, not a recount guess (the number of cells in a piece already fixed how many there are),
    unless it parts characters and the recogniser's second choice for it is one (``seconds``, per
    character: ``Reading.seconds``): a K read as '<' at 0.6 parts a name in two, nothing checks it."""
    inner = len(text.rstrip(FILLER))
    seconds = [*(seconds or [])[:inner], *[""] * len(text)]
    return all(
        p >= (MIN_UNCHECKED_CONFIDENCE if ch != FILLER or second else MIN_SEPARATOR_CONFIDENCE)
        for ch, p, second in zip(text, probs, seconds, strict=False)
    )


@dataclass
class Reading:
    """The lines being validated, with each character's probability and second choice."""

    layout: Layout
    lines: list[str]
    probs: list[list[float]]
    alts: list[list[str]]
    today: dt.date
    # per character, what the document's own glyphs settled it as ("" when nothing did)
    settled: list[list[str]]
    # False for lines read whole by OCR (the page's lines, one confidence each): no glyph of the
    # page was compared with, nothing tells a filler from a K (``_filler_lookalikes``)
    glyphs: bool = True
    # per line, whether it came at another length and was fitted to its own by recounting a run
    # of fillers (``text.fit_cells``): a character lost or gained where no check digit looks
    # (the names: a doubled letter merged, ERIKSSON read ERIKSON) may be what the count missed
    refit: list[bool] | None = None

    def fitted(self, zone: str) -> bool:
        """The zone's line was fitted to its length (``refit``)."""
        return bool(self.refit and self.refit[self.layout.zones[zone][0]])

    def text(self, zone: str) -> str:
        li, a, b = self.layout.zones[zone]
        return self.lines[li][a:b]

    def put(self, zone: str, value: str) -> None:
        li, a, b = self.layout.zones[zone]
        self.lines[li] = self.lines[li][:a] + value + self.lines[li][b:]

    def probs_of(self, *zones: str) -> list[float]:
        out: list[float] = []
        for zone in zones:
            li, a, b = self.layout.zones[zone]
            out += self.probs[li][a:b]
        return out

    def alts_of(self, zone: str) -> list[str]:
        li, a, b = self.layout.zones[zone]
        return self.alts[li][a:b]

    def settled_text(self, zone: str) -> list[str]:
        li, a, b = self.layout.zones[zone]
        return self.settled[li][a:b]

    def unsettled(self, zone: str) -> list[bool]:
        """Per character of the zone as it stands now: the glyphs did not settle it as that."""
        li, a, b = self.layout.zones[zone]
        return [ch != s for ch, s in zip(self.lines[li][a:b], self.settled[li][a:b], strict=True)]

    def composite_weights(self, cells: list[tuple[int, int]]) -> list[int]:
        """The composite check digit's weight on each cell (0 off it, and without a composite)."""
        if "composite_cd" not in self.layout.zones:
            return [0] * len(cells)
        covered = self.layout.composite_cells()
        at = dict(zip(covered, own_weights(len(covered)), strict=True))
        return [at.get(cell, 0) for cell in cells]

    def confidence(self, *zones: str) -> float:
        return min(self.probs_of(*zones))

    def read_with(self, *zones: str, limit: float = MIN_CHAR_CONFIDENCE) -> bool:
        return self.confidence(*zones) >= limit

    def kept_surely(self, zones: tuple[str, ...], before: str, after: str) -> bool:
        """A repair its check digit confirms vouches for the characters it changed only:
        the others must have been read with confidence."""
        probs = self.probs_of(*zones)
        return all(p >= MIN_CHAR_CONFIDENCE for p, a, b in zip(probs, before, after, strict=False) if a == b)

    def cells(self, zone: str, count: int | None = None) -> list[tuple[int, int]]:
        """The zone's cells (line, column), or its first ``count``."""
        li, a, b = self.layout.zones[zone]
        return [(li, col) for col in range(a, b if count is None else min(b, a + count))]

    def seconds(self, cells: list[tuple[int, int]], digits: bool = False) -> list[str]:
        """Per cell, the recogniser's second choice where it was less sure of its first than a
        field nothing checks needs and the document's glyphs did not settle the first ("" where
        not): what it may as well have been, for ``blind.blind_swap``. ``digits``: a check
        digit's cell, whose second choice counts only as a digit."""
        out = []
        for li, col in cells:
            ch, alt = self.lines[li][col], self.alts[li][col]
            doubt = alt and alt != ch and self.probs[li][col] < MIN_UNCHECKED_CONFIDENCE
            doubt = doubt and self.settled[li][col] != ch and (alt.isdigit() or not digits)
            out.append(alt if doubt else "")
        return out

    def suggested(self, zone: str, before: str, after: str) -> bool:
        """Every change is the recogniser's own second choice, not a swap only the class suggests."""
        alts = self.alts_of(zone)
        return all(a == b or b == alts[i] for i, (a, b) in enumerate(zip(before, after, strict=False)))


def _date(year: int, mm: int, dd: int) -> dt.date | None:
    try:
        return dt.date(year, mm, dd)
    except ValueError:
        return None


def parse_yymmdd(s: str, *, birth: bool, today: dt.date, expiry: dt.date | None = None) -> dt.date | None:
    """A date of the MRZ. An expiry lies in a window of 70 years back to 30 years ahead; a birth
    in the latest century that puts it neither in the future nor on or after the document's
    ``expiry`` (born in 1925, a document that expired in 2015: not 2025); None when none does."""
    if not (len(s) == 6 and s.isdigit()):
        return None
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:])
    if not birth:
        return _date(2000 + yy if 2000 + yy <= today.year + 30 else 1900 + yy, mm, dd)
    latest = today if expiry is None else min(today, expiry - dt.timedelta(days=1))
    for year in (2000 + yy, 1900 + yy):
        d = _date(year, mm, dd)
        if d is not None and d <= latest:
            return d
    return None


# -- one reader per kind of field ------------------------------------------------------


def read_document_code(r: Reading) -> MrzField:
    """Letters; the second may be '<'. A visa's code starts with V whatever was read."""
    raw = r.text("document_code")
    code = as_letters(raw)
    if r.layout.code_letter and code[0] != r.layout.code_letter:
        code = r.layout.code_letter + code[1:]
    r.put("document_code", code)
    return MrzField(
        "document_type",
        code.replace(FILLER, ""),
        raw,
        formed=code[0] in "PIACV" and (code[1] == FILLER or code[1].isalpha()),
        read_surely=r.read_with("document_code", limit=MIN_UNCHECKED_CONFIDENCE),
        repaired=code != raw,
        confidence=r.confidence("document_code"),
    )


def read_country(r: Reading, zone: str) -> MrzField:
    """Letters, a code ICAO knows; no check digit covers it."""
    raw = r.text(zone)
    fixed, known, repaired, guessed = repair_country(raw)
    r.put(zone, fixed)
    return MrzField(
        zone,
        normalize_code(fixed),
        raw,
        formed=known,
        read_surely=r.read_with(zone, limit=MIN_UNCHECKED_CONFIDENCE),
        repaired=repaired,
        repair_guessed=guessed,
        confidence=r.confidence(zone) * (1.0 if known else UNKNOWN_COUNTRY_FACTOR),
    )


def settle_check_digits(r: Reading) -> None:
    """Check digits are digits (or a filler for an empty optional field)."""
    for zone in r.layout.zones:
        if zone.endswith("_cd"):
            raw = r.text(zone)
            r.put(zone, raw if raw == FILLER else TO_DIGIT.get(raw, raw))


def read_date(r: Reading, zone: str, *, birth: bool, expiry: dt.date | None = None) -> MrzField:
    """Digits only, guarded by a check digit; repaired only into a date that exists (a birth
    before the ``expiry`` read)."""
    raw = r.text(zone)
    digits = as_digits(raw)
    cd_zone = zone + "_cd"
    cd_read = r.text(cd_zone)
    fixed, cd, holds, repaired = repair_checked(
        digits,
        cd_read,
        digits_only=True,
        alternatives=r.alts_of(zone),
        digit_alternative=r.alts_of(cd_zone)[0],
        accept=lambda v: parse_yymmdd(v, birth=birth, today=r.today, expiry=expiry) is not None,
        max_changes=1,
        probs=r.probs_of(zone, cd_zone),
    )
    r.put(zone, fixed)
    r.put(cd_zone, cd)
    date = parse_yymmdd(fixed, birth=birth, today=r.today, expiry=expiry)
    # a field of fillers "passes" a filler check digit; a date must be digits
    holds = holds and fixed.isdigit()
    conf = r.confidence(zone, cd_zone)
    return MrzField(
        zone,
        date.isoformat() if date else None,
        raw,
        check=holds,
        formed=date is not None,
        read_surely=r.read_with(zone, cd_zone),
        repaired=repaired or digits != raw,
        repair_confirmed=holds and repaired and r.kept_surely((zone, cd_zone), digits + cd_read, fixed + cd),
        blind=holds and date_blind(r, zone),
        confidence=conf if holds else conf * FAILED_CHECK_FACTOR,
    )


def read_sex(r: Reading) -> MrzField:
    """M, F, X or '<' (unspecified); no check digit covers it, so no guessing."""
    raw = r.text("sex")
    return MrzField(
        "sex",
        ({"<": "X"}.get(raw, raw)) if raw in "MFX<" else None,
        raw,
        formed=raw in "MFX<",
        read_surely=r.read_with("sex", limit=MIN_UNCHECKED_CONFIDENCE),
        confidence=r.confidence("sex"),
    )


def number_overflow(r: Reading) -> tuple[str, str]:
    """TD1/TD2 (Doc 9303 part 5): a number longer than 9 characters has '<' as its check
    digit and continues in the optional data, ended by its real check digit.
    Returns (the continuation, that check digit); ("", "") when the number does not overflow."""
    if r.text("document_number_cd") != FILLER or r.layout.optional_check != "composite":
        return "", ""
    m = re.match(r"^([A-Z0-9]*?)([0-9A-Z])<", r.text("optional_data") + FILLER)
    if not m:
        return "", ""
    return m.group(1), TO_DIGIT.get(m.group(2), m.group(2))


def read_document_number(r: Reading, overflow: str, overflow_cd: str) -> MrzField:
    """Letters and digits, guarded by its check digit."""
    number = r.text("document_number")
    if overflow:
        fixed, holds, repaired = repair_checked_alnum(number + overflow, overflow_cd)
        conf = r.confidence("document_number", "optional_data")
        holds = holds and bool(fixed.strip(FILLER))
        # the class-guided repair of a long number has no second choice to lean on
        confirmed, guessed = holds and repaired, repaired
        settled = r.settled_text("document_number") + r.settled_text("optional_data")[: len(overflow)]
        cells = r.cells("document_number") + r.cells("optional_data", len(overflow))
        digit_cell = r.cells("optional_data", len(overflow) + 1)[-1:]
        blind = own_blind(r, fixed + overflow_cd, [c != x for c, x in zip(fixed, settled, strict=False)],
                           cells, digit_cell, padded=True)  # fmt: skip
    else:
        zones = ("document_number", "document_number_cd")
        cd_read = overflow_cd or r.text("document_number_cd")
        fixed, cd, holds, repaired = repair_checked(
            number,
            cd_read,
            alternatives=r.alts_of("document_number"),
            digit_alternative=r.alts_of("document_number_cd")[0],
            probs=r.probs_of(*zones),
        )
        r.put("document_number", fixed)
        r.put("document_number_cd", cd)
        conf = r.confidence(*zones)
        holds = holds and bool(fixed.strip(FILLER))
        confirmed = holds and repaired and r.kept_surely(zones, number + cd_read, fixed + cd)
        guessed = repaired and not r.suggested("document_number", number, fixed)
        cells, digit_cell = r.cells("document_number"), r.cells("document_number_cd")
        blind = own_blind(r, fixed + cd, r.unsettled("document_number"), cells, digit_cell, padded=True)
    return MrzField(
        "document_number",
        fixed.replace(FILLER, ""),
        number + overflow,
        check=holds,
        # fillers only after the number (Doc 9303): one inside it is no part of what its check
        # digit covered once dropped ("XA<347347" is not "XA347347")
        formed=_NUMBER_SHAPE.fullmatch(fixed) is not None,
        read_surely=conf >= MIN_CHAR_CONFIDENCE,
        repaired=repaired,
        repair_confirmed=confirmed,
        repair_guessed=guessed,
        blind=blind,
        confidence=conf if holds else conf * FAILED_CHECK_FACTOR,
    )


@dataclass(frozen=True)
class OwnCheck:
    """What the TD3 personal number's own check digit said."""

    holds: bool
    confirmed: bool


def repair_personal_number(r: Reading) -> OwnCheck:
    """TD3: the optional data (personal number) has its own check digit."""
    raw = r.text("optional_data")
    cd_read = r.text("optional_data_cd")
    fixed, cd, holds, repaired = repair_checked(
        raw,
        cd_read,
        alternatives=r.alts_of("optional_data"),
        digit_alternative=r.alts_of("optional_data_cd")[0],
        probs=r.probs_of("optional_data", "optional_data_cd"),
    )
    r.put("optional_data", fixed)
    r.put("optional_data_cd", cd)
    zones = ("optional_data", "optional_data_cd")
    return OwnCheck(holds, holds and repaired and r.kept_surely(zones, raw + cd_read, fixed + cd))


def check_composite(r: Reading, checks: dict[str, bool], overflow: str) -> bool | None:
    """The composite check digit, or None when the format has none.

    In TD1/TD2 the optional data has no check digit of its own: when every other check
    digit holds, a failing composite points at it, and a unique repair of the optional
    data that the composite confirms is taken.
    """
    layout = r.layout
    if "composite_cd" not in layout.zones:
        return None
    cells = layout.composite_cells()
    digit = r.text("composite_cd")
    data = "".join(r.lines[li][col] for li, col in cells)
    if check_holds(data, digit):
        return True
    if layout.optional_check != "composite" or not all(checks.values()) or overflow:
        return False
    spans = [layout.zones[z] for z in layout.optional_zones]
    fixed, _cd, holds, _repaired = repair_checked(
        data,
        digit,
        alternatives=[r.alts[li][col] for li, col in cells],
        editable=[any(li == sl and a <= col < b for sl, a, b in spans) for li, col in cells],
        probs=[r.probs[li][col] for li, col in cells] + r.probs_of("composite_cd"),
    )
    if holds:
        for (li, col), ch in zip(cells, fixed, strict=True):
            if ch != r.lines[li][col]:
                r.lines[li] = r.lines[li][:col] + ch + r.lines[li][col + 1 :]
    return holds


def _personal_texts(r: Reading, overflow: str) -> list[str]:
    """The optional data as the document holds it: the first zone after a document number's
    overflow (its characters, its check digit and a filler: ICAO 9303 part 5), and TD1's second
    zone."""
    text = r.text("optional_data")
    if overflow:
        text = text[len(overflow) + 2 :]
    if "optional_data_2" in r.layout.zones:
        return [text, r.text("optional_data_2")]
    return [text]


def _personal_value(texts: list[str]) -> str | None:
    """The optional zones' data (``_personal_texts``), each zone's fillers as spaces; both zones'
    when both hold some (a TD1 card's first zone "7" and its second "85101234567", where several
    countries put the personal number: the second was dropped), a space between."""
    parts = [text.strip(FILLER).replace(FILLER, " ").strip() for text in texts]
    return " ".join(part for part in parts if part) or None


# optional data starts at the zone's left, fillers after it (ICAO 9303): a character read after
# fillers ("<<<<<<<<<<<<<A") is a filler misread, and 0, A, K and U weigh as a filler does in
# every check digit, which cannot tell
_OPTIONAL_SHAPE = re.compile(r"(?:[A-Z0-9][A-Z0-9<]*)?<*")


def read_personal_number(
    r: Reading,
    raws: dict[str, str],
    own: OwnCheck | None,
    composite: bool | None,
    overflow: str,
    number_holds: bool,
) -> MrzField:
    """The optional data as finally read (``raws``: each optional zone as read, before any
    repair), and what checks it: its own digit (TD3), the composite (TD1, TD2), or nothing
    (visas)."""
    kind = r.layout.optional_check
    zones = r.layout.optional_zones
    raw = raws["optional_data"]
    # the value may come from either optional zone (TD1: the second, when the first is empty)
    seconds = [second for zone in zones for second in r.seconds(r.cells(zone))]
    surely = read_surely(raw + "".join(r.text(z) for z in zones[1:]), r.probs_of(*zones), seconds)
    check, confirmed, factor = None, False, 1.0
    if kind == "own" and own is not None:
        check, confirmed = own.holds, own.confirmed
        surely = r.read_with("optional_data", "optional_data_cd")
        factor = 1.0 if own.holds else FAILED_CHECK_FACTOR
    elif kind == "composite":
        # the composite is the only digit over the optional data: when it holds, the
        # optional data needs the confidence of a checked field, not of an unchecked one
        check = bool(composite)
        surely = surely or (check and r.read_with(*zones))
        factor = 1.0 if check else FAILED_CHECK_FACTOR
    else:
        # nothing checks a visa's optional data: a character that has a look-alike of the
        # other class (0/O, 1/I, 8/B...) must have been read beyond doubt, and settled by
        # the document's own glyphs (a photographed G is read as a 6 with full confidence)
        text, probs = r.text("optional_data"), r.probs_of("optional_data")
        unsettled = r.unsettled("optional_data")
        surely = surely and not r.fitted("optional_data")
        surely = surely and all(
            p >= LOOKALIKE_CONFIDENCE and not u
            for ch, p, u in zip(text, probs, unsettled, strict=False)
            if ch in AMBIGUOUS
        )
    # a repair of either zone (the composite's of TD1's second one too) is the field's
    changed = [zone for zone in zones if raws[zone] != r.text(zone)]
    repaired = bool(changed)
    guessed = any(not r.suggested(zone, raws[zone], r.text(zone)) for zone in changed)
    blind = check is not None and optional_blind(r, number_holds)
    texts = _personal_texts(r, overflow)
    return MrzField(
        "personal_number",
        _personal_value(texts),
        raw,
        check=check,
        formed=all(_OPTIONAL_SHAPE.fullmatch(text) for text in texts),
        read_surely=surely,
        repaired=repaired,
        repair_confirmed=confirmed,
        # a swap only the class suggests: the composite weighs the document number exactly
        # as its own check digit does, so another error elsewhere can make it pass both
        repair_guessed=guessed,
        blind=blind,
        confidence=r.confidence(*zones) * factor,
    )


def settle_confidences(fields: dict[str, MrzField], checks: dict[str, bool]) -> dict[str, MrzField]:
    """A failing composite lowers every field it covers; confidences end in [0, 1], 4 decimals.
    A check digit failing anywhere, or a field without its form (a line shifted by a cell
    its check digits do not cover: TD3's first line), leaves the fields no check digit
    covers unanchored."""
    out = {}
    anchored = all(checks.values()) and all(f.formed for f in fields.values())
    for name, f in fields.items():
        conf = f.confidence
        if checks.get("composite") is False and name in _COMPOSITE_FIELDS:
            conf *= FAILED_COMPOSITE_FACTOR
        out[name] = replace(f, confidence=round(max(0.0, min(1.0, conf)), 4), anchored=anchored)
    return out
