from __future__ import annotations

import time

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from ..deadline import Deadline
from ..deps import client_scope, rate_limit, require_ready, sent_once
from ..errors import EmptyFile, ServiceError, TooLarge
from ..imaging import Limits, in_child, measure
from ..middleware import upload_limit_message
from ..pipeline import NoMrzFound, process_document
from ..schemas import DOC_TYPES, ErrorResponse, OcrResponse, ScanMrzNoMrz, ScanMrzResponse, scan_mrz_payload
from .disconnect import in_thread_unless_client_leaves, unless_client_leaves

router = APIRouter(tags=["ocr"], dependencies=[Depends(rate_limit)])

_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 413, 415, 422, 429, 500, 503, 504)}
# /scan-mrz: a page without a machine-readable zone is its own camelCase 422 (ScanMrzNoMrz), a
# request it cannot take the error shape of the others
_SCAN_MRZ_ERRORS = {**_ERRORS, 422: {"model": ScanMrzNoMrz | ErrorResponse}}


async def _read_upload(request: Request, file: UploadFile | None) -> bytes:
    settings = request.app.state.settings
    if file is None:
        raise EmptyFile("send the document in the multipart field 'file'", code="missing_file")
    # The body cap already bounds this read; the check below is exact to the byte.
    data = await file.read(settings.max_upload_bytes + 1)
    await file.close()
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(upload_limit_message(settings.max_upload_bytes))
    if not data:
        raise EmptyFile("the uploaded file is empty")
    return data


def read_document(engine, data: bytes, doc_type: str, limits: Limits) -> dict:
    """The ``/ocr`` body for ``data``, as plain JSON (run in the worker that owns ``engine``)."""
    return process_document(data, doc_type, engine, limits).model_dump(mode="json")


async def _process(request: Request, data: bytes, doc_type: str) -> dict:
    state = request.app.state
    settings = state.settings
    key = state.cache.key(data, doc_type, client_scope(request))
    cached = state.cache.get(key)
    if cached is not None:
        state.metrics.cache.labels("hit").inc()
        cached["cached"] = True
        return cached
    state.metrics.cache.labels("miss").inc()
    state.metrics.upload_bytes.observe(len(data))
    limits = Limits.from_settings(settings)
    # Every limit and the document's cost, from its headers, before it may queue; the
    # request's timeout runs from here (a PDF is measured in a child process: pdf_worker)
    deadline = Deadline.after(settings.request_timeout_s)
    work = await in_thread_unless_client_leaves(request, deadline, measure, data, limits, pdf=in_child(data))
    result = await unless_client_leaves(
        request,
        state.admission.run(read_document, data, doc_type, limits, units=work.units, deadline=deadline),
    )
    state.metrics.documents.labels(result["doc_type"]).inc()
    state.metrics.pages.inc(len(result["pages"]))
    state.cache.put(key, result)
    result["cached"] = False
    return result


@router.post("/ocr", response_model=OcrResponse, responses=_ERRORS)
async def ocr(
    request: Request,
    file: UploadFile | None = File(None, description="JPEG, PNG, HEIC, AVIF, TIFF, WebP, BMP, GIF or PDF"),
    doc_type: str = Form("auto", description=" | ".join(DOC_TYPES)),
    _ready=Depends(require_ready),
) -> dict:
    """OCR a document: lines with boxes per page, full text, and receipt or passport fields."""
    await sent_once(request, "file")
    await sent_once(request, "doc_type")
    doc_type = (doc_type or "auto").strip().lower()
    if doc_type not in DOC_TYPES:
        raise ServiceError(
            f"doc_type must be one of {', '.join(DOC_TYPES)}", code="invalid_doc_type", status=422
        )
    data = await _read_upload(request, file)
    return await _process(request, data, doc_type)


@router.post("/scan-mrz", response_model=ScanMrzResponse, responses=_SCAN_MRZ_ERRORS)
async def scan_mrz(
    request: Request,
    file: UploadFile | None = File(None),
    image: UploadFile | None = File(None, description="accepted as an alias of 'file'"),
    _ready=Depends(require_ready),
):
    """Read a passport's MRZ (the camelCase contract of existing clients)."""
    started = time.perf_counter()
    await sent_once(request, "file", "image")
    data = await _read_upload(request, file or image)
    try:
        result = await _process(request, data, "passport")
    except NoMrzFound as exc:
        return JSONResponse(
            status_code=422,
            content={
                "success": False,
                "error": "No MRZ detected in image",
                "confidence": round(exc.confidence, 4),
                "processingTime": round(time.perf_counter() - started, 3),
            },
        )
    body = scan_mrz_payload(result["fields"])
    body["processingTime"] = round(time.perf_counter() - started, 3)
    return body
