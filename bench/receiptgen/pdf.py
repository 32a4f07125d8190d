"""Digital receipts: the same layout written as a PDF with a text layer (an e-mailed receipt).

Two kinds:
- ``text``: every line is PDF text (Courier, WinAnsi encoding, positioned as printed), except
  a logo that is a picture on paper, which stays a picture (an image, no text);
- ``mixed``: a two-page document whose first page is text and whose second page is a scan
  (an image only, no text layer): the totals and taxes must be read from the picture.

The PDF is written by hand (PDF 1.4 objects, an xref table): nothing beyond the standard
14 fonts, which every PDF reader has.
"""

from __future__ import annotations

import io
import random
import zlib

import numpy as np
from PIL import Image

from .layout import PrintLine, Printout
from .render import render_printout

PT_PER_MM = 72 / 25.4
GRAPHIC_LOGOS = ("halftone", "emblem")


def _pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("L").save(out, "JPEG", quality=quality)
    return out.getvalue()


class _Writer:
    def __init__(self):
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, head: str, data: bytes, compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data)
            head += " /Filter /FlateDecode"
        return self.add(f"<< {head} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    def finish(self, root: int) -> bytes:
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        out += f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R >>\n".encode()
        out += f"startxref\n{xref}\n%EOF\n".encode()
        return bytes(out)


def _line_ops(line: PrintLine, y: float, width: float, size: float, font: str) -> bytes:
    """PDF text operators for one printed line at baseline ``y`` (cells placed as printed)."""
    sw, sh = line.size
    fs = size * sh
    char_w = 0.6 * fs * sw / sh  # Courier: every glyph is 0.6 em wide
    ops = []
    spans: list[tuple[float, float]] = []
    for cell in sorted(line.cells, key=lambda c: not c.keep):
        text = cell.text
        w = len(text) * char_w
        anchor = cell.x * width
        x = anchor - w if cell.align == "r" else anchor - w / 2 if cell.align == "c" else anchor
        x = max(0.0, min(x, width - w))
        if not cell.keep:
            right = min([s - char_w for s, _ in spans if s >= anchor] + [width])
            while text and x + len(text) * char_w > right + 0.01:
                text = text[:-1]
            if not text:
                continue
        spans.append((x, x + len(text) * char_w))
        scale = 100 * sw / sh
        ops.append(
            f"BT /{font} {fs:.2f} Tf {scale:.0f} Tz {x:.2f} {y:.2f} Td (".encode()
            + _pdf_text(text)
            + b") Tj ET"
        )
    return b"\n".join(ops)


def receipt_pdf(printout: Printout, seed: int, kind: str) -> tuple[bytes, dict]:
    """The receipt as a PDF of ``kind`` ("text" or "mixed"); returns it and what was done."""
    rng = random.Random(f"receipt-pdf-{seed}")
    paper_mm = rng.choice([58, 80, 80])
    margin = 4 * PT_PER_MM
    width = paper_mm * PT_PER_MM - 2 * margin
    chars = 32 if paper_mm == 58 else 48
    size = width / (0.6 * chars)
    step = size * rng.uniform(1.25, 1.45)
    lines = printout.lines
    split = len(lines)
    if kind == "mixed":
        # the page break falls just before the totals: the second page is a scan
        split = next(i for i, ln in enumerate(lines) if ln.role == "total") - 1
        split = max(1, split)
    writer = _Writer()
    f1 = writer.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    f2 = writer.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>")
    f3 = writer.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    page_specs = []

    # -- page 1 (text) -----------------------------------------------------------------
    placed = []
    y_cursor = 0.0
    for line in lines[:split]:
        if line.kind == "gap":
            y_cursor += step / 2
        elif line.kind == "barcode":
            y_cursor += step * 2
        elif line.kind == "logo":
            graphic = line.logo["style"] in GRAPHIC_LOGOS
            placed.append(("logo-image" if graphic else "logo-text", line, y_cursor))
            y_cursor += step * (3 if graphic else 2)
        else:
            placed.append((line.kind, line, y_cursor))
            y_cursor += step * line.size[1]
    page_h = y_cursor + step + 2 * margin
    top = page_h - 2 * margin  # content coordinates start at the margins
    ops: list[bytes] = []
    images: dict[str, int] = {}
    logo_meta = {}
    for what, line, y in placed:
        baseline = top - y - size
        if what == "text":
            ops.append(_line_ops(line, baseline, width, size, "F2" if line.bold else "F1"))
        elif what == "rule":
            ops.append(
                f"0.5 w 0 {baseline + size / 3:.2f} m {width:.2f} {baseline + size / 3:.2f} l S".encode()
            )
        elif what == "logo-text":
            name = line.cells[0].text
            fs = min(2 * size, width / max(1, 0.6 * len(name)))
            x = max(0.0, (width - 0.6 * fs * len(name)) / 2)
            ops.append(
                f"BT /F3 {fs:.2f} Tf {x:.2f} {baseline - size:.2f} Td (".encode()
                + _pdf_text(name)
                + b") Tj ET"
            )
            logo_meta = {"logo": "text"}
        else:
            # the logo bitmap the printer would print, as an image: no text to read
            ink, _, _ = render_printout(Printout([line], {}, {}), seed)
            dots = Image.fromarray(np.uint8(255 * np.clip(ink, 0, 1)), "L")
            box = dots.getbbox() or (0, 0, dots.width, dots.height)
            bitmap = Image.eval(dots.crop(box), lambda v: 255 - v)
            img_id = writer.stream(
                f"/Type /XObject /Subtype /Image /Width {bitmap.width} /Height {bitmap.height} "
                "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
                _jpeg(bitmap),
                compress=False,
            )
            images[f"Im{img_id}"] = img_id
            h_pt = step * 2.6
            w_pt = min(width, h_pt * bitmap.width / max(1, bitmap.height))
            ops.append(
                f"q {w_pt:.2f} 0 0 {h_pt:.2f} {(width - w_pt) / 2:.2f} {baseline - h_pt + size:.2f} cm "
                f"/Im{img_id} Do Q".encode()
            )
            logo_meta = {"logo": "image"}
    content = b"q 1 0 0 1 %.2f %.2f cm\n" % (margin, margin) + b"\n".join(ops) + b"\nQ"
    c1 = writer.stream("", content)
    xobjects = " ".join(f"/{name} {num} 0 R" for name, num in images.items())
    page_specs.append((paper_mm * PT_PER_MM, page_h, c1, xobjects))

    # -- page 2 (a scan, image only) ------------------------------------------------------
    if kind == "mixed":
        rest = Printout(lines[split:], printout.style, printout.truth)
        ink, _, meta = render_printout(rest, seed)
        side = (meta["paper_dots"] - meta["printable_dots"]) // 2
        ink = np.pad(ink, ((0, 0), (side, side)))
        paper = np.uint8(
            np.clip(245 - 215 * ink + np.random.default_rng(seed).normal(0, 4, ink.shape), 0, 255)
        )
        scan = Image.fromarray(paper, "L")
        scan = scan.resize((int(scan.width * 300 / 203), int(scan.height * 300 / 203)), Image.BILINEAR)
        data = _jpeg(scan, quality=80)
        img_id = writer.stream(
            f"/Type /XObject /Subtype /Image /Width {scan.width} /Height {scan.height} "
            "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
            data,
            compress=False,
        )
        w_pt = meta["paper_dots"] / 203 * 72
        h_pt = scan.height / 300 * 72
        c2 = writer.stream("", f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im{img_id} Do Q".encode())
        page_specs.append((w_pt, h_pt, c2, f"/Im{img_id} {img_id} 0 R"))

    page_ids = []
    pages_id = len(writer.objects) + len(page_specs) + 1
    for w, h, content_id, xobj in page_specs:
        resources = f"/Font << /F1 {f1} 0 R /F2 {f2} 0 R /F3 {f3} 0 R >>"
        if xobj:
            resources += f" /XObject << {xobj} >>"
        page_ids.append(
            writer.add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {w:.2f} {h:.2f}] "
                f"/Resources << {resources} >> /Contents {content_id} 0 R >>".encode()
            )
        )
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    assert writer.add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    root = writer.add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    meta = {"kind": kind, "pages": len(page_specs), "paper_mm": paper_mm, "font_size_pt": round(size, 2)}
    meta.update(logo_meta)
    return writer.finish(root), meta
