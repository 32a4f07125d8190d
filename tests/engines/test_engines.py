"""The engine interface: what the rest of the service may ask of an engine, and the download guard."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_service.engines import ClassProbabilities, Engine
from ocr_service.engines.models import bundled_onnx_models
from tests.receipt.render import render_receipt


def test_the_default_engine_has_the_interface(engine):
    assert isinstance(engine, Engine)
    image = render_receipt(["CORNER CAFE", ("TOTAL", "12.50")], width=360)
    lines = engine.ocr(image)
    texts = " ".join(line.text for line in lines).upper()
    assert "CORNER CAFE" in texts  # this recogniser keeps the spaces between words
    assert "12.50" in texts
    assert all(len(line.bbox) == 4 and 0.0 <= line.confidence <= 1.0 for line in lines)
    assert [line.cy for line in lines] == sorted(line.cy for line in lines)
    description = engine.describe()
    assert description["runtime"].startswith("onnxruntime")
    assert description["models"]["rec"] == "PP-OCRv6_rec_small"


def test_class_probabilities_per_crop(engine):
    image = render_receipt(["CORNER CAFE 12.50"], width=360)
    crop = np.ascontiguousarray(image[10:58, :320])
    wide = np.full((48, 400, 3), 255, np.uint8)
    answer = engine.class_probabilities([crop, crop, wide])
    assert isinstance(answer, ClassProbabilities)
    assert answer.classes[0] == "blank" and len(answer.classes) > 1000
    assert len(answer.steps) == 3
    for steps in answer.steps:
        assert steps.ndim == 2 and steps.shape[1] == len(answer.classes)
        assert np.allclose(steps.sum(axis=-1), 1.0, atol=1e-3)
    # crops of another width go through on their own: more time steps, same classes
    assert answer.steps[2].shape[0] > answer.steps[0].shape[0]
    assert np.array_equal(answer.steps[0], answer.steps[1])
    assert engine.class_probabilities([]).steps == []


def test_a_recognition_model_without_its_dictionary_is_refused():
    """rapidocr would download a dictionary for it: the engine refuses it when it loads."""
    from ocr_service.engines.onnx import OnnxOcrEngine

    models = bundled_onnx_models()
    with pytest.raises(RuntimeError, match="dictionary"):
        OnnxOcrEngine(rec_model_path=models["det"])


def test_a_missing_model_file_is_refused(tmp_path):
    from ocr_service.engines.onnx import OnnxOcrEngine

    with pytest.raises(RuntimeError, match="no detection model file"):
        OnnxOcrEngine(det_model_path=tmp_path / "missing.onnx")


def test_an_empty_paddle_model_folder_is_refused(tmp_path):
    """PaddleOCR would download into it: the engine refuses it before PaddleOCR is built."""
    from ocr_service.engines.paddle import PaddleOcrEngine

    with pytest.raises(RuntimeError, match="no Paddle inference model"):
        PaddleOcrEngine(det_model_dir=tmp_path)


def test_the_paddle_downloader_is_replaced_by_a_refusal(tmp_path):
    from ocr_service.engines.models import refuse_download

    with pytest.raises(RuntimeError, match="downloads are disabled"):
        refuse_download(str(tmp_path), "https://example.invalid/model.tar")
