"""ICAO Doc 9303 parsing: the specimens of parts 4-7, check digits, dates, repairs."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr_service.mrz import MrzParseError, check_digit, looks_like_mrz, parse_mrz
from ocr_service.mrz.repair import repair_checked
from ocr_service.schemas import PassportFields, scan_mrz_payload

TODAY = dt.date(2026, 1, 15)

# The specimen MRZs printed in ICAO Doc 9303 (parts 4, 5, 6 and 7).
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
MRVA = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"]
MRVB = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"]


def values(result):
    return {name: f.value for name, f in result.fields.items()}


@pytest.mark.parametrize(
    ("data", "digit"),
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"), ("D23145890", "7")],
)
def test_check_digit_matches_the_specimens(data, digit):
    assert check_digit(data) == digit


def test_td3_specimen():
    r = parse_mrz(TD3, today=TODAY)
    assert r.mrz_format == "TD3"
    assert r.valid
    assert values(r) == {
        "document_type": "P",
        "issuing_country": "UTO",
        "nationality": "UTO",
        "birth_date": "1974-08-12",
        "expiry_date": "2012-04-15",
        "sex": "F",
        "document_number": "L898902C3",
        "personal_number": "ZE184226B",
        "surname": "ERIKSSON",
        "given_names": "ANNA MARIA",
    }
    assert r.check_digits == {
        "birth_date": True,
        "expiry_date": True,
        "document_number": True,
        "personal_number": True,
        "composite": True,
    }


@pytest.mark.parametrize(("lines", "fmt"), [(TD2, "TD2"), (TD1, "TD1"), (MRVA, "MRVA"), (MRVB, "MRVB")])
def test_other_specimens(lines, fmt):
    r = parse_mrz(lines, today=TODAY)
    assert r.mrz_format == fmt
    assert r.valid
    assert r["surname"] == "ERIKSSON"
    assert r["given_names"] == "ANNA MARIA"
    if fmt.startswith("MRV"):
        assert r["document_number"] == "L8988901C"
        assert r["nationality"] == "XXX"
        assert r["birth_date"] == "1940-09-07"
        assert r["expiry_date"] == "1996-12-10"
    else:
        assert r["document_number"] == "D23145890"
        assert r["birth_date"] == "1974-08-12"
        assert "composite" in r.check_digits


def test_birth_century_never_in_the_future_and_expiry_window():
    lines = ["P<UTOX<<Y<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", None]
    # 2026-03-01 is after "today": born in 1926
    body = "L898902C36UTO" + "260301" + check_digit("260301") + "M" + "350101" + check_digit("350101")
    body += "<" * 14 + "0"
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    lines[1] = body
    r = parse_mrz(lines, today=TODAY)
    assert r["birth_date"] == "1926-03-01"
    assert r["expiry_date"] == "2035-01-01"
    body = body[:21] + "800101" + check_digit("800101") + body[28:43]
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    assert parse_mrz([lines[0], body], today=TODAY)["expiry_date"] == "1980-01-01"


def test_birth_date_this_century_when_in_the_past():
    body = "L898902C36UTO" + "200101" + check_digit("200101") + "M" + "300101" + check_digit("300101")
    body += "<" * 14 + "0"
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    r = parse_mrz(["P<UTOX<<Y" + "<" * 35, body], today=TODAY)
    assert r["birth_date"] == "2020-01-01"


def _td3_dates(birth: str, expiry: str) -> list[str]:
    body = "L898902C36UTO" + birth + check_digit(birth) + "F" + expiry + check_digit(expiry)
    body += "<" * 14 + "0"
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    return ["P<UTOERIKSSON<<ANNA<MARIA" + "<" * 19, body]


def test_a_birth_lies_before_the_expiry():
    """Two digits give the birth year: 25 is 2025 or 1925. A document that expired in 2015 was
    not issued to someone born in 2025: the holder was born in 1925."""
    r = parse_mrz(_td3_dates("250101", "150101"), today=TODAY)
    assert r["birth_date"] == "1925-01-01"
    assert r.valid
    # a document still valid: the latest century that is not in the future, as before
    assert parse_mrz(_td3_dates("250101", "300101"), today=TODAY)["birth_date"] == "2025-01-01"
    # no century puts a birth of 1974 before an expiry of 1970: no date, and no valid MRZ
    r = parse_mrz(_td3_dates("740812", "700101"), today=TODAY)
    assert r["birth_date"] is None
    assert not r.fields["birth_date"].valid
    assert not r.valid


def test_long_document_number_in_td1_optional_data():
    # Doc 9303 part 5: a number longer than 9 characters continues in the optional data
    number = "D23145890123"
    line1 = "I<UTO" + number[:9] + "<" + number[9:] + check_digit(number) + "<" * 11
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    r = parse_mrz([line1, line2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"], today=TODAY)
    assert r["document_number"] == number
    assert r.check_digits["document_number"]
    assert r.valid


def test_class_repair_of_digits_and_letters():
    # O for 0 in the dates and the number, 0 for O in the country codes
    bad = ["P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8989O2C36UT0740B122F12O4159ZE184226B<<<<<1O"]
    r = parse_mrz(bad, today=TODAY)
    assert r.lines == TD3
    assert r["document_number"] == "L898902C3"
    assert r.fields["document_number"].repaired
    # letters cannot stand in a date: mapping them is certain, and the check digit holds
    assert r.fields["birth_date"].repaired and r.fields["birth_date"].valid
    assert r["issuing_country"] == "UTO" and r.fields["issuing_country"].valid
    # O or 0 in a document number is either way: only the check digit says which, and
    # the check digit alone cannot rule out a second error, so the repair stays unverified
    assert r.check_digits["document_number"]
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_repair_backed_by_the_recogniser_is_verified():
    bad = [TD3[0], TD3[1].replace("L898902C3", "L8989O2C3")]
    alts = [[""] * 44, [""] * 44]
    alts[1][5] = "0"  # the recogniser's second choice for the O
    r = parse_mrz(bad, char_alternatives=alts, today=TODAY)
    assert r["document_number"] == "L898902C3"
    assert r.valid


def test_names_digits_become_letters():
    r = parse_mrz(["P<UTOER1KSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<", TD3[1]], today=TODAY)
    assert r["surname"] == "ERIKSSON"
    assert r["given_names"] == "ANNA MARIA"


@pytest.mark.parametrize(
    "line1",
    [
        "P<UTOERIK3SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",  # a 3: no letter stands in for it
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<9<<",  # a 9 in the padding
    ],
)
def test_names_holding_a_character_no_letter_stands_in_for_are_not_vouched_for(line1):
    # nothing checks the names: read whole and with confidence, "ERIK3SON" was reported
    # verified, and the MRZ valid
    r = parse_mrz([line1, TD3[1]], line_confidences=[0.99, 0.99], today=TODAY)
    assert not r.fields["surname"].valid
    assert not r.fields["given_names"].valid
    assert not r.valid


@pytest.mark.parametrize("cell", ["0", "A", "K", "U"])
def test_optional_data_read_after_fillers_is_not_vouched_for(cell):
    # an empty optional field (its check digit 0) whose last filler is read as a character
    # weighing as a filler does (0, 10, 20, 30): every check digit still holds; optional data
    # starts at the left (ICAO 9303), so a character after fillers is a filler misread
    line2 = TD3[1][:28] + "<" * 13 + cell + "0" + TD3[1][-1]
    line2 = line2[:-1] + check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    r = parse_mrz([TD3[0], line2], line_confidences=[0.99, 0.99], today=TODAY)
    assert all(r.check_digits.values())
    assert not r.fields["personal_number"].valid
    assert not r.valid


def test_a_long_document_number_followed_by_optional_data_is_valid():
    # ICAO 9303 part 5: the number's overflow, its check digit and a filler open the optional
    # data, the rest of it follows; that filler was taken for optional data not left-justified
    line1 = "I<UTOD23145890<7349<AB12345<<<"
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    r = parse_mrz([line1, line2, TD1[2]], today=TODAY)
    assert all(r.check_digits.values())
    assert r.valid
    assert r["document_number"] == "D23145890734"
    assert r["personal_number"] == "AB12345"


def test_wrong_digit_is_reported_not_hidden():
    line2 = TD3[1][:13] + "7408132" + TD3[1][20:]  # birth day changed, check digit kept
    r = parse_mrz([TD3[0], line2], today=TODAY)
    assert not r.valid
    assert r.check_digits["birth_date"] is False
    assert r.fields["birth_date"].valid is False
    assert r.check_digits["composite"] is False
    # the other fields are still verified on their own
    assert r.fields["document_number"].valid


def test_repair_needs_the_check_digit_to_confirm():
    # a digit field with a letter that maps to a digit, but the result fails: left unverified
    value, digit, holds, repaired = repair_checked("74O812", "5", digits_only=True)
    assert not holds and not repaired
    # an ambiguous letter/digit swap is taken only when exactly one candidate fits
    value, digit, holds, repaired = repair_checked("L8989O2C3", "6")
    assert (value, holds, repaired) == ("L898902C3", True, True)


def test_second_choices_from_the_recogniser_are_tried():
    value, digit, holds, repaired = repair_checked(
        "740817", "2", digits_only=True, alternatives=["", "", "", "", "", "2"], accept=None
    )
    assert (value, holds, repaired) == ("740812", True, True)


def test_low_character_confidence_leaves_a_field_unverified():
    probs = [[0.99] * 44, [0.99] * 44]
    probs[1][3] = 0.2  # a doubtful character inside the document number
    r = parse_mrz(TD3, char_confidences=probs, today=TODAY)
    assert r.check_digits["document_number"]
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_fillers_miscounted_by_ocr_are_realigned():
    r = parse_mrz([TD3[0][:-3], TD3[1].replace("<<<<<", "<<<<")], today=TODAY)
    assert r.lines == TD3
    assert r.valid


def test_ocr_lookalikes_for_the_filler():
    r = parse_mrz(["P<UTOERIKSSON«ANNAくMARIA" + "<" * 19, TD3[1]], today=TODAY)
    assert r["surname"] == "ERIKSSON"
    assert r["given_names"] == "ANNA MARIA"


@pytest.mark.parametrize("lines", [[], ["P<UTO"], ["ABC", "DEF", "GHI", "JKL"], [TD3[0]]])
def test_not_an_mrz(lines):
    with pytest.raises(MrzParseError) as err:
        parse_mrz(lines)
    # no personal data in the message
    assert "ERIKSSON" not in str(err.value)


def test_error_messages_carry_no_personal_data():
    with pytest.raises(MrzParseError) as err:
        parse_mrz(["P<UTOERIKSSON<<ANNA", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", "XX"])
    assert "ERIKSSON" not in str(err.value) and "L898902C3" not in str(err.value)


def test_to_fields_contract():
    fields = PassportFields.from_mrz(parse_mrz(TD3, today=TODAY)).model_dump()
    for name in (
        "document_type",
        "issuing_country",
        "document_number",
        "surname",
        "given_names",
        "nationality",
        "birth_date",
        "sex",
        "expiry_date",
        "personal_number",
        "mrz_format",
        "mrz_lines",
        "check_digits",
        "valid",
    ):
        assert set(fields[name]) >= {"value", "confidence"}
        assert 0.0 <= fields[name]["confidence"] <= 1.0
    assert fields["mrz_format"]["value"] == "TD3"
    assert fields["mrz_lines"]["value"] == TD3
    assert fields["valid"]["value"] is True
    assert fields["check_digits"]["value"]["composite"] is True
    assert fields["nationality"]["iso2"] is None  # Utopia has no ISO code
    german = parse_mrz(["P<D<<MUSTERMANN<<ERIKA" + "<" * 22, TD3[1].replace("UTO", "D<<")], today=TODAY)
    german_fields = PassportFields.from_mrz(german).model_dump()
    assert german_fields["nationality"]["iso2"] == "DE"
    assert german_fields["issuing_country"]["iso2"] == "DE"


def test_to_scan_mrz_contract():
    out = scan_mrz_payload(PassportFields.from_mrz(parse_mrz(TD3, today=TODAY)).model_dump())
    assert out == {
        "success": True,
        "passportNumber": "L898902C3",
        "surname": "ERIKSSON",
        "givenName": "ANNA MARIA",
        "nationality": "UTO",
        "dateOfBirth": "1974-08-12",
        "sex": "F",
        "dateOfExpiry": "2012-04-15",
        "issuingCountry": "UTO",
        "personalNumber": "ZE184226B",
        "confidence": out["confidence"],
        "validCheckDigits": True,
        "mrzText": "\n".join(TD3),
        "documentType": "P",
        "mrzFormat": "TD3",
        "verified": True,
        "fieldsVerified": {
            "passportNumber": True,
            "surname": True,
            "givenName": True,
            "nationality": True,
            "dateOfBirth": True,
            "sex": True,
            "dateOfExpiry": True,
            "issuingCountry": True,
            "personalNumber": True,
        },
    }


@pytest.mark.parametrize(
    ("lines", "code", "layout"), [(MRVA, "V", "MRVA"), (TD1, "I", "TD1"), (TD2, "I", "TD2")]
)
def test_scan_mrz_says_what_the_document_is(lines, code, layout):
    # a visa's or an identity card's number is no passport number: the answer says what was read
    out = scan_mrz_payload(PassportFields.from_mrz(parse_mrz(lines, today=TODAY)).model_dump())
    assert out["validCheckDigits"] is True
    assert (out["documentType"][0], out["mrzFormat"]) == (code, layout)


def test_scan_mrz_says_which_fields_nothing_verified():
    # a surname letter read with doubt: the check digits hold (they cover no name), the name is
    # not verified and the answer says so
    doubt = [[1.0] * 44, [1.0] * 44]
    doubt[0][7] = 0.6
    settled = [list(TD3[0]), list(TD3[1])]  # every look-alike settled by the page's glyphs
    result = parse_mrz(TD3, today=TODAY, char_confidences=doubt, char_settled=settled)
    out = scan_mrz_payload(PassportFields.from_mrz(result).model_dump())
    assert out["validCheckDigits"] is True
    assert out["verified"] is False
    assert out["fieldsVerified"]["surname"] is False
    assert out["fieldsVerified"]["passportNumber"] is True


def test_looks_like_mrz():
    page = ["REPUBLIC OF UTOPIA", "Passport / Passeport", "ERIKSSON", *TD3, "page 2"]
    assert looks_like_mrz(page)
    assert looks_like_mrz(["noise", *TD1])
    assert not looks_like_mrz(["TOTAL 12.50", "THANK YOU", "VISA **** 1234"])
    assert not looks_like_mrz([])


def _td1_with_optional(optional: str) -> list[str]:
    line1 = "I<UTOD231458907" + optional.ljust(15, "<")
    body2 = "7408122F1204159UTO<<<<<<<<<<<"
    composite = check_digit(line1[5:30] + body2[0:7] + body2[8:15] + body2[18:29])
    return [line1, body2 + composite, TD1[2]]


def test_composite_repairs_td1_optional_data():
    truth = _td1_with_optional("ZE18O4")
    read = [truth[0].replace("ZE18O4", "ZE1804"), truth[1], truth[2]]
    # nothing but the character class suggests the O: repaired, reported, but unverified
    r = parse_mrz(read, today=TODAY)
    assert r["personal_number"] == "ZE18O4"
    assert r.check_digits["composite"]
    assert r.fields["personal_number"].repaired
    assert not r.fields["personal_number"].valid
    assert not r.valid
    # the recogniser's second choice was the O: verified
    alts = [[""] * 30 for _ in range(3)]
    alts[0][19] = "O"
    r = parse_mrz(read, char_alternatives=alts, today=TODAY)
    assert r["personal_number"] == "ZE18O4"
    assert r.fields["personal_number"].valid and r.valid


def test_failing_composite_leaves_td1_optional_data_unverified():
    truth = _td1_with_optional("ZE18O4")
    # the optional data is wrong and so is the birth date: the composite cannot tell which
    line2 = truth[1][:3] + "9" + truth[1][4:]
    read = [truth[0].replace("ZE18O4", "ZE1804"), line2, truth[2]]
    r = parse_mrz(read, today=TODAY)
    assert r.check_digits["composite"] is False
    assert r["personal_number"] == "ZE1804"
    assert r.fields["personal_number"].check is False
    assert not r.fields["personal_number"].valid


def test_visa_optional_data_needs_certain_lookalikes():
    # MRV-A optional data has no check digit: a '1' or a '0' read with 0.9 is not certain
    probs = [[0.99] * 44, [0.99] * 44]
    probs[1][32] = 0.9  # the '1' of 6ZE184226B
    # the document number's look-alikes settled by the page's glyphs
    settled = [list(line) for line in MRVA]
    r = parse_mrz(MRVA, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r["personal_number"] == "6ZE184226B"
    assert not r.fields["personal_number"].valid
    assert r.valid and not r.verified
    probs[1][32] = 0.995
    r = parse_mrz(MRVA, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r.fields["personal_number"].valid and r.verified


def test_visa_optional_data_lookalike_not_settled_is_unverified():
    # a photographed G read as a 6 with full confidence: nothing checks a visa's optional
    # data, so a look-alike there is trusted only when the page's own glyphs settled it
    probs = [[0.999] * 44, [0.999] * 44]
    settled = [list(line) for line in MRVA]
    r = parse_mrz(MRVA, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r.fields["personal_number"].valid
    settled[1][28] = ""  # the '6' of 6ZE184226B, not settled
    r = parse_mrz(MRVA, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r["personal_number"] == "6ZE184226B"
    assert not r.fields["personal_number"].valid
    assert r.valid and not r.verified


def test_a_cell_gained_in_td3_first_line_leaves_its_names_unverified():
    # TD3's first line has no check digit: a filler cell gained after the document code
    # shifts the country and the names, while every check digit of the second line holds
    line1 = (TD3[0][:1] + "<" + TD3[0][1:])[:44]
    probs = [[0.999] * 44, [0.999] * 44]
    r = parse_mrz([line1, TD3[1]], char_confidences=probs, today=TODAY)
    assert all(r.check_digits.values())
    assert r["surname"] != "ERIKSSON"
    assert not r.fields["issuing_country"].formed
    assert not any(r.fields[k].valid for k in ("surname", "given_names", "issuing_country"))
    assert not r.valid


@pytest.mark.parametrize("shift", ["gained", "lost"])
def test_a_shifted_line_leaves_the_fields_nothing_checks_unverified(shift):
    # a filler cell gained (or a character lost) after the sex shifts the expiry date and the
    # visa's optional data: the expiry's check digit fails, and nothing checks the optional
    # data, which reads wrong with every character sure
    line2 = MRVA[1]
    line2 = line2[:21] + "<" + line2[21:43] if shift == "gained" else line2[:21] + line2[22:] + "<"
    probs = [[0.99] * 44, [0.99] * 44]
    settled = [list(MRVA[0]), list(line2)]
    r = parse_mrz([MRVA[0], line2], char_confidences=probs, char_settled=settled, today=TODAY)
    assert r.check_digits["expiry_date"] is False
    assert r["personal_number"] != "6ZE184226B"
    assert not r.fields["personal_number"].valid
    assert not r.verdict.fields["personal_number"].verified
    # and no other field nothing checks vouches for itself on a reading that fails
    assert not any(r.fields[k].valid for k in ("surname", "nationality", "sex", "issuing_country"))
    assert not r.valid


def test_doubted_character_breaks_a_tie_between_repairs():
    truth = "0ABO12345"  # positions 0 and 3 share the weight 7: a 0/O swap at either passes
    digit = check_digit(truth)
    read = "0AB012345"
    assert repair_checked(read, digit)[2] is False  # two candidates: no repair
    probs = [1.0] * 10
    probs[3] = 0.9  # the recogniser doubted the fourth character only
    value, _d, holds, repaired = repair_checked(read, digit, probs=probs)
    assert (value, holds, repaired) == (truth, True, True)


def test_a_repair_vouches_only_for_what_it_changed():
    bad = [TD3[0], TD3[1].replace("L898902C3", "L8989O2C3")]
    alts = [[""] * 44, [""] * 44]
    alts[1][5] = "0"  # the recogniser's second choice for the O
    probs = [[0.99] * 44, [0.99] * 44]
    # the page's glyphs settled every look-alike but the misread cell
    settled = [list(TD3[0]), list(TD3[1][:5] + "." + TD3[1][6:])]
    r = parse_mrz(bad, char_alternatives=alts, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r["document_number"] == "L898902C3" and r.fields["document_number"].valid
    # another character of the number was a guess: the check digit holding after the
    # repair does not make it any surer
    probs[1][1] = 0.3
    r = parse_mrz(bad, char_alternatives=alts, char_confidences=probs, char_settled=settled, today=TODAY)
    assert r["document_number"] == "L898902C3"
    assert r.check_digits["document_number"]
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_one_rule_for_what_is_an_mrz():
    assert parse_mrz(TD3, today=TODAY).is_mrz
    # two of the number's and dates' check digits hold: an MRZ, however badly read
    line2 = TD3[1][:13] + "7408132" + TD3[1][20:]
    assert parse_mrz([TD3[0], line2], today=TODAY).is_mrz
    # fillers only: the empty personal number and the composite "hold", nothing else does
    blank = parse_mrz(["<" * 44, "<" * 44], mrz_format="TD3", today=TODAY)
    assert blank.holding >= 2 and not blank.is_mrz
    # text forced into the shape
    junk = parse_mrz(["P<UTOTOTAL<12<50" + "<" * 28, "THANKYOU<4UTO1234560F6543210" + "<" * 15 + "0"])
    assert junk.check_digits["personal_number"] and not junk.is_mrz


def _names_read(letter_prob: float, at: int):
    """TD3 specimen with an E read in its names at ``at`` with ``letter_prob``, the rest sure."""
    line1 = TD3[0][:at] + "E" + TD3[0][at + 1 :]
    probs = [[0.99] * 44, [0.99] * 44]
    probs[0][at] = letter_prob
    return parse_mrz([line1, TD3[1]], char_confidences=probs, today=TODAY)


def test_a_doubtful_letter_in_the_names_padding_is_the_filler_it_stands_in():
    # 'P<UTOERIKSSON<<ANNA<MARIA<<<<...': the padding starts at the '<<' after MARIA (ICAO 9303)
    r = _names_read(0.2, 34)
    assert r.lines[0] == TD3[0]
    assert (r.fields["surname"].value, r.fields["given_names"].value) == ("ERIKSSON", "ANNA MARIA")
    assert r.fields["given_names"].valid and r.fields["surname"].valid


def test_a_letter_read_with_confidence_in_the_names_padding_is_kept():
    r = _names_read(0.95, 34)
    assert r.fields["given_names"].value == "ANNA MARIA E"  # as read: nothing invented
    assert "E" in r.lines[0]


def test_a_doubtful_letter_inside_the_names_stays_and_leaves_them_unverified():
    # in ANNA<MARIA (before the padding) a doubtful letter is a name's, not a filler's
    r = _names_read(0.2, 20)
    assert r.fields["given_names"].value == "ANNA EARIA"
    assert not r.fields["given_names"].valid


def test_a_doubtful_letter_right_after_a_names_double_filler_is_kept():
    # "ANNA<MARIA<<E": had a letter of the name been read as '<', the E could be a name's
    r = _names_read(0.2, 27)
    assert r.fields["given_names"].value == "ANNA MARIA E"
    assert not r.fields["given_names"].valid


@pytest.mark.parametrize(
    "names",
    [
        "ERIKSSON<<ANNA<<<MARIA",  # ANNA<K<MARIA, its K read as a filler
        "ERIKSSON<<ANNA<<MARIA",  # a '<<' inside the secondary identifier
        "ERIKSSON<<<ANNA",  # ERIKSSON<<K<ANNA
        "<RIKSSON<<ANNA",  # the surname's first letter read as a filler
        "ERIKSSON<<ANNA<MARIA<<E",  # a letter after the padding has begun
    ],
)
def test_names_not_laid_out_as_icao_lays_them_out_are_not_vouched_for(names):
    """ICAO 9303: the primary identifier, '<<', the secondary identifier's components parted by
    one '<', fillers to the end. Fillers elsewhere between letters are a letter read as a filler
    (or a letter that is no name's): nothing checks the names, so they are not verified."""
    from ocr_service.mrz import find_mrz_lines

    lines = [("P<UTO" + names).ljust(44, "<"), _td3("XAK347347")[1]]
    for r in (parse_mrz(lines, today=TODAY), find_mrz_lines(lines, [0.97, 0.97])):
        assert r.valid  # the check digits say nothing of the names
        assert not r.fields["surname"].valid and not r.fields["given_names"].valid
        assert not r.verified
    assert parse_mrz(TD3, today=TODAY).fields["given_names"].valid


def test_a_doubtful_filler_whose_second_choice_is_a_letter_is_no_sure_separator():
    """A K's arms are a '<': a K read as a filler at 0.6, K its second choice, parts a name in two
    (MIKAELA read MI<AELA) and nothing checks the names, nor a visa's optional data."""
    names = TD3[0].replace("ANNA<MARIA", "ANNA<MI<AELA")[:44]
    lines = [names, TD3[1]]
    col = names.index("MI<AELA") + 2
    r = _read_with(lines, (0, col), 0.6, "K")
    assert r["given_names"] == "ANNA MI AELA"
    assert not r.fields["given_names"].valid and not r.fields["surname"].valid
    assert r.valid  # the check digits say nothing of the names
    # read with the confidence a field nothing checks needs, the filler is one
    assert _read_with(lines, (0, col), 0.8, "K").fields["given_names"].valid
    # the filler that starts the padding parts nothing (a one-letter name there has its own rule)
    assert _read_with(TD3, (0, TD3[0].index("MARIA<") + 5), 0.6, "K").fields["given_names"].valid
    # a visa's optional data: XE3K7347 read XE3<7347
    line2 = MRVA[1][:28] + "XE3K7347<<<<<<<<"
    read = [MRVA[0], line2.replace("XE3K7347", "XE3<7347")]
    r = _read_with(read, (1, 31), 0.6, "K")
    assert r["personal_number"] == "XE3 7347"
    assert not r.fields["personal_number"].valid
    assert _read_with(read, (1, 31), 0.8, "K").fields["personal_number"].valid


def _glyph_filler(lines: list[str], at: list[tuple[int, int, str]]):
    """Confidences and second choices of lines whose cells ``at`` (line, column, letter) the
    glyph step read as a filler: the confidence of a guess, the letter read second."""
    probs = [[1.0] * len(x) for x in lines]
    alts = [[""] * len(x) for x in lines]
    for li, col, letter in at:
        assert lines[li][col] == "<"
        probs[li][col], alts[li][col] = 0.3, letter
    return probs, alts


def test_a_letter_read_as_a_filler_in_td1_second_optional_data_leaves_it_unverified():
    """TD1's personal number comes from the second optional zone when the first is empty;
    a letter there the glyph step read as a filler ('<' and K weigh the same, so the
    composite holds) must leave it unverified, as one in the first zone does."""
    line2 = "7408122F1204159UTO12<45<<<<<<"
    composite = check_digit(TD1[0][5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    lines = [TD1[0], line2 + composite, TD1[2]]
    probs, alts = _glyph_filler(lines, [(1, 20, "K")])
    r = parse_mrz(lines, char_confidences=probs, char_alternatives=alts, today=TODAY)
    assert r.check_digits["composite"]
    assert r.fields["personal_number"].value == "12 45"
    assert not r.fields["personal_number"].valid
    clean = parse_mrz(lines, char_confidences=[[1.0] * len(x) for x in lines], today=TODAY)
    assert clean.fields["personal_number"].valid  # the doubt, not the value, unverifies it


@pytest.mark.parametrize(
    ("names", "col"),
    [("ERIKSSON<<ANNA<<<<<<<<<<<<<<<<", 15), ("SMITH<<<<<<<<<<<<<<<<<<<<<<<<<", 7)],
)
def test_a_one_letter_name_read_as_a_filler_leaves_the_names_unverified(names, col):
    """A one-letter name (ANNA<K, SMITH<<K) the glyph step read as a filler lies where the
    padding seems to start: the names must not come back verified without it."""
    lines = [TD1[0], TD1[1], names]
    probs, alts = _glyph_filler(lines, [(2, col, "K")])
    r = parse_mrz(lines, char_confidences=probs, char_alternatives=alts, today=TODAY)
    assert not r.fields["given_names"].valid and not r.fields["surname"].valid
    clean = parse_mrz(lines, char_confidences=[[1.0] * len(x) for x in lines], today=TODAY)
    assert clean.fields["given_names"].valid


def _td3_line2(number: str, optional: str) -> str:
    optional = optional.ljust(14, "<")
    head = number + check_digit(number) + "UTO" + "7408122" + "F" + "1204159"
    line = head + optional + check_digit(optional)
    return line + check_digit(line[0:10] + line[13:20] + line[21:43])


def _read_with(lines, at, prob, alt, *more):
    """Every character read surely and settled by the glyphs but one (or more: further
    ``(at, prob, alt)``), read at ``prob`` with ``alt`` as its second choice."""
    probs = [[0.99] * len(x) for x in lines]
    alts = [[""] * len(x) for x in lines]
    settled = [list(x) for x in lines]
    for (li, col), p, a in [(at, prob, alt), *more]:
        probs[li][col], alts[li][col], settled[li][col] = p, a, ""
    return parse_mrz(lines, char_confidences=probs, char_alternatives=alts, char_settled=settled, today=TODAY)


@pytest.mark.parametrize(
    ("number", "optional", "field", "col", "alt"),
    [
        # L and 1 weigh the same (21 and 1): a personal number's L read as 1
        ("L898902C3", "ZE184216B", "personal_number", 28 + 6, "L"),
        # U and 0 (30 and 0): a document number's U read as 0
        ("L898902C0", "ZE184226B", "document_number", 8, "U"),
        # K and the filler (20 and 0): the personal number's last letter read as a filler
        ("L898902C3", "ZE184226", "personal_number", 28 + 8, "K"),
    ],
)
def test_a_second_choice_the_check_digits_weigh_alike_needs_the_unchecked_confidence(
    number, optional, field, col, alt
):
    # the check digits hold whichever of the two the character is: only the recogniser's
    # confidence tells them apart, and it must be that of a field nothing checks
    lines = [TD3[0], _td3_line2(number, optional)]
    unsure = _read_with(lines, (1, col), 0.69, alt)
    assert all(unsure.check_digits.values())
    assert unsure.fields[field].value == (number if field == "document_number" else optional)
    assert not unsure.fields[field].valid
    assert not unsure.valid
    assert _read_with(lines, (1, col), 0.8, alt).fields[field].valid
    # a second choice the check digits weigh differently: they choose, 0.69 is enough
    assert _read_with(lines, (1, col), 0.69, "M").fields[field].valid


@pytest.mark.parametrize(
    ("more", "blind"),
    [
        # 8 -> 9 at weight 3 (+3) and 9 -> 6 at weight 1 (-3): the number's check digit and the
        # composite hold whichever both are
        ([((1, 2), 0.69, "6")], True),
        # the check digit's own second choice, 8 -> 9 (+3) with the digit 6 -> 9 (+3), passes
        # the number's check digit, but the composite weighs the two apart (3 and 7): it sees it
        ([((1, 9), 0.69, "9")], False),
        # sure of the other character: the first alone changes the sum
        ([((1, 2), 0.9, "6")], False),
        ([], False),
    ],
)
def test_two_doubtful_second_choices_that_cancel_out_are_not_vouched_for(more, blind):
    lines = [TD3[0], _td3_line2("L898902C3", "ZE184226B")]
    assert lines[1][9] == "6"
    read = _read_with(lines, (1, 1), 0.69, "9", *more)
    number = read.fields["document_number"]
    assert number.value == "L898902C3" and read.check_digits["document_number"]
    assert number.valid is not blind


def _td3(number: str, nationality: str = "UTO", sex: str = "F") -> list[str]:
    """A TD3 specimen with its check digits computed for ``number`` and ``nationality``."""
    body = number + check_digit(number) + nationality + "740812" + check_digit("740812") + sex
    body += "120415" + check_digit("120415") + "<" * 14 + check_digit("<" * 14)
    composite = check_digit(body[0:10] + body[13:20] + body[21:43])
    return [TD3[0], body + composite]


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("XAM34734<", "XAM34734K"),  # the filler that ends the number read as a K
        ("XAK34734K", "XAK34734<"),  # the K that ends it read as a filler
        ("XAM3473<<", "XAM3473K<"),
    ],
)
def test_a_filler_and_a_k_read_from_whole_lines_leave_the_number_unverified(printed, read):
    """'<' and K weigh the same modulo 10: every check digit holds either way. Without the
    page's glyphs (lines read whole) the number cannot be vouched for."""
    from ocr_service.mrz import find_mrz_lines

    lines = _td3(printed)
    lines[1] = lines[1].replace(printed, read)
    r = find_mrz_lines(lines, [0.97, 0.97])
    assert r.check_digits["document_number"] and r.check_digits["composite"]
    assert not r.fields["document_number"].valid
    assert not r.valid
    # a K inside the number is no filler's place: verified as before
    inside = find_mrz_lines(_td3("XAK347347"), [0.97, 0.97])
    assert inside.fields["document_number"].valid and inside.valid


def test_a_k_ending_the_names_read_from_whole_lines_is_no_sure_name():
    """Without the page's glyphs a filler read as K after the given names ("ANNA<MARIA<K") is
    taken as a one-letter name nothing checks: the names are not read surely."""
    from ocr_service.mrz import find_mrz_lines

    lines = _td3("L898902C3")
    lines[0] = lines[0].replace("ANNA<MARIA<<", "ANNA<MARIA<K")
    r = find_mrz_lines(lines, [0.97, 0.97])
    assert r.fields["given_names"].value == "ANNA MARIA K"
    assert not r.fields["given_names"].valid
    assert not r.valid
    # a K that is a name's last letter is a name
    lines = _td3("L898902C3")
    lines[0] = lines[0].replace("ANNA<MARIA<<", "ANNA<MARIK<<")
    r = find_mrz_lines(lines, [0.97, 0.97])
    assert r.fields["given_names"].value == "ANNA MARIK"
    assert r.fields["given_names"].valid


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("ERIKSSON", "ERIKSON"),  # a doubled letter merged by the recogniser
        ("ANNA<MARIA", "ANNA<MARA"),  # a letter lost
        ("ERIKSSON", "ERIKSSSON"),  # a letter gained
    ],
)
def test_names_of_a_line_read_at_another_length_are_not_vouched_for(printed, read):
    """Lines read whole come at any length; one is brought to its own by recounting its longest
    run of fillers (the padding). A letter of the names lost or gained there is no miscount
    anything can tell: every check digit holds, the names read wrong, so they are not verified."""
    from ocr_service.mrz import find_mrz_lines

    lines = _td3("XAK347347")
    lines[0] = lines[0].replace(printed, read)
    r = find_mrz_lines(lines, [0.97, 0.97])
    assert r.valid and r.lines[0] != TD3[0]
    assert not r.fields["surname"].valid and not r.fields["given_names"].valid
    # the same reading at its length: the names say what they say
    lines[0] = lines[0].ljust(44, "<")[:44]
    assert find_mrz_lines(lines, [0.97, 0.97]).fields["surname"].valid


def test_a_visa_optional_data_of_a_line_read_at_another_length_is_not_vouched_for():
    """Nothing checks a visa's optional data: a character of it lost, the padding recounted to
    make up for it, it reads wrong with every check digit holding."""
    from ocr_service.mrz import find_mrz_lines

    line2 = "XAK347347" + check_digit("XAK347347") + "UTO4009078F9612109" + "XE347347<<<<<<<<"
    lines = [MRVA[0], line2]
    assert find_mrz_lines(lines, [0.99, 0.99]).fields["personal_number"].valid
    r = find_mrz_lines([MRVA[0], line2.replace("XE347347", "XE34737")], [0.99, 0.99])
    assert r["personal_number"] == "XE34737"
    assert not r.fields["personal_number"].valid


def test_a_character_read_as_none_of_the_mrz_is_a_doubt():
    """The page's recogniser reads any script. An MRZ holds capitals, digits and fillers only: a
    lower-case 'l' is what an I or a 1 reads as, and taken as L it passes every check digit a 1
    does (21 and 1); a stroke or a letter with a diacritic was dropped, and the padding recounted
    to make up for it. Such a character is a doubt: the field holding it is not verified."""
    from ocr_service.mrz import find_mrz_lines

    lines = _td3("134734734")
    assert find_mrz_lines(lines, [0.97, 0.97]).valid
    r = find_mrz_lines([lines[0], "l" + lines[1][1:]], [0.97, 0.97])
    assert r.check_digits["document_number"] and r.check_digits["composite"]
    assert not r.fields["document_number"].valid
    assert not r.valid
    for read in ("ERlKSSON", "ER|KSSON", "ERIKSSÖN"):
        r = find_mrz_lines([lines[0].replace("ERIKSSON", read), lines[1]], [0.97, 0.97])
        assert r.valid and r["surname"] in ("ERLKSSON", "ERIKSSON")
        assert not r.fields["surname"].valid
    # lower case of the capital's shape is the capital
    r = find_mrz_lines([lines[0].replace("ERIKSSON", "ERIKSSoN"), lines[1]], [0.97, 0.97])
    assert r["surname"] == "ERIKSSON" and r.fields["surname"].valid


def test_two_doubtful_digits_of_a_date_that_cancel_out_are_not_vouched_for():
    """740812 read 290812: the two changes cancel out in the birth date's check digit and in the
    composite alike (7 * 5 + 3 * 5 and 1 * 5 + 3 * 5). Read at 0.6, each with the printed digit
    second, the date cannot be vouched for; read surely, it says what it says."""
    read = [TD3[0], TD3[1].replace("7408122", "2908122")]
    r = _read_with(read, (1, 13), 0.6, "7", ((1, 14), 0.6, "4"))
    assert all(r.check_digits.values())
    assert r["birth_date"] == "1929-08-12"
    assert not r.fields["birth_date"].valid
    assert not r.valid
    # one digit in doubt alone cannot keep the check digit holding: nothing blind
    assert _read_with(TD3, (1, 13), 0.6, "2").fields["birth_date"].valid
    assert _read_with(read, (1, 13), 0.8, "7", ((1, 14), 0.8, "4")).valid


def test_a_filler_inside_a_document_number_is_not_a_number():
    """Fillers only end a number: 'XA<347347' dropped to 'XA347347' is not what the check
    digit covered (the same number written right, 'XA347347<', has another digit)."""
    lines = _td3("XAK347347")
    lines[1] = lines[1].replace(
        "XAK347347" + check_digit("XAK347347"), "XA<347347" + check_digit("XA<347347")
    )
    r = parse_mrz(lines, today=TODAY)
    assert not r.fields["document_number"].formed
    assert not r.fields["document_number"].valid
    assert not r.valid


def test_a_country_made_known_by_swapping_a_letter_is_a_guess():
    """No check digit covers a country: Greece's GRC read GRO is one swap from Grenada's GRD."""
    from ocr_service.mrz import find_mrz_lines

    lines = _td3("XAK347347", nationality="GRC")
    lines[1] = lines[1].replace("GRC", "GRO")
    r = find_mrz_lines(lines, [0.97, 0.97])
    nationality = r.fields["nationality"]
    assert nationality.repair_guessed
    assert not nationality.valid
    assert not PassportFields.from_mrz(r).nationality.valid
    # a digit read for the letter it looks like is no guess: a code holds letters only
    lines = _td3("XAK347347", nationality="UTO")
    lines[1] = lines[1].replace("UTO", "UT0")
    assert find_mrz_lines(lines, [0.97, 0.97]).fields["nationality"].valid


def test_a_repair_of_td1_second_optional_data_is_reported_as_one():
    """The composite's repair of the second optional zone is the personal number's: a swap only
    the character class suggests leaves it unverified, as one in the first zone does."""
    line1 = TD1[0]
    body2 = "7408122F1204159UTOABO123<<<<<"
    composite = check_digit(line1[5:30] + body2[0:7] + body2[8:15] + body2[18:29])
    read = [line1, (body2 + composite).replace("ABO123", "AB0123"), TD1[2]]
    ones = [[0.99] * 30 for _ in range(3)]
    r = parse_mrz(read, char_confidences=ones, char_alternatives=[[""] * 30] * 3, today=TODAY)
    assert r.check_digits["composite"]
    assert r["personal_number"] == "ABO123"
    assert r.fields["personal_number"].repaired
    assert r.fields["personal_number"].repair_guessed
    assert not r.fields["personal_number"].valid
    assert not r.valid


def test_an_mrz_typed_in_lower_case_is_taken_as_it_stands():
    # text given without confidences (typed, a text layer's) has no reading to doubt: a lower-case
    # letter is its capital, as before; only a recogniser's 'l' is a guess
    typed = parse_mrz([line.lower() for line in TD3])
    assert typed.valid and typed.fields["document_number"].value == "L898902C3"
    read = parse_mrz([line.lower() for line in TD3], line_confidences=[0.97, 0.97])
    assert not read.valid
