"""The child process that runs pdfium for the service (``pdf_worker``): ``python -P -m
ocr_service.pdf_child <socket fd> <memory bytes>``.

It limits its own data segment, asks the kernel to end it first when memory runs short and
when the service ends, says it is ready, then answers one call at a time: (function name in
``pdf_pages``, arguments) -> ("ok", result), ("error", kind, message, code, status), ("memory",)
or ("failed", kind), each a length and a pickle (``send``). Messages are the service's fixed
texts; a defect is named by its kind only.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import socket
import struct
import sys
import threading
import time
from pathlib import Path

# a message: its length (8 bytes, big-endian), then that many bytes of a pickle, protocol 4
# (numpy's protocol-5 arrays would be refused by the service, which builds only what it expects)
HEADER = struct.Struct("!Q")
PROTOCOL = 4


def send(sock: socket.socket, message) -> None:
    data = pickle.dumps(message, protocol=PROTOCOL)
    sock.sendall(HEADER.pack(len(data)))
    sock.sendall(data)


def receive(sock: socket.socket, size: int, waiting=None) -> bytes:
    """``size`` bytes from ``sock``, as they come; on a socket with a timeout, ``waiting()`` is
    called each time it passes (the service checks its deadline there)."""
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        try:
            n = sock.recv_into(view[got:])
        except TimeoutError:
            waiting()
            continue
        if not n:
            raise EOFError
        got += n
    return bytes(buffer)


# errors a child may answer with, by name (the service builds them again from their name)
ERRORS = ("EmptyFile", "TooLarge", "UnsupportedType", "Unprocessable", "ServiceError")


def _limit(memory_bytes: int) -> None:
    """The data segment limit: ``memory_bytes``, or the hard limit the service runs under
    when that is lower (``ulimit -d``, systemd ``LimitDATA=``)."""
    if not memory_bytes:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))


def _bound_to_parent(parent: int) -> None:
    """End this child when the service ends, even mid-document (checked every second: the
    kernel's parent-death signal follows the thread that started the child, which a thread
    pool retires); and have the kernel end it before the service when memory runs short."""

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


def serve(sock: socket.socket, memory_bytes: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the service's to handle
    _bound_to_parent(parent)
    import cv2

    from . import pdf_pages
    from .errors import ServiceError

    cv2.setNumThreads(1)
    _limit(memory_bytes)
    send(sock, ("ready",))
    while True:
        try:
            # the service's own message: the PDF and the limits it sent
            name, args = pickle.loads(receive(sock, HEADER.unpack(receive(sock, HEADER.size))[0]))
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", getattr(pdf_pages, name)(*args))
        except ServiceError as exc:
            kind = type(exc).__name__
            reply = ("error", kind if kind in ERRORS else "ServiceError", exc.message, exc.code, exc.status)
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:  # a defect: its kind only (a message may quote the document)
            reply = ("failed", type(exc).__name__)
        try:
            send(sock, reply)
        except MemoryError:
            send(sock, ("memory",))


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]))
