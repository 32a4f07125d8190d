from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ocr_service.config import Settings
from ocr_service.main import create_app


def make_client(ocr_workers, **overrides) -> TestClient:
    settings = Settings(**{"rate_limit_per_minute": 0, **overrides})
    return TestClient(create_app(settings, workers=ocr_workers))


@pytest.fixture(scope="session")
def client(ocr_workers):
    with make_client(ocr_workers) as test_client:
        yield test_client
