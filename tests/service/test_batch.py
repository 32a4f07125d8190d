"""POST /ocr/batch with the real engine: one result or one error per file, within the budget."""

from __future__ import annotations

import io
import logging
import random
import time

import cv2
import pytest

from tests import fixtures
from tests.mrz import synth
from tests.service import hostile
from tests.service.conftest import make_client
from tests.service.test_admission import _hold_through_admission

# A name a client might give its upload: it must never reach a log, nor come back.
PRIVATE_NAME = "passport-of-Jane-Q-Sample.jpg"
VOLATILE = ("processing_ms", "timings_ms", "cached")


def _tiny(text: str) -> bytes:
    return fixtures.encode(fixtures.receipt_image([(text, True)]), "PNG")


def _batch(client, documents, headers=None, **data):
    files = [("files", (name, content)) for name, content in documents]
    return client.post("/ocr/batch", files=files, data=data, headers=headers or {})


def _stable(result: dict) -> dict:
    return {key: value for key, value in result.items() if key not in VOLATILE}


@pytest.fixture(scope="module")
def passport():
    rng = random.Random(20261124)  # a number whose look-alikes the page settles (test_pipeline)
    doc = synth.random_identity(rng, "TD3")
    ok, buf = cv2.imencode(".jpg", synth.render_page(doc, rng, px_per_mm=8.0), [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return buf.tobytes(), doc


@pytest.fixture
def submitted(monkeypatch, ocr_workers):
    """The documents handed to the engine workers, counted."""
    calls = []
    submit = ocr_workers.submit

    def counting(fn, *args):
        calls.append(fn)
        return submit(fn, *args)

    monkeypatch.setattr(ocr_workers, "submit", counting)
    return calls


def test_three_documents_give_two_results_and_one_error_in_upload_order(ocr_workers, passport, caplog):
    data, doc = passport
    documents = [
        ("receipt.jpg", fixtures.receipt_jpeg()),
        ("broken.jpg", hostile.truncated_jpeg()),
        (PRIVATE_NAME, data),
    ]
    with make_client(ocr_workers) as client, caplog.at_level(logging.DEBUG):
        resp = _batch(client, documents, doc_type="auto")
        registry = client.app.state.metrics.registry
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [entry["index"] for entry in results] == [0, 1, 2]
    receipt, broken, passport_entry = results
    assert receipt["result"]["doc_type"] == "receipt"
    assert receipt["result"]["fields"]["total"]["value"] == "24.86"
    assert receipt["result"]["cached"] is False
    assert "result" not in broken
    assert broken["error"] == {
        "code": "unreadable_image",
        "message": "the image is corrupt or truncated and cannot be decoded",
        "status": 422,
        "retry_after_s": None,
    }
    fields = passport_entry["result"]["fields"]
    assert passport_entry["result"]["doc_type"] == "passport"
    assert fields["document_number"]["value"] == doc.truth["document_number"]
    assert fields["valid"]["value"] is True
    assert resp.json()["processing_ms"] > 0
    # metrics count documents, not requests
    assert registry.get_sample_value("ocr_documents_total", {"doc_type": "receipt"}) == 1
    assert registry.get_sample_value("ocr_documents_total", {"doc_type": "passport"}) == 1
    assert registry.get_sample_value("ocr_errors_total", {"code": "unreadable_image"}) == 1
    # file names are never logged, and never echoed
    assert PRIVATE_NAME not in resp.text
    logged = " ".join(f"{record.getMessage()} {vars(record)}" for record in caplog.records)
    assert "Jane" not in logged and "receipt.jpg" not in logged


def test_a_batch_answers_what_single_requests_answer(ocr_workers, passport):
    data, _doc = passport
    receipt = fixtures.receipt_jpeg()
    with make_client(ocr_workers, cache_entries=0) as client:
        singles = [
            client.post("/ocr", files={"file": ("r.jpg", receipt)}, data={"doc_type": "receipt"}),
            client.post("/ocr", files={"file": ("p.jpg", data)}, data={"doc_type": "passport"}),
        ]
        batch = _batch(client, [("r.jpg", receipt), ("p.jpg", data)], doc_types=["receipt", "passport"])
    assert [resp.status_code for resp in singles] == [200, 200]
    assert batch.status_code == 200, batch.text
    results = [entry["result"] for entry in batch.json()["results"]]
    assert [result["doc_type"] for result in results] == ["receipt", "passport"]
    assert [_stable(result) for result in results] == [_stable(resp.json()) for resp in singles]


def test_each_bad_file_gets_its_own_error_and_the_others_are_read(ocr_workers):
    documents = [
        ("a.tiff", hostile.tiff_bomb()),
        ("b.png", _tiny("TOTAL 3.10")),
        ("c.jpg", b""),
        ("d.jpg", hostile.wrong_type()),
        ("e.png", fixtures.png_bomb(20000, 20000)),
    ]
    with make_client(ocr_workers) as client:
        started = time.perf_counter()
        resp = _batch(client, documents, doc_type="text")
        elapsed = time.perf_counter() - started
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [(entry.get("error") or {}).get("code") for entry in results] == [
        "document_too_large",
        None,
        "empty_file",
        "unsupported_media_type",
        "image_too_large",
    ]
    assert [(entry.get("error") or {}).get("status") for entry in results] == [413, None, 400, 415, 413]
    assert "OCR_MAX_TOTAL_PIXELS" in results[0]["error"]["message"]
    assert "3.10" in results[1]["result"]["text"]
    assert elapsed < 10


def test_too_many_files_are_refused_before_any_ocr(ocr_workers, submitted):
    with make_client(ocr_workers, batch_max_files=2) as client:
        resp = _batch(client, [(f"{n}.png", _tiny(f"TOTAL {n}.00")) for n in range(3)])
    assert resp.status_code == 413, resp.text
    assert resp.json()["error"]["code"] == "too_many_files"
    assert "at most 2" in resp.json()["error"]["message"]
    assert "OCR_BATCH_MAX_FILES" in resp.json()["error"]["message"]
    assert submitted == []


@pytest.mark.parametrize(
    ("setting", "value", "name"),
    [
        ("batch_max_pages", 2, "OCR_BATCH_MAX_PAGES"),
        ("batch_max_total_pixels", 150_000, "OCR_BATCH_MAX_TOTAL_PIXELS"),
    ],
)
def test_a_batch_over_its_work_budget_is_refused_at_once_before_any_ocr(
    ocr_workers, submitted, setting, value, name
):
    # each file is well within every per-document limit; together they are not
    documents = [(f"{n}.png", _tiny(f"TOTAL {n}.00")) for n in range(3)]
    with make_client(ocr_workers, **{setting: value}) as client:
        started = time.perf_counter()
        resp = _batch(client, documents)
        elapsed = time.perf_counter() - started
        registry = client.app.state.metrics.registry
    assert resp.status_code == 413, resp.text
    error = resp.json()["error"]
    assert error["code"] == "batch_too_large"
    assert name in error["message"]
    assert elapsed < 1.0
    assert submitted == []
    assert registry.get_sample_value("ocr_documents_total", {"doc_type": "text"}) is None


def test_the_files_together_keep_within_the_one_upload_limit(ocr_workers, submitted):
    part = b"\xff\xd8\xff" + b"0" * (530 * 1024)
    with make_client(ocr_workers, max_upload_bytes=1024 * 1024) as client:
        # each file is under the limit, the two together are over it by less than the
        # multipart allowance: the exact count in the route refuses them
        together = _batch(client, [("a.jpg", part), ("b.jpg", part)])
        # far over: the streaming body cap refuses it, as nginx would
        body = _batch(client, [("a.jpg", part), ("b.jpg", part), ("c.jpg", part)])
    assert together.status_code == 413, together.text
    assert together.json()["error"]["code"] == "file_too_large"
    assert "together" in together.json()["error"]["message"]
    assert body.status_code == 413
    assert body.json()["error"]["code"] == "file_too_large"
    assert submitted == []


def test_without_the_token_the_batch_is_refused_before_its_body_is_read(ocr_workers, caplog):
    big = b"\xff\xd8\xff" + b"\0" * (1024 * 1024)
    with make_client(ocr_workers, api_token="s3cret-token") as client, caplog.at_level(logging.INFO):
        refused = _batch(client, [("a.jpg", big), ("b.jpg", big)])
        allowed = _batch(
            client, [("a.png", _tiny("TOTAL 2.00"))], headers={"Authorization": "Bearer s3cret-token"}
        )
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
    assert allowed.status_code == 200, allowed.text
    access = [r for r in caplog.records if r.name == "ocr_service.access" and r.status == 401]
    assert len(access) == 1 and access[0].bytes_in == 0


def test_the_rate_limit_counts_files_and_a_repeated_file_is_read_once(ocr_workers, submitted):
    same = _tiny("TOTAL 4.00")
    with make_client(ocr_workers, rate_limit_per_minute=1, rate_limit_burst=3) as client:
        first = _batch(client, [(f"{n}.png", same) for n in range(5)], doc_type="text")
        second = _batch(client, [("x.png", _tiny("TOTAL 5.00"))], doc_type="text")
    assert first.status_code == 200, first.text
    results = first.json()["results"]
    assert [("result" in entry) for entry in results] == [True, True, True, False, False]
    assert results[0]["result"] == results[1]["result"] == results[2]["result"]
    for entry in results[3:]:
        assert entry["error"]["code"] == "rate_limited" and entry["error"]["status"] == 429
        assert entry["error"]["retry_after_s"] >= 1
    assert first.headers["x-ratelimit-remaining"] == "0"
    # three copies of one document: read once
    assert len(submitted) == 1
    # nothing left in the bucket: the whole batch is refused, as a single request would be
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "rate_limited"
    assert int(second.headers["retry-after"]) >= 1


def test_a_document_sent_several_times_is_measured_once(ocr_workers, monkeypatch):
    """Copies of one file are measured once (twenty copies of a PDF slow to measure would spend the
    batch's one deadline twenty times); each copy is still answered, a refused one refused alike."""
    from ocr_service.api import batch as batch_api

    measured = []
    real = batch_api.measure

    def counting(data, limits):
        measured.append(len(data))
        return real(data, limits)

    monkeypatch.setattr(batch_api, "measure", counting)
    same, bad = _tiny("TOTAL 6.00"), b"%PDF-1.4 not really a pdf"
    files = [("a.png", same), ("b.pdf", bad), ("c.png", same), ("d.pdf", bad), ("e.png", same)]
    with make_client(ocr_workers) as client:
        answer = _batch(client, files, doc_type="text")
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [("result" in entry) for entry in results] == [True, False, True, False, True]
    assert results[1]["error"] == results[3]["error"]
    assert sorted(measured) == sorted([len(same), len(bad)])


def test_files_are_admitted_one_by_one_and_a_batch_nothing_fits_is_refused_at_once(ocr_workers):
    # 5 s a page, a 10 s timeout: 8 s of work at most ahead of a document, its own included
    documents = [("a.png", _tiny("TOTAL 6.00")), ("b.png", _tiny("TOTAL 7.00"))]
    with make_client(ocr_workers, page_seconds=5.0, request_timeout_s=10.0) as client:
        resp = _batch(client, documents, doc_type="text")
        assert resp.status_code == 200, resp.text
        first, second = resp.json()["results"]
        assert "6.00" in first["result"]["text"]
        # behind the first file's 5 s, the second's 5 s would end past the timeout
        assert second["error"]["code"] == "busy" and second["error"]["status"] == 503
        assert 1 <= second["error"]["retry_after_s"] <= 10
        release, held = _hold_through_admission(client, units=2)
        try:
            started = time.perf_counter()
            busy = _batch(client, [("c.png", _tiny("TOTAL 8.00"))], doc_type="text")
            assert time.perf_counter() - started < 2.0
        finally:
            release.set()
            held.result(10)
        assert busy.status_code == 503, busy.text
        assert busy.json()["error"]["code"] == "busy"
        assert 1 <= int(busy.headers["retry-after"]) <= 10
        assert client.app.state.admission.inflight == 0


def test_the_cache_answers_each_file_to_the_client_that_sent_it(ocr_workers):
    from fastapi.testclient import TestClient

    from ocr_service.config import Settings
    from ocr_service.main import create_app

    app = create_app(Settings(rate_limit_per_minute=0), workers=ocr_workers)
    known, fresh = _tiny("TOTAL 9.10"), _tiny("TOTAL 9.20")
    with (
        TestClient(app, client=("192.0.2.1", 4000)) as one,
        TestClient(app, client=("192.0.2.2", 4000)) as two,
    ):
        _batch(one, [("a.png", known)], doc_type="text")
        again = _batch(one, [("a.png", known), ("b.png", fresh)], doc_type="text")
        other = _batch(two, [("a.png", known)], doc_type="text")
    assert [entry["result"]["cached"] for entry in again.json()["results"]] == [True, False]
    assert other.json()["results"][0]["result"]["cached"] is False


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"doc_type": "invoice"}, "invalid_doc_type"),
        ({"doc_types": ["receipt", "text", "text"]}, "invalid_doc_type"),
    ],
)
def test_doc_types_are_checked_for_the_whole_batch(client, data, code):
    resp = _batch(client, [("a.png", _tiny("X")), ("b.png", _tiny("Y"))], **data)
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["code"] == code


def test_a_batch_without_files_is_a_400(client):
    resp = client.post("/ocr/batch", files={"file": ("a.png", _tiny("X"))})
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["code"] == "missing_file"
    assert "'files'" in resp.json()["error"]["message"]


def test_the_api_schema_describes_the_batch(client):
    schema = client.get("/openapi.json").json()
    route = schema["paths"]["/ocr/batch"]["post"]
    body = route["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    form = schema["components"]["schemas"][body]["properties"]
    files = [form["files"], *form["files"].get("anyOf", [])]
    assert any(f.get("type") == "array" and f["items"].get("contentMediaType") for f in files), files
    assert {"files", "doc_type", "doc_types"} <= set(form)
    ok = route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/BatchResponse")
    components = schema["components"]["schemas"]
    entries = components["BatchResponse"]["properties"]["results"]["items"]["anyOf"]
    assert {entry["$ref"].rsplit("/", 1)[-1] for entry in entries} == {"BatchResult", "BatchFailure"}
    assert {"code", "message", "status", "retry_after_s"} <= set(components["BatchError"]["properties"])
    assert {"413", "429", "503"} <= set(route["responses"])


def test_a_full_batch_counts_its_files_bytes_exactly_whatever_its_envelope(ocr_workers, submitted):
    limit = 1024 * 1024
    size = limit // 20
    # twenty parts with long names: the multipart envelope is not counted against the limit
    names = [f"{n:02d}-" + "x" * 120 + ".jpg" for n in range(20)]
    parts = [b"\xff\xd8\xff" + b"\0" * (size - 3) for _ in range(20)]
    parts[-1] += b"\0" * (limit - 20 * size)
    assert sum(map(len, parts)) == limit
    with make_client(ocr_workers, max_upload_bytes=limit, batch_max_files=20) as client:
        exact = _batch(client, list(zip(names, parts, strict=True)))
        parts[-1] += b"\0"
        over = _batch(client, list(zip(names, parts, strict=True)))
    assert exact.status_code == 200, exact.text
    # not one of them is a JPEG: twenty error entries of their own, and no OCR
    assert [entry["error"]["code"] for entry in exact.json()["results"]] == ["unreadable_image"] * 20
    assert over.status_code == 413 and over.json()["error"]["code"] == "file_too_large"
    assert submitted == []


def test_every_file_taken_ends_within_the_request_timeout(ocr_workers):
    page = fixtures.receipt_image()
    buffer = io.BytesIO()
    page.save(buffer, format="TIFF", save_all=True, append_images=[page] * 11, compression="tiff_lzw")
    documents = [("long.tiff", buffer.getvalue()), ("short.png", _tiny("TOTAL 1.50"))]
    # costed cheap enough to take both, the long one cannot end within 1.5 s
    with make_client(ocr_workers, request_timeout_s=1.5, page_seconds=0.05) as client:
        started = time.perf_counter()
        resp = _batch(client, documents, doc_type="text")
        elapsed = time.perf_counter() - started
        assert resp.status_code == 200, resp.text
        errors = [entry["error"] for entry in resp.json()["results"]]
        assert [(error["code"], error["status"]) for error in errors] == [("timeout", 504)] * 2
        assert elapsed < 1.5 + 2.0
        # the work itself stops at its next step (test_admission bounds how soon): nothing stays
        deadline = time.monotonic() + 10.0
        while client.app.state.admission.inflight and time.monotonic() < deadline:
            time.sleep(0.02)
        assert client.app.state.admission.inflight == 0
