"""Process-wide machinery: engine loading, admission control, result cache, rate limits."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import logging
import queue
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future

from .config import Settings
from .engines import Engine, build_engine, release_free_memory
from .errors import Busy, RateLimited, Timeout

_logger = logging.getLogger(__name__)


def warm_up(engine: Engine) -> None:
    """Run real inferences at the largest shapes so the first request pays for nothing."""
    engine.warm_up()


class OcrWorkers:
    """Worker threads that each build, warm and then only ever use their own engine.

    Paddle's predictors are not thread-safe and its oneDNN kernels keep per-thread
    caches, so an engine never changes thread. Loading happens in the workers, so
    liveness answers while the models load; ``ready`` is set once all are warm.
    """

    def __init__(self, settings: Settings, factory=None):
        self.settings = settings
        self.count = settings.workers
        self._factory = factory or (lambda: build_engine(settings))
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._loaded = 0
        self._threads: list[threading.Thread] = []
        self.ready = threading.Event()
        self.error: str | None = None
        self.description: dict | None = None
        self.started_at = time.monotonic()
        self.ready_after_s: float | None = None

    def start(self) -> OcrWorkers:
        if self._threads:
            return self
        self.started_at = time.monotonic()
        for index in range(self.count):
            thread = threading.Thread(target=self._work, name=f"ocr-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _work(self) -> None:
        try:
            engine = self._factory()
            if self.settings.warmup:
                warm_up(engine)
        except Exception as exc:  # a broken model folder must not kill liveness
            self.error = type(exc).__name__
            _logger.exception("engine failed to load")
            return
        with self._lock:
            self._loaded += 1
            self.description = engine.describe()
            if self._loaded == self.count:
                self.ready_after_s = time.monotonic() - self.started_at
                self.ready.set()
                _logger.info("engine ready", extra={"ready_after_s": round(self.ready_after_s, 2)})
        while True:
            item = self._jobs.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(engine, *args))
            except BaseException as exc:
                future.set_exception(exc)
            finally:
                release_free_memory()

    def submit(self, fn, *args) -> Future:
        """Run ``fn(engine, *args)`` on the first free worker."""
        future: Future = Future()
        self._jobs.put((future, fn, args))
        return future

    def wait_ready(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.ready.wait(0.05):
            if self.error or (deadline is not None and time.monotonic() > deadline):
                return False
        return True

    def shutdown(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)


class Admission:
    """Bounds the work in flight: ``workers`` running plus ``max_queue`` waiting."""

    def __init__(self, workers: OcrWorkers, max_queue: int, retry_after_s: int):
        self.workers = workers
        self.capacity = workers.count + max_queue
        self.retry_after_s = retry_after_s
        self._inflight = 0
        self._lock = threading.Lock()

    @property
    def inflight(self) -> int:
        return self._inflight

    def _leave(self, _future=None) -> None:
        with self._lock:
            self._inflight -= 1

    async def run(self, fn, *args, timeout: float):
        """Run ``fn(engine, *args)`` in a worker, or refuse (503) when too much is in flight."""
        with self._lock:
            if self._inflight >= self.capacity:
                raise Busy(
                    "the OCR service is busy; retry later",
                    headers={"Retry-After": str(self.retry_after_s)},
                )
            self._inflight += 1
        future = self.workers.submit(fn, *args)
        # The slot is freed when the work really ends (or is cancelled while queued),
        # not when the client stops waiting.
        future.add_done_callback(self._leave)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise Timeout(f"OCR took longer than {timeout:g} s") from None


class ResultCache:
    """A bounded LRU of responses keyed by the SHA-256 of the content and the doc type."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._data: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(data: bytes, doc_type: str) -> str:
        return f"{hashlib.sha256(data).hexdigest()}:{doc_type}"

    def get(self, key: str) -> dict | None:
        if not self.max_entries:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is None:
                return None
            self._data.move_to_end(key)
            return copy.deepcopy(value)

    def put(self, key: str, value: dict) -> None:
        if not self.max_entries:
            return
        with self._lock:
            self._data[key] = copy.deepcopy(value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class RateLimiter:
    """Token buckets per client key: ``per_minute`` sustained, ``burst`` at once."""

    MAX_KEYS = 10_000

    def __init__(self, per_minute: int, burst: int):
        self.per_minute = per_minute
        self.burst = burst
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def hit(self, key: str) -> dict[str, str]:
        """Take one token for ``key``; return the rate headers or raise ``RateLimited``."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.MAX_KEYS:
                self._buckets.popitem(last=False)
        reset = int((self.burst - tokens) / self.rate + 0.999) if self.rate else 0
        headers = {
            "X-RateLimit-Limit": str(self.per_minute),
            "X-RateLimit-Remaining": str(int(tokens)),
            "X-RateLimit-Reset": str(reset),
        }
        if not allowed:
            wait = max(1, int((1.0 - tokens) / self.rate + 0.999))
            headers["Retry-After"] = str(wait)
            raise RateLimited("too many requests; slow down", headers=headers)
        return headers
