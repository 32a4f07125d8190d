"""A PDF's pages through pdfium: their sizes, their text layers, their pixels; and the HEIF
and AVIF images' (``imaging.CHILD_KINDS``), through their decoders.

Everything here calls into pdfium or those decoders and runs where ``pdf_worker`` puts it: in a
child process with a memory limit (by default), one call at a time. ``imaging`` is what the rest
of the service calls.
"""

from __future__ import annotations

import math
import time

import cv2
import numpy as np

from .deadline import checkpoint
from .errors import Unprocessable
from .imaging import Limits, Page, _image_pages, _image_sizes, _to_bgr, _too_many_pages, sized_work

# pdfium's bitmap formats (``rev_byteorder=False``: its own byte order, blue first)
_BITMAP_TO_BGR = {"BGRA": cv2.COLOR_BGRA2BGR, "BGRX": cv2.COLOR_BGRA2BGR, "L": cv2.COLOR_GRAY2BGR}


def _bitmap_bgr(bitmap) -> np.ndarray:
    """A rendered pdfium bitmap as a BGR array of its own (the bitmap is closed after)."""
    pixels = bitmap.to_numpy()
    if bitmap.mode == "BGR":
        return np.array(pixels, dtype=np.uint8, copy=True, order="C")
    if bitmap.mode in _BITMAP_TO_BGR:
        return cv2.cvtColor(np.ascontiguousarray(pixels), _BITMAP_TO_BGR[bitmap.mode])
    return _to_bgr(bitmap.to_pil())


def _pdf_scale(width_pt: float, height_pt: float, limits: Limits) -> float:
    """Render scale of a page: the configured DPI, bounded to ``max_render_pixels``."""
    scale = limits.pdf_dpi / 72.0
    area = width_pt * height_pt * scale * scale
    if area > limits.max_render_pixels:
        scale *= (limits.max_render_pixels / area) ** 0.5
    return scale


def _open_pdf(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise Unprocessable("the PDF is corrupt, encrypted or unreadable", code="unreadable_pdf") from None


def _page_sizes(pdf, limits: Limits) -> list[tuple[int, int]]:
    """Rendered pixel sizes of every page of an opened PDF, from the page boxes (no page loaded);
    the limits on pages and page sides checked."""
    count = len(pdf)
    if count == 0:
        raise Unprocessable("the PDF has no pages", code="unreadable_pdf")
    if count > limits.max_pages:
        raise _too_many_pages(limits, count)
    sizes = []
    for index in range(count):
        width_pt, height_pt = pdf.get_page_size(index)
        if max(width_pt, height_pt) > limits.max_pdf_page_points or min(width_pt, height_pt) <= 0:
            raise Unprocessable(
                f"a PDF page is {width_pt:.0f}x{height_pt:.0f} points; the largest side "
                f"accepted is {limits.max_pdf_page_points:.0f} points (OCR_MAX_PDF_PAGE_POINTS)",
                code="page_too_large",
            )
        scale = _pdf_scale(width_pt, height_pt, limits)
        sizes.append((max(1, round(width_pt * scale)), max(1, round(height_pt * scale))))
    return sizes


def pdf_sizes(data: bytes, limits: Limits) -> list[tuple[int, int]]:
    """Rendered pixel sizes of every page, from the page boxes; each page then loaded to count
    the pictures it draws (``check_drawn_pictures``)."""
    import pypdfium2 as pdfium

    from .pdftext import check_drawn_pictures

    pdf = _open_pdf(data)
    try:
        sizes = _page_sizes(pdf, limits)
        for index in range(len(sizes)):
            # pictures that would take seconds to draw: refused now, before the document
            # queues for an engine (``_render`` checks again)
            check_drawn_pictures(pdf[index], limits.max_total_pixels, close=True)
        return sizes
    except pdfium.PdfiumError:
        raise Unprocessable("the PDF is corrupt, encrypted or unreadable", code="unreadable_pdf") from None
    finally:
        pdf.close()


def _render(page, limits: Limits) -> np.ndarray:
    """Render a pypdfium2 page (then close it) at the service's DPI.

    A page whose pictures hold more pixels than ``max_total_pixels`` (a 30000 x 30000 picture
    of zeros drawn thirty times fits in 3 MB) is refused first: pdfium decodes each picture it
    draws in one call, which only the end of the process working on it can stop."""
    from .pdftext import check_drawn_pictures

    try:
        check_drawn_pictures(page, limits.max_total_pixels)
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=_pdf_scale(width_pt, height_pt, limits), rev_byteorder=False)
        try:
            return _bitmap_bgr(bitmap)
        finally:
            bitmap.close()
    finally:
        page.close()


def _text_page(page, number: int, limits: Limits, budget) -> Page:
    """The page read from its text layer (no image), or, when the layer is not to be trusted,
    a page with no lines yet: only the time spent looking. The page stays open."""
    from .pdftext import read_text_layer

    started = time.perf_counter()
    width_pt, height_pt = page.get_size()
    scale = _pdf_scale(width_pt, height_pt, limits)
    # the size pdfium renders the page to (see PdfPage.render)
    size = (math.ceil(width_pt * scale), math.ceil(height_pt * scale))
    layer = read_text_layer(page, size[0], size[1], budget)
    return Page(
        number=number,
        image=None,
        text_lines=layer.lines if layer.usable else None,
        size=size,
        text_seconds=time.perf_counter() - started,
        pictures=layer.pictures,
    )


def pdf_document(data: bytes, text_layer: bool, render_first: bool, limits: Limits) -> list[Page]:
    """Every page of a PDF, measured and read in one call, the document opened and each page
    loaded once: every limit of ``pdf_sizes`` checked (a page's pictures when it is loaded, before
    it is read), then each page read from its text layer (with ``text_layer``) when it can be
    trusted, rendered otherwise.

    With ``render_first``, a first page read from its text layer comes with its pixels
    (``Page.rendered``): a receipt's figures are checked on them (``layer_check``), and each
    call to a child costs a few milliseconds of a text-layer PDF's few tens."""
    import pypdfium2 as pdfium

    from .pdftext import CharBudget, check_drawn_pictures

    pdf = _open_pdf(data)
    try:
        try:
            sized_work("pdf", _page_sizes(pdf, limits), limits)
        except pdfium.PdfiumError:
            raise Unprocessable(
                "the PDF is corrupt, encrypted or unreadable", code="unreadable_pdf"
            ) from None
        budget = CharBudget(limits.max_pdf_page_chars, limits.max_pdf_chars)
        pages = []
        for index in range(len(pdf)):
            checkpoint()  # in the service's own process (OCR_PDF_WORKERS=0); a child has no deadline
            page = pdf[index]
            try:
                check_drawn_pictures(page, limits.max_total_pixels)
                read = _text_page(page, index + 1, limits, budget) if text_layer else None
            except BaseException:
                page.close()
                raise
            if read is None or read.text_lines is None:
                looked = read.text_seconds if read else 0.0
                read = Page(number=index + 1, image=_render(page, limits), text_seconds=looked)
            elif render_first and index == 0:
                read.rendered = _render(page, limits)
            else:
                page.close()
            pages.append(read)
        return pages
    except pdfium.PdfiumError:
        raise Unprocessable("a PDF page cannot be rendered", code="unreadable_pdf") from None
    finally:
        pdf.close()


def render_page(data: bytes, number: int, limits: Limits) -> Page:
    """Page ``number`` (from 1) of a PDF ``pdf_sizes`` has passed, rendered."""
    import pypdfium2 as pdfium

    pdf = _open_pdf(data)
    try:
        return Page(number=number, image=_render(pdf[number - 1], limits))
    except pdfium.PdfiumError:
        raise Unprocessable("a PDF page cannot be rendered", code="unreadable_pdf") from None
    finally:
        pdf.close()


def image_sizes(data: bytes, kind: str, limits: Limits) -> list[tuple[int, int]]:
    """A HEIF or AVIF image's page sizes, from its headers (``imaging.measure``)."""
    return _image_sizes(data, kind, limits)


def image_document(data: bytes, kind: str, limits: Limits) -> list[Page]:
    """A HEIF or AVIF image measured (every limit, from its headers) and decoded."""
    sized_work(kind, _image_sizes(data, kind, limits), limits)
    return _image_pages(data, kind, limits)
