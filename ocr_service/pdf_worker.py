"""pdfium (and the HEIC and AVIF decoders) in child processes: a memory limit, a clock and a
crash of their own.

libheif and libavif, like pdfium, build what a file declares before anything can count it (a
grid of tiles each far larger than the picture, a thousand pictures' shared metadata copied for
each, a picture coded larger than its header says): their images are measured and decoded here
too (``pdf_pages.image_*``), and named as images in the errors.

pdfium builds what a PDF declares before anything can count it. A 200 KB file whose content
stream inflates to a hundred million characters takes 1.3 GB to load its page; a 22 KB one
holding ten million characters takes 3 GB to build the page's text; a picture is decoded in
one call that nothing stops; a malformed file may crash the library. In the service's own
process, any of these ends every request (a container at its memory limit is killed).

So every call into pdfium (``pdf_pages``) runs in a child process, ``OCR_PDF_WORKERS`` of them
(``ocr_service.pdf_child``, one document at a time each), whose data segment is limited to
``OCR_PDF_MEMORY_MB``:

- a document that needs more ends the child (pdfium aborts when an allocation fails), not
  the service: 413 ``document_too_large``;
- a child that crashes on a document: 422 ``unreadable_pdf``;
- a request whose deadline passes, or whose client hangs up, has the child working for it
  killed: the work stops at once, even inside one long pdfium call (504, or 499 in the log);
  a call with no deadline (the CLI, tests) waits ten minutes at most;
- a child that cannot start, or ends by itself: 500 ``pdf_reader_failed``, and a log line.

A child is a process of its own (``pdf_child``), not a fork: it gets none of the service's
environment but the paths and locale (not its token), imports nothing from the working
directory, and its answers (a length, at most what the pages' pixels can take, then a pickle
read as it comes, the deadline checked between reads) are unpickled into pages, lines and
arrays only (``_Answer``): a child taken over by a hostile PDF can refuse or spoil that
document, not run code in the service nor hold it. A new child takes the place of one that
ended, when next needed.
``OCR_PDF_WORKERS=0`` runs pdfium in the service's process, one call at a time, without these
bounds (debugging).
Messages name limits and settings, never the document.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import pickle
import queue
import signal
import site
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import errors
from .deadline import WorkStopped, current
from .errors import ServiceError, TooLarge, Unprocessable
from .pdf_child import ERRORS, HEADER, receive, send

_logger = logging.getLogger(__name__)

_SOCKET_BUFFER = 4 << 20
# a deadline or a hang-up is noticed within this many seconds
_POLL_SECONDS = 0.05
# the longest a call waits without a deadline of its own (the CLI, tests), and a child to start
_CEILING_SECONDS = 600.0
_START_SECONDS = 60.0
# how a child ends when an allocation failed: pdfium aborts; the kernel's OOM killer
_OUT_OF_MEMORY = {-signal.SIGABRT, -signal.SIGKILL}
# how a child ends when pdfium crashes on a document
_CRASHED = {-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGFPE, -signal.SIGILL, -signal.SIGTRAP}
# what the child's environment keeps of the service's (not its token, not its settings)
_ENVIRONMENT = (
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "TMPDIR",
    "PYTHONHOME",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "LD_LIBRARY_PATH",
)
# what a child's answer may hold: pages, their lines, arrays (anything else: refused)
_CLASSES = {
    ("ocr_service.imaging", "Page"),
    ("ocr_service.engines.base", "Line"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
}


class _Answer(pickle.Unpickler):
    """Unpickles a child's answer, building none but the classes an answer holds: a child
    taken over by a hostile PDF cannot have the service run code of its choosing."""

    def find_class(self, module: str, name: str):
        if (module, name) not in _CLASSES:
            raise pickle.UnpicklingError("a PDF child answered with something no answer holds")
        return super().find_class(module, name)


def _largest_answer(limits) -> int:
    """The most bytes an answer may take: every page's pixels (and the first page's again),
    three bytes each, and room for the lines."""
    return 6 * getattr(limits, "max_total_pixels", 80_000_000) + (64 << 20)


def _is_image(name: str) -> bool:
    """Whether the call decodes a HEIF or AVIF image (``pdf_pages.image_*``), not a PDF."""
    return name.startswith("image_")


class ReaderFailed(ServiceError):
    status, code = 500, "pdf_reader_failed"


def _child_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key in _ENVIRONMENT or key.startswith("LC_")}
    # one thread each: the child does one thing at a time, and its memory stays its own
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    root = str(Path(__file__).resolve().parent.parent)
    installed = {str(Path(path).resolve()) for path in [*site.getsitepackages(), site.getusersitepackages()]}
    if root not in installed:  # run from a source tree: the child must find this same package
        env["PYTHONPATH"] = os.pathsep.join(path for path in (root, env.get("PYTHONPATH")) if path)
    return env


class _Child:
    """One child: ``python -P -m ocr_service.pdf_child``, spoken to over a socket pair (not
    ``multiprocessing``'s own start, which would run the caller's main script again; ``-P``:
    the working directory's files are not imported)."""

    def __init__(self, memory_bytes: int):
        ours, theirs = socket.socketpair()
        for end in (ours, theirs):  # a rendered page in a few large writes, not hundreds
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _SOCKET_BUFFER)
        # -P (3.11): the working directory is not put first on the path; nor is it "/"
        isolated = ["-P"] if sys.version_info >= (3, 11) else []
        command = [sys.executable, *isolated, "-m", "ocr_service.pdf_child"]
        with theirs:
            self.process = subprocess.Popen(
                [*command, str(theirs.fileno()), str(memory_bytes), str(os.getpid())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                cwd="/",
                env=_child_environment(),
                close_fds=True,
            )
        self.sock = ours
        self.sock.settimeout(_POLL_SECONDS)
        self.ready = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def end(self, wait: float = 0.0) -> int | None:
        """The child's exit code (minus the signal that ended it): waited for ``wait`` seconds
        (a child that ends by itself), then killed."""
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self.sock.close()
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
        until = self._until()
        self._check(until)  # past the deadline already: no child is started or spent on it
        child = self._take(until)
        try:
            if child is None or not child.alive():
                if child is not None:
                    child.end()
                child = None
                child = _Child(self.memory_mb << 20)
            if not child.ready:
                self._expect(child, ("ready",), min(until, time.monotonic() + _START_SECONDS))
                child.ready = True
            child.sock.settimeout(max(_POLL_SECONDS, until - time.monotonic()))
            try:
                send(child.sock, (name, args))
            except TimeoutError:  # a child that does not take the PDF: as if past the deadline
                raise WorkStopped("OCR took longer than the request timeout and was stopped") from None
            child.sock.settimeout(_POLL_SECONDS)
            reply = self._answer(child, until, _largest_answer(args[-1]) if args else 1 << 20)
        except BaseException as exc:
            ended = isinstance(exc, (EOFError, OSError))  # the child is gone, or going
            code = child.end(wait=1.0 if ended else 0.0) if child is not None else None
            self.restarts += child is not None
            self._free.put(None)
            if ended:
                raise self._ended(code, name) from None
            raise
        self._free.put(child)
        return self._result(reply, name)

    def _until(self) -> float:
        deadline = current()
        return deadline.at if deadline is not None else time.monotonic() + _CEILING_SECONDS

    def _take(self, until: float) -> _Child | None:
        while True:
            try:
                return self._free.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                self._check(until)

    def _check(self, until: float) -> None:
        deadline = current()
        if (deadline is not None and deadline.passed()) or time.monotonic() >= until:
            raise WorkStopped("OCR took longer than the request timeout and was stopped")

    def _answer(self, child: _Child, until: float, largest: int = 1 << 20):
        """The child's next message, read as it comes; the deadline checked between reads, and
        a length past ``largest`` refused (a child that stalls or claims gigabytes)."""

        def waiting():
            self._check(until)

        size = HEADER.unpack(receive(child.sock, HEADER.size, waiting))[0]
        if size > largest:
            raise ReaderFailed("the PDF reader answered out of turn")
        return _Answer(io.BytesIO(receive(child.sock, size, waiting))).load()

    def _expect(self, child: _Child, message: tuple, until: float) -> None:
        if self._answer(child, until) != message:
            raise ReaderFailed("the PDF reader answered out of turn")

    def _ended(self, code: int | None, name: str) -> ServiceError:
        if code in _OUT_OF_MEMORY:
            return self._out_of_memory(name)
        if code in _CRASHED:
            if _is_image(name):
                return Unprocessable(
                    "the image cannot be decoded: its decoder stopped on it", code="unreadable_image"
                )
            return Unprocessable(
                "the PDF cannot be read: the PDF reader stopped on it", code="unreadable_pdf"
            )
        # it could not start (a hard memory limit below what it needs, a missing library) or
        # ended by itself: the service's fault, worth retrying, and worth a line in its log
        _logger.error("PDF child ended with exit code %s during %s", code, name)
        return ReaderFailed("the PDF reader failed; see the service's log")

    def _out_of_memory(self, name: str) -> TooLarge:
        what = "decoding the image" if _is_image(name) else "reading the PDF"
        return TooLarge(
            f"{what} needs more than {self.memory_mb} MB of memory; the limit is "
            f"{self.memory_mb} MB (OCR_PDF_MEMORY_MB)",
            code="image_too_large" if _is_image(name) else "document_too_large",
        )

    def _result(self, reply, name: str):
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "error":
            _, kind, message, code, status = reply
            error = getattr(errors, kind) if kind in ERRORS else ServiceError
            raise error(str(message), code=str(code), status=status if status in range(400, 600) else 400)
        if reply[0] == "memory":
            raise self._out_of_memory(name)
        raise ReaderFailed(f"the PDF reader failed ({reply[1]})")

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
            try:
                child = child if child is not None else _Child(self.memory_mb << 20)
            except OSError:
                _logger.exception("a PDF child could not be started")  # tried again when needed
            self._free.put(child)
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


def start(settings) -> asyncio.Semaphore:
    """Start the children the settings ask for (at the service's start); return the slots a
    request waits on for one, in the event loop rather than in a thread (``api.disconnect``)."""
    if settings.pdf_workers:
        pool(settings.pdf_workers, settings.pdf_memory_mb).start()
    return asyncio.Semaphore(max(1, settings.pdf_workers))


def shutdown() -> None:
    with _pools_lock:
        for workers in _pools.values():
            workers.shutdown()
        _pools.clear()
