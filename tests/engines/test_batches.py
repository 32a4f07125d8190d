"""Text lines recognised in batches of like width (OCR_REC_BATCHING, engines/batches.py)."""

from __future__ import annotations

import itertools
import random

import pytest

from ocr_service.engines.batches import WidthBatchedRecognizer, width_batches
from tests.receipt.render import render_receipt


def _cost(widths, batches, overhead):
    return sum(overhead + len(b) * max(widths[i] for i in b) for b in batches)


def _cheapest(widths, most, overhead):
    """Every way of cutting the sorted lines into runs, the cheapest one's cost."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    best = None
    for cuts in itertools.product((0, 1), repeat=len(order) - 1):
        batches, start = [], 0
        for k, cut in enumerate(cuts, 1):
            if cut:
                batches.append(order[start:k])
                start = k
        batches.append(order[start:])
        if all(len(b) <= most for b in batches):
            cost = _cost(widths, batches, overhead)
            best = cost if best is None else min(best, cost)
    return best


def test_the_cuts_are_the_cheapest_and_hold_every_line_once():
    rng = random.Random(7)
    for _ in range(60):
        count = rng.randint(1, 9)
        widths = [rng.choice((48, 60, 90, 150, 320, 700)) * rng.uniform(0.9, 1.1) for _ in range(count)]
        most = rng.randint(1, 5)
        batches = width_batches(widths, most, overhead=36)
        assert sorted(i for b in batches for i in b) == list(range(len(widths)))
        assert all(0 < len(b) <= most for b in batches)
        flat = [widths[i] for b in batches for i in b]
        assert flat == sorted(flat)  # narrowest first, as rapidocr sorts them
        assert _cost(widths, batches, 36) == pytest.approx(_cheapest(widths, most, 36))


def test_a_long_line_is_not_run_with_short_ones():
    widths = [60, 64, 58, 900, 62, 61]
    assert width_batches(widths, most=6, overhead=36) == [[2, 0, 5, 4, 1], [3]]
    # the fixed count would run six lines 900 px wide
    assert _cost(widths, width_batches(widths, 6, 36), 36) < 6 * 900 / 3
    # with no cost per run every line goes alone; with a large one, all together
    assert len(width_batches(widths, most=6, overhead=0)) == 6
    assert len(width_batches(widths, most=6, overhead=10_000)) == 1
    assert width_batches([], most=6) == []


def _columns(engine, image) -> tuple[int, list[str]]:
    """The padded columns the recogniser runs (lines x width, summed over its runs) while
    ``engine`` reads ``image``, and the texts read."""
    stage = engine._ocr.text_rec
    inner = stage.session
    columns = []

    def run(batch):
        columns.append(batch.shape[0] * batch.shape[3])
        return inner(batch)

    stage.session = run
    try:
        texts = [line.text for line in engine.ocr(image)]
    finally:
        stage.session = inner
    return sum(columns), texts


def test_batches_of_like_width_run_fewer_columns_and_read_the_same():
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    assert Settings().rec_batching == "width"
    image = render_receipt(
        [
            "THE CORNER CAFE AND BAKERY ON MARKET STREET",
            ("Tea", "2.10"),
            ("Cake", "3.40"),
            "Two slices of the lemon cake with cream, to take away",
            ("TOTAL", "12.50"),
            "14.03.2024",
        ],
        width=620,
    )
    engines = {
        kind: build_engine(
            Settings(runtime="onnxruntime", det_runtime="onnxruntime", cpu_threads=1, rec_batching=kind)
        )
        for kind in ("width", "count")
    }
    assert isinstance(engines["width"]._ocr.text_rec.run, WidthBatchedRecognizer)
    assert not isinstance(engines["count"]._ocr.text_rec.run, WidthBatchedRecognizer)
    by_width, width_texts = _columns(engines["width"], image)
    by_count, count_texts = _columns(engines["count"], image)
    assert by_width < 0.8 * by_count
    assert len(width_texts) >= 8 and "12.50" in width_texts
    assert sorted(width_texts) == sorted(count_texts)


def test_fixed_shapes_keep_batches_of_the_full_count():
    """OpenVINO pads every batch to the full count (``shapes``): smaller batches would cost more."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    engine = build_engine(Settings(runtime="openvino", cpu_threads=1))
    assert not isinstance(engine._ocr.text_rec.run, WidthBatchedRecognizer)


def test_the_batching_setting_names_its_choices_when_wrong():
    from pydantic import ValidationError

    from ocr_service.config import Settings

    with pytest.raises(ValidationError, match="'width' or 'count'"):
        Settings(rec_batching="size")
