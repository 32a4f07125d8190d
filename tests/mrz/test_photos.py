"""Phone photos of a page on a desk: the band's perspective undone, the grid fitted, read."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr_service.mrz import scan_mrz
from ocr_service.mrz.band import corners, needs_rectifying, rectify
from ocr_service.mrz.cut import cut, fit_grid, likeness
from ocr_service.mrz.locate import WORK_SIDE, locate
from tests.mrz.synth import make_photo, photograph, random_identity, render_blank_page, render_page


def _located(image):
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, locate(small), scale


def _tilted_photo(seed: int):
    """A TD3 page photographed with the perspective the generator allows at its strongest."""
    rng = random.Random(seed)
    doc = random_identity(rng, "TD3")
    page = render_page(doc, rng, px_per_mm=10.0)
    h, w = page.shape[:2]
    # the far edge 7 % shorter on each side: the lines converge and the pitch grows along them
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0.07 * w, 0.04 * h], [0.93 * w, 0.0], [w, h], [0, 0.96 * h]])
    warped = cv2.warpPerspective(
        page, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=(90, 90, 90)
    )
    canvas = cv2.copyMakeBorder(warped, 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=(90, 90, 90))
    return canvas, doc


def test_the_band_of_a_photo_is_straightened(ocrb_font):
    image, _doc = _tilted_photo(7)
    gray, groups, scale = _located(image)
    group = groups[0]
    assert len(group) == 2
    quad = corners(group, scale)
    assert quad is not None and needs_rectifying(group, scale)
    straight = rectify(gray, group, scale)
    assert straight is not None
    band, lines, band_scale = straight
    # level, equally long lines, one under the other
    assert all(abs(b.angle) < 1 for b in lines)
    assert abs(lines[0].length - lines[1].length) <= 0.02 * lines[0].length
    assert lines[0].cy < lines[1].cy
    # and one pitch for both lines, as printed
    cut_lines = cut(band, lines, band_scale)
    assert cut_lines is not None and cut_lines.length == 44
    pitches = [p for _x0, p in cut_lines.grids]
    assert abs(pitches[0] - pitches[1]) <= 0.015 * pitches[0]


def test_a_flat_page_is_not_rectified(ocrb_font):
    rng = random.Random(3)
    doc = random_identity(rng, "TD2")
    page = render_page(doc, rng, px_per_mm=8.0)
    canvas = cv2.copyMakeBorder(page, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=(120, 120, 120))
    _gray, groups, scale = _located(canvas)
    assert not needs_rectifying(groups[0], scale)


def test_the_grid_is_fitted_to_the_gaps_between_glyphs():
    # 36 glyphs of pitch 25.3 from x = 40.7, each 19 columns of ink centred in its cell
    pitch, x0, n = 25.3, 40.7, 36
    profile = np.zeros(1000, np.float32)
    for i in range(n):
        centre = x0 + (i + 0.5) * pitch
        profile[int(round(centre - 9.5)) : int(round(centre + 9.5))] = 20.0
    # started a third of a cell off and 2 % too narrow, it finds the cells: every boundary
    # in the gap between two glyphs, up to the last
    got_x0, got_p = fit_grid(profile, x0 + 0.33 * pitch, pitch * 0.98, n)
    for k in range(n + 1):
        true, got = x0 + k * pitch, got_x0 + k * got_p
        assert abs(got - true) < 0.12 * pitch
    # the grid the extents gave drifts by more than a third of a cell by the end
    assert abs((x0 + 0.33 * pitch + n * pitch * 0.98) - (x0 + n * pitch)) > 0.3 * pitch


def test_the_photo_generator_records_the_page_corners(ocrb_font):
    _image, doc = make_photo(random.Random(5001))
    assert doc.corners is not None and len(doc.corners) == 4
    # the same draws with or without asking for the corners
    rng_a, rng_b = random.Random(11), random.Random(11)
    page = render_page(random_identity(random.Random(2), "TD1"), random.Random(2))
    assert np.array_equal(photograph(page, rng_a), photograph(page, rng_b, corners_out=[]))


@pytest.mark.parametrize("seed", [5002, 5036])
def test_photos_in_perspective_are_read(mrz_engine, ocrb_font, seed):
    """Photos whose MRZ the reader found but could not read before the band was straightened."""
    image, doc = make_photo(random.Random(seed))
    result = scan_mrz(image, mrz_engine, full_page_fallback=False).result
    assert result is not None and result.is_mrz
    assert result.lines == doc.lines


def test_print_beside_the_passport_is_less_like_an_mrz_than_the_mrz(ocrb_font):
    """Groups are chosen for reading by how they look once cut: lines of proportional print
    (a letter on the desk) score low, the MRZ high."""
    rng = random.Random(5)
    letter = render_blank_page(rng, size=(1400, 900))
    gray, groups, scale = _located(letter)
    assert groups
    cut_letter = [cut(gray, g, scale) for g in groups[:6]]
    letter_scores = [likeness(c) for c in cut_letter if c is not None]
    image, _doc = _tilted_photo(8)
    gray, groups, scale = _located(image)
    mrz = cut(gray, groups[0], scale)
    assert mrz is not None
    assert likeness(mrz) > 0.6
    assert all(s < 0.4 for s in letter_scores)


@pytest.mark.parametrize("angle", [-16.0, 15.0])
def test_lines_tilted_past_twelve_degrees_are_located(ocrb_font, angle):
    rng = random.Random(9)
    doc = random_identity(rng, "TD2")
    page = cv2.copyMakeBorder(
        render_page(doc, rng, px_per_mm=9.0), 200, 200, 200, 200, cv2.BORDER_CONSTANT, value=(100, 100, 100)
    )
    h, w = page.shape[:2]
    turned = cv2.warpAffine(
        page, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h), borderValue=(100, 100, 100)
    )
    _gray, groups, _scale = _located(turned)
    assert any(len(g) == 2 and abs(abs(g[0].angle) - abs(angle)) < 2 for g in groups)
