"""One OCR engine for the receipt tests: the session's shared engine when the root conftest
provides one, so the models load once per test run."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def receipt_engine(engine):
    """The real default engine (bundled models), loaded once and warm."""
    return engine
