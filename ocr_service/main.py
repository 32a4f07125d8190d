"""The one entry point that builds the FastAPI app."""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, pdf_worker
from .api import batch, health, metrics, ocr
from .config import Settings, get_settings
from .connections import InFlightMiddleware
from .errors import ServiceError
from .metrics import Metrics
from .middleware import (
    AccessLogMiddleware,
    AuthMiddleware,
    BodyLimitMiddleware,
    RateGateMiddleware,
    TrustedProxyMiddleware,
    guarded_protocol,
)
from .runtime import Admission, OcrWorkers, RateLimiter, ResultCache

_logger = logging.getLogger(__name__)

# The upload limit counts the file; the body may add this much multipart envelope
# around it (part headers, boundaries, the doc_type field). nginx/ocr.conf's
# client_max_body_size is the same sum, so both refuse the same uploads.
MULTIPART_OVERHEAD = 64 * 1024

# Routes that answer without the token (their details still need it).
PUBLIC_PATHS = frozenset({"/health", "/health/ready"})
# the routes that take uploads, each counted against its client's rate
UPLOAD_PATHS = frozenset({"/ocr", "/scan-mrz", "/ocr/batch"})


# seconds between two looks of the watchdog at the workers; the exit code when all are stuck
# (EX_SOFTWARE: an internal error)
WATCHDOG_S = 5.0
STUCK_EXIT_CODE = 70


async def _exit_when_dead(admission: Admission) -> None:
    """End the process once liveness fails (``Admission.dead``: every worker stuck in an engine
    call a further request timeout past the grace): no thread that never returns can be freed,
    and Docker restarts a container that exits, not one that is only unhealthy (Kubernetes'
    liveness probe would restart it too). ``os._exit``: a graceful stop would wait for the stuck
    requests."""
    while True:
        await asyncio.sleep(WATCHDOG_S)
        if admission.dead():
            _logger.critical("every OCR engine is stuck in a call that does not return: the process ends")
            logging.shutdown()
            os._exit(STUCK_EXIT_CODE)


@asynccontextmanager
async def _watchdog(admission: Admission, enabled: bool):
    """``_exit_when_dead`` running while the app serves (when ``OCR_EXIT_WHEN_STUCK``)."""
    task = asyncio.create_task(_exit_when_dead(admission)) if enabled else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()


def create_app(settings: Settings | None = None, workers: OcrWorkers | None = None) -> FastAPI:
    """Build the app; ``workers`` shares engine threads already started (embedding, tests)."""
    settings = settings or get_settings()
    app_metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        owned = workers is None
        app.state.workers = (workers or OcrWorkers(settings)).start()
        app.state.admission = Admission(app.state.workers, settings, app_metrics)
        app.state.pdf_slots = pdf_worker.start(settings)
        try:
            async with _watchdog(app.state.admission, settings.exit_when_stuck):
                yield
        finally:
            if owned:
                app.state.workers.shutdown()
                pdf_worker.shutdown()

    app = FastAPI(
        title="OCR service",
        version=__version__,
        summary="Self-hosted OCR for receipts and passports (PP-OCR models on ONNX Runtime, or PaddlePaddle)",
        lifespan=lifespan,
        # The interactive pages load their scripts from a CDN, which an offline
        # service cannot reach: the schema alone is served, behind the token.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.openapi else None,
    )
    app.state.settings, app.state.metrics = settings, app_metrics
    app.state.cache = ResultCache(settings.cache_entries, settings.cache_max_mb * 1024 * 1024)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.auth_failures = RateLimiter(settings.auth_failures_per_minute, settings.auth_failure_burst)

    for routes in (health, ocr, batch, metrics):
        app.include_router(routes.router)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError):
        app_metrics.errors.labels(exc.code).inc()
        return JSONResponse(status_code=exc.status, content=exc.payload(), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # Field names only: pydantic's messages may quote the input.
        where = sorted({".".join(str(p) for p in err.get("loc", ())) for err in exc.errors()})
        err = ServiceError(f"invalid request: {', '.join(where)}", code="invalid_request", status=422)
        app_metrics.errors.labels(err.code).inc()
        return JSONResponse(status_code=422, content=err.payload())

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        if exc.status_code == 400:
            # the form's parser: no boundary, too many fields, a part too large or unnamed (its
            # words are the parser's, not the contract's)
            err = ServiceError(
                "the request's multipart form could not be read", code="invalid_request", status=400
            )
        else:
            err = ServiceError(
                str(exc.detail), code=codes.get(exc.status_code, "http_error"), status=exc.status_code
            )
        app_metrics.errors.labels(err.code).inc()
        return JSONResponse(status_code=exc.status_code, content=err.payload(), headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        _logger.error("unhandled error", extra={"exc_type": type(exc).__name__})
        app_metrics.errors.labels("internal_error").inc()
        err = ServiceError("internal error", code="internal_error", status=500)
        return JSONResponse(status_code=500, content=err.payload())

    _guard(app, settings, app_metrics)
    return app


def _guard(app: FastAPI, settings: Settings, app_metrics: Metrics) -> None:
    """The middlewares, outermost last: access log, client address, requests in progress, token,
    rate (from the request head), body cap, routes."""
    body_limit = settings.max_upload_bytes + MULTIPART_OVERHEAD
    token = settings.api_token.get_secret_value() if settings.api_token else None
    app.add_middleware(BodyLimitMiddleware, limit=body_limit, file_limit=settings.max_upload_bytes)
    app.add_middleware(
        RateGateMiddleware,
        limiter=app.state.limiter,
        paths=UPLOAD_PATHS,
        keyed_by_token=bool(token),
        body_limit=body_limit,
        metrics=app_metrics,
    )
    app.add_middleware(
        AuthMiddleware,
        token=token,
        failures=app.state.auth_failures,
        public=PUBLIC_PATHS,
        body_limit=body_limit,
        metrics=app_metrics,
    )
    app.add_middleware(
        InFlightMiddleware,
        limit=settings.max_connections,
        per_client=settings.max_requests_per_client,
        exempt=PUBLIC_PATHS,
        metrics=app_metrics,
    )
    # outside the count of requests in progress: behind nginx, each client is counted on its own
    # (nginx is the peer of every request), not all of them as one
    app.add_middleware(TrustedProxyMiddleware, trusted=settings.forwarded_allow_ips)
    app.add_middleware(AccessLogMiddleware, metrics=app_metrics)


def serve(settings: Settings) -> None:
    """Run the service with uvicorn, guarded for running without a proxy in front."""
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        server_header=False,
        # X-Forwarded-For is read by TrustedProxyMiddleware, from OCR_FORWARDED_ALLOW_IPS only
        proxy_headers=False,
        # connections and requests at once are limited by the protocol and InFlightMiddleware
        # (``connections``), not by uvicorn's limit_concurrency, which counts idle sockets and
        # turns the health probes away with them
        http=guarded_protocol(
            settings.header_timeout_s, settings.body_idle_timeout_s, settings.max_connections
        ),
        timeout_keep_alive=int(settings.keep_alive_timeout_s),
    )
