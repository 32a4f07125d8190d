"""The engine comparison's verdict: which variant the run says to make the default."""

from bench.bench_engines import FASTER_PAIRED, pick_best


def _variant(name, paired, kept=True, p50=1.0):
    return {"name": name, "paired_ratio_median": paired, "accuracy_kept": kept, "p50": p50}


def test_the_default_stays_when_no_variant_is_faster_by_the_margin():
    # a p50 ratio of 0.89 on a variant barely faster per receipt: the spread of two runs, not a gain
    default = _variant("default", 1.0, p50=1.18)
    near = _variant("det-step-160", 0.97, p50=1.05)
    assert pick_best([default, near])["name"] == "default"


def test_the_fastest_per_receipt_among_those_faster_by_the_margin():
    default = _variant("default", 1.0)
    a = _variant("a", FASTER_PAIRED, p50=0.7)
    b = _variant("b", 0.8, p50=0.9)  # slower p50, faster per receipt: the paired ratio decides
    assert pick_best([default, a, b])["name"] == "b"


def test_a_variant_that_loses_accuracy_or_was_not_paired_is_never_chosen():
    default = _variant("default", 1.0)
    lossy = _variant("int8", 0.6, kept=False)
    unpaired = _variant("broken", None)
    assert pick_best([default, lossy, unpaired])["name"] == "default"
    assert pick_best([]) is None
