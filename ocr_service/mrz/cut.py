"""Step 2, cut: each line of a located MRZ cut out straight, with the grid of its character cells.

Each line is cut along its own rotated rectangle (so skew does not matter) at a fixed
height; OCR-B is monospaced, so the character pitch comes from the autocorrelation of
the ink profile, and the grid of cells is fitted to the gaps between glyphs (``fit_grid``).
In a photo the pitch may still grow along the line (perspective the straightened band
kept); the crop is then resampled along the line so every cell is equally wide
(``unbend``), and what follows sees an even grid. The recogniser then reads the line in
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
# ... and the pitch may grow or shrink along the line, up to this fraction at either end
# (a band straightened from two or three close lines keeps some perspective along them:
# on tuning photos the pitch grew by up to a tenth from one end to the other), in
# 2 * GRID_BEND_STEPS + 1 steps
GRID_BEND = 0.08
GRID_BEND_STEPS = 4
# a line this many cells longer than the shortest of its group is merged with print beside it
MERGED_OVER = 0.8


@dataclass
class CutLines:
    """The lines of one MRZ cut out straight: grey crops CUT_HEIGHT tall, and per line the
    cell grid (x of the first cell, pitch) and the ink profile."""

    crops: list[np.ndarray]
    grids: list[tuple[float, float]]
    profiles: list[np.ndarray]
    length: int  # characters per line
    # a line was longer than the others by more than a cell (merged with print beside it)
    merged: bool = False


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
    n, crops, grids, profiles, merged = plan
    return CutLines(crops, grids, profiles, n, merged)


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
    # parabolic refinement of a peak (within half a lag of it); at the window's edge the
    # best lag may lie on a slope, where the parabola's top can be anywhere, even below 0
    if 1 <= best_lag < n - 1:
        y0, y1, y2 = total[best_lag - 1], total[best_lag], total[best_lag + 1]
        d = y0 - 2 * y1 + y2
        if d < 0 and y1 >= max(y0, y2):
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
    # the lines of an MRZ are equally long; print beside one (a desk's, merged with it by
    # the closing) only lengthens it, so the lines within a cell of the shortest say how
    # long they are
    spans = [e[1] - e[0] for e in extents]
    clean = [x <= min(spans) + MERGED_OVER * pitch for x in spans]
    span = float(np.median([x for x, ok in zip(spans, clean, strict=True) if ok]))
    est = span / pitch + 0.4
    options = (30,) if n_lines == 3 else (36, 44)
    n = min(options, key=lambda o: abs(o - est))
    if abs(n - est) > 0.2 * n:
        return None
    grids, straight = [], []
    for (x_first, x_last), crop, ok in zip(extents, crops, clean, strict=True):
        ink = column_ink(crop)
        # a glyph fills about 60% of its cell, centred
        p = (x_last - x_first) / (n - 0.4)
        if not ok:
            # merged with print: the pitch of the clean lines, and the n cells where the
            # extents leave room for them that look most like an MRZ
            p = span / (n - 0.4)
            x_first = _window(ink, x_first - 0.2 * p, x_last - (n - 0.2) * p, p, n) + 0.2 * p
        elif not 0.8 * pitch <= p <= 1.2 * pitch:
            p = pitch
            x_first = (x_first + x_last) / 2 - p * (n - 0.4) / 2
        x0, p, bend = fit_grid(ink, x_first - 0.2 * p, p, n)
        grids.append((x0, p))
        straight.append(unbend(crop, x0, p, bend, n))
    profiles = [ink_profile(c) for c in straight]
    return n, straight, grids, profiles, not all(clean)


def _window(ink: np.ndarray, lo: float, hi: float, p: float, n: int) -> float:
    """Where, within half a cell of ``lo`` to ``hi``, a grid of n cells of pitch p starts
    that looks most like an MRZ line: a glyph in the most cells, then the least ink on its
    boundaries (``likeness``'s measures), in eighths of a cell. The print merged with the
    line leaves an empty cell between itself and the MRZ, and puts ink on the boundaries
    of a grid that reaches into it."""
    smooth = np.convolve(ink, np.ones(3, np.float32) / 3, mode="same").astype(np.float32)
    w = len(smooth)
    sums = np.concatenate([[0.0], np.cumsum(smooth, dtype=np.float64)])
    starts = np.arange(lo - 0.5 * p, max(lo, hi) + 0.5 * p + 1e-6, p / 8)
    k = np.arange(n + 1)
    xs = starts[:, None] + p * k[None, :]
    bounds = np.interp(xs, np.arange(w), smooth, left=0.0, right=0.0)
    a = np.clip(np.round(xs[:, :-1] + 0.25 * p).astype(int), 0, w)
    b = np.clip(np.round(xs[:, :-1] + 0.75 * p).astype(int), 0, w)
    mids = (sums[b] - sums[a]) / np.maximum(1, b - a)
    typical = np.maximum(np.median(mids, axis=1, keepdims=True), 1e-6)
    filled = (mids > 0.25 * typical).sum(axis=1)
    ratio = bounds.mean(axis=1) / np.maximum(1e-6, mids.mean(axis=1))
    best = min(range(len(starts)), key=lambda i: (-int(filled[i]), float(ratio[i])))
    return float(starts[best])


def column_ink(crop: np.ndarray) -> np.ndarray:
    """Dark ink per column over the whole height of a line crop: between two glyphs there is
    none, while the middle of a round glyph (0, O, D) still has its top and bottom."""
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink.sum(axis=0).astype(np.float32)


def bent(x0: float, p: float, bend: float, n: int, k: np.ndarray) -> np.ndarray:
    """Where boundary k (0..n, or any cell coordinate) of a bent grid falls: the pitch is
    p * (1 - bend) at the first cell and p * (1 + bend) at the last, growing evenly."""
    return x0 + p * k + bend * p * k * (k - n) / n


def _grid_costs(smooth: np.ndarray, x0: float, p: float, n: int, u, v, b) -> np.ndarray:
    """Mean ink on the n + 1 boundaries of every grid (offset step u, pitch step v, bend
    step b; each -1..1 over its range), as an array u x v x b."""
    k = np.arange(n + 1, dtype=np.float32)
    offsets = np.float32(x0) + np.float32(p * GRID_SHIFT) * u
    pitches = np.float32(p) * (1 + np.float32(GRID_STRETCH) * v)
    bends = np.float32(GRID_BEND) * b
    xs = offsets[:, None, None, None] + pitches[None, :, None, None] * (
        k + bends[None, None, :, None] * k * (k - n) / n
    )
    # a boundary outside the crop is blank paper: the profile padded with blank columns
    # as far as any boundary reaches, read between its two nearest columns
    w = len(smooth)
    pad = int(np.ceil(max(0.0, -float(xs.min()), float(xs.max()) - (w - 1)))) + 2
    padded = np.concatenate([np.zeros(pad, np.float32), smooth, np.zeros(pad, np.float32)])
    xs += np.float32(pad)
    lo = xs.astype(np.intp)  # xs >= 0: truncation is the floor
    f = xs - lo
    return (padded[lo] * (1 - f) + padded[lo + 1] * f).mean(axis=-1)


def fit_grid(profile: np.ndarray, x0: float, p: float, n: int) -> tuple[float, float, float]:
    """The grid of n cells whose n + 1 boundaries fall on the least ink, near (x0, p): its
    first boundary, its mean pitch and how much the pitch grows along the line (``bent``).
    The extents alone set the grid by the first and last glyph, which are narrow or wide;
    every gap between two glyphs tells where a boundary is, so a grid fitted to all of them
    cannot gain or lose a cell in a run of fillers, nor drift by one where the perspective
    left in a photo widens the cells towards one end.

    Searched coarse to fine: a coarse step moves a boundary by at most about a fifth of a
    cell, less than the gap between two glyphs, so the coarse best lies in the right gaps."""
    smooth = np.convolve(profile, np.ones(3, np.float32) / 3, mode="same").astype(np.float32)
    weight = 1e-3 * float(smooth.max() or 1.0)

    def best(u, v, b) -> tuple[float, float, float]:
        cost = _grid_costs(smooth, x0, p, n, u, v, b)
        # between equally empty grids, the one nearest the extents', and unbent
        tie = np.abs(u)[:, None, None] + np.abs(v)[None, :, None] + 2 * np.abs(b)[None, None, :]
        i, j, m = np.unravel_index(int(np.argmin(cost + weight * tie)), cost.shape)
        return float(u[i]), float(v[j]), float(b[m])

    coarse = np.linspace(-1, 1, GRID_STEPS + 1, dtype=np.float32)
    coarse_bend = np.linspace(-1, 1, 2 * GRID_BEND_STEPS + 1, dtype=np.float32)
    u0, v0, b0 = best(coarse, coarse, coarse_bend)
    half = 1.0 / GRID_STEPS
    fine = np.linspace(-half, half, 5, dtype=np.float32)
    u, v, b = best(np.clip(u0 + fine, -1, 1), np.clip(v0 + fine, -1, 1), np.clip(b0 + fine[::2], -1, 1))
    return x0 + p * GRID_SHIFT * u, p * (1 + GRID_STRETCH * v), GRID_BEND * b


def unbend(crop: np.ndarray, x0: float, p: float, bend: float, n: int) -> np.ndarray:
    """The line crop resampled along the line so that a bent grid (``bent``) becomes the
    even grid (x0, p): every cell equally wide, as on a flat scan."""
    if bend == 0.0:
        return crop
    h, w = crop.shape[:2]
    t = (np.arange(w, dtype=np.float32) - x0) / p
    src = bent(x0, p, bend, n, t).astype(np.float32)
    map_x = np.repeat(src[None, :], h, axis=0)
    map_y = np.repeat(np.arange(h, dtype=np.float32)[:, None], w, axis=1)
    return cv2.remap(crop, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


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
                # a grid a little longer than its crop (a grid fitted a few per cent too
                # wide, on a photo) has cells off the crop: empty, not a reason for zero
                cells.append(0.0)
                continue
            mid = ink[a + (b - a) // 4 : b - (b - a) // 4]
            cells.append(float(mid.mean()))
            edges.append(float(ink[max(0, a - 1) : a + 2].mean()))
        cells_arr = np.asarray(cells)
        typical = float(np.median(cells_arr)) or 1.0
        filled = float(np.mean(cells_arr > 0.25 * typical))
        if not edges:
            return 0.0
        gaps = 1.0 - min(1.0, float(np.mean(edges)) / max(1e-6, float(cells_arr.mean())))
        scores.append(filled * gaps)
    return float(min(scores)) if scores else 0.0


def cell_inks(lines: CutLines) -> list[np.ndarray]:
    """Per line, the dark ink of each cell (whole height)."""
    out = []
    for crop, (x0, p) in zip(lines.crops, lines.grids, strict=True):
        ink = column_ink(crop)
        w = len(ink)
        cells = []
        for i in range(lines.length):
            a, b = max(0, int(round(x0 + i * p))), min(w, int(round(x0 + (i + 1) * p)))
            cells.append(float(ink[a:b].sum()) if b > a else 0.0)
        out.append(np.asarray(cells, np.float32))
    return out


def upside_down(lines: CutLines) -> float:
    """How far cut lines look upside down, in typical cells' ink: the first third of their
    cells lighter than the last. An MRZ ends its fields and its names line in fillers,
    and a '<' holds less ink than a letter or digit, so the right end of a line the right
    way up is the lighter one. Cheap, nothing is read; it only says which way to read first."""
    total = 0.0
    for cells in cell_inks(lines):
        k = max(1, len(cells) // 3)
        typical = float(np.median(cells)) or 1.0
        total += (float(cells[-k:].sum()) - float(cells[:k].sum())) / typical
    return total


# -- slant: a photo's perspective leaves the glyphs of a line leaning ---------------------------

# horizontal shift per row, as a fraction of the row's distance from the crop's middle
SLANTS = (-0.3, -0.25, -0.2, -0.15, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
# a slant is undone when it leaves this much more of the columns without ink than none
# does (on tuning photos whose glyphs lean by 0.1 to 0.2: 6 to 25 % more)
UPRIGHT_GAIN = 1.05


def slanted(crop: np.ndarray, s: float) -> np.ndarray:
    """The crop with each row moved by s times its distance from the middle row."""
    h, w = crop.shape[:2]
    m = np.float32([[1, s, -s * h / 2], [0, 1, 0]])
    return cv2.warpAffine(crop, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _blank_columns(crop: np.ndarray) -> float:
    ink = column_ink(crop)
    return float((ink <= 0.02 * ink.max()).mean()) if ink.max() > 0 else 0.0


def upright(lines: CutLines) -> CutLines:
    """The lines with the lean of their glyphs undone, for comparing glyphs (a leaning cell
    matches an upright drawing, or a print leaning otherwise, worse than it should): the
    slant that leaves the most columns between glyphs blank, when it clearly does. Every
    line is moved about its middle row, so the grid stays where it was."""
    blank = [sum(_blank_columns(slanted(c, s)) for c in lines.crops) for s in SLANTS]
    best = int(np.argmax(blank))
    if SLANTS[best] == 0.0 or blank[best] < UPRIGHT_GAIN * blank[SLANTS.index(0.0)]:
        return lines
    crops = [slanted(c, SLANTS[best]) for c in lines.crops]
    return CutLines(crops, lines.grids, lines.profiles, lines.length, lines.merged)
