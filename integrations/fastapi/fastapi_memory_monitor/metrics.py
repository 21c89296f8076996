"""The metric families, one registry, and the collectors that fill them."""

from __future__ import annotations

import gc
import time
from collections import Counter as TypeCounter
from typing import Callable, Iterable

import psutil
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily

# Per-request RSS growth: page-sized growth up to a few hundred MiB. 10 MiB is a bucket bound because the
# preset's HighMemoryEndpoint alert compares the 95th percentile with it.
ENDPOINT_DELTA_BUCKETS = (
    4096.0, 65536.0, 262144.0, 1048576.0, 4194304.0, 10485760.0, 16777216.0, 67108864.0, 268435456.0,
)
# GC pauses in milliseconds (the guide's unit). 500 ms is a bound: GCSlowdown compares the p95 with it.
GC_DURATION_BUCKETS_MS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0)


class MemoryMetrics:
    """Holds the families so several apps (or tests) can each use their own registry."""

    def __init__(self, registry: CollectorRegistry, process: psutil.Process, request_metrics: bool = True) -> None:
        self.process = process
        # The request counter memgen's MemoryPressureErrors alert divides (labels as the instrumentator's).
        self.requests = (
            Counter("http_requests", "HTTP requests by route, method and status class.", ["method", "handler", "status"],
                    registry=registry)
            if request_metrics
            else None
        )
        self.rss = Gauge("process_rss_bytes", "Resident set size of the process.", registry=registry)
        self.rss.set_function(lambda: float(process.memory_info().rss))
        self.endpoint_delta = Histogram(
            "endpoint_memory_delta_bytes",
            "Growth of the process RSS across one request (0 when it shrank).",
            ["endpoint", "method"],
            buckets=ENDPOINT_DELTA_BUCKETS,
            registry=registry,
        )
        self.gc_duration = Histogram(
            "gc_duration_ms",
            "Garbage-collection pause duration in milliseconds.",
            ["generation"],
            buckets=GC_DURATION_BUCKETS_MS,
            registry=registry,
        )
        self.gc_collections = Counter(
            "gc_collections", "Garbage collections.", ["generation"], registry=registry
        )
        for generation in range(len(gc.get_count())):
            # Present from the first scrape, so rate() has a starting point before the first collection.
            self.gc_duration.labels(generation=str(generation))
            self.gc_collections.labels(generation=str(generation))

    def current_rss(self) -> int:
        return self.process.memory_info().rss


class GcTimer:
    """Times collections through gc.callbacks: the interpreter calls it at the start and stop of each one."""

    def __init__(self, metrics: MemoryMetrics, clock: Callable[[], float] = time.perf_counter) -> None:
        self._metrics = metrics
        self._clock = clock
        self._started_at: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        # Collections never nest (the interpreter holds a lock), so one start time is enough.
        if phase == "start":
            self._started_at = self._clock()
            return
        if self._started_at is None:  # installed in the middle of a collection
            return
        elapsed_ms = (self._clock() - self._started_at) * 1000.0
        self._started_at = None
        generation = str(info.get("generation", "unknown"))
        self._metrics.gc_duration.labels(generation=generation).observe(elapsed_ms)
        self._metrics.gc_collections.labels(generation=generation).inc()

    def install(self) -> None:
        if self not in gc.callbacks:
            gc.callbacks.append(self)

    def uninstall(self) -> None:
        if self in gc.callbacks:
            gc.callbacks.remove(self)


def count_objects_by_type(objects: Iterable[object]) -> TypeCounter:
    return TypeCounter(type(obj).__name__ for obj in objects)


class ObjectCountCollector:
    """`python_objects_total{type}` for the top N types by live count.

    Walking gc.get_objects() costs milliseconds per 100k objects, so a count is reused for `min_interval`
    seconds: scrapes closer together than that see the same figures.
    """

    def __init__(self, top_n: int, min_interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        if top_n < 1:
            raise ValueError(f"top_object_types must be at least 1, got {top_n}")
        self._top_n = top_n
        self._min_interval = min_interval
        self._clock = clock
        self._counted_at: float | None = None
        self._top: list[tuple[str, int]] = []

    def top_types(self) -> list[tuple[str, int]]:
        now = self._clock()
        if self._counted_at is None or now - self._counted_at >= self._min_interval:
            self._top = count_objects_by_type(gc.get_objects()).most_common(self._top_n)
            self._counted_at = now
        return self._top

    def collect(self):
        family = GaugeMetricFamily(
            "python_objects_total",
            "Live objects tracked by the garbage collector, for the most numerous types.",
            labels=["type"],
        )
        for type_name, count in self.top_types():
            family.add_metric([type_name], float(count))
        yield family
