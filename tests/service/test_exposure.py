"""What the service shows, and to whom (finding 7): docs, versions, and the result cache."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ocr_service.config import Settings
from ocr_service.main import create_app
from tests import fixtures
from tests.service.conftest import make_client

TOKEN = {"Authorization": "Bearer s3cret-token"}


def test_api_schema_is_behind_the_token_and_no_page_loads_scripts_from_elsewhere(ocr_workers):
    with make_client(ocr_workers, api_token="s3cret-token") as client:
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            resp = client.get(path)
            assert resp.status_code == 401, (path, resp.status_code)
            assert resp.json()["error"]["code"] == "unauthorized"
        schema = client.get("/openapi.json", headers=TOKEN)
        assert schema.status_code == 200
        assert "/ocr" in schema.json()["paths"]
        # the interactive pages would fetch their scripts from a CDN: they are not served
        for path in ("/docs", "/redoc"):
            assert client.get(path, headers=TOKEN).status_code == 404


def test_versions_and_model_names_only_with_the_token(ocr_workers):
    with make_client(ocr_workers, api_token="s3cret-token") as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.get("/health/ready").json() == {"status": "ready", "ready": True}
        detailed = client.get("/health/ready", headers=TOKEN).json()
        assert detailed["engine"]["models"]["rec"] == "PP-OCRv6_rec_small"
        # OCR_RUNTIME=auto: OpenVINO on a CPU with bfloat16, ONNX Runtime on any other
        assert detailed["engine"]["runtime"].split()[0] in ("openvino", "onnxruntime")
        health = client.get("/health", headers=TOKEN).json()
        assert health["version"] and health["engine"] == "rapidocr-onnx"
        # a wrong token gets no details either
        assert client.get("/health", headers={"Authorization": "Bearer nope"}).status_code == 401


def _scan(client, data):
    resp = client.post("/ocr", files={"file": ("r.png", data)}, data={"doc_type": "text"})
    assert resp.status_code == 200, resp.text
    return resp.json()["cached"]


def test_the_result_cache_answers_only_the_client_that_sent_the_document(ocr_workers):
    data = fixtures.encode(fixtures.receipt_image([("CACHE SCOPE 4.20", True)]), "PNG")
    app = create_app(Settings(rate_limit_per_minute=0), workers=ocr_workers)
    with TestClient(app, client=("192.0.2.10", 5000)) as first:
        assert _scan(first, data) is False
        assert _scan(first, data) is True
        with TestClient(app, client=("192.0.2.11", 5000)) as second:
            # another address learns nothing from the cache: it waits for its own reading
            assert _scan(second, data) is False
            assert _scan(second, data) is True
