"""Response models: the API contract the Odoo addon codes against (see DESIGN.md).

``POST /ocr`` answers with one model per detected ``doc_type`` (receipt, passport,
text), each with its own ``fields``, so the OpenAPI page documents every field a
client reads. ``DocType`` is the one list of document types.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .mrz import MrzResult


class DocType(str, Enum):
    """What the client says the document is; ``auto`` lets the service decide."""

    auto = "auto"
    receipt = "receipt"
    passport = "passport"
    text = "text"


DOC_TYPES = tuple(t.value for t in DocType)


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str
    # with the token (or when none is configured) only
    version: str | None = None
    engine: str | None = None


class EngineInfo(BaseModel):
    name: str = Field(description="rapidocr-onnx (default) or paddleocr")
    version: str
    runtime: str = Field(description="onnxruntime or paddlepaddle, with its version")
    models: dict[str, str] = Field(description="det, rec and cls model names")
    characters: str | None = Field(
        None, description="onnx: the recogniser's classes (OCR_REC_CHARACTERS) and how many"
    )
    threads: str | None = Field(
        None,
        description="onnx: math threads per model (OCR_CPU_THREADS), and whether ONNX Runtime's "
        "spin while they wait (OCR_ORT_SPIN, as auto resolved it)",
    )


class Ready(BaseModel):
    status: str
    ready: bool
    ready_after_s: float | None = None
    engine: EngineInfo | None = None


class OcrLine(BaseModel):
    text: str
    confidence: float
    bbox: list[float] = Field(description="[x_min, y_min, x_max, y_max] in page pixels")


class OcrPage(BaseModel):
    page: int
    width: int
    height: int
    source: Literal["text-layer", "ocr"] = Field(
        "ocr",
        description="text-layer: a PDF page read from its own text (confidence 1.0); "
        "ocr: read from its pixels",
    )
    lines: list[OcrLine]


# -- receipt fields ----------------------------------------------------------------------------


class ReceiptValue(BaseModel):
    value: str | None = Field(description="null when the receipt does not say, or it could not be read")
    confidence: float = Field(ge=0.0, le=1.0)


class TaxLine(BaseModel):
    rate: str | None = Field(
        description='the rate in percent, a decimal string with a dot and no "%" ("19", "7", "5.5"); '
        "null when the line prints none"
    )
    base: str | None = Field(
        description="the net amount the rate applies to, a decimal string; null when not printed"
    )
    amount: str = Field(description="the tax of this line, a decimal string")
    confidence: float = Field(ge=0.0, le=1.0)


_NO_VALUE = {"value": None, "confidence": 0.0}


class ReceiptFields(BaseModel):
    vendor: ReceiptValue = Field(description="the shop's name, as printed at the top")
    vendor_vat: ReceiptValue = Field(
        default_factory=lambda: ReceiptValue(**_NO_VALUE),
        description="the seller's VAT id or tax number as printed, upper case, spaces and dots removed "
        '("DE123456789", "GB123456789", "12/345/67890"); null when the receipt shows none',
    )
    date: ReceiptValue = Field(description="the date of the sale, ISO 8601 (YYYY-MM-DD)")
    total: ReceiptValue = Field(description='the amount paid, a decimal string such as "12.50"')
    subtotal: ReceiptValue = Field(description="the amount before tax, a decimal string")
    tax: ReceiptValue = Field(description="the total tax amount, a decimal string")
    net: ReceiptValue = Field(
        default_factory=lambda: ReceiptValue(**_NO_VALUE),
        description='the amount before tax as printed, a decimal string ("84.03")',
    )
    tax_lines: list[TaxLine] = Field(
        default_factory=list, description="the tax per rate as printed; empty when the receipt prints none"
    )
    currency: ReceiptValue = Field(description="ISO 4217 code (EUR, MYR ...)")
    receipt_number: ReceiptValue = Field(description="the receipt or invoice number as printed")
    several_receipts: bool = Field(
        default=False,
        description="the document seems to hold more than one receipt (two slips scanned side by "
        "side or one above the other on a page, or one receipt a page): every field is then at 0.5 "
        "at most, for a person to check, and a warning says where",
    )
    no_payment: str | None = Field(
        default=None,
        description="the document says it records no payment, and what it is: quote, unpaid, "
        "delivery_note, till_report, training, payslip, statement, bottle_voucher, "
        "pre_authorisation, cancelled, declined, tax_refund (a tax-free shopping form), menu (a menu "
        "or a price list) or not_a_receipt (it says so); every field is then "
        "at 0.5 at most, for a person to check, and a warning says what it is",
    )


# -- passport fields ---------------------------------------------------------------------------


class PassportValue(BaseModel):
    value: str | None = Field(description="null when the MRZ does not hold it or it has not the field's form")
    confidence: float = Field(ge=0.0, le=1.0)
    valid: bool = Field(
        description="verified: read with confidence (or repaired and the repair confirmed by a check "
        "digit), no check digit over the field fails, and no look-alike its check digits cannot tell "
        "apart (0/O, 1/I, 6/G ...) is left unsettled by the page's glyphs; a field no check digit "
        "covers (names, countries, sex, a visa's optional data) only when every check digit holds"
    )


class CountryValue(PassportValue):
    value: str | None = Field(description="ICAO 9303 code: ISO 3166 alpha-3, or ICAO's own (D, UTO, XXA ...)")
    iso2: str | None = Field(
        description="ISO 3166-1 alpha-2 of the code; null for codes without one (UTO, XXA ...)"
    )


class MrzFormatValue(BaseModel):
    value: Literal["TD1", "TD2", "TD3", "MRVA", "MRVB"]
    confidence: float


class MrzLinesValue(BaseModel):
    value: list[str] = Field(description="the MRZ lines as read and repaired")
    confidence: float


class CheckDigitsValue(BaseModel):
    value: dict[str, bool] = Field(
        description="per check digit (birth_date, expiry_date, document_number, personal_number, "
        "composite, as the format has them): whether it holds"
    )
    confidence: float


class FlagValue(BaseModel):
    value: bool
    confidence: float


# the confidence of a document read from a page that holds another person's too
OTHER_PEOPLE_CEILING = 0.5


class PassportFields(BaseModel):
    document_type: PassportValue = Field(description="P, I, A, C or V, with the issuer's second letter")
    issuing_country: CountryValue
    document_number: PassportValue
    surname: PassportValue
    given_names: PassportValue = Field(description="given names separated by spaces")
    nationality: CountryValue
    birth_date: PassportValue = Field(description="ISO 8601 date")
    sex: PassportValue = Field(description="M, F or X")
    expiry_date: PassportValue = Field(description="ISO 8601 date")
    personal_number: PassportValue = Field(
        description="the optional data (personal number), spaces for fillers"
    )
    mrz_format: MrzFormatValue
    mrz_lines: MrzLinesValue
    check_digits: CheckDigitsValue
    valid: FlagValue = Field(
        description="every check digit holds and every field a check digit covers is verified"
    )
    verified: FlagValue = Field(description="valid, and every field verified (names, countries, sex too)")
    names_cut_short: bool = Field(
        default=False,
        description="the names fill the zone to its last cell: ICAO 9303 cuts names that do not fit "
        "so, and the holder's may be longer than those read (which are read right, and verified as "
        "read)",
    )
    several_people: bool = Field(
        default=False,
        description="the page holds more than one person's documents (two passports copied on one "
        "sheet): the one read has no field verified and every confidence at 0.5 at most, for a "
        "person to check which is whose",
    )

    @classmethod
    def from_mrz(cls, result: MrzResult, other_people: bool = False) -> PassportFields:
        from .mrz import FIELD_NAMES, icao_to_iso2

        verdict = result.verdict
        ceiling = OTHER_PEOPLE_CEILING if other_people else 1.0
        out: dict[str, Any] = {"several_people": other_people, "names_cut_short": result.names_cut_short}
        for name in FIELD_NAMES:
            f = result.fields[name]
            out[name] = {
                "value": f.value,
                "confidence": round(min(float(f.confidence), ceiling), 4),
                "valid": verdict.fields[name].verified and not other_people,
            }
            if name in ("issuing_country", "nationality"):
                out[name]["iso2"] = icao_to_iso2(f.value)
        conf = min(result.confidence, ceiling)
        out["mrz_format"] = {"value": result.mrz_format, "confidence": conf}
        out["mrz_lines"] = {"value": list(result.lines), "confidence": conf}
        out["check_digits"] = {"value": dict(result.check_digits), "confidence": conf}
        out["valid"] = {"value": verdict.valid, "confidence": conf}
        out["verified"] = {"value": verdict.verified and not other_people, "confidence": conf}
        return cls.model_validate(out)


class NoFields(BaseModel):
    """A document read as text has no fields."""

    model_config = ConfigDict(extra="forbid")


# -- /ocr ----------------------------------------------------------------------------------------


class _OcrResponse(BaseModel):
    doc_type: DocType
    requested_doc_type: DocType
    mime_type: str
    sha256: str = Field(description="SHA-256 of the uploaded bytes, hex")
    pages: list[OcrPage] = Field(description="empty lines when only the MRZ was read")
    text: str = Field(description="the page lines, or the MRZ lines when only the MRZ was read")
    fields: BaseModel
    engine: EngineInfo
    processing_ms: float
    timings_ms: dict[str, float]
    warnings: list[str]
    cached: bool = False


class ReceiptResponse(_OcrResponse):
    doc_type: Literal[DocType.receipt] = DocType.receipt
    fields: ReceiptFields


class PassportResponse(_OcrResponse):
    doc_type: Literal[DocType.passport] = DocType.passport
    fields: PassportFields


class TextResponse(_OcrResponse):
    doc_type: Literal[DocType.text] = DocType.text
    fields: NoFields = Field(default_factory=NoFields)


OcrResponse = Annotated[ReceiptResponse | PassportResponse | TextResponse, Field(discriminator="doc_type")]


# -- /ocr/batch ----------------------------------------------------------------------------------


class BatchError(ErrorBody):
    """Why one file of a batch has no result: the error ``POST /ocr`` would have given it."""

    status: int = Field(description="the HTTP status this file alone would have had from POST /ocr")
    retry_after_s: int | None = Field(
        None, description="429 and 503 only: seconds after which this file is worth sending again"
    )


class BatchResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0, description="the file's position in the upload, from 0")
    result: OcrResponse


class BatchFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0, description="the file's position in the upload, from 0")
    error: BatchError


class BatchResponse(BaseModel):
    """One entry per uploaded file, in upload order: its ``/ocr`` result, or its error."""

    results: list[BatchResult | BatchFailure]
    processing_ms: float = Field(description="the whole batch, from the end of the upload, in milliseconds")


# -- /scan-mrz -------------------------------------------------------------------------------------

# camelCase key of the /scan-mrz contract -> passport field
SCAN_MRZ_KEYS = {
    "passportNumber": "document_number",
    "surname": "surname",
    "givenName": "given_names",
    "nationality": "nationality",
    "dateOfBirth": "birth_date",
    "sex": "sex",
    "dateOfExpiry": "expiry_date",
    "issuingCountry": "issuing_country",
    "personalNumber": "personal_number",
}


class ScanMrzResponse(BaseModel):
    """The camelCase contract of existing ``/scan-mrz`` clients."""

    model_config = ConfigDict(extra="allow")

    success: bool
    passportNumber: str | None = None
    surname: str | None = None
    givenName: str | None = None
    nationality: str | None = None
    dateOfBirth: str | None = None
    sex: str | None = None
    dateOfExpiry: str | None = None
    issuingCountry: str | None = None
    personalNumber: str | None = None
    confidence: float = 0.0
    validCheckDigits: bool = Field(False, description="the document's valid")
    mrzText: str | None = None
    processingTime: float = 0.0
    # added in 0.2.0 (the contract grows): what the document is, and what is verified, so that a
    # client does not take a visa's or an identity card's number for a passport's, or a name
    # nothing checks for a verified one (validCheckDigits covers the number, dates, optional data)
    documentType: str | None = Field(
        None,
        description="the document code: P (passport), I, A, C (identity cards) or V (visa), "
        "with the issuer's second letter",
    )
    mrzFormat: str | None = Field(None, description="TD1, TD2, TD3 (passports), MRVA or MRVB")
    verified: bool = Field(False, description="validCheckDigits, and every field verified")
    fieldsVerified: dict[str, bool] = Field(
        default_factory=dict, description="per field above (passportNumber, surname ...): verified"
    )


class ScanMrzNoMrz(BaseModel):
    """``/scan-mrz``'s 422 when the page shows no machine-readable zone (the camelCase contract
    of existing clients: ``error`` is a sentence, not the ``{"code", "message"}`` of the other
    errors, which ``/scan-mrz`` answers for a request it cannot take)."""

    success: bool = False
    error: str = Field(description='"No MRZ detected in image"')
    confidence: float
    processingTime: float


def scan_mrz_payload(fields: dict) -> dict:
    """The ``/scan-mrz`` answer (without ``processingTime``) for the passport ``fields`` of an
    ``/ocr`` response (as the service caches them)."""
    passport = PassportFields.model_validate(fields)
    values = {camel: getattr(passport, snake) for camel, snake in SCAN_MRZ_KEYS.items()}
    body = {camel: v.value for camel, v in values.items()}
    body.update(
        success=True,
        confidence=round(min(v.confidence for v in values.values()), 4),
        validCheckDigits=passport.valid.value,
        mrzText="\n".join(passport.mrz_lines.value),
        documentType=passport.document_type.value,
        mrzFormat=passport.mrz_format.value,
        verified=passport.verified.value,
        fieldsVerified={camel: bool(v.valid) for camel, v in values.items()},
    )
    return body
