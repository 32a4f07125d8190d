"""pdfium runs in child processes: what a PDF makes it do cannot take the service down.

The bombs are real PDFs of a few kilobytes that make pdfium allocate gigabytes; the children
are real processes, ended by the kernel's memory limit, by the deadline, or (for the crash,
which no PDF at hand produces on demand) by a signal sent to them.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.common import pdf_children
from ocr_service import pdf_worker
from ocr_service.config import Settings
from ocr_service.deadline import Deadline, WorkStopped, bound
from ocr_service.errors import TooLarge, Unprocessable
from ocr_service.imaging import Limits, load_pages, measure
from tests.service import pdfs
from tests.service.conftest import make_client

# a child limited to 512 MB: the bombs below need several times that
LIMITS = Limits.from_settings(Settings(pdf_memory_mb=512))
RECEIPT = ["BAECKEREI MUSTER GMBH", "Brot 2,49", "SUMME EUR 2,49", "14.03.2024 12:31"]


@functools.cache
def text_bomb(millions: int = 8) -> bytes:
    """One page whose text layer holds ``millions`` million characters (a few KB compressed):
    about 250 bytes each once pdfium builds the page's text."""
    run = b"(" + b"A" * 1000 + b") Tj\n"
    content = b"BT /F1 1 Tf 10 10 Td\n" + run * (millions * 1000) + b"ET"
    return pdfs.build([pdfs.PdfPage(300, 300, [content])])


@functools.cache
def page_bomb() -> bytes:
    """One page of a hundred million characters (200 KB): loading the page alone takes 1.3 GB."""
    return text_bomb(100)


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def children() -> list[int]:
    """The PDF children of this process, by pid."""
    return pdf_children(os.getpid())


def read_receipt(limits: Limits) -> list[str]:
    return [page.source for page in load_pages(pdfs.build([pdfs.text_page(RECEIPT)]), limits)[1]]


def run_reading(tmp_path: Path, settings: str, last: str, first: str = "") -> str:
    """What a fresh process prints after reading a text PDF with ``settings`` (``first`` run
    before anything is imported, ``last`` after)."""
    script = tmp_path / "reading.py"
    script.write_text(
        "import os, resource\n"
        f"{first}\n"
        "from ocr_service.imaging import Limits, load_pages\n"
        "from ocr_service.config import Settings\n"
        "from tests.service import pdfs\n"
        "pages = load_pages(pdfs.build([pdfs.text_page(['SUMME EUR 2,49'] * 5)]), "
        f"Limits.from_settings({settings}))[1]\n"
        f"{last}\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, str(script)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert out.returncode == 0, out.stderr[-800:]
    return out.stdout.strip()


def test_a_text_layer_that_needs_gigabytes_ends_its_child_not_the_service():
    workers = pdf_worker.pool(LIMITS.pdf_workers, LIMITS.pdf_memory_mb)
    assert read_receipt(LIMITS) == ["text-layer"]
    restarts, before = workers.restarts, peak_mb()
    with pytest.raises(TooLarge) as refused:
        load_pages(text_bomb(), LIMITS)
    assert refused.value.code == "document_too_large"
    assert refused.value.message == (
        "reading the PDF needs more than 512 MB of memory; the limit is 512 MB (OCR_PDF_MEMORY_MB)"
    )
    assert workers.restarts == restarts + 1
    assert peak_mb() - before < 200  # in this process it took 2 GB
    assert read_receipt(LIMITS) == ["text-layer"]  # a new child reads the next one


def test_a_page_that_needs_gigabytes_to_load_is_refused_when_measured():
    before = peak_mb()
    started = time.monotonic()
    with pytest.raises(TooLarge) as refused:
        measure(page_bomb(), LIMITS)
    assert refused.value.code == "document_too_large"
    assert peak_mb() - before < 200
    assert time.monotonic() - started < 10


def test_the_deadline_stops_pdfium_inside_one_long_call():
    # enough memory for the page bomb to be loaded: about 3 s of work in one pdfium call
    limits = Limits.from_settings(Settings(pdf_memory_mb=4096))
    assert read_receipt(limits) == ["text-layer"]  # the child is up
    started = time.monotonic()
    with bound(Deadline.after(0.3)), pytest.raises(WorkStopped):
        measure(page_bomb(), limits)
    assert time.monotonic() - started < 1.0
    assert read_receipt(limits) == ["text-layer"]


def test_a_hang_up_stops_the_child_working_for_it():
    limits = Limits.from_settings(Settings(pdf_memory_mb=4096))
    assert read_receipt(limits) == ["text-layer"]
    deadline = Deadline.after(60)
    threading.Timer(0.3, deadline.cancel).start()
    started = time.monotonic()
    with bound(deadline), pytest.raises(WorkStopped):
        measure(page_bomb(), limits)
    assert time.monotonic() - started < 1.0


def test_a_child_that_crashes_on_a_document_answers_unreadable_and_is_replaced():
    limits = Limits.from_settings(Settings(pdf_memory_mb=4096))
    assert read_receipt(limits) == ["text-layer"]
    crashed = []

    def crash():
        time.sleep(0.3)
        for pid in children():
            os.kill(pid, signal.SIGSEGV)
            crashed.append(pid)

    threading.Thread(target=crash).start()
    with pytest.raises(Unprocessable) as refused:
        measure(page_bomb(), limits)
    assert crashed
    assert refused.value.code == "unreadable_pdf"
    assert refused.value.message == "the PDF cannot be read: the PDF reader stopped on it"
    assert read_receipt(limits) == ["text-layer"]


def test_a_child_killed_between_documents_is_replaced_unnoticed():
    assert read_receipt(LIMITS) == ["text-layer"]
    for pid in children():
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert read_receipt(LIMITS) == ["text-layer"]


def test_the_children_leave_with_the_service(tmp_path):
    # a child whose parent is gone reads end-of-file on its socket and leaves
    parent = run_reading(tmp_path, "Settings()", "print(os.getpid())")
    time.sleep(0.5)
    assert pdf_children(int(parent)) == []


def test_the_api_answers_413_for_a_memory_bomb_and_goes_on(ocr_workers):
    with make_client(ocr_workers) as client:
        refused = client.post("/ocr", files={"file": ("a.pdf", text_bomb(), "application/pdf")})
        assert refused.status_code == 413
        assert refused.json()["error"]["code"] == "document_too_large"
        assert client.get("/health").status_code == 200
        answer = client.post(
            "/ocr", files={"file": ("b.pdf", pdfs.build([pdfs.text_page(RECEIPT)]), "application/pdf")}
        )
        assert answer.status_code == 200
        assert answer.json()["fields"]["total"]["value"] == "2.49"


def test_the_timeout_stops_a_pdf_being_measured_and_the_next_one_is_served(ocr_workers):
    # the page bomb takes about 3 s to load with 4 GB allowed: measuring it before it may queue
    # runs under the request's deadline too (it held the only child with none)
    with make_client(ocr_workers, request_timeout_s=1.0, pdf_memory_mb=4096) as client:
        started = time.monotonic()
        stopped = client.post("/ocr", files={"file": ("a.pdf", page_bomb(), "application/pdf")})
        assert stopped.status_code == 504
        assert time.monotonic() - started < 2.0
        answer = client.post(
            "/ocr", files={"file": ("b.pdf", pdfs.build([pdfs.text_page(RECEIPT)]), "application/pdf")}
        )
        assert answer.status_code == 200


def test_a_child_that_cannot_start_is_the_services_failure_not_the_documents(monkeypatch, caplog):
    workers = pdf_worker.PdfWorkers(1, 512)
    monkeypatch.setattr(pdf_worker.sys, "executable", "/bin/false")  # a child that exits at once
    with pytest.raises(pdf_worker.ReaderFailed) as failed:
        workers.call("pdf_sizes", pdfs.build([pdfs.text_page(RECEIPT)]), LIMITS)
    assert failed.value.status == 500 and failed.value.code == "pdf_reader_failed"
    assert "PDF child ended with exit code 1" in caplog.text


def test_a_child_under_a_lower_hard_memory_limit_reads_within_it(tmp_path):
    # the service run with `ulimit -d` (systemd LimitDATA=) below OCR_PDF_MEMORY_MB: the child
    # keeps to the hard limit rather than failing every PDF
    first = "resource.setrlimit(resource.RLIMIT_DATA, (900 << 20, 900 << 20))"
    read = run_reading(
        tmp_path, "Settings(pdf_memory_mb=1024)", "print([page.source for page in pages])", first
    )
    assert read == "['text-layer']"


class _Hostile:
    def __reduce__(self):
        return (os.system, ("echo the service ran this",))


def test_a_childs_answer_builds_no_class_but_an_answers():
    # a child taken over by a hostile PDF cannot have the service run code
    with pytest.raises(pickle.UnpicklingError):
        pdf_worker._Answer(io.BytesIO(pickle.dumps(("ok", _Hostile())))).load()
    (page,) = load_pages(pdfs.build([pdfs.text_page(RECEIPT)]), LIMITS, render_first=True)[1]
    assert (
        pdf_worker._Answer(io.BytesIO(pickle.dumps(("ok", [page])))).load()[1][0].text_lines
        == page.text_lines
    )


def test_children_get_neither_the_services_secrets_nor_its_working_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("OCR_API_TOKEN", "s3cret-token")
    # a package of the same name where the service runs from is never what a child imports
    fake = tmp_path / "ocr_service"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    limits = Limits.from_settings(Settings(pdf_memory_mb=640))
    assert read_receipt(limits) == ["text-layer"]
    (pid,) = [
        pid for pid in children() if str(640 << 20).encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert b"OCR_API_TOKEN" not in Path(f"/proc/{pid}/environ").read_bytes()


STALLING_CHILD = """#!{python}
import pickle, socket, struct, sys, time
sock = socket.socket(fileno=int(sys.argv[-3]))
ready = pickle.dumps(("ready",), protocol=4)
sock.sendall(struct.pack("!Q", len(ready)) + ready)
size = struct.unpack("!Q", sock.recv(8, socket.MSG_WAITALL))[0]
sock.recv(size, socket.MSG_WAITALL)
sock.sendall(struct.pack("!Q", 100) + b"0123456789")  # ten bytes of a hundred, then nothing
time.sleep(60)
"""


def test_a_child_that_stalls_in_the_middle_of_its_answer_is_stopped_at_the_deadline(monkeypatch, tmp_path):
    fake = tmp_path / "python"
    fake.write_text(STALLING_CHILD.format(python=sys.executable))
    fake.chmod(0o755)
    workers = pdf_worker.PdfWorkers(1, 512)
    monkeypatch.setattr(pdf_worker.sys, "executable", str(fake))
    started = time.monotonic()
    with bound(Deadline.after(1.0)), pytest.raises(WorkStopped):
        workers.call("pdf_sizes", pdfs.build([pdfs.text_page(RECEIPT)]), LIMITS)
    assert time.monotonic() - started < 2.0
    assert workers.restarts == 1
    workers._free.get(timeout=0.5)  # the slot is back


def test_a_batch_measures_and_reads_under_one_deadline(ocr_workers):
    # a slow PDF first: the files after it are not measured past the deadline (no child spent
    # on each), and reading does not start a second timeout
    receipt = pdfs.build([pdfs.text_page(RECEIPT)])
    with make_client(ocr_workers, request_timeout_s=1.5, pdf_memory_mb=4096) as client:
        workers = pdf_worker.pool(1, 4096)
        started, restarts = time.monotonic(), workers.restarts
        files = [("files", ("a.pdf", page_bomb(), "application/pdf"))] + [
            ("files", (f"{n}.pdf", receipt + b" " * n, "application/pdf")) for n in range(1, 4)
        ]
        answer = client.post("/ocr/batch", files=files)
        assert answer.status_code in (200, 504)
        assert time.monotonic() - started < 3.0
        assert workers.restarts - restarts <= 1


def test_pdfs_waiting_for_a_busy_child_leave_the_threads_to_images(ocr_workers):
    # the child stopped (SIGSTOP stands for pdfium busy with a slow PDF) and more PDFs behind it
    # than AnyIO has threads (40): they wait for the child without holding one each, so an
    # image is answered at once (it waited for the PDFs' deadline), and each PDF gets its 504
    from PIL import Image

    def png(width: int) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (width, 300), "white").save(out, "PNG")
        return out.getvalue()

    answers: dict[int, int] = {}
    with make_client(ocr_workers, request_timeout_s=6.0, max_queue=100) as client:

        def post(n: int) -> None:
            document = pdfs.build([pdfs.text_page([f"Note {n}", "nothing else"])])
            files = {"file": ("n.pdf", document, "application/pdf")}
            answers[n] = client.post("/ocr", files=files).status_code

        image = {"file": ("i.png", png(400), "image/png")}
        assert client.post("/ocr", files=image, data={"doc_type": "text"}).status_code == 200
        stopped = children()  # this app's, and any other test's pool's
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        try:
            threads = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(45)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)
            started = time.monotonic()
            image = {"file": ("j.png", png(401), "image/png")}
            assert client.post("/ocr", files=image, data={"doc_type": "text"}).status_code == 200
            assert time.monotonic() - started < 2.5
            for thread in threads:
                thread.join(20)
            assert sorted(set(answers.values())) == [504] and len(answers) == 45
        finally:
            for pid in stopped:  # each is replaced when next needed
                with contextlib.suppress(ProcessLookupError):  # killed at the first PDF's deadline
                    os.kill(pid, signal.SIGKILL)
        receipt = pdfs.build([pdfs.text_page(RECEIPT)])
        answer = client.post("/ocr", files={"file": ("r.pdf", receipt, "application/pdf")})
        assert answer.status_code == 200


@pytest.mark.parametrize("turns", range(4))
def test_a_hang_up_as_the_pdf_slot_is_granted_is_not_swallowed(turns):
    # the client hangs up (its task cancelled) just as the child it waited for is freed: the
    # request ends cancelled, its work never runs past the cancel, and the slot is free again
    # (asyncio.wait_for of Python 3.11 returned the slot and let the work run on)
    import asyncio

    from ocr_service.api.disconnect import _pdf_slot

    async def trial() -> tuple[str, list[str], int]:
        slots = asyncio.Semaphore(1)
        await slots.acquire()  # the child busy with another PDF
        ran: list[str] = []

        async def request():
            async with _pdf_slot(slots, Deadline.after(30)):
                ran.append("started")
                await asyncio.sleep(0.05)
                ran.append("finished")

        task = asyncio.ensure_future(request())
        await asyncio.sleep(0.01)
        slots.release()  # the other PDF ends ...
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()  # ... and this client hangs up
        try:
            await task
            outcome = "completed"
        except asyncio.CancelledError:
            outcome = "cancelled"
        return outcome, ran, slots._value

    outcome, ran, free = asyncio.run(trial())
    assert outcome == "cancelled" and "finished" not in ran and free == 1
