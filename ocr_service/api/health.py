from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..deps import shows_details
from ..engines.onnx import ENGINE_NAME as ONNX_ENGINE
from ..engines.paddle import ENGINE_NAME as PADDLE_ENGINE
from ..schemas import Health, Ready

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_none=True,
    responses={503: {"model": Health}},
)
async def health(request: Request):
    """Liveness: cheap, no inference. Version and engine only with the token.

    503 (``stuck``) once every worker has been stuck in an engine call a further request
    timeout past the grace (``Admission.dead``): only a restart frees a thread that never
    returns, and the orchestrator restarts a process whose liveness fails.

    ``async``, as the readiness and metrics routes: answered on the event loop, not in the
    thread pool a stalled PDF render can hold (a liveness probe that waits restarts the pod)."""
    if request.app.state.admission.dead():
        return JSONResponse(status_code=503, content={"status": "stuck"})
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

    503 while loading, while every worker is stuck in an engine call that has not returned
    long past its deadline (``stuck``), and while saturated (a one-page document would be
    refused), so a load balancer sends work elsewhere. Model names and versions only with
    the token.
    """
    state = request.app.state
    workers = state.workers
    if not workers.ready.is_set():
        status = "failed" if workers.error else "loading"
        return JSONResponse(status_code=503, content={"status": status, "ready": False})
    admission = state.admission
    if admission.all_stuck():
        return JSONResponse(
            status_code=503,
            content={"status": "stuck", "ready": False},
            headers={"Retry-After": str(admission.retry_after(admission.timeout))},
        )
    wait = admission.saturated()
    if wait > 0:
        retry = admission.retry_after(wait)
        return JSONResponse(
            status_code=503,
            content={"status": "saturated", "ready": False},
            headers={"Retry-After": str(retry)},
        )
    body = {"status": "ready", "ready": True}
    if shows_details(request):
        body.update(ready_after_s=round(workers.ready_after_s or 0.0, 2), engine=workers.description)
    return body
