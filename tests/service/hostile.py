"""Hostile documents, made on the spot: small files that ask for a great deal of work.

Shared by the service tests and ``bench/bench_load.py``; nothing here is a real document.
"""

from __future__ import annotations

import functools
import io
import os
import struct

from tests import fixtures


def _packbits_white_row(width: int) -> bytes:
    """One row of a 1-bit white page, PackBits-compressed (runs of 128 bytes of 0xFF)."""
    size = (width + 7) // 8
    out = bytearray()
    while size:
        run = min(size, 128)
        out += struct.pack("b", 1 - run) + b"\xff" if run > 1 else b"\x00\xff"
        size -= run
    return bytes(out)


def tiff_bomb(frames: int = 20, width: int = 6000, height: int = 6600) -> bytes:
    """A multi-frame 1-bit TIFF: every frame is a blank ``width`` x ``height`` page.

    Each frame stays under a per-page pixel cap; all frames share one compressed
    strip, so 20 frames of 39.6 MP weigh about 80 KB.
    """
    strip = _packbits_white_row(width) * height
    entries = 9
    ifd_size = 2 + entries * 12 + 4
    strip_offset = 8
    first_ifd = strip_offset + len(strip)
    first_ifd += first_ifd % 2
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd))
    out += strip
    out += b"\x00" * (first_ifd - len(out))
    for index in range(frames):
        offset = first_ifd + index * ifd_size
        following = offset + ifd_size if index + 1 < frames else 0
        tags = [
            (256, 4, width),  # ImageWidth
            (257, 4, height),  # ImageLength
            (258, 3, 1),  # BitsPerSample
            (259, 3, 32773),  # Compression: PackBits
            (262, 3, 1),  # Photometric: BlackIsZero
            (273, 4, strip_offset),  # StripOffsets
            (277, 3, 1),  # SamplesPerPixel
            (278, 4, height),  # RowsPerStrip
            (279, 4, len(strip)),  # StripByteCounts
        ]
        out += struct.pack("<H", entries)
        for tag, kind, value in tags:
            if kind == 3:
                out += struct.pack("<HHIHH", tag, kind, 1, value, 0)
            else:
                out += struct.pack("<HHII", tag, kind, 1, value)
        out += struct.pack("<I", following)
    return bytes(out)


def huge_pdf(pages: int = 20, points: float = 4999) -> bytes:
    """A PDF of ``pages`` blank pages of ``points`` x ``points``, each just under a per-page cap."""
    return fixtures.pdf_with_blank_pages(pages, width_pt=points, height_pt=points)


def pdf_picture_drawn_over_and_over(side: int = 2000, draws: int = 25) -> bytes:
    """One small page that draws one ``side`` x ``side`` picture ``draws`` times (100 megapixels
    to decode from a few kilobytes): every page limit is met, rendering would not be."""
    import zlib

    picture = zlib.compress(bytes(side * side), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(picture))
        + picture
        + b"\nendstream",
    ]
    ops = b"".join(b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (600 - i, 780 - i) for i in range(draws))
    objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiff_one_huge_tile(side: int = 32768) -> bytes:
    """A 64 x 64 grey TIFF whose one tile is ``side`` x ``side`` (deflated zeros, about 1 MB):
    decoding the page decodes the tile, a gigabyte at 32768."""
    import zlib

    data = zlib.compress(bytes(side * side), 9)
    entries = [
        (256, 3, 64), (257, 3, 64), (258, 3, 8), (259, 3, 8), (262, 3, 1), (277, 3, 1),
        (322, 4, side), (323, 4, side), (324, 4, 8), (325, 4, len(data)),
    ]  # fmt: skip
    ifd = 8 + len(data) + len(data) % 2
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd)) + data
    out += b"\x00" * (ifd - len(out)) + struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, 1) + packed
    return bytes(out + struct.pack("<I", 0))


def jpeg_scan_bomb(repeats: int = 10000, width: int = 6000, height: int = 6600) -> bytes:
    """A progressive JPEG of a blank page whose smallest AC scan is repeated ``repeats`` times:
    under a megabyte, and every scan is decoded over the whole page (2 ms each at 40 Mpx)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (width, height), 255).save(buffer, "JPEG", progressive=True, quality=90)
    data = buffer.getvalue()
    scans = []
    at = data.find(b"\xff\xda")
    while at >= 0:
        end = data.find(b"\xff", at + 2 + struct.unpack(">H", data[at + 2 : at + 4])[0])
        while data[end + 1] == 0 or 0xD0 <= data[end + 1] <= 0xD7:  # escaped 0xFF, restarts
            end = data.find(b"\xff", end + 2)
        header = data[at + 4 :]
        if header[1 + 2 * header[0]] > 0:  # spectral selection start above 0: an AC scan
            scans.append(data[at:end])
        at = data.find(b"\xff\xda", end)
    scan = min(scans, key=len)
    end_of_image = data.rindex(b"\xff\xd9")
    return data[:end_of_image] + scan * repeats + data[end_of_image:]


def truncated_jpeg() -> bytes:
    data = fixtures.receipt_jpeg()
    return data[: len(data) // 3]


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + os.urandom(4000)


def wrong_type() -> bytes:
    """A ZIP archive: a type the service never reads, whatever the file's name says."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("invoice.txt", "not a document")
    return buffer.getvalue()


# name -> (bytes, the status the service answers, its error code)
@functools.cache
def heic_lying_about_its_size(claimed: int, coded: int) -> bytes:
    """A HEIC whose header ("ispe") claims ``claimed`` pixels a side for a picture coded at
    ``coded`` a side (white: a few kilobytes, whatever its size)."""
    import pillow_heif
    from PIL import Image

    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (coded, coded), "white")).save(out, quality=10)
    data = bytearray(out.getvalue())
    at = data.find(b"ispe")
    data[at + 8 : at + 16] = claimed.to_bytes(4, "big") * 2
    return bytes(data)


def _box(kind: bytes, payload: bytes, full: tuple[int, int] | None = None) -> bytes:
    """An ISO base media box (with a full box's version and flags when ``full``)."""
    if full is not None:
        payload = bytes([full[0]]) + full[1].to_bytes(3, "big") + payload
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _boxes(data: bytes, start: int, end: int):
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        yield kind, at, size
        at += size


def _child(data: bytes, path: list[bytes], start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Where the box at ``path`` is (its offset and size)."""
    full = {b"meta": 4, b"iloc": 4, b"pitm": 4}
    for kind, at, size in _boxes(data, start, len(data) if end is None else end):
        if kind == path[0]:
            if len(path) == 1:
                return at, size
            return _child(data, path[1:], at + 8 + full.get(kind, 0), at + size)
    raise KeyError(path)


def heic_many_images_sharing_metadata(images: int = 999, exif_mb: float = 2.0) -> bytes:
    """A HEIC of ``images`` top-level 64 x 64 pictures (one coded picture, shared) and one Exif
    item of ``exif_mb`` MB describing every one of them: about 2 MB, and pi-heif copies the Exif
    for each image it lists (2 GB, seconds), though only the first is read."""
    import pillow_heif
    from PIL import Image

    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 64), "white")).save(out, quality=0)
    small = out.getvalue()
    ipco, ipco_size = _child(small, [b"meta", b"iprp", b"ipco"])
    hvcc = next(
        small[at : at + size]
        for kind, at, size in _boxes(small, ipco + 8, ipco + ipco_size)
        if kind == b"hvcC"
    )
    # the coded picture: the one extent of the one item (libheif writes iloc version 0 or 1)
    iloc, _ = _child(small, [b"meta", b"iloc"])
    version, p = small[iloc + 8], iloc + 12
    offset_size, length_size, base_size = small[p] >> 4, small[p] & 15, small[p + 1] >> 4
    p += 4 + 2 + (2 if version == 1 else 0) + 2 + base_size + 2
    offset = int.from_bytes(small[p : p + offset_size], "big")
    picture = small[
        offset : offset + int.from_bytes(small[p + offset_size : p + offset_size + length_size], "big")
    ]
    exif = b"\x00\x00\x00\x00MM\x00*\x00\x00\x00\x08" + b"\x00" * int(exif_mb * 2**20)
    ids = list(range(1, images + 1))
    exif_id = images + 1
    ftyp = _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    hdlr = _box(b"hdlr", b"\x00" * 4 + b"pict" + b"\x00" * 13, (0, 0))
    pitm = _box(b"pitm", struct.pack(">H", 1), (0, 0))
    infe = b"".join(_box(b"infe", struct.pack(">HH", i, 0) + b"hvc1\x00", (2, 0)) for i in ids)
    infe += _box(b"infe", struct.pack(">HH", exif_id, 0) + b"Exif\x00", (2, 0))
    iinf = _box(b"iinf", struct.pack(">H", images + 1) + infe, (0, 0))
    refs = struct.pack(">HH", exif_id, images) + b"".join(struct.pack(">H", i) for i in ids)
    iref = _box(b"iref", _box(b"cdsc", refs), (0, 0))
    ispe = _box(b"ispe", struct.pack(">II", 64, 64), (0, 0))
    ipma = _box(
        b"ipma",
        struct.pack(">I", images) + b"".join(struct.pack(">HBBB", i, 2, 0x81, 2) for i in ids),
        (0, 0),
    )
    iprp = _box(b"iprp", _box(b"ipco", hvcc + ispe) + ipma)

    def meta(mdat_at: int) -> bytes:
        picture_at, exif_at = mdat_at + 8, mdat_at + 8 + len(picture)
        places = [(i, picture_at, len(picture)) for i in ids] + [(exif_id, exif_at, len(exif))]
        entries = b"".join(struct.pack(">HHHII", i, 0, 1, at, size) for i, at, size in places)
        iloc = _box(b"iloc", bytes([0x44, 0x00]) + struct.pack(">H", len(places)) + entries, (0, 0))
        return _box(b"meta", hdlr + pitm + iloc + iinf + iref + iprp, (0, 0))

    mdat_at = len(ftyp) + len(meta(0))
    return ftyp + meta(mdat_at) + _box(b"mdat", picture + exif)


def hostile_documents() -> dict[str, tuple[bytes, int, str]]:
    """Each hostile document, with the status and error code it gets (made once: about 6 s)."""
    return dict(_hostile_documents())


@functools.cache
def _hostile_documents() -> dict[str, tuple[bytes, int, str]]:
    return {
        "tiff_bomb_20_frames": (tiff_bomb(), 413, "document_too_large"),
        "pdf_20_pages_4999pt": (huge_pdf(), 413, "document_too_large"),
        "pdf_500_pages": (fixtures.pdf_with_blank_pages(500), 422, "too_many_pages"),
        "png_bomb_20000px": (fixtures.png_bomb(20000, 20000), 413, "image_too_large"),
        "pdf_picture_drawn_25_times": (pdf_picture_drawn_over_and_over(), 413, "document_too_large"),
        "tiff_one_huge_tile": (tiff_one_huge_tile(), 413, "image_too_large"),
        "jpeg_10000_scans": (jpeg_scan_bomb(), 422, "unreadable_image"),
        "truncated_jpeg": (truncated_jpeg(), 422, "unreadable_image"),
        "corrupt_pdf": (corrupt_pdf(), 422, "unreadable_pdf"),
        "zip_named_jpg": (wrong_type(), 415, "unsupported_media_type"),
        "heic_claiming_40000px": (heic_lying_about_its_size(40_000, 64), 413, "image_too_large"),
        # (not here: a HEIC coded larger than its header says, refused by its decoder in a few
        # milliseconds, but only once decoded: its header is a readable picture's, and it waits
        # its turn behind the receipts as one would; tests/service/test_formats.py)
    }
