"""One OCR engine for the receipt tests: the session's shared engine when the root conftest
provides one, so the models load once per test run; and a fixed day to read dates against."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr_service.receipt import dates, sale_date

# the latest date a receipt can bear (``latest_possible``) in the tests that ask for ``today``
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def today(monkeypatch):
    """No receipt dated after ``TODAY``, whatever the clock says."""
    monkeypatch.setattr(sale_date, "latest_possible", lambda: TODAY)
    monkeypatch.setattr(dates, "latest_possible", lambda: TODAY)


@pytest.fixture(scope="session")
def receipt_engine(engine):
    """The real default engine (bundled models), loaded once and warm."""
    return engine
