"""How many connections and requests the service takes at once, without nginx in front.

uvicorn's own limit (``limit_concurrency``) counts open connections, idle ones too, and answers
every request past it, the health probes' as well, with a bare 503: four idle sockets made
``/health`` fail with ``OCR_MAX_CONNECTIONS=4``. Here instead:

- a new connection beyond twice ``OCR_MAX_CONNECTIONS`` open ones closes the oldest idle one
  (no request in progress: connected and silent, part of a request head, kept alive between
  requests), or itself when every other is at work: idle sockets cannot keep anyone out;
- a request beyond ``OCR_MAX_CONNECTIONS`` in progress, or beyond
  ``OCR_MAX_REQUESTS_PER_CLIENT`` from its client's address, gets the service's JSON 503
  ``busy`` with ``Retry-After``; the health probes are never turned away. A request is in
  progress from its head on, its upload included: an upload sent a byte at a time (each within
  ``OCR_BODY_IDLE_TIMEOUT_S``) holds its place, and one client's cannot hold them all.
"""

from __future__ import annotations

import ipaddress

import h11

# seconds a client turned away for too many requests in progress is asked to wait
RETRY_AFTER_S = 1


def client_key(scope) -> str:
    """The client a request is counted against (requests in progress, its rate): its address, or
    for IPv6 the /64 network the address is in: one host is given a whole /64 and can pick any
    address in it. (Failed authentications are counted per address: ``AuthMiddleware``.)"""
    address = (scope.get("client") or ("unknown", 0))[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _idle(protocol) -> bool:
    """Whether a connection has no request in progress (none begun, or the last answered)."""
    cycle = getattr(protocol, "cycle", None)
    conn = getattr(protocol, "conn", None)
    return conn is not None and conn.their_state is h11.IDLE and (cycle is None or cycle.response_complete)


def make_room(protocol, limit: int) -> bool:
    """Whether a connection just made (``protocol``, one of uvicorn's, already counted in its
    server's connections) may stay open: within ``limit`` open ones, or once the oldest idle
    other one is closed for it."""
    connections = protocol.server_state.connections
    if len(connections) <= limit:
        return True
    idle = [other for other in connections if other is not protocol and _idle(other)]
    if not idle:
        return False
    oldest = min(idle, key=lambda other: getattr(other, "opened_at", 0.0))
    connections.discard(oldest)  # (its connection_lost comes later: counted out now)
    oldest.transport.close()
    return True


class InFlightMiddleware:
    """At most ``limit`` requests in progress at once, and ``per_client`` from one client
    (``client_key``: behind a trusted proxy, the address it forwards), the ``exempt`` paths
    (health) apart: one more gets a JSON 503 ``busy`` with ``Retry-After``."""

    def __init__(self, app, limit: int, exempt: frozenset[str], metrics=None, per_client: int | None = None):
        self.app = app
        self.limit = limit
        self.per_client = per_client or limit
        self.exempt = exempt
        self.metrics = metrics
        self.in_flight = 0
        self.by_client: dict[str, int] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            return await self.app(scope, receive, send)
        client = client_key(scope)
        if self.in_flight >= self.limit or self.by_client.get(client, 0) >= self.per_client:
            from .middleware import _send_json_error

            if self.metrics is not None:
                self.metrics.errors.labels("busy").inc()
            await _send_json_error(
                send,
                503,
                "busy",
                "too many requests in progress; retry after the time given",
                headers=[("Retry-After", str(RETRY_AFTER_S))],
                close=True,
            )
            return None
        self.in_flight += 1
        self.by_client[client] = self.by_client.get(client, 0) + 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.by_client[client] -= 1
            if not self.by_client[client]:
                del self.by_client[client]
