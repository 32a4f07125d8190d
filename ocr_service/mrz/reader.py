"""Find the MRZ on a page image and read it, in named steps.

1. ``locate.locate``: groups of two or three long, parallel text blobs (morphology only,
   no text detector); of the first twelve, the three most MRZ-like once cut
   (``cut.likeness``: a glyph in every cell, blank paper between) are read;
2. ``cut.cut``: each line of a group cut out straight, with its grid of character cells
   fitted to the gaps between glyphs; a group seen in perspective (a phone photo) is cut
   from its band straightened first (``band.rectify``), and the other way when the first
   finds no MRZ;
3. ``read.read``: the cells read in pieces, each character with a probability and a
   second choice;
4. ``glyphs.settle_lookalikes``: 0/O, 1/I ... of mixed fields settled by the document's
   own glyphs;
5. ``parser.parse_mrz``: every field repaired as far as its class and check digits
   allow, and judged.

A group whose check digits fail is read again turned 180 degrees; a page with no
horizontal candidate is tried turned 90 degrees. When all that finds nothing the whole
page goes through detection and recognition (slow, but it sees what morphology missed),
unless the caller already has the page's lines (``page.mrz_from_page_lines``).

``scan_mrz`` keeps no state between calls; it is thread-safe as long as each thread
passes its own engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from .band import needs_rectifying, rectify
from .cut import CutLines, cut, likeness, upside_down
from .documents import choose
from .glyphs import settle_lookalikes
from .locate import CLOSINGS, FINE_CLOSINGS, WORK_SIDE, LineBox, diverse, locate
from .page import mrz_from_page_lines
from .parser import parse_mrz
from .read import read
from .recognize import CharRead
from .result import MrzResult
from .text import MrzParseError

MIN_ALT_PROB = 0.02  # second choices below this are not worth trying
GROUPS_TRIED = 3  # candidate groups read per orientation, best first
CANDIDATES = 12  # located groups looked at (cut, not read) to choose those
PER_BLOCK = 3  # ... at most this many from one block of print while others are left
MERGED_RANK = 0.9  # likeness of a group with a merged line, for choosing (``CutLines.merged``)
# cut lines this much lighter at their right end than at their left (in typical cells'
# ink, ``cut.upside_down``) are read turned 180 degrees first: on 120 tuning photos this
# picked 13 of the 16 upside-down pages and 1 of the 104 others (a wrong pick costs one
# reading, never the result: the other way is read next)
TURN_FIRST_ABOVE = 5.0

Method = Literal["mrz-lines", "mrz-lines-rotated", "full-page", "none"]


@dataclass(frozen=True)
class MrzReadOutcome:
    """What a scan found: the parsed MRZ (or None), a confidence, and the path that found it.

    ``confidence`` is the result's confidence when an MRZ was read, and the
    confidence that the page has no MRZ when ``result`` is None.
    """

    result: MrzResult | None
    confidence: float
    method: Method = "none"
    # other documents' zones on the page (``documents.choose``): of the holder's, or of another
    # person's (then nothing is verified)
    same_holder: int = 0
    other_people: bool = False
    warnings: tuple[str, ...] = ()


def parse_reads(reads: list[list[CharRead]]) -> MrzResult | None:
    """Step 5 on the characters read: repair and judge, or None when they are no MRZ's shape."""
    try:
        return parse_mrz(
            ["".join(c.char for c in line) for line in reads],
            line_confidences=[min((c.prob for c in line), default=0.0) for line in reads],
            char_confidences=[[c.prob for c in line] for line in reads],
            char_alternatives=[[c.alt if c.alt_prob >= MIN_ALT_PROB else "" for c in line] for line in reads],
            char_settled=[[c.settled for c in line] for line in reads],
        )
    except MrzParseError:
        return None


def _rank(result: MrzResult | None) -> tuple[bool, float]:
    """Which of two readings is better: an MRZ first, then check digits holding, fields
    well formed, valid."""
    if result is None:
        return (False, -1.0)
    checks = list(result.check_digits.values())
    formed = [f.well_formed for f in result.fields.values()]
    score = (
        sum(checks) / max(1, len(checks)) * 2 + sum(formed) / max(1, len(formed)) + (3 if result.valid else 0)
    )
    return (result.is_mrz, score)


def _found(result: MrzResult | None) -> bool:
    return result is not None and result.is_mrz


def read_cut_lines(lines: CutLines, engine, *, blank_padding: bool = True) -> MrzResult | None:
    """Steps 3 to 5 on cut lines: read, repair, settle the look-alikes, repair again."""
    reads = read(lines, engine, blank_padding=blank_padding)
    result = parse_reads(reads)
    if result is None:
        return None
    settled = settle_lookalikes(result, reads, lines)
    if settled is not None:
        # the settled reading knows more, even when it is less sure of itself;
        # only a reading whose check digits fail more is not taken
        again = parse_reads(settled)
        if again is not None and again.holding >= result.holding:
            return again
    return result


def _read_cut(
    gray: np.ndarray, group: list[LineBox], scale: float, engine, as_cut: CutLines | None = None
) -> MrzResult | None:
    """Steps 2 to 5 on one way of cutting a group, the right way up or else turned 180 degrees.
    ``as_cut``: the group already cut the right way up from this page, when the caller has it."""
    best: MrzResult | None = None
    for turned in (False, True):
        lines = as_cut if as_cut is not None and not turned else cut(gray, group, scale, turned)
        if lines is None:
            continue
        # first with the padding blanked (fast, and no characters lost next to it);
        # when that is an MRZ but does not verify, once more reading every cell
        for blank_padding in (True, False):
            result = read_cut_lines(lines, engine, blank_padding=blank_padding)
            if _rank(result) > _rank(best):
                best = result
            if (best is not None and best.valid) or not _found(result):
                break
        # the check digits hold this way up: the page is not upside down
        if _found(best):
            break
    return best


def half_turn(gray: np.ndarray, group: list[LineBox], scale: float) -> tuple[np.ndarray, list[LineBox]]:
    """The page turned 180 degrees and the group's lines where they are then (on the page
    scaled by ``scale``): the last line first, each line's ends swapped."""
    h, w = gray.shape[:2]
    mx, my = (w - 1) * scale, (h - 1) * scale

    def point(p: tuple[float, float]) -> tuple[float, float]:
        return (mx - p[0], my - p[1])

    turned = [
        LineBox(
            mx - b.cx,
            my - b.cy,
            b.length,
            b.thickness,
            b.angle,
            None if b.ends is None else (point(b.ends[1]), point(b.ends[0])),
            b.mean_thickness,
        )
        for b in reversed(group)
    ]
    return cv2.rotate(gray, cv2.ROTATE_180), turned


def read_group(
    gray: np.ndarray, group: list[LineBox], scale: float, engine, lines: CutLines | None = None
) -> MrzResult | None:
    """Steps 2 to 5 on one located group: cut from the page as it is, or from the band with
    its perspective undone (``band``), whichever the group's shape says first; the other
    when the first finds no MRZ, or when the straightened band's reading does not verify.
    A group whose lines look upside down (``cut.upside_down``; ``lines``, when given, are
    the group cut as it lies) is read from the page turned 180 degrees first."""
    if lines is None:
        lines = cut(gray, group, scale)
    if lines is not None and upside_down(lines) > TURN_FIRST_ABOVE:
        gray, group = half_turn(gray, group, scale)
        lines = None  # cut again, from the turned page
    as_it_lies = (gray, group, scale)
    ways = [lambda: as_it_lies, lambda: rectify(gray, group, scale)]
    straightened_first = needs_rectifying(group, scale)
    if straightened_first:
        ways.reverse()
    best: MrzResult | None = None
    for way in ways:
        cutting = way()
        if cutting is None:
            continue
        # the group cut as it lies is the one ``lines`` holds: not cut a second time
        result = _read_cut(*cutting, engine, as_cut=lines if cutting is as_it_lies else None)
        if _rank(result) > _rank(best):
            best = result
        # a straightened band that does not verify is no proof the page is in
        # perspective: a scan a little askew reads better cut as it lies
        if (best is not None and best.valid) or (_found(best) and not straightened_first):
            break
    return best


def _likeliest(
    gray: np.ndarray, groups: list[list[LineBox]], scale: float
) -> list[tuple[list[LineBox], CutLines | None]]:
    """The GROUPS_TRIED located groups most like an MRZ once cut (cheap: nothing is read),
    most like it first, among the first CANDIDATES with no more than PER_BLOCK from one
    block of print (``locate.diverse``), each with its cut lines; a cluttered desk has many
    lines of print, and a line merged with print beside it makes a group of its own."""
    head = diverse(groups, CANDIDATES, PER_BLOCK)
    cuts = [cut(gray, group, scale) for group in head]
    # a group with a line merged with print is read after one as MRZ-like without: the same
    # MRZ found again by another closing, its ends where the MRZ's are (the band's corners)
    scores = [
        0.0 if lines is None else likeness(lines) * (MERGED_RANK if lines.merged else 1.0) for lines in cuts
    ]
    order = sorted(range(len(head)), key=lambda i: -scores[i])
    return [(head[i], cuts[i]) for i in order[:GROUPS_TRIED]]


def _scan_lines(gray: np.ndarray, engine) -> tuple[list[MrzResult], Method]:
    """Steps 1 to 5 over the best located groups, the page as it is and turned 90 degrees;
    when that finds no MRZ, once more with lines located by a closing about one small
    character wide (``FINE_CLOSINGS``: print beside the MRZ merged with its lines). Returns
    the best reading first (an MRZ found, or the best of none), then the other zones found
    beside an MRZ (``_other_zones``)."""
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    best: MrzResult | None = None
    method: Method = "none"
    for closings in (CLOSINGS, FINE_CLOSINGS):
        for quarter in (False, True):
            page, work = (
                (gray, small)
                if not quarter
                else (cv2.rotate(im, cv2.ROTATE_90_CLOCKWISE) for im in (gray, small))
            )
            located = locate(work, closings)
            candidates = _likeliest(page, located, scale)
            for i, (group, lines) in enumerate(candidates):
                result = read_group(page, group, scale, engine, lines)
                if _rank(result) > _rank(best):
                    best, method = result, "mrz-lines-rotated" if quarter else "mrz-lines"
                if _found(best):
                    rest = candidates[i + 1 :] + [(g, cut(page, g, scale)) for g in _beside(group, located)]
                    return [best, *_other_zones(page, rest, scale, engine, group)], method
    return [best] if best is not None else [], method


# a located group as like an MRZ as this once cut is read for a second document on the page,
# once the first is found (likeness is near 1 for an MRZ, near 0 for other print)
OTHER_ZONE_LIKENESS = 0.5


def _beside(group: list[LineBox], located: list[list[LineBox]]) -> list[list[LineBox]]:
    """What stands on the found zone's lines beside it, where a located group runs on along
    them (two zones side by side on a copy, their lines merged into one): the longer part
    outside the zone, as a group of its own, when it is at least as long as most of the zone."""
    out = []
    for other in located:
        if len(other) != len(group) or other is group:
            continue
        boxes: list[LineBox] = []
        side = None  # the same side of the zone on every line
        for f, m in zip(group, other, strict=True):
            a = np.radians(m.angle)
            along = np.cos(a), np.sin(a)
            t = (f.cx - m.cx) * along[0] + (f.cy - m.cy) * along[1]
            across = abs(-(f.cx - m.cx) * along[1] + (f.cy - m.cy) * along[0])
            # the zone's line lies within the longer one, on its mid-line
            inside = abs(t) + f.length / 2 <= m.length / 2 + f.thickness
            if across > m.thickness or m.length < 1.5 * f.length or not inside:
                break
            gap = f.thickness
            spans = {
                "left": (-m.length / 2, t - f.length / 2 - gap),
                "right": (t + f.length / 2 + gap, m.length / 2),
            }
            side = side or max(spans, key=lambda s: spans[s][1] - spans[s][0])
            lo, hi = spans[side]
            if hi - lo < 0.8 * f.length:
                break
            mid = (lo + hi) / 2
            cx, cy = m.cx + mid * along[0], m.cy + mid * along[1]
            half = (hi - lo) / 2
            ends = (
                (cx - half * along[0], cy - half * along[1]),
                (cx + half * along[0], cy + half * along[1]),
            )
            boxes.append(LineBox(cx, cy, hi - lo, m.thickness, m.angle, ends, m.mean_thickness))
        else:
            out.append(boxes)
    return out


def _within(group: list[LineBox], zone: list[LineBox]) -> bool:
    """Whether ``group``'s middle lies on the found ``zone`` (the same print located again, by
    another of its lines or with print beside it merged in)."""
    cx = sum(b.cx for b in group) / len(group)
    cy = sum(b.cy for b in group) / len(group)
    pad = max(b.thickness for b in zone)
    return (
        min(b.cx - b.length / 2 for b in zone) - pad <= cx <= max(b.cx + b.length / 2 for b in zone) + pad
        and min(b.cy for b in zone) - 2 * pad <= cy <= max(b.cy for b in zone) + 2 * pad
    )


def _other_zones(
    page: np.ndarray,
    candidates: list[tuple[list[LineBox], CutLines | None]],
    scale: float,
    engine,
    zone: list[LineBox],
) -> list[MrzResult]:
    """The valid zones of the groups left that look like an MRZ and lie off the found ``zone``:
    a visa beside a passport, a second person's passport on a copy (a zone read twice is told
    apart later as well, ``documents.choose``)."""
    out = []
    for group, lines in candidates:
        if lines is not None and likeness(lines) >= OTHER_ZONE_LIKENESS and not _within(group, zone):
            result = read_group(page, group, scale, engine, lines)
            if result is not None and result.valid:
                out.append(result)
    return out


def scan_mrz(
    image_bgr: np.ndarray, engine, *, page_lines: list | None = None, full_page_fallback: bool = True
) -> MrzReadOutcome:
    """Find and read the MRZ of a page. ``result`` is None when there is none.

    When the line reader finds nothing, the MRZ is looked for among the page's OCR
    lines: ``page_lines`` when the caller has read the page already, else the page is
    read in full (unless ``full_page_fallback`` is False).
    """
    if image_bgr is None or image_bgr.ndim not in (2, 3) or min(image_bgr.shape[:2]) < 16:
        return MrzReadOutcome(None, 0.0)
    image = image_bgr if image_bgr.ndim == 3 else cv2.cvtColor(image_bgr, cv2.COLOR_GRAY2BGR)
    found, method = _scan_lines(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), engine)
    best = found[0] if found else None
    likeness = 0.0
    if not _found(best) and (page_lines is not None or full_page_fallback):
        page = mrz_from_page_lines(page_lines if page_lines is not None else engine.ocr(image))
        likeness = page.likeness
        if _rank(page.result) > _rank(best):
            best, method, found = page.result, "full-page", [page.result]
    if not _found(best):
        # how sure we are that there is none: less so when MRZ-like text was seen
        return MrzReadOutcome(None, round(1.0 - likeness, 4))
    documents = choose(found)
    chosen = documents.chosen
    return MrzReadOutcome(
        chosen, chosen.confidence, method, documents.same_holder, documents.other_people, documents.warnings
    )


def read_mrz(image_bgr: np.ndarray, engine) -> MrzResult | None:
    """The MRZ of a page image, or None when none is found."""
    return scan_mrz(image_bgr, engine).result
