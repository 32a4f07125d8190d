"""Each step of the MRZ reader on its own: locate, cut, read, settle look-alikes, repair."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr_service.mrz import parse_mrz
from ocr_service.mrz.cut import CHUNK_PAD, CUT_HEIGHT, REC_PX_PER_CHAR, _pitch, cut
from ocr_service.mrz.glyphs import settle_lookalikes
from ocr_service.mrz.locate import WORK_SIDE, locate, percentile_u8
from ocr_service.mrz.read import _first_pass, padding_cells, read
from ocr_service.mrz.reader import parse_reads, read_cut_lines
from ocr_service.mrz.recognize import CharRead
from tests.mrz.synth import distort, random_identity, render_page

from .test_reader import CLEAN, _identity_with_lookalikes


def _page(seed: int, fmt: str):
    rng = random.Random(seed)
    doc = random_identity(rng, fmt)
    img = distort(render_page(doc, rng, px_per_mm=8.0), rng, target_pixels=1.2e6, **CLEAN)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    return gray, small, scale, doc


@pytest.mark.parametrize(("fmt", "lines"), [("TD3", 2), ("TD1", 3), ("MRVB", 2)])
def test_locate_finds_the_mrz_lines(ocrb_font, fmt, lines):
    _gray, small, _scale, _doc = _page(41, fmt)
    groups = locate(small)
    assert groups
    best = groups[0]
    assert len(best) == lines
    # long thin lines, one under the other, in the lower part of the page
    assert all(box.ratio > 14 and abs(box.angle) < 1 for box in best)
    assert [box.cy for box in best] == sorted(box.cy for box in best)
    assert min(box.cy for box in best) > small.shape[0] / 2


def test_locate_finds_nothing_on_an_empty_page():
    assert locate(np.full((600, 900), 255, np.uint8)) == []


def test_cut_gives_straight_lines_and_their_cell_grid(ocrb_font):
    gray, small, scale, _doc = _page(42, "TD3")
    lines = cut(gray, locate(small)[0], scale)
    assert lines is not None and lines.length == 44
    assert len(lines.crops) == 2 and all(c.shape[0] == CUT_HEIGHT for c in lines.crops)
    for crop, (x0, pitch) in zip(lines.crops, lines.grids, strict=True):
        # 44 cells of one pitch fit in the crop
        assert x0 >= 0 and x0 + 44 * pitch <= crop.shape[1] + pitch
    turned = cut(gray, locate(small)[0], scale, turned=True)
    assert turned is not None
    assert np.array_equal(turned.crops[0], cv2.rotate(lines.crops[1], cv2.ROTATE_180))


def test_read_gives_one_character_per_cell(mrz_engine, ocrb_font):
    gray, small, scale, doc = _page(43, "TD3")
    lines = cut(gray, locate(small)[0], scale)
    for blank_padding in (True, False):
        reads = read(lines, mrz_engine, blank_padding=blank_padding)
        assert [len(line) for line in reads] == [44, 44]
        assert all(0.0 < c.prob <= 1.0 for line in reads for c in line)
        wrong = [
            c
            for line, truth in zip(reads, doc.lines, strict=True)
            for c, t in zip(line, truth, strict=True)
            if c.char != t
        ]
        # nearly every cell read right, and what is wrong is doubted (names have no check digit)
        assert len(wrong) <= 2
        assert all(c.prob < 0.75 for c in wrong)


class _Widths:
    """The engine, noting the width of every piece it is given to read."""

    def __init__(self, engine):
        self.engine, self.widths = engine, []

    def class_probabilities(self, crops):
        self.widths += [c.shape[1] for c in crops]
        return self.engine.class_probabilities(crops)


def test_read_leaves_out_the_padding_at_a_pieces_ends(mrz_engine, ocrb_font):
    gray, small, scale, doc = _page(43, "TD3")
    lines = cut(gray, locate(small)[0], scale)
    padding = padding_cells(lines, 0)
    # the names line ends in a run of '<' over the last pieces' every cell
    assert padding[0] == set(range(44 - len(padding[0]), 44)) and len(padding[0]) > 22
    engine = _Widths(mrz_engine)
    _first_pass(lines, engine, padding)
    # the recogniser's time grows with the width it reads: only the cells that are not
    # padding reach it, each piece as wide as its own cells
    assert all((w - 2 * CHUNK_PAD) % REC_PX_PER_CHAR == 0 for w in engine.widths)
    assert sum((w - 2 * CHUNK_PAD) // REC_PX_PER_CHAR for w in engine.widths) == 88 - len(padding[0])
    # the padding left out is '<', and every other cell gets its own character
    reads = read(lines, mrz_engine)
    assert ["".join(c.char for c in line) for line in reads] == list(doc.lines)


@pytest.mark.parametrize("seed", _identity_with_lookalikes("MRVA", 2))
def test_settle_lookalikes_by_the_documents_own_glyphs(mrz_engine, ocrb_font, seed):
    """A visa's optional data holds O and 0: read wrong with full confidence, the glyphs the
    names (letters) and dates (digits) show put them right."""
    rng = random.Random(seed)
    doc = random_identity(rng, "MRVA")
    img = distort(render_page(doc, rng, px_per_mm=8.0), rng, target_pixels=1.2e6, **CLEAN)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lines = cut(gray, locate(small)[0], scale)
    reads = read(lines, mrz_engine)
    # the optional data (line 2, from column 28) with every O and 0 swapped, read "for sure"
    swap = {"O": "0", "0": "O"}
    wrong = [list(line) for line in reads]
    for col in range(28, 44):
        c = wrong[1][col]
        if c.char in swap:
            wrong[1][col] = CharRead(swap[c.char], 1.0, c.char, 0.0)
    result = parse_reads(wrong)
    assert result is not None
    settled = settle_lookalikes(result, wrong, lines)
    assert settled is not None
    assert "".join(c.char for c in settled[1]) == doc.lines[1]
    for col in range(28, 44):
        if doc.lines[1][col] in swap:
            assert settled[1][col].prob >= 0.99


def test_read_cut_lines_runs_read_settle_and_repair(mrz_engine, ocrb_font):
    gray, small, scale, doc = _page(44, "TD2")
    result = read_cut_lines(cut(gray, locate(small)[0], scale), mrz_engine)
    assert result is not None and result.valid
    assert result.lines == doc.lines


def test_repair_is_the_parser_on_what_was_read():
    """The last step, alone: characters with their probabilities and second choices."""
    td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
    # every look-alike settled by the page's glyphs but one O the recogniser doubted
    reads = [[CharRead(ch, 0.99, "", 0.0, settled=ch) for ch in line] for line in td3]
    reads[1][5] = CharRead("O", 0.6, "0", 0.4)
    result = parse_reads(reads)
    assert result is not None and result["document_number"] == "L898902C3"
    assert result.valid and result.lines == td3
    assert parse_reads([[CharRead("A", 0.9, "", 0.0)] * 10]) is None
    assert parse_mrz(td3).valid


def test_percentile_from_the_histogram_is_numpys():
    rng = np.random.default_rng(7)
    for shape in ((1, 1), (3, 5), (40, 31), (480, 640)):
        for image in (rng.integers(0, 256, shape, dtype=np.uint8), np.zeros(shape, np.uint8)):
            for q in (0, 1, 50, 75, 99, 100, 33.3):
                assert percentile_u8(image, q) == np.percentile(image, q)


def test_a_filler_read_as_a_letter_is_a_filler_no_check_digit_vouches_for(mrz_engine, ocrb_font):
    """A '<' of the optional data read as a K for sure: a check digit cannot see it ('<' and
    K weigh the same), so only the cell's likeness to the page's filler finds it. It becomes
    a filler with the confidence of a guess: the field reads right and is not verified.
    The letters and digits around it stay as read."""
    gray, small, scale, doc = _page(47, "TD3")
    lines = cut(gray, locate(small)[0], scale)
    reads = read(lines, mrz_engine)
    assert ["".join(c.char for c in line) for line in reads] == list(doc.lines)
    col = doc.lines[1].index("<", 28)  # a filler of the optional data
    assert col < 42
    wrong = [list(line) for line in reads]
    wrong[1][col] = CharRead("K", 1.0, "<", 0.0)
    result = parse_reads(wrong)
    assert result is not None and result.check_digits["personal_number"]  # blind to it
    assert result.fields["personal_number"].valid
    settled = settle_lookalikes(result, wrong, lines)
    assert settled is not None
    assert ["".join(c.char for c in line) for line in settled] == list(doc.lines)
    assert settled[1][col].prob < 0.5
    # every cell that is not the misread filler keeps its reading's confidence
    assert all(
        s.prob >= r.prob - 1e-9
        for line_s, line_r in zip(settled, wrong, strict=True)
        for k, (s, r) in enumerate(zip(line_s, line_r, strict=True))
        if (line_r is not wrong[1] or k != col) and s.char == r.char
    )
    again = parse_reads(settled)
    assert again is not None and again.lines == doc.lines
    assert not again.fields["personal_number"].valid


def test_the_pitch_stays_in_the_window_it_was_looked_for_in():
    """The pitch is the autocorrelation's best lag in a window, refined to a fraction of a
    lag only at a peak: at the window's edge the best lag may lie on a slope, and the
    parabola through it once gave a pitch below zero, which crashed the cut of a photo."""
    out = []
    for seed in range(200):
        rng = np.random.default_rng(seed)
        period, w = rng.uniform(10, 80), int(rng.uniform(300, 900))
        x = np.arange(w)
        profile = (np.sin(2 * np.pi * x / period) > rng.uniform(-0.5, 0.5)) * rng.uniform(5, 30)
        profile = (profile + 3 * rng.random(w)).astype(np.float32)
        lo, hi = rng.uniform(10, 30), rng.uniform(35, 60)
        pitch = _pitch([profile], lo, hi)
        assert pitch is not None
        out.append(int(lo) - 0.5 <= pitch <= int(hi) + 0.5)
    assert all(out)


def test_names_of_several_components_and_no_given_name_are_a_doubt():
    """The recogniser drops one '<' of the '<<' between surname and given names (repeats merge),
    and a piece's count can be made up by a filler of the padding beside it: every name then
    reads as part of the surname, surely, and nothing checks names. Such a reading is a doubt;
    a one-word surname alone, or a surname with given names, is read as it reads."""
    import datetime as dt

    from ocr_service.mrz.fields import Reading
    from ocr_service.mrz.formats import LAYOUTS
    from ocr_service.mrz.names import read_names

    def names_of(zone: str):
        layout = LAYOUTS["TD3"]
        line = ("P<UTO" + zone).ljust(44, "<")
        lines = [line, "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
        reading = Reading(
            layout, lines, [[1.0] * 44, [1.0] * 44], [[""] * 44] * 2, dt.date(2026, 12, 5), [[""] * 44] * 2
        )
        return read_names(reading)

    surname, given = names_of("TATACIA<WAZUBEREL<ANYASENIN")
    assert (surname.value, given.value) == ("TATACIA WAZUBEREL ANYASENIN", "")
    assert not surname.read_surely and not given.read_surely
    for zone, expected in (
        ("TATACIA<WAZUBEREL<<ANYASENIN", ("TATACIA WAZUBEREL", "ANYASENIN")),
        ("ERIKSSON", ("ERIKSSON", "")),
    ):
        surname, given = names_of(zone)
        assert (surname.value, given.value) == expected
        assert surname.read_surely and given.read_surely
