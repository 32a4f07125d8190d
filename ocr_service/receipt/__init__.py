"""Receipt understanding: fields from OCR lines, and how much a page looks like a receipt.

``extract_receipt_fields(lines, page_height=None, locale=None)`` returns the keys ``vendor``,
``date`` (ISO 8601), ``total``, ``subtotal``, ``tax`` (decimal strings such as ``"12.50"``),
``currency`` (ISO 4217) and ``receipt_number``, each ``{"value": str | None, "confidence": float}``.
``locale`` (``"de_DE"``, ``"en-US"``, ...) is a hint for the decimal separator, the day/month
order and the currency when the receipt prints none.

For a document of several pages, pass every page's lines with each page's boxes shifted down by
the heights of the pages above it (``page_height`` = the sum of the heights): the vendor is read from
the top of page 1 and the totals, which long receipts print on the last page, are still found.

``looks_like_receipt(lines)`` returns a score in [0, 1] for ``doc_type=auto``.

``several_receipts(lines)`` says whether one page's lines read as two receipts with different
totals (two slips scanned side by side, or one above the other), and how they lie;
``receipts_across_pages(pages)`` which two pages of a document are two receipts, if any;
``where_several_receipts(pages)`` both, in words for a warning.

``no_payment(lines)`` says what the document is when it says it records no payment (a quote, a
declined card payment, a bill not paid yet ...), in words for a warning.
"""

from .classify import looks_like_receipt
from .extract import FIELDS, extract_receipt_fields
from .no_payment import no_payment
from .several import receipts_across_pages, several_receipts, where_several_receipts

__all__ = [
    "FIELDS",
    "extract_receipt_fields",
    "looks_like_receipt",
    "no_payment",
    "receipts_across_pages",
    "several_receipts",
    "where_several_receipts",
]
