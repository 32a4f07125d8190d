"""``POST /ocr/batch``: several documents in one request, one result or one error each.

A batch is taken in this order, each step before any work of the next:

1. the token, from the request head before any of the body is read (``AuthMiddleware``),
   and the body cap: the files together keep within ``OCR_MAX_UPLOAD_BYTES``, as one
   file does, so the limit and nginx's ``client_max_body_size`` mean the same for both;
2. the request as a whole: at most ``OCR_BATCH_MAX_FILES`` files, their bytes together,
   their doc types (400/413/422 for the whole batch);
3. the rate limit, one token per file in upload order: files past the bucket get a
   429 entry;
4. the result cache, per client and per file;
5. every limit of each remaining file, from its headers (``imaging.measure``): a bad
   file gets its own error entry;
6. the batch's work budget over the files still to read (``OCR_BATCH_MAX_PAGES``,
   ``OCR_BATCH_MAX_TOTAL_PIXELS``): 413 for the whole batch, before any OCR;
7. admission, file by file in upload order, by the rule single documents follow: a
   file that cannot end within the timeout behind the work already taken (the batch's
   own earlier files included) gets a 503 entry with ``retry_after_s``. Every file
   admitted runs under the request's one deadline, so the answer comes within
   ``OCR_REQUEST_TIMEOUT_S``; with several workers the files are read side by side.

A batch of which nothing was taken (every file refused for the rate or for capacity)
is answered as one document would be: 429 or 503 with ``Retry-After``. File names are
neither logged nor echoed: entries are known by their index.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from dataclasses import dataclass

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from ..deadline import Deadline, checkpoint
from ..deps import client_scope, rate_key, require_ready, require_token, sent_once
from ..errors import EmptyFile, RateLimited, ServiceError, TooLarge
from ..imaging import Limits, Work, in_child, measure
from ..middleware import RATE_TAKEN
from ..schemas import DOC_TYPES, BatchResponse, ErrorResponse
from .disconnect import in_thread_unless_client_leaves, unless_client_leaves
from .ocr import read_document

_logger = logging.getLogger(__name__)

router = APIRouter(tags=["ocr"])

_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 413, 422, 429, 500, 503)}
_RETRYABLE = (429, 503)


@dataclass
class _File:
    index: int
    doc_type: str
    data: bytes
    key: str = ""
    work: Work | None = None


def _failure(index: int, exc: ServiceError) -> dict:
    retry = exc.headers.get("Retry-After")
    return {
        "index": index,
        "error": {
            "code": exc.code,
            "message": exc.message,
            "status": exc.status,
            "retry_after_s": int(retry) if retry and exc.status in _RETRYABLE else None,
        },
    }


def _doc_types(doc_type: str, doc_types: list[str] | None, count: int) -> list[str]:
    """One doc type per file: ``doc_types`` in upload order, or ``doc_type`` for all."""
    if doc_types and len(doc_types) != count:
        raise ServiceError(
            f"doc_types gives {len(doc_types)} types for {count} files: give one per file, or none",
            code="invalid_doc_type",
            status=422,
        )
    chosen = [(kind or "auto").strip().lower() for kind in (doc_types or [doc_type] * count)]
    if any(kind not in DOC_TYPES for kind in chosen):
        raise ServiceError(
            f"doc_type must be one of {', '.join(DOC_TYPES)}", code="invalid_doc_type", status=422
        )
    return chosen


async def _read_batch(request: Request, files, doc_type: str, doc_types) -> list[_File]:
    settings = request.app.state.settings
    if not files:
        raise EmptyFile("send the documents in repeated multipart fields 'files'", code="missing_file")
    if len(files) > settings.batch_max_files:
        raise TooLarge(
            f"the batch holds {len(files)} files; at most {settings.batch_max_files} are accepted "
            "(OCR_BATCH_MAX_FILES)",
            code="too_many_files",
        )
    kinds = _doc_types(doc_type, doc_types, len(files))
    left = settings.max_upload_bytes
    batch = []
    for index, (upload, kind) in enumerate(zip(files, kinds, strict=True)):
        # The body cap already bounds these reads; the count below is exact to the byte.
        data = await upload.read(max(left, 0) + 1)
        await upload.close()
        left -= len(data)
        if left < 0:
            raise TooLarge(
                f"the files together exceed the upload limit of {settings.max_upload_bytes} bytes "
                "(OCR_MAX_UPLOAD_BYTES)"
            )
        batch.append(_File(index, kind, data))
    return batch


def _take_rate(request: Request, response: Response, token: str | None, batch, outcomes) -> None:
    """One rate-limit token per file, in upload order; a file without one gets a 429 entry."""
    limiter = request.app.state.limiter
    if not limiter.enabled:
        return
    key = rate_key(request, token)
    taken = request.scope.get("state", {}).get(RATE_TAKEN)  # the first file's, by the rate gate
    for item in batch:
        try:
            response.headers.update(taken if taken is not None else limiter.hit(key))
            taken = None
        except RateLimited as exc:
            outcomes[item.index] = _failure(item.index, exc)
            response.headers.update({k: v for k, v in exc.headers.items() if k.startswith("X-RateLimit")})


def _from_cache(request: Request, batch, outcomes) -> list[_File]:
    """Answer the files this client sent before from the cache; return the others."""
    state = request.app.state
    scope = client_scope(request)
    pending = []
    for item in batch:
        if item.index in outcomes:
            continue
        item.key = state.cache.key(item.data, item.doc_type, scope)
        cached = state.cache.get(item.key)
        if cached is None:
            state.metrics.cache.labels("miss").inc()
            pending.append(item)
        else:
            state.metrics.cache.labels("hit").inc()
            cached["cached"] = True
            outcomes[item.index] = {"index": item.index, "result": cached}
    return pending


async def _measure(request: Request, pending, outcomes, limits: Limits, deadline: Deadline) -> list[_File]:
    """Every per-document limit and the cost of each file, from its headers; return the good ones."""

    def measure_all() -> list[tuple[_File, ServiceError]]:
        refused = []
        # a document sent several times is measured once: twenty copies of a PDF slow to measure
        # would spend the deadline the batch's other files share twenty times over
        for copies in _by_content(pending).values():
            try:
                checkpoint()  # past the deadline: the files left are not measured (504 each)
                work = measure(copies[0].data, limits)
            except ServiceError as exc:
                refused += [(item, exc) for item in copies]
                continue
            for item in copies:
                item.work = work
        return refused

    pdf = any(in_child(item.data) for item in pending)
    for item, exc in await in_thread_unless_client_leaves(request, deadline, measure_all, pdf=pdf):
        outcomes[item.index] = _failure(item.index, exc)
    measured = [item for item in pending if item.work is not None]
    for item in measured:
        request.app.state.metrics.upload_bytes.observe(len(item.data))
    return measured


def _by_content(pending) -> dict[str, list[_File]]:
    """Files grouped by cache key: a document sent twice in one batch is read once."""
    groups: dict[str, list[_File]] = {}
    for item in pending:
        groups.setdefault(item.key, []).append(item)
    return groups


def _check_budget(settings, groups: dict[str, list[_File]]) -> None:
    """The batch's work budget, over the documents still to read: 413 before any OCR."""
    works = [items[0].work for items in groups.values()]
    pages = sum(work.pages for work in works)
    pixels = sum(work.pixels for work in works)
    if pages > settings.batch_max_pages:
        raise TooLarge(
            f"the batch's files hold {pages} pages to read; at most {settings.batch_max_pages} are "
            "accepted over a batch (OCR_BATCH_MAX_PAGES)",
            code="batch_too_large",
        )
    if pixels > settings.batch_max_total_pixels:
        raise TooLarge(
            f"the batch's files hold {pixels} pixels to read; the limit is "
            f"{settings.batch_max_total_pixels} pixels over a batch (OCR_BATCH_MAX_TOTAL_PIXELS)",
            code="batch_too_large",
        )


async def _read_all(
    request: Request, groups: dict[str, list[_File]], outcomes, limits: Limits, deadline: Deadline
) -> None:
    """Admit and read each document, in upload order, each under the request's deadline."""
    state = request.app.state

    async def read(items: list[_File]) -> None:
        first = items[0]
        try:
            result = await state.admission.run(
                read_document,
                first.data,
                first.doc_type,
                limits,
                units=first.work.units,
                # the request's time, each file its own stop (one file's failure stops no other)
                deadline=Deadline(deadline.at),
            )
        except ServiceError as exc:
            for item in items:
                outcomes[item.index] = _failure(item.index, exc)
            return
        except Exception as exc:  # one file's failure must not lose the others' results
            _logger.error("unhandled error in a batch file", extra={"exc_type": type(exc).__name__})
            failure = ServiceError("internal error", code="internal_error", status=500)
            for item in items:
                outcomes[item.index] = _failure(item.index, failure)
            return
        state.metrics.documents.labels(result["doc_type"]).inc()
        state.metrics.pages.inc(len(result["pages"]))
        state.cache.put(first.key, result)
        result["cached"] = False
        for number, item in enumerate(items):
            outcomes[item.index] = {
                "index": item.index,
                "result": copy.deepcopy(result) if number else result,
            }

    # Tasks start in the order given, and each is admitted (or refused) before the next starts;
    # a client that hangs up stops them all
    await unless_client_leaves(request, asyncio.gather(*(read(items) for items in groups.values())))


def _refuse_if_nothing_taken(results: list[dict]) -> None:
    """A batch whose every file was refused for the rate or capacity is refused as a whole."""
    errors = [entry.get("error") for entry in results]
    if not all(error and error["status"] in _RETRYABLE for error in errors):
        return
    first = next((e for e in errors if e["status"] == 503), errors[0])
    retry = max(error["retry_after_s"] or 1 for error in errors)
    raise ServiceError(
        first["message"], code=first["code"], status=first["status"], headers={"Retry-After": str(retry)}
    )


@router.post("/ocr/batch", response_model=BatchResponse, responses=_ERRORS)
async def ocr_batch(
    request: Request,
    response: Response,
    files: list[UploadFile] | None = File(
        None, description="the documents, one multipart part each, all under the name 'files'"
    ),
    doc_type: str = Form("auto", description=" | ".join(DOC_TYPES) + ", for every file"),
    doc_types: list[str] | None = Form(
        None, description="one doc_type per file, in upload order, instead of doc_type"
    ),
    token: str | None = Depends(require_token),
    _ready=Depends(require_ready),
) -> dict:
    """OCR several documents: one ``/ocr`` result or one error per file, in upload order."""
    started = time.perf_counter()
    await sent_once(request, "doc_type")
    state = request.app.state
    limits = Limits.from_settings(state.settings)
    batch = await _read_batch(request, files, doc_type, doc_types)
    outcomes: dict[int, dict] = {}
    _take_rate(request, response, token, batch, outcomes)
    pending = _from_cache(request, batch, outcomes)
    # the request's one deadline, from the end of the upload: measuring and reading
    deadline = Deadline.after(state.settings.request_timeout_s)
    groups = _by_content(await _measure(request, pending, outcomes, limits, deadline))
    _check_budget(state.settings, groups)
    await _read_all(request, groups, outcomes, limits, deadline)
    results = [outcomes[item.index] for item in batch]
    _refuse_if_nothing_taken(results)
    for entry in results:
        if "error" in entry:
            state.metrics.errors.labels(entry["error"]["code"]).inc()
    return {"results": results, "processing_ms": round((time.perf_counter() - started) * 1000.0, 1)}
