"""Turn uploaded bytes into page images, checking every limit before decoding.

Order of checks: emptiness, type by magic bytes (names and Content-Type are not
trusted), header dimensions against the pixel cap, page counts and page sizes,
then the decode itself. A decompression bomb is an error, never a warning.
"""

from __future__ import annotations

import io
import math
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import get_args

import cv2
import numpy as np
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError, features

from . import isobmff, pdf_worker
from .config import SecondLook
from .deadline import checkpoint
from .engines import Line
from .errors import EmptyFile, Timeout, TooLarge, Unprocessable, UnsupportedType

IMAGE_KINDS = {"jpeg", "png", "gif", "bmp", "tiff", "webp", "heif", "avif"}
PIL_FORMATS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "bmp": "BMP",
    "tiff": "TIFF",
    "webp": "WEBP",
    "heif": "HEIF",
    "avif": "AVIF",
}
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "heif": "image/heif",
    "avif": "image/avif",
    "pdf": "application/pdf",
}
ACCEPTED = "a JPEG, PNG, HEIC, AVIF, TIFF, WebP, BMP, GIF image or a PDF"


def _decoders() -> set[str]:
    """The kinds of image this installation decodes: HEIF through pi-heif (libheif and
    libde265, decoders only), AVIF through Pillow's own plugin, where each is there."""
    kinds = IMAGE_KINDS - {"heif", "avif"}
    try:
        import pi_heif

        # (Pillow's bomb check and the limits below apply to it as to every format: the
        # size is read from the file's headers before any pixel is decoded)
        pi_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
        kinds.add("heif")
    except ImportError:
        pass
    if features.check("avif"):
        kinds.add("avif")
    return kinds


DECODED = _decoders()
# decoded in a child process (``pdf_worker``), as PDFs are read: libheif and libavif build what
# a file declares before anything can count it (a grid of tiles each far larger than the
# picture, a thousand images' metadata, a picture coded larger than its header says: a gigabyte
# and seconds to minutes from a few kilobytes). There, a memory limit and the request's deadline
# bound them; in the service's own process nothing did
CHILD_KINDS = {"heif", "avif"}


def in_child(data: bytes) -> bool:
    """Whether ``data`` is read in a child process (a PDF, a HEIF or AVIF image)."""
    kind = sniff(data)
    return kind == "pdf" or kind in CHILD_KINDS


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
    media = isobmff.image_kind(data)
    if media:
        return media
    # PDF readers accept the header anywhere in the first KiB.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


@dataclass
class Page:
    number: int
    image: np.ndarray | None  # BGR uint8; None for a PDF page read from its text layer
    # a PDF page read from its text layer: its lines, its size as rendered, the time it took
    text_lines: list[Line] | None = None
    size: tuple[int, int] | None = None
    text_seconds: float = 0.0
    # pictures beside the text of a text-layer page, to read by OCR: boxes in page pixels
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)
    # an image read smaller than its file (``READ_SIDE``): the file's size, in which the
    # answer gives the page and its boxes
    file_size: tuple[int, int] | None = None
    # a text-layer page rendered after all (its pictures read, its figures checked): the
    # pixels, kept so that it is rendered once
    rendered: np.ndarray | None = None
    # a page read turned upright (``orientation``): by how many degrees clockwise; its image,
    # size and the answer's boxes are the turned page's
    turned: int = 0

    @property
    def width(self) -> int:
        return int(self.image.shape[1]) if self.image is not None else self.size[0]

    @property
    def height(self) -> int:
        return int(self.image.shape[0]) if self.image is not None else self.size[1]

    @property
    def shown_size(self) -> tuple[int, int]:
        """The page's size in the answer: the file's, for an image read smaller."""
        return self.file_size or (self.width, self.height)

    @property
    def source(self) -> str:
        """How the page is read: "text-layer" or "ocr"."""
        return "ocr" if self.text_lines is None else "text-layer"


@dataclass
class Limits:
    max_pixels: int
    max_pages: int
    max_pdf_page_points: float
    pdf_dpi: float
    max_render_pixels: int
    max_total_pixels: int = 80_000_000
    pdf_text_layer: bool = True
    second_look: SecondLook = "missing"  # off, missing (a receipt without its total or tax), always
    max_pdf_page_chars: int = 50_000
    max_pdf_chars: int = 200_000
    pdf_workers: int = 1  # child processes that run pdfium (``pdf_worker``); 0: this process
    pdf_memory_mb: int = 1024  # the data segment of each

    def __post_init__(self) -> None:
        # the settings check theirs; limits built by hand (tests, benchmarks) are checked here
        if self.second_look not in get_args(SecondLook):
            raise ValueError(f"second_look must be one of {', '.join(get_args(SecondLook))}")

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            max_pixels=settings.max_pixels,
            max_pages=settings.max_pages,
            max_pdf_page_points=settings.max_pdf_page_points,
            pdf_dpi=settings.pdf_dpi,
            max_render_pixels=settings.max_render_pixels,
            max_total_pixels=settings.max_total_pixels,
            pdf_text_layer=settings.pdf_text_layer,
            second_look=settings.second_look,
            max_pdf_page_chars=settings.max_pdf_page_chars,
            max_pdf_chars=settings.max_pdf_chars,
            pdf_workers=settings.pdf_workers,
            pdf_memory_mb=settings.pdf_memory_mb,
        )


@dataclass(frozen=True)
class Work:
    """What a document will cost, known from its headers before any pixel is decoded."""

    kind: str
    pages: int
    pixels: int  # decoded (or rendered) pixels over all pages read

    @property
    def units(self) -> float:
        """Work in page units: a page, plus one more for every 16 megapixels decoded."""
        return self.pages + self.pixels / 16_000_000


def measure(data: bytes, limits: Limits) -> Work:
    """Check ``data`` against every limit from its headers alone; return its cost.

    Cheap whatever the file claims: no pixel is decoded, no page rendered. Errors
    name the limit (and its setting), never the document.
    """
    if not data:
        raise EmptyFile("the uploaded file is empty")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedType(f"unsupported file type: send {ACCEPTED}")
    if kind != "pdf" and kind not in DECODED:
        raise UnsupportedType(
            f"this installation of the service decodes no {MIME_TYPES[kind]} image (its decoder "
            "is not installed): send it as a JPEG or PNG"
        )
    if kind == "pdf":
        sizes = pdf_worker.call(limits, "pdf_sizes", data)
    elif kind in CHILD_KINDS:
        sizes = pdf_worker.call(limits, "image_sizes", data, kind)
    else:
        sizes = _image_sizes(data, kind, limits)
    if kind in ("jpeg", "png"):
        _check_complete(data, kind, limits)
    return sized_work(kind, sizes, limits)


def sized_work(kind: str, sizes: list[tuple[int, int]], limits: Limits) -> Work:
    """The work of pages of these ``sizes``, past the limit on all of them together: refused."""
    total = sum(width * height for width, height in sizes)
    if total > limits.max_total_pixels:
        raise TooLarge(
            f"the pages hold {total} pixels in all; the limit is {limits.max_total_pixels} "
            "pixels over all pages (OCR_MAX_TOTAL_PIXELS)",
            code="document_too_large",
        )
    return Work(kind=kind, pages=len(sizes), pixels=total)


def load_pages(
    data: bytes, limits: Limits, text_layer: bool = True, render_first: bool = False
) -> tuple[str, list[Page]]:
    """Check and decode ``data``; return its kind and its pages as BGR arrays.

    Every limit is checked (``measure``) before decoding; between pages the
    decode stops if the work has passed its deadline. With ``text_layer`` (and
    ``limits.pdf_text_layer``), a PDF page whose text layer can be trusted is read
    from it and never rendered (``Page.text_lines``, no image), unless it is the first page
    and ``render_first`` asks for its pixels too (``Page.rendered``).
    """
    if data and sniff(data) == "pdf":
        # measured and read in one call (see ``pdf_pages.pdf_document``)
        text_layer = text_layer and limits.pdf_text_layer
        return "pdf", pdf_worker.call(limits, "pdf_document", data, text_layer, render_first)
    kind = sniff(data) if data else None
    if kind in CHILD_KINDS and kind in DECODED:
        # measured and decoded in one call
        return kind, pdf_worker.call(limits, "image_document", data, kind)
    work = measure(data, limits)
    return work.kind, _image_pages(data, work.kind, limits)


def render_pdf_page(data: bytes, number: int, limits: Limits) -> Page:
    """Page ``number`` (from 1) of a PDF ``load_pages`` has checked, rendered."""
    return pdf_worker.call(limits, "render_page", data, number)


def _eight_bit(img: Image.Image) -> Image.Image:
    """A grey image of more than eight bits a pixel as eight (Pillow's own conversion clips every
    value above 255, so a 16-bit scan read as a white page). Integers are shifted right by the
    bits their brightest values use beyond eight (16-bit by its high byte, 12-bit data in a 16-bit
    file by four, 0..255 not at all), floats scaled to 255 by theirs (from 0 to 1: by 255); the
    brightest values are the 99.9th percentile of a sample, so that a stray pixel sets nothing."""
    if not (img.mode.startswith("I;16") or img.mode in ("I", "F")):
        return img
    values = np.asarray(img)
    if img.mode == "F":
        values = np.nan_to_num(values, posinf=0.0, neginf=0.0)
    sample = values[:: max(1, values.shape[0] // 512), :: max(1, values.shape[1] // 512)]
    top = float(np.percentile(sample, 99.9)) if sample.size else 0.0
    if img.mode == "F":
        scale = 255.0 if top <= 1.5 else (255.0 / top if top > 255.0 else 1.0)
        grey = np.clip(values * scale, 0, 255)
    else:
        shift = max(0, (int(max(top, 1.0)) - 1).bit_length() - 8)
        grey = np.right_shift(values, shift)  # in its own type: no 64-bit copy of a large scan
        np.clip(grey, 0, 255, out=grey)
    return Image.fromarray(grey.astype(np.uint8), "L")


def _to_bgr(img: Image.Image) -> np.ndarray:
    if img.mode == "P" and "transparency" not in img.info:
        img = img.convert("RGB")  # a palette without transparency: straight to its colours
    elif img.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent areas become white paper, not black: the picture laid on white through
        # its alpha (one RGBA copy and the RGB page, not three RGBA images at a time)
        rgba = img if img.mode == "RGBA" else img.convert("RGBA")
        paper = Image.new("RGB", img.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        del rgba
        img = paper
    elif img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    if img.mode == "L":
        return cv2.cvtColor(np.asarray(img, dtype=np.uint8), cv2.COLOR_GRAY2BGR)
    # one pass in OpenCV (a reversed numpy view copied took about 20 ms a scan)
    return cv2.cvtColor(np.asarray(img, dtype=np.uint8), cv2.COLOR_RGB2BGR)


def _too_many_pages(limits: Limits, count: int | None = None) -> Unprocessable:
    found = f"the file has {count} pages" if count is not None else "the file has too many pages"
    return Unprocessable(
        f"{found}; at most {limits.max_pages} are accepted (OCR_MAX_PAGES)", code="too_many_pages"
    )


def _page_too_many_pixels(limits: Limits, width: int, height: int) -> TooLarge:
    return TooLarge(
        f"a page of {width}x{height} pixels exceeds the limit of {limits.max_pixels} pixels "
        "per page (OCR_MAX_PIXELS)",
        code="image_too_large",
    )


@contextmanager
def _opened_image(data: bytes, kind: str, limits: Limits):
    """Open an image for its headers, mapping Pillow's failures to the service's errors."""
    # Pillow's own bomb check warns between 1x and 2x its cap; make it an error at 1x.
    Image.MAX_IMAGE_PIXELS = max(limits.max_pixels, Image.MAX_IMAGE_PIXELS or 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]]) as img:
                yield img
    except (TooLarge, Unprocessable, Timeout):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooLarge(
            f"the image exceeds the limit of {limits.max_pixels} pixels per page (OCR_MAX_PIXELS)",
            code="image_too_large",
        ) from None
    except MemoryError:
        raise TooLarge("the image is too large to decode", code="image_too_large") from None
    except UnidentifiedImageError:
        # its signature is the format's, its headers are none Pillow reads: broken, or a
        # variant of the format it does not decode (a TIFF of floating-point colour samples)
        raise Unprocessable(
            "the image is corrupt, or a variant of its format that cannot be decoded; "
            "send it as an 8-bit PNG or JPEG"
        ) from None
    except Exception:
        # Truncated or corrupt data: Pillow raises OSError, SyntaxError, ValueError...
        raise Unprocessable("the image is corrupt or truncated and cannot be decoded") from None


def _check_complete(data: bytes, kind: str, limits: Limits) -> None:
    """Refuse a truncated or corrupt JPEG or PNG from its structure, without decoding it.

    A JPEG's last scan must be followed by its end-of-image marker (inside the
    compressed data 0xFF is always escaped, so both markers are real ones); a PNG's
    chunks must all be present with their checksums right.
    """
    if kind == "jpeg":
        if data.rfind(b"\xff\xd9") < data.rfind(b"\xff\xda"):
            raise Unprocessable("the image is corrupt or truncated and cannot be decoded")
        # every scan of a progressive JPEG is decoded over the whole image, and a scan may take
        # a few bytes: thousands of them in a small file hold a worker for minutes, beyond the
        # reach of any deadline (the decoder cannot be stopped). Encoders write about ten.
        if data.count(b"\xff\xda") > MAX_JPEG_SCANS:
            raise Unprocessable(
                f"the JPEG holds more than {MAX_JPEG_SCANS} scans; no camera or encoder writes so many"
            )
        return
    with _opened_image(data, kind, limits) as img:
        img.verify()


def _frames_read(kind: str) -> bool:
    # Animated GIF/WebP: the first frame is the document; a TIFF's frames are its pages.
    return kind == "tiff"


def _check_tiles(img, limits: Limits) -> None:
    """A TIFF page's tiles, each decoded whole, hold no more pixels than a page may: a tiny page
    with one huge tile takes the tile's memory, whatever the page's size says."""
    tags = getattr(img, "tag_v2", None)
    if tags is None:
        return
    tile_width, tile_length = tags.get(322), tags.get(323)  # TileWidth, TileLength
    tiled = isinstance(tile_width, int) and isinstance(tile_length, int)
    if tiled and tile_width * tile_length > limits.max_pixels:
        raise TooLarge(
            f"a tile of the image exceeds the limit of {limits.max_pixels} pixels per page (OCR_MAX_PIXELS)",
            code="image_too_large",
        )


def _image_sizes(data: bytes, kind: str, limits: Limits) -> list[tuple[int, int]]:
    sizes = []
    with _opened_image(data, kind, limits) as img:
        width, height = img.size
        if width <= 0 or height <= 0:
            raise Unprocessable("the image has no pixels")
        if width * height > limits.max_pixels:
            raise _page_too_many_pixels(limits, width, height)
        _check_tiles(img, limits)
        sizes.append((width, height))
        if _frames_read(kind):
            # Walk the frame headers one by one (never n_frames, which walks them all):
            # stop one past the page limit.
            for index in range(1, limits.max_pages + 1):
                try:
                    img.seek(index)
                except EOFError:
                    break
                if index == limits.max_pages:
                    raise _too_many_pages(limits)
                width, height = img.size
                if width <= 0 or height <= 0:
                    raise Unprocessable("the image has no pixels")
                if width * height > limits.max_pixels:
                    raise _page_too_many_pixels(limits, width, height)
                _check_tiles(img, limits)
                sizes.append((width, height))
    return sizes


# The longest side an image is read at, in whole fractions of its size: a JPEG decoded at 1/2,
# 1/4 or 1/8 of its size (libjpeg's own scaling), any image larger still reduced by a whole
# factor (each pixel the mean of a block). The text reader works on 2000 pixels a side at most
# (rapidocr's ``max_side_len`` shrinks anything larger), so a 600 dpi A4 scan (35 megapixels,
# 100 MB a copy, several copies on the way) gives it no more at full size than at 300 dpi;
# the MRZ reader crops from the page itself, and a passport page scanned alone stays whole.
READ_SIDE = 3000
# the most scans a JPEG may hold (libjpeg-turbo's advice for its scan limit)
MAX_JPEG_SCANS = 500
_REDUCIBLE = {"L", "LA", "RGB", "RGBA", "CMYK", "I", "F"}
_UNREDUCIBLE = {"1": "L", "P": "RGB", "PA": "RGBA"}  # what each is made before it is reduced
_QUARTER_TURNS = {5, 6, 7, 8}


def _image_pages(data: bytes, kind: str, limits: Limits) -> list[Page]:
    pages = []
    with _opened_image(data, kind, limits) as img:
        count = limits.max_pages if _frames_read(kind) else 1
        for index in range(count):
            checkpoint()
            if index:
                try:
                    img.seek(index)
                except EOFError:
                    break
            file_size = img.size
            if index == 0 and kind == "jpeg" and max(file_size) >= 2 * READ_SIDE:
                side = READ_SIDE / max(file_size)
                img.draft(None, (math.ceil(file_size[0] * side), math.ceil(file_size[1] * side)))
            turned = index == 0 and img.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS
            if index == 0 and not _frames_read(kind):
                # upright in place: exif_transpose's default returns a copy even of an upright
                # image (160 MB more at 40 megapixels in RGB)
                ImageOps.exif_transpose(img, in_place=True)
                frame = img
            else:
                frame = ImageOps.exif_transpose(img) if index == 0 else img.copy()
            frame.load()
            if frame.mode.startswith("I;16"):
                frame = _eight_bit(frame)  # (Pillow reduces no 16-bit image)
            factor = max(frame.size) // READ_SIDE
            if factor >= 2 and frame.mode in _UNREDUCIBLE:
                # Pillow reduces neither a 1-bit image (a fax, a 600 dpi G4 TIFF) nor a palette
                # one: to grey, or to the palette's colours (with its transparency), first
                frame = frame.convert(
                    "RGBA" if frame.mode == "P" and "transparency" in frame.info else _UNREDUCIBLE[frame.mode]
                )
            if factor >= 2 and frame.mode in _REDUCIBLE:
                frame = frame.reduce(factor)
            frame = _eight_bit(frame)  # 32-bit integers and floats, once reduced
            if turned:
                file_size = file_size[::-1]  # turned upright from its EXIF orientation
            shrunk = file_size if max(file_size) > max(frame.size) else None
            pages.append(Page(number=index + 1, image=_to_bgr(frame), file_size=shrunk))
            del frame
    return pages
