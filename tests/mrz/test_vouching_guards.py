"""What keeps an MRZ field from being vouched for: each guard, seen from the result a user gets.

A check digit of fillers, a character read with little confidence, a repair its check digit
confirms over doubtful characters, a check digit failing elsewhere, a field out of its form,
the edges of a date's century: every one of them must leave the field (and the document)
unverified, or the date where Doc 9303 puts it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ocr_service.mrz import check_digit, parse_mrz
from ocr_service.mrz.fields import parse_yymmdd

TODAY = dt.date(2026, 1, 15)
SURE = 0.99
NAMES_TD3 = "P<UTOERIKSSON<<ANNA<MARIA" + "<" * 19


def td3_body(
    number: str = "L898902C3",
    birth: str = "740812",
    expiry: str = "120415",
    personal: str = "ZE184226B<<<<<",
    sex: str = "F",
    cds: dict[str, str] | None = None,
) -> str:
    """A TD3 second line whose check digits all hold, but for those ``cds`` sets (by zone:
    number, birth, expiry, personal); the composite is worked out over what it covers."""
    cds = cds or {}
    digit = {
        "number": cds.get("number", check_digit(number)),
        "birth": cds.get("birth", check_digit(birth)),
        "expiry": cds.get("expiry", check_digit(expiry)),
        "personal": cds.get("personal", check_digit(personal)),
    }
    body = number + digit["number"] + "UTO" + birth + digit["birth"] + sex + expiry + digit["expiry"]
    body += personal + digit["personal"]
    return body + check_digit(body[0:10] + body[13:20] + body[21:43])


def read_surely(lines: list[str], doubts: dict[tuple[int, int], float] | None = None, alts=None):
    """Parse ``lines`` as the reader hands them over: every character read at SURE and settled
    by the glyphs as read, but the cells of ``doubts`` (line, column) read at their confidence."""
    probs = [[SURE] * len(x) for x in lines]
    for (li, col), p in (doubts or {}).items():
        probs[li][col] = p
    return parse_mrz(
        lines,
        char_confidences=probs,
        char_alternatives=alts,
        char_settled=[list(x) for x in lines],
        today=TODAY,
    )


def test_the_clean_reading_is_verified():
    """The baseline every test below departs from by one thing."""
    r = read_surely([NAMES_TD3, td3_body()])
    assert r.valid and r.verified
    assert all(f.valid for f in r.fields.values())
    assert r.confidence >= 0.8


# -- a filler check digit vouches for fillers only (repair.check_holds) -------------------


def test_a_personal_number_with_a_filler_check_digit_is_not_verified():
    # '<' as check digit stands for an empty personal number only; ZE184226B is not empty
    r = read_surely([NAMES_TD3, td3_body(cds={"personal": "<"})])
    assert r["personal_number"] == "ZE184226B"
    assert r.check_digits["personal_number"] is False
    assert not r.fields["personal_number"].valid
    assert not r.valid


def test_a_document_number_whose_check_digit_was_lost_is_not_verified():
    r = read_surely([NAMES_TD3, td3_body(cds={"number": "<"})])
    assert r.check_digits["document_number"] is False
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_an_empty_personal_number_with_a_filler_check_digit_is_valid():
    r = read_surely([NAMES_TD3, td3_body(personal="<" * 14, cds={"personal": "<"})])
    assert r.check_digits["personal_number"] is True
    assert r.valid


# -- characters read with little confidence (fields.Reading.read_with) -------------------

# (line, column) of one character of each field in a TD3
CELLS = {
    "document_type": (0, 0),
    "issuing_country": (0, 3),
    "birth_date": (1, 15),
    "sex": (1, 20),
    "personal_number": (1, 30),
}


@pytest.mark.parametrize("name", list(CELLS))
def test_a_field_holding_a_character_read_at_0_3_is_not_verified(name):
    r = read_surely([NAMES_TD3, td3_body()], {CELLS[name]: 0.3})
    assert all(r.check_digits.values())
    assert not r.fields[name].valid
    assert not r.verified
    assert r.confidence <= 0.5


def test_a_date_whose_check_digit_was_read_at_0_3_is_not_verified():
    # the digits themselves sure: the check digit's own doubt counts
    r = read_surely([NAMES_TD3, td3_body()], {(1, 19): 0.3})
    assert r.check_digits["birth_date"]
    assert not r.fields["birth_date"].valid
    assert not r.valid


def test_a_personal_number_whose_check_digit_was_read_at_0_3_is_not_verified():
    r = read_surely([NAMES_TD3, td3_body()], {(1, 42): 0.3})
    assert r.check_digits["personal_number"]
    assert not r.fields["personal_number"].valid
    assert not r.valid


def test_a_personal_number_read_at_0_6_is_verified_by_its_own_check_digit():
    # its own check digit holds: it needs a checked field's confidence (0.5), not 0.75
    r = read_surely([NAMES_TD3, td3_body()], {(1, 30): 0.6})
    assert r.fields["personal_number"].valid
    assert r.valid


def _td2(optional: str) -> list[str]:
    line1 = "I<UTOERIKSSON<<ANNA<MARIA" + "<" * 11
    body = "D23145890" + "7" + "UTO" + "740812" + "2" + "F" + "120415" + "9" + optional
    return [line1, body + check_digit(body[0:10] + body[13:20] + body[21:35])]


def test_td2_optional_data_read_at_0_3_is_not_verified_though_the_composite_holds():
    lines = _td2("AB12345")
    assert read_surely(lines).fields["personal_number"].valid
    r = read_surely(lines, {(1, 30): 0.3})
    assert r.check_digits["composite"]
    assert r["personal_number"] == "AB12345"
    assert not r.fields["personal_number"].valid
    assert not r.verified


# -- repairs of a date (fields.read_date) --------------------------------------------------


def _birth_read(digits: str, alts: dict[int, str]) -> tuple[list[str], list[list[str]]]:
    """The specimen with its birth date (check digit and composite of 740812) read as
    ``digits``, the recogniser's second choices at ``alts`` (offset in the date)."""
    lines = [NAMES_TD3, td3_body()]
    lines[1] = lines[1][:13] + digits + lines[1][19:]
    second = [[""] * 44, [""] * 44]
    for i, ch in alts.items():
        second[1][13 + i] = ch
    return lines, second


def test_a_date_repaired_by_its_second_choice_is_verified():
    lines, alts = _birth_read("740813", {5: "2"})
    r = read_surely(lines, {(1, 18): 0.4}, alts)
    assert r["birth_date"] == "1974-08-12"
    assert r.fields["birth_date"].repaired
    assert r.fields["birth_date"].valid
    assert r.valid


def test_a_date_repaired_over_another_doubtful_digit_is_not_verified():
    # the check digit confirms the digit it changed, not the 7 read at 0.3 beside it
    lines, alts = _birth_read("740813", {5: "2"})
    r = read_surely(lines, {(1, 18): 0.4, (1, 13): 0.3}, alts)
    assert r["birth_date"] == "1974-08-12"
    assert r.check_digits["birth_date"]
    assert not r.fields["birth_date"].valid
    assert not r.valid


def test_a_date_two_digits_off_is_not_repaired():
    lines, alts = _birth_read("750813", {1: "4", 5: "2"})
    for i, ch in ((1, "4"), (5, "2")):  # neither second choice alone makes the check digit hold
        one = "750813"[:i] + ch + "750813"[i + 1 :]
        assert check_digit(one) != "2"
    r = read_surely(lines, {(1, 14): 0.4, (1, 18): 0.4}, alts)
    assert r.check_digits["birth_date"] is False
    assert r["birth_date"] != "1974-08-12"
    assert not r.fields["birth_date"].valid
    assert not r.valid


# -- a check digit failing anywhere unanchors the fields none covers ------------------------


def test_fields_no_check_digit_covers_are_not_verified_when_the_expiry_check_fails():
    wrong = str((int(check_digit("120415")) + 1) % 10)
    r = read_surely([NAMES_TD3, td3_body(cds={"expiry": wrong})])
    assert r.check_digits["expiry_date"] is False
    assert r.check_digits["composite"]
    for name in ("surname", "given_names", "nationality", "issuing_country", "sex", "document_type"):
        assert not r.fields[name].valid, name
    assert not r.valid
    assert r.confidence <= 0.5


# -- a long document number (TD1, overflow into the optional data) ------------------------


def _td1_long(number: str, read_number: str | None = None) -> tuple[list[str], list[str]]:
    """A TD1 whose 12-character ``number`` runs into the optional data (the truth), and the
    same read with ``read_number`` in its place."""

    def lines_of(n: str, cd: str) -> list[str]:
        line1 = "I<UTO" + n[:9] + "<" + n[9:] + cd + "<" * 11
        line2 = "7408122F1204159UTO<<<<<<<<<<<"
        line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
        return [line1, line2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]

    truth = lines_of(number, check_digit(number))
    read = truth if read_number is None else [truth[0].replace(number[:9], read_number[:9]), *truth[1:]]
    return truth, read


def test_a_long_number_read_as_it_is_is_valid():
    truth, _ = _td1_long("H2VRT7G7V123")
    r = read_surely(truth)
    assert r["document_number"] == "H2VRT7G7V123"
    assert r.valid


def test_a_long_number_repaired_by_its_class_alone_is_not_verified():
    # O for 0: its check digit holds once swapped back, but nothing else confirms the swap
    truth, read = _td1_long("D23145890123", "D2314589O123")
    r = read_surely(read)
    assert r["document_number"] == "D23145890123"
    assert r.fields["document_number"].repaired
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_a_long_number_with_a_lookalike_its_check_digits_cannot_see_is_not_verified():
    # G (16) read as 6: the same value modulo 10, every check digit holds either way
    truth, read = _td1_long("H2VRT7G7V123", "H2VRT767V123")
    settled = [
        [t if t == c else "" for t, c in zip(tl, rl, strict=True)] for tl, rl in zip(truth, read, strict=True)
    ]
    r = parse_mrz(read, char_confidences=[[SURE] * 30] * 3, char_settled=settled, today=TODAY)
    assert all(r.check_digits.values())
    assert r["document_number"] == "H2VRT767V123"
    assert not r.fields["document_number"].valid
    assert not r.valid


# -- a field out of its form -----------------------------------------------------------------


def test_a_document_code_not_starting_with_p_i_a_c_or_v_is_not_valid():
    r = read_surely(["X" + NAMES_TD3[1:], td3_body()])
    assert not r.fields["document_type"].valid
    assert not r.valid


@pytest.mark.parametrize("sex", ["Z", "K"])
def test_a_sex_other_than_m_f_x_or_filler_is_not_valid(sex):
    r = read_surely([NAMES_TD3, td3_body(sex=sex)])
    assert r["sex"] is None
    assert not r.fields["sex"].valid
    assert not r.valid


@pytest.mark.parametrize(("sex", "value"), [("M", "M"), ("X", "X"), ("<", "X")])
def test_a_sex_m_x_or_filler_is_valid(sex, value):
    r = read_surely([NAMES_TD3, td3_body(sex=sex)])
    assert r["sex"] == value
    assert r.valid


# -- the centuries of dates ------------------------------------------------------------------


def _dates(birth: str, expiry: str, expiry_cd: str | None = None):
    cds = {} if expiry_cd is None else {"expiry": expiry_cd}
    return read_surely([NAMES_TD3, td3_body(birth=birth, expiry=expiry, cds=cds)])


def test_an_expiry_reaches_30_years_ahead_and_no_further():
    assert parse_yymmdd("560101", birth=False, today=TODAY) == dt.date(2056, 1, 1)
    assert parse_yymmdd("570101", birth=False, today=TODAY) == dt.date(1957, 1, 1)
    assert _dates("740812", "560101")["expiry_date"] == "2056-01-01"
    assert _dates("740812", "570101")["expiry_date"] == "1957-01-01"


def test_a_birth_on_the_expiry_day_lies_a_century_before_it():
    r = _dates("200101", "200101")
    assert r["expiry_date"] == "2020-01-01"
    assert r["birth_date"] == "1920-01-01"
    # the day before the expiry is this century
    assert _dates("191231", "200101")["birth_date"] == "2019-12-31"


def test_a_birth_today_is_today_and_tomorrow_a_century_ago():
    assert _dates("260115", "360115")["birth_date"] == "2026-01-15"
    assert _dates("260116", "360115")["birth_date"] == "1926-01-16"


def test_an_expiry_whose_check_digit_fails_does_not_set_the_birth_century():
    # a sound expiry of 2015 puts a birth of 25 in 1925
    assert _dates("250101", "150101")["birth_date"] == "1925-01-01"
    # the same expiry read with a failing check digit vouches for nothing: the birth's own rule
    wrong = str((int(check_digit("150101")) + 1) % 10)
    r = _dates("250101", "150101", expiry_cd=wrong)
    assert r.check_digits["expiry_date"] is False
    assert r["birth_date"] == "2025-01-01"


# -- what the document as a whole is worth (result.MrzResult) --------------------------------


def test_an_unverified_reading_read_with_confidence_is_worth_at_most_0_5():
    line1 = NAMES_TD3.replace("ERIKSSON", "ERIK3SON")  # a 3 no letter stands in for
    r = read_surely([line1, td3_body()])
    assert not r.verified
    assert min(f.confidence for f in r.fields.values()) > 0.8
    assert r.confidence <= 0.5


def _core_broken(*zones: str) -> list[str]:
    wrong = {
        "number": str((int(check_digit("L898902C3")) + 1) % 10),
        "birth": str((int(check_digit("740812")) + 1) % 10),
        "expiry": str((int(check_digit("120415")) + 1) % 10),
    }
    return [NAMES_TD3, td3_body(cds={z: wrong[z] for z in zones})]


def test_an_mrz_needs_two_of_its_core_check_digits_holding():
    assert read_surely(_core_broken()).is_mrz
    assert read_surely(_core_broken("number")).is_mrz
    one = read_surely(_core_broken("number", "birth"))
    assert sum(one.check_digits[k] for k in ("document_number", "birth_date", "expiry_date")) == 1
    assert not one.is_mrz
    assert not read_surely(_core_broken("number", "birth", "expiry")).is_mrz


def test_a_document_code_whose_second_character_is_no_letter_is_not_valid():
    # a 3 has no letter it stands in for (a 0 would be the letter O)
    r = read_surely(["P3" + NAMES_TD3[2:], td3_body()])
    assert not r.fields["document_type"].valid
    assert not r.valid


@pytest.mark.parametrize(
    ("names", "cut"),
    [
        ("P<UTOWOLFESCHLEGELSTEINHAUSEN<<HUBERT<BLAINE", "given_names"),
        ("P<UTOMARIADELOSANGELESGUTIERREZFERNANDEZRODR", "surname"),
    ],
)
def test_names_that_fill_the_zone_are_said_to_be_maybe_cut_short(names, cut):
    """ICAO 9303 truncates names that do not fit: the zone's last cell then holds a letter. The
    name read ("HUBERT BLAINE" of HUBERT BLAINE CHARLES) is read right, and verified as read, but
    a client that writes it as the holder's must be told it may be longer."""
    from ocr_service.mrz.documents import NAMES_CUT_SHORT, choose
    from ocr_service.schemas import PassportFields

    assert len(names) == 44
    r = read_surely([names, td3_body()])
    assert r.verified
    assert r.names_cut_short
    assert r.fields[cut].cut_short
    assert not any(r.fields[name].cut_short for name in ({"surname", "given_names"} - {cut}))
    assert PassportFields.from_mrz(r).names_cut_short
    assert NAMES_CUT_SHORT in choose([r]).warnings
    # a filler in the last cell: nothing cut
    r = read_surely(["P<UTOWOLFESCHLEGELSTEINHAUSEN<<HUBERT<BLAIN<", td3_body()])
    assert not r.names_cut_short
    assert not PassportFields.from_mrz(r).names_cut_short
    assert choose([r]).warnings == ()


def test_an_identity_cards_two_optional_zones_are_both_returned():
    """A TD1 card's first optional zone "7" and its second "85101234567" (where several countries
    put the personal number): only the first was returned, verified."""
    number, birth, expiry = "D23145890", "740812", "300415"
    opt1, opt2 = "7<<<<<<<<<<<<<<", "85101234567"
    line1 = "I<UTO" + number + check_digit(number) + opt1
    line2 = birth + check_digit(birth) + "F" + expiry + check_digit(expiry) + "UTO" + opt2
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    line3 = ("ERIKSSON<<ANNA<MARIA" + "<" * 30)[:30]
    r = read_surely([line1, line2, line3])
    assert r.valid
    assert r.fields["personal_number"].value == "7 85101234567"
    # one zone only: its data alone
    line1 = "I<UTO" + number + check_digit(number) + "<" * 15
    line2 = birth + check_digit(birth) + "F" + expiry + check_digit(expiry) + "UTO" + opt2
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    assert read_surely([line1, line2, line3]).fields["personal_number"].value == "85101234567"
