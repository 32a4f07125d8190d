"""What a service at OCR_LOG_LEVEL=DEBUG writes: its own lines, never what an upload carries."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
import uuid

from PIL import Image

from tests import fixtures
from tests.conftest import REPO, free_port

PERSON, DOCUMENT = "Jane Q Doe", "passport P1234567"


def _tagged_tiff() -> bytes:
    """A receipt as a TIFF whose tags name a person and a document (Artist, ImageDescription,
    DocumentName), short enough for Pillow to log each one at DEBUG."""
    image = fixtures.receipt_image().convert("RGB")
    out = io.BytesIO()
    image.save(out, format="TIFF", tiffinfo={315: PERSON, 270: DOCUMENT, 269: "scan-of-jane.tif"})
    return out.getvalue()


def _post(url: str, data: bytes, name: str) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="doc_type"\r\n\r\nreceipt\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url + "/ocr", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def test_a_service_at_debug_logs_no_tag_an_upload_carries(tmp_path):
    assert Image.open(io.BytesIO(_tagged_tiff())).tag_v2[315] == PERSON
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "OCR_HOST": "127.0.0.1",
        "OCR_PORT": str(port),
        "OCR_LOG_LEVEL": "DEBUG",
        "OCR_RATE_LIMIT_PER_MINUTE": "0",
    }
    log = tmp_path / "service.log"
    with log.open("wb") as err:
        command = [sys.executable, "-m", "ocr_service", "serve"]
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(url + "/health/ready", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.25)
            assert _post(url, _tagged_tiff(), "jane-doe-passport.tif") == 200
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    text = log.read_text(errors="replace")
    assert '"/ocr"' in text, "no access line for the upload: the log was not written"
    for secret in (PERSON, DOCUMENT, "scan-of-jane", "jane-doe-passport"):
        assert secret not in text, secret
