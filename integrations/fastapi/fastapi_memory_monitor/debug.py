"""The debug endpoints: which object types grow, and where memory is allocated (tracemalloc)."""

from __future__ import annotations

import gc
import threading
import tracemalloc
from collections import Counter as TypeCounter

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from .metrics import count_objects_by_type


class ObjectGrowth:
    """Counts by type, and the change since the previous call (the question a leak hunt asks first)."""

    def __init__(self) -> None:
        self._previous: TypeCounter | None = None
        self._lock = threading.Lock()

    def report(self, limit: int) -> dict:
        gc.collect()  # count what survives a full collection, not garbage waiting for one
        counts = count_objects_by_type(gc.get_objects())
        with self._lock:
            previous, self._previous = self._previous, counts
        growth = []
        if previous is not None:
            changes = ((name, counts[name] - previous.get(name, 0)) for name in counts)
            growth = [
                {"type": name, "count": counts[name], "increase": increase}
                for name, increase in sorted(changes, key=lambda item: item[1], reverse=True)[:limit]
                if increase > 0
            ]
        return {
            "most_common_types": [{"type": name, "count": count} for name, count in counts.most_common(limit)],
            "growth_since_last_call": growth if previous is not None else None,
            "total_objects": sum(counts.values()),
        }


class AllocationSnapshots:
    """tracemalloc slows allocation and holds memory of its own, so it runs only after the first request asks."""

    def __init__(self, frames: int) -> None:
        self._frames = frames
        self._previous: tracemalloc.Snapshot | None = None
        self._lock = threading.Lock()

    def report(self, limit: int) -> tuple[int, dict]:
        with self._lock:
            if not tracemalloc.is_tracing():
                tracemalloc.start(self._frames)
                self._previous = tracemalloc.take_snapshot()
                return 202, {
                    "tracing": True,
                    "message": "tracemalloc started; call again to see allocations since now",
                }
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")]
            )
            previous, self._previous = self._previous, snapshot
        current, peak = tracemalloc.get_traced_memory()
        top = snapshot.statistics("lineno")[:limit]
        growth = snapshot.compare_to(previous, "lineno")[:limit] if previous is not None else []
        return 200, {
            "tracing": True,
            "traced_bytes": current,
            "traced_peak_bytes": peak,
            "top_allocations": [_stat(stat) for stat in top],
            "growth_since_last_call": [
                {**_stat(diff), "size_diff_bytes": diff.size_diff, "count_diff": diff.count_diff}
                for diff in growth
                if diff.size_diff > 0
            ],
        }

    def stop(self) -> dict:
        with self._lock:
            was_tracing = tracemalloc.is_tracing()
            tracemalloc.stop()
            self._previous = None
        return {"tracing": False, "was_tracing": was_tracing}


def _stat(stat) -> dict:
    frame = stat.traceback[0]
    return {"file": frame.filename, "line": frame.lineno, "size_bytes": stat.size, "count": stat.count}


def debug_router(prefix: str, tracemalloc_frames: int) -> APIRouter:
    growth = ObjectGrowth()
    snapshots = AllocationSnapshots(tracemalloc_frames)
    router = APIRouter(prefix=prefix, tags=["memory debug"])

    @router.get("/growth")
    def memory_growth(limit: int = Query(20, ge=1, le=500)) -> dict:
        return growth.report(limit)

    @router.get("/snapshot")
    def memory_snapshot(limit: int = Query(20, ge=1, le=500)):
        status, body = snapshots.report(limit)
        return JSONResponse(body, status_code=status)

    @router.delete("/snapshot")
    def stop_tracing() -> dict:
        return snapshots.stop()

    return router
