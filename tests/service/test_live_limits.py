"""Limits checked against a real service process over real sockets, with its memory measured."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
import uuid

from tests import fixtures


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS")


def _multipart_head(boundary: str, filename: str, content_type: str) -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()


def post_file(url: str, data: bytes, filename="doc.bin", doc_type="text", timeout=120, headers=None):
    boundary = uuid.uuid4().hex
    body = (
        _multipart_head(boundary, filename, "application/octet-stream")
        + data
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="doc_type"\r\n\r\n{doc_type}'
        f"\r\n--{boundary}--\r\n".encode()
    )
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    conn.request(
        "POST",
        "/ocr",
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})},
    )
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    return resp.status, json.loads(payload)


def stream_upload(url: str, total: int, chunk: int = 256 * 1024, declare_length: bool = True):
    """Send a ``total``-byte multipart body in chunks; stop when the server answers or closes."""
    boundary = uuid.uuid4().hex
    head = _multipart_head(boundary, "big.jpg", "image/jpeg") + b"\xff\xd8\xff"
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/ocr")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    if declare_length:
        conn.putheader("Content-Length", str(total))
    else:
        conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    sent = 0
    block = b"0" * chunk
    try:
        first = head
        while sent < total:
            piece = first + block[: min(chunk, total - sent) - len(first)]
            first = b""
            if declare_length:
                conn.send(piece)
            else:
                conn.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            sent += len(piece)
        if not declare_length:
            conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, json.loads(body), sent


def _assert_serves(url: str):
    status, body = post_file(url, fixtures.encode(fixtures.receipt_image([("TOTAL 5.55", True)]), "PNG"))
    assert status == 200, body
    assert "5.55" in body["text"]


def test_25_mib_upload_is_refused_without_being_held(live_service_process):
    proc, url = live_service_process
    _assert_serves(url)
    before = rss_mb(proc.pid)
    status, body, _ = stream_upload(url, 25 * 1024 * 1024, declare_length=True)
    assert status == 413 and body["error"]["code"] == "file_too_large"
    # Content-Length can lie or be absent: the counted stream is what stops it.
    status, body, _ = stream_upload(url, 25 * 1024 * 1024, declare_length=False)
    assert status == 413 and body["error"]["code"] == "file_too_large", body
    assert rss_mb(proc.pid) - before < 30
    _assert_serves(url)


def test_pixel_bomb_is_refused_fast_and_cheaply(live_service_process):
    proc, url = live_service_process
    bomb = fixtures.png_bomb(20000, 20000)
    before = rss_mb(proc.pid)
    started = time.perf_counter()
    status, body = post_file(url, bomb, "bomb.png")
    assert time.perf_counter() - started < 1.0
    assert status == 413 and body["error"]["code"] == "image_too_large"
    assert rss_mb(proc.pid) - before < 50
    _assert_serves(url)


def test_500_page_pdf_is_refused_fast(live_service_process):
    _, url = live_service_process
    pdf = fixtures.pdf_with_blank_pages(500)
    started = time.perf_counter()
    status, body = post_file(url, pdf, "book.pdf")
    assert time.perf_counter() - started < 1.0
    assert status == 422 and body["error"]["code"] == "too_many_pages"
    _assert_serves(url)


def test_multi_page_bombs_are_refused_fast_without_memory(live_service_process):
    """Finding 1: 20 frames or pages each under the per-page cap, far over the document's budget."""
    from tests.service import hostile

    proc, url = live_service_process
    before = rss_mb(proc.pid)
    for data in (hostile.tiff_bomb(20, 6000, 6600), hostile.huge_pdf(20, 4999)):
        started = time.perf_counter()
        status, body = post_file(url, data, "scan.tiff", timeout=30)
        assert time.perf_counter() - started < 1.0
        assert status == 413 and body["error"]["code"] == "document_too_large", body
        assert "OCR_MAX_TOTAL_PIXELS" in body["error"]["message"]
    assert rss_mb(proc.pid) - before < 100
    _assert_serves(url)
