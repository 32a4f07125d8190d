"""What check digits cannot see: look-alike swaps a check digit passes are never vouched for.

The reader's output is stood in for at the parser's door: per character the text read,
a confidence, and what the document's own glyphs settled the cell as.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr_service.mrz import LAYOUTS, check_digit, parse_mrz
from ocr_service.mrz.blind import DIGIT_WEIGHT, VISUAL_LOOKALIKES, blind_swap, own_weights
from ocr_service.mrz.repair import check_holds
from tests.mrz.synth import random_identity

TODAY = dt.date(2026, 1, 15)
SURE = 0.999


def td3(number: str) -> list[str]:
    """A TD3 MRZ around a document number; the names hold no G and no O."""
    line1 = "P<UTOERIKSSEN<<ANNA<MARIA" + "<" * 19
    head = number + check_digit(number) + "UTO7408122F300415" + check_digit("300415")
    opt = "<" * 14
    body = head + opt + "0"
    return [line1, body + check_digit(body[0:10] + body[13:20] + body[21:43])]


def read_as(lines: list[str], read: list[str], settled_as: list[str] | None = None):
    """Parse ``read`` as the reader would hand it over: every character sure, each cell
    settled as what ``settled_as`` says (the truth by default) wherever it agrees with the
    reading, and nowhere else."""
    settled_as = settled_as or lines
    settled = [
        [t if t == r else "" for t, r in zip(tl, rl, strict=True)]
        for tl, rl in zip(settled_as, read, strict=True)
    ]
    return parse_mrz(
        read,
        char_confidences=[[SURE] * len(x) for x in read],
        char_settled=settled,
        today=TODAY,
    )


def test_g_read_as_6_in_a_document_number_is_not_vouched_for():
    # G (16) and 6 differ by 10: no check digit can see the swap, in any position
    truth = td3("H2VRT7G7V")
    read = [truth[0], truth[1].replace("H2VRT7G7V", "H2VRT767V")]
    assert check_holds("H2VRT767V", check_digit("H2VRT7G7V"))
    r = read_as(truth, read)
    assert r.fields["document_number"].value == "H2VRT767V"
    assert all(r.check_digits.values())
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_two_zeros_read_as_o_at_weights_7_and_3_are_not_vouched_for():
    # 7*24 + 3*24 = 240: the check digit and the composite both hold
    truth = td3("003759571")
    read = [truth[0], truth[1].replace("003759571", "OO3759571")]
    r = read_as(truth, read)
    assert r.fields["document_number"].value == "OO3759571"
    assert all(r.check_digits.values())
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_the_same_characters_settled_by_the_glyphs_are_vouched_for():
    for number in ("H2VRT767V", "OO3759571", "003759571", "H2VRT7G7V"):
        lines = td3(number)
        r = read_as(lines, lines)
        assert r.valid, number
        assert r.fields["document_number"].value == number


def test_one_unsettled_zero_is_seen_by_the_check_digit():
    # 0 -> O alone changes the sum by 24 times a weight of 7, 3 or 1: the check digit sees it
    lines = td3("L898902C3")
    r = read_as(lines, lines, settled_as=[lines[0], lines[1].replace("L898902C3", "L8989<2C3")])
    assert r.valid


def test_text_read_by_ocr_without_glyphs_vouches_for_no_look_alike_it_cannot_see():
    lines = td3("H2VRT7G7V")
    assert parse_mrz(lines, today=TODAY).valid  # given as it stands
    r = parse_mrz(lines, line_confidences=[0.99, 0.99], today=TODAY)
    assert not r.fields["document_number"].valid
    assert not r.valid


@pytest.mark.parametrize(
    ("text", "unsettled", "blind"),
    [
        ("H2VRT7G7V", "000000100", True),
        ("H2VRT7G7V", "000000000", False),
        ("003759571", "110000000", True),
        ("003759571", "100000000", False),
        ("003759571", "101000000", False),  # weights 7 and 1: 28 + 4 is no multiple of 10
        ("L898902C3", "011111111", True),
    ],
)
def test_blind_swap(text, unsettled, blind):
    assert blind_swap(text, [u == "1" for u in unsettled], [own_weights(len(text))]) is blind


# -- the property: every swap a check digit cannot see, on every generated document ----------


def covered_mixed_cells(fmt: str) -> list[tuple[str, int, int]]:
    """(field, line, column) of each character of letters and digits a check digit covers."""
    layout = LAYOUTS[fmt]
    zones = ["document_number"]
    if layout.optional_check is not None:
        zones += list(layout.optional_zones)
    out = []
    for zone in zones:
        li, a, b = layout.zones[zone]
        out += [
            ("document_number" if zone == "document_number" else "personal_number", li, col)
            for col in range(a, b)
        ]
    return out


def swapped(lines: list[str], swaps: list[tuple[int, int, str]]) -> list[str]:
    out = [list(x) for x in lines]
    for li, col, ch in swaps:
        out[li][col] = ch
    return ["".join(x) for x in out]


def undetected(doc_lines: list[str], read: list[str]) -> bool:
    """The reading passes every check digit it has (parsed as text that stands as given)."""
    return all(parse_mrz(read, today=TODAY).check_digits.values())


def swaps_of(doc, cells, rng: random.Random, pairs: int):
    """Every single look-alike swap, and a sample of pairs, among the covered cells."""
    singles = [
        (field, li, col, alt)
        for field, li, col in cells
        for alt in VISUAL_LOOKALIKES.get(doc.lines[li][col], "")
    ]
    yield from ([s] for s in singles)
    combos = list(itertools.combinations(singles, 2))
    rng.shuffle(combos)
    yield from (list(c) for c in combos[:pairs] if (c[0][1], c[0][2]) != (c[1][1], c[1][2]))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(["TD1", "TD2", "TD3"]))
def test_every_undetectable_swap_nothing_settled_turns_valid_off(seed, fmt):
    rng = random.Random(seed)
    doc = random_identity(rng, fmt, today=TODAY)
    for swaps in swaps_of(doc, covered_mixed_cells(fmt), rng, pairs=40):
        read = swapped(doc.lines, [(li, col, ch) for _f, li, col, ch in swaps])
        if not undetected(doc.lines, read):
            continue
        r = read_as(doc.lines, read)
        for field in {s[0] for s in swaps}:
            assert not r.fields[field].valid, (field, read)
        assert not r.valid, read


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(["TD1", "TD2", "TD3"]))
def test_a_swap_nothing_settled_is_never_valid_with_a_wrong_value(seed, fmt):
    rng = random.Random(seed)
    doc = random_identity(rng, fmt, today=TODAY)
    for swaps in swaps_of(doc, covered_mixed_cells(fmt), rng, pairs=40):
        r = read_as(doc.lines, swapped(doc.lines, [(li, col, ch) for _f, li, col, ch in swaps]))
        wrong = {k for k, v in doc.truth.items() if k != "mrz_format" and r.fields[k].value != v}
        assert not any(r.fields[k].valid for k in wrong), wrong
        if wrong:
            assert not r.valid


@pytest.mark.parametrize(
    ("seconds", "blind"),
    [
        # one second choice of another weight: the check digit sees it
        ({1: "9"}, False),
        # L and 1 weigh the same: a lone second choice the check digit cannot see
        ({0: "1"}, True),
        # 8 -> 9 at weight 3 (+3) and 9 -> 6 at weight 1 (-3): together they cancel out
        ({1: "9", 2: "6"}, True),
        ({1: "9", 3: "6"}, False),  # weight 7: -21 does not cancel +3
        # a character and the check digit itself (weight -1): 8 -> 9 (+3) with 6 -> 9 (+3)
        ({1: "9", 9: "9"}, True),
        ({9: "9"}, False),  # the check digit alone: no swap in the field
    ],
)
def test_second_choices_are_swaps_too(seconds, blind):
    text = "L898902C3" + "6"  # the document number of Doc 9303's specimen, its check digit 6
    weights = [[*own_weights(9), DIGIT_WEIGHT]]
    counted = [True] * 9 + [False]
    given = [seconds.get(i, "") for i in range(len(text))]
    assert blind_swap(text, [False] * len(text), weights, counted, given) is blind
