"""Several machine-readable zones on one page: a passport beside a visa of its holder (a
booklet's facing pages), or two people's passports copied on one sheet. The reader returned the
first zone it found, verified: a visa's number as a passport's, or one of two people's passports
with nothing to say another was there."""

from __future__ import annotations

import random

import numpy as np
import pytest

from ocr_service.mrz import check_digit, parse_mrz, scan_mrz
from ocr_service.mrz.documents import OTHER_PEOPLE, SAME_HOLDER, choose
from tests.mrz.synth import SynthDocument, distort, render_page

CLEAN = {"max_angle": 0.0, "blur": 0.0, "noise": 0.0, "jpeg_quality": 95, "uneven_light": False}


def td3(number, names, birth, sex="F", expiry="300415", nat="UTO", code="P<"):
    line1 = (code + nat + names + "<" * 44)[:44]
    body = number + check_digit(number) + nat + birth + check_digit(birth) + sex + expiry
    body += check_digit(expiry) + "<" * 14 + "<"
    return [line1, body + check_digit(body[0:10] + body[13:20] + body[21:43])]


ANNA = td3("X7K4M9P3A", "ERIKSSON<<ANNA<MARIA", "740812")
PEDRO = td3("M4H7R2W9K", "HOLGARCIA<<PEDRO", "810203", sex="M", expiry="290101")
VISA = ["V<UTOERIKSSON<<ANNA<MARIA" + "<" * 19]
VISA.append(
    ("VX7742313" + check_digit("VX7742313") + "UTO7408122F270101" + check_digit("270101") + "<" * 16)[:44]
)


def parsed(lines):
    return parse_mrz(lines)


def test_a_visa_and_its_holders_passport_read_as_the_passport():
    documents = choose([parsed(VISA), parsed(ANNA)])
    assert documents.chosen.fields["document_number"].value == "X7K4M9P3A"
    assert documents.same_holder == 1
    assert not documents.other_people
    assert documents.warnings == (SAME_HOLDER,)


def test_two_peoples_passports_vouch_for_neither():
    documents = choose([parsed(ANNA), parsed(PEDRO)])
    assert documents.other_people
    assert documents.warnings == (OTHER_PEOPLE,)


def test_one_zone_read_twice_is_one_document():
    documents = choose([parsed(ANNA), parsed(ANNA)])
    assert (documents.same_holder, documents.other_people, documents.warnings) == (0, False, ())


def _page(lines, seed):
    # (the page's printed zone: the visual part drawn from ``truth`` says nothing the test reads)
    truth = {"issuing_country": "UTO", "surname": "X", "given_names": "Y", "nationality": "UTO",
             "birth_date": "-", "sex": "-", "expiry_date": "-", "document_number": "-"}  # fmt: skip
    doc = SynthDocument("MRVA" if lines[0][0] == "V" else "TD3", list(lines), truth)
    return render_page(doc, random.Random(seed), px_per_mm=8.0)


def _sheet(a, b, side_by_side):
    if side_by_side:
        out = np.full((max(a.shape[0], b.shape[0]), a.shape[1] + 10 + b.shape[1], 3), 250, np.uint8)
        out[: a.shape[0], : a.shape[1]] = a
        out[: b.shape[0], a.shape[1] + 10 :] = b
    else:
        out = np.full((a.shape[0] + 20 + b.shape[0], max(a.shape[1], b.shape[1]), 3), 250, np.uint8)
        out[: a.shape[0], : a.shape[1]] = a
        out[a.shape[0] + 20 :, : b.shape[1]] = b
    return distort(out, random.Random(3), **dict(CLEAN, target_pixels=2.0e6))


@pytest.mark.parametrize("side_by_side", [False, True])
@pytest.mark.parametrize("order", ["anna_first", "pedro_first"])
def test_a_copy_of_two_peoples_passports_is_not_verified(mrz_engine, ocrb_font, side_by_side, order):
    pages = [_page(ANNA, 1), _page(PEDRO, 2)]
    if order == "pedro_first":
        pages.reverse()
    outcome = scan_mrz(_sheet(*pages, side_by_side), mrz_engine)
    assert outcome.result is not None
    assert outcome.other_people
    assert OTHER_PEOPLE in outcome.warnings


@pytest.mark.parametrize("side_by_side", [False, True])
def test_a_visa_above_or_beside_the_passport_reads_the_passport(mrz_engine, ocrb_font, side_by_side):
    outcome = scan_mrz(_sheet(_page(VISA, 4), _page(ANNA, 1), side_by_side), mrz_engine)
    assert outcome.result.fields["document_number"].value == "X7K4M9P3A"
    assert outcome.result.verified
    assert not outcome.other_people


def test_one_passport_alone_says_nothing_of_others(mrz_engine, ocrb_font):
    page = distort(_page(ANNA, 1), random.Random(3), **dict(CLEAN, target_pixels=1.2e6))
    outcome = scan_mrz(page, mrz_engine)
    assert outcome.result.verified
    assert (outcome.same_holder, outcome.other_people, outcome.warnings) == (0, False, ())


def test_the_answer_for_a_page_of_two_people_vouches_for_nothing():
    from ocr_service.schemas import PassportFields, scan_mrz_payload

    fields = PassportFields.from_mrz(parsed(ANNA), other_people=True)
    assert fields.several_people
    assert not fields.verified.value
    body = scan_mrz_payload(fields.model_dump(mode="json"))
    assert body["verified"] is False
    assert not any(body["fieldsVerified"].values())
    assert body["confidence"] <= 0.5
    # the values are still said, for a person to check
    assert body["passportNumber"] == "X7K4M9P3A"
    alone = scan_mrz_payload(PassportFields.from_mrz(parsed(ANNA)).model_dump(mode="json"))
    assert alone["verified"] is True
    assert all(alone["fieldsVerified"].values())


def test_a_misread_reading_of_the_zone_beside_a_valid_one_is_no_second_document():
    """The first reading of a passport's zone with a birth digit misread (its check digit
    fails), a later one right: one document, one holder."""
    misread = [ANNA[0], ANNA[1][:13] + "740813" + ANNA[1][19:]]
    first = parsed(misread)
    assert not first.valid
    documents = choose([first, parsed(ANNA)])
    assert documents.chosen.fields["birth_date"].value == parsed(ANNA).fields["birth_date"].value
    assert (documents.same_holder, documents.other_people) == (0, False)


def test_twins_passports_are_two_holders():
    elsa = td3("Y3K4M9P3B", "ERIKSSON<<ELSA<MARIA", "740812")
    assert choose([parsed(ANNA), parsed(elsa)]).other_people


def test_a_copy_of_two_peoples_passports_sent_as_any_document_is_not_verified(mrz_engine, ocrb_font):
    """The same page sent with doc_type "auto" (the service finds the zone itself)."""
    import cv2

    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document

    sheet = _sheet(_page(ANNA, 1), _page(PEDRO, 2), side_by_side=False)
    data = cv2.imencode(".png", sheet)[1].tobytes()
    result = process_document(data, "auto", mrz_engine, Limits.from_settings(Settings()))
    assert result.doc_type == "passport"
    assert result.fields.several_people
    assert not result.fields.verified.value
    assert OTHER_PEOPLE in result.warnings
