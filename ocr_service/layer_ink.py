"""Print a text-layer page shows and its layer does not hold: a total drawn as lines and curves
beside its label (the layer's own figure hidden), which no line of the layer can be checked
against (``layer_check``)."""

from __future__ import annotations

import cv2
import numpy as np

from .engines import Line
from .pdftext import rows

# print beside a text-layer row: pixels darker than INK_GREY in at least MIN_INK_SHARE of the
# row's height (a rule or a border crossing the row is thinner)
INK_GREY = 128
MIN_INK_SHARE = 0.12
MIN_INK_COLUMNS = 0.4


def unexplained_ink(image: np.ndarray, lines: list[Line], pictures) -> bool:
    """Whether a row of a text-layer page shows print its layer does not hold: beside the row's
    pieces, where no line's box and no picture is, ink as dense as a glyph's over a character's
    width (a total drawn as lines and curves next to its label, the layer's own figure hidden).
    A rule or a border crossing the row is too thin to count."""
    if not lines:
        return False
    free = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) < INK_GREY
    height, width = free.shape
    for line in lines:
        char = (line.x1 - line.x0) / max(1, len(line.text))
        top, bottom = max(0, int(line.y0) - 1), min(height, int(line.y1) + 2)
        free[top:bottom, max(0, int(line.x0 - char / 2)) : min(width, int(line.x1 + char / 2) + 1)] = False
    for x0, y0, x1, y1 in pictures:
        free[max(0, int(y0)) : min(height, int(y1) + 1), max(0, int(x0)) : min(width, int(x1) + 1)] = False
    for row in rows(lines):
        top, bottom = (
            max(0, int(min(line.y0 for line in row))),
            min(height, int(max(line.y1 for line in row)) + 1),
        )
        char = sum(line.x1 - line.x0 for line in row) / max(1, sum(len(line.text) for line in row))
        if bottom - top >= 2 and _print_wide(free[top:bottom].mean(axis=0) >= MIN_INK_SHARE, max(1.0, char)):
            return True
    return False


def _print_wide(columns: np.ndarray, char: float) -> bool:
    """Whether some stretch a character wide has ink in at least MIN_INK_COLUMNS of its columns
    (a glyph's strokes, not a border's line)."""
    window = max(2, round(char))
    if columns.size < window or not columns.any():
        return False
    density = np.convolve(columns.astype(np.float32), np.full(window, 1.0 / window, np.float32), "valid")
    return float(density.max()) >= MIN_INK_COLUMNS
