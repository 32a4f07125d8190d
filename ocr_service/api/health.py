from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..deps import shows_details
from ..engines.onnx import ENGINE_NAME as ONNX_ENGINE
from ..engines.paddle import ENGINE_NAME as PADDLE_ENGINE
from ..schemas import Health, Ready

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, response_model_exclude_none=True)
async def health(request: Request) -> dict:
    """Liveness: cheap, no inference. Version and engine only with the token.

    ``async``, as the readiness and metrics routes: answered on the event loop, not in the
    thread pool a stalled PDF render can hold (a liveness probe that waits restarts the pod)."""
    body = {"status": "ok"}
    if shows_details(request):
        engine = ONNX_ENGINE if request.app.state.settings.engine == "onnx" else PADDLE_ENGINE
        body.update(version=__version__, engine=engine)
    return body


@router.get(
    "/health/ready",
    response_model=Ready,
    response_model_exclude_none=True,
    responses={503: {"model": Ready}},
)
async def ready(request: Request):
    """Readiness: 200 once the models are warm and while the service can take a document.

    503 while loading, and while saturated (a one-page document would be refused),
    so a load balancer sends work elsewhere. Model names and versions only with the token.
    """
    state = request.app.state
    workers = state.workers
    if not workers.ready.is_set():
        status = "failed" if workers.error else "loading"
        return JSONResponse(status_code=503, content={"status": status, "ready": False})
    wait = state.admission.saturated()
    if wait > 0:
        retry = max(1, min(int(wait + 0.999), int(state.settings.request_timeout_s)))
        return JSONResponse(
            status_code=503,
            content={"status": "saturated", "ready": False},
            headers={"Retry-After": str(retry)},
        )
    body = {"status": "ready", "ready": True}
    if shows_details(request):
        body.update(ready_after_s=round(workers.ready_after_s or 0.0, 2), engine=workers.description)
    return body
