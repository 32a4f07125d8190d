"""The pipeline on its own: typed results, and how often a page is read."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr_service.config import Settings
from ocr_service.engines import ClassProbabilities
from ocr_service.imaging import Limits
from ocr_service.pipeline import NoMrzFound, process_document
from ocr_service.schemas import PassportResponse, ReceiptResponse, TextResponse
from tests import fixtures
from tests.mrz import synth

LIMITS = Limits.from_settings(Settings())


class Counting:
    """The real engine, counting what it is asked to do."""

    def __init__(self, engine):
        self._engine = engine
        self.name = engine.name
        self.calls = {"ocr": 0, "class_probabilities": 0}

    def describe(self):
        return self._engine.describe()

    def warm_up(self):
        self._engine.warm_up()

    def ocr(self, image):
        self.calls["ocr"] += 1
        return self._engine.ocr(image)

    def class_probabilities(self, crops):
        self.calls["class_probabilities"] += 1
        return self._engine.class_probabilities(crops)


class BlindRecogniser(Counting):
    """The real engine, except that its recogniser sees nothing in line crops: the MRZ reader
    fails as it does on a page its morphology cannot make sense of."""

    def class_probabilities(self, crops):
        self.calls["class_probabilities"] += 1
        answer = self._engine.class_probabilities(crops)
        blank = [np.zeros_like(s) for s in answer.steps]
        for s in blank:
            s[:, 0] = 1.0
        return ClassProbabilities(answer.classes, blank)


@pytest.fixture(scope="module")
def passport_jpeg():
    rng = random.Random(20261124)  # a number whose look-alikes the page settles
    doc = synth.random_identity(rng, "TD3")
    ok, buf = cv2.imencode(".jpg", synth.render_page(doc, rng, px_per_mm=8.0), [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return buf.tobytes(), doc


def test_auto_reads_a_passport_page_once(engine, passport_jpeg):
    data, doc = passport_jpeg
    counting = Counting(engine)
    result = process_document(data, "auto", counting, LIMITS)
    assert isinstance(result, PassportResponse)
    assert result.fields.valid.value is True
    assert result.fields.document_number.value == doc.truth["document_number"]
    # the page once in full (to classify it), then only its MRZ lines
    assert counting.calls["ocr"] == 1
    assert counting.calls["class_probabilities"] >= 1
    assert result.pages[0].lines


def test_auto_falls_back_on_the_lines_already_read(engine, passport_jpeg):
    """When the MRZ reader finds nothing, the MRZ comes from the page's lines, not a new read."""
    data, doc = passport_jpeg
    blind = BlindRecogniser(engine)
    result = process_document(data, "auto", blind, LIMITS)
    assert isinstance(result, PassportResponse)
    assert blind.calls["ocr"] == 1
    assert result.fields.mrz_lines.value == doc.lines


def test_passport_mode_reads_only_the_mrz(engine, passport_jpeg):
    data, _doc = passport_jpeg
    counting = Counting(engine)
    result = process_document(data, "passport", counting, LIMITS)
    assert isinstance(result, PassportResponse)
    assert counting.calls["ocr"] == 0
    assert result.pages[0].lines == [] and result.warnings
    assert result.text.splitlines() == result.fields.mrz_lines.value


def test_passport_mode_reads_the_page_when_the_mrz_reader_finds_nothing(engine, passport_jpeg):
    data, doc = passport_jpeg
    blind = BlindRecogniser(engine)
    result = process_document(data, "passport", blind, LIMITS)
    assert isinstance(result, PassportResponse)
    assert blind.calls["ocr"] == 1
    assert result.fields.mrz_lines.value == doc.lines


def test_typed_results_for_receipts_and_text(engine):
    receipt = process_document(fixtures.receipt_jpeg(), "auto", engine, LIMITS)
    assert isinstance(receipt, ReceiptResponse)
    assert receipt.fields.total.value == "24.86"
    assert receipt.model_dump(mode="json")["doc_type"] == "receipt"
    text = process_document(fixtures.receipt_jpeg(), "text", engine, LIMITS)
    assert isinstance(text, TextResponse)
    assert text.model_dump(mode="json")["fields"] == {}
    assert set(text.timings_ms) == {"decode", "ocr", "total"}


def test_a_page_without_mrz_in_passport_mode(engine):
    data = fixtures.encode(fixtures.receipt_image(), "PNG")
    with pytest.raises(NoMrzFound) as err:
        process_document(data, "passport", engine, LIMITS)
    assert 0.0 <= err.value.confidence <= 1.0


def test_a_blank_page_makes_no_unreadable_mrz_certainly_absent(engine):
    """The no-MRZ confidence (how sure the document holds none) is its least sure page's: MRZ-like
    print that could not be read is worth a better scan whatever page follows it."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(synth.ocrb_font_path(), 40)
    page = Image.new("L", (1400, 500), 255)
    ImageDraw.Draw(page).text((40, 300), "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", font=font, fill=0)

    def no_mrz(frames):
        buf = io.BytesIO()
        frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
        with pytest.raises(NoMrzFound) as err:
            process_document(buf.getvalue(), "passport", engine, LIMITS)
        return err.value.confidence

    alone = no_mrz([page])
    assert alone < 1.0
    assert no_mrz([page, Image.new("L", (1400, 500), 255)]) == alone


LETTER = [
    ("Dear Ms Smith,", False),
    ("Thank you for your letter of 12 March 2026 about the", False),
    ("meeting. We agreed the budget will total 4,500.00 for", False),
    ("the year and the first review is on 03/04/2026.", False),
    ("The total number of attendees was 35 and the room", False),
    ("costs 120.00 per day. Please call 020 7946 0018.", False),
    ("Kind regards,", False),
    ("John Brown, Acme Consulting Ltd", False),
]


@pytest.mark.parametrize("document", ["letter", "passport"])
def test_a_document_sent_as_a_receipt_that_is_none_vouches_for_no_field(engine, passport_jpeg, document):
    """The addon sends every expense attachment as a receipt: a letter's "will total 4,500.00"
    and "12 March 2026", a passport's date of birth, came back at 0.94-0.95, over the addon's
    threshold (0.8). They come back below it, with a warning saying why."""
    data = (
        passport_jpeg[0] if document == "passport" else fixtures.encode(fixtures.receipt_image(LETTER, 900))
    )
    result = process_document(data, "receipt", engine, LIMITS)
    assert isinstance(result, ReceiptResponse)
    values = {name: f for name, f in result.fields if hasattr(f, "confidence") and f.value is not None}
    assert values, "nothing was read: the test no longer shows what it is about"
    assert all(f.confidence <= 0.5 for f in values.values()), values
    assert any("does not look like a receipt" in w for w in result.warnings)
    # a receipt sent the same way is still vouched for
    receipt = process_document(fixtures.receipt_jpeg(), "receipt", engine, LIMITS)
    assert receipt.fields.total.value == "24.86" and receipt.fields.total.confidence >= 0.8
    assert not receipt.warnings


def test_a_document_that_says_it_records_no_payment_vouches_for_no_field(engine):
    """A quote printed as a till receipt prints ("ANGEBOT", "Gesamtbetrag 1.688,61") came back at
    0.98, over the addon's threshold; a declined card payment's amount at 0.94. Both come back at
    0.5 at most, with a warning naming what the document is."""
    declined = [
        *fixtures.RECEIPT_LINES[:-4],
        ("*** CARD DECLINED ***", True),
        ("NO FUNDS HAVE BEEN TAKEN", False),
    ]
    for lines, kind, code in ((_QUOTE, "a quote", "quote"), (declined, "a declined payment", "declined")):
        result = process_document(
            fixtures.encode(fixtures.receipt_image(lines, 900)), "receipt", engine, LIMITS
        )
        total = result.fields.total
        assert total.value is not None, "nothing was read: the test no longer shows what it is about"
        assert all(f.confidence <= 0.5 for _, f in result.fields if hasattr(f, "confidence")), result.fields
        assert any(f"reads as {kind}, which records no payment" in w for w in result.warnings), (
            result.warnings
        )
        assert result.fields.no_payment == code


_QUOTE = [
    ("Malerbetrieb Huber GmbH", True),
    ("Hauptstr. 3, 80331 Muenchen", False),
    ("ANGEBOT Nr. AN-2026-117", True),
    ("Datum: 14.11.2026", False),
    ("Wand streichen 40 m2                1.200,00", False),
    ("Material                              219,00", False),
    ("Netto                               1.419,00", False),
    ("MwSt 19%                              269,61", False),
    ("Gesamtbetrag                 EUR    1.688,61", True),
]
