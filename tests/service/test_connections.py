"""A real service process without nginx in front: connections, the token, client addresses.

Findings 4, 5 and 6, over real sockets: the token is judged from the request head
before any body arrives; idle and slow connections are dropped by the service
itself; X-Forwarded-For is ignored unless it comes from a configured proxy.
"""

from __future__ import annotations

import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import fixtures
from tests.conftest import start_service, stop_service
from tests.service.test_admission import _long_document
from tests.service.test_live_limits import post_file

TOKEN = "live-test-token"


@pytest.fixture(scope="module")
def guarded_service():
    """A service with a token and 1-second connection guards."""
    yield from _running(
        {
            "OCR_API_TOKEN": TOKEN,
            "OCR_HEADER_TIMEOUT_S": "1",
            "OCR_BODY_IDLE_TIMEOUT_S": "1",
            "OCR_RATE_LIMIT_PER_MINUTE": "0",
        }
    )


def _running(env: dict):
    """A service started with ``env``, its URL yielded, stopped after (a module's fixture)."""
    proc, url = start_service(env)
    try:
        yield url
    finally:
        stop_service(proc)


def _connect(url: str, timeout: float = 10.0) -> socket.socket:
    parts = urllib.parse.urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=timeout)


def _closed_within(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closes ``sock`` (reading whatever it sends first)."""
    started = time.monotonic()
    sock.settimeout(limit)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"the connection was still open after {limit:.0f} s")
    return time.monotonic() - started


def test_a_wrong_token_is_answered_before_the_upload_is_sent(guarded_service):
    sock = _connect(guarded_service)
    with sock:
        sock.sendall(
            b"POST /ocr HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not-the-token\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 20971520\r\n\r\n"
        )
        sock.settimeout(5)
        started = time.monotonic()
        answer = sock.recv(4096)
        while b'"unauthorized"' not in answer and time.monotonic() - started < 3:
            answer += sock.recv(4096)
        assert time.monotonic() - started < 3
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:80]
    assert b'"code": "unauthorized"' in answer


def test_idle_connections_are_closed_by_the_service(guarded_service):
    socks = [_connect(guarded_service) for _ in range(20)]
    try:
        with ThreadPoolExecutor(20) as pool:
            waited = list(pool.map(lambda s: _closed_within(s, 8), socks))
    finally:
        for sock in socks:
            sock.close()
    assert max(waited) < 6, waited


def _slow_headers(url: str) -> float:
    sock = _connect(url)
    started = time.monotonic()
    with sock:
        try:
            sock.sendall(b"POST /ocr HTTP/1.1\r\nHost: x\r\n")
            for _ in range(40):  # one header byte every 0.2 s: 8 s for the whole head
                sock.sendall(b"X")
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - started
        return time.monotonic() - started + _closed_within(sock, 2)


def test_headers_sent_a_byte_at_a_time_are_cut_off(guarded_service):
    with ThreadPoolExecutor(20) as pool:
        waited = list(pool.map(lambda _: _slow_headers(guarded_service), range(20)))
    assert max(waited) < 6, waited


def test_a_stalled_upload_is_dropped(guarded_service):
    sock = _connect(guarded_service)
    with sock:
        sock.sendall(
            f"POST /ocr HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n".encode()
        )
        waited = _closed_within(sock, 8)
    assert 0.5 < waited < 6, waited


def test_the_guarded_service_still_serves(guarded_service):
    data = fixtures.encode(fixtures.receipt_image([("TOTAL 3.10", True)]), "PNG")
    status, body = post_file(guarded_service, data, headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, body
    assert "3.10" in body["text"]


# -- connections and requests at once ---------------------------------------------------------


@pytest.fixture(scope="module")
def crowded_service():
    """A service taking two requests at once (four connections), uploads allowed to stall 5 s."""
    yield from _running(
        {"OCR_MAX_CONNECTIONS": "2", "OCR_BODY_IDLE_TIMEOUT_S": "5", "OCR_RATE_LIMIT_PER_MINUTE": "0"}
    )


def _health(url: str) -> tuple[int, dict]:
    import json
    import urllib.request

    with urllib.request.urlopen(url + "/health", timeout=5) as resp:
        return resp.status, json.loads(resp.read())


def _is_closed(sock: socket.socket) -> bool:
    sock.settimeout(0.5)
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _stalled_upload(url: str, forwarded_for: str | None = None) -> socket.socket:
    sock = _connect(url)
    forwarded = f"X-Forwarded-For: {forwarded_for}\r\n".encode() if forwarded_for else b""
    sock.sendall(
        b"POST /ocr HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        + forwarded
        + b"Content-Length: 100000\r\n\r\n--b\r\n"
    )
    return sock


def test_idle_sockets_keep_no_one_out(crowded_service):
    # uvicorn's limit counted them: four idle sockets made /health a bare 503
    idle = [_connect(crowded_service) for _ in range(10)]
    try:
        time.sleep(0.3)
        assert _health(crowded_service)[0] == 200
        data = fixtures.encode(fixtures.receipt_image([("TOTAL 3.10", True)]), "PNG")
        status, body = post_file(crowded_service, data)
        assert status == 200, body
        # the oldest idle ones were closed to make room, the newest are still open
        assert _is_closed(idle[0]) and not _is_closed(idle[-1])
    finally:
        for sock in idle:
            sock.close()


def test_a_request_beyond_those_at_work_gets_a_json_503_and_health_answers(crowded_service):
    working = [_stalled_upload(crowded_service) for _ in range(2)]
    try:
        time.sleep(0.5)
        sock = _stalled_upload(crowded_service)
        with sock:
            sock.settimeout(5)
            answer = b""
            while b'"busy"' not in answer and (chunk := sock.recv(4096)):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:80]
        assert b'"code": "busy"' in answer or b'"code":"busy"' in answer
        assert b"retry-after: 1" in answer.lower()
        assert _health(crowded_service)[0] == 200
    finally:
        for sock in working:
            sock.close()


@pytest.fixture(scope="module")
def per_client_service():
    """Four requests at once, two from one client address."""
    yield from _running(
        {"OCR_MAX_CONNECTIONS": "4", "OCR_MAX_REQUESTS_PER_CLIENT": "2", "OCR_RATE_LIMIT_PER_MINUTE": "0"}
    )


def _upload_from(url: str, source: str, data: bytes, forwarded_for: str | None = None) -> bytes:
    """A whole upload of ``data`` from the loopback address ``source``; the raw answer."""
    forwarded = f"X-Forwarded-For: {forwarded_for}\r\n".encode() if forwarded_for else b""
    host, port = url.removeprefix("http://").split(":")
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="r.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + data + b"\r\n--b--\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30, source_address=(source, 0)) as sock:
        sock.sendall(
            b"POST /ocr HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            + forwarded
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_one_clients_slow_uploads_do_not_keep_the_others_out(per_client_service):
    # an upload sent a byte at a time holds its place: one client's filled every place of
    # OCR_MAX_CONNECTIONS, and every other client was told "busy" while health said ready
    data = fixtures.encode(fixtures.receipt_image([("TOTAL 3.10", True)]), "PNG")
    slow = [_stalled_upload(per_client_service) for _ in range(3)]
    try:
        time.sleep(0.5)
        slow[2].settimeout(5)
        assert b'"busy"' in slow[2].recv(65536)  # its client's third
        answer = _upload_from(per_client_service, "127.0.0.2", data)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        busy = _upload_from(per_client_service, "127.0.0.1", data)
        assert busy.startswith(b"HTTP/1.1 503 ") and b"busy" in busy, busy[:200]
    finally:
        for sock in slow:
            sock.close()


@pytest.fixture(scope="module")
def proxied_service():
    """As ``per_client_service``, behind a proxy at 127.0.0.1 (nginx's place)."""
    yield from _running(
        {
            "OCR_MAX_CONNECTIONS": "4",
            "OCR_MAX_REQUESTS_PER_CLIENT": "2",
            "OCR_RATE_LIMIT_PER_MINUTE": "0",
            "OCR_FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
    )


def test_behind_a_proxy_each_client_has_its_own_places(proxied_service):
    # behind nginx every request's peer is nginx: one client's two uploads in progress kept every
    # other client out, the proxy counted as one client
    data = fixtures.encode(fixtures.receipt_image([("TOTAL 3.10", True)]), "PNG")
    slow = [_stalled_upload(proxied_service, "198.51.100.7") for _ in range(3)]
    try:
        time.sleep(0.5)
        slow[2].settimeout(5)
        assert b'"busy"' in slow[2].recv(65536)  # that client's third
        answer = _upload_from(proxied_service, "127.0.0.1", data, forwarded_for="198.51.100.8")
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        busy = _upload_from(proxied_service, "127.0.0.1", data, forwarded_for="198.51.100.7")
        assert busy.startswith(b"HTTP/1.1 503 ") and b"busy" in busy, busy[:200]
    finally:
        for sock in slow:
            sock.close()


# -- finding 6: X-Forwarded-For from anyone ---------------------------------------------------------


@pytest.fixture(scope="module")
def rate_limited_service():
    """A service without a token, its per-address rate limit tight, and no proxy configured."""
    yield from _running({"OCR_RATE_LIMIT_PER_MINUTE": "6", "OCR_RATE_LIMIT_BURST": "2"})


def test_a_client_cannot_pick_its_rate_limit_bucket_with_x_forwarded_for(rate_limited_service):
    statuses = []
    for index in range(5):
        status, _ = post_file(
            rate_limited_service, b"not a document", headers={"X-Forwarded-For": f"198.51.100.{index}"}
        )
        statuses.append(status)
    # the header came from an untrusted peer: every request counts against 127.0.0.1
    assert statuses[:2] == [415, 415], statuses
    assert statuses[2:] == [429, 429, 429], statuses


@pytest.mark.parametrize("path", ["/ocr", "/ocr/batch"])
def test_work_stops_when_its_client_hangs_up(path):
    """A client that gives up on a long document (its own timeout, a proxy that moved on) frees
    the engine: the next client's receipt is read at once, not after the pages nobody awaits."""
    import uuid

    proc, url = start_service({"OCR_RATE_LIMIT_PER_MINUTE": "0", "OCR_WORKERS": "1", "OCR_MAX_QUEUE": "0"})
    try:
        boundary = uuid.uuid4().hex
        field = "files" if path.endswith("batch") else "file"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="long.tif"\r\n'
                "Content-Type: image/tiff\r\n\r\n"
            ).encode()
            + _long_document(16)
            + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="doc_type"\r\n\r\ntext'
            f"\r\n--{boundary}--\r\n".encode()
        )
        sock = _connect(url)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        sock.sendall(head + body)
        time.sleep(1.5)  # the long document is being read
        sock.close()
        time.sleep(1.0)  # the service sees the client gone within its poll
        started = time.monotonic()
        status, payload = post_file(url, fixtures.receipt_jpeg(), doc_type="receipt")
        elapsed = time.monotonic() - started
        assert status == 200, payload
        # 16 pages at about half a second each would have held the only worker for seconds more
        assert elapsed < 3.0
    finally:
        stop_service(proc)
