"""A bounded set of model input shapes: padded in, cut back out, the same text read."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_service.engines.shapes import (
    DET_STEP,
    PaddedDetection,
    PaddedRecognition,
    batch_size,
    det_shape,
    rec_width,
)
from tests.receipt.render import render_receipt


class Recorder:
    """A stand-in model that returns the shapes a real one would and records what it was given."""

    def __init__(self, kind: str):
        self.kind = kind
        self.seen: list[tuple] = []
        self.session = "inner"

    def __call__(self, tensor):
        self.seen.append(tensor.shape)
        n, _, h, w = tensor.shape
        if self.kind == "det":
            return np.arange(n * h * w, dtype=np.float32).reshape(n, 1, h, w)
        return np.ones((n, -(-w // 8), 5), dtype=np.float32)


def test_detection_shapes_are_few_and_the_map_is_cut_back():
    shapes = {det_shape(h, w) for h in range(32, 961, 32) for w in range(32, 961, 32)}
    assert len(shapes) == (960 // DET_STEP) ** 2 == 9
    model = Recorder("det")
    padded = PaddedDetection(model)
    tensor = np.ones((1, 3, 960, 544), np.float32)
    out = padded(tensor)
    assert model.seen == [(1, 3, 960, 640)]
    assert out.shape == (1, 1, 960, 544)
    # another step, as the engine can be given one: the same input, a closer fit
    finer = PaddedDetection(Recorder("det"), step=160)
    assert finer(np.ones((1, 3, 480, 352), np.float32)).shape == (1, 1, 480, 352)
    assert finer.run.seen == [(1, 3, 480, 480)]
    assert padded(np.ones((1, 3, 480, 352), np.float32)).shape == (1, 1, 480, 352)
    assert model.seen[-1] == (1, 3, 640, 640)
    assert padded.session == "inner"  # the runtime session's attributes read through
    padded.session = "replaced"
    assert model.session == "replaced"  # and written through (the engine swaps sessions)


def test_recognition_widths_and_batches_are_few_and_the_rows_are_cut_back():
    assert {rec_width(w) for w in range(320, 3201)} == {320, 480, 640, 800, 960, 1280, 1600, 1920, 2560, 3200}
    assert rec_width(3300) == 3840
    assert [batch_size(n, 6) for n in range(1, 9)] == [6, 6, 6, 6, 6, 6, 12, 12]
    model = Recorder("rec")
    padded = PaddedRecognition(model, batch=6)
    out = padded(np.ones((3, 3, 48, 331), np.float32))
    assert model.seen == [(3, 3, 48, 480)]  # a short batch of narrow lines: three rows
    assert out.shape == (3, 42, 5)  # 331 / 8 time steps, rounded up, as the model gives for 331


class SharedBuffer:
    """A stand-in model that hands back its one output buffer, overwritten by the next run (as
    an OpenVINO infer request does): each row holds its input row's first pixel."""

    def __init__(self):
        self.buffer = None
        self.seen: list[tuple] = []

    def __call__(self, tensor):
        self.seen.append(tensor.shape)
        n, _, _, w = tensor.shape
        if self.buffer is None or self.buffer.shape[:2] != (n, -(-w // 8)):
            self.buffer = np.empty((n, -(-w // 8), 5), dtype=np.float32)
        self.buffer[...] = tensor[:, 0, 0, 0][:, None, None]
        return self.buffer


def test_wide_lines_run_a_few_at_a_time_each_row_its_own():
    # six lines 3000 px wide: a run of six at 3200 px held 100 MB more in OpenVINO bfloat16; two
    # at a time, and every row of the answer is its own line's, whatever the runtime reuses
    model = SharedBuffer()
    padded = PaddedRecognition(model, batch=6)
    tensor = np.ones((6, 3, 48, 3000), np.float32) * np.arange(6, dtype=np.float32)[:, None, None, None]
    out = padded(tensor)
    assert model.seen == [(2, 3, 48, 3200)] * 3
    assert out.shape == (6, 375, 5)
    assert [float(row[0, 0]) for row in out] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    # lines up to 1280 px: six at a time, as before
    narrow = SharedBuffer()
    PaddedRecognition(narrow, batch=6)(np.ones((6, 3, 48, 1200), np.float32))
    assert narrow.seen == [(6, 3, 48, 1280)]


@pytest.fixture(scope="module")
def ort_pair():
    """The default engine on ONNX Runtime with and without fixed shapes."""
    from ocr_service.engines.onnx import OnnxOcrEngine

    return OnnxOcrEngine(fixed_shapes=False), OnnxOcrEngine(fixed_shapes=True)


def test_fixed_shapes_read_the_same_lines(ort_pair):
    image = render_receipt(
        ["CORNER CAFE", "12 Market Street", ("Latte", "3.80"), ("Croissant", "2.40"), ("TOTAL EUR", "12,50")],
        width=452,
    )
    # the same lines (the order of two on one row may swap on a pixel of difference)
    a, b = (sorted(engine.ocr(image), key=lambda ln: (ln.text, ln.x0)) for engine in ort_pair)
    assert len(a) >= 5
    assert [line.text for line in a] == [line.text for line in b]
    for x, y in zip(a, b, strict=True):
        assert np.allclose(x.bbox, y.bbox, atol=6.0)  # a few pixels at the padded border
        assert abs(x.confidence - y.confidence) < 0.02
    crop = np.ascontiguousarray(image[8:56, :350])
    steps_a, steps_b = (engine.class_probabilities([crop]).steps[0] for engine in ort_pair)
    assert steps_a.shape == steps_b.shape
    assert np.array_equal(steps_a.argmax(axis=-1), steps_b.argmax(axis=-1))


def test_openvino_is_given_the_padded_shapes_only():
    """OCR_RUNTIME=openvino pads by itself: every page size maps to a multiple of DET_STEP."""
    from ocr_service.engines.onnx import OnnxOcrEngine

    engine = OnnxOcrEngine(runtime="openvino", cpu_threads=1)
    seen: list[tuple] = []
    det, rec = engine._ocr.text_det.session, engine._ocr.text_rec.session
    for stage in (det, rec):
        run = stage.run
        stage.run = lambda tensor, run=run: (seen.append(tensor.shape), run(tensor))[1]
    for width in (300, 452, 610):
        lines = engine.ocr(render_receipt(["CORNER CAFE", ("TOTAL", "12.50")], width=width))
        assert "12.50" in " ".join(line.text for line in lines)
    det_shapes = {shape[2:] for shape in seen if shape[1:2] == (3,) and shape[2] != 48}
    rec_shapes = {shape for shape in seen if shape[2] == 48}
    assert det_shapes and all(h % DET_STEP == 0 and w % DET_STEP == 0 for h, w in det_shapes)
    # a short batch of lines this narrow: one or three rows (``shapes.run_rows``)
    rec_shapes_ok = all(
        n in (1, 3, engine.rec_batch_num) and w in (320, 480, 640) for n, _, _, w in rec_shapes
    )
    assert rec_shapes and rec_shapes_ok
