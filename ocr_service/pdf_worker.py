"""pdfium in child processes: a memory limit, a clock and a crash of their own.

pdfium builds what a PDF declares before anything can count it. A 200 KB file whose content
stream inflates to a hundred million characters takes 1.3 GB to load its page; a 22 KB one
holding ten million characters takes 3 GB to build the page's text; a picture is decoded in
one call that nothing stops; a malformed file may crash the library. In the service's own
process, any of these ends every request (a container at its memory limit is killed).

So every call into pdfium (``pdf_pages``) runs in a child process, ``OCR_PDF_WORKERS`` of them
(``python -m ocr_service.pdf_worker``, one document at a time each), whose data segment is limited to
``OCR_PDF_MEMORY_MB``:

- a document that needs more ends the child (pdfium aborts when an allocation fails), not
  the service: 413 ``document_too_large``;
- a child that crashes on a document: 422 ``unreadable_pdf``;
- a request whose deadline passes, or whose client hangs up, has the child working for it
  killed: the work stops at once, even inside one long pdfium call (504, or 499 in the log).

A new child takes the place of one that ended, when next needed. ``OCR_PDF_WORKERS=0`` runs
pdfium in the service's process, one call at a time, without these bounds (debugging).
Messages name limits and settings, never the document.
"""

from __future__ import annotations

import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from .deadline import WorkStopped, current
from .errors import ServiceError, TooLarge, Unprocessable

_SOCKET_BUFFER = 4 << 20
# a deadline or a hang-up is noticed within this many seconds
_POLL_SECONDS = 0.05
# signals a child ends with when an allocation failed: pdfium aborts; the kernel's OOM killer
_OUT_OF_MEMORY = {-signal.SIGABRT, -signal.SIGKILL}


def _serve(conn, memory_bytes: int) -> None:
    """A child's loop: read (function name, arguments), answer ("ok", result) or an error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the service's to handle
    import cv2

    from . import pdf_pages

    cv2.setNumThreads(1)
    try:  # a container at its memory limit: the kernel ends a child, not the service
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", getattr(pdf_pages, name)(*args))
        except ServiceError as exc:
            reply = ("error", type(exc), exc.message, exc.code)
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:  # a defect: its kind only (a message may quote the document)
            reply = ("failed", type(exc).__name__)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory",))


class _Child:
    """One child: ``python -m ocr_service.pdf_worker``, spoken to over a socket pair (not
    ``multiprocessing``'s own start, which would run the caller's main script again)."""

    def __init__(self, memory_bytes: int):
        ours, theirs = socket.socketpair()
        for end in (ours, theirs):  # a rendered page in a few large writes, not hundreds
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _SOCKET_BUFFER)
        package_root = str(Path(__file__).resolve().parent.parent)
        paths = [package_root, os.environ.get("PYTHONPATH", "")]
        # one thread each: the child does one thing at a time, and its memory stays its own
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ocr_service.pdf_worker", str(theirs.fileno()), str(memory_bytes)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        self.conn = Connection(ours.detach())

    def end(self) -> int | None:
        """Kill the child (if it still runs); its exit code (minus the signal that ended it)."""
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()
        return self.process.returncode


class PdfWorkers:
    """``count`` children, each started when first needed and again after it ends."""

    def __init__(self, count: int, memory_mb: int):
        self.memory_mb = memory_mb
        self._free: queue.SimpleQueue[_Child | None] = queue.SimpleQueue()
        for _ in range(count):
            self._free.put(None)
        self.restarts = 0

    def call(self, name: str, *args):
        """Run ``pdf_pages.<name>(*args)`` in a child; its result, or its error raised here."""
        child = self._take()
        try:
            child = self._send(child, (name, args))
            reply = self._answer(child)
        except BaseException:
            if child is not None:
                child.end()
                self.restarts += 1
            self._free.put(None)
            raise
        self._free.put(child)
        return self._result(reply)

    def _send(self, child: _Child | None, message) -> _Child:
        """Send ``message`` to ``child``, or to a new child when there is none or it has ended
        since its last document (killed from outside)."""
        if child is not None:
            try:
                child.conn.send(message)
                return child
            except (BrokenPipeError, ConnectionResetError, EOFError):
                child.end()
                self.restarts += 1
        child = _Child(self.memory_mb << 20)
        child.conn.send(message)
        return child

    def _take(self) -> _Child | None:
        deadline = current()
        while True:
            try:
                return self._free.get(timeout=_POLL_SECONDS if deadline else None)
            except queue.Empty:
                if deadline.passed():
                    raise WorkStopped("OCR took longer than the request timeout and was stopped") from None

    def _answer(self, child: _Child):
        deadline = current()
        while not child.conn.poll(_POLL_SECONDS if deadline else None):
            if deadline.passed():
                raise WorkStopped("OCR took longer than the request timeout and was stopped")
        try:
            return child.conn.recv()
        except (EOFError, OSError):
            code = child.end()
            raise self._ended(code) from None

    def _ended(self, code: int | None) -> ServiceError:
        if code in _OUT_OF_MEMORY:
            return self._out_of_memory()
        return Unprocessable("the PDF cannot be read: the PDF reader stopped on it", code="unreadable_pdf")

    def _out_of_memory(self) -> TooLarge:
        return TooLarge(
            f"reading the PDF needs more than {self.memory_mb} MB of memory; the limit is "
            f"{self.memory_mb} MB (OCR_PDF_MEMORY_MB)",
            code="document_too_large",
        )

    def _result(self, reply):
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "error":
            _, kind, message, code = reply
            raise kind(message, code=code)
        if reply[0] == "memory":
            raise self._out_of_memory()
        raise RuntimeError(f"the PDF reader failed ({reply[1]})")

    def start(self) -> PdfWorkers:
        """Start the children not running yet (each takes about half a second to import its
        libraries, in the background), so that the first PDF does not wait for one."""
        taken = []
        while True:
            try:
                taken.append(self._free.get_nowait())
            except queue.Empty:
                break
        for child in taken:
            self._free.put(child if child is not None else _Child(self.memory_mb << 20))
        return self

    def shutdown(self) -> None:
        while True:
            try:
                child = self._free.get_nowait()
            except queue.Empty:
                return
            if child is not None:
                child.end()


_pools: dict[tuple[int, int], PdfWorkers] = {}
_pools_lock = threading.Lock()
_in_process = threading.Lock()


def pool(count: int, memory_mb: int) -> PdfWorkers:
    """The service's children for these settings (one set per process and settings)."""
    with _pools_lock:
        key = (count, memory_mb)
        if key not in _pools:
            _pools[key] = PdfWorkers(count, memory_mb)
        return _pools[key]


def call(limits, name: str, *args):
    """``pdf_pages.<name>(*args, limits)`` where ``limits`` says: in a child, or here."""
    if limits.pdf_workers == 0:
        from . import pdf_pages

        with _in_process:  # pdfium is not thread-safe
            return getattr(pdf_pages, name)(*args, limits)
    return pool(limits.pdf_workers, limits.pdf_memory_mb).call(name, *args, limits)


def start(settings) -> None:
    """Start the children the settings ask for (at the service's start)."""
    if settings.pdf_workers:
        pool(settings.pdf_workers, settings.pdf_memory_mb).start()


def shutdown() -> None:
    with _pools_lock:
        for workers in _pools.values():
            workers.shutdown()
        _pools.clear()


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
