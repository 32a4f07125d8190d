"""The receipt scoring's weights: one table, each weight with the reason it exists."""

from ocr_service.receipt.weights import WEIGHTS, Weight


def test_every_weight_says_why():
    assert len(WEIGHTS) == len(WEIGHTS._fields) >= 20
    for name, weight in zip(WEIGHTS._fields, WEIGHTS, strict=True):
        assert isinstance(weight, Weight), name
        assert len(weight.why.split()) >= 4, name


def test_weights_are_plain_numbers_in_arithmetic():
    assert WEIGHTS.grand_label > WEIGHTS.total_label > 0
    assert WEIGHTS.label_above < 0 and WEIGHTS.table_row < 0
    assert type(1.0 + WEIGHTS.repeated) is float


def test_the_vendor_fit_searches_every_weight_of_the_vendors_line_scoring():
    from bench.fit_weights import FITTED, _tries

    vendor = {n for n in WEIGHTS._fields if n.startswith("vendor_") and "strength" not in n}
    assert set(FITTED) == vendor  # a weight added to the scoring is searched too
    assert 0.0 in _tries(-3.0) and -3.0 not in _tries(-3.0) and -1.5 in _tries(-3.0)
