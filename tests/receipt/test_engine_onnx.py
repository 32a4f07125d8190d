"""The optional ONNX engine (PP-OCRv6 from the rapidocr wheel) has the engine interface."""

import pytest

from .render import render_receipt

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def onnx_engine():
    from ocr_service.engine_onnx import OnnxOcrEngine

    return OnnxOcrEngine(det_limit_side_len=960)


def test_same_interface_as_the_paddle_engine(onnx_engine):
    image = render_receipt(["CORNER CAFE", ("TOTAL", "12.50")], width=360)
    lines = onnx_engine.ocr(image)
    texts = " ".join(line.text for line in lines).upper()
    assert "CORNER CAFE" in texts  # this recogniser keeps the spaces between words
    assert "12.50" in texts
    assert all(len(line.bbox) == 4 and 0.0 <= line.confidence <= 1.0 for line in lines)
    assert onnx_engine.detect(image)
    ((text, score),) = onnx_engine.recognize([image[20:60, :]])
    assert "CORNER" in text.upper() and score > 0.5
    description = onnx_engine.describe()
    assert description["runtime"].startswith("onnxruntime")
    assert description["models"]["rec"] == "PP-OCRv6_rec_small"
