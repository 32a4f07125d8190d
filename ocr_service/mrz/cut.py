"""Step 2, cut: each line of a located MRZ cut out straight, with the grid of its character cells.

Each line is cut along its own rotated rectangle (so skew does not matter) at a fixed
height; OCR-B is monospaced, so the character pitch comes from the autocorrelation of
the ink profile and fixes where every cell is. The recogniser then reads the line in
pieces of a few cells (``render_piece``); the glyph comparisons work on single cells
(``cell_image``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .locate import LineBox

REC_HEIGHT = 48  # the recogniser's input height
# the recogniser's time grows with the width it reads: at 22 pixels a cell it reads OCR-B as
# well as at 24 (20 lost readings), and a piece is only as wide as its cells
REC_PX_PER_CHAR = 22
CUT_HEIGHT = 48  # lines are cut straight at this height before being split into pieces
MARGIN = 0.6  # margin around a line blob, in line thicknesses
CHUNK_PAD = 20  # blank pixels either side of a piece (16 lost a line's first character)
# the cell grid is fitted within this much of what the line's extents say: offset in cells,
# pitch as a fraction, each in 2 * GRID_STEPS + 1 steps
GRID_SHIFT = 0.4
GRID_STRETCH = 0.03
GRID_STEPS = 12


@dataclass
class CutLines:
    """The lines of one MRZ cut out straight: grey crops CUT_HEIGHT tall, and per line the
    cell grid (x of the first cell, pitch) and the ink profile."""

    crops: list[np.ndarray]
    grids: list[tuple[float, float]]
    profiles: list[np.ndarray]
    length: int  # characters per line


def cut(gray: np.ndarray, group: list[LineBox], scale: float, turned: bool = False) -> CutLines | None:
    """Cut the lines of ``group`` (found on the page scaled by ``scale``) out of the grey page;
    ``turned`` reads them upside down. None when the crops make no sense as an MRZ."""
    thickness = float(np.median([b.thickness for b in group])) / scale
    crops = [cut_line(gray, b, scale, thickness) for b in group]
    if turned:
        crops = [cv2.rotate(c, cv2.ROTATE_180) for c in reversed(crops)]
    plan = _plan_group(crops, CUT_HEIGHT / 1.45, len(group))
    if plan is None:
        return None
    n, grids, profiles = plan
    return CutLines(crops, grids, profiles, n)


def cut_line(image: np.ndarray, box: LineBox, scale: float, thickness: float) -> np.ndarray:
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


def ink_profile(crop: np.ndarray) -> np.ndarray:
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


def _plan_group(crops: list[np.ndarray], thickness_px: float, n_lines: int):
    """Characters per line and the cell grid of each line, or None when the crops make no sense."""
    profiles = [ink_profile(c) for c in crops]
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
    for (x_first, x_last), crop in zip(extents, crops, strict=True):
        # a glyph fills about 60% of its cell, centred
        p = (x_last - x_first) / (n - 0.4)
        if not 0.8 * pitch <= p <= 1.2 * pitch:
            p = pitch
            x_first = (x_first + x_last) / 2 - p * (n - 0.4) / 2
        grids.append(fit_grid(column_ink(crop), x_first - 0.2 * p, p, n))
    return n, grids, profiles


def column_ink(crop: np.ndarray) -> np.ndarray:
    """Dark ink per column over the whole height of a line crop: between two glyphs there is
    none, while the middle of a round glyph (0, O, D) still has its top and bottom."""
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink.sum(axis=0).astype(np.float32)


def fit_grid(profile: np.ndarray, x0: float, p: float, n: int) -> tuple[float, float]:
    """The grid of n cells of one pitch whose n + 1 boundaries fall on the least ink, near
    (x0, p). The extents alone set the grid by the first and last glyph, which are narrow
    or wide; every gap between two glyphs tells where a boundary is, so a grid fitted to
    all of them cannot gain or lose a cell in a run of fillers."""
    smooth = np.convolve(profile, np.ones(3, np.float32) / 3, mode="same")
    w = len(smooth)
    k = np.arange(n + 1, dtype=np.float32)
    offsets = x0 + p * np.linspace(-GRID_SHIFT, GRID_SHIFT, 2 * GRID_STEPS + 1, dtype=np.float32)
    pitches = p * (1 + np.linspace(-GRID_STRETCH, GRID_STRETCH, 2 * GRID_STEPS + 1, dtype=np.float32))
    # boundaries of every (offset, pitch): offsets x pitches x boundaries
    xs = offsets[:, None, None] + pitches[None, :, None] * k[None, None, :]
    inside = (xs >= 0) & (xs <= w - 1)
    xi = np.clip(xs, 0, w - 1)
    lo = np.floor(xi).astype(np.intp)
    hi = np.minimum(lo + 1, w - 1)
    f = xi - lo
    ink = smooth[lo] * (1 - f) + smooth[hi] * f
    # a boundary outside the crop is blank paper
    ink = np.where(inside, ink, 0.0)
    cost = ink.mean(axis=-1)
    # between equally empty grids, the one nearest the extents'
    away = np.abs(np.linspace(-1, 1, 2 * GRID_STEPS + 1))
    cost = cost + 1e-3 * float(smooth.max() or 1.0) * (away[:, None] + away[None, :])
    i, j = np.unravel_index(int(np.argmin(cost)), cost.shape)
    return float(offsets[i]), float(pitches[j])


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


def chunk_sizes(n: int, chunk: int) -> list[int]:
    k = max(1, -(-n // chunk))
    base, extra = divmod(n, k)
    return [base + (1 if i < extra else 0) for i in range(k)]


def render_piece(crop, profile, grid, a: int, b: int, n: int) -> np.ndarray:
    """Cells [a, b) of a line as one recogniser input: REC_PX_PER_CHAR a cell and CHUNK_PAD of
    blank either side, so pieces of different lengths have different widths."""
    x0, p = grid
    sizes = [x for x in (a, b - a, n - b) if x > 0]
    cuts = _cut_points(profile, x0, p, sizes)
    i = 1 if a > 0 else 0
    a_i, b_i = cuts[i], cuts[i + 1]
    piece = crop[:, a_i:b_i] if b_i - a_i >= 4 else crop[:, :4]
    w = (b - a) * REC_PX_PER_CHAR
    piece = cv2.resize(piece, (w, REC_HEIGHT), interpolation=cv2.INTER_AREA)
    piece = cv2.copyMakeBorder(
        piece, 0, 0, CHUNK_PAD, CHUNK_PAD, cv2.BORDER_CONSTANT, value=int(np.median(piece))
    )
    return cv2.cvtColor(piece, cv2.COLOR_GRAY2BGR)


def cell_image(
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


def blank_cells(crop: np.ndarray, grid, cells: list[int]) -> np.ndarray:
    x0, p = grid
    out = crop.copy()
    bg = int(np.percentile(crop, 75))
    for i in cells:
        a, b = max(0, int(round(x0 + i * p))), min(crop.shape[1], int(round(x0 + (i + 1) * p)))
        out[:, a:b] = bg
    return out


def likeness(lines: CutLines) -> float:
    """0..1, cheap, before anything is read: how much cut lines look like an MRZ's. Every
    cell of an MRZ holds a glyph (fillers too) with blank paper between glyphs, where the
    lines of proportional print beside a passport leave cells empty between words and put
    ink on the grid's boundaries."""
    scores = []
    for crop, (x0, p) in zip(lines.crops, lines.grids, strict=True):
        ink = column_ink(crop)
        w = len(ink)
        cells = []
        edges = []
        for i in range(lines.length):
            a, b = max(0, int(round(x0 + i * p))), min(w, int(round(x0 + (i + 1) * p)))
            if b - a < 3:
                return 0.0
            mid = ink[a + (b - a) // 4 : b - (b - a) // 4]
            cells.append(float(mid.mean()))
            edges.append(float(ink[max(0, a - 1) : a + 2].mean()))
        cells_arr = np.asarray(cells)
        typical = float(np.median(cells_arr)) or 1.0
        filled = float(np.mean(cells_arr > 0.25 * typical))
        gaps = 1.0 - min(1.0, float(np.mean(edges)) / max(1e-6, float(cells_arr.mean())))
        scores.append(filled * gaps)
    return float(min(scores)) if scores else 0.0
