"""Bad input gets a clear error, fast, and the next valid request still succeeds."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests import fixtures
from tests.service import hostile


def _assert_error(resp, status: int, code: str):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def _assert_still_serves(client):
    resp = client.post(
        "/ocr", files={"file": ("r.jpg", fixtures.receipt_jpeg(), "image/jpeg")}, data={"doc_type": "text"}
    )
    assert resp.status_code == 200, resp.text
    assert "SUNRISE" in resp.json()["text"].replace(" ", "")


def test_random_bytes_named_jpg_are_refused_as_unsupported(client):
    resp = client.post("/ocr", files={"file": ("photo.jpg", os.urandom(4096), "image/jpeg")})
    _assert_error(resp, 415, "unsupported_media_type")
    assert "photo.jpg" not in resp.text
    _assert_still_serves(client)


def test_an_image_sent_as_text_plain_is_judged_by_its_bytes(client):
    png = fixtures.encode(fixtures.receipt_image(), "PNG")
    resp = client.post("/ocr", files={"file": ("notes.txt", png, "text/plain")}, data={"doc_type": "text"})
    assert resp.status_code == 200
    assert resp.json()["mime_type"] == "image/png"


def test_empty_file_is_a_400(client):
    resp = client.post("/ocr", files={"file": ("empty.jpg", b"", "image/jpeg")})
    _assert_error(resp, 400, "empty_file")
    _assert_still_serves(client)


def test_missing_file_field_is_a_400(client):
    resp = client.post("/ocr", data={"doc_type": "text"})
    _assert_error(resp, 400, "missing_file")


@pytest.mark.parametrize(
    ("path", "files", "data"),
    [
        ("/ocr", [("file", "a"), ("file", "b")], {}),
        ("/ocr", [("file", "a")], {"doc_type": ["passport", "text"]}),
        ("/scan-mrz", [("file", "a"), ("image", "b")], {}),
        ("/ocr/batch", [("files", "a")], {"doc_type": ["passport", "text"]}),
    ],
)
def test_a_field_sent_twice_is_refused(client, path, files, data):
    # the last one won silently: a truncated file followed by a good one was read as the good
    # one, a doc_type of 'passport' then 'text' as text
    png = fixtures.encode(fixtures.receipt_image(), "PNG")
    parts = [(name, (f"{label}.png", png, "image/png")) for name, label in files]
    resp = client.post(path, files=parts, data=data)
    _assert_error(resp, 422, "invalid_request")
    _assert_still_serves(client)


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"Content-Type": "multipart/form-data"}, b"--x\r\n"),  # no boundary
        (
            {"Content-Type": "multipart/form-data; boundary=b"},
            b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n",  # a part with no name
        ),
        (
            {"Content-Type": "multipart/form-data; boundary=b"},
            b"".join(
                b'--b\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nx\r\n' % i for i in range(1001)
            )
            + b"--b--\r\n",  # more fields than the parser takes
        ),
    ],
)
def test_a_form_the_parser_cannot_read_is_an_invalid_request(client, headers, body):
    # the parser's own words came back under the code http_error, which the contract does not know
    resp = client.post("/ocr", headers=headers, content=body)
    _assert_error(resp, 400, "invalid_request")
    assert "multipart" in resp.json()["error"]["message"]
    _assert_still_serves(client)


def test_unknown_doc_type_is_a_422(client):
    resp = client.post(
        "/ocr", files={"file": ("r.jpg", fixtures.receipt_jpeg())}, data={"doc_type": "invoice"}
    )
    _assert_error(resp, 422, "invalid_doc_type")


def test_truncated_jpeg_is_unreadable(client):
    data = fixtures.receipt_jpeg()
    resp = client.post("/ocr", files={"file": ("r.jpg", data[: len(data) // 2], "image/jpeg")})
    _assert_error(resp, 422, "unreadable_image")
    _assert_still_serves(client)


def test_corrupt_png_is_unreadable(client):
    data = bytearray(fixtures.encode(fixtures.receipt_image(), "PNG"))
    data[100:400] = os.urandom(300)
    resp = client.post("/ocr", files={"file": ("r.png", bytes(data), "image/png")})
    _assert_error(resp, 422, "unreadable_image")


def test_decompression_bomb_is_refused_from_its_header(client):
    bomb = fixtures.png_bomb(20000, 20000)
    started = time.perf_counter()
    resp = client.post("/ocr", files={"file": ("bomb.png", bomb, "image/png")})
    elapsed = time.perf_counter() - started
    _assert_error(resp, 413, "image_too_large")
    assert elapsed < 1.0
    _assert_still_serves(client)


@pytest.mark.parametrize(
    ("name", "status", "code"),
    [("tiff_one_huge_tile", 413, "image_too_large"), ("jpeg_10000_scans", 422, "unreadable_image")],
)
def test_a_small_file_that_decodes_for_long_or_large_is_refused_from_its_headers(client, name, status, code):
    """A 64 x 64 TIFF whose one tile is a gigabyte; a progressive JPEG of 10,000 scans that no
    deadline can stop decoding. A progressive JPEG as encoders write it is read."""
    data = hostile.hostile_documents()[name][0]
    started = time.perf_counter()
    resp = client.post("/ocr", files={"file": ("scan", data)})
    _assert_error(resp, status, code)
    assert time.perf_counter() - started < 1.0
    assert "tile" in resp.json()["error"]["message"] or "scans" in resp.json()["error"]["message"]
    normal = hostile.jpeg_scan_bomb(repeats=0, width=800, height=600)
    assert client.post("/ocr", files={"file": ("scan", normal)}).status_code == 200
    _assert_still_serves(client)


def test_pdf_with_500_pages_is_refused_fast(client):
    pdf = fixtures.pdf_with_blank_pages(500)
    started = time.perf_counter()
    resp = client.post("/ocr", files={"file": ("book.pdf", pdf, "application/pdf")})
    elapsed = time.perf_counter() - started
    _assert_error(resp, 422, "too_many_pages")
    assert "500" in resp.json()["error"]["message"]
    assert elapsed < 1.0
    _assert_still_serves(client)


def test_pdf_with_a_giant_page_is_refused(client):
    pdf = fixtures.pdf_with_blank_pages(1, width_pt=14000, height_pt=14000)
    resp = client.post("/ocr", files={"file": ("poster.pdf", pdf, "application/pdf")})
    _assert_error(resp, 422, "page_too_large")


def test_corrupt_pdf_is_unreadable(client):
    resp = client.post("/ocr", files={"file": ("x.pdf", b"%PDF-1.7\n" + os.urandom(2000), "application/pdf")})
    _assert_error(resp, 422, "unreadable_pdf")


def test_body_over_the_limit_is_413(ocr_workers):
    from tests.service.conftest import make_client

    with make_client(ocr_workers, max_upload_bytes=1024 * 1024) as small:
        resp = small.post("/ocr", files={"file": ("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))})
        _assert_error(resp, 413, "file_too_large")
        # Just over the limit, inside the multipart allowance: the exact check refuses it.
        resp = small.post("/ocr", files={"file": ("big.jpg", b"\xff\xd8\xff" + b"0" * (1024 * 1024))})
        _assert_error(resp, 413, "file_too_large")
        _assert_still_serves(small)


def test_body_limit_stops_reading_at_the_limit_whatever_content_length_says():
    """The middleware counts the stream: a lying Content-Length does not get 25 MiB in."""
    import asyncio

    from ocr_service.middleware import BodyLimitMiddleware

    limit = 20 * 1024 * 1024
    chunk = 64 * 1024
    total = 25 * 1024 * 1024
    pulled = 0
    sent = []

    async def app(scope, receive, send):
        while True:
            event = await receive()
            if not event.get("more_body"):
                break

    async def receive():
        nonlocal pulled
        pulled += chunk
        return {"type": "http.request", "body": b"0" * chunk, "more_body": pulled < total}

    async def send(event):
        sent.append(event)

    scope = {"type": "http", "method": "POST", "headers": [(b"content-length", b"1000")]}
    asyncio.run(BodyLimitMiddleware(app, limit)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled <= limit + chunk


def test_a_client_over_its_rate_is_refused_from_the_request_head_before_its_upload_is_read():
    """The gate takes the client's token from the request head: its second upload is refused
    (429) before a byte of its 25 MiB is pulled, even while the first is still being received,
    and the route never runs for it; other clients, and routes that take no upload, go through."""
    import asyncio

    from ocr_service.middleware import RATE_TAKEN, RateGateMiddleware
    from ocr_service.runtime import RateLimiter

    limiter = RateLimiter(per_minute=1, burst=1)
    pulled, sent, reached = 0, [], []

    async def app(scope, receive, send):
        reached.append((scope["client"][0], scope.get("state", {}).get(RATE_TAKEN) is not None))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"0" * 65536, "more_body": True}

    async def send(event):
        sent.append(event)

    gate = RateGateMiddleware(app, limiter, frozenset({"/ocr"}), keyed_by_token=False, body_limit=1 << 20)
    head = [(b"content-length", str(25 << 20).encode())]
    scope = {"type": "http", "method": "POST", "path": "/ocr", "headers": head, "client": ("10.0.0.7", 1)}
    asyncio.run(gate(dict(scope), receive, send))  # its one request of the minute: counted here
    assert reached == [("10.0.0.7", True)]
    asyncio.run(gate(dict(scope), receive, send))
    assert sent[2]["status"] == 429 and pulled == 0 and len(reached) == 1
    headers = dict(sent[2]["headers"])
    assert int(headers[b"retry-after"]) >= 1 and headers[b"x-ratelimit-remaining"] == b"0"
    assert headers[b"connection"] == b"close"  # its body is not drained
    assert json.loads(sent[3]["body"])["error"]["code"] == "rate_limited"
    # another client, and routes that take no upload, go through
    asyncio.run(gate({**scope, "client": ("10.0.0.8", 1)}, receive, send))
    asyncio.run(gate({**scope, "path": "/health"}, receive, send))
    asyncio.run(gate({**scope, "method": "GET"}, receive, send))
    assert [client for client, _ in reached] == ["10.0.0.7", "10.0.0.8", "10.0.0.7", "10.0.0.7"]
    assert pulled == 0


def test_uploads_sent_at_once_with_one_request_left_are_received_once(ocr_workers):
    # eight uploads of the same client together, one request left: one is received, seven are
    # refused from their heads (the gate only looked at the bucket: all eight were received)
    import asyncio

    from ocr_service.config import Settings
    from ocr_service.main import create_app

    app = create_app(Settings(rate_limit_per_minute=1, rate_limit_burst=1), workers=ocr_workers)
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="r.jpg"\r\n\r\n'
    body = head + b"\xff\xd8\xff" + b"0" * (1 << 20) + b"\r\n--b--\r\n"
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]

    async def one(results):
        pulled, sent = 0, []

        async def receive():
            nonlocal pulled
            await asyncio.sleep(0)
            pulled += 1
            return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

        async def send(event):
            sent.append(event)

        headers = [
            (b"content-type", b"multipart/form-data; boundary=b"),
            (b"content-length", b"%d" % len(body)),
        ]
        scope = {"type": "http", "method": "POST", "path": "/ocr", "raw_path": b"/ocr", "query_string": b"",
                 "headers": headers, "client": ("10.0.0.9", 1), "server": ("test", 80), "scheme": "http",
                 "http_version": "1.1", "root_path": ""}  # fmt: skip
        await app(scope, receive, send)
        results.append((sent[0]["status"], pulled))

    async def main():
        results = []
        await asyncio.gather(*(one(results) for _ in range(8)))
        return results

    app.state.workers = ocr_workers  # (no lifespan here: what becomes of the one let in is not the point)
    results = asyncio.run(main())
    refused = [pulled for status, pulled in results if status == 429]
    assert len(refused) == 7 and set(refused) == {0}, results


@pytest.mark.parametrize(("path", "field"), [("/ocr", "file"), ("/ocr/batch", "files")])
def test_the_service_refuses_a_client_over_its_rate_without_receiving_its_upload(ocr_workers, path, field):
    # through the whole app: FastAPI parses a multipart body before the route's dependencies
    # run, so the rate was checked once 4 MiB had been received and parsed
    import asyncio

    from ocr_service.config import Settings
    from ocr_service.main import create_app

    app = create_app(Settings(rate_limit_per_minute=1, rate_limit_burst=1), workers=ocr_workers)
    app.state.limiter.hit("a:10.0.0.7")  # its one request of the minute
    head = f'--b\r\nContent-Disposition: form-data; name="{field}"; filename="r.jpg"\r\n\r\n'.encode()
    body = head + b"\xff\xd8\xff" + b"0" * (4 << 20) + b"\r\n--b--\r\n"
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    pulled, sent = 0, []

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

    async def send(event):
        sent.append(event)

    headers = [(b"content-type", b"multipart/form-data; boundary=b"), (b"content-length", b"%d" % len(body))]
    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "client": ("10.0.0.7", 1), "server": ("test", 80), "scheme": "http",
             "http_version": "1.1", "root_path": ""}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 429 and pulled == 0


def test_the_default_rate_limit_never_slows_a_client_at_the_service_own_pace(monkeypatch):
    """Odoo's queue is often the service's one client, its jobs two at a time: a client sending
    five documents a second for two minutes (a replica reads 3 to 4 on 2 cores) is never told
    to wait, or each 429 would cost its job an attempt and a back-off; twenty a second is held."""
    from ocr_service import runtime
    from ocr_service.config import Settings
    from ocr_service.errors import RateLimited

    settings = Settings()
    clock = [1000.0]
    monkeypatch.setattr(runtime.time, "monotonic", lambda: clock[0])
    for per_second, refused_at_all in ((5, False), (20, True)):
        limiter = runtime.RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
        refused = 0
        for _ in range(120 * per_second):
            clock[0] += 1.0 / per_second
            try:
                limiter.hit("odoo")
            except RateLimited:
                refused += 1
        assert bool(refused) is refused_at_all, (per_second, refused)


@pytest.mark.parametrize(
    "address, key",
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("unknown", "unknown"),
    ],
)
def test_a_host_given_a_whole_ipv6_network_is_one_client(address, key):
    from ocr_service.connections import client_key

    # one IPv6 host picks any address of its /64: keyed by address, each request of it was a new
    # client, with its own places in progress and rate
    assert client_key({"client": (address, 0)}) == key
    one_host = ("2001:db8:1:2:ffff::9", "2001:db8:1:2::5")
    assert len({client_key({"client": (address, 0)}) for address in one_host}) == 1


def test_a_neighbours_wrong_tokens_do_not_lock_out_a_right_one():
    import asyncio

    from ocr_service.middleware import AuthMiddleware
    from ocr_service.runtime import RateLimiter

    served = []

    async def app(scope, receive, send):
        served.append(scope["client"][0])

    async def send(message):
        pass

    guard = AuthMiddleware(app, "right", RateLimiter(2, 2), public=frozenset(), body_limit=1000)

    def call(address: str, token: str) -> None:
        scope = {"type": "http", "path": "/ocr", "client": (address, 0), "headers": []}
        scope["headers"].append((b"authorization", f"Bearer {token}".encode()))
        asyncio.run(guard(scope, None, send))

    for _ in range(4):  # one host of a /64 guesses until it is blocked
        call("2001:db8:1:2::bad", "wrong")
    call("2001:db8:1:2::bad", "right")
    call("2001:db8:1:2::600d", "right")  # its neighbour in the /64, with the token
    assert served == ["2001:db8:1:2::600d"]
