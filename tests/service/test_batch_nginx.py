"""POST /ocr/batch through the real nginx (nginx/ocr.conf) to a real service process.

A batch's files share the one upload limit, so nginx's client_max_body_size needs no
limit of its own for batches: twenty files of exactly 20 MiB in all pass nginx and are
judged file by file by the service; one byte more is refused by the service; far more
by nginx, before the service.
"""

from __future__ import annotations

import time

import requests

from tests import fixtures
from tests.deploy import conftest as deploy
from tests.service import hostile

# the deployment checks' fixtures: Debian's nginx with nginx/ocr.conf, in front of live_service
nginx_bin, test_pki, nginx_proxy = deploy.nginx_bin, deploy.test_pki, deploy.nginx_proxy

MIB = 1024 * 1024
LIMIT = 20 * MIB  # OCR_MAX_UPLOAD_BYTES's default, which nginx/ocr.conf is written for


def _post(proxy, files, **data) -> tuple[requests.Response, str, str]:
    """Send a batch; return the answer, and nginx's status and upstream for it."""
    before = len(proxy.access_log_lines())
    with requests.Session() as session:
        response = session.post(
            f"{proxy.https_url}/ocr/batch",
            files=[("files", part) for part in files],
            data=data,
            verify=str(proxy.ca_cert),
            timeout=90,
        )
    time.sleep(0.1)
    lines = [line for line in proxy.access_log_lines()[before:] if '"POST /ocr/batch ' in line]
    assert lines, "the request was not logged"
    status, upstream = lines[-1].split()[:2]
    return response, status, upstream


def _noise(count: int, total: int) -> list[tuple[str, bytes, str]]:
    size = total // count
    parts = [b"not an image" + b"\0" * (size - 12) for _ in range(count)]
    parts[-1] += b"\0" * (total - size * count)
    return [(f"{n:02d}-scan.jpg", part, "image/jpeg") for n, part in enumerate(parts)]


def test_a_batch_of_exactly_the_upload_limit_passes_nginx_and_each_file_is_judged(nginx_proxy):
    files = _noise(20, LIMIT)
    assert sum(len(part) for _name, part, _kind in files) == LIMIT
    response, status, upstream = _post(nginx_proxy, files)
    assert response.status_code == 200, response.text[:300]
    assert status == "200" and upstream != "-"
    results = response.json()["results"]
    assert [entry["error"]["code"] for entry in results] == ["unsupported_media_type"] * 20


def test_over_the_limit_the_service_then_nginx_refuse_the_batch(nginx_proxy):
    one_over = _noise(20, LIMIT)
    one_over[-1] = (one_over[-1][0], one_over[-1][1] + b"\0", "image/jpeg")
    over, status, upstream = _post(nginx_proxy, one_over)
    assert over.status_code == 413, over.text[:300]
    assert (status, upstream != "-") == ("413", True), "the service, not nginx, should have judged this batch"
    assert over.json()["error"]["code"] == "file_too_large"
    assert "OCR_MAX_UPLOAD_BYTES" in over.json()["error"]["message"]
    far_over, status, upstream = _post(nginx_proxy, _noise(2, LIMIT + MIB))
    assert far_over.status_code == 413
    assert (status, upstream) == ("413", "-")
    assert far_over.json()["error"]["code"] == "file_too_large"


def test_a_batch_is_read_through_nginx(nginx_proxy):
    files = [
        ("r.jpg", fixtures.receipt_jpeg(), "image/jpeg"),
        ("b.jpg", hostile.truncated_jpeg(), "image/jpeg"),
    ]
    response, status, upstream = _post(nginx_proxy, files, doc_type="receipt")
    assert response.status_code == 200, response.text[:300]
    assert upstream != "-"
    first, second = response.json()["results"]
    assert first["result"]["fields"]["total"]["value"] == "24.86"
    assert second["error"]["code"] == "unreadable_image"
