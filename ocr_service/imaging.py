"""Turn uploaded bytes into page images, checking every limit before decoding.

Order of checks: emptiness, type by magic bytes (names and Content-Type are not
trusted), header dimensions against the pixel cap, page counts and page sizes,
then the decode itself. A decompression bomb is an error, never a warning.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from .errors import EmptyFile, TooLarge, Unprocessable, UnsupportedType

IMAGE_KINDS = {"jpeg", "png", "gif", "bmp", "tiff", "webp"}
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "tiff": "TIFF", "webp": "WEBP"}
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "pdf": "application/pdf",
}


def sniff(data: bytes) -> str | None:
    """Return the file kind from its leading bytes, or None."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    # PDF readers accept the header anywhere in the first KiB.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


@dataclass
class Page:
    number: int
    image: np.ndarray  # BGR uint8

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass
class Limits:
    max_pixels: int
    max_pages: int
    max_pdf_page_points: float
    pdf_dpi: float
    max_render_pixels: int

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            max_pixels=settings.max_pixels,
            max_pages=settings.max_pages,
            max_pdf_page_points=settings.max_pdf_page_points,
            pdf_dpi=settings.pdf_dpi,
            max_render_pixels=settings.max_render_pixels,
        )


def load_pages(data: bytes, limits: Limits) -> tuple[str, list[Page]]:
    """Check and decode ``data``; return its kind and its pages as BGR arrays."""
    if not data:
        raise EmptyFile("the uploaded file is empty")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedType("unsupported file type: send a JPEG, PNG, TIFF, WebP, BMP, GIF image or a PDF")
    if kind == "pdf":
        return kind, _pdf_pages(data, limits)
    return kind, _image_pages(data, kind, limits)


def _to_bgr(img: Image.Image) -> np.ndarray:
    if img.mode not in ("RGB", "L"):
        if img.mode in ("RGBA", "LA", "P", "PA"):
            # Transparent areas become white paper, not black.
            img = img.convert("RGBA")
            background = Image.new("RGBA", img.size, (255, 255, 255, 255))
            img = Image.alpha_composite(background, img)
        img = img.convert("RGB")
    if img.mode == "L":
        img = img.convert("RGB")
    rgb = np.asarray(img, dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _image_pages(data: bytes, kind: str, limits: Limits) -> list[Page]:
    # Pillow's own bomb check warns between 1x and 2x its cap; make it an error at 1x.
    Image.MAX_IMAGE_PIXELS = max(limits.max_pixels, Image.MAX_IMAGE_PIXELS or 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]])
            width, height = img.size
            if width <= 0 or height <= 0:
                raise Unprocessable("the image has no pixels")
            if width * height > limits.max_pixels:
                raise TooLarge(
                    f"image of {width}x{height} pixels exceeds the limit of {limits.max_pixels} pixels",
                    code="image_too_large",
                )
            frames = getattr(img, "n_frames", 1) or 1
            if kind == "tiff" and frames > limits.max_pages:
                raise Unprocessable(
                    f"the file has {frames} pages; at most {limits.max_pages} are accepted",
                    code="too_many_pages",
                )
            # Animated GIF/WebP: the first frame is the document.
            count = frames if kind == "tiff" else 1
            pages = []
            for index in range(count):
                img.seek(index)
                if img.size[0] * img.size[1] > limits.max_pixels:
                    raise TooLarge("a page exceeds the pixel limit", code="image_too_large")
                frame = ImageOps.exif_transpose(img) if index == 0 else img.copy()
                frame.load()
                pages.append(Page(number=index + 1, image=_to_bgr(frame)))
            return pages
    except (TooLarge, Unprocessable):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooLarge("the image exceeds the pixel limit", code="image_too_large") from None
    except MemoryError:
        raise TooLarge("the image is too large to decode", code="image_too_large") from None
    except Exception:
        # Truncated or corrupt data: Pillow raises OSError, SyntaxError, ValueError...
        raise Unprocessable("the image is corrupt or truncated and cannot be decoded") from None


def _pdf_pages(data: bytes, limits: Limits) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise Unprocessable("the PDF is corrupt, encrypted or unreadable", code="unreadable_pdf") from None
    try:
        count = len(pdf)
        if count == 0:
            raise Unprocessable("the PDF has no pages", code="unreadable_pdf")
        if count > limits.max_pages:
            raise Unprocessable(
                f"the PDF has {count} pages; at most {limits.max_pages} are accepted", code="too_many_pages"
            )
        pages = []
        for index in range(count):
            page = pdf[index]
            try:
                width_pt, height_pt = page.get_size()
                if max(width_pt, height_pt) > limits.max_pdf_page_points or min(width_pt, height_pt) <= 0:
                    raise Unprocessable(
                        f"PDF page {index + 1} is {width_pt:.0f}x{height_pt:.0f} points; "
                        f"the largest side accepted is {limits.max_pdf_page_points:.0f}",
                        code="page_too_large",
                    )
                scale = limits.pdf_dpi / 72.0
                # Bound the rendered size whatever the page size.
                area = width_pt * height_pt * scale * scale
                if area > limits.max_render_pixels:
                    scale *= (limits.max_render_pixels / area) ** 0.5
                bitmap = page.render(scale=scale, rev_byteorder=False)
                try:
                    pil = bitmap.to_pil()
                    pages.append(Page(number=index + 1, image=_to_bgr(pil)))
                finally:
                    bitmap.close()
            finally:
                page.close()
        return pages
    except Unprocessable:
        raise
    except pdfium.PdfiumError:
        raise Unprocessable("a PDF page cannot be rendered", code="unreadable_pdf") from None
    finally:
        pdf.close()
