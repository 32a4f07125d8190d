"""Step 1, locate: where the MRZ lines are on a page, without reading anything.

A morphology pass (black-hat, Otsu, a horizontal closing) turns each MRZ line into
one long thin blob; groups of two or three parallel blobs of equal length, evenly
spaced, are MRZ candidates, best first.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# localisation runs on the page scaled to this longer side
WORK_SIDE = 960
# closings tried, as fractions of the page's longer side (small, medium and large print)
CLOSINGS = (0.02, 0.035, 0.055)
# ... and, when those find no MRZ, one as wide as about one character of a small MRZ: a
# photo's MRZ lines may lie closer to print beside the passport than the gap the first
# closings bridge, and merge with it into blobs of no MRZ's length
FINE_CLOSINGS = (0.012,)
# lines tilted up to this many degrees are read as they lie (a photo adds perspective to a
# hand's rotation); steeper pages are tried turned 90 degrees
MAX_TILT = 20.0


@dataclass
class LineBox:
    cx: float
    cy: float
    length: float
    thickness: float
    angle: float  # degrees, the line direction in the image
    # the blob's two ends on its mid-line, left then right (x, y), and its mean thickness
    # (area over length): a photographed line is a trapezoid, not a rectangle
    ends: tuple[tuple[float, float], tuple[float, float]] | None = None
    mean_thickness: float | None = None

    @property
    def ratio(self) -> float:
        return self.length / max(1.0, self.thickness)


def percentile_u8(image: np.ndarray, q: float) -> float:
    """``np.percentile(image, q)`` (linear interpolation) of a uint8 image, from its histogram
    instead of a partial sort of every pixel: the same number, several times faster."""
    n = image.size
    if n < 1 << 24:  # OpenCV counts in float32, exact up to 2**24
        counts = cv2.calcHist([image], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    else:
        counts = np.bincount(image.ravel(), minlength=256)
    ranks = np.cumsum(counts)
    virtual = (n - 1) * np.true_divide(q, 100)  # numpy's "linear" method, step by step
    gamma = np.float64(virtual - np.floor(virtual))
    if virtual >= n - 1:
        lower = upper = n - 1
    elif virtual < 0:
        lower = upper = 0
    else:
        lower = int(np.floor(virtual))
        upper = lower + 1
    a, b = (np.uint8(np.searchsorted(ranks, k, side="right")) for k in (lower, upper))
    diff = b - a
    return float(b - diff * (1 - gamma)) if gamma >= 0.5 else float(a + diff * gamma)


def line_boxes(gray: np.ndarray, close_w: int) -> list[LineBox]:
    """Long thin dark-text blobs, with their orientation."""
    h, w = gray.shape
    k = max(9, int(round(close_w * 1.2)) | 1)
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _, mask = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Otsu on a mostly empty black-hat image can pick a tiny threshold; keep only clear strokes
    floor = max(12, int(percentile_u8(blackhat, 99) * 0.25))
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
        ends, mean_th = _ends(c, cx, cy, ang, bh)
        boxes.append(LineBox(cx, cy, bw, bh, ang, ends, mean_th))
    return boxes


def _ends(contour: np.ndarray, cx: float, cy: float, angle: float, thickness: float):
    """Where a line blob begins and ends on its mid-line, and its mean thickness."""
    pts = contour.reshape(-1, 2).astype(np.float32)
    rad = np.deg2rad(angle)
    u = np.float32([np.cos(rad), np.sin(rad)])
    v = np.float32([-u[1], u[0]])
    rel = pts - np.float32([cx, cy])
    t, s = rel @ u, rel @ v
    lo, hi = float(t.min()), float(t.max())
    ends = []
    for at, near in ((lo, t <= lo + thickness), (hi, t >= hi - thickness)):
        mid = float((s[near].min() + s[near].max()) / 2)
        ends.append((cx + at * u[0] + mid * v[0], cy + at * u[1] + mid * v[1]))
    area = float(cv2.contourArea(contour))
    return (ends[0], ends[1]), area / max(1.0, hi - lo)


def _next_line(a: LineBox, b: LineBox) -> bool:
    """Whether b, below a, is the next line of the same MRZ: parallel, as long, a line
    spacing away and not shifted along the line."""
    th = max(a.thickness, b.thickness)
    # the perpendicular distance, and where b's centre projects along a
    rad = np.deg2rad(a.angle)
    ux, uy = np.cos(rad), np.sin(rad)
    along = (b.cx - a.cx) * ux + (b.cy - a.cy) * uy
    perp = abs(-(b.cx - a.cx) * uy + (b.cy - a.cy) * ux)
    return (
        1.1 * min(a.thickness, b.thickness) <= perp <= 3.5 * th
        and abs(a.angle - b.angle) <= 4
        and abs(a.length - b.length) <= 0.2 * max(a.length, b.length)
        and max(a.thickness, b.thickness) <= 1.6 * min(a.thickness, b.thickness)
        and abs(along) <= 0.15 * a.length
    )


def _chain(horiz: list[LineBox], i: int) -> list[LineBox]:
    """Up to three lines starting at horiz[i], each the next line of the one before."""
    chain = [horiz[i]]
    for b in horiz[i + 1 :]:
        a = chain[-1]
        if len(chain) == 3 or b.cy - a.cy > 4 * max(a.thickness, b.thickness):
            break
        if _next_line(a, b):
            chain.append(b)
    return chain


def parallel_groups(boxes: list[LineBox]) -> list[list[LineBox]]:
    """Two or three parallel, equally long, evenly spaced lines, best first."""
    horiz = sorted((b for b in boxes if abs(b.angle) <= MAX_TILT), key=lambda b: b.cy)
    found: list[tuple[float, list[LineBox]]] = []
    for i in range(len(horiz)):
        chain = _chain(horiz, i)
        if len(chain) >= 2:
            for size in (3, 2) if len(chain) == 3 else (2,):
                sub = chain[:size]
                ratio = np.median([x.ratio for x in sub])
                found.append((sum(x.length for x in sub) * (1.2 if 14 <= ratio <= 60 else 0.5), sub))
    found.sort(key=lambda t: -t[0])
    out: list[list[LineBox]] = []
    for _, g in found:
        if not any(all(any(x is y for y in o) for x in g) for o in out):
            out.append(g)
    return out


def group_score(group: list[LineBox]) -> float:
    ratio = float(np.median([x.ratio for x in group]))
    spread = np.ptp([x.length for x in group]) / max(x.length for x in group)
    return sum(x.length for x in group) * (1.2 if 14 <= ratio <= 60 else 0.5) * (1 - spread)


def locate(gray_small: np.ndarray, closings: tuple[float, ...] = CLOSINGS) -> list[list[LineBox]]:
    """Candidate MRZs of a grey page (scaled to WORK_SIDE), best first."""
    h, w = gray_small.shape
    scored = []
    for frac in closings:
        for g in parallel_groups(line_boxes(gray_small, max(7, int(frac * max(h, w))))):
            key = tuple(sorted((round(b.cy / 4), round(b.length / 8)) for b in g))
            if any(k == key for k, _ in scored):
                continue
            scored.append((key, g))
    groups = [g for _, g in scored]
    groups.sort(key=group_score, reverse=True)
    return groups


def _same_line(a: LineBox, b: LineBox) -> bool:
    """Whether two blobs (from two closings, or two groups) are one line of print; not a
    line and a blob it merged into with print beside it, which would chain two blocks."""
    return (
        abs(a.cy - b.cy) < 0.6 * min(a.thickness, b.thickness)
        and abs(a.cx - b.cx) < 0.3 * max(a.length, b.length)
        and abs(a.length - b.length) <= 0.15 * max(a.length, b.length)
        and abs(a.angle - b.angle) <= 3
    )


def blocks(groups: list[list[LineBox]]) -> list[int]:
    """Per group, the block of print it belongs to: groups that share a line are one block,
    and so, in turn, are the groups those share a line with (a paragraph of ten lines makes
    eight groups of three, all one block)."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, g in enumerate(groups):
        for j in range(i):
            if any(_same_line(a, b) for a in g for b in groups[j]):
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(groups))]


def diverse(groups: list[list[LineBox]], limit: int, per_block: int) -> list[list[LineBox]]:
    """The first ``limit`` groups (best first, as ``locate`` orders them), at most
    ``per_block`` from one block of print while other blocks have groups left: a page of
    print beside a passport makes a dozen groups of its own lines, which would otherwise
    push the MRZ out of the few that are looked at. When there are fewer blocks, the
    groups passed over fill the rest, in their order."""
    if len(groups) <= limit:
        return list(groups)
    block = blocks(groups)
    taken: dict[int, int] = {}
    first, rest = [], []
    for g, b in zip(groups, block, strict=True):
        if taken.get(b, 0) < per_block:
            taken[b] = taken.get(b, 0) + 1
            first.append(g)
        else:
            rest.append(g)
    return (first + rest)[:limit]
