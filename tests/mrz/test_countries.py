from __future__ import annotations

import pytest

from ocr_service.mrz.countries import ISO3_TO_ISO2, icao_to_iso2, is_known_code


@pytest.mark.parametrize(
    ("code", "iso2"),
    [
        ("FRA", "FR"),
        ("GBR", "GB"),
        ("D", "DE"),
        ("D<<", "DE"),
        ("GBD", "GB"),
        ("GBN", "GB"),
        ("GBO", "GB"),
        ("GBP", "GB"),
        ("GBS", "GB"),
        ("RKS", "XK"),
        ("UNK", "XK"),
        ("UNO", None),
        ("UNA", None),
        ("UTO", None),
        ("XXA", None),
        ("XXB", None),
        ("XXC", None),
        ("XXX", None),
        ("EUE", None),
    ],
)
def test_icao_codes(code, iso2):
    assert is_known_code(code)
    assert icao_to_iso2(code) == iso2


def test_unknown_codes():
    assert not is_known_code("QQQ")
    assert icao_to_iso2("QQQ") is None
    assert icao_to_iso2(None) is None


def test_every_iso_country_is_there():
    assert len(ISO3_TO_ISO2) == 249
    assert all(len(a2) == 2 and a2.isupper() for a2 in ISO3_TO_ISO2.values())
