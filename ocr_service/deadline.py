"""Work that stops: the deadline of the document a worker thread is reading.

A request past its timeout is answered 504 at once; the worker thread doing its
work notices at the next checkpoint (between pages, between detection and
recognition batches) and drops it, so the engine is free for the next request.
A thread with no deadline (the CLI, tests calling the pipeline directly) never
stops early.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from .errors import Timeout


class WorkStopped(Timeout):
    """The work passed its deadline (or was cancelled) and was dropped between two steps."""


class Deadline:
    """When a piece of work must end; ``cancel()`` ends it sooner."""

    def __init__(self, at: float):
        self.at = at
        self._cancelled = threading.Event()

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def passed(self) -> bool:
        return self._cancelled.is_set() or time.monotonic() >= self.at

    def remaining(self) -> float:
        return self.at - time.monotonic()


_local = threading.local()


def current() -> Deadline | None:
    return getattr(_local, "deadline", None)


@contextmanager
def bound(deadline: Deadline | None):
    """Run the block under ``deadline`` (in this thread only)."""
    previous = current()
    _local.deadline = deadline
    try:
        yield deadline
    finally:
        _local.deadline = previous


def checkpoint() -> None:
    """Raise ``WorkStopped`` when this thread's work has passed its deadline."""
    deadline = current()
    if deadline is not None and deadline.passed():
        raise WorkStopped("OCR took longer than the request timeout and was stopped")


class _Checkpointed:
    """A model step (a detection or recognition session) with a checkpoint before each run."""

    def __init__(self, step):
        self._step = step

    def __getattr__(self, name):
        return getattr(self._step, name)

    def __call__(self, *args, **kwargs):
        checkpoint()
        return self._step(*args, **kwargs)


def checkpointed(step):
    """``step`` with a checkpoint before each call (wrapped once, however often asked)."""
    return step if isinstance(step, _Checkpointed) else _Checkpointed(step)
