#!/usr/bin/python3
"""Record real RSS traces of the demo FastAPI service (integrations/fastapi/demo_app.py) under generated traffic.

Each scenario starts its own uvicorn process on free loopback ports, drives it at a fixed request rate from
threads of this script, and scrapes the service's /metrics once a second for process_rss_bytes and
process_start_time_seconds. Scenarios run in parallel (they are mostly idle). Output per scenario:
  <out>/<name>.csv   seconds,rss_bytes,process_start_time_seconds (seconds from 0 in 1 s steps)
  <out>/<name>.json  what was recorded and how, and the time scale to replay it with.

Run with Debian's interpreter (it has fastapi, uvicorn, prometheus_client, psutil):
  /usr/bin/python3 scripts/record-traces.py --duration 540
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import json
import os
import platform
import random
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INTEGRATION_DIR = REPO / "integrations" / "fastapi"
DEFAULT_OUT = REPO / "shapes" / "recorded"
# Replayed time per recorded second: chosen so the cache scenario's fill (about 5-6 recorded minutes) spans
# roughly 45 replayed minutes, the slow lazy fill issue 13 describes.
SUGGESTED_TIME_SCALE = 8


@dataclass(frozen=True)
class Load:
    """One stream of requests: `rate` per second, each built from the request number."""

    method: str
    rate: float
    path: object  # callable (request number, rng) -> path


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    loads: tuple[Load, ...]
    env: dict = field(default_factory=dict)


def _transient(kib_low: int, kib_high: int, rate: float) -> Load:
    return Load("GET", rate, lambda n, rng: f"/work?kib={rng.randint(kib_low, kib_high)}")


CACHE_ITEMS = 1000
CACHE_ITEM_KIB = 256

SCENARIOS = {
    "fastapi-transient": Scenario(
        "fastapi-transient",
        "Transient work only: every request builds 0.5-8 MiB of small objects and releases them. RSS moves with "
        "allocator reuse and GC, and does not trend.",
        (_transient(512, 8192, 6.0),),
    ),
    "fastapi-cache-fill": Scenario(
        "fastapi-cache-fill",
        f"A lazily filled cache: requests ask for uniformly random ids of {CACHE_ITEMS} items of "
        f"{CACHE_ITEM_KIB} KiB each (about {CACHE_ITEMS * CACHE_ITEM_KIB // 1024} MiB in all); a miss fills "
        "the entry, so growth is fast at first and slows as the cache nears its size, then RSS stays flat. "
        "Transient work runs alongside.",
        (Load("GET", 9.0, lambda n, rng: f"/items/{rng.randrange(CACHE_ITEMS)}"), _transient(512, 4096, 3.0)),
        {"DEMO_CACHE_ITEMS": str(CACHE_ITEMS), "DEMO_CACHE_ITEM_KIB": str(CACHE_ITEM_KIB)},
    ),
    "fastapi-leak": Scenario(
        "fastapi-leak",
        "A real leak: POST /audit keeps every request's 96 KiB body in a module-level list that nothing trims, "
        "at 4 requests per second (about 22 MiB per recorded minute). Transient work runs alongside.",
        (Load("POST", 4.0, lambda n, rng: "/audit?kib=96"), _transient(512, 4096, 3.0)),
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, method: str = "GET", timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def parse_sample(exposition: str, name: str) -> float:
    """The value of an unlabelled sample in the text format (the two this script needs have no labels)."""
    for line in exposition.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == name:
            return float(parts[1])
    raise RuntimeError(f"/metrics has no sample named {name}")


class Service:
    def __init__(self, scenario: Scenario, log_path: Path) -> None:
        self.port = free_port()
        self.metrics_port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(INTEGRATION_DIR),
            "MEMORY_METRICS_PORT": str(self.metrics_port),
            "MEMORY_METRICS_ADDR": "127.0.0.1",
            **scenario.env,
        }
        self.command = [sys.executable, "-m", "uvicorn", "demo_app:app", "--host", "127.0.0.1",
                        "--port", str(self.port), "--no-access-log"]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(self.command, cwd=INTEGRATION_DIR, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the demo service exited with status {self.process.returncode}")
            try:
                if http_get(self.port, "/health")[0] == 200 and http_get(self.metrics_port, "/metrics")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the demo service did not answer on ports {self.port}/{self.metrics_port} in {timeout}s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def drive(port: int, load: Load, stop: threading.Event, seed: int, errors: list) -> None:
    """Requests at a fixed schedule; a slow response delays the next but the schedule does not drift."""
    rng = random.Random(seed)
    interval = 1.0 / load.rate
    next_at = time.monotonic()
    n = 0
    while not stop.is_set():
        try:
            status, _ = http_get(port, load.path(n, rng), load.method)
            if status >= 400:
                errors.append(status)
        except OSError as error:
            errors.append(repr(error))
        n += 1
        next_at += interval
        stop.wait(max(0.0, next_at - time.monotonic()))


def record(scenario: Scenario, duration: int, out_dir: Path, log_dir: Path, seed: int) -> dict:
    service = Service(scenario, log_dir / f"{scenario.name}.log")
    stop = threading.Event()
    errors: list = []
    try:
        service.wait_ready()
        drivers = [
            threading.Thread(target=drive, args=(service.port, load, stop, seed + i, errors), daemon=True)
            for i, load in enumerate(scenario.loads)
        ]
        rows = []
        started = time.monotonic()
        for driver in drivers:
            driver.start()
        for second in range(duration + 1):
            stop.wait(max(0.0, started + second - time.monotonic()))
            _, body = http_get(service.metrics_port, "/metrics")
            text = body.decode()
            rows.append((second, int(parse_sample(text, "process_rss_bytes")),
                         parse_sample(text, "process_start_time_seconds")))
            if second == 0:
                first_sample_at = time.time()
        stop.set()
        for driver in drivers:
            driver.join(timeout=30)
    finally:
        stop.set()
        service.stop()
    if len(errors) > duration:  # a few errors are noise; one a second means the traffic did not happen
        raise RuntimeError(f"{scenario.name}: {len(errors)} failed requests, e.g. {errors[:3]}")
    with open(out_dir / f"{scenario.name}.csv", "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["seconds", "rss_bytes", "process_start_time_seconds"])
        writer.writerows((s, rss, f"{start:.2f}") for s, rss, start in rows)
    return {"rows": rows, "errors": len(errors), "service_command": service.command,
            "started_before_first_sample": round(first_sample_at - rows[0][2], 1)}


def library_versions() -> dict:
    import fastapi, prometheus_client, psutil, starlette, uvicorn  # noqa: E401 (only the recorder needs them)
    from importlib.metadata import version
    return {
        "python": platform.python_version(),
        "fastapi": fastapi.__version__,
        "starlette": starlette.__version__,
        "uvicorn": uvicorn.__version__,
        "prometheus_client": version("prometheus_client"),
        "psutil": psutil.__version__,
    }


def summarise(rows: list) -> dict:
    rss = [row[1] for row in rows]
    mib = 1024 * 1024
    return {
        "rss_first_mib": round(rss[0] / mib, 1),
        "rss_min_mib": round(min(rss) / mib, 1),
        "rss_max_mib": round(max(rss) / mib, 1),
        "rss_last_mib": round(rss[-1] / mib, 1),
    }


def fill_seconds(rows: list) -> int:
    """First second at which RSS reached 95% of its rise to the final minute's median (for the cache)."""
    rss = [row[1] for row in rows]
    plateau = sorted(rss[-60:])[len(rss[-60:]) // 2]
    target = rss[0] + 0.95 * (plateau - rss[0])
    return next(second for second, value in enumerate(rss) if value >= target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=540, help="seconds to record per scenario (default 540)")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), help="default: all three")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not 60 <= args.duration <= 3600:
        parser.error(f"--duration must be between 60 and 3600 seconds, got {args.duration}")
    names = args.scenario or sorted(SCENARIOS)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    failures: dict = {}
    log_dir = Path(tempfile.mkdtemp(prefix="record-traces-"))  # the services' own output, kept for a failure

    def run(name: str) -> None:
        try:
            results[name] = record(SCENARIOS[name], args.duration, args.out, log_dir, args.seed)
        except Exception as error:  # reported below, per scenario
            failures[name] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, error in failures.items():
        print(f"record-traces: {name} failed: {error} (service log: {log_dir / (name + '.log')})", file=sys.stderr)
    versions = library_versions()
    command = "/usr/bin/python3 scripts/record-traces.py " + shlex.join(sys.argv[1:])
    for name, result in results.items():
        scenario = SCENARIOS[name]
        sidecar = {
            "name": name,
            "description": scenario.description,
            "csv": f"{name}.csv",
            "columns": {
                "seconds": "seconds from the start of the recording, integers from 0 in 1 s steps",
                "rss_bytes": "process_rss_bytes scraped from the service's /metrics (psutil RSS)",
                "process_start_time_seconds": "from prometheus_client's process collector (constant: no restart)",
                "process_started_seconds_before_first_sample": result["started_before_first_sample"],
            },
            "sampling": "one scrape of /metrics per second, on a fixed schedule",
            "duration_seconds": args.duration,
            "traffic": [{"method": load.method, "requests_per_second": load.rate} for load in scenario.loads],
            "failed_requests": result["errors"],
            "summary": summarise(result["rows"]),
            "replay": {
                "time_scale": SUGGESTED_TIME_SCALE,
                "meaning": f"each recorded second stands for {SUGGESTED_TIME_SCALE} s of replayed time (sample i at "
                           f"i*{SUGGESTED_TIME_SCALE} s, RSS unchanged); recording began once the service answered, "
                           "so its import-time warm-up is not in the trace",
            },
            "recorded_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": command,
            "service_command": shlex.join(result["service_command"][1:]),
            "host": {"os": platform.platform(), "cpus": os.cpu_count()},
            "versions": versions,
        }
        if name == "fastapi-cache-fill":
            seconds = fill_seconds(result["rows"])
            sidecar["replay"]["fill_seconds_recorded"] = seconds
            sidecar["replay"]["fill_minutes_replayed"] = round(seconds * SUGGESTED_TIME_SCALE / 60, 1)
        if name == "fastapi-leak":
            rows = result["rows"]
            slope = (rows[-1][1] - rows[0][1]) / (rows[-1][0] - rows[0][0]) * 60 / (1024 * 1024)
            sidecar["replay"]["growth_mib_per_recorded_minute"] = round(slope, 2)
            sidecar["replay"]["growth_mib_per_replayed_minute"] = round(slope / SUGGESTED_TIME_SCALE, 2)
        (args.out / f"{name}.json").write_text(json.dumps(sidecar, indent=2) + "\n")
        print(f"record-traces: {name}: {len(result['rows'])} samples, {sidecar['summary']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
