"""Till receipts drawn with Pillow and DejaVu fonts, for end-to-end tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts")


@lru_cache
def _font_file(name: str) -> str | None:
    for folder in _FONT_DIRS:
        base = Path(folder)
        if base.is_dir():
            for path in base.rglob(name):
                return str(path)
    return None


def _font(size: int, bold: bool = False):
    path = _font_file("DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf") or _font_file(
        "DejaVuSans.ttf"
    )
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def render_receipt(rows: list, width: int = 560, size: int = 20, angle: float = 0.0) -> np.ndarray:
    """Draw rows (a centred heading string, a (left, right) pair, a list of (text, x) columns,
    or "" for a gap) and return a
    BGR array. ``angle`` tilts the paper by a few degrees, as a hand-held photo does."""
    step = int(size * 1.6)
    height = 40 + step * len(rows)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    y = 20
    for row in rows:
        if isinstance(row, tuple):
            left, right = row
            font = _font(size, bold=left.upper().startswith("TOTAL"))
            draw.text((24, y), left, fill="black", font=font)
            w = draw.textlength(right, font=font)
            draw.text((width - 24 - w, y), right, fill="black", font=font)
        elif isinstance(row, list):  # columns: (text, x)
            font = _font(size)
            for text, x in row:
                draw.text((x, y), text, fill="black", font=font)
        elif row:
            bold = y == 20
            font = _font(int(size * 1.3) if bold else size, bold=bold)
            w = draw.textlength(row, font=font)
            draw.text(((width - w) / 2, y), row, fill="black", font=font)
        y += step
    if angle:
        img = img.rotate(angle, expand=True, fillcolor="white", resample=Image.BICUBIC)
    rgb = np.asarray(img)
    return np.ascontiguousarray(rgb[:, :, ::-1])
