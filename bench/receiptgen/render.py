"""Print a layout the way a thermal receipt printer does: 203 dpi dots, no grey, fixed cells.

58 mm paper prints 384 dots across, 80 mm paper 576. The printer's font A is a 12 x 24 dot
cell (32 or 48 characters a line), font B 9 x 17 (42 or 64). Text is drawn without
anti-aliasing, so every pixel is a dot; double width and height are the dots scaled up, as
ESC ! prints them. Logos are bitmaps: bold or inverted type, a script face, a dithered
(half-toned) name, or an emblem with the shop's initials and no name at all.

Fonts come from Debian packages (see ``FONT_PACKAGES``); a face that is not installed is
replaced by DejaVu (fonts-dejavu-core), and the face used is recorded in the ground truth.
"""

from __future__ import annotations

import random
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .layout import Cell, PrintLine, Printout

FONT_DIRS = ("/usr/share/fonts",)
DPI = 203
PAPER = {58: (384, 464), 80: (576, 640)}  # paper width in mm -> (printable dots, paper dots)
CELLS = {"A": (12, 24), "B": (9, 17)}

MONO = (
    ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
    ("FreeMono.ttf", "FreeMonoBold.ttf"),
    ("NotoSansMono-Regular.ttf", "NotoSansMono-Bold.ttf"),
    ("Inconsolata.otf", None),
)
SANS = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
)
LOGO_FACES = (
    "DejaVuSerif-Bold.ttf",
    "LiberationSerif-BoldItalic.ttf",
    "FreeSerifBoldItalic.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "FreeSansBold.ttf",
    "DejaVuSans-Bold.ttf",
    "LiberationSerif-Bold.ttf",
)
FONT_PACKAGES = (
    "fonts-dejavu-core",
    "fonts-liberation",
    "fonts-freefont-ttf",
    "fonts-noto-mono",
    "fonts-inconsolata",
)
FALLBACK = {"mono": "DejaVuSansMono.ttf", "mono_bold": "DejaVuSansMono-Bold.ttf", "sans": "DejaVuSans.ttf",
            "bold": "DejaVuSans-Bold.ttf"}  # fmt: skip


@cache
def font_path(name: str | None) -> str | None:
    if not name:
        return None
    for folder in FONT_DIRS:
        base = Path(folder)
        if base.is_dir():
            for path in sorted(base.rglob(name)):
                return str(path)
    return None


def _face(name: str | None, fallback: str) -> str:
    path = font_path(name) or font_path(fallback)
    if path is None:
        raise RuntimeError(
            f"no font {name} nor {fallback}: install the Debian packages {', '.join(FONT_PACKAGES)}"
        )
    return path


@lru_cache(maxsize=256)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


class _Type:
    """One receipt's body face at its dot size."""

    def __init__(self, rng: random.Random, cell: str, mono: bool):
        self.cell_w, self.cell_h = CELLS[cell]
        if mono:
            regular, bold = rng.choice(MONO)
            self.regular = _face(regular, FALLBACK["mono"])
            self.bold = _face(bold, FALLBACK["mono_bold"]) if bold else None
        else:
            regular, bold = rng.choice(SANS)
            self.regular = _face(regular, FALLBACK["sans"])
            self.bold = _face(bold, FALLBACK["bold"])
        self.mono = mono
        # size the face so that a digit is one cell wide (monospace) or the cell tall (proportional)
        probe = _font(self.regular, 100)
        if mono:
            size = int(round(100 * self.cell_w / probe.getlength("0")))
        else:
            size = int(round(self.cell_h * 0.92))
        asc, desc = _font(self.regular, size).getmetrics()
        while asc + desc > self.cell_h + 3 and size > 8:
            size -= 1
            asc, desc = _font(self.regular, size).getmetrics()
        self.size = size
        self.name = Path(self.regular).name

    def font(self, bold: bool) -> ImageFont.FreeTypeFont:
        return _font(self.bold if bold and self.bold else self.regular, self.size)


def _fit(text: str, font, room: float) -> str:
    """The text shortened from the right until it fits ``room`` dots (tills cut long names)."""
    while text and font.getlength(text) > room:
        text = text[:-1]
    return text.rstrip()


def _draw_cells(
    width: int, height: int, cells: list[Cell], font, fake_bold: bool
) -> tuple[Image.Image, list[str]]:
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    draw.fontmode = "1"  # no anti-aliasing: dots are on or off
    gap = font.getlength("0")
    spans: list[tuple[float, float]] = []
    placed: dict[int, tuple[float, str]] = {}
    # values first: they keep their full text; labels are cut to the room left
    order = sorted(range(len(cells)), key=lambda i: not cells[i].keep)
    for i in order:
        cell = cells[i]
        text = cell.text
        w = font.getlength(text)
        anchor = cell.x * width
        if cell.align == "r":
            x0 = anchor - w
        elif cell.align == "c":
            x0 = anchor - w / 2
        else:
            x0 = anchor
        x0 = max(0.0, min(x0, width - w)) if w <= width else 0.0
        if not cell.keep:
            # room between the neighbours already placed (left of this cell's anchor, or right)
            left_limit = max([e + gap for s, e in spans if s < anchor] + [0.0])
            right_limit = min([s - gap for s, e in spans if s >= anchor] + [float(width)])
            x0 = max(x0, left_limit)
            room = right_limit - x0
            if room <= gap:
                continue
            text = _fit(text, font, room)
            w = font.getlength(text)
            if cell.align == "r":
                x0 = min(anchor, right_limit) - w
        if not text:
            continue
        spans.append((x0, x0 + w))
        placed[i] = (x0, text)
    texts = []
    asc, _ = font.getmetrics()
    y = max(0, (height - (asc + font.getmetrics()[1])) // 2)
    for i in range(len(cells)):
        if i not in placed:
            continue
        x0, text = placed[i]
        draw.text((x0, y), text, font=font, fill=0)
        if fake_bold:
            draw.text((x0 + 1, y), text, font=font, fill=0)
        texts.append(text)
    return img, texts


def _bayer(n: int = 4) -> np.ndarray:
    m = np.array([[0, 2], [3, 1]])
    while m.shape[0] < n:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return (m + 0.5) / m.size


def _logo(line: PrintLine, width: int, rng: random.Random, body: _Type) -> tuple[Image.Image, dict]:
    """A logo bitmap; returns it and what it shows."""
    name = line.cells[0].text
    style = line.logo["style"]
    face = _face(rng.choice(LOGO_FACES), FALLBACK["bold"])
    max_h = rng.randint(40, 88)
    size = max_h
    font = _font(face, size)
    while font.getlength(name) > width * 0.92 and size > 14:
        size -= 2
        font = _font(face, size)
    asc, desc = font.getmetrics()
    text_w = int(font.getlength(name))
    h = asc + desc + 12
    meta = {"style": style, "face": Path(face).name, "size": size, "text": name}
    if style == "text":
        img = Image.new("L", (width, h), 255)
        d = ImageDraw.Draw(img)
        d.fontmode = "1"
        d.text(((width - text_w) / 2, 6), name, font=font, fill=0)
        return img, meta
    if style == "inverted":
        img = Image.new("L", (width, h + 8), 255)
        d = ImageDraw.Draw(img)
        d.fontmode = "1"
        pad = 10
        x0 = max(0, (width - text_w) // 2 - pad)
        d.rounded_rectangle([x0, 0, min(width - 1, x0 + text_w + 2 * pad), h + 6], radius=8, fill=0)
        d.text(((width - text_w) / 2, 8), name, font=font, fill=255)
        return img, meta
    if style == "script":
        img = Image.new("L", (width, h), 255)
        d = ImageDraw.Draw(img)
        d.fontmode = "1"
        d.text(((width - text_w) / 2, 6), name, font=font, fill=0)
        shear = rng.uniform(0.12, 0.3)
        img = img.transform(img.size, Image.AFFINE, (1, shear, -shear * h / 2, 0, 1, 0), fillcolor=255)
        if rng.random() < 0.5:
            d = ImageDraw.Draw(img)
            y = h - 4
            d.line([((width - text_w) / 2, y), ((width + text_w) / 2, y)], fill=0, width=2)
        return img, meta
    if style == "halftone":
        # a grey name, printed as a dithered bitmap the way logos are stored in the printer
        img = Image.new("L", (width, h), 255)
        d = ImageDraw.Draw(img)
        d.text(((width - text_w) / 2, 6), name, font=font, fill=0)
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 2.0)))
        grey = np.asarray(img, np.float32) / 255.0
        level = rng.uniform(0.35, 0.6)
        grey = 1.0 - (1.0 - grey) * (1.0 - level)
        tile = _bayer(4)
        ty, tx = grey.shape
        thresh = np.tile(tile, (ty // 4 + 1, tx // 4 + 1))[:ty, :tx]
        dots = np.where(grey > thresh, 255, 0).astype(np.uint8)
        meta["text"] = name
        return Image.fromarray(dots, "L"), meta
    # emblem: a shape with the initials, no name
    initials = (
        "".join(w[0] for w in name.replace("'", " ").split() if w[:1].isalpha())[:3].upper() or name[:2]
    )
    side = rng.randint(56, 96)
    img = Image.new("L", (width, side + 8), 255)
    d = ImageDraw.Draw(img)
    d.fontmode = "1"
    cx = width // 2 + rng.choice([0, 0, -width // 4, width // 4])
    box = [cx - side // 2, 2, cx + side // 2, side + 2]
    shape = rng.choice(["ellipse", "rect", "diamond"])
    if shape == "ellipse":
        d.ellipse(box, fill=0)
    elif shape == "rect":
        d.rounded_rectangle(box, radius=side // 6, fill=0)
    else:
        d.polygon(
            [(cx, 2), (cx + side // 2, side // 2 + 2), (cx, side + 2), (cx - side // 2, side // 2 + 2)],
            fill=0,
        )
    ifont = _font(face, max(12, side // (2 + len(initials) // 2)))
    iw = ifont.getlength(initials)
    ia, idd = ifont.getmetrics()
    d.text((cx - iw / 2, 2 + side / 2 - (ia + idd) / 2), initials, font=ifont, fill=255)
    meta["text"] = ""
    meta["initials"] = initials
    return img, meta


def _barcode(width: int, digits: str, rng: random.Random, body: _Type) -> Image.Image:
    h = rng.randint(40, 70)
    img = Image.new("L", (width, h + body.cell_h + 4), 255)
    d = ImageDraw.Draw(img)
    d.fontmode = "1"
    bar_rng = random.Random(digits)
    x = width // 6
    while x < width * 5 // 6:
        w = bar_rng.choice([1, 2, 2, 3, 4])
        if bar_rng.random() < 0.55:
            d.rectangle([x, 0, x + w - 1, h], fill=0)
        x += w
    font = body.font(False)
    d.text(((width - font.getlength(digits)) / 2, h + 2), digits, font=font, fill=0)
    return img


def render_printout(printout: Printout, seed: int) -> tuple[np.ndarray, list[dict], dict]:
    """Print the layout: the ink (1 = dot burnt, at 203 dpi), the printed lines, the choices."""
    rng = random.Random(f"receipt-render-{seed}")
    paper_mm = rng.choices([58, 80], [35, 65])[0]
    width, paper_dots = PAPER[paper_mm]
    cell = rng.choices(["A", "B"], [65, 35] if paper_mm == 80 else [85, 15])[0]
    mono = rng.random() < 0.75
    body = _Type(rng, cell, mono)
    spacing = rng.randint(2, 8)
    line_h = body.cell_h + spacing
    rows: list[Image.Image] = []
    printed: list[dict] = []
    y = 0
    logo_meta: dict = {}
    for line in printout.lines:
        if line.kind == "gap":
            img = Image.new("L", (width, rng.randint(line_h // 2, line_h)), 255)
        elif line.kind == "logo":
            img, logo_meta = _logo(line, width, rng, body)
            printed.append({"text": logo_meta.get("text", ""), "role": "logo", "y": y, "h": img.height})
        elif line.kind == "barcode":
            img = _barcode(width, line.logo["digits"], rng, body)
        elif line.kind == "rule":
            font = body.font(False)
            char = line.cells[0].text
            n = max(1, int(width // max(1.0, font.getlength(char))))
            img, texts = _draw_cells(width, line_h, [Cell((char * n)[:n], 0.0, "l")], font, False)
        else:
            sw, sh = line.size
            bold = line.bold
            font = body.font(bold)
            fake_bold = bold and body.bold is None
            base_w = width // sw
            img, texts = _draw_cells(base_w, line_h, line.cells, font, fake_bold)
            if (sw, sh) != (1, 1):
                img = img.resize((base_w * sw, line_h * sh), Image.NEAREST)
                if img.width < width:
                    pad = Image.new("L", (width, img.height), 255)
                    pad.paste(img, (0, 0))
                    img = pad
            printed.append(
                {"text": "  ".join(texts), "role": line.role, "y": y, "h": img.height, "cells": texts}
            )
        rows.append(img)
        y += img.height
    top, bottom = rng.randint(16, 60), rng.randint(60, 180)
    height = top + y + bottom
    sheet = Image.new("L", (width, height), 255)
    yy = top
    for img in rows:
        sheet.paste(img, (0, yy))
        yy += img.height
    for p in printed:
        p["y"] += top
    ink = 1.0 - np.asarray(sheet, np.float32) / 255.0
    meta = {
        "paper_mm": paper_mm,
        "printable_dots": width,
        "paper_dots": paper_dots,
        "font": body.name,
        "font_size": body.size,
        "cell": cell,
        "monospace": mono,
        "line_dots": line_h,
        "logo": logo_meta,
    }
    return ink, printed, meta
