"""`setup_memory_monitoring(app)`: wires the metrics, the middleware, the debug endpoints and the metrics server."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from socketserver import ThreadingMixIn

import psutil
from fastapi import FastAPI
from prometheus_client import REGISTRY, CollectorRegistry, ProcessCollector, make_wsgi_app

from .debug import debug_router
from .metrics import GcTimer, MemoryMetrics, ObjectCountCollector
from .middleware import EndpointMemoryMiddleware


@dataclass(frozen=True)
class MonitorSettings:
    # The port and path memgen's fastapi preset scrapes by default.
    metrics_port: int = 8001
    metrics_addr: str = "0.0.0.0"
    # Exported object types are bounded: a leak shows as one type's count climbing, never as new series per type.
    top_object_types: int = 20
    object_count_interval_seconds: float = 10.0
    debug_prefix: str | None = "/api/debug/memory"  # None leaves the debug endpoints out
    tracemalloc_frames: int = 1
    # http_requests_total{method,handler,status}; False when prometheus-fastapi-instrumentator already exports it.
    request_metrics: bool = True

    @classmethod
    def from_environment(cls) -> "MonitorSettings":
        """MEMORY_METRICS_PORT and MEMORY_METRICS_ADDR override the defaults (e.g. per container)."""
        port_text = os.environ.get("MEMORY_METRICS_PORT")
        port = cls.metrics_port
        if port_text is not None:
            if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
                raise ValueError(f"MEMORY_METRICS_PORT must be a port number 0-65535, got {port_text!r}")
            port = int(port_text)
        return cls(metrics_port=port, metrics_addr=os.environ.get("MEMORY_METRICS_ADDR", cls.metrics_addr))


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # one line per scrape would drown the service's own log
        pass


class MetricsServer:
    """The exposition on its own port, in a daemon thread, so a busy event loop never delays a scrape."""

    def __init__(self, registry: CollectorRegistry, addr: str, port: int) -> None:
        try:
            self._httpd = make_server(addr, port, make_wsgi_app(registry), _ThreadingServer, handler_class=_QuietHandler)
        except OSError as error:  # the port is taken, or the address is not this host's
            raise RuntimeError(
                f"fastapi_memory_monitor: cannot serve /metrics on {addr}:{port}: {error.strerror or error} "
                "(set MEMORY_METRICS_PORT or MonitorSettings(metrics_port=...))"
            ) from error
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="memory-metrics", daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def setup_memory_monitoring(
    app: FastAPI,
    settings: MonitorSettings | None = None,
    registry: CollectorRegistry = REGISTRY,
) -> MemoryMetrics:
    """Instrument `app`; the metrics server starts with the app and stops with it.

    The default registry already carries prometheus_client's process collector (process_start_time_seconds,
    which warm-up and restart checks read) and its python_gc_* collector; a registry of your own gets the
    process collector here.
    """
    settings = settings or MonitorSettings.from_environment()
    object_counts = ObjectCountCollector(settings.top_object_types, settings.object_count_interval_seconds)
    metrics = MemoryMetrics(registry, psutil.Process(), settings.request_metrics)
    registry.register(object_counts)
    if registry is not REGISTRY:
        ProcessCollector(registry=registry)
    gc_timer = GcTimer(metrics)
    app.add_middleware(EndpointMemoryMiddleware, metrics=metrics)
    if settings.debug_prefix is not None:
        app.include_router(debug_router(settings.debug_prefix, settings.tracemalloc_frames))

    server: MetricsServer | None = None

    @app.on_event("startup")
    def start_monitoring() -> None:
        nonlocal server
        gc_timer.install()
        server = MetricsServer(registry, settings.metrics_addr, settings.metrics_port)
        server.start()
        app.state.memory_metrics_port = server.port

    @app.on_event("shutdown")
    def stop_monitoring() -> None:
        gc_timer.uninstall()
        if server is not None:
            server.stop()

    return metrics
