"""What a whole document says against its receipt fields: it does not look like a receipt, it
holds several, or it says it records no payment. Its fields are then returned at
``NOT_A_RECEIPT_CEILING`` at most, for a person to check, with a warning saying why."""

from __future__ import annotations

from .engines import Line
from .schemas import ReceiptFields

# looks_like_receipt() scores at or above this make a page a receipt ("auto"), or a document
# read as one look like one
RECEIPT_THRESHOLD = 0.5

# a document read as a receipt (doc_type receipt) that does not look like one (a letter, an
# identity document): its fields are returned at this confidence at most, with a warning
NOT_A_RECEIPT_CEILING = 0.5
NOT_A_RECEIPT = (
    "the document does not look like a receipt: its fields are returned with confidence "
    f"{NOT_A_RECEIPT_CEILING} at most, for a person to check"
)

# a document that holds several receipts (``receipt.several``): ``several_receipts`` is set too
SEVERAL_RECEIPTS = (
    "the document seems to hold more than one receipt ({where}): its fields are returned with "
    f"confidence {NOT_A_RECEIPT_CEILING} at most, for a person to check"
)

# a document that says it records no payment (``receipt.no_payment``: a quote, a declined card
# payment, a bill not paid yet, a till in training mode ...)
NO_PAYMENT = (
    "the document reads as {kind}, which records no payment: its fields are returned with "
    f"confidence {NOT_A_RECEIPT_CEILING} at most, for a person to check"
)


def doubted(
    fields: ReceiptFields, warnings: list[str], page_lines: list[list[Line]], numbers: list[int]
) -> tuple[ReceiptFields, list[str]]:
    """``fields`` and ``warnings`` as the whole document leaves them (pages ``numbers``)."""
    from .receipt import looks_like_receipt, no_payment, where_several_receipts
    from .receipt.no_payment import KINDS

    lines = [line for page in page_lines for line in page]
    if looks_like_receipt(lines) < RECEIPT_THRESHOLD:
        return unsure(fields), [*warnings, NOT_A_RECEIPT]
    if where := where_several_receipts(page_lines, numbers):
        fields = unsure(fields).model_copy(update={"several_receipts": True})
        return fields, [*warnings, SEVERAL_RECEIPTS.format(where=where)]
    if kind := no_payment(lines):
        fields = unsure(fields).model_copy(update={"no_payment": kind})
        return fields, [*warnings, NO_PAYMENT.format(kind=KINDS[kind])]
    return fields, warnings


def unsure(fields: ReceiptFields) -> ReceiptFields:
    """The fields with no confidence above ``NOT_A_RECEIPT_CEILING``."""
    update = {
        name: value.model_copy(update={"confidence": min(value.confidence, NOT_A_RECEIPT_CEILING)})
        for name, value in fields
        if hasattr(value, "confidence")
    }
    update["tax_lines"] = [
        line.model_copy(update={"confidence": min(line.confidence, NOT_A_RECEIPT_CEILING)})
        for line in fields.tax_lines
    ]
    return fields.model_copy(update=update)
