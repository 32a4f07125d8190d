"""The MRZ band of a photographed page, its perspective undone.

A phone sees the page at an angle: the MRZ lines converge and the character pitch grows
along a line, so a grid of one pitch drifts by a cell over 44 characters. But the lines
of an MRZ are printed as a rectangle: equally long, left-aligned, evenly spaced. The
ends of the first and the last line are its four corners; the homography that takes
them back to a rectangle straightens the band, and the lines are then cut from it as
from a flat scan.
"""

from __future__ import annotations

import cv2
import numpy as np

from .locate import LineBox, line_boxes

# margin kept around the band, in line thicknesses
BAND_MARGIN = 2.5
# below these the lines are a parallelogram already: nothing to undo
MIN_LENGTH_RATIO = 0.006  # relative difference of the first and last line's lengths
MIN_CONVERGENCE = 0.2  # degrees between the first and last line
MIN_SHEAR = 0.006  # the last line shifted along the first, relative to the length
BLOB_THICKNESS = 1.2  # a level line's blob thickness over its mean thickness
MAX_LEVEL_ANGLE = 5.0  # degrees: lines turned more are straightened too
# a line found again in the band this much longer than the band is merged with print
MAX_FOUND = 1.04


def _dist(a, b) -> float:
    return float(np.hypot(a[0] - b[0], a[1] - b[1]))


def corners(group: list[LineBox], scale: float) -> np.ndarray | None:
    """The band's corners in page pixels: first line's left and right end, last line's
    right and left end. None when the blobs did not measure their ends."""
    first, last = group[0], group[-1]
    if first.ends is None or last.ends is None:
        return None
    return np.float32([first.ends[0], first.ends[1], last.ends[1], last.ends[0]]) / scale


def skewed(quad: np.ndarray) -> bool:
    """Whether the band is far enough from a parallelogram for its perspective to matter."""
    tl, tr, br, bl = quad
    top, bottom = _dist(tl, tr), _dist(bl, br)
    if abs(top - bottom) / max(top, bottom) > MIN_LENGTH_RATIO:
        return True
    a = np.degrees(np.arctan2(tr[1] - tl[1], tr[0] - tl[0]))
    b = np.degrees(np.arctan2(br[1] - bl[1], br[0] - bl[0]))
    if abs(a - b) > MIN_CONVERGENCE:
        return True
    # where the last line starts, measured along the first
    u = (tr - tl) / max(1e-6, top)
    return abs(float((bl - tl) @ u)) / top > MIN_SHEAR


def needs_rectifying(group: list[LineBox], scale: float) -> bool:
    """Whether a located group is better read from its straightened band: it is seen in
    perspective, or turned so far that the closing thickened its blobs (the thickness
    sets the scale lines are cut at). Lines flat and nearly level are cut as they are."""
    quad = corners(group, scale)
    return quad is not None and (skewed(quad) or max(abs(b.angle) for b in group) > MAX_LEVEL_ANGLE)


def rectify(
    gray: np.ndarray, group: list[LineBox], scale: float
) -> tuple[np.ndarray, list[LineBox], float] | None:
    """The band straightened (grey, page resolution), its lines found again in it (on the
    band scaled as the page was for locating) and that scale; None when the group's corners
    are unknown or make no rectangle."""
    quad = corners(group, scale)
    if quad is None:
        return None
    tl, tr, br, bl = quad
    width = max(_dist(tl, tr), _dist(bl, br))
    height = (_dist(tl, bl) + _dist(tr, br)) / 2
    thickness = float(np.median([b.mean_thickness or b.thickness for b in group])) / scale
    if width < 10 * thickness or height < 0.8 * thickness or height > 4 * thickness * len(group):
        return None
    margin = BAND_MARGIN * thickness
    right, bottom = margin + width, margin + height
    dst = np.float32([[margin, margin], [right, margin], [right, bottom], [margin, bottom]])
    m = cv2.getPerspectiveTransform(quad, dst)
    size = (int(round(width + 2 * margin)), int(round(height + 2 * margin)))
    band = cv2.warpPerspective(gray, m, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    n = len(group)
    lines = _find_again(band, n, scale, margin, width, height, thickness)
    return band, lines, scale


def _find_again(band, n, scale, margin, width, height, thickness) -> list[LineBox]:
    """The n lines in the straightened band, measured as on a flat page: at the scale the
    page was located at, with a closing as wide as a few characters. A line found no
    longer as long as the band (or, merged with print beside it, much longer) is where
    the homography put it; a blob measured on a flat page is BLOB_THICKNESS times thicker
    than its mean (the closing fills the gaps above and below the glyphs)."""
    small = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else band
    th = thickness * scale
    wide = width * scale
    found = line_boxes(small, max(7, int(round(2.5 * th))))
    boxes = [b for b in found if 0.85 * wide <= b.length <= MAX_FOUND * wide]
    out = []
    for k in range(n):
        y = (margin + k * height / (n - 1)) * scale
        near = [b for b in boxes if abs(b.cy - y) < 0.6 * th and abs(b.angle) < 2]
        if near:
            out.append(min(near, key=lambda b: abs(b.length - wide)))
        else:
            out.append(LineBox((margin + width / 2) * scale, y, wide, BLOB_THICKNESS * th, 0.0))
    return out
