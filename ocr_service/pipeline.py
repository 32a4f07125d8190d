"""From bytes to the ``/ocr`` response: decode, read, classify, extract fields.

Runs in the worker thread that owns ``engine``; shared by the API and the CLI. Each
page is read in full at most once: ``passport`` reads only the machine readable zone;
``auto`` reads every page, and a page whose lines show an MRZ has only its MRZ lines
read again, by the MRZ reader (which falls back on the lines already read).

A PDF page with a text layer that can be trusted (``pdftext``) is read from it, not by
OCR. Passports never are: ``passport`` reads pixels, and in ``auto`` a text-layer page
whose lines show an MRZ is rendered and read by OCR like a scan. The MRZ reader's
verdict rests on what the pixels show, and a text layer is as easy to forge as to write.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import cv2

from .engines import Engine, Line
from .errors import Unprocessable
from .imaging import MIME_TYPES, Limits, Page, load_pages, render_pdf_page
from .orientation import upright
from .receipt_doubts import RECEIPT_THRESHOLD, doubted
from .schemas import (
    DOC_TYPES,
    DocType,
    EngineInfo,
    NoFields,
    OcrLine,
    OcrPage,
    PassportFields,
    PassportResponse,
    ReceiptFields,
    ReceiptResponse,
    TextResponse,
)
from .second_look import second_look

# white pixels around a picture read on its own
PAD = 16


OcrResult = ReceiptResponse | PassportResponse | TextResponse


class NoMrzFound(Unprocessable):
    code = "no_mrz_found"

    def __init__(self, confidence: float):
        super().__init__("No MRZ detected in image")
        self.confidence = confidence


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 1)


@dataclass
class _Read:
    """What the pages said: the detected type, each page's lines, the fields."""

    doc_type: DocType
    page_lines: list[list[Line]]
    fields: ReceiptFields | PassportFields | NoFields = field(default_factory=NoFields)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _passport(pages: list[Page], engine: Engine) -> _Read:
    """The MRZ of the first page that has one (the MRZ lines only), or NoMrzFound."""
    from .mrz import scan_mrz

    # how sure the document holds no MRZ: as sure as its least sure page (a page with MRZ-like
    # print that could not be read makes a blank page beside it no proof of anything)
    no_mrz = 1.0
    for page in pages:
        outcome = scan_mrz(page.image, engine)
        if outcome.result is not None:
            # The MRZ reader reads line crops, not the page: no page lines to report.
            return _Read(
                DocType.passport,
                [[] for _ in pages],
                PassportFields.from_mrz(outcome.result, other_people=outcome.other_people),
                ["passport mode reads the machine-readable zone only", *outcome.warnings],
            )
        no_mrz = min(no_mrz, outcome.confidence)
    raise NoMrzFound(no_mrz)


# readings of turned pages one request may make, all its pages together (two for a page on its
# side, one upside down): a file of many such pages, or a hostile one, costs at most this many more
TURN_READS = 4
# looks of the MRZ reader's own at pages of a document sent as ``auto`` whose lines show no MRZ that
# parses (a row like one, or no receipt): a file of many such pages, or a hostile one, costs this many
MRZ_LOOKS = 2


def _read_pages(
    pages: list[Page], engine: Engine, data: bytes, limits: Limits
) -> tuple[list[list[Line]], dict[str, float]]:
    """Each page's lines: its text layer's (and its pictures', by OCR), or the engine's; the
    engine's time is ``ocr``, when it was asked."""
    started = time.perf_counter()
    page_lines = []
    asked = False
    turn_reads = TURN_READS  # a request's readings of pages turned, all pages together
    for page in pages:
        if page.text_lines is None:
            lines, reads = _upright(page, engine.ocr(page.image), engine, turn_reads)
            turn_reads -= reads
            if limits.second_look == "always":
                lines = second_look(page.image, lines, engine)
            page_lines.append(lines)
            asked = True
        elif page.pictures:
            page_lines.append(_with_pictures(page, engine, data, limits))
            asked = True
        else:
            page_lines.append(page.text_lines)
    return page_lines, ({"ocr": _ms(time.perf_counter() - started)} if asked else {})


def _upright(page: Page, lines: list[Line], engine: Engine, reads_left: int) -> tuple[list[Line], int]:
    """The page's lines, read again turned upright when they say it came on its side or upside
    down (``orientation``), and the readings that took; the page then holds the turned image."""
    degrees, image, lines, reads = upright(page.image, lines, engine, reads_left)
    if degrees:
        page.image, page.turned = image, degrees
        if page.file_size is not None and degrees != 180:
            page.file_size = page.file_size[::-1]
    return lines, reads


def _with_pictures(page: Page, engine: Engine, data: bytes, limits: Limits) -> list[Line]:
    """A text-layer page's lines and, read by OCR, what its pictures print (a logo's name)."""
    from .pdftext import reading_order

    image = _rendered(page, data, limits)
    lines = list(page.text_lines)
    for x0, y0, x1, y1 in page.pictures:
        left, top = int(x0), int(y0)
        crop = image[top : int(round(y1)), left : int(round(x1))]
        # the detector needs paper around what it finds (a tight crop of a logo reads as noise)
        crop = cv2.copyMakeBorder(crop, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=(255, 255, 255))
        dx, dy = left - PAD, top - PAD
        lines.extend(line.shifted(dy, dx) for line in engine.ocr(crop))
    return reading_order(lines)


def _rendered(page: Page, data: bytes, limits: Limits):
    """A text-layer page's pixels, rendered once whatever asks for them (its pictures, the check
    of its figures, OCR when it is not trusted)."""
    if page.rendered is None:
        page.rendered = render_pdf_page(data, page.number, limits).image
    return page.rendered


def _auto(pages: list[Page], engine: Engine, data: bytes, limits: Limits) -> _Read:
    """Read every page once; a page whose lines show an MRZ is a passport (its MRZ lines are
    read again, precisely; a page with a row like an MRZ line, fillers and all, though none
    parsed, is given the MRZ reader's look too), else a receipt when the first page looks like
    one, else text.
    A text-layer page that shows an MRZ is rendered and read from its pixels instead."""
    from .mrz import mrz_from_page_lines
    from .receipt import looks_like_receipt

    for index, page in enumerate(pages):
        if page.text_lines is not None and mrz_from_page_lines(page.text_lines).result is not None:
            pages[index] = Page(number=page.number, image=_rendered(page, data, limits))
    page_lines, timings = _read_pages(pages, engine, data, limits)
    looks = _MrzLooks(pages, page_lines, engine, timings)
    if found := looks.where_the_lines_show_one():
        return found
    # (RECEIPT_THRESHOLD: the score at which an "auto" page is a receipt)
    if page_lines[0] and looks_like_receipt(page_lines[0]) >= RECEIPT_THRESHOLD:
        return _receipt(pages, page_lines, engine, data, limits, timings)
    return looks.on_the_first_pages() or _Read(DocType.text, page_lines, timings=timings)


class _MrzLooks:
    """The MRZ reader's own looks at the pages of a document sent as ``auto``: at a page whose
    lines hold an MRZ that parses (read again, precisely), and at most ``MRZ_LOOKS`` others in
    all (a hostile file of rows like MRZ lines costs that many)."""

    def __init__(self, pages: list[Page], page_lines: list[list[Line]], engine: Engine, timings: dict):
        self.pages, self.page_lines, self.engine, self.timings = pages, page_lines, engine, timings
        self.looked: set[int] = set()

    def _look(self, index: int) -> _Read | None:
        from .mrz import scan_mrz

        self.looked.add(index)
        outcome = scan_mrz(self.pages[index].image, self.engine, page_lines=self.page_lines[index])
        if outcome.result is None:
            return None
        fields = PassportFields.from_mrz(outcome.result, other_people=outcome.other_people)
        return _Read(DocType.passport, self.page_lines, fields, list(outcome.warnings), self.timings)

    def _budget_left(self) -> bool:
        return len(self.looked) < MRZ_LOOKS

    def where_the_lines_show_one(self) -> _Read | None:
        """A page whose lines hold an MRZ, or a row like an MRZ line (fillers and all, though
        none parsed: a line the detector cut short)."""
        from .mrz import mrz_from_page_lines

        for index, lines in enumerate(self.page_lines):
            seen = mrz_from_page_lines(lines)
            worth = seen.result is not None or (seen.filler_row and self._budget_left())
            if worth and (found := self._look(index)):
                return found
        return None

    def on_the_first_pages(self) -> _Read | None:
        """The first pages read by OCR, for an MRZ standing on end or upside down (a passport
        photographed sideways, a two-page spread whose other page, on end, turned the page)
        where the page's lines show none."""
        for index, page in enumerate(self.pages):
            if not self._budget_left():
                break
            if page.text_lines is None and index not in self.looked and (found := self._look(index)):
                return found
        return None


def _receipt(
    pages: list[Page],
    page_lines: list[list[Line]],
    engine: Engine,
    data: bytes,
    limits: Limits,
    timings: dict,
) -> _Read:
    """A receipt's fields; the figures a text layer gave checked against what its pages show
    (``layer_check``); when its total or tax went unfound (OCR_SECOND_LOOK=missing), its
    OCR'd pages get a second look at the print no line covers, and the fields are read again."""
    fields = _receipt_fields(pages, page_lines)
    fields, warnings, timings, capped = _layer_checked(
        pages, page_lines, fields, engine, data, limits, timings
    )
    scanned = any(page.text_lines is None for page in pages)
    if limits.second_look == "missing" and scanned and not (fields.total.value and fields.tax.value):
        started = time.perf_counter()
        again = [
            second_look(page.image, lines, engine) if page.text_lines is None else lines
            for page, lines in zip(pages, page_lines, strict=True)
        ]
        if any(new is not old for new, old in zip(again, page_lines, strict=True)):
            # read again, the names the text layer says and its page does not show stay guesses
            page_lines, fields = again, _capped(_receipt_fields(pages, again), capped)
        timings = {**timings, "second_look": _ms(time.perf_counter() - started)}
    fields, warnings = doubted(fields, warnings, page_lines, [page.number for page in pages])
    return _Read(DocType.receipt, page_lines, fields, warnings=warnings, timings=timings)


def _layer_checked(
    pages: list[Page],
    page_lines: list[list[Line]],
    fields: ReceiptFields,
    engine: Engine,
    data: bytes,
    limits: Limits,
    timings: dict,
) -> tuple[ReceiptFields, list[str], dict, set[str]]:
    """The fields, once the lines of text-layer pages that print the total, tax, net amount or
    date were seen on the rendered page: a page whose pixels do not show them is read by OCR
    (in ``pages`` and ``page_lines``, in place) and the fields read again; and the names of the
    fields held to a guess's confidence (a name a trusted layer says and its page does not show)."""
    from . import layer_check
    from .layer_ink import unexplained_ink

    layer = {index for index, page in enumerate(pages) if page.text_lines is not None}
    if not layer:
        return fields, [], timings, set()
    started = time.perf_counter()
    own_lines = [page.text_lines if page.text_lines is not None else [] for page in pages]
    untrusted: set[int] = set()
    found = layer_check.claims(fields, own_lines, layer)
    # lines read from pixels: scanned pages, and the pictures of text pages
    own_ids = {id(line) for lines in own_lines for line in lines}

    def pixel_lines() -> list[Line]:
        return [line for lines in page_lines for line in lines if id(line) not in own_ids]

    from_pixels = pixel_lines()
    if layer_check.unclaimed(fields, found, from_pixels) or layer_check.split(fields, own_lines, layer):
        untrusted |= layer  # a figure from a text layer no line of it can be seen to print
    # the vendor's name and the receipt number: the first line of each seen with the figures,
    # in the same batches
    names = layer_check.to_read(fields, layer_check.named(fields, own_lines, layer - untrusted), from_pixels)
    first = layer_check.first_of_each(names)
    checked = [claim for claim in found if claim.page not in untrusted]
    seen = _seen(pages, checked + [names[i] for i in first], engine, data, limits)
    first_seen = dict(zip(first, seen[len(checked) :], strict=True))
    for index in sorted({claim.page for claim in checked}):
        image = _rendered(pages[index], data, limits)
        if unexplained_ink(image, own_lines[index], pages[index].pictures) or not all(
            ok for claim, ok in zip(checked, seen[: len(checked)], strict=True) if claim.page == index
        ):
            untrusted.add(index)
    warnings = []
    for index in sorted(untrusted):
        image = _rendered(pages[index], data, limits)
        pages[index] = Page(number=pages[index].number, image=image)
        page_lines[index] = engine.ocr(image)
        warnings.append(f"page {pages[index].number}: its text layer does not show what it says; read by OCR")
    if untrusted:
        fields = _receipt_fields(pages, page_lines)
        from_pixels = pixel_lines()
        # the names as read now, on the pages still trusted
        names = layer_check.to_read(
            fields, layer_check.named(fields, own_lines, layer - untrusted), from_pixels
        )
        names_seen = _names_seen(pages, names, {}, engine, data, limits)
    else:
        # a name's other lines, where its first was not seen
        names_seen = _names_seen(pages, names, first_seen, engine, data, limits)
    # a name a trusted layer says and its page does not show: a guess at most
    capped = set(layer_check.unseen_names(fields, names, from_pixels, names_seen))
    fields = _capped(fields, capped)
    return fields, warnings, {**timings, "layer_check": _ms(time.perf_counter() - started)}, capped


def _capped(fields: ReceiptFields, names: set[str]) -> ReceiptFields:
    """``fields`` with the fields ``names`` at a guess's confidence at most."""
    from .receipt.calibration import GUESS_CEILING

    if not names:
        return fields
    return fields.model_copy(
        update={
            name: getattr(fields, name).model_copy(
                update={"confidence": min(getattr(fields, name).confidence, GUESS_CEILING)}
            )
            for name in names
        }
    )


def _names_seen(
    pages: list[Page], names: list, known: dict[int, bool], engine: Engine, data: bytes, limits: Limits
) -> list[bool]:
    """For each name claim of ``names`` (``layer_check.named``), whether its page shows it, as far
    as it is read: a name is seen when one of its lines is (``layer_check.unseen_names``), so the
    first of each (``first_of_each``) is read first, and its others only when it is not seen;
    a line not read counts as unseen. ``known``: the claims seen already (by their index)."""
    from . import layer_check

    if not known:
        first = layer_check.first_of_each(names)
        known = dict(zip(first, _seen(pages, [names[i] for i in first], engine, data, limits), strict=True))
    seen_names = {names[i].field for i, ok in known.items() if ok}
    rest = [i for i, claim in enumerate(names) if i not in known and claim.field not in seen_names]
    known = {
        **known,
        **dict(zip(rest, _seen(pages, [names[i] for i in rest], engine, data, limits), strict=True)),
    }
    return [known.get(i, False) for i in range(len(names))]


def _seen(pages: list[Page], found: list, engine: Engine, data: bytes, limits: Limits) -> list[bool]:
    """For each claim of ``found``, whether its page shows it."""
    from . import layer_check

    seen = [False] * len(found)
    for index in sorted({claim.page for claim in found}):
        mine = [i for i, claim in enumerate(found) if claim.page == index]
        shown = layer_check.shown(_rendered(pages[index], data, limits), [found[i] for i in mine], engine)
        for i, ok in zip(mine, shown, strict=True):
            seen[i] = ok
    return seen


def _receipt_fields(pages: list[Page], page_lines: list[list[Line]]) -> ReceiptFields:
    """Receipt fields over all pages, stacked top to bottom (totals end long receipts)."""
    from .receipt import extract_receipt_fields

    stacked: list[Line] = []
    offset = 0.0
    for page, lines in zip(pages, page_lines, strict=True):
        stacked += [line.shifted(offset) for line in lines]
        offset += page.height
    return ReceiptFields.model_validate(extract_receipt_fields(stacked, page_height=int(offset)))


def _read(requested: DocType, pages: list[Page], engine: Engine, data: bytes, limits: Limits) -> _Read:
    if requested is DocType.passport:
        return _passport(pages, engine)
    if requested is DocType.auto:
        return _auto(pages, engine, data, limits)
    page_lines, timings = _read_pages(pages, engine, data, limits)
    if requested is DocType.receipt:
        return _receipt(pages, page_lines, engine, data, limits, timings)
    return _Read(DocType.text, page_lines, timings=timings)


def _response(doc: _Read, **common) -> OcrResult:
    if doc.doc_type is DocType.passport:
        return PassportResponse(fields=doc.fields, **common)
    if doc.doc_type is DocType.receipt:
        return ReceiptResponse(fields=doc.fields, **common)
    return TextResponse(**common)


def process_document(data: bytes, doc_type: DocType | str, engine: Engine, limits: Limits) -> OcrResult:
    """OCR ``data`` and return the ``POST /ocr`` response for it."""
    if doc_type not in DOC_TYPES:
        raise Unprocessable(f"doc_type must be one of {', '.join(DOC_TYPES)}", code="invalid_doc_type")
    requested = DocType(doc_type)
    started = time.perf_counter()
    # passports are read from pixels only (see the module's docstring)
    # a receipt's figures read from a text layer are checked on the first page's pixels:
    # rendered in the same call to the PDF child
    kind, pages = load_pages(
        data,
        limits,
        text_layer=requested is not DocType.passport,
        render_first=requested in (DocType.auto, DocType.receipt),
    )
    decoded = time.perf_counter()
    text_seconds = sum(page.text_seconds for page in pages)
    doc = _read(requested, pages, engine, data, limits)
    timings = {"decode": _ms(decoded - started - text_seconds)}
    if kind == "pdf" and limits.pdf_text_layer and requested is not DocType.passport:
        timings["text_layer"] = _ms(text_seconds)  # looking, whether the layer was used or not
    timings.update(doc.timings)
    timings["total"] = _ms(time.perf_counter() - started)
    text = "\n".join(line.text for lines in doc.page_lines for line in lines)
    if isinstance(doc.fields, PassportFields) and not text:
        text = "\n".join(doc.fields.mrz_lines.value)
    return _response(
        doc,
        requested_doc_type=requested,
        mime_type=MIME_TYPES[kind],
        sha256=hashlib.sha256(data).hexdigest(),
        pages=[_page(page, lines) for page, lines in zip(pages, doc.page_lines, strict=True)],
        text=text,
        engine=EngineInfo.model_validate(engine.describe()),
        processing_ms=timings["total"],
        timings_ms=timings,
        warnings=[
            *doc.warnings,
            *(f"page {p.number} was read turned by {p.turned} degrees clockwise" for p in pages if p.turned),
        ],
    )


def _page(page: Page, lines: list[Line]) -> OcrPage:
    """A page of the answer, in the file's pixels (an image read smaller is scaled back)."""
    width, height = page.shown_size
    scale = (width / page.width, height / page.height)
    return OcrPage(
        page=page.number,
        width=width,
        height=height,
        source=page.source,
        lines=[_line(x, scale) for x in lines],
    )


def _line(line: Line, scale: tuple[float, float]) -> OcrLine:
    """A line of the answer, its box scaled by ``scale`` (across, down) into the file's pixels."""
    x, y = scale
    return OcrLine(
        text=line.text,
        confidence=round(float(line.confidence), 4),
        bbox=[round(float(v) * k, 1) for v, k in zip(line.bbox, (x, y, x, y), strict=True)],
    )
