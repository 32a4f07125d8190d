"""HEIC (a phone's photos, as a Mac or a mail keeps them) and AVIF are read like any image: the
same limits before any pixel is decoded, the same turn upright, a clear error when broken.

The files are made here: HEIC by pillow-heif's encoder (a test dependency; the service decodes
with pi-heif, decoders only), AVIF by Pillow's own.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image

from ocr_service import imaging
from ocr_service.config import Settings
from ocr_service.errors import TooLarge, Unprocessable, UnsupportedType
from ocr_service.imaging import Limits, sniff
from ocr_service.pipeline import process_document
from tests import fixtures
from tests.service import hostile

LIMITS = Limits.from_settings(Settings())
ORIENTATION = 0x0112


def heic(img: Image.Image, orientation: int | None = None, quality: int = 85) -> bytes:
    """``img`` as a HEIC file; with ``orientation``, the EXIF tag a phone writes to say how to
    turn the pixels (the encoder stores it as the file's own transform, as phones do)."""
    exif = None
    if orientation:
        tags = Image.Exif()
        tags[ORIENTATION] = orientation
        exif = tags.tobytes()
    out = io.BytesIO()
    pillow_heif.from_pillow(img).save(out, quality=quality, exif=exif)
    return out.getvalue()


def avif(img: Image.Image, orientation: int | None = None) -> bytes:
    tags = Image.Exif()
    if orientation:
        tags[ORIENTATION] = orientation
    out = io.BytesIO()
    img.save(out, format="AVIF", exif=tags.tobytes())
    return out.getvalue()


def sensor(img: Image.Image) -> Image.Image:
    """The pixels as a phone held sideways records them (EXIF orientation 6 turns them back)."""
    return img.rotate(90, expand=True)


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00" * 64


def test_heic_and_avif_are_told_by_their_brands_not_by_name():
    assert sniff(heic(Image.new("RGB", (32, 32), "white"))) == "heif"
    assert sniff(avif(Image.new("RGB", (32, 32), "white"))) == "avif"
    assert sniff(ftyp(b"mif1", b"mif1", b"heic")) == "heif"
    assert sniff(ftyp(b"heix", b"mif1")) == "heif"
    # an AVIF lists the generic HEIF brand too; the major brand says it first
    assert sniff(ftyp(b"mif1", b"mif1", b"avif")) == "avif"
    # an MP4 video, a QuickTime movie, a box of no sensible size: no image
    assert sniff(ftyp(b"isom", b"isom", b"mp41")) is None
    assert sniff(ftyp(b"qt  ", b"qt  ")) is None
    assert sniff(b"\xff\xff\xff\xffftypheic" + b"\x00" * 32) is None


@pytest.mark.parametrize("make", [heic, avif], ids=["heic", "avif"])
def test_a_receipt_in_heic_or_avif_is_read(engine, make):
    result = process_document(make(fixtures.receipt_image()), "receipt", engine, LIMITS)
    assert result.fields.total.value == "24.86" and result.fields.total.confidence >= 0.8
    assert result.fields.date.value == "2024-03-14"
    assert not result.warnings


@pytest.mark.parametrize("make", [heic, avif], ids=["heic", "avif"])
def test_a_receipt_photographed_sideways_in_heic_or_avif_is_read_upright(engine, make):
    """A phone held sideways records the pixels on their side and says so (HEIC: a transform of
    the file's own, which the decoder applies; AVIF: the EXIF tag, as a JPEG's). Read upright,
    once: the page in the answer is the receipt's own shape."""
    receipt = fixtures.receipt_image()
    result = process_document(make(sensor(receipt), orientation=6), "receipt", engine, LIMITS)
    assert result.fields.total.value == "24.86"
    page = result.pages[0]
    assert (page.width, page.height) == receipt.size
    # turned by the file's own word, not found on its side by reading it at every turn
    assert not any("turned by" in warning and "content" in warning for warning in result.warnings)


def test_the_service_answers_a_heic_upload(client):
    data = heic(fixtures.receipt_image())
    resp = client.post(
        "/ocr", files={"file": ("IMG_0042.HEIC", data, "image/heic")}, data={"doc_type": "receipt"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["fields"]["total"]["value"] == "24.86"


@pytest.mark.parametrize(
    ("claimed", "coded", "error"),
    [(40_000, 64, TooLarge), (64, 6000, Unprocessable)],
    ids=["claims", "codes"],
)
def test_a_heic_lying_about_its_size_is_refused_undecoded(claimed, coded, error):
    """40,000 x 40,000 pixels claimed by a 64 x 64 picture: refused from the header (its "ispe"
    box), before any pixel is decoded. A 6000 x 6000 picture said to be 64 x 64: the decoder
    refuses it before allocating it, and the service says the file is broken."""
    data = hostile.heic_lying_about_its_size(claimed, coded)
    started = time.perf_counter()
    with pytest.raises(error):
        imaging.load_pages(data, LIMITS)
    assert time.perf_counter() - started < 1.0


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_a_heic_whose_metadata_takes_gigabytes_is_refused_by_a_child_not_the_service():
    """999 pictures sharing one 2 MB Exif item (a 2 MB file): pi-heif copies the Exif for each
    picture it lists, 2 GB before any limit can count it. Decoded in a child process with a
    memory limit (as PDFs are read): refused there, the service's own memory untouched."""
    data = hostile.heic_many_images_sharing_metadata()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # the peak RSS starts again from here
    except OSError:
        pytest.skip("LOUD SKIP: this kernel does not let a process reset its peak memory")
    started = time.perf_counter()
    with pytest.raises(TooLarge):
        imaging.load_pages(data, LIMITS)
    assert time.perf_counter() - started < 5.0
    assert _peak_rss_mb() - _current_rss_mb() < 200
    kind, pages = imaging.load_pages(heic(fixtures.receipt_image()), LIMITS)
    assert (kind, pages[0].width) == ("heif", 720)


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize("make", [heic, avif], ids=["heic", "avif"])
def test_a_truncated_heic_or_avif_is_unreadable(client, make):
    data = make(fixtures.receipt_image())
    resp = client.post("/ocr", files={"file": ("r", data[: len(data) // 2])})
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["code"] == "unreadable_image"
    good = client.post("/ocr", files={"file": ("r", fixtures.receipt_jpeg())}, data={"doc_type": "receipt"})
    assert good.json()["fields"]["total"]["value"] == "24.86"


def test_a_format_whose_decoder_is_not_installed_is_said_so(monkeypatch):
    monkeypatch.setattr(imaging, "DECODED", imaging.DECODED - {"heif"})
    with pytest.raises(UnsupportedType, match="decodes no image/heif image"):
        imaging.load_pages(heic(Image.new("RGB", (64, 64), "white")), LIMITS)
