"""The extractor's caches of what it works out from a name's words (their keys, the edits between
two, a known brand one letter away) are bounded: a service that reads receipts for months does
not grow with the names it has seen, and a cached answer is the answer."""

from __future__ import annotations

import pytest

from ocr_service.receipt import brands, names


@pytest.mark.parametrize("cached", [names._key, names._edits, brands.near_brand])
def test_a_cache_of_name_work_is_bounded(cached):
    assert cached.cache_info().maxsize is not None and cached.cache_info().maxsize <= 1 << 14
    for i in range(cached.cache_info().maxsize + 100):
        text = f"SHOP {i} GMBH"
        cached(text, "SHOP 1 GMBH") if cached is names._edits else cached(text)
    assert cached.cache_info().currsize <= cached.cache_info().maxsize


def test_cached_answers_are_the_answers():
    assert names._key("Café Müller") == names._key("Café Müller") == "CAFEMULLER"
    assert names._key("Straße") == "STRASSE"
    assert names._edits("SDN", "SDM") == names._edits("SDN", "SDM") == 1
    assert brands.near_brand("Pret A Manget") == brands.near_brand("Pret A Manget") == "Pret A Manger"
