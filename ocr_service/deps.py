"""FastAPI dependencies: settings, runtime state, authentication, rate limits.

Each is ``async``: cheap and never blocking, it runs on the event loop, not in the thread pool
that requests' file reading and PDF measuring share, so a request is answered (401, 429, 503)
even while that pool is busy."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Depends, Request, Response

from .config import Settings
from .connections import client_key
from .errors import Busy, ServiceError, Unauthorized
from .middleware import RATE_TAKEN, bearer_token
from .middleware import rate_key as middleware_rate_key


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def require_token(request: Request, settings: Settings = Depends(get_app_settings)) -> str | None:
    """Check the bearer token when one is configured; return it (or None)."""
    expected = settings.api_token.get_secret_value() if settings.api_token else ""
    if not expected:
        return None
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise Unauthorized("missing or invalid bearer token", headers={"WWW-Authenticate": "Bearer"})
    return given.strip()


def shows_details(request: Request) -> bool:
    """Versions and model names: for the token's holder, or anyone when no token is set."""
    settings = request.app.state.settings
    if not settings.api_token or not settings.api_token.get_secret_value():
        return True
    return bool(request.scope.get("state", {}).get("authenticated"))


def client_scope(request: Request) -> str:
    """Who the client is, for the result cache: its token, or its address without one."""
    token = bearer_token(request.scope) if request.app.state.settings.api_token else None
    if token:
        return "t:" + hashlib.sha256(token.encode()).hexdigest()
    return "a:" + (request.client.host if request.client else "unknown")


def rate_key(request: Request, token: str | None) -> str:
    """The rate-limit bucket of a request: its token's, or its client's (``client_key``) without
    one, as the rate gate counts it."""
    return middleware_rate_key(token, client_key(request.scope))


async def rate_limit(
    request: Request, response: Response, token: str | None = Depends(require_token)
) -> None:
    """Count the request against its token's (or client address's) bucket."""
    limiter = request.app.state.limiter
    if not limiter.enabled:
        return
    taken = request.scope.get("state", {}).get(RATE_TAKEN)  # by the rate gate, from the head
    response.headers.update(taken if taken is not None else limiter.hit(rate_key(request, token)))


async def require_ready(request: Request) -> None:
    """503 while the engines are still loading (or failed to)."""
    workers = request.app.state.workers
    if not workers.ready.is_set():
        raise Busy(
            "the OCR engine failed to load" if workers.error else "the OCR engine is still loading",
            code="not_ready",
            headers={"Retry-After": str(request.app.state.settings.retry_after_s)},
        )


async def sent_once(request: Request, *names: str) -> None:
    """Each of the form's fields ``names`` sent once at most, all of them together: a field sent
    twice (two files, two doc_types), or a file under each of its names, is refused (422
    ``invalid_request``): which one was meant cannot be told, and the last one silently won."""
    form = await request.form()  # (parsed already for the route's parameters: cached)
    sent = [key for key, _value in form.multi_items() if key in names]
    if len(sent) > 1:
        raise ServiceError(
            f"send one of the fields {', '.join(repr(n) for n in names)}, once",
            code="invalid_request",
            status=422,
        )
