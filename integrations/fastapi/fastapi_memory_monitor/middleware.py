"""ASGI middleware that observes how much each request grows the process RSS."""

from __future__ import annotations

from .metrics import MemoryMetrics

UNMATCHED_ENDPOINT = "unmatched"


def route_template(scope: dict) -> str:
    """The route's path template (`/items/{item_id}`), so ids and query strings never become label values.

    FastAPI's router records the matched route in the scope; requests no route matched share one value, which
    keeps a scan of random URLs from creating a series per URL.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ENDPOINT


def status_class(status: int) -> str:
    """`5xx`, as prometheus-fastapi-instrumentator groups codes by default, so one rule reads both."""
    return f"{status // 100}xx"


class EndpointMemoryMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware) so streaming responses pass through and the router's scope is visible."""

    def __init__(self, app, metrics: MemoryMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception before the response started is answered with 500 by the server
        before = self.metrics.current_rss()

        async def send_and_note_status(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            # RSS is process-wide: with concurrent requests a delta includes their work too. Shrinking is
            # recorded as 0, since a histogram's _sum must not decrease for rate() to hold.
            delta = max(0, self.metrics.current_rss() - before)
            endpoint = route_template(scope)
            self.metrics.endpoint_delta.labels(endpoint=endpoint, method=scope["method"]).observe(delta)
            if self.metrics.requests is not None:
                self.metrics.requests.labels(method=scope["method"], handler=endpoint, status=status_class(status)).inc()
