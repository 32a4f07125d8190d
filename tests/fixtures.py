"""Documents made at test time with Pillow: no test reads files it did not make."""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts")


@lru_cache
def font_path(name: str = "DejaVuSans.ttf") -> str | None:
    for folder in _FONT_DIRS:
        for path in Path(folder).rglob(name) if Path(folder).is_dir() else ():
            return str(path)
    return None


def font(size: int, bold: bool = False):
    path = font_path("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf") or font_path("DejaVuSans.ttf")
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


RECEIPT_LINES = [
    ("SUNRISE MART SDN BHD", True),
    ("Co. Reg. 201901234567", False),
    ("12 JALAN MERDEKA, 50000 KUALA LUMPUR", False),
    ("Tel: 03-2145 8890", False),
    ("Invoice No: INV-20931", False),
    ("Date: 14/03/2024  10:42", False),
    ("", False),
    ("MINERAL WATER 1.5L        2 x 1.80    3.60", False),
    ("WHITE BREAD                           4.20", False),
    ("INSTANT COFFEE 200G                  15.65", False),
    ("", False),
    ("SUBTOTAL                             23.45", False),
    ("SST 6%                                1.41", False),
    ("TOTAL                           RM   24.86", True),
    ("CASH                                 50.00", False),
    ("CHANGE                               25.14", False),
    ("", False),
    ("THANK YOU, PLEASE COME AGAIN", False),
]


def receipt_image(lines=RECEIPT_LINES, width: int = 720) -> Image.Image:
    """A clean till receipt, black on white, about 0.7 MP."""
    size = 22
    height = 60 + len(lines) * int(size * 1.7)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    y = 30
    for text, bold in lines:
        if text:
            draw.text((30, y), text, fill="black", font=font(size, bold))
        y += int(size * 1.7)
    return img


def encode(img: Image.Image, fmt: str = "JPEG", **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def receipt_jpeg() -> bytes:
    return encode(receipt_image(), "JPEG", quality=90)


def pdf_of_images(images: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def pdf_with_blank_pages(count: int, width_pt: float = 595, height_pt: float = 842) -> bytes:
    """A valid PDF of ``count`` empty pages, written by hand so it costs nothing to make."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(count))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for _ in range(count):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A valid greyscale PNG of ``width`` x ``height`` white pixels, a few hundred KB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    parts = []
    block = row * 256
    for _ in range(height // 256):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(row * (height % 256)))
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
