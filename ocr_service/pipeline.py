"""From bytes to the ``/ocr`` response: decode, OCR, classify, extract fields.

Runs in the worker thread that owns ``engine``; shared by the API and the CLI.
"""

from __future__ import annotations

import hashlib
import time

from .engines import Engine, Line
from .errors import Unprocessable
from .imaging import MIME_TYPES, Limits, Page, load_pages

DOC_TYPES = ("auto", "receipt", "passport", "text")

# looks_like_receipt() scores at or above this make an "auto" document a receipt.
RECEIPT_THRESHOLD = 0.5


class NoMrzFound(Unprocessable):
    code = "no_mrz_found"

    def __init__(self, confidence: float):
        super().__init__("No MRZ detected in image")
        self.confidence = confidence


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 1)


def _page_dict(page: Page, lines: list[Line]) -> dict:
    return {
        "page": page.number,
        "width": page.width,
        "height": page.height,
        "lines": [line.to_dict() for line in lines],
    }


def _scan_passport(pages: list[Page], engine: Engine):
    """Try each page for an MRZ; return (page, outcome) of the first found, or raise."""
    from .mrz import scan_mrz

    best_confidence = 0.0
    for page in pages:
        outcome = scan_mrz(page.image, engine)
        if outcome.result is not None and _plausible_mrz(outcome.result.to_fields()):
            return page, outcome
        best_confidence = max(best_confidence, float(outcome.confidence or 0.0))
    raise NoMrzFound(best_confidence)


# An MRZ with fewer check digits holding than this is text forced into the MRZ shape.
MIN_CHECK_DIGITS_HOLDING = 2


def _plausible_mrz(fields: dict) -> bool:
    """True when the MRZ read is a real one, even with unverified fields."""
    if (fields.get("valid") or {}).get("value"):
        return True
    digits = (fields.get("check_digits") or {}).get("value") or {}
    return sum(1 for ok in digits.values() if ok) >= MIN_CHECK_DIGITS_HOLDING


def process_document(data: bytes, doc_type: str, engine: Engine, limits: Limits) -> dict:
    """OCR ``data`` and return the response body of ``POST /ocr``."""
    if doc_type not in DOC_TYPES:
        raise Unprocessable(f"doc_type must be one of {', '.join(DOC_TYPES)}", code="invalid_doc_type")
    started = time.perf_counter()
    kind, pages = load_pages(data, limits)
    decoded = time.perf_counter()
    timings = {"decode": _ms(decoded - started)}
    warnings: list[str] = []
    fields: dict = {}
    detected = doc_type
    page_lines: list[list[Line]] = []

    if doc_type == "passport":
        _, outcome = _scan_passport(pages, engine)
        fields = outcome.result.to_fields()
        # The MRZ reader reads line crops, not the page: no page lines to report.
        page_lines = [[] for _ in pages]
        warnings.append("passport mode reads the machine-readable zone only")
    else:
        for page in pages:
            page_lines.append(engine.ocr(page.image))
        timings["ocr"] = _ms(time.perf_counter() - decoded)
        all_texts = [line.text for lines in page_lines for line in lines]
        if doc_type == "auto":
            detected = _classify(all_texts, page_lines)
        if detected == "passport":
            try:
                mrz_page, outcome = _scan_passport(pages, engine)
                fields = outcome.result.to_fields()
            except NoMrzFound:
                detected = "text"
                warnings.append("the page looked like an MRZ but none could be read")
        if detected == "receipt":
            fields = _receipt_fields(pages, page_lines)
    timings["total"] = _ms(time.perf_counter() - started)

    text = "\n".join(line.text for lines in page_lines for line in lines)
    if detected == "passport" and not text:
        text = "\n".join(fields.get("mrz_lines", {}).get("value") or [])
    return {
        "doc_type": detected,
        "requested_doc_type": doc_type,
        "mime_type": MIME_TYPES[kind],
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": [_page_dict(page, lines) for page, lines in zip(pages, page_lines, strict=True)],
        "text": text,
        "fields": fields,
        "engine": engine.describe(),
        "processing_ms": timings["total"],
        "timings_ms": timings,
        "warnings": warnings,
    }


def _receipt_fields(pages: list[Page], page_lines: list[list[Line]]) -> dict:
    """Read receipt fields over all pages, stacked top to bottom (totals end long receipts)."""
    from .receipt import extract_receipt_fields

    stacked: list[Line] = []
    offset = 0.0
    for page, lines in zip(pages, page_lines, strict=True):
        for line in lines:
            x0, y0, x1, y1 = line.bbox
            stacked.append(
                Line(
                    text=line.text,
                    confidence=line.confidence,
                    bbox=[x0, y0 + offset, x1, y1 + offset],
                    polygon=[[x, y + offset] for x, y in line.polygon],
                )
            )
        offset += page.height
    return extract_receipt_fields(stacked, page_height=int(offset))


def _classify(texts: list[str], page_lines: list[list[Line]]) -> str:
    from .mrz import looks_like_mrz

    if looks_like_mrz(texts):
        return "passport"
    from .receipt import looks_like_receipt

    if page_lines and page_lines[0] and looks_like_receipt(page_lines[0]) >= RECEIPT_THRESHOLD:
        return "receipt"
    return "text"
