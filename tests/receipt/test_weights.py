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
