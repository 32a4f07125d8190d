"""MRZ lines among a page's OCR lines (the lines a full-page read found, with their boxes)."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from .parser import parse_mrz
from .result import MrzResult
from .text import FILLER, FILLER_LOOKALIKES, VALID_CHARS, MrzParseError, clean_line

# a line at least this MRZ-like may be part of an MRZ
MRZ_LIKE = 0.7


def mrz_like_score(text: str) -> float:
    """0..1: how much a single OCR line looks like an MRZ line."""
    s = clean_line(text)
    if len(s) < 26:
        return 0.0
    raw = text.upper().replace(" ", "")
    alphabet = sum(c in VALID_CHARS or c in FILLER_LOOKALIKES for c in raw) / max(1, len(raw))
    length_fit = max(0.0, 1 - min(abs(len(s) - n) for n in (30, 36, 44)) / 8)  # close to a known line length
    score = alphabet * length_fit
    if FILLER not in s and not re.search(r"\d{6}", s):
        score *= 0.3
    return score


def find_mrz_lines(texts: list[str], confidences: list[float] | None = None) -> MrzResult | None:
    """The MRZ among consecutive MRZ-looking lines (2 or 3, three preferred), when one is there."""
    confs = confidences or [1.0] * len(texts)
    flags = [mrz_like_score(t) >= MRZ_LIKE for t in texts]
    best: MrzResult | None = None
    i = 0
    while i < len(texts):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and flags[j]:
            j += 1
        # as read: the parser tells a character read as none of the MRZ's ('l') from one that is
        block = texts[i:j]
        for size in (3, 2):
            for k in range(0, len(block) - size + 1):
                try:
                    result = parse_mrz(block[k : k + size], line_confidences=confs[i + k : i + k + size])
                except MrzParseError:
                    continue
                if result.is_mrz and (best is None or size > len(best.lines)):
                    best = result
        i = j
    return best


def looks_like_mrz(texts: list[str]) -> bool:
    """True when page lines already read by OCR contain a machine readable zone."""
    return find_mrz_lines(texts) is not None


@dataclass(frozen=True)
class PageMrz:
    result: MrzResult | None
    # how much the most MRZ-like row looks like an MRZ line (0 when none does)
    likeness: float
    # a row that reads like an MRZ line, its fillers ("<<") printed, though no MRZ parsed (a line
    # cut short by the detector, a row misread): worth the MRZ reader's own look
    filler_row: bool = False


def mrz_from_page_lines(lines) -> PageMrz:
    """The MRZ among a page's OCR lines; pieces of one row are joined first (the detector
    sometimes splits a long MRZ line)."""
    rows = _rows(lines)
    texts = ["".join(x.text for x in sorted(r, key=lambda x: x.x0)) for r in rows]
    confs = [min(x.confidence for x in r) for r in rows]
    scores = [mrz_like_score(t) for t in texts]
    likeness = max(scores, default=0.0)
    pairs = zip(scores, texts, strict=True)
    filler_row = any(score >= MRZ_LIKE and FILLER * 2 in clean_line(t) for score, t in pairs)
    return PageMrz(find_mrz_lines(texts, confs), likeness, filler_row)


def _rows(lines) -> list[list]:
    """The lines grouped in rows, top to bottom: a line joins the first row whose first line's
    centre is less than half the taller one's height from its own, else starts a row. In
    O(n log n): the first row near by the line's own height is found by bisection (rows start
    top to bottom), the first that reaches it by its own height from a heap of rows by index,
    a row that no longer reaches the lines below dropped for good."""
    rows: list[list] = []
    tops: list[float] = []  # each row's first line's centre, in order
    reaching: list[tuple[int, float, float]] = []  # (row index, its first line's centre, height)
    for ln in sorted(lines, key=lambda x: x.cy):
        while reaching and not ln.cy - reaching[0][1] < 0.5 * reaching[0][2]:
            heapq.heappop(reaching)
        # the first row near by the line's own height (the nearer rows, below it, are too)
        low, high = 0, len(tops)
        while low < high:
            mid = (low + high) // 2
            if ln.cy - tops[mid] < 0.5 * ln.height:
                high = mid
            else:
                low = mid + 1
        index = min(low, reaching[0][0]) if reaching else low
        if index < len(rows):
            rows[index].append(ln)
        else:
            rows.append([ln])
            tops.append(ln.cy)
            heapq.heappush(reaching, (index, ln.cy, ln.height))
    return rows
