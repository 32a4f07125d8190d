"""What a service at OCR_LOG_LEVEL=DEBUG writes: its own lines, never what an upload carries."""

from __future__ import annotations

import io

import requests
from PIL import Image

from tests import fixtures
from tests.conftest import start_service, stop_service

PERSON, DOCUMENT = "Jane Q Doe", "passport P1234567"


def _tagged_tiff() -> bytes:
    """A receipt as a TIFF whose tags name a person and a document (Artist, ImageDescription,
    DocumentName), short enough for Pillow to log each one at DEBUG."""
    image = fixtures.receipt_image().convert("RGB")
    out = io.BytesIO()
    image.save(out, format="TIFF", tiffinfo={315: PERSON, 270: DOCUMENT, 269: "scan-of-jane.tif"})
    return out.getvalue()


def test_a_service_at_debug_logs_no_tag_an_upload_carries(tmp_path):
    assert Image.open(io.BytesIO(_tagged_tiff())).tag_v2[315] == PERSON
    log = tmp_path / "service.log"
    with log.open("wb") as err:
        proc, url = start_service({"OCR_LOG_LEVEL": "DEBUG", "OCR_RATE_LIMIT_PER_MINUTE": "0"}, stderr=err)
        try:
            files = {"file": ("jane-doe-passport.tif", _tagged_tiff(), "application/octet-stream")}
            answer = requests.post(f"{url}/ocr", files=files, data={"doc_type": "receipt"}, timeout=60)
            assert answer.status_code == 200, answer.text
        finally:
            stop_service(proc)
    text = log.read_text(errors="replace")
    assert '"/ocr"' in text, "no access line for the upload: the log was not written"
    for secret in (PERSON, DOCUMENT, "scan-of-jane", "jane-doe-passport"):
        assert secret not in text, secret
