"""Response models: the API contract the Odoo addon codes against (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class Ready(BaseModel):
    status: str
    ready: bool
    ready_after_s: float | None = None
    engine: dict[str, Any] | None = None


class OcrLine(BaseModel):
    text: str
    confidence: float
    bbox: list[float] = Field(description="[x_min, y_min, x_max, y_max] in page pixels")


class OcrPage(BaseModel):
    page: int
    width: int
    height: int
    lines: list[OcrLine]


class OcrResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    doc_type: str = Field(description="receipt, passport or text, as detected")
    requested_doc_type: str
    mime_type: str
    sha256: str
    pages: list[OcrPage]
    text: str
    fields: dict[str, Any] = Field(description='each field is {"value": ..., "confidence": ...}')
    engine: dict[str, Any]
    processing_ms: float
    timings_ms: dict[str, float]
    warnings: list[str]
    cached: bool = False


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
    validCheckDigits: bool = False
    mrzText: str | None = None
    processingTime: float = 0.0
