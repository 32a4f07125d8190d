"""Reference glyphs of OCR-B, drawn into a page's cells: stand-ins for look-alikes it lacks.

ICAO Doc 9303 prints every MRZ in OCR-B. A page settles a look-alike (0/O, 6/G ...) by
its own glyphs when it shows both characters of the pair in fields of one class; when it
shows neither, or only one, the cell is compared with OCR-B's own drawing of both,
fitted to the page: the height and place of the capitals in the cell (from the rows the
page's ink fills), and the blur chosen so that the drawn glyphs of characters the page does show match the
page's glyphs best. Both characters of a pair are drawn with the same fit, so
neither is favoured; a page whose glyphs the drawing does not match well (another cut
of OCR-B, a worn print) gets no stand-ins at all.

The drawings (``ocrb_glyphs.npz``, built by ``build`` from Debian's fonts-ocr-b, whose
OCR-B outlines are free to use, modify and distribute) ship with the package: nothing
is read from the system at run time.
"""

from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np

DATA = Path(__file__).with_name("ocrb_glyphs.npz")
CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
FONT_SIZE = 100  # drawn this size: a cell about 73 pixels wide, three times a page cell
BLURS = (0.6, 1.0, 1.5, 2.1)  # Gaussian sigma in pixels of a page cell
PRE_BLUR = 1.0  # sigma in pixels of the drawing


@functools.cache
def drawings() -> tuple[dict[str, np.ndarray], int, int]:
    """Per character, the drawing (ink 1.0); the drawings' cap top and baseline rows."""
    with np.load(DATA) as data:
        masks = data["masks"].astype(np.float32) / 255.0
        cap_top, baseline = (int(x) for x in data["caps"])
    # smoothed once against aliasing: they are drawn about three times smaller
    out = {ch: cv2.GaussianBlur(m, (0, 0), PRE_BLUR) for ch, m in zip(CHARS, masks, strict=True)}
    return out, cap_top, baseline


def build(font_path: str) -> tuple[np.ndarray, np.ndarray]:
    """Draw CHARS with the OCR-B font at ``font_path``: (masks uint8, [cap top, baseline])."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, FONT_SIZE)
    advance = int(round(font.getlength("H")))
    ascent, descent = font.getmetrics()
    masks = []
    for ch in CHARS:
        img = Image.new("L", (advance, ascent + descent), 0)
        ImageDraw.Draw(img).text((0, 0), ch, font=font, fill=255)
        masks.append(np.asarray(img, np.uint8))
    _, top, _, bottom = font.getbbox("H")
    return np.stack(masks), np.array([top, bottom], np.int32)


Fit = tuple[float, float, float]  # cap top row, cap height in rows, blur sigma (of a page cell)


def draw(ch: str, fit: Fit, size: tuple[int, int]) -> np.ndarray | None:
    """The character drawn into a page cell of ``size`` (width, height) as ``fit`` says,
    dark ink, zero mean, unit norm."""
    masks, cap_top, baseline = drawings()
    if ch not in masks:
        return None
    top, height, blur = fit
    m = masks[ch]
    w, h = size
    sy = height / (baseline - cap_top)
    sx = w / m.shape[1]
    # the drawing's row cap_top goes to ``top``
    affine = np.float32([[sx, 0, 0], [0, sy, top - cap_top * sy]])
    cell = cv2.warpAffine(m, affine, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    if blur > 0:
        cell = cv2.GaussianBlur(cell, (0, 0), blur)
    cell = -cell
    cell -= cell.mean()
    norm = float(np.linalg.norm(cell))
    return cell / norm if norm > 1e-3 else None


def caps_rows(crops: list[np.ndarray]) -> tuple[float, float] | None:
    """Cap top row and cap height of the lines' characters (the rows most cells have ink in)."""
    rows = []
    for crop in crops:
        _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        rows.append(ink.mean(axis=1))
    profile = np.median(np.stack(rows), axis=0)
    inked = np.nonzero(profile >= 0.35 * float(profile.max()))[0]
    if len(inked) < 4:
        return None
    return float(inked[0]), float(inked[-1] - inked[0] + 1)


def rolls(image: np.ndarray, shifts, axis: int) -> np.ndarray:
    """``np.roll(image, s, axis)`` for each s, stacked first, in one indexing."""
    n = image.shape[axis]
    idx = (np.arange(n)[None, :] - np.asarray(shifts)[:, None]) % n
    return image[idx] if axis == 0 else image[:, idx].transpose(1, 0, 2)


def best_match(cell_stack: np.ndarray, ref: np.ndarray, shifts_y=(-2, -1, 0, 1, 2)) -> float:
    """The best correlation of any of the cells (k, h, w) with the reference rolled by shifts_y."""
    refs = rolls(ref, [-dy for dy in shifts_y], 0)
    return float(np.einsum("khw,dhw->kd", cell_stack, refs).max())


def fit_page(
    templates: dict[str, np.ndarray], crops: list[np.ndarray], size: tuple[int, int]
) -> tuple[Fit, float] | None:
    """The drawings fitted to the page: the capitals where the page's ink fills its rows,
    the blur that matches the page's glyph templates (one image each, unshifted) best.
    Returns the fit and how well it matches them: the median of their correlations (a
    glyph of the page cut a little off its cell must not condemn the page)."""
    caps = caps_rows(crops)
    if caps is None or not templates:
        return None
    top, height = caps
    # rolled a pixel or two either way: the template is as well placed as the grid was
    stacks = {ch: rolls(t, (-2, -1, 0, 1, 2), 1) for ch, t in templates.items()}
    best, best_scores = None, [-1.0]
    for blur in BLURS:
        fit = (top, height, blur)
        scores = []
        for ch, stack in stacks.items():
            ref = draw(ch, fit, size)
            scores.append(-1.0 if ref is None else best_match(stack, ref))
        if best is None or sum(scores) > sum(best_scores):
            best, best_scores = fit, scores
    return best, float(np.median(best_scores))
