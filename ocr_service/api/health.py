from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..engines.onnx import ENGINE_NAME as ONNX_ENGINE
from ..engines.paddle import ENGINE_NAME as PADDLE_ENGINE
from ..schemas import Health, Ready

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(request: Request) -> dict:
    """Liveness: cheap, no inference."""
    engine = ONNX_ENGINE if request.app.state.settings.engine == "onnx" else PADDLE_ENGINE
    return {"status": "ok", "version": __version__, "engine": engine}


@router.get("/health/ready", response_model=Ready, responses={503: {"model": Ready}})
def ready(request: Request):
    """Readiness: 200 once the models are loaded and a warm-up inference has run."""
    workers = request.app.state.workers
    if workers.ready.is_set():
        return {
            "status": "ready",
            "ready": True,
            "ready_after_s": round(workers.ready_after_s or 0.0, 2),
            "engine": workers.description,
        }
    status = "failed" if workers.error else "loading"
    return JSONResponse(status_code=503, content={"status": status, "ready": False})
