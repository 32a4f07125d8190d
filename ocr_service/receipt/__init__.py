"""Receipt understanding: fields from OCR lines and a receipt-likeness score."""

from .classify import looks_like_receipt
from .extract import FIELDS, extract_receipt_fields

__all__ = ["FIELDS", "extract_receipt_fields", "looks_like_receipt"]
