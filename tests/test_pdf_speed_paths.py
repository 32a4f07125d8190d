"""What a text-layer PDF's check reads, and no more: a name's other lines only when its first is
not seen, crops of the same pixels once, crops in runs of one, three or six with no blank row, a
figure's crop padded to no more than 256 px, a logo's line or two not read as six."""

from __future__ import annotations

import numpy as np

from ocr_service import layer_check
from ocr_service.config import Settings
from ocr_service.engines.shapes import PaddedRecognition
from ocr_service.imaging import Limits
from ocr_service.pipeline import process_document
from ocr_service.second_look import RUN_ROWS, read_in_few_shapes
from tests import fixtures
from tests.service import pdfs
from tests.service.test_pipeline import Counting

LIMITS = Limits.from_settings(Settings())
RECEIPT = [text for text, _ in fixtures.RECEIPT_LINES]
# the vendor's name printed again in the footer: two lines of the layer print it
FOOTER = "THANK YOU FOR SHOPPING AT SUNRISE MART SDN BHD"
TWICE = [*RECEIPT, FOOTER]


def _vendor_lines_read(monkeypatch) -> list[list[str]]:
    """The vendor's lines each check of the pixels is given, call by call."""
    calls: list[list[str]] = []
    shown = layer_check.shown

    def spy(image, found, engine):
        calls.append([claim.line.text for claim in found if claim.field == "vendor"])
        return shown(image, found, engine)

    monkeypatch.setattr(layer_check, "shown", spy)
    return calls


def test_a_name_seen_on_its_first_line_is_not_read_on_its_others(engine, monkeypatch):
    # one line of a name seen is enough: the footer that prints it again is not read
    calls = _vendor_lines_read(monkeypatch)
    result = process_document(pdfs.build([pdfs.text_page(TWICE)]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert result.fields.vendor.value == "SUNRISE MART SDN BHD" and result.fields.vendor.confidence > 0.8
    read = [text for call in calls for text in call]
    assert read == ["SUNRISE MART SDN BHD"]


def test_a_name_not_seen_on_its_first_line_is_read_on_its_others(engine, monkeypatch):
    # the header under a white box, the footer prints the name: the footer is read after the
    # header, and the name is seen (vouched for, as when every line was read at once)
    calls = _vendor_lines_read(monkeypatch)
    result = process_document(pdfs.covered(TWICE, 0), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert result.fields.vendor.value == "SUNRISE MART SDN BHD" and result.fields.vendor.confidence > 0.8
    assert [call for call in calls if call] == [["SUNRISE MART SDN BHD"], [FOOTER]]


def test_a_page_its_figures_send_to_ocr_has_no_more_of_its_names_lines_read(engine, monkeypatch):
    # the total and the header under white boxes: the page is read by OCR, and the footer that
    # prints the name again in its layer is not read to vouch for a name the layer no longer gives
    calls = _vendor_lines_read(monkeypatch)
    total = next(i for i, line in enumerate(TWICE) if line.startswith("TOTAL"))
    result = process_document(pdfs.covered(TWICE, 0, total), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert [call for call in calls if call] == [["SUNRISE MART SDN BHD"]]


class _Crops:
    """The engine, recording how many rows each run it reads holds, and how many are paper."""

    def __init__(self, engine):
        self._engine = engine
        self.runs: list[tuple[int, int, int]] = []

    def class_probabilities(self, crops):
        blank = sum(bool((crop == 255).all()) for crop in crops)
        self.runs.append((len(crops), crops[0].shape[1], blank))
        return self._engine.class_probabilities(crops)


def _crop(seed: int, width: int = 180) -> np.ndarray:
    """A crop 48 px tall of dark strokes on paper."""
    crop = np.full((48, width, 3), 255, np.uint8)
    rng = np.random.default_rng(seed)
    for x in rng.integers(10, width - 20, 6):
        crop[12:36, x : x + 6] = 0
    return crop


def test_crops_of_the_same_pixels_are_read_once(engine):
    spy = _Crops(engine)
    a, b = _crop(1), _crop(2)
    texts = layer_check._read(spy, {(0, 0, 1, 1): a, (0, 5, 1, 6): a.copy(), (0, 9, 1, 10): b})
    assert sum(rows - blank for rows, _, blank in spy.runs) == 2
    assert texts[(0, 0, 1, 1)] == texts[(0, 5, 1, 6)]


def test_crops_run_in_a_few_counts_with_no_blank_row(engine):
    spy = _Crops(engine)
    read_in_few_shapes(spy, [_crop(i) for i in range(2)] + [_crop(i, 400) for i in range(2)])
    assert sorted(spy.runs) == [(1, 320, 0), (1, 320, 0), (1, 480, 0), (1, 480, 0)]
    # no blank rows, and three counts of rows for each width: four crops run as three and one,
    # five as three, one and one, seven as six and one
    for count, runs in ((4, [1, 3]), (5, [1, 1, 3]), (7, [1, 6])):
        for width, bucket in ((180, 320), (400, 480)):
            spy = _Crops(engine)
            read_in_few_shapes(spy, [_crop(i, width) for i in range(count)])
            assert sorted(spy.runs) == [(rows, bucket, 0) for rows in runs]
    assert set(RUN_ROWS) == {1, 3, 6}


def test_the_layer_checks_figures_are_read_256_wide_the_second_looks_rows_320(engine):
    # a figure and its neighbours, 48 px tall, is about 170 px wide: padded to 256, not 320
    spy = _Crops(engine)
    layer_check._read(spy, {(0, 0, 1, 1): _crop(1, 170), (0, 5, 1, 6): _crop(2, 300)})
    assert sorted(spy.runs) == [(1, 256, 0), (1, 320, 0)]
    # the second look's rows keep the recogniser's own widths (its readings were measured so)
    spy = _Crops(engine)
    read_in_few_shapes(spy, [_crop(1, 170)])
    assert spy.runs == [(1, 320, 0)]


def test_the_warm_up_reads_the_shapes_of_most_text_layer_pages_checks(engine):
    from ocr_service import runtime

    spy = _Crops(engine)
    spy.warm_up = lambda: None
    runtime.warm_up(spy)
    assert sorted(spy.runs) == sorted((rows, width, rows) for width in (256, 320) for rows in RUN_ROWS)


class _Rows:
    """A stand-in recogniser: the shape of each run, and rows of the right size."""

    def __init__(self):
        self.seen: list[tuple] = []

    def __call__(self, tensor):
        self.seen.append(tensor.shape)
        return np.zeros((tensor.shape[0], -(-tensor.shape[3] // 8), 5), np.float32)


def test_a_short_batch_of_narrow_lines_is_not_filled_to_six():
    # a text-layer page's logo prints a line or two: read as one or three rows, not six
    model = _Rows()
    padded = PaddedRecognition(model, batch=6)
    assert padded(np.ones((1, 3, 48, 200), np.float32)).shape == (1, 25, 5)
    padded(np.ones((2, 3, 48, 600), np.float32))
    padded(np.ones((4, 3, 48, 300), np.float32))
    padded(np.ones((6, 3, 48, 300), np.float32))
    # wider lines as before: the whole batch (their shapes cost tens of megabytes each)
    padded(np.ones((2, 3, 48, 700), np.float32))
    assert [shape[0::3] for shape in model.seen] == [(1, 320), (3, 640), (6, 320), (6, 320), (6, 800)]
