"""Unit tests of the parts a live scrape cannot pin down: timing, bounds, caching, settings errors.

Run from integrations/fastapi: PYTHONPATH=. /usr/bin/python3 -m unittest discover -s tests
"""

import gc
import os
import unittest
from unittest import mock

import psutil
from prometheus_client import CollectorRegistry

from fastapi_memory_monitor.metrics import GcTimer, MemoryMetrics, ObjectCountCollector
from fastapi_memory_monitor.middleware import UNMATCHED_ENDPOINT, route_template, status_class
from fastapi_memory_monitor.monitor import MonitorSettings


def sample(registry: CollectorRegistry, name: str, labels: dict) -> float | None:
    return registry.get_sample_value(name, labels)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class GcTimerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.registry = CollectorRegistry()
        self.metrics = MemoryMetrics(self.registry, psutil.Process())
        self.clock = FakeClock()
        self.timer = GcTimer(self.metrics, clock=self.clock)

    def test_observes_the_pause_in_milliseconds_per_generation(self) -> None:
        self.timer("start", {"generation": 1})
        self.clock.now = 0.0125
        self.timer("stop", {"generation": 1})
        self.assertAlmostEqual(sample(self.registry, "gc_duration_ms_sum", {"generation": "1"}), 12.5)
        self.assertEqual(sample(self.registry, "gc_collections_total", {"generation": "1"}), 1.0)
        self.assertEqual(sample(self.registry, "gc_collections_total", {"generation": "0"}), 0.0)
        # 12.5 ms falls in the 25 ms bucket, not the 10 ms one.
        self.assertEqual(sample(self.registry, "gc_duration_ms_bucket", {"generation": "1", "le": "10.0"}), 0.0)
        self.assertEqual(sample(self.registry, "gc_duration_ms_bucket", {"generation": "1", "le": "25.0"}), 1.0)

    def test_a_stop_without_its_start_is_ignored(self) -> None:
        self.timer("stop", {"generation": 2})  # installed in the middle of a collection
        self.assertEqual(sample(self.registry, "gc_duration_ms_count", {"generation": "2"}), 0.0)

    def test_installs_once_and_counts_real_collections(self) -> None:
        timer = GcTimer(self.metrics)
        timer.install()
        timer.install()
        try:
            self.assertEqual(gc.callbacks.count(timer), 1)
            gc.collect()
        finally:
            timer.uninstall()
        self.assertNotIn(timer, gc.callbacks)
        self.assertGreaterEqual(sample(self.registry, "gc_collections_total", {"generation": "2"}), 1.0)


class ObjectCountCollectorTest(unittest.TestCase):
    def test_exports_only_the_top_types_and_recounts_after_the_interval(self) -> None:
        clock = FakeClock()
        collector = ObjectCountCollector(top_n=3, min_interval=10.0, clock=clock)
        first = list(collector.collect())[0].samples
        self.assertEqual(len(first), 3)
        self.assertEqual([s.value for s in first], sorted((s.value for s in first), reverse=True))
        held = [{"n": i} for i in range(200_000)]  # dicts holding ints are untracked by gc; lists of them are not
        lists = [[d] for d in held]
        clock.now = 5.0
        self.assertEqual(list(collector.collect())[0].samples, first)  # within the interval: the same count
        clock.now = 10.0
        recounted = {s.labels["type"]: s.value for s in list(collector.collect())[0].samples}
        self.assertGreaterEqual(recounted.get("list", 0), 200_000)
        del held, lists

    def test_refuses_a_bound_below_one(self) -> None:
        with self.assertRaisesRegex(ValueError, "top_object_types must be at least 1, got 0"):
            ObjectCountCollector(top_n=0, min_interval=1.0)


class LabelsTest(unittest.TestCase):
    def test_route_template_or_unmatched(self) -> None:
        route = mock.Mock(path="/items/{item_id}")
        self.assertEqual(route_template({"route": route, "path": "/items/7"}), "/items/{item_id}")
        self.assertEqual(route_template({"path": "/no/such/7"}), UNMATCHED_ENDPOINT)

    def test_status_classes(self) -> None:
        self.assertEqual([status_class(s) for s in (200, 307, 404, 503)], ["2xx", "3xx", "4xx", "5xx"])


class SetupTest(unittest.TestCase):
    def test_a_registry_of_its_own_gets_the_process_start_time(self) -> None:
        from fastapi import FastAPI

        from fastapi_memory_monitor import setup_memory_monitoring

        registry = CollectorRegistry()
        setup_memory_monitoring(FastAPI(), MonitorSettings(debug_prefix=None), registry=registry)
        self.assertGreater(registry.get_sample_value("process_start_time_seconds"), 0)
        self.assertGreater(registry.get_sample_value("process_rss_bytes"), 0)


    def test_a_taken_port_is_named_in_the_error(self) -> None:
        import socket

        from fastapi_memory_monitor.monitor import MetricsServer

        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            with self.assertRaisesRegex(RuntimeError, f"cannot serve /metrics on 127.0.0.1:{port}: .*MEMORY_METRICS_PORT"):
                MetricsServer(CollectorRegistry(), "127.0.0.1", port)


class SettingsTest(unittest.TestCase):
    def test_environment_overrides_port_and_address(self) -> None:
        with mock.patch.dict(os.environ, {"MEMORY_METRICS_PORT": "9123", "MEMORY_METRICS_ADDR": "127.0.0.1"}):
            settings = MonitorSettings.from_environment()
        self.assertEqual((settings.metrics_port, settings.metrics_addr), (9123, "127.0.0.1"))

    def test_a_bad_port_names_the_variable(self) -> None:
        for bad in ("80a", "70000", "-1"):
            with mock.patch.dict(os.environ, {"MEMORY_METRICS_PORT": bad}):
                with self.assertRaisesRegex(ValueError, f"MEMORY_METRICS_PORT must be a port number 0-65535, got '{bad}'"):
                    MonitorSettings.from_environment()


if __name__ == "__main__":
    unittest.main()
