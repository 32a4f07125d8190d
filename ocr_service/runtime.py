"""Process-wide machinery: engine loading, admission control, result cache, rate limits."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import queue
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future

from .config import Settings
from .deadline import Deadline, WorkStopped, bound, checkpoint
from .engines import Engine, build_engine, release_free_memory
from .errors import Busy, EngineStuck, RateLimited, Timeout

_logger = logging.getLogger(__name__)


def warm_up(engine: Engine) -> None:
    """Run real inferences at the largest shapes so the first request pays for nothing, and at
    the shapes a text-layer PDF's figures are checked in (``layer_check.warm_up``); read the
    list of known brands (ocr_service/receipt/brands.txt) for the same reason."""
    from . import layer_check
    from .receipt import brands

    engine.warm_up()
    layer_check.warm_up(engine)
    brands.load()


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


class _CheckedEngine:
    """The engine, with a deadline checkpoint before each call into it (so between pages)."""

    _CHECKED = frozenset({"ocr", "class_probabilities"})

    def __init__(self, engine):
        self._engine = engine
        self.pages_read = 0  # calls of ``ocr``: a page (or a picture) detected and read

    def __getattr__(self, name):
        attr = getattr(self._engine, name)
        if name not in self._CHECKED:
            return attr

        def checked(*args, **kwargs):
            checkpoint()
            self.pages_read += name == "ocr"
            return attr(*args, **kwargs)

        return checked


class _Job:
    __slots__ = ("cost", "deadline", "started", "worker", "stuck")

    def __init__(self, cost: float, deadline: Deadline):
        self.cost = cost
        self.deadline = deadline
        self.started: float | None = None
        self.worker = ""  # the name of the worker thread running it, once started
        self.stuck = False  # seen running past its deadline and the grace (logged once)

    def remaining(self, now: float) -> float:
        """Engine seconds this job still needs, by its estimate; never past its deadline."""
        left = self.cost if self.started is None else max(self.cost - (now - self.started), 0.0)
        return max(0.0, min(left, self.deadline.at - now))

    def overdue(self, now: float) -> float:
        """Seconds this job has been running past its deadline (0: not started, or not past it)."""
        return 0.0 if self.started is None else max(0.0, now - self.deadline.at)


class Admission:
    """Admits a document only when it can end within the timeout, counting the work before it.

    Each document costs its page units (``imaging.Work.units``) times the engine
    seconds per page, learned from the documents read: a moving average (seeded by
    ``OCR_PAGE_SECONDS``) plus twice the moving mean deviation, so pages that vary,
    or a machine whose load changes, are costed on the safe side. A document is
    admitted when the work already admitted, spread over the workers, plus its own
    cost fits in ``MARGIN`` of the timeout; otherwise it is refused at once (503,
    ``Retry-After`` = when it would fit). An idle service admits any document that
    passed the input limits. Work past its deadline is stopped between pages and
    between detection and recognition batches, so a 504 frees the engine within
    one step.

    A job still running ``stuck_grace`` past its deadline is not between two steps
    but in a call that does not return (a deadlock in a native runtime): its worker
    is stuck. Stuck workers are not counted among the slots, so documents go to the
    others; with every worker stuck a document is refused at once (503
    ``engine_stuck``), readiness says ``stuck``, and once every worker has been stuck
    for a further request timeout (``dead``) liveness fails, so the orchestrator
    restarts the process. A stuck call that returns frees its worker again.
    """

    MARGIN = 0.8
    LEARNING_RATE = 0.3
    DEVIATIONS = 2.0
    # Work past its deadline stops at its next checkpoint, one step of the engine later: a page
    # at most, which ``page_cost`` (the mean plus two deviations) already costs on the safe
    # side. Still running three page costs past its deadline, a job is not between two steps;
    # one second at least, so that neither a loaded machine's scheduling nor a page measured in
    # tens of milliseconds makes a slow step look stuck.
    STUCK_PAGES = 3.0
    STUCK_MIN_S = 1.0

    def __init__(self, workers: OcrWorkers, settings: Settings, metrics=None):
        self.workers = workers
        self.slots = workers.count
        self.max_documents = workers.count + settings.max_queue
        self.timeout = settings.request_timeout_s
        self.page_seconds = settings.page_seconds
        self.page_deviation = 0.0
        self.metrics = metrics
        self._jobs: set[_Job] = set()
        self._lock = threading.Lock()

    @property
    def inflight(self) -> int:
        return len(self._jobs)

    @property
    def page_cost(self) -> float:
        """Engine seconds a page is costed at: the mean, plus a margin for how much it varies."""
        return self.page_seconds + self.DEVIATIONS * self.page_deviation

    @property
    def budget(self) -> float:
        """Seconds of queued and running work a new document may find ahead of it."""
        return self.timeout * self.MARGIN

    def capacity_pages(self) -> float:
        """Pages the service finishes within its timeout, at the current estimate."""
        return self.slots * self.budget / self.page_cost

    def pending_seconds(self) -> float:
        now = time.monotonic()
        with self._lock:
            return sum(job.remaining(now) for job in self._jobs)

    @property
    def stuck_grace(self) -> float:
        """Seconds past its deadline after which a job still running holds a stuck worker."""
        return max(self.STUCK_MIN_S, self.STUCK_PAGES * self.page_cost)

    def _stuck(self, now: float) -> list[_Job]:
        """The jobs running ``stuck_grace`` past their deadline, one per stuck worker. Holds the lock."""
        grace = self.stuck_grace
        stuck = [job for job in self._jobs if job.overdue(now) > grace]
        for job in stuck:
            if not job.stuck:
                job.stuck = True
                _logger.warning(
                    "engine call stuck past its deadline; its worker takes no document until it returns",
                    extra={"worker": job.worker, "overdue_s": round(job.overdue(now), 2)},
                )
        return stuck

    def stuck_workers(self) -> int:
        """Workers held by a call that has not returned ``stuck_grace`` past its deadline."""
        with self._lock:
            return len(self._stuck(time.monotonic()))

    def all_stuck(self) -> bool:
        """Every worker is stuck: no document can be read until a stuck call returns."""
        return self.stuck_workers() >= self.slots

    def dead(self) -> bool:
        """Every worker has been stuck for a further request timeout: liveness fails (a restart)."""
        now = time.monotonic()
        with self._lock:
            stuck = self._stuck(now)
            if len(stuck) < self.slots:
                return False
            return min(job.overdue(now) for job in stuck) > self.stuck_grace + self.timeout

    def _wait_for(self, cost: float) -> float:
        """Seconds to wait before a document of ``cost`` would fit (0: it fits now). Holds the lock."""
        if not self._jobs:
            return 0.0
        now = time.monotonic()
        if len(self._jobs) >= self.max_documents:
            return max(self.page_cost, min(job.remaining(now) for job in self._jobs))
        free = self.slots - len(self._stuck(now))
        if free <= 0:
            return self.timeout  # when a stuck call returns is not known
        ahead = sum(job.remaining(now) for job in self._jobs) / free
        if ahead <= 0.0:
            # idle (stuck workers aside), or only work past its deadline, which stops within one step
            return 0.0
        return max(0.0, ahead + cost - self.budget)

    def saturated(self) -> float:
        """Seconds until a one-page document would be admitted (0: it would be now)."""
        with self._lock:
            return self._wait_for(self.page_cost)

    def retry_after(self, wait: float) -> int:
        """``Retry-After`` for a wait of ``wait`` seconds: a second at least, a timeout at most."""
        return max(1, min(int(wait + 0.999), int(self.timeout)))

    def _refuse(self, wait: float) -> Busy:
        return Busy(
            "the OCR service is at capacity; retry later",
            headers={"Retry-After": str(self.retry_after(wait))},
        )

    # one document counts as at most this many times the pages' current mean: a PDF whose
    # rendering took 40 s must not make every receipt after it look 17 times as costly (and
    # refused), while a machine that really slows down still raises the mean a few documents on
    MAX_SAMPLE_RATIO = 4.0

    def _learn(self, seconds: float, units: float) -> None:
        per_page = min(max(seconds / max(units, 1e-6), 0.01), self.timeout)
        with self._lock:
            per_page = min(per_page, self.MAX_SAMPLE_RATIO * self.page_seconds)
            error = per_page - self.page_seconds
            self.page_seconds += self.LEARNING_RATE * error
            self.page_deviation += self.LEARNING_RATE * (abs(error) - self.page_deviation)

    def _leave(self, job: _Job) -> None:
        with self._lock:
            self._jobs.discard(job)

    def _admit(self, units: float, deadline: Deadline) -> _Job:
        """The job of a document of ``units`` pages, counted in; or 503 at once."""
        with self._lock:
            if len(self._stuck(time.monotonic())) >= self.slots:
                raise EngineStuck(
                    "every OCR engine is held by a call that has not returned long past its deadline; "
                    "retry later",
                    headers={"Retry-After": str(self.retry_after(self.timeout))},
                )
            cost = units * self.page_cost
            wait = self._wait_for(cost)
            if wait > 0:
                raise self._refuse(wait)
            job = _Job(cost, deadline)
            self._jobs.add(job)
            return job

    async def run(self, fn, *args, units: float = 1.0, deadline: Deadline | None = None):
        """Run ``fn(engine, *args)`` in a worker within the timeout (or ``deadline``, when the
        request's time started before), or refuse it (503) at once."""
        deadline = deadline or Deadline.after(self.timeout)
        job = self._admit(units, deadline)

        def work(engine):
            job.worker = threading.current_thread().name
            job.started = time.monotonic()
            stopped = False
            try:
                checked = _CheckedEngine(engine)
                with bound(deadline):
                    checkpoint()  # waited past its deadline: never start it
                    result = fn(checked, *args)
                if checked.pages_read:
                    # a PDF read from its text layer says nothing of the engine's pace, nor do
                    # the few of its lines recognised to check it (``layer_check``)
                    self._learn(time.monotonic() - job.started, units)
                return result
            except WorkStopped:
                stopped = True
                ran = time.monotonic() - job.started
                if ran > job.cost:
                    # it ran longer than its estimate and still did not finish: a lower
                    # bound, but a higher one, so the next documents are costed higher
                    self._learn(ran, units)
                raise
            finally:
                self._observe_end(job, stopped)

        future = self.workers.submit(work)
        # The slot is freed when the work really ends (or is dropped before it starts).
        future.add_done_callback(lambda _future: self._leave(job))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=max(deadline.remaining(), 0.0))
        except TimeoutError:
            deadline.cancel()
            future.cancel()
            raise Timeout(f"OCR took longer than the timeout of {self.timeout:g} s") from None
        except BaseException:
            # the client went away, or the work failed: nothing more to wait for
            deadline.cancel()
            future.cancel()
            raise

    def _observe_end(self, job: _Job, stopped: bool) -> None:
        if job.stuck:
            _logger.warning(
                "stuck engine call returned; its worker takes documents again",
                extra={"worker": job.worker, "overdue_s": round(job.overdue(time.monotonic()), 2)},
            )
        if self.metrics is None:
            return
        deadline = job.deadline
        overrun = time.monotonic() - deadline.at
        if deadline.cancelled or overrun > 0:
            # how long the engine stayed busy after the request was answered 504
            self.metrics.overrun.observe(max(overrun, 0.0))
        if stopped:
            self.metrics.stopped.inc()


class ResultCache:
    """A bounded LRU of responses keyed by the client, the SHA-256 of the content and the doc type.

    Scoped per client (its token, or its address without one): a client never learns
    from the cache whether another one sent the same document. Kept as compact JSON and
    bounded by its bytes as well as by its entries (``max_bytes``): an answer of many lines
    weighs what it weighs, and one over an eighth of the bytes is not kept.
    """

    def __init__(self, max_entries: int, max_bytes: int = 64 * 1024 * 1024):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(data: bytes, doc_type: str, client: str = "") -> str:
        scope = hashlib.sha256(client.encode()).hexdigest()[:16]
        return f"{scope}:{hashlib.sha256(data).hexdigest()}:{doc_type}"

    def get(self, key: str) -> dict | None:
        if not self.max_entries:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is None:
                return None
            self._data.move_to_end(key)
        return json.loads(value)  # a copy of its own for each caller

    def put(self, key: str, value: dict) -> None:
        if not self.max_entries:
            return
        encoded = json.dumps(value, separators=(",", ":")).encode()
        with self._lock:
            old = self._data.pop(key, None)
            self._bytes -= len(old) if old is not None else 0
            if len(encoded) > self.max_bytes // 8:
                return
            self._data[key] = encoded
            self._bytes += len(encoded)
            while len(self._data) > self.max_entries or self._bytes > self.max_bytes:
                self._bytes -= len(self._data.popitem(last=False)[1])

    def __len__(self) -> int:
        return len(self._data)

    @property
    def size_bytes(self) -> int:
        return self._bytes


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

    def _refill(self, key: str, now: float) -> float:
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - last) * self.rate)

    def blocked(self, key: str) -> dict[str, str] | None:
        """The 429 headers when ``key`` has nothing left, without taking a token; else None."""
        if not self.enabled:
            return None
        now = time.monotonic()
        with self._lock:
            if key not in self._buckets:
                return None
            tokens = self._refill(key, now)
            self._buckets[key] = (tokens, now)
        if tokens >= 1.0:
            return None
        return {"Retry-After": str(max(1, int((1.0 - tokens) / self.rate + 0.999)))}

    def hit(self, key: str) -> dict[str, str]:
        """Take one token for ``key``; return the rate headers or raise ``RateLimited``."""
        now = time.monotonic()
        with self._lock:
            tokens = self._refill(key, now)
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
