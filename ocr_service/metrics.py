"""Prometheus metrics, in a registry of the app's own (tests build many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ocr_http_requests",
            "HTTP requests by route and status",
            ["route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ocr_http_request_duration_seconds",
            "HTTP request duration by route",
            ["route"],
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.documents = Counter(
            "ocr_documents", "Documents processed by detected type", ["doc_type"], registry=self.registry
        )
        self.pages = Counter("ocr_pages", "Pages OCR'd", registry=self.registry)
        self.errors = Counter("ocr_errors", "Errors by code", ["code"], registry=self.registry)
        self.cache = Counter("ocr_cache", "Result cache lookups", ["result"], registry=self.registry)
        self.inflight = Gauge("ocr_inflight", "Documents running or waiting", registry=self.registry)
        self.ready = Gauge("ocr_ready", "1 once the engine is loaded and warm", registry=self.registry)
        self.workers_stuck = Gauge(
            "ocr_workers_stuck",
            "Workers held by an engine call that has not returned long past its deadline",
            registry=self.registry,
        )
        self.overrun = Histogram(
            "ocr_work_overrun_seconds",
            "How long the engine stayed busy with a document after its request timed out",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30),
            registry=self.registry,
        )
        self.stopped = Counter(
            "ocr_work_stopped",
            "Documents dropped between two steps past their deadline",
            registry=self.registry,
        )
        self.capacity_pages = Gauge(
            "ocr_capacity_pages",
            "Pages the service finishes within its request timeout, at the current estimate",
            registry=self.registry,
        )
        self.page_seconds = Gauge(
            "ocr_page_seconds", "Engine seconds per page, as measured so far", registry=self.registry
        )
        self.pending_seconds = Gauge(
            "ocr_pending_seconds",
            "Estimated engine seconds of admitted work not yet done",
            registry=self.registry,
        )
        self.upload_bytes = Histogram(
            "ocr_upload_bytes",
            "Size of accepted uploads",
            buckets=(10_000, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000),
            registry=self.registry,
        )
