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


class EndpointMemoryMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware) so streaming responses pass through and the router's scope is visible."""

    def __init__(self, app, metrics: MemoryMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        before = self.metrics.current_rss()
        try:
            await self.app(scope, receive, send)
        finally:
            # RSS is process-wide: with concurrent requests a delta includes their work too. Shrinking is
            # recorded as 0, since a histogram's _sum must not decrease for rate() to hold.
            delta = max(0, self.metrics.current_rss() - before)
            self.metrics.endpoint_delta.labels(endpoint=route_template(scope), method=scope["method"]).observe(delta)
