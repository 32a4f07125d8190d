"""A second look at the ink no line covers: a tax table printed in a condensed font at the
foot of a tall receipt, which the detector (seeing the page at under half its size) misses,
is read row by row; faint print showing through from the back and barcodes are left alone."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr_service.config import Settings
from ocr_service.engines import Line
from ocr_service.imaging import Limits
from ocr_service.pipeline import process_document
from ocr_service.receipt import extract_receipt_fields
from ocr_service.second_look import (
    READ_WIDTH,
    RUN_ROWS,
    WIDEST,
    Block,
    _bands,
    decode,
    read_in_few_shapes,
    second_look,
    unread_blocks,
)
from tests import fixtures
from tests.receipt.render import _font, render_receipt

TABLE = [
    (24, ["Steuer %", "B= 7,0%", "Gesamt"]),
    (200, ["Netto", "14,79", "14,79"]),
    (320, ["Steuer", "1,04", "1,04"]),
    (440, ["Brutto", "15,83", "15,83"]),
]


def _condensed(texts: list[str], size: int = 26) -> np.ndarray:
    """Rows of text squeezed to half their height, printed line under line with no paper
    between them (a till's condensed font)."""
    font = _font(size)
    step = int(size * 1.25)
    width = int(max(font.getlength(t) for t in texts)) + 4
    img = Image.new("RGB", (width, step * len(texts)), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(texts):
        draw.text((2, i * step), text, fill="black", font=font)
    rgb = np.asarray(img)[:, :, ::-1]
    return cv2.resize(rgb, (rgb.shape[1], rgb.shape[0] // 2), interpolation=cv2.INTER_AREA)


def _tall_receipt() -> tuple[np.ndarray, int]:
    """A receipt 2600 px tall with its tax table condensed at the foot; and the table's top."""
    rows = ["MARKT 24", "Hauptstrasse 5", "04109 Leipzig", ""]
    rows += [(f"Artikel {i}", f"{i},99 B") for i in range(1, 70)]
    rows += [("SUMME EUR", "15,83"), "", "", "", "", "", "Vielen Dank"]
    page = render_receipt(rows, width=560, size=20).copy()
    top = page.shape[0] - 6 * 32
    for x, texts in TABLE:
        block = _condensed(texts)
        page[top : top + block.shape[0], x : x + block.shape[1]] = block
    return page, top


def _in_table(lines: list[Line], top: int) -> list[str]:
    return [line.text for line in lines if top - 5 <= line.cy <= top + 60]


@pytest.fixture(scope="module")
def float32_engine():
    """Every model on OpenVINO in float32: the same readings on every CPU (the default computes in
    bfloat16 where the CPU has it, and AMX and AVX-512 BF16 round differently)."""
    from ocr_service.runtime import build_engine, warm_up

    loaded = build_engine(Settings(runtime="openvino"))
    warm_up(loaded)
    return loaded


@pytest.mark.parametrize("which", ["engine", "float32_engine"])
def test_a_condensed_tax_table_the_detector_misses_is_read_row_by_row(which, request):
    engine = request.getfixturevalue(which)
    page, top = _tall_receipt()
    first = engine.ocr(page)
    # what the second look is for: the detector offers none of the table's figures
    assert not {"14,79", "1,04", "15,83"} & set(_in_table(first, top))
    assert extract_receipt_fields(first, page_height=page.shape[0])["tax"]["value"] is None

    lines = second_look(page, first, engine)
    read = _in_table(lines, top)
    assert read.count("1,04") == 2 and read.count("15,83") == 2
    assert {"Brutto", "B= 7,0%"} <= set(read)
    if which == "float32_engine":
        # every cell (in bfloat16 on an AMX CPU the net's column, its heading and both amounts, is
        # one box read "N4t7": the net then comes from the total and the tax, below)
        assert read.count("14,79") == 2 and "Netto" in read
    # in reading order: the table's rows before the thanks printed under it
    texts = [line.text for line in lines]
    assert max(i for i, t in enumerate(texts) if t == "15,83") < texts.index("Vielen Dank")
    for line in [ln for ln in lines if ln not in first]:
        x0, y0, x1, y1 = line.bbox
        assert top - 2 <= y0 < y1 <= top + 50 and 0 <= x0 < x1 <= page.shape[1]
    fields = extract_receipt_fields(lines, page_height=page.shape[0])
    assert fields["tax"]["value"] == "1.04" and fields["net"]["value"] == "14.79"
    assert fields["total"]["value"] == "15.83"


def _limits(**settings) -> Limits:
    return Limits.from_settings(Settings(**settings))


def test_the_service_reads_the_condensed_table_of_an_uploaded_scan(engine):
    page, _top = _tall_receipt()
    data = fixtures.encode(Image.fromarray(page[:, :, ::-1]), "PNG")
    # the default (missing): the first look finds the total, not the tax, so the page gets a second
    for doc_type in ("receipt", "auto"):
        result = process_document(data, doc_type, engine, _limits())
        assert result.doc_type == "receipt"
        assert result.fields.tax.value == "1.04" and result.fields.total.value == "15.83"
        assert [(t.rate, t.base, t.amount) for t in result.fields.tax_lines] == [("7", "14.79", "1.04")]
        assert "second_look" in result.timings_ms
        assert "1,04" in result.text
    assert process_document(data, "receipt", engine, _limits(second_look="always")).fields.tax.value == "1.04"
    # OCR_SECOND_LOOK=off: the first look's lines only
    first_only = process_document(data, "receipt", engine, _limits(second_look="off"))
    assert first_only.fields.tax.value is None and first_only.fields.tax_lines == []
    assert "second_look" not in first_only.timings_ms and "1,04" not in first_only.text
    # text mode has no fields to miss: no second look unless always
    assert "1,04" not in process_document(data, "text", engine, _limits()).text


def test_a_receipt_whose_total_and_tax_were_found_gets_no_second_look(engine, monkeypatch):
    page = render_receipt(
        ["CAFE LUNA", "", ("Latte", "3.50"), ("Muffin", "2.80"), ("MwSt 19%", "1.01"), ("TOTAL", "6.30")]
    )
    data = fixtures.encode(Image.fromarray(page[:, :, ::-1]), "PNG")
    looked = []
    monkeypatch.setattr("ocr_service.pipeline.second_look", lambda *a: looked.append(1) or a[1])
    result = process_document(data, "receipt", engine, _limits())
    assert result.fields.total.value == "6.30" and result.fields.tax.value == "1.01"
    assert looked == [] and "second_look" not in result.timings_ms
    process_document(data, "receipt", engine, _limits(second_look="always"))
    assert looked == [1]


def test_second_look_setting_reads_true_and_false_and_refuses_the_unknown():
    assert Settings(second_look=True).second_look == "always"
    assert Settings(second_look="False").second_look == "off"
    assert Settings(second_look=" Missing ").second_look == "missing"
    assert Settings().second_look == "missing"
    with pytest.raises(ValueError, match="second_look"):
        Settings(second_look="sometimes")
    # limits built by hand, as tests and benchmarks build them, are held to the same values
    with pytest.raises(ValueError, match="second_look"):
        dataclasses.replace(_limits(), second_look="sometimes")


def test_a_page_read_whole_gets_nothing_more(engine):
    page = render_receipt(["CAFE LUNA", "", ("Latte", "3.50"), ("Muffin", "2.80"), ("TOTAL", "6.30")])
    first = engine.ocr(page)
    assert second_look(page, first, engine) is first


def _page_with(lines_text, extra) -> tuple[np.ndarray, list[Line]]:
    """A white page with dark text lines (and their boxes as lines already read), and ``extra``
    drawn on it unread."""
    img = Image.new("RGB", (600, 700), "white")
    draw = ImageDraw.Draw(img)
    font = _font(22)
    lines = []
    for i, text in enumerate(lines_text):
        y = 30 + i * 36
        draw.text((30, y), text, fill="black", font=font)
        w = font.getlength(text)
        lines.append(Line(text, 0.99, [26, y - 4, 34 + w, y + 30]))
    extra(draw)
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), lines


def test_unread_dark_print_is_a_block_faint_print_and_barcodes_are_not():
    def dark(draw):
        draw.text((300, 400), "12,50 A", fill="black", font=_font(22))

    page, lines = _page_with([f"Item {i}   9,99" for i in range(6)], dark)
    blocks = unread_blocks(page, lines)
    assert len(blocks) == 1
    b = blocks[0]
    assert 290 <= b.x <= 305 and 395 <= b.y <= 410 and b.w >= 70 and b.h <= 30

    def faint_and_bars(draw):
        # the other side's print showing through, and a barcode
        draw.text((300, 400), "12,50 A", fill=(215, 215, 215), font=_font(22))
        for i in range(40):
            if i % 3:
                draw.rectangle([100 + i * 8, 500, 103 + i * 8 + (i % 2) * 2, 550], fill="black")

    page, lines = _page_with([f"Item {i}   9,99" for i in range(6)], faint_and_bars)
    assert unread_blocks(page, lines) == []


def test_greedy_decoding_drops_blanks_and_repeats():
    classes = ("<blank>", "1", ",", "0", " ")
    # 1 1 _ , 0 _ 0  ->  "1,00"
    picks = [1, 1, 0, 2, 3, 0, 3]
    steps = np.full((len(picks), len(classes)), 0.01, np.float32)
    for t, c in enumerate(picks):
        steps[t, c] = 0.9
    text, sure = decode(steps, classes)
    assert text == "1,00" and abs(sure - 0.9) < 1e-6
    assert decode(np.eye(len(classes), dtype=np.float32)[[0, 0]], classes) == ("", 0.0)


def test_what_a_page_can_cost_is_bounded():
    # a hostile page: a dozen blocks of tiny print 1000 px wide, one under the other
    blocks = [Block(10, 100 + 60 * i, 1000, 50, 10_000 - i) for i in range(12)]
    bands = _bands(blocks, line_height=40.0)
    widths = [b.w * 48 / (bottom - top) for b, _n, top, bottom in bands]
    assert {b for b, *_ in bands} == set(blocks[:3]), "the blocks with the most ink, while the budget lasts"
    assert sum(widths) <= READ_WIDTH * 1.01 and max(widths) <= WIDEST * 1.05
    # receipt-sized blocks are read whole: every cut of each
    small = [Block(10, 100 + 60 * i, 120, 50, 500) for i in range(8)]
    assert {b for b, *_ in _bands(small, line_height=40.0)} == set(small)


class Shapes:
    """The engine, recording the shape of every batch it is given to read."""

    def __init__(self, engine):
        self._engine = engine
        self.seen: list[tuple[int, int]] = []

    def class_probabilities(self, crops):
        self.seen.append((len(crops), crops[0].shape[1]))
        return self._engine.class_probabilities(crops)


def _word(text: str) -> np.ndarray:
    page = render_receipt([text], width=40 + 13 * len(text), size=26)
    return cv2.resize(page, (round(page.shape[1] * 48 / page.shape[0]), 48))


def test_crops_are_read_in_a_few_shapes_each_its_own_text(engine):
    # a PDF's text-layer check reads two to a dozen short crops: two are read one by one (not
    # as six, nor as three with a blank row), seven run as six and one, and each crop reads as
    # it does alone
    words = ["SUMME", "12,40", "14.03.2024", "TOTAL", "EUR", "MwSt", "7 %"]
    crops = [_word(w) for w in words]
    alone = [read_in_few_shapes(engine, [crop])[0][0] for crop in crops]
    assert sum(a.replace(" ", "") == w.replace(" ", "") for a, w in zip(alone, words, strict=True)) >= 5
    spy = Shapes(engine)
    assert [t for t, _ in read_in_few_shapes(spy, crops[:2])] == alone[:2]
    assert spy.seen == [(1, 320), (1, 320)]
    spy.seen.clear()
    assert [t for t, _ in read_in_few_shapes(spy, crops)] == alone
    assert sorted(spy.seen) == [(1, 320), (6, 320)]
    assert {n for n, _ in spy.seen} <= set(RUN_ROWS)
