"""PDFs written by hand for the text-layer tests: text in the standard 14 fonts, scans as JPEG
images, and the tricks a PDF can play (invisible text, text hidden under a picture)."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

from PIL import Image

FONT_SIZE = 10.0
LEADING = 14.0


def _escape(text: str | bytes) -> bytes:
    raw = text if isinstance(text, bytes) else text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_ops(lines: list[str] | list[bytes], x: float, top: float, size: float = FONT_SIZE, mode: int = 0,
             leading: float = LEADING, gray: float = 0.0) -> bytes:  # fmt: skip
    """Courier text, one PDF line per entry from ``top`` down; ``mode`` is the render mode
    (0 fill, 3 invisible)."""
    out = [f"BT /F1 {size:.2f} Tf {mode} Tr {gray:.2f} g {leading:.2f} TL {x:.2f} {top:.2f} Td".encode()]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def image_ops(name: str, x: float, y: float, width: float, height: float) -> bytes:
    return f"q {width:.2f} 0 0 {height:.2f} {x:.2f} {y:.2f} cm /{name} Do Q".encode()


@dataclass
class PdfPage:
    width: float
    height: float
    content: list[bytes] = field(default_factory=list)
    images: dict[str, Image.Image] = field(default_factory=dict)
    rotate: int = 0  # /Rotate: degrees clockwise, as shown


def build(pages: list[PdfPage], compress: bool = True) -> bytes:
    """The PDF of ``pages`` (PDF 1.4, one shared Courier font)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(head: str, data: bytes, deflate: bool) -> int:
        if deflate:
            data = zlib.compress(data)
            head += " /Filter /FlateDecode"
        return add(f"<< {head} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    specs = []
    for page in pages:
        xobjects = []
        for name, image in page.images.items():
            buf = io.BytesIO()
            image.convert("RGB").save(buf, "JPEG", quality=90)
            number = stream(
                f"/Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
                "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
                buf.getvalue(),
                deflate=False,
            )
            xobjects.append(f"/{name} {number} 0 R")
        content = stream("", b"\n".join(page.content), deflate=compress)
        specs.append((page, content, " ".join(xobjects)))
    pages_id = len(objects) + len(specs) + 1
    kids = []
    for page, content, xobjects in specs:
        resources = f"/Font << /F1 {font} 0 R >>" + (f" /XObject << {xobjects} >>" if xobjects else "")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {page.width:.2f} {page.height:.2f}] "
                f"/Rotate {page.rotate} /Resources << {resources} >> /Contents {content} 0 R >>".encode()
            )
        )
    assert (
        add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
        == pages_id
    )
    root = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_page(lines: list[str], width: float = 300.0, size: float = FONT_SIZE) -> PdfPage:
    """A page of visible Courier text, as a program writes a receipt or an invoice."""
    leading = size * 1.4
    height = 2 * 36 + leading * (len(lines) + 1)
    return PdfPage(width, height, [text_ops(lines, 20, height - 36 - size, size=size, leading=leading)])


def covered(lines: list[str], *indexes: int) -> bytes:
    """A PDF of ``lines`` in the text layer (``text_page``), the lines ``indexes`` under a white
    box: the page does not show them."""
    page = text_page(lines)
    size, leading = FONT_SIZE, FONT_SIZE * 1.4
    for index in indexes:
        baseline = page.height - 36 - size - index * leading
        width = len(lines[index]) * 0.6 * size + 2
        page.content.append(f"1 g 19 {baseline - 3:.2f} {width:.2f} 13 re f".encode())
    return build([page])


def scan_page(image: Image.Image, dpi: float = 200.0) -> PdfPage:
    """A page that is a picture only, the size the picture was scanned at."""
    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    return PdfPage(width, height, [image_ops("Scan", 0, 0, width, height)], {"Scan": image})


_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abged", "3": "abgcd", "4": "fgbc",
    "5": "afgcd", "6": "afgedc", "7": "abc", "8": "abcdefg", "9": "abcdfg",
}  # fmt: skip


def segment_digits(text: str, x: float, y: float, height: float = 8.0) -> bytes:
    """Digits drawn as filled bars, seven segments each, from baseline ``y``: figures a reader
    sees and a text layer does not hold (no text, no picture)."""
    width, bar = height * 0.55, height * 0.12
    out = [b"0 g"]
    for ch in text:
        if ch in ".,":
            out.append(f"{x:.2f} {y:.2f} {bar * 1.5:.2f} {bar * 1.5:.2f} re f".encode())
            x += width * 0.6
            continue
        boxes = {
            "a": (x, y + height - bar, width, bar), "b": (x + width - bar, y + height / 2, bar, height / 2),
            "c": (x + width - bar, y, bar, height / 2), "d": (x, y, width, bar), "e": (x, y, bar, height / 2),
            "f": (x, y + height / 2, bar, height / 2), "g": (x, y + height / 2 - bar / 2, width, bar),
        }  # fmt: skip
        out += [("%.2f %.2f %.2f %.2f re f" % boxes[segment]).encode() for segment in _SEGMENTS[ch]]
        x += width * 1.4
    return b"\n".join(out)
