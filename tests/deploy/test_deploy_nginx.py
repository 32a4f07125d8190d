"""nginx/ocr.conf in a real nginx on loopback, in front of the real OCR service.

The proxy is the one users deploy: TLS 1.2/1.3 only, HSTS and nosniff on every
answer, a 20 MiB upload cap enforced before the service, a rate limit answering
429, and the addon's own HTTP client verifying the certificate against a CA.
"""

from __future__ import annotations

import importlib.util
import io
import re
import socket
import ssl
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from .helpers import REPO, free_port
from .nginx_harness import nginx_cmd, render_odoo_conf, write_nginx_tree

MIB = 1024 * 1024
OCR_CLIENT_PATH = REPO / "addons" / "hr_expense_ocr_audit" / "tools" / "ocr_client.py"


def assert_security_headers(response: requests.Response) -> None:
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=63072000" in hsts, (response.status_code, dict(response.headers))
    assert response.headers.get("X-Content-Type-Options") == "nosniff", dict(response.headers)
    # the service's copy is hidden, not sent twice
    assert "," not in response.headers["X-Content-Type-Options"]


def load_ocr_client():
    spec = importlib.util.spec_from_file_location("deploy_check_ocr_client", OCR_CLIENT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def receipt_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (640, 200), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    draw.text((30, 30), "COFFEE SHOP", fill="black", font=font)
    draw.text((30, 110), "TOTAL 12.50", fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def tls_handshake(port: int, context: ssl.SSLContext) -> str:
    """Open a TLS connection to nginx and return the negotiated protocol version."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        return tls.version()


class VerifyingSession(requests.Session):
    """A session that checks the proxy's certificate against the test CA on every call.

    ``Session.verify`` alone is not enough: requests prefers REQUESTS_CA_BUNDLE from
    the environment over it, so the CA goes with each request.
    """

    def __init__(self, ca_cert: Path):
        super().__init__()
        self.ca_cert = str(ca_cert)

    def request(self, method, url, **kwargs):
        kwargs.setdefault("verify", self.ca_cert)
        return super().request(method, url, **kwargs)


@pytest.fixture()
def https(nginx_proxy) -> requests.Session:
    session = VerifyingSession(nginx_proxy.ca_cert)
    yield session
    session.close()


# -- TLS -------------------------------------------------------------------------


def test_health_over_tls_answers_200_with_security_headers(nginx_proxy, https):
    response = https.get(f"{nginx_proxy.https_url}/health", timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert_security_headers(response)
    assert response.headers.get("Server") == "nginx"  # server_tokens off: no version


def test_ready_answers_through_the_proxy(nginx_proxy, https):
    response = https.get(f"{nginx_proxy.https_url}/health/ready", timeout=10)
    assert response.status_code == 200


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_accepted(nginx_proxy, version):
    context = ssl.create_default_context(cafile=str(nginx_proxy.ca_cert))
    context.minimum_version = version
    context.maximum_version = version
    assert tls_handshake(nginx_proxy.https_port, context) == version.name.replace("_", ".")


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_tls_below_1_2_is_refused_by_the_server(nginx_proxy, version):
    context = ssl.create_default_context(cafile=str(nginx_proxy.ca_cert))
    # OpenSSL 3 refuses TLS < 1.2 at its default security level: lower it, so the
    # client really offers the old version and the refusal comes from nginx
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.minimum_version = version
    context.maximum_version = version
    with pytest.raises(ssl.SSLError) as excinfo:
        tls_handshake(nginx_proxy.https_port, context)
    message = str(excinfo.value).upper()
    # the server's protocol_version alert, not a client-side "no protocols available"
    assert "ALERT_PROTOCOL_VERSION" in message or "UNSUPPORTED_PROTOCOL" in message, message
    assert "NO_PROTOCOLS_AVAILABLE" not in message, message
    time.sleep(0.1)
    assert "unsupported protocol" in (nginx_proxy.prefix / "logs" / "error.log").read_text()


def test_plain_http_redirects_to_https(nginx_proxy):
    response = requests.get(f"{nginx_proxy.http_url}/ocr?x=1", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
    assert response.headers["Location"].endswith("/ocr?x=1")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_loopback_health_probe_of_the_container(nginx_proxy):
    response = requests.get(f"{nginx_proxy.http_url}/nginx-health", timeout=10)
    assert response.status_code == 200
    assert response.text == "ok\n"


# -- limits and errors -----------------------------------------------------------------


def test_upload_over_20_mib_gets_413_without_reaching_the_service(nginx_proxy, https):
    body = b"\0" * (21 * MIB)
    before = len(nginx_proxy.access_log_lines())
    response = https.post(
        f"{nginx_proxy.https_url}/ocr",
        files={"file": ("big.png", body, "image/png")},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "file_too_large"
    assert_security_headers(response)
    # the access log names the upstream it used: "-" means nginx answered alone
    time.sleep(0.1)
    lines = [line for line in nginx_proxy.access_log_lines()[before:] if '"POST /ocr ' in line]
    assert lines, "the 413 was not logged"
    status, upstream = lines[-1].split()[:2]
    assert (status, upstream) == ("413", "-"), lines[-1]


def test_chunked_upload_over_20_mib_gets_413_without_reaching_the_service(nginx_proxy, https):
    """No Content-Length to judge by: nginx counts the streamed body and stops it at 20 MiB."""

    def body():
        chunk = b"\0" * MIB
        for _ in range(21):
            yield chunk

    before = len(nginx_proxy.access_log_lines())
    try:
        response = https.post(
            f"{nginx_proxy.https_url}/ocr",
            data=body(),
            headers={"Content-Type": "application/octet-stream"},
            timeout=30,
        )
    except requests.exceptions.ConnectionError:
        response = None  # nginx may close before the client finishes sending
    if response is not None:
        assert response.status_code == 413
        assert_security_headers(response)
    time.sleep(0.1)
    lines = [line for line in nginx_proxy.access_log_lines()[before:] if '"POST /ocr ' in line]
    assert lines, "the request was not logged"
    status, upstream = lines[-1].split()[:2]
    assert (status, upstream) == ("413", "-"), lines[-1]


def test_upload_under_the_limit_reaches_the_service(nginx_proxy, https):
    """Control for the 413 test: a body just under 20 MiB passes nginx and is judged by the service."""
    body = b"not an image" + b"\0" * (19 * MIB)
    response = https.post(
        f"{nginx_proxy.https_url}/ocr",
        files={"file": ("noise.jpg", body, "image/jpeg")},
        timeout=30,
    )
    # the service itself refuses the bytes (415: not an image type it knows)
    assert response.status_code == 415, response.text[:300]
    assert response.json()["error"]["code"]
    assert_security_headers(response)


def _last_ocr_line(nginx_proxy, before: int) -> tuple[str, str]:
    time.sleep(0.1)
    lines = [line for line in nginx_proxy.access_log_lines()[before:] if '"POST /ocr ' in line]
    assert lines, "the request was not logged"
    status, upstream = lines[-1].split()[:2]
    return status, upstream


def test_a_file_of_exactly_the_upload_limit_passes_nginx_and_is_judged_by_the_service(nginx_proxy, https):
    """One limit, one meaning: it counts the file, and nginx leaves room for the multipart envelope."""
    body = b"not an image" + b"\0" * (20 * MIB - 12)
    assert len(body) == 20 * MIB
    before = len(nginx_proxy.access_log_lines())
    response = https.post(
        f"{nginx_proxy.https_url}/ocr", files={"file": ("noise.jpg", body, "image/jpeg")}, timeout=60
    )
    # the service read all of it and refused the bytes for what they are, not for their size
    assert response.status_code == 415, response.text[:300]
    status, upstream = _last_ocr_line(nginx_proxy, before)
    assert status == "415" and upstream != "-"


def test_one_byte_over_the_limit_gets_the_same_413_from_the_service_as_from_nginx(nginx_proxy, https):
    before = len(nginx_proxy.access_log_lines())
    over = https.post(
        f"{nginx_proxy.https_url}/ocr",
        files={"file": ("big.jpg", b"\xff\xd8\xff" + b"\0" * (20 * MIB - 2), "image/jpeg")},
        timeout=60,
    )
    assert over.status_code == 413, over.text[:300]
    status, upstream = _last_ocr_line(nginx_proxy, before)
    assert status == "413" and upstream != "-", "the service, not nginx, should have judged this file"
    by_nginx = https.post(
        f"{nginx_proxy.https_url}/ocr",
        files={"file": ("big.jpg", b"\0" * (21 * MIB), "image/jpeg")},
        timeout=60,
    )
    assert by_nginx.status_code == 413
    status, upstream = _last_ocr_line(nginx_proxy, before)
    assert (status, upstream) == ("413", "-")
    assert over.json() == by_nginx.json()
    assert "OCR_MAX_UPLOAD_BYTES" in over.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/metrics", 403),  # refused by nginx itself
        ("GET", "/no-such-route", 404),  # answered by the service
        ("POST", "/ocr", 400),  # no file part: the service's validation error
    ],
)
def test_security_headers_on_4xx(nginx_proxy, https, method, path, status):
    response = https.request(method, f"{nginx_proxy.https_url}{path}", timeout=10)
    if status == 400:
        assert 400 <= response.status_code < 500, response.status_code
    else:
        assert response.status_code == status
    assert_security_headers(response)


def test_burst_over_the_limit_gets_429(nginx_proxy):
    """10 r/s with bursts of 20: 100 requests from 10 clients at once must overflow it.

    Concurrent, so the burst outruns the refill even on a slow, busy machine.
    """

    def client(count: int) -> list[requests.Response]:
        with VerifyingSession(nginx_proxy.ca_cert) as session:
            return [session.get(f"{nginx_proxy.https_url}/health", timeout=10) for _ in range(count)]

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = [r for batch in pool.map(client, [10] * 10) for r in batch]
    try:
        statuses = [response.status_code for response in responses]
        assert set(statuses) <= {200, 429}, statuses
        assert statuses.count(200) >= 10, statuses
        assert statuses.count(429) >= 10, statuses
        limited = next(response for response in responses if response.status_code == 429)
        assert limited.json()["error"]["code"] == "rate_limited"
        assert limited.headers.get("Retry-After") == "1"
        assert_security_headers(limited)
        lines = [line for line in nginx_proxy.access_log_lines() if line.startswith("429 ")]
        assert len(lines) >= statuses.count(429)
        assert all(line.split()[1] == "-" for line in lines), "a limited request reached the service"
    finally:
        time.sleep(2.5)  # let the bucket refill for whatever runs next


# -- the addon's client ------------------------------------------------------------------


def test_addon_client_reaches_the_service_through_nginx_with_the_test_ca(nginx_proxy):
    ocr_client = load_ocr_client()
    client = ocr_client.OcrClient(nginx_proxy.https_url, timeout=60, verify=str(nginx_proxy.ca_cert))
    assert client.health()["status"] == "ok"
    # Test Connection's probe of the token (GET /ocr) reaches the service through the proxy: 405,
    # past the token check (this service asks for none)
    assert client.token_taken() is True
    assert client.token_required() is False  # asked without one: it lets anyone past
    result = client.scan(receipt_png(), "receipt.png", doc_type="text")
    assert result["pages"], result
    assert "12.50" in result["text"].replace(",", "."), result["text"]


def test_a_request_id_the_client_sends_is_the_one_the_service_logs(nginx_proxy, https):
    """nginx passes on a request id the service keeps (32 hex digits: the addon's, stored in its
    OCR history), so one id leads from Odoo to the service's log line; any other it replaces."""
    mine = "0123456789abcdef0123456789abcdef"
    kept = https.get(f"{nginx_proxy.https_url}/health", headers={"X-Request-ID": mine}, timeout=10)
    assert kept.headers["X-Request-ID"] == mine
    replaced = https.get(
        f"{nginx_proxy.https_url}/health", headers={"X-Request-ID": "ERIKSSON-L898902C3"}, timeout=10
    )
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"])
    ocr_client = load_ocr_client()
    client = ocr_client.OcrClient(nginx_proxy.https_url, timeout=60, verify=str(nginx_proxy.ca_cert))
    client.health()
    assert re.fullmatch(r"[0-9a-f]{32}", client.last_request_id)
    sent = client.last_request_id
    with pytest.raises(ocr_client.OcrPermanentError) as excinfo:
        client.scan(b"not an image", "a.bin")
    assert excinfo.value.request_id == client.last_request_id != sent


def test_addon_client_refuses_the_proxy_without_the_test_ca(nginx_proxy):
    ocr_client = load_ocr_client()
    client = ocr_client.OcrClient(nginx_proxy.https_url, timeout=10, verify=True)
    with pytest.raises(ocr_client.OcrRetryableError) as excinfo:
        client.health()
    assert excinfo.value.code == "tls_error"


def test_addon_client_maps_the_proxy_413_to_a_permanent_error(nginx_proxy):
    ocr_client = load_ocr_client()
    client = ocr_client.OcrClient(nginx_proxy.https_url, timeout=30, verify=str(nginx_proxy.ca_cert))
    with pytest.raises(ocr_client.OcrPermanentError) as excinfo:
        client.scan(b"\xff" * (21 * MIB), "big.jpg")
    assert excinfo.value.status == 413
    assert excinfo.value.code == "file_too_large"


# -- Odoo's site (nginx/odoo.conf), same nginx, same port ----------------------------------


def test_odoo_site_is_chosen_by_host_name_and_keeps_the_database_manager_closed(nginx_proxy, https):
    headers = {"Host": "odoo.example.com"}
    manager = https.get(f"{nginx_proxy.https_url}/web/database/manager", headers=headers, timeout=10)
    assert manager.status_code == 404
    assert_security_headers(manager)
    # queue_job's runner calls Odoo directly; its endpoint is not open through the proxy
    runjob = https.get(f"{nginx_proxy.https_url}/queue_job/runjob?job_uuid=x", headers=headers, timeout=10)
    assert runjob.status_code == 404
    # no Odoo listens in this test: nginx's own 502, with the headers; proof the name routed there
    home = https.get(f"{nginx_proxy.https_url}/web/login", headers=headers, timeout=10)
    assert home.status_code == 502
    assert home.headers.get("X-Frame-Options") == "SAMEORIGIN"
    assert_security_headers(home)


def test_odoo_sites_access_log_keeps_no_query_string(nginx_proxy, https):
    """Odoo's image and download URLs carry a file's name in their query: its site logs paths,
    in its access log and in its error log (no Odoo listens here: the error line of an
    unreachable upstream quotes the request line, query included). The outage shows in the
    access log: Odoo's address and nginx's 502."""
    url = f"{nginx_proxy.https_url}/web/image/524?filename=Anna_Eriksson_L898902C3_receipt.png&unique=1"
    https.get(url, headers={"Host": "odoo.example.com"}, timeout=10)
    lines = nginx_proxy.odoo_access_log_lines()
    [line] = [line for line in lines if '"GET /web/image/524 HTTP/1.1" 502' in line]
    assert "upstream=127.0.0.1:" in line and line.split("upstream=")[1].split()[1] == "502", line
    assert not any("L898902C3" in line or "filename" in line for line in lines)
    errors = nginx_proxy.error_log_text()
    assert "L898902C3" not in errors and "filename=" not in errors, errors[-2000:]


def test_odoo_host_layout_without_the_ocr_site_is_valid(nginx_bin, test_pki, tmp_path):
    """Two hosts: the Odoo host's nginx loads odoo.conf alone (NGINX_OCR_SITE=./nginx/none.conf)."""
    odoo_conf = render_odoo_conf(
        (REPO / "nginx" / "odoo.conf").read_text(),
        http_port=free_port(),
        https_port=free_port(),
        acme_root=tmp_path,
        odoo_http="127.0.0.1:1",
        odoo_websocket="127.0.0.1:2",
    )
    none = (REPO / "nginx" / "none.conf").read_text()
    write_nginx_tree(tmp_path, test_pki, {"default.conf": none, "odoo.conf": odoo_conf})
    check = subprocess.run(nginx_cmd(nginx_bin, tmp_path, "-t"), capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
