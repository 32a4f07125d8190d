"""Find the MRZ on a page image and read it.

The fast path never runs the text detector: a morphology pass (black-hat,
Otsu, a horizontal closing) turns each MRZ line into one long thin blob; groups
of two or three parallel blobs of equal length are MRZ candidates. Each line is
cut out straightened (its own rotated rectangle, so skew does not matter),
squeezed to a fixed size and recognised in one batch. Upside-down crops are read
again turned 180 degrees; a page with no horizontal candidate is tried turned 90
degrees. When all that fails the whole page goes through detection and
recognition (slow, but it sees what morphology missed).

The recogniser mixes up OCR-B look-alikes (0/O above all) with full confidence.
Each document shows both glyphs of a pair in fields of one class (an O in the
names, a 0 in the dates), so a cell of a mixed field (document number, optional
data) read as one of them is compared with the document's own glyphs; what that
comparison cannot settle stays doubtful, for a check digit to decide or for the
field to be reported unverified.

``scan_mrz`` keeps no state between calls; it is thread-safe as long as each
thread passes its own engine.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from .parser import (
    TO_DIGIT,
    TO_LETTER,
    MrzParseError,
    MrzResult,
    clean_line,
    find_mrz_lines,
    mrz_like_score,
    parse_mrz,
    position_classes,
)
from .recognize import CharRead, recognize_pieces

WORK_SIDE = 960  # localisation runs on the page scaled to this longer side
REC_HEIGHT = 48  # the recogniser's input height
REC_PX_PER_CHAR = 24  # enough for OCR-B, narrow enough to keep recognition fast
CUT_HEIGHT = 48  # lines are cut straight at this height before being split into pieces
MARGIN = 0.6  # margin around a line blob, in line thicknesses
# The recogniser loses its way in long runs of '<': each line is read in pieces of
# about this many characters, whose known length also fixes miscounted runs.
CHUNK_CHARS = 11
FILLER_MATCH = 0.8  # correlation with the line's own '<' above which a cell is a filler
RETRY_BELOW = 0.6  # pieces with a character below this are read again in halves
CHUNK_PAD = 24
REC_MIN_WIDTH = 320  # PP-OCRv4's recogniser input is at least 48 x 320
PADDING_MATCH = 0.9  # correlation with the names line's last '<' for a padding cell
PADDING_CONFIDENCE = 0.9
PADDING_EDGE_MATCH = 0.86  # ... and for a cell next to a padding run
RETRY_CONFIDENCE = 0.55  # characters placed by the second pass
GUESS_CONFIDENCE = 0.3  # characters placed by a recount that is a guess
MIN_ALT_PROB = 0.02  # second choices below this are not worth trying
# Letter / digit pairs the recogniser mixes up in OCR-B, often with full confidence. Each
# document shows both glyphs in fields of one class (names and countries hold letters,
# dates and check digits digits), so a cell of a mixed field is compared with them.
LOOKALIKES = {"O": "0DQ", "0": "ODQ", "D": "0", "Q": "0", "I": "1", "1": "I", "B": "8", "8": "B",
              "S": "5", "5": "S", "Z": "2", "2": "Z", "G": "6", "6": "G"}  # fmt: skip
# the recogniser cannot tell these apart: without the document's own glyphs, never sure
BLIND = frozenset("O0DQ")
SHAPE_MATCH = 0.7  # a cell must correlate this well with a glyph of the document
SHAPE_MARGIN = 0.04  # ... and this much better with one glyph than with its look-alike
SHAPE_SURE = 0.99  # the confidence of a character the glyph comparison settled
SHAPE_UNSURE = 0.9  # the highest confidence of a blind look-alike nothing settled
CELL_SIZE = (24, 48)
SHIFTS_X = tuple(range(-5, 6))  # pixels of a line crop CUT_HEIGHT tall (a cell is about 23 wide)
SHIFTS_Y = (-2, -1, 0, 1, 2)


@dataclass
class MrzReadOutcome:
    """What a scan found: the parsed MRZ (or None), a confidence, and where the time went.

    ``confidence`` is the result's confidence when an MRZ was read, and the
    confidence that the page has no MRZ when ``result`` is None.
    """

    result: MrzResult | None
    confidence: float
    timings: dict[str, float] = field(default_factory=dict)
    method: str = "none"


@dataclass
class _LineBox:
    cx: float
    cy: float
    length: float
    thickness: float
    angle: float  # degrees, the line direction in the image

    @property
    def ratio(self) -> float:
        return self.length / max(1.0, self.thickness)


# -- localisation --------------------------------------------------------------------------


def _line_boxes(gray: np.ndarray, close_w: int) -> list[_LineBox]:
    """Long thin dark-text blobs, with their orientation."""
    h, w = gray.shape
    k = max(9, int(round(close_w * 1.2)) | 1)
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _, mask = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Otsu on a mostly empty black-hat image can pick a tiny threshold; keep only clear strokes
    floor = max(12, int(np.percentile(blackhat, 99) * 0.25))
    mask[blackhat < floor] = 0
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (close_w, 1)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    # two-level hierarchy: outer boundaries of every blob, also of blobs inside a frame's hole
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    min_len = 0.18 * max(h, w)
    for idx, c in enumerate(contours):
        if len(c) < 5 or hierarchy[0][idx][3] != -1:
            continue
        (cx, cy), (bw, bh), ang = cv2.minAreaRect(c)
        if bw < bh:
            bw, bh = bh, bw
            ang += 90.0
        ang = ((ang + 90.0) % 180.0) - 90.0
        if bw < min_len or bh < 4 or bw / max(bh, 1.0) < 10:
            continue
        # a skewed rectangle's thickness is inflated by the closing; keep what was measured
        boxes.append(_LineBox(cx, cy, bw, bh, ang))
    return boxes


def _groups(boxes: list[_LineBox]) -> list[list[_LineBox]]:
    """Two or three parallel, equally long, evenly spaced lines, best first."""
    horiz = sorted((b for b in boxes if abs(b.angle) <= 12), key=lambda b: b.cy)
    found: list[tuple[float, list[_LineBox]]] = []
    n = len(horiz)
    for i in range(n):
        chain = [horiz[i]]
        for j in range(i + 1, n):
            a, b = chain[-1], horiz[j]
            if len(chain) == 3:
                break
            th = max(a.thickness, b.thickness)
            dy = b.cy - a.cy
            # the perpendicular distance, and where b's centre projects along a
            rad = np.deg2rad(a.angle)
            ux, uy = np.cos(rad), np.sin(rad)
            along = (b.cx - a.cx) * ux + (b.cy - a.cy) * uy
            perp = abs(-(b.cx - a.cx) * uy + (b.cy - a.cy) * ux)
            if dy > 4 * th:
                break
            if not (1.1 * min(a.thickness, b.thickness) <= perp <= 3.5 * th):
                continue
            if abs(a.angle - b.angle) > 4 or abs(a.length - b.length) > 0.2 * max(a.length, b.length):
                continue
            if max(a.thickness, b.thickness) > 1.6 * min(a.thickness, b.thickness):
                continue
            if abs(along) > 0.15 * a.length:
                continue
            chain.append(b)
        if len(chain) >= 2:
            for size in (3, 2) if len(chain) == 3 else (2,):
                sub = chain[:size]
                ratio = np.median([x.ratio for x in sub])
                score = sum(x.length for x in sub) * (1.2 if 14 <= ratio <= 60 else 0.5)
                found.append((score, sub))
    found.sort(key=lambda t: -t[0])
    out: list[list[_LineBox]] = []
    for _, g in found:
        if any(all(any(x is y for y in o) for x in g) for o in out):
            continue
        out.append(g)
    return out


def _group_score(group: list[_LineBox]) -> float:
    ratio = float(np.median([x.ratio for x in group]))
    spread = np.ptp([x.length for x in group]) / max(x.length for x in group)
    return sum(x.length for x in group) * (1.2 if 14 <= ratio <= 60 else 0.5) * (1 - spread)


def _locate(gray_small: np.ndarray) -> list[list[_LineBox]]:
    h, w = gray_small.shape
    groups: list[list[_LineBox]] = []
    scored = []
    for frac in (0.02, 0.035, 0.055):
        for g in _groups(_line_boxes(gray_small, max(7, int(frac * max(h, w))))):
            key = tuple(sorted((round(b.cy / 4), round(b.length / 8)) for b in g))
            if any(k == key for k, _ in scored):
                continue
            scored.append((key, g))
    groups = [g for _, g in scored]
    groups.sort(key=_group_score, reverse=True)
    return groups


# -- cutting and reading lines ---------------------------------------------------------------


def _cut_line(image: np.ndarray, box: _LineBox, scale: float, thickness: float) -> np.ndarray:
    """A straightened grey crop of one MRZ line, CUT_HEIGHT tall, natural aspect."""
    cx, cy = box.cx / scale, box.cy / scale
    length = box.length / scale
    crop_len = length + 2 * MARGIN * thickness
    crop_h = 1.45 * thickness
    width = max(32, int(round(crop_len / crop_h * CUT_HEIGHT)))
    rad = np.deg2rad(box.angle)
    ux, uy = np.cos(rad), np.sin(rad)
    vx, vy = -uy, ux
    hl, hh = crop_len / 2, crop_h / 2
    src = np.float32(
        [
            [cx - ux * hl - vx * hh, cy - uy * hl - vy * hh],
            [cx + ux * hl - vx * hh, cy + uy * hl - vy * hh],
            [cx - ux * hl + vx * hh, cy - uy * hl + vy * hh],
        ]
    )
    dst = np.float32([[0, 0], [width, 0], [0, CUT_HEIGHT]])
    m = cv2.getAffineTransform(src, dst)
    shrink = crop_h > CUT_HEIGHT
    return cv2.warpAffine(
        image,
        m,
        (width, CUT_HEIGHT),
        flags=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _ink_profile(crop: np.ndarray) -> np.ndarray:
    """Column profile of dark ink in a grey line crop (middle band only)."""
    band = crop[int(CUT_HEIGHT * 0.2) : int(CUT_HEIGHT * 0.8)]
    _, ink = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink.sum(axis=0).astype(np.float32)


def _extent(profile: np.ndarray, margin_px: float) -> tuple[float, float] | None:
    """First and last inked column near where the blob said the line starts and ends."""
    w = len(profile)
    thr = max(1.0, 0.08 * float(profile.max()))
    lo = max(0, int(margin_px * 0.4))
    hi = min(w, int(w - margin_px * 0.4))
    cols = np.nonzero(profile[lo:hi] >= thr)[0]
    if len(cols) < 10:
        return None
    return float(cols[0] + lo), float(cols[-1] + lo + 1)


def _pitch(profiles: list[np.ndarray], lo: float, hi: float) -> float | None:
    """Character pitch from the autocorrelation of the ink profiles (OCR-B is monospaced)."""
    best_lag, best_val = None, -1e18
    acs = []
    for p in profiles:
        f = p - p.mean()
        ac = np.correlate(f, f, mode="full")[len(f) - 1 :]
        acs.append(ac / max(1e-6, ac[0]))
    n = min(len(a) for a in acs)
    total = np.sum([a[:n] for a in acs], axis=0)
    for lag in range(max(2, int(lo)), min(n - 1, int(hi) + 1)):
        if total[lag] > best_val:
            best_val, best_lag = total[lag], lag
    if best_lag is None:
        return None
    # parabolic refinement of the peak
    if 1 <= best_lag < n - 1:
        y0, y1, y2 = total[best_lag - 1], total[best_lag], total[best_lag + 1]
        d = y0 - 2 * y1 + y2
        if d < 0:
            return best_lag + 0.5 * (y0 - y2) / d
    return float(best_lag)


def _chunk_sizes(n: int, chunk: int) -> list[int]:
    k = max(1, -(-n // chunk))
    base, extra = divmod(n, k)
    return [base + (1 if i < extra else 0) for i in range(k)]


def _plan_group(crops: list[np.ndarray], thickness_px: float, n_lines: int):
    """Characters per line and the cell grid of each line, or None when the crops make no sense."""
    profiles = [_ink_profile(c) for c in crops]
    margin_px = MARGIN * thickness_px
    extents = [_extent(p, margin_px) for p in profiles]
    if any(e is None for e in extents):
        return None
    pitch = _pitch(profiles, 0.55 * thickness_px, 1.4 * thickness_px)
    if not pitch:
        return None
    span = float(np.median([e[1] - e[0] for e in extents]))
    est = span / pitch + 0.4
    options = (30,) if n_lines == 3 else (36, 44)
    n = min(options, key=lambda o: abs(o - est))
    if abs(n - est) > 0.2 * n:
        return None
    grids = []
    for x_first, x_last in extents:
        # a glyph fills about 60% of its cell, centred
        p = (x_last - x_first) / (n - 0.4)
        if not 0.8 * pitch <= p <= 1.2 * pitch:
            p = pitch
            x_first = (x_first + x_last) / 2 - p * (n - 0.4) / 2
        grids.append((x_first - 0.2 * p, p))
    return n, grids, profiles


def _cut_points(profile: np.ndarray, x0: float, p: float, sizes: list[int]) -> list[int]:
    """Where to cut a line between pieces: the emptiest column near each expected cell boundary."""
    smooth = np.convolve(profile, np.ones(3, np.float32) / 3, mode="same")
    w = len(profile)
    cuts = [max(0, int(round(x0 - 0.15 * p)))]
    start = 0
    for k in sizes[:-1]:
        start += k
        x = x0 + start * p
        lo, hi = max(0, int(x - 0.4 * p)), min(w, int(x + 0.4 * p) + 1)
        if hi - lo < 2:
            cuts.append(int(round(x)))
            continue
        window = smooth[lo:hi]
        # among the emptiest columns, the one nearest the expected boundary
        low = np.nonzero(window <= window.min() + 0.5)[0] + lo
        cuts.append(int(low[np.argmin(np.abs(low - x))]))
    cuts.append(min(w, int(round(x0 + sum(sizes) * p + 0.15 * p))))
    return cuts


def _render_piece(crop, profile, grid, a: int, b: int, n: int, kmax: int) -> np.ndarray:
    """Cells [a, b) of a line as one recogniser input; all pieces of a call share one size."""
    x0, p = grid
    sizes = [x for x in (a, b - a, n - b) if x > 0]
    cuts = _cut_points(profile, x0, p, sizes)
    i = 1 if a > 0 else 0
    a_i, b_i = cuts[i], cuts[i + 1]
    piece = crop[:, a_i:b_i] if b_i - a_i >= 4 else crop[:, :4]
    # the recogniser pads anything narrower than REC_MIN_WIDTH up to it: use that room
    px_per_char = max(REC_PX_PER_CHAR, (REC_MIN_WIDTH - 2 * CHUNK_PAD) // kmax)
    out_w = max(REC_MIN_WIDTH, kmax * px_per_char + 2 * CHUNK_PAD)
    w = (b - a) * px_per_char
    piece = cv2.resize(piece, (w, REC_HEIGHT), interpolation=cv2.INTER_AREA)
    piece = cv2.copyMakeBorder(
        piece, 0, 0, CHUNK_PAD, out_w - w - CHUNK_PAD, cv2.BORDER_CONSTANT, value=int(np.median(piece))
    )
    return cv2.cvtColor(piece, cv2.COLOR_GRAY2BGR)


def _cell_image(
    crop: np.ndarray, grid, i: int, size: tuple[int, int] = (16, 32), dx: int = 0, dy: int = 0
) -> np.ndarray | None:
    """Cell i of a line (moved by dx, dy pixels) at ``size``, zero mean, unit norm."""
    x0, p = grid
    a, b = int(round(x0 + i * p)) + dx, int(round(x0 + (i + 1) * p)) + dx
    if a < 0 or b > crop.shape[1] or b - a < 3:
        return None
    cell = crop[:, a:b]
    if dy:
        cell = np.roll(cell, dy, axis=0)
    cell = cv2.resize(cell, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    cell -= cell.mean()
    norm = float(np.linalg.norm(cell))
    return cell / norm if norm > 1e-3 else None


def _template(cells: list[np.ndarray]) -> np.ndarray:
    """The mean of normalised cell images, normalised again."""
    t = np.mean(cells, axis=0)
    t -= t.mean()
    return t / max(1e-6, float(np.linalg.norm(t)))


def _filler_template(crops, grids, reads) -> np.ndarray | None:
    """The mean image of cells read as '<' with confidence, in pieces read at their length."""
    cells = []
    for (li, a, b), chars in reads.items():
        if len(chars) != b - a:
            continue
        for i, c in enumerate(chars):
            if c.char == "<" and c.prob >= 0.9:
                img = _cell_image(crops[li], grids[li], a + i)
                if img is not None:
                    cells.append(img)
    if len(cells) < 3:
        return None
    return _template(cells)


def _looks_like_filler(crop, grid, i: int, template: np.ndarray) -> bool:
    img = _cell_image(crop, grid, i)
    return img is not None and float((img * template).sum()) >= FILLER_MATCH


def _padding_cells(crops, grids, n: int, names_line: int) -> list[set[int]]:
    """Cells in runs of 3 or more that look like the '<' ending the names line."""
    template = _cell_image(crops[names_line], grids[names_line], n - 1)
    empty: list[set[int]] = [set() for _ in crops]
    if template is None:
        return empty
    # the template must look like its neighbours, which are padding too
    for j in (n - 2, n - 3):
        other = _cell_image(crops[names_line], grids[names_line], j)
        if other is None or float((other * template).sum()) < PADDING_MATCH:
            return empty
    out = []
    for crop, grid in zip(crops, grids, strict=True):
        flags = []
        for i in range(n):
            img = _cell_image(crop, grid, i)
            flags.append(img is not None and float((img * template).sum()) >= PADDING_MATCH)
        cells: set[int] = set()
        i = 0
        while i < n:
            if not flags[i]:
                i += 1
                continue
            j = i
            while j < n and flags[j]:
                j += 1
            if j - i >= 3:
                cells.update(range(i, j))
            i = j
        # a run's ends are often a little off the template (a neighbour's ink, blur):
        # grow runs over adjacent cells that still look much like a '<'
        grown = True
        while grown:
            grown = False
            for i in sorted(cells):
                for k in (i - 1, i + 1):
                    if 0 <= k < n and k not in cells:
                        img = _cell_image(crop, grid, k)
                        if img is not None and float((img * template).sum()) >= PADDING_EDGE_MATCH:
                            cells.add(k)
                            grown = True
        # never blank the cell where a run meets other characters: if it held a letter,
        # blanking would lose it without any sign; kept visible, a miscount shows
        edges = {
            i for i in cells if (i - 1 >= 0 and i - 1 not in cells) or (i + 1 < n and i + 1 not in cells)
        }
        out.append(cells - edges)
    return out


def _blank_cells(crop: np.ndarray, grid, cells: list[int]) -> np.ndarray:
    x0, p = grid
    out = crop.copy()
    bg = int(np.percentile(crop, 75))
    for i in cells:
        a, b = max(0, int(round(x0 + i * p))), min(crop.shape[1], int(round(x0 + (i + 1) * p)))
        out[:, a:b] = bg
    return out


def _capped(c: CharRead, limit: float) -> CharRead:
    return CharRead(c.char, min(c.prob, limit), c.alt, c.alt_prob)


def _doubtful(chars: list[CharRead], k: int) -> bool:
    return len(chars) != k or any(c.prob < RETRY_BELOW for c in chars)


def _fit_chunk(chars: list[CharRead], k: int) -> list[CharRead]:
    """Bring a piece's reading to k characters.

    The recogniser miscounts runs of '<'. A run touching either end of the piece
    is padding whose length the cells decide, so recounting it is safe. Changing
    an inner run (a name separator) or padding a piece is a guess: the characters
    added or kept around it get a low confidence.
    """
    if len(chars) == k:
        return chars
    text = "".join(c.char for c in chars)
    if chars and set(text) == {"<"}:
        p = min(c.prob for c in chars)
        out = [CharRead("<", p, "<", 0.0) for _ in range(k)]
        if len(chars) < k:
            # characters went missing, most likely where the piece meets the text before it
            for i in range(min(k, k - len(chars) + 1)):
                out[i] = CharRead("<", GUESS_CONFIDENCE, "<", 0.0)
        return out
    runs = [
        (m.start() == 0 or m.end() == len(text), m.end() - m.start(), m.start(), m.end())
        for m in re.finditer("<+", text)
    ]
    if runs:
        at_edge, n_run, a, b = max(runs)
        grow = k - len(text)
        if n_run + grow >= 1:
            run = chars[a:b]
            p = min(c.prob for c in run) if at_edge else GUESS_CONFIDENCE
            new_run = [CharRead("<", p, "<", 0.0) for _ in range(n_run + grow)]
            if grow > 0:
                # characters went missing: most likely next to the run, so the cells
                # where the run meets the other characters are guesses
                doubt = min(len(new_run), grow + 1)
                guess = [CharRead("<", GUESS_CONFIDENCE, "<", 0.0) for _ in range(doubt)]
                if a == 0 and b < len(text):
                    new_run = new_run[: len(new_run) - doubt] + guess
                else:
                    new_run = guess + new_run[doubt:]
            return chars[:a] + new_run + chars[b:]
    guessed = [CharRead(c.char, min(c.prob, GUESS_CONFIDENCE), c.alt, c.alt_prob) for c in chars]
    pad = [CharRead("<", GUESS_CONFIDENCE, "<", 0.0) for _ in range(k)]
    return (guessed + pad)[:k]


def _read_lines(
    gray_image: np.ndarray, group: list[_LineBox], scale: float, engine, timings, turn: bool, blank: bool
):
    thickness = float(np.median([b.thickness for b in group])) / scale
    crops = [_cut_line(gray_image, b, scale, thickness) for b in group]
    if turn:
        crops = [cv2.rotate(c, cv2.ROTATE_180) for c in reversed(crops)]
    thickness_px = CUT_HEIGHT / 1.45
    plan = _plan_group(crops, thickness_px, len(group))
    if plan is None:
        return None
    n, grids, profiles = plan
    sizes = _chunk_sizes(n, CHUNK_CHARS)
    kmax = max(sizes)
    spans = []
    for li in range(len(crops)):
        start = 0
        for k in sizes:
            spans.append((li, start, start + k))
            start += k
    # Long runs of '<' (padding) are found from the image before reading: the names
    # line ends in padding, so its last cell shows this document's '<'. Those runs
    # are blanked, pieces made only of padding are not read at all, and the other
    # pieces' characters go to their non-blank cells in order.
    names_line = 2 if len(crops) == 3 else 0
    padding = _padding_cells(crops, grids, n, names_line) if blank else [set() for _ in crops]
    t0 = time.perf_counter()
    reads: dict[tuple[int, int, int], list[CharRead]] = {}
    first = []
    for li, a, b in spans:
        pad = [i in padding[li] for i in range(a, b)]
        if all(pad):
            reads[(li, a, b)] = [CharRead("<", PADDING_CONFIDENCE, "<", 0.0) for _ in pad]
            continue
        crop = _blank_cells(crops[li], grids[li], [i for i in range(a, b) if i in padding[li]])
        first.append(((li, a, b), pad, _render_piece(crop, profiles[li], grids[li], a, b, n, kmax)))
    out = recognize_pieces(engine, [f[2] for f in first])
    for (key, pad, _img), piece in zip(first, out, strict=True):
        if not any(pad):
            reads[key] = piece.chars
            continue
        chars = list(piece.chars)
        if len(chars) == sum(1 for x in pad if not x):
            it = iter(chars)
            reads[key] = [CharRead("<", PADDING_CONFIDENCE, "<", 0.0) if x else next(it) for x in pad]
        else:
            reads[key] = chars  # wrong length: doubtful, read again below
    # second pass: the recogniser drops characters next to runs of '<' and miscounts
    # the runs. The '<' cells can be told from the image: every '<' of a line is the
    # same glyph, so cells that look like the ones read as '<' with confidence are
    # blanked, and the rest of a doubtful piece is read again; its characters then
    # go to the non-'<' cells in order, when the counts agree.
    retry = [key for key, chars in reads.items() if _doubtful(chars, key[2] - key[1])]
    if retry:
        template = _filler_template(crops, grids, reads)
        if template is not None:
            jobs = []
            for li, a, b in retry:
                fill = [_looks_like_filler(crops[li], grids[li], i, template) for i in range(a, b)]
                if all(fill):
                    # every cell shows this document's '<' (a lone one is often misread)
                    reads[(li, a, b)] = [CharRead("<", RETRY_CONFIDENCE, "<", 0.0) for _ in fill]
                    continue
                if not any(fill):
                    continue
                blanked = _blank_cells(crops[li], grids[li], [a + i for i, f in enumerate(fill) if f])
                jobs.append(
                    ((li, a, b), fill, _render_piece(blanked, profiles[li], grids[li], a, b, n, kmax))
                )
            out2 = recognize_pieces(engine, [j[2] for j in jobs]) if jobs else []
            for (key, fill, _img), piece in zip(jobs, out2, strict=True):
                letters = [c for c in piece.chars if c.char != "<"]
                if len(letters) != sum(1 for f in fill if not f):
                    continue
                it = iter(letters)
                # good enough for a field a check digit confirms, never for one nothing checks
                reads[key] = [
                    CharRead("<", RETRY_CONFIDENCE, "<", 0.0) if f else _capped(next(it), RETRY_CONFIDENCE)
                    for f in fill
                ]
    timings["recognize_ms"] = timings.get("recognize_ms", 0.0) + (time.perf_counter() - t0) * 1000
    lines: list[list[CharRead]] = [[] for _ in group]
    for (li, a, b), chars in sorted(reads.items()):
        lines[li].extend(_fit_chunk(chars, b - a))
    return lines, crops, grids


def _glyph_scores(crop: np.ndarray, grid, i: int, templates: dict[str, np.ndarray]) -> dict[str, float]:
    """Best correlation of cell i with each template; the grid is an estimate, so the
    glyph is looked for a little around its cell."""
    shifted = [_cell_image(crop, grid, i, CELL_SIZE, dx, dy) for dx in SHIFTS_X for dy in SHIFTS_Y]
    shifted = [g for g in shifted if g is not None]
    if not shifted:
        return {}
    return {ch: max(float((g * t).sum()) for g in shifted) for ch, t in templates.items()}


def _ends_a_run(line: list[CharRead], col: int) -> bool:
    """The cell's neighbour on either side is not a filler."""
    return any(0 <= k < len(line) and line[k].char != "<" for k in (col - 1, col + 1))


def _resolve_lookalikes(result: MrzResult, lines, crops, grids) -> list[list[CharRead]] | None:
    """Settle 0/O, 1/I, 8/B ... in mixed fields by the document's own glyphs.

    Templates come from cells whose field fixes the class (a letter in a name, a
    digit in a date): whatever the recogniser said there, the parser's class
    mapping is what the cell shows. A mixed-field cell read as one of a look-alike
    pair is compared with both templates, allowing a small shift; a clear winner
    becomes the character with a high confidence, the other its alternative. A blind
    pair (0/O/D/Q) that no template settles is left doubtful, with its look-alike
    as the alternative, so only a check digit can confirm it.
    """
    classes = position_classes(result.mrz_format)
    if len(lines) != len(classes) or any(len(x) != len(c) for x, c in zip(lines, classes, strict=True)):
        return None
    samples: dict[str, list[np.ndarray]] = {}
    for li, (cls_line, text) in enumerate(zip(classes, result.lines, strict=True)):
        for col, (cls, ch) in enumerate(zip(cls_line, text, strict=True)):
            p = lines[li][col].prob
            lookalike = cls in "ad" and ch in LOOKALIKES and p >= 0.5
            # the filler's glyph, from the names (a dozen cells are plenty)
            filler = cls == "a" and ch == "<" and p >= 0.9 and len(samples.get(ch, ())) < 12
            if lookalike or filler:
                g = _cell_image(crops[li], grids[li], col, CELL_SIZE)
                if g is not None:
                    samples.setdefault(ch, []).append(g)
    templates = {ch: _template(cells) for ch, cells in samples.items()}
    out = [list(x) for x in lines]
    changed = False
    for li, cls_line in enumerate(classes):
        for col, cls in enumerate(cls_line):
            c = out[li][col]
            if cls in "ad":
                # In a field of one class, a doubt between a letter and its digit look-alike
                # is no doubt: both stand for the same character of that class.
                as_class = TO_LETTER if cls == "a" else TO_DIGIT
                mine, other = as_class.get(c.char, c.char), as_class.get(c.alt, c.alt)
                if c.alt and c.alt != c.char and mine == other and mine == result.lines[li][col]:
                    out[li][col] = CharRead(mine, min(1.0, c.prob + c.alt_prob), "", 0.0)
                    changed = True
                continue
            if cls == "x" and c.char == "<" and "<" in templates and _ends_a_run(out[li], col):
                # A filler next to characters ends a document number or optional data. A
                # check digit cannot see a letter or digit of value 0 mod 10 (0, A, K, U...)
                # read as '<': the cell must show this document's filler.
                match = _glyph_scores(crops[li], grids[li], col, {"<": templates["<"]}).get("<", 0.0)
                if match < FILLER_MATCH and c.prob > GUESS_CONFIDENCE:
                    out[li][col] = _capped(c, GUESS_CONFIDENCE)
                    changed = True
                continue
            if cls != "x" or c.char not in LOOKALIKES:
                continue
            candidates = {x: templates[x] for x in c.char + LOOKALIKES[c.char] if x in templates}
            scores = _glyph_scores(crops[li], grids[li], col, candidates)
            ranked = sorted(scores, key=scores.get, reverse=True)
            # the closest look-alike comes first: without its glyph nothing can be settled
            partner = LOOKALIKES[c.char][0]
            if (
                c.char in ranked
                and partner in ranked
                and scores[ranked[0]] >= SHAPE_MATCH
                and scores[ranked[0]] - scores[ranked[1]] >= SHAPE_MARGIN
            ):
                win, runner = ranked[0], ranked[1]
                prob = max(c.prob, SHAPE_SURE) if win == c.char else SHAPE_SURE
                out[li][col] = CharRead(win, prob, runner, 1.0 - prob)
                changed = changed or win != c.char or prob != c.prob
            elif c.char in BLIND:
                # nothing settles it: doubtful, with the look-alike to try when a check digit fails
                alt = next((x for x in ranked if x != c.char), partner)
                out[li][col] = CharRead(c.char, min(c.prob, SHAPE_UNSURE), alt, max(c.alt_prob, 0.1))
                changed = True
    return out if changed else None


def _try_parse(texts: list[str], confs: list[float]) -> MrzResult | None:
    lines = [clean_line(t) for t in texts]
    if not all(lines):
        return None
    try:
        return parse_mrz(lines, line_confidences=confs)
    except MrzParseError:
        return None


def _score(result: MrzResult | None) -> float:
    if result is None:
        return -1.0
    checks = list(result.check_digits.values())
    formed = [f.well_formed for f in result.fields.values()]
    return (
        sum(checks) / max(1, len(checks)) * 2 + sum(formed) / max(1, len(formed)) + (3 if result.valid else 0)
    )


def _parse_reads(lines: list[list[CharRead]]) -> MrzResult | None:
    texts = ["".join(c.char for c in line) for line in lines]
    try:
        return parse_mrz(
            texts,
            line_confidences=[min((c.prob for c in line), default=0.0) for line in lines],
            char_confidences=[[c.prob for c in line] for line in lines],
            char_alternatives=[[c.alt if c.alt_prob >= MIN_ALT_PROB else "" for c in line] for line in lines],
        )
    except MrzParseError:
        return None


def _holding(result: MrzResult) -> int:
    return sum(result.check_digits.values())


def _good_enough(result: MrzResult | None) -> bool:
    """Most check digits hold: this is the MRZ, whatever is left to verify."""
    if result is None:
        return False
    checks = list(result.check_digits.values())
    return sum(checks) >= max(1, len(checks) - 1)


def _read_group(image: np.ndarray, group: list[_LineBox], scale: float, engine, timings: dict):
    best: MrzResult | None = None
    for turn in (False, True):
        result = None
        # first with the padding blanked (fast, and no characters lost next to it);
        # when that does not verify, once more reading every cell
        for blank in (True, False):
            read = _read_lines(image, group, scale, engine, timings, turn, blank)
            if read is None:
                break
            lines, crops, grids = read
            result = _parse_reads(lines)
            if result is not None:
                t0 = time.perf_counter()
                settled = _resolve_lookalikes(result, lines, crops, grids)
                if settled is not None:
                    # the settled reading knows more, even when it is less sure of itself;
                    # only a reading whose check digits fail more is not taken
                    again = _parse_reads(settled)
                    if again is not None and _holding(again) >= _holding(result):
                        result = again
                spent = (time.perf_counter() - t0) * 1000
                timings["lookalikes_ms"] = timings.get("lookalikes_ms", 0.0) + spent
            if _score(result) > _score(best):
                best = result
            if best is not None and best.valid or not _good_enough(result):
                break
        # the check digits hold this way up: the page is not upside down
        if _good_enough(best):
            break
    return best


def _full_page(image: np.ndarray, engine, timings: dict) -> MrzResult | None:
    """Slow path: detect and recognise the whole page, then look for MRZ lines among them."""
    t0 = time.perf_counter()
    lines = engine.ocr(image)
    timings["full_page_ms"] = (time.perf_counter() - t0) * 1000
    # merge pieces of one row (the detector sometimes splits a long MRZ line)
    rows: list[list] = []
    for ln in sorted(lines, key=lambda x: x.cy):
        for row in rows:
            ref = row[0]
            if abs(ln.cy - ref.cy) < 0.5 * max(ln.height, ref.height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    texts = ["".join(x.text for x in sorted(r, key=lambda x: x.x0)) for r in rows]
    confs = [min(x.confidence for x in r) for r in rows]
    timings["mrz_likeness"] = max((mrz_like_score(t) for t in texts), default=0.0)
    picked = find_mrz_lines(texts)
    if picked is None:
        return None
    # carry the confidences of the rows that were picked
    cleaned = [clean_line(t) for t in texts]
    pc = []
    for p in picked:
        idx = cleaned.index(p) if p in cleaned else -1
        pc.append(confs[idx] if idx >= 0 else 0.5)
    return _try_parse(picked, pc)


def scan_mrz(image_bgr: np.ndarray, engine, *, full_page_fallback: bool = True) -> MrzReadOutcome:
    """Find and read the MRZ of a page. ``result`` is None when there is none."""
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    if image_bgr is None or image_bgr.ndim not in (2, 3) or min(image_bgr.shape[:2]) < 16:
        return MrzReadOutcome(None, 0.0, timings, "none")
    image = image_bgr if image_bgr.ndim == 3 else cv2.cvtColor(image_bgr, cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray

    best: MrzResult | None = None
    method = "none"
    for quarter in (0, 1):
        t0 = time.perf_counter()
        if quarter:
            src_img = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
            work = cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE)
        else:
            src_img, work = gray, small
        groups = _locate(work)
        timings["locate_ms"] = timings.get("locate_ms", 0.0) + (time.perf_counter() - t0) * 1000
        for group in groups[:3]:
            result = _read_group(src_img, group, scale, engine, timings)
            if _score(result) > _score(best):
                best, method = result, "mrz-lines" if not quarter else "mrz-lines-rotated"
            if _good_enough(best):
                break
        if _good_enough(best):
            break
    if not _good_enough(best) and full_page_fallback:
        result = _full_page(image, engine, timings)
        if _score(result) > _score(best):
            best, method = result, "full-page"
    timings["total_ms"] = (time.perf_counter() - t_start) * 1000
    # text that parses but where no check digit holds is not an MRZ
    if best is not None and not any(best.check_digits.values()):
        best = None
    if best is None:
        # how sure we are that there is none: less so when MRZ-like text was seen
        near = float(timings.pop("mrz_likeness", 0.0))
        return MrzReadOutcome(None, round(1.0 - near, 4), timings, "none")
    timings.pop("mrz_likeness", None)
    return MrzReadOutcome(best, best.confidence, timings, method)


def read_mrz(image_bgr: np.ndarray, engine) -> MrzResult | None:
    """The MRZ of a page image, or None when none is found."""
    return scan_mrz(image_bgr, engine).result
