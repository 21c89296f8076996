"""A small FastAPI service with one healthy, one caching and one leaking endpoint, instrumented by the module.

Which memory shape it shows depends only on the traffic sent to it (scripts/record-traces.py, the e2e test):
  GET /work?kib=N         allocates about N KiB of small objects and releases them (healthy, transient);
  GET /items/{item_id}    a lazily filled cache of CACHE_ITEMS entries of CACHE_ITEM_KIB each: it grows
                          until every id was asked for once, then stays (healthy, a plateau);
  POST /audit?kib=N       keeps about N KiB per request in a module-level list that is never trimmed (a leak).
Settings come from the environment so uvicorn can start it as `demo_app:app`.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException, Query

from fastapi_memory_monitor import setup_memory_monitoring


def _int_setting(name: str, default: int) -> int:
    text = os.environ.get(name, str(default))
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"{name} must be a positive integer, got {text!r}")
    return int(text)


CACHE_ITEMS = _int_setting("DEMO_CACHE_ITEMS", 1000)
CACHE_ITEM_KIB = _int_setting("DEMO_CACHE_ITEM_KIB", 256)

app = FastAPI(title="memgen demo service")
setup_memory_monitoring(app)

_cache: OrderedDict[int, bytes] = OrderedDict()


@dataclass
class AuditRecord:
    entry: int
    body: bytes


_audit_log: list[AuditRecord] = []  # the leak: every request appends, nothing removes


def _payload(seed: int, kib: int) -> bytes:
    # Repeating a short pattern writes every byte, so the pages count in RSS (bytes(n) would stay untouched).
    return (b"%016d" % seed) * (kib * 64)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/work")
def transient_work(kib: int = Query(2048, ge=1, le=262144)) -> dict:
    # Small dicts of ~200 bytes each: pymalloc arenas, like the objects a real request builds.
    rows = [{"id": i, "name": f"row-{i}", "value": i * 0.5} for i in range(kib * 5)]
    return {"rows": len(rows), "total": sum(row["value"] for row in rows)}


@app.get("/items/{item_id}")
def cached_item(item_id: int) -> dict:
    if not 0 <= item_id < CACHE_ITEMS:
        raise HTTPException(status_code=404, detail=f"item_id must be in 0..{CACHE_ITEMS - 1}")
    value = _cache.get(item_id)
    if value is None:
        value = _payload(item_id, CACHE_ITEM_KIB)
        _cache[item_id] = value
    return {"item_id": item_id, "bytes": len(value), "cached_items": len(_cache)}


@app.post("/audit")
def leaky_audit(kib: int = Query(64, ge=1, le=65536)) -> dict:
    _audit_log.append(AuditRecord(entry=len(_audit_log), body=_payload(len(_audit_log), kib)))
    return {"entries": len(_audit_log)}
