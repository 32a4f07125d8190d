from __future__ import annotations

from ocr_service import __version__


def test_health_is_cheap_and_describes_the_service(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok", "version": __version__, "engine": "rapidocr-onnx"}


def test_ready_names_the_models_loaded_from_disk(client):
    resp = client.get("/health/ready")
    assert resp.status_code == 200
    body = resp.json()
    assert body["ready"] is True
    assert body["engine"]["name"] == "rapidocr-onnx"
    assert body["engine"]["models"]["det"] == "PP-OCRv6_det_small"
    assert body["engine"]["models"]["rec"] == "PP-OCRv6_rec_small"
    # OCR_RUNTIME=auto: OpenVINO on a CPU with bfloat16, ONNX Runtime on any other
    assert body["engine"]["runtime"].split()[0] in ("openvino", "onnxruntime")
    assert body["engine"]["threads"].startswith("2 per model")  # OCR_CPU_THREADS


def test_every_response_carries_a_request_id(client):
    for kept in ("9b2f7c0e4d1a4f6b8c3e5a7d9f1b3c5e", "123e4567-e89b-12d3-a456-426614174000"):
        resp = client.get("/health", headers={"X-Request-ID": kept})
        assert resp.headers["x-request-id"] == kept
    # An id that could smuggle anything into logs (a newline, a name, a passport number) is replaced.
    for smuggled in ("bad id\nwith newline", "abc-123", "ERIKSSON-L898902C3", "707797979"):
        resp = client.get("/health", headers={"X-Request-ID": smuggled})
        assert resp.headers["x-request-id"] != smuggled
        assert len(resp.headers["x-request-id"]) == 32


def test_metrics_count_requests_in_prometheus_format(client):
    client.get("/health")
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    assert 'ocr_http_requests_total{route="/health",status="200"}' in resp.text
    assert "ocr_ready 1.0" in resp.text


def test_unknown_route_uses_the_error_shape(client):
    resp = client.get("/nope")
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "not_found"


def test_not_ready_until_the_engine_has_loaded(tmp_path):
    """A model folder without a model: liveness answers, readiness says 503, /ocr refuses."""
    from fastapi.testclient import TestClient

    from ocr_service.config import Settings
    from ocr_service.main import create_app

    missing = tmp_path / "missing.onnx"
    settings = Settings(onnx_det_model=missing, onnx_rec_model=missing, rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as client:
        assert not client.app.state.workers.wait_ready(60)
        assert client.get("/health").status_code == 200
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json() == {"status": "failed", "ready": False}
        resp = client.post("/ocr", files={"file": ("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)})
        assert resp.status_code == 503
        assert resp.json()["error"]["code"] == "not_ready"
        assert "Retry-After" in resp.headers
