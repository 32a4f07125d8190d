"""A PDF page's own text: its characters and their positions, in place of OCR when they can be trusted.

A PDF written by a program (an e-mailed receipt, an invoice) carries its text: reading it is exact
and takes milliseconds where OCR takes a second. Its characters are grouped into lines with boxes
in the pixels of the page as the service renders it (``pdf_dpi``), confidence 1.0, so everything
downstream (receipt fields, the response's page lines) reads them as it reads OCR lines.

A page's text layer is used only when it says what the page shows; otherwise the page is rendered
and read by OCR as before:

- too few characters (a scan with a page number, an empty page), or a character or two a line
  (text that runs sideways);
- mostly invisible text (render mode 3, white or transparent, too small to see, off the
  page): the OCR layer another program laid over a scan. Its quality is unknown, and hidden
  text is also how a PDF says one thing and shows another;
- too many characters without a meaning (U+FFFD, private-use code points, controls, glyphs the
  font maps to no character): a font without a Unicode map, or garbage;
- text over or under a picture (what is seen may be the picture), or pictures covering much
  of the page where no text is: what they show is not in the text layer.

The few pictures a trusted page has beside its text (a logo that prints the shop's name) are
read by OCR, on their own: the page is rendered, but only they go to the engine. A single
forged line (a total under a white box, a font whose Unicode map lies) passes these tests:
``layer_check`` sees the receipt's figures on the rendered page before they are vouched for.

Every call into pdfium here runs where ``pdf_worker`` puts it (a child process, one call at a
time); the number of characters read is capped per page and per document before any of them is
read.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import numpy as np

from .deadline import checkpoint
from .engines import Line
from .errors import TooLarge

# A page is read from its text layer only with at least this many visible, meaningful characters.
MIN_CHARS = 20
# ... and at most this share of them without a meaning (replacement, private use, unmapped).
MAX_BAD_SHARE = 0.05
# ... and at most this share of them invisible (an OCR layer over a scan).
MAX_INVISIBLE_SHARE = 0.5
# ... and at most this share of the page under pictures with no text over or beside them.
MAX_BARE_IMAGE_SHARE = 0.25
# ... and on average at least this many characters a line.
MIN_CHARS_PER_LINE = 3
# ... and at most this many lines (a dense statement has hundreds; 4 KB may hold 16,000 pieces)
MAX_LINES = 1500
# Characters smaller than this in page pixels (1.5 pt at 200 dpi) cannot be read: left out as hidden.
MIN_GLYPH_PIXELS = 4
# Pictures on a text page read by OCR (a logo that holds the shop's name): the largest this many,
# of at least this size in page pixels.
MAX_PICTURES = 4
MIN_PICTURE_SIDES = (48, 16)
# Text filled this light (each channel of 255) is not seen on paper: hidden, as white is.
PAPER_GREY = 240
# A character this many times taller or shorter than the first of its piece starts a piece of
# its own (a full stop stretched twelve times would make its line's box take in other rows).
MAX_HEIGHT_RATIO = 2.0
# Objects walked to find the page's pictures (a page of more is read by OCR).
MAX_OBJECTS = 20_000
# Grid over the page to compare where pictures and text are.
GRID = 64

_WHITESPACE = {" ", "\t", "\u00a0", "\u2002", "\u2003", "\u2009", "\u3000"}
_BREAKS = {"\r", "\n", "\x02", "\x03", "\u2028", "\u2029"}


@dataclass
class TextLayer:
    """What one page's text layer holds, and whether it is read in place of OCR."""

    lines: list[Line]
    chars: int  # characters in the layer, all counted against the limits
    usable: bool
    reason: str  # "ok", or why the page goes to OCR
    # pictures on a usable page large enough to hold text (a logo): read by OCR, in page pixels
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class CharBudget:
    """Characters a document may still have read from its text layers."""

    per_page: int
    per_document: int
    used: int = 0

    def take(self, count: int) -> None:
        if count > self.per_page:
            raise TooLarge(
                f"a PDF page holds {count} text characters; the limit is {self.per_page} "
                "per page (OCR_MAX_PDF_PAGE_CHARS)",
                code="text_layer_too_large",
            )
        if self.used + count > self.per_document:
            raise TooLarge(
                f"the PDF holds more than {self.per_document} text characters; the limit is "
                f"{self.per_document} per document (OCR_MAX_PDF_CHARS)",
                code="text_layer_too_large",
            )
        self.used += count


def _bad(ch: str) -> bool:
    code = ord(ch)
    return (
        ch == "\ufffd"
        or 0xE000 <= code <= 0xF8FF
        or code >= 0xF0000
        or (code < 0x20 and ch not in _BREAKS and ch != "\t")
        or 0x7F <= code < 0xA0
    )


class _ToDevice:
    """Page coordinates (points) to the pixels of the page rendered ``width`` x ``height``."""

    def __init__(self, pdfium_c, raw_page, width: int, height: int):
        def page_xy(dx: int, dy: int) -> tuple[float, float]:
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDF_DeviceToPage(raw_page, 0, 0, width, height, 0, dx, dy, x, y)
            return x.value, y.value

        # device -> page is affine (the page's rotation and crop box): invert it once.
        ox, oy = page_xy(0, 0)
        ax, ay = page_xy(width, 0)
        bx, by = page_xy(0, height)
        a, b, c, d = (ax - ox) / width, (bx - ox) / height, (ay - oy) / width, (by - oy) / height
        det = a * d - b * c
        self.m = (d / det, -b / det, -c / det, a / det)
        self.origin = (ox, oy)
        self.width, self.height = width, height

    def on_page(self, box: tuple[float, float, float, float]) -> bool:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return 0 <= x <= self.width and 0 <= y <= self.height

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        # pages turn by multiples of 90 degrees: opposite corners stay opposite
        m00, m01, m10, m11 = self.m
        x0, y0 = left - self.origin[0], bottom - self.origin[1]
        x1, y1 = right - self.origin[0], top - self.origin[1]
        ax, ay = m00 * x0 + m01 * y0, m10 * x0 + m11 * y0
        bx, by = m00 * x1 + m01 * y1, m10 * x1 + m11 * y1
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


@dataclass
class _Char:
    text: str
    box: tuple[float, float, float, float]  # device pixels


def _breaks(box: list[float], glyphs: int, first_height: float, char_box) -> bool:
    """Whether a character does not go on with the piece in ``box``: off its row, past a wide
    gap, far back over it, or of another height altogether."""
    x0, y0, x1, y1 = char_box
    height = max(box[3] - box[1], y1 - y0, 1.0)
    centre, current = (y0 + y1) / 2, (box[1] + box[3]) / 2
    gap = x0 - box[2]
    average = (box[2] - box[0]) / glyphs
    ratio = max(y1 - y0, first_height) / max(min(y1 - y0, first_height), 0.01)
    return (
        abs(centre - current) > height / 2 or gap > 2.5 * average or gap < -height or ratio > MAX_HEIGHT_RATIO
    )


def _group_lines(chars: list[_Char]) -> list[Line]:
    """Characters in content order -> lines, split where a line breaks or a wide gap opens.

    A wide gap (wider than two and a half of the piece's average characters: three spaces in a
    monospaced font) splits a printed row into the pieces a text detector would box separately
    (a label and its price); the receipt reader groups rows again. Runs of spaces inside a piece
    become one space.
    """
    lines: list[Line] = []
    # the piece's characters (a space between words as one) with their left and right edges
    piece: list[tuple[str, float, float]] = []
    box: list[float] | None = None
    glyphs = 0
    pending_space = False
    first_height = 1.0

    def flush():
        nonlocal piece, box, glyphs, pending_space
        text = "".join(ch for ch, _, _ in piece)
        if box is not None and text.strip():
            # characters and their edges side by side, unless stripping moved the text
            aligned = text == text.strip() and len(piece) == len(text)
            spans = [(round(a, 1), round(b, 1)) for _, a, b in piece] if aligned else None
            lines.append(Line(text.strip(), 1.0, [round(v, 1) for v in box], spans=spans))
        piece, box, glyphs, pending_space = [], None, 0, False

    for ch in chars:
        if ch.text in _BREAKS:
            flush()
            continue
        if ch.text in _WHITESPACE:
            pending_space = box is not None
            continue
        x0, y0, x1, y1 = ch.box
        if box is not None and _breaks(box, glyphs, first_height, ch.box):
            flush()
        if box is None:
            box = [x0, y0, x1, y1]
            first_height = y1 - y0
        else:
            if pending_space:
                piece.append((" ", piece[-1][2], x0))
            box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        pending_space = False
        glyphs += 1
        piece.append((ch.text, x0, x1))
    flush()
    return reading_order(lines)


def rows(lines: list[Line]) -> list[list[Line]]:
    """Lines in rows (centres within half a line of the row's last), top to bottom, each row
    left to right."""
    out: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.cy):
        last = out[-1][-1] if out else None
        if last is None or line.cy - last.cy > max(0.5 * min(line.height, last.height), 1.0):
            out.append([])
        out[-1].append(line)
    return [sorted(row, key=lambda ln: ln.x0) for row in out]


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom, and left to right within a row, as the OCR engine orders its lines."""
    return [line for row in rows(lines) for line in row]


def _image_boxes(pdfium_c, raw_page, to_device: _ToDevice) -> list[tuple[float, float, float, float]] | None:
    """Device boxes of the page's pictures (a form holding a picture counts whole); None when the
    page has more objects than are walked."""
    count = pdfium_c.FPDFPage_CountObjects(raw_page)
    if count > MAX_OBJECTS:
        return None
    boxes = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(count):
        if index % 512 == 0:
            checkpoint()
        obj = pdfium_c.FPDFPage_GetObject(raw_page, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if not _form_has_image(pdfium_c, obj, depth=8, seen=[0]):
                continue
        elif kind != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            boxes.append(to_device.box(left.value, bottom.value, right.value, top.value))
    return boxes


# Objects walked to count the pictures a page draws, and how deep forms may nest, before the
# page is refused as one whose drawing cannot be bounded (a vector drawing of 25 000 shapes passes).
MAX_DRAWN_OBJECTS = 200_000
MAX_FORM_DEPTH = 8


def drawn_image_pixels(page, stop_above: int) -> int | None:
    """The pixels of every picture the page draws, each time it draws it (a form drawn ten
    times counts ten times), from the pictures' headers: what rendering would decode. Counting
    stops above ``stop_above``; None when the page has more than ``MAX_DRAWN_OBJECTS`` objects
    or forms nested deeper than ``MAX_FORM_DEPTH``: its drawing is not bounded."""
    import pypdfium2.raw as pdfium_c

    width, height = ctypes.c_uint(), ctypes.c_uint()
    total = 0
    seen = 0
    stack = [
        (pdfium_c.FPDFPage_CountObjects(page.raw), lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i), 0)
    ]
    while stack:
        count, get, depth = stack.pop()
        for index in range(max(0, count)):
            seen += 1
            if seen > MAX_DRAWN_OBJECTS:
                return None
            if seen % 512 == 0:
                checkpoint()
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if pdfium_c.FPDFImageObj_GetImagePixelSize(obj, width, height):
                    total += width.value * height.value
                    if total > stop_above:
                        return total
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth >= MAX_FORM_DEPTH:
                    return None
                stack.append(
                    (
                        pdfium_c.FPDFFormObj_CountObjects(obj),
                        lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                        depth + 1,
                    )
                )
    return total


def check_drawn_pictures(page, max_pixels: int, close: bool = False) -> None:
    """Refuse a page whose pictures, counted each time it draws them, hold more than
    ``max_pixels`` pixels (``OCR_MAX_TOTAL_PIXELS``), from the pictures' headers: pdfium decodes
    each picture it draws in one call no deadline stops."""
    try:
        pixels = drawn_image_pixels(page, max_pixels)
        if pixels is None:
            raise TooLarge(
                f"a PDF page of more than {MAX_DRAWN_OBJECTS} objects, or of forms nested more than "
                f"{MAX_FORM_DEPTH} deep, cannot be drawn within bounds",
                code="document_too_large",
            )
        if pixels > max_pixels:
            raise TooLarge(
                f"a PDF page draws pictures of more than {max_pixels} pixels in all (OCR_MAX_TOTAL_PIXELS)",
                code="document_too_large",
            )
    finally:
        if close:
            page.close()


def _form_has_image(pdfium_c, form, depth: int, seen: list[int]) -> bool:
    count = pdfium_c.FPDFFormObj_CountObjects(form)
    for index in range(max(0, count)):
        seen[0] += 1
        if seen[0] > MAX_OBJECTS:
            return True  # too many to look at: assume the worst, the page goes to OCR
        if seen[0] % 512 == 0:
            checkpoint()
        obj = pdfium_c.FPDFFormObj_GetObject(form, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        nested = kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth > 0
        if nested and _form_has_image(pdfium_c, obj, depth - 1, seen):
            return True
    return False


def _text_on_pictures(images, lines: list[Line]) -> bool:
    """Whether a line's centre lies on a picture (over it, or hidden under it); with too many of
    both to compare, assume so."""
    if len(images) * len(lines) > 1_000_000:
        return True
    return any(
        x0 <= (line.x0 + line.x1) / 2 <= x1 and y0 <= line.cy <= y1
        for x0, y0, x1, y1 in images
        for line in lines
    )


def _bare_image_share(images, lines: list[Line], width: int, height: int) -> float:
    """Share of the page under pictures with no text line over or near them."""
    if not images:
        return 0.0
    sx, sy = GRID / width, GRID / height
    pictured = np.zeros((GRID, GRID), dtype=bool)
    texted = np.zeros((GRID, GRID), dtype=bool)

    def cells(box, grow=0.0):
        x0, y0, x1, y1 = box
        return (
            slice(max(0, int((y0 - grow) * sy)), max(0, int(np.ceil((y1 + grow) * sy)))),
            slice(max(0, int((x0 - grow) * sx)), max(0, int(np.ceil((x1 + grow) * sx)))),
        )

    for box in images:
        pictured[cells(box)] = True
    for line in lines:
        texted[cells(line.bbox, grow=line.height)] = True
    return float((pictured & ~texted).sum()) / (GRID * GRID)


@dataclass
class _Census:
    """The characters of a text layer: the visible ones with a meaning, with their boxes, and
    how many were invisible or without a meaning."""

    chars: list[_Char]
    meaningful: int = 0
    bad: int = 0
    invisible: int = 0

    def verdict(self) -> str:
        seen = self.meaningful + self.bad + self.invisible
        if seen and self.invisible / seen > MAX_INVISIBLE_SHARE:
            return "invisible_text"
        if seen and self.bad / seen > MAX_BAD_SHARE:
            return "unmapped_text"
        if self.meaningful < MIN_CHARS:
            return "too_little_text"
        return "ok"


def _census(pdfium_c, raw_text, count: int, to_device: _ToDevice) -> _Census:
    census = _Census([])
    hidden: dict[int, bool] = {}  # per text object
    rect = pdfium_c.FS_RECTF()
    for index in range(count):
        if index % 1024 == 0:
            checkpoint()
        code = pdfium_c.FPDFText_GetUnicode(raw_text, index)
        ch = chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"
        if ch in _BREAKS or ch in _WHITESPACE:
            census.chars.append(_Char(ch, (0.0, 0.0, 0.0, 0.0)))
        elif pdfium_c.FPDFText_IsGenerated(raw_text, index) == 1:
            continue
        elif _bad(ch) or pdfium_c.FPDFText_HasUnicodeMapError(raw_text, index) == 1:
            census.bad += 1
        elif _hidden(pdfium_c, raw_text, index, hidden):
            census.invisible += 1
        elif pdfium_c.FPDFText_GetLooseCharBox(raw_text, index, rect):
            box = to_device.box(rect.left, rect.bottom, rect.right, rect.top)
            if to_device.on_page(box) and box[3] - box[1] >= MIN_GLYPH_PIXELS:
                census.meaningful += 1
                census.chars.append(_Char(ch, box))
            else:
                census.invisible += 1
    return census


def _hidden(pdfium_c, raw_text, index: int, known: dict[int, bool]) -> bool:
    """Whether the character's text object is drawn so that it cannot be seen: no part of it
    painted (render mode 3 or 7, clipping only), or every part it paints (its fill in modes
    0, 2, 4 and 6, its outline in modes 1, 2, 5 and 6) white, near white or fully transparent."""
    obj = pdfium_c.FPDFText_GetTextObject(raw_text, index)
    if not obj:
        return False
    key = ctypes.addressof(obj.contents)
    if key not in known:
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        fill = mode in (0, 2, 4, 6) and _inked(pdfium_c.FPDFPageObj_GetFillColor, obj)
        outline = mode in (1, 2, 5, 6) and _inked(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
        known[key] = not (fill or outline)
    return known[key]


def _inked(get_colour, obj) -> bool:
    """Whether a part of a text object is painted in a colour paper does not hide (or unknown)."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    r, g, b, a = (v.value for v in rgba) if get_colour(obj, *rgba) else (0, 0, 0, 255)
    return a > 0 and min(r, g, b) < PAPER_GREY


def _readable_pictures(images, width: int, height: int) -> list[tuple[float, float, float, float]]:
    """The pictures worth reading by OCR, within the page, largest first."""
    out = []
    for x0, y0, x1, y1 in images:
        box = (max(0.0, x0), max(0.0, y0), min(float(width), x1), min(float(height), y1))
        if box[2] - box[0] >= MIN_PICTURE_SIDES[0] and box[3] - box[1] >= MIN_PICTURE_SIDES[1]:
            out.append(box)
    out.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    return out[:MAX_PICTURES]


def read_text_layer(page, width: int, height: int, budget: CharBudget) -> TextLayer:
    """Read ``page``'s (a pypdfium2 page) text layer in the pixels of its ``width`` x ``height``
    rendering. Raises ``TooLarge`` past the character limits, before reading a character.

    pdfium builds the page's text before it can count it: that costs about what rendering the
    page would, and the limits refuse the page right after.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        count = max(0, pdfium_c.FPDFText_CountChars(textpage.raw))
        budget.take(count)
        if count == 0:
            return TextLayer([], 0, False, "no_text")
        to_device = _ToDevice(pdfium_c, page.raw, width, height)
        census = _census(pdfium_c, textpage.raw, count, to_device)
        verdict = census.verdict()
        if verdict != "ok":
            return TextLayer([], count, False, verdict)
        lines = _group_lines(census.chars)
        flood = len(lines) > MAX_LINES  # (or a character or two a line: text sideways, scattered)
        if flood or len(lines) * MIN_CHARS_PER_LINE > census.meaningful:
            return TextLayer([], count, False, "too_many_lines" if flood else "scattered_text")
        images = _image_boxes(pdfium_c, page.raw, to_device)
        if (
            images is None
            or _text_on_pictures(images, lines)
            or _bare_image_share(images, lines, width, height) > MAX_BARE_IMAGE_SHARE
        ):
            return TextLayer([], count, False, "pictures")
        return TextLayer(lines, count, True, "ok", _readable_pictures(images, width, height))
    finally:
        textpage.close()
