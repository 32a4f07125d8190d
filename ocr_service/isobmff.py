"""Which image an ISO base media file holds, from its brands: HEIF (a phone's HEIC photos) or AVIF."""

from __future__ import annotations

# a "ftyp" box first, whose brands say what the file holds (an MP4 video's say something else)
_AVIF_BRANDS = {b"avif", b"avis"}
_GENERIC_BRANDS = {b"mif1", b"msf1"}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"} | _GENERIC_BRANDS
# (a ftyp box lists a few brands; a longer one is no image's)
_FTYP_MAX = 256


def image_kind(data: bytes) -> str | None:
    """The image an ISO base media file holds ("heif" or "avif"), or None (a video, or another
    file)."""
    if data[4:8] != b"ftyp":
        return None
    size = int.from_bytes(data[:4], "big")
    if not 16 <= size <= _FTYP_MAX or size % 4:
        return None
    major = data[8:12]
    brands = [major] + [data[at : at + 4] for at in range(16, min(size, len(data)), 4)]
    # the major brand says it first, unless it is HEIF's generic one (mif1, msf1), which an
    # AVIF lists too
    specific = major not in _GENERIC_BRANDS
    if major in _AVIF_BRANDS or (
        not (specific and major in _HEIF_BRANDS) and _AVIF_BRANDS.intersection(brands)
    ):
        return "avif"
    if _HEIF_BRANDS.intersection(brands):
        return "heif"
    return None
