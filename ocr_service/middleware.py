"""What stands between the socket and the routes.

- ``GuardedH11Protocol``: drops connections that are idle or send their request too slowly;
- ``AccessLogMiddleware``: request ids and the one access log line;
- ``TrustedProxyMiddleware``: the client address from X-Forwarded-For, from trusted proxies only;
- ``AuthMiddleware``: the bearer token, checked from the request head before any body is
  read, with failed checks limited per client address;
- ``BodyLimitMiddleware``: the streaming body cap.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import re
import time
import uuid

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .connections import client_key, make_room
from .errors import RateLimited

_access = logging.getLogger("ocr_service.access")
# a client's own request id, kept (and logged) only in the shapes tools generate: 32 hex digits
# (nginx's $request_id) or a UUID; anything else ("ERIKSSON-L898902C3") is replaced by a new one
_REQUEST_ID = re.compile(r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$")


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


def upload_limit_message(file_limit: int) -> str:
    """The one wording of the upload limit, for the service and nginx alike."""
    return f"the file exceeds the upload limit of {file_limit} bytes (OCR_MAX_UPLOAD_BYTES)"


async def _send_json_error(send, status: int, code: str, message: str, headers=(), close: bool = False):
    start, body = _json_error(status, code, message)
    start["headers"].extend((name.lower().encode(), value.encode()) for name, value in headers)
    if close:
        start["headers"].append((b"connection", b"close"))
    await send(start)
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuses a body over ``limit`` bytes while it streams in.

    The upload limit counts the file; the body may hold the file plus the
    multipart envelope, so ``limit`` is the file limit plus room for the envelope
    (nginx allows the same). Content-Length is used to refuse early but never
    trusted to be honest: the bytes are counted as they arrive, so nothing over
    the limit is ever held.
    """

    def __init__(self, app, limit: int, file_limit: int | None = None):
        self.app = app
        self.limit = limit
        self.file_limit = file_limit or limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = upload_limit_message(self.file_limit)
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
        await _send_json_error(send, 413, "file_too_large", message, close=True)


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value
    return None


class TrustedProxyMiddleware:
    """Takes the client address from X-Forwarded-For, when the peer is a trusted proxy.

    ``trusted`` lists addresses and networks (``OCR_FORWARDED_ALLOW_IPS``); from any
    other peer the header is ignored, so no client picks its own rate-limit bucket.
    The client is the right-most address of the header that is not a trusted proxy.
    """

    def __init__(self, app, trusted: str):
        self.app = app
        self.networks = [
            ipaddress.ip_network(item.strip(), strict=False) for item in trusted.split(",") if item.strip()
        ]

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.networks:
            peer = (scope.get("client") or ("", 0))[0]
            headers = scope.get("headers", [])
            forwarded = [value.decode("latin-1") for key, value in headers if key == b"x-forwarded-for"]
            if forwarded and self._trusted(peer):
                hops = [hop.strip() for hop in ",".join(forwarded).split(",") if hop.strip()]
                untrusted = [hop for hop in hops if not self._trusted(hop)]
                client = untrusted[-1] if untrusted else (hops[0] if hops else "")
                try:
                    scope["client"] = (str(ipaddress.ip_address(client)), 0)
                except ValueError:
                    pass  # not an address: keep the proxy's
                proto = (_header(scope, b"x-forwarded-proto") or b"").decode("latin-1").strip()
                if proto in ("http", "https"):
                    scope["scheme"] = proto
        return await self.app(scope, receive, send)


def _small_body(scope, limit: int) -> bool:
    """Whether the request's body is known to be at most ``limit`` bytes (then it can be drained
    and the connection kept; else the answer closes it)."""
    if _header(scope, b"transfer-encoding") is not None:
        return False
    try:
        return int(_header(scope, b"content-length") or b"0") <= limit
    except ValueError:
        return False


def rate_key(token: str | None, client: str) -> str:
    """The rate-limit bucket of a request: its token's, or its client address's without one."""
    if token:
        return "t:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    return "a:" + client


# the request-state key under which the rate gate leaves the headers of the token it took
RATE_TAKEN = "rate_taken"


class RateGateMiddleware:
    """Counts an upload against its client's rate from its request head, and refuses it (429)
    there when nothing is left, before any byte of the body is read: a client over its rate
    does not make the service receive and parse its files to be told so, however many it sends
    at once. The token taken is left in the request's state (``RATE_TAKEN``) for the route, which
    takes no second one (a batch takes one more per file after its first)."""

    def __init__(
        self, app, limiter, paths: frozenset[str], keyed_by_token: bool, body_limit: int, metrics=None
    ):
        self.app = app
        self.limiter = limiter
        self.paths = paths
        self.keyed_by_token = keyed_by_token
        self.body_limit = body_limit
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or scope.get("path") not in self.paths
            or not self.limiter.enabled
        ):
            return await self.app(scope, receive, send)
        token = bearer_token(scope) if self.keyed_by_token else None
        client = client_key(scope)
        try:
            headers = self.limiter.hit(rate_key(token, client))
        except RateLimited as exc:
            if self.metrics is not None:
                self.metrics.errors.labels("rate_limited").inc()
            return await _send_json_error(
                send,
                429,
                "rate_limited",
                exc.message,
                headers=exc.headers.items(),
                close=not _small_body(scope, self.body_limit),
            )
        scope.setdefault("state", {})[RATE_TAKEN] = headers
        return await self.app(scope, receive, send)


def bearer_token(scope) -> str | None:
    header = (_header(scope, b"authorization") or b"").decode("latin-1")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return None
    return given.strip()


class AuthMiddleware:
    """Checks the bearer token from the request head, before any byte of the body is read.

    Routes in ``public`` answer without a token. A request that needs the token (any
    other route, or any request that carries one) and fails the check counts against
    its client address; once an address has used up ``failures`` it gets 429 without
    its token being checked at all, until its bucket refills. An unauthenticated
    upload is never parsed: the connection closes unless the body is known to be
    small enough to drain, so the client can read the answer.
    """

    def __init__(self, app, token, failures, public: frozenset[str], body_limit: int, metrics=None):
        self.app = app
        self.token = (token or "").encode()
        self.failures = failures
        self.public = public
        self.body_limit = body_limit
        self.metrics = metrics

    async def _refuse(self, scope, send, status: int, code: str, message: str, headers: dict[str, str]):
        if self.metrics is not None:
            self.metrics.errors.labels(code).inc()
        await _send_json_error(
            send,
            status,
            code,
            message,
            headers=headers.items(),
            close=not _small_body(scope, self.body_limit),
        )

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        given = bearer_token(scope)
        state = scope.setdefault("state", {})
        if given is None and scope.get("path") in self.public:
            state["authenticated"] = False
            return await self.app(scope, receive, send)
        # failed authentications by address, not ``client_key``'s IPv6 /64: a /64 is one office's
        # network, or a host's tenants', and a neighbour's wrong tokens would lock out a right one
        address = "a:" + (scope.get("client") or ("unknown", 0))[0]
        blocked = self.failures.blocked(address)
        if blocked is not None:
            return await self._refuse(
                scope, send, 429, "rate_limited", "too many failed authentications; retry later", blocked
            )
        if given is not None and hmac.compare_digest(given.encode(), self.token):
            state["authenticated"] = True
            return await self.app(scope, receive, send)
        try:
            if self.failures.enabled:
                self.failures.hit(address)
        except RateLimited as exc:  # this failure used the last one up
            return await self._refuse(scope, send, 429, "rate_limited", exc.message, exc.headers)
        return await self._refuse(
            scope,
            send,
            401,
            "unauthorized",
            "missing or invalid bearer token",
            {"WWW-Authenticate": "Bearer"},
        )


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, dropping connections that hold the service without using it.

    Without nginx in front, nothing else stops a client that connects and sends
    nothing, or sends its headers a byte at a time (slowloris), or stalls in the
    middle of an upload:

    - the request line and headers must arrive within ``header_timeout`` of the
      connection opening (or of their first byte, on a kept-alive connection);
    - an upload that sends nothing for ``body_idle_timeout`` is dropped (not while
      the service itself has paused reading);
    - idle kept-alive connections close after uvicorn's ``timeout_keep_alive``.

    ``guarded_protocol()`` makes a subclass with the settings' values.
    """

    header_timeout = 10.0
    body_idle_timeout = 30.0
    # open connections at once (``connections.make_room``): None, no limit
    max_connections: int | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._guard = None
        self.opened_at = self.loop.time()
        # room for as many again as may be at work: a request beyond them gets its 503 (and a
        # health probe its answer) on a connection of its own
        if self.max_connections is not None and not make_room(self, 2 * self.max_connections):
            transport.close()
            return
        self._arm(self.header_timeout)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._guard = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        guard = getattr(self, "_guard", None)
        if guard is not None:
            guard.cancel()
            self._guard = None

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and getattr(self, "_guard", None) is None:
            self._arm(self.header_timeout)  # a new request head begins on a kept-alive connection
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            self._arm(self.body_idle_timeout)
        elif state is not h11.IDLE:
            self._disarm()  # the request is in: the request timeout applies from here

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _expire(self) -> None:
        self._guard = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.SEND_BODY and self.flow.read_paused:
            self._arm(self.body_idle_timeout)  # the service is not reading: not the client's fault
            return
        if self.conn.their_state is h11.DONE:
            return
        self.transport.close()


def guarded_protocol(
    header_timeout: float, body_idle_timeout: float, max_connections: int | None = None
) -> type[GuardedH11Protocol]:
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {
            "header_timeout": header_timeout,
            "body_idle_timeout": body_idle_timeout,
            "max_connections": max_connections,
        },
    )


HTTP_METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"))


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
                    # a caller names its own method: any other than HTTP's is logged as "other"
                    "method": scope.get("method") if scope.get("method") in HTTP_METHODS else "other",
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
