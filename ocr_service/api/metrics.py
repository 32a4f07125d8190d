from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..deps import require_token

router = APIRouter(tags=["metrics"])


@router.get("/metrics", dependencies=[Depends(require_token)], response_class=Response)
async def metrics(request: Request) -> Response:
    """Prometheus text format."""
    state = request.app.state
    admission = state.admission
    state.metrics.inflight.set(admission.inflight)
    state.metrics.ready.set(1 if state.workers.ready.is_set() else 0)
    state.metrics.workers_stuck.set(admission.stuck_workers())
    state.metrics.capacity_pages.set(round(admission.capacity_pages(), 2))
    state.metrics.page_seconds.set(round(admission.page_seconds, 3))
    state.metrics.pending_seconds.set(round(admission.pending_seconds(), 2))
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
