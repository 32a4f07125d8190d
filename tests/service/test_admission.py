"""Auth, rate limits, the bounded queue and the per-request timeout."""

from __future__ import annotations

import threading
import time

from tests import fixtures
from tests.service.conftest import make_client


def _post(client, headers=None):
    return client.post(
        "/ocr",
        files={"file": ("r.png", fixtures.encode(fixtures.receipt_image([("TOTAL 1.00", True)]), "PNG"))},
        data={"doc_type": "text"},
        headers=headers or {},
    )


def test_token_is_required_everywhere_but_health(ocr_workers):
    with make_client(ocr_workers, api_token="s3cret-token") as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health/ready").status_code == 200
        resp = _post(client)
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == "unauthorized"
        assert resp.headers["www-authenticate"] == "Bearer"
        assert _post(client, {"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/metrics").status_code == 401
        assert _post(client, {"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_rate_limit_answers_429_with_headers(ocr_workers):
    with make_client(ocr_workers, rate_limit_per_minute=60, rate_limit_burst=2) as client:
        first = _post(client)
        assert first.status_code == 200
        assert first.headers["x-ratelimit-limit"] == "60"
        assert first.headers["x-ratelimit-remaining"] == "1"
        assert _post(client).status_code == 200
        third = _post(client)
        assert third.status_code == 429
        assert third.json()["error"]["code"] == "rate_limited"
        assert int(third.headers["retry-after"]) >= 1
        assert third.headers["x-ratelimit-remaining"] == "0"
        # Health checks are never rate limited.
        assert client.get("/health").status_code == 200


def test_rate_limit_buckets_are_per_token(ocr_workers):
    with make_client(ocr_workers, rate_limit_per_minute=60, rate_limit_burst=1, api_token="tok") as client:
        assert _post(client, {"Authorization": "Bearer tok"}).status_code == 200
        assert _post(client, {"Authorization": "Bearer tok"}).status_code == 429


def _hold_worker(ocr_workers):
    """Occupy the only worker with a job that waits for the returned event."""
    release = threading.Event()
    started = threading.Event()

    def blocker(engine):
        started.set()
        release.wait(30)

    future = ocr_workers.submit(blocker)
    assert started.wait(10)
    return release, future


def test_full_queue_answers_503_with_retry_after(ocr_workers):
    with make_client(ocr_workers, max_queue=0, retry_after_s=7) as client:
        release, held = _hold_worker(ocr_workers)
        results = {}
        try:
            waiting = threading.Thread(target=lambda: results.setdefault("first", _post(client)))
            waiting.start()
            deadline = time.monotonic() + 5
            while client.app.state.admission.inflight < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
            busy = _post(client)
            assert busy.status_code == 503
            assert busy.json()["error"]["code"] == "busy"
            assert busy.headers["retry-after"] == "7"
        finally:
            release.set()
            held.result(10)
        waiting.join(30)
        assert results["first"].status_code == 200
        assert client.app.state.admission.inflight == 0
        assert _post(client).status_code == 200


def test_request_over_the_timeout_answers_504_and_frees_its_slot(ocr_workers):
    with make_client(ocr_workers, request_timeout_s=0.3) as client:
        release, held = _hold_worker(ocr_workers)
        try:
            started = time.perf_counter()
            resp = _post(client)
            assert resp.status_code == 504
            assert resp.json()["error"]["code"] == "timeout"
            assert time.perf_counter() - started < 3
        finally:
            release.set()
            held.result(10)
        deadline = time.monotonic() + 5
        while client.app.state.admission.inflight and time.monotonic() < deadline:
            time.sleep(0.01)
        assert client.app.state.admission.inflight == 0


def test_logs_hold_one_line_per_request_and_no_document_content(ocr_workers, caplog):
    import logging

    secret_name = "passport-of-JOHN-DOE-L898902C3.png"
    img = fixtures.receipt_image([("CONFIDENTIAL 9911", True)])
    with make_client(ocr_workers) as client, caplog.at_level(logging.DEBUG):
        logging.getLogger("ocr_service").setLevel(logging.DEBUG)
        resp = client.post(
            "/ocr", files={"file": (secret_name, fixtures.encode(img, "PNG"))}, data={"doc_type": "text"}
        )
        assert resp.status_code == 200 and "9911" in resp.json()["text"]
        client.post("/ocr", files={"file": (secret_name, b"junk")})
    access = [r for r in caplog.records if r.name == "ocr_service.access"]
    assert len(access) == 2
    assert {r.status for r in access} == {200, 415}
    for record in access:
        assert record.route == "/ocr" and record.duration_ms > 0 and record.bytes_in > 0
        assert len(record.request_id) == 32
    everything = " ".join(str(vars(r)) for r in caplog.records)
    assert "JOHN" not in everything and "L898902C3" not in everything
    assert "9911" not in everything and "CONFIDENTIAL" not in everything
