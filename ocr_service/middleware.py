"""ASGI middleware: request ids and the access log line, and the streaming body cap."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

_access = logging.getLogger("ocr_service.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class _BodyTooLarge(Exception):
    pass


def _json_error(status: int, code: str, message: str) -> tuple[dict, bytes]:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    return start, body


class BodyLimitMiddleware:
    """Refuses a body over ``limit`` bytes while it streams in.

    Content-Length is used to refuse early but never trusted to be honest: the
    bytes are counted as they arrive, so nothing over the limit is ever held.
    """

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"the upload exceeds the limit of {self.limit} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    return await self._reject(send, message)
        received = 0
        started = False
        exceeded = False

        async def counting_receive():
            nonlocal received, exceeded
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise _BodyTooLarge()
            return event

        async def tracking_send(event):
            nonlocal started
            # Frameworks turn a failed body read into their own 400: the 413 below replaces it.
            if exceeded:
                return
            if event["type"] == "http.response.start":
                started = True
            await send(event)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            pass
        if exceeded and not started:
            await self._reject(send, message)

    @staticmethod
    async def _reject(send, message):
        start, body = _json_error(413, "file_too_large", message)
        start["headers"].append((b"connection", b"close"))
        await send(start)
        await send({"type": "http.response.body", "body": body})


class AccessLogMiddleware:
    """Gives each request an id and writes one log line when it ends.

    The line holds method, route, status, duration and byte counts: never the
    query string, file names or anything read from the document.
    """

    def __init__(self, app, metrics=None):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        request_id = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                if _REQUEST_ID.match(candidate):
                    request_id = candidate
        request_id = request_id or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        bytes_in = 0
        bytes_out = 0

        async def counting_receive():
            nonlocal bytes_in
            event = await receive()
            if event["type"] == "http.request":
                bytes_in += len(event.get("body", b""))
            return event

        async def send_with_id(event):
            nonlocal status, bytes_out
            if event["type"] == "http.response.start":
                status = event["status"]
                event["headers"] = list(event.get("headers", [])) + [(b"x-request-id", request_id.encode())]
            elif event["type"] == "http.response.body":
                bytes_out += len(event.get("body", b""))
            await send(event)

        try:
            await self.app(scope, counting_receive, send_with_id)
        finally:
            duration = time.perf_counter() - started
            route = scope.get("route")
            route_path = getattr(route, "path", None) or "unmatched"
            _access.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "route": route_path,
                    "status": status,
                    "duration_ms": round(duration * 1000.0, 1),
                    "bytes_in": bytes_in,
                    "bytes_out": bytes_out,
                },
            )
            if self.metrics is not None:
                self.metrics.requests.labels(route_path, str(status)).inc()
                self.metrics.latency.labels(route_path).observe(duration)
