"""PDF pages read from their own text layer instead of OCR, and the pages that are not."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr_service import pdf_worker
from ocr_service.config import Settings
from ocr_service.errors import TooLarge
from ocr_service.imaging import Limits, load_pages
from ocr_service.pipeline import process_document
from ocr_service.schemas import PassportResponse, ReceiptResponse
from tests import fixtures
from tests.mrz import synth
from tests.service import pdfs
from tests.service.conftest import make_client
from tests.service.test_pipeline import Counting

LIMITS = Limits.from_settings(Settings())
RECEIPT = [text for text, _ in fixtures.RECEIPT_LINES]


def printed_pieces(lines: list[str]) -> list[str]:
    """What a reader should return for ``lines`` printed in Courier: a line's pieces apart
    where three or more spaces align them, inner runs of spaces as one."""
    out = []
    for line in lines:
        out += [re.sub(r" +", " ", piece.strip()) for piece in re.split(r" {3,}", line) if piece.strip()]
    return out


@pytest.fixture
def renders(monkeypatch):
    """How many pages pdfium renders (in its child process: counted from what it returns)."""
    calls = []
    real = pdf_worker.call

    def counted(limits, name, *args):
        result = real(limits, name, *args)
        if name == "render_page":
            calls.append(1)
        elif name == "pdf_document":
            calls.extend(1 for page in result if page.image is not None or page.rendered is not None)
        return result

    monkeypatch.setattr(pdf_worker, "call", counted)
    return calls


def test_a_text_pdf_receipt_is_read_exactly_with_its_figures_seen_on_the_page(engine, renders):
    data = pdfs.build([pdfs.text_page(RECEIPT)])
    counting = Counting(engine)
    result = process_document(data, "auto", counting, LIMITS)
    assert isinstance(result, ReceiptResponse)
    page = result.pages[0]
    assert page.source == "text-layer"
    assert [line.text for line in page.lines] == printed_pieces(RECEIPT)
    assert all(line.confidence == 1.0 for line in page.lines)
    fields = result.fields
    assert (fields.total.value, fields.date.value, fields.tax.value) == ("24.86", "2024-03-14", "1.41")
    assert fields.vendor.value == "SUNRISE MART SDN BHD"
    # the page rendered once, only the figures printing the total, tax and date and the vendor's
    # line looked at (recognised in a batch a width: no detection, no page read by OCR)
    # (and the vendor's name and the receipt number, which no page is read again for)
    assert renders == [1] and counting.calls["ocr"] == 0 and 1 <= counting.calls["class_probabilities"] <= 5
    assert "text_layer" in result.timings_ms and "ocr" not in result.timings_ms
    assert "layer_check" in result.timings_ms and not result.warnings
    assert result.timings_ms["text_layer"] < 1000  # milliseconds; the benchmark measures it


def test_a_text_pdf_receipt_without_tax_gets_no_second_look(engine, renders):
    # OCR_SECOND_LOOK=missing looks again at scanned pages only: a text layer holds all it prints
    untaxed = [line for line in RECEIPT if not line.startswith(("SST", "SUBTOTAL"))]
    counting = Counting(engine)
    result = process_document(pdfs.build([pdfs.text_page(untaxed)]), "receipt", counting, LIMITS)
    assert result.fields.total.value == "24.86" and result.fields.tax.value is None
    assert renders == [1] and counting.calls["ocr"] == 0 and counting.calls["class_probabilities"] >= 1
    assert "second_look" not in result.timings_ms


def test_text_layer_lines_sit_where_the_rendered_page_shows_them(engine):
    """The boxes are in the pixels of the page rendered at the service's DPI, as OCR's are."""
    data = pdfs.build([pdfs.text_page(RECEIPT)])
    from_text = process_document(data, "text", engine, LIMITS).pages[0]
    from_pixels = process_document(
        data, "text", engine, Limits.from_settings(Settings(pdf_text_layer=False))
    ).pages[0]
    assert (from_text.width, from_text.height) == (from_pixels.width, from_pixels.height)
    assert from_pixels.source == "ocr"
    read = {line.text: line.bbox for line in from_pixels.lines}
    matched = 0
    for line in from_text.lines:
        if line.text in read:
            matched += 1
            ocr_box = read[line.text]
            # the same place, within a few pixels (OCR boxes are a little looser)
            assert all(abs(a - b) < 12 for a, b in zip(line.bbox, ocr_box, strict=True)), line.text
    assert matched >= 5


def ink_box(image) -> list[float]:
    ys, xs = np.nonzero(image.min(axis=2) < 128)
    return [float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)]


def union(lines) -> list[float]:
    return [min(ln.x0 for ln in lines), min(ln.y0 for ln in lines), max(ln.x1 for ln in lines),
            max(ln.y1 for ln in lines)]  # fmt: skip


@pytest.mark.parametrize("rotate", [0, 90])
def test_text_layer_boxes_are_where_the_page_renders_its_ink(rotate):
    """In the pixels of the page as shown, a turned page (/Rotate 90, its text drawn a quarter
    turned so that it reads upright) included."""
    if rotate:
        page = pdfs.PdfPage(400, 300, [b"BT /F1 10 Tf"], rotate=90)
        for i, line in enumerate(RECEIPT):
            page.content.append(f"0 1 -1 0 {40 + 14 * i} 20 Tm (".encode() + line.encode() + b") Tj")
        page.content.append(b"ET")
    else:
        page = pdfs.text_page(RECEIPT)
    data = pdfs.build([page])
    (read,) = load_pages(data, LIMITS)[1]
    (shown,) = load_pages(data, Limits.from_settings(Settings(pdf_text_layer=False)))[1]
    assert read.source == "text-layer" and (read.width, read.height) == (shown.width, shown.height)
    assert [line.text for line in read.text_lines] == printed_pieces(RECEIPT)
    ink, text = ink_box(shown.image), union(read.text_lines)
    # glyph boxes hold the font's ascent and descent: the ink lies inside, a few pixels in
    assert all(t - 1 <= i for t, i in zip(text[:2], ink[:2], strict=True))
    assert all(i <= t + 1 for i, t in zip(ink[2:], text[2:], strict=True))
    assert all(abs(t - i) < 12 for t, i in zip(text, ink, strict=True))


def test_text_pdfs_do_not_teach_the_admission_a_page_takes_milliseconds(ocr_workers):
    """Pages are costed before they are opened, as if OCR'd: documents read without the engine
    must not drag down the learned time a page takes, or scans would be admitted past the
    timeout."""
    with make_client(ocr_workers) as client:
        admission = client.app.state.admission
        before = admission.page_seconds
        for n in range(3):
            lines = [*RECEIPT, f"Ref {n}"]  # another document each time, not the cache's
            response = client.post("/ocr", files={"file": ("r.pdf", pdfs.build([pdfs.text_page(lines)]))})
            assert response.status_code == 200 and response.json()["pages"][0]["source"] == "text-layer"
        assert admission.page_seconds == before
        scan = pdfs.build([pdfs.scan_page(fixtures.receipt_image())])
        assert client.post("/ocr", files={"file": ("s.pdf", scan)}).status_code == 200
        assert admission.page_seconds != before


def test_a_mixed_pdf_reads_its_text_page_and_its_scanned_page(engine, renders):
    head, tail = RECEIPT[:7], fixtures.RECEIPT_LINES[7:]
    data = pdfs.build([pdfs.text_page(head), pdfs.scan_page(fixtures.receipt_image(tail))])
    counting = Counting(engine)
    result = process_document(data, "receipt", counting, LIMITS)
    assert [page.source for page in result.pages] == ["text-layer", "ocr"]
    assert [line.text for line in result.pages[0].lines] == printed_pieces(head)
    assert any("TOTAL" in line.text for line in result.pages[1].lines)
    # the scanned page rendered and read; the text page rendered to see its date line
    assert counting.calls["ocr"] == 1 and len(renders) == 2
    assert result.fields.total.value == "24.86" and result.fields.date.value == "2024-03-14"
    assert {"text_layer", "ocr"} <= set(result.timings_ms)


def test_a_scan_with_an_invisible_garbage_text_layer_is_read_by_ocr(engine):
    """The OCR layer another program put under a scan (render mode 3) is not trusted."""
    rng = random.Random(7)
    garbage = ["".join(rng.choice("lI1|!;:,.'il") for _ in range(30)) for _ in range(20)]
    page = pdfs.scan_page(fixtures.receipt_image())
    page.content.append(pdfs.text_ops(garbage, 10, page.height - 20, mode=3))
    counting = Counting(engine)
    result = process_document(pdfs.build([page]), "auto", counting, LIMITS)
    assert result.pages[0].source == "ocr" and counting.calls["ocr"] == 1
    assert isinstance(result, ReceiptResponse) and result.fields.total.value == "24.86"


def test_text_without_meaning_is_not_trusted(engine):
    """Visible text of control codes, as a font with no Unicode map gives, on a page alone and
    over a scan."""
    page = pdfs.scan_page(fixtures.receipt_image())
    junk = [bytes([*range(1, 9), *range(14, 32)]) for _ in range(20)]
    page.content.insert(0, pdfs.text_ops(junk, 10, page.height - 20))
    text_only = pdfs.PdfPage(page.width, page.height, [pdfs.text_ops(junk, 10, page.height - 20)])
    counting = Counting(engine)
    result = process_document(pdfs.build([text_only, page]), "text", counting, LIMITS)
    assert [p.source for p in result.pages] == ["ocr", "ocr"]


FORGED_TOTAL = ["GRAND TOTAL                     RM   99.99"]


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param(pdfs.text_ops(FORGED_TOTAL, 20, 30, gray=1.0), id="white"),
        pytest.param(pdfs.text_ops(FORGED_TOTAL, 20, 30, mode=3), id="invisible"),
        # outlined only (mode 1), filled and outlined (mode 2): in white, both
        pytest.param(
            pdfs.text_ops(FORGED_TOTAL, 20, 30, mode=1, gray=1.0).replace(b" g ", b" g 1 G ", 1), id="outline"
        ),
        pytest.param(
            pdfs.text_ops(FORGED_TOTAL, 20, 30, mode=2, gray=1.0).replace(b" g ", b" g 1 G ", 1), id="both"
        ),
        pytest.param(pdfs.text_ops(FORGED_TOTAL, 400, 30), id="off-page"),
        pytest.param(pdfs.text_ops(FORGED_TOTAL, 20, 30, size=0.8), id="tiny"),
    ],
)
def test_text_that_cannot_be_seen_is_not_read(engine, hidden):
    """A receipt with a total no one sees: in white, invisible, beside the page, too small."""
    page = pdfs.text_page(RECEIPT)  # 300 points wide
    page.content.append(hidden)
    result = process_document(pdfs.build([page]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert [line.text for line in result.pages[0].lines] == printed_pieces(RECEIPT)
    assert result.fields.total.value == "24.86"


def _total_forged(how: str) -> bytes:
    """The receipt's text layer, its total line saying 24.86 while the page shows 99.99 there
    (drawn as bars: no text, no picture); ``how`` hides the 24.86 the layer holds."""
    page = pdfs.text_page(RECEIPT)
    index = RECEIPT.index(next(line for line in RECEIPT if line.startswith("TOTAL")))
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - index * leading
    x = 20 + RECEIPT[index].index("24.86") * 0.6 * size  # Courier: 0.6 em a character
    lines = list(RECEIPT)
    lines[index] = RECEIPT[index].replace("24.86", "     ")
    page.content = [pdfs.text_ops(lines, 20, page.height - 36 - size, size=size, leading=leading)]
    amount = pdfs.text_ops(["24.86"], x, baseline, size=size, leading=leading)
    if how == "covered":
        page.content += [amount, f"1 g {x - 1:.2f} {baseline - 3:.2f} 34 13 re f".encode()]
    elif how == "near-white":
        page.content.append(pdfs.text_ops(["24.86"], x, baseline, size=size, leading=leading, gray=0.97))
    elif how == "clipped":
        page.content.append(b"q 0 0 1 1 re W n " + amount + b" Q")
    page.content.append(pdfs.segment_digits("99.99", x, baseline))
    return pdfs.build([page])


def test_a_currency_the_page_does_not_show_is_not_taken_from_the_text_layer(engine):
    """A layer whose total line says USD under a white box (the page shows no currency): the
    page is read by OCR, and the answer does not vouch for dollars."""
    page = pdfs.text_page(RECEIPT)
    index = RECEIPT.index(next(line for line in RECEIPT if line.startswith("TOTAL")))
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - index * leading
    lines = list(RECEIPT)
    lines[index] = RECEIPT[index].replace("RM ", "USD")
    x = 20 + lines[index].index("USD") * 0.6 * size
    page.content = [pdfs.text_ops(lines, 20, page.height - 36 - size, size=size, leading=leading)]
    page.content.append(f"1 g {x - 1:.2f} {baseline - 3:.2f} {0.6 * size * 3 + 2:.2f} 13 re f".encode())
    result = process_document(pdfs.build([page]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value == "24.86"
    assert result.fields.currency.value != "USD"
    # the same page with the code in sight is read from its layer, dollars and all
    shown = pdfs.text_page(lines)
    result = process_document(pdfs.build([shown]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert result.fields.currency.value == "USD"


@pytest.mark.parametrize("how", ["covered", "near-white", "clipped"])
def test_a_total_the_page_does_not_show_is_not_taken_from_the_text_layer(engine, how):
    """A text layer whose total line the page does not show (under a white box, in a white no
    eye sees, clipped away) while the page prints another total: the page is read by OCR, and
    the service never vouches for the layer's 24.86."""
    result = process_document(_total_forged(how), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value != "24.86"
    assert any("text layer does not show what it says" in warning for warning in result.warnings)


def test_the_forged_total_is_read_by_ocr_as_the_page_shows_it(engine):
    # what an approver sees when opening the PDF is what the answer says
    result = process_document(_total_forged("covered"), "receipt", Counting(engine), LIMITS)
    assert "99.99" in result.text and "24.86" not in result.text


def test_text_that_runs_sideways_is_read_as_a_picture(engine):
    """Lines turned a quarter: one character a line in the page's pixels; OCR sees the page."""
    page = pdfs.PdfPage(300, 500, [b"BT /F1 10 Tf"])
    for i, line in enumerate(RECEIPT):
        page.content.append(f"0 1 -1 0 {280 - 14 * i} 20 Tm (".encode() + line.encode() + b") Tj")
    page.content.append(b"ET")
    assert [p.source for p in load_pages(pdfs.build([page]), LIMITS)[1]] == ["ocr"]


def test_text_over_a_picture_is_not_read(engine):
    """A typed receipt over a picture of another: what is seen may be the picture."""
    page = pdfs.text_page(RECEIPT)
    page.images["Photo"] = fixtures.receipt_image()
    page.content.insert(0, pdfs.image_ops("Photo", 0, 0, page.width, page.height))
    assert [p.source for p in load_pages(pdfs.build([page]), LIMITS)[1]] == ["ocr"]


def test_a_scanned_page_with_a_text_footer_is_read_by_ocr(engine):
    """Text over a small part of a page that is otherwise a picture: the picture is read."""
    page = pdfs.scan_page(fixtures.receipt_image())
    page.content.append(pdfs.text_ops(["Scanned 2024-03-15 by the office copier, page 1 of 1"], 5, 8, size=5))
    counting = Counting(engine)
    result = process_document(pdfs.build([page]), "receipt", counting, LIMITS)
    assert result.pages[0].source == "ocr" and counting.calls["ocr"] == 1
    assert result.fields.total.value == "24.86"


def test_a_logo_beside_the_text_is_read_on_its_own(engine, renders):
    """A picture beside the text (a logo that prints the shop's name): the page stays text, the
    picture alone goes to the engine."""
    page = pdfs.text_page(RECEIPT[1:], width=360)
    page.height += 60
    logo = Image.new("RGB", (600, 100), "white")
    ImageDraw.Draw(logo).text((20, 10), "SUNRISE", fill="black", font=fixtures.font(72, bold=True))
    page.images["Logo"] = logo
    page.content.append(pdfs.image_ops("Logo", 20, page.height - 50, 216, 36))
    counting = Counting(engine)
    result = process_document(pdfs.build([page]), "receipt", counting, LIMITS)
    assert result.pages[0].source == "text-layer"
    texts = [line.text for line in result.pages[0].lines]
    assert texts[0] == "SUNRISE" and result.pages[0].lines[0].confidence < 1.0
    assert texts[1:] == printed_pieces(RECEIPT[1:])
    assert counting.calls["ocr"] == 1 and len(renders) == 1
    assert result.fields.total.value == "24.86"


def huge_text_page(chars: int) -> pdfs.PdfPage:
    """``chars`` characters of tiny text, none over another, on a page the size limits accept."""
    line = "0123456789" * 1000
    lines = [line] * (chars // len(line))
    return pdfs.PdfPage(3100, 4000, [pdfs.text_ops(lines, 5, 3990, size=0.5, leading=0.6)])


def test_a_huge_text_layer_is_refused_naming_the_limit(engine, renders):
    data = pdfs.build([huge_text_page(1_000_000)])
    assert len(data) < 10_000  # a million characters compress to little
    with pytest.raises(TooLarge) as refused:
        process_document(data, "auto", Counting(engine), LIMITS)
    assert refused.value.status == 413 and refused.value.code == "text_layer_too_large"
    assert "OCR_MAX_PDF_PAGE_CHARS" in refused.value.message
    assert renders == []


def test_the_text_layer_is_bounded_over_the_whole_document(engine):
    pages = [huge_text_page(40_000) for _ in range(6)]  # each under the page limit, 240 000 in all
    with pytest.raises(TooLarge) as refused:
        process_document(pdfs.build(pages), "auto", Counting(engine), LIMITS)
    assert refused.value.code == "text_layer_too_large" and "OCR_MAX_PDF_CHARS" in refused.value.message


def test_the_api_answers_413_for_a_huge_text_layer(ocr_workers):
    with make_client(ocr_workers) as client:
        response = client.post(
            "/ocr", files={"file": ("doc.pdf", pdfs.build([huge_text_page(60_000)]), "application/pdf")}
        )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "text_layer_too_large"


def passport_text_page(lines: list[str]) -> bytes:
    """A page of text holding an MRZ, as software prints a passport's data page: no picture."""
    return pdfs.build([pdfs.text_page(["PASSPORT DATA PAGE, AS PRINTED", "", *lines], width=480, size=12)])


@pytest.mark.parametrize("doc_type", ["auto", "passport"])
def test_a_text_page_that_shows_an_mrz_is_read_from_its_pixels(engine, doc_type):
    doc = synth.random_identity(random.Random(5), "TD3")
    data = passport_text_page(list(doc.lines))
    # its text layer alone passes every test: the MRZ is what sends it to the pixels
    assert [page.source for page in load_pages(data, LIMITS)[1]] == ["text-layer"]
    counting = Counting(engine)
    result = process_document(data, doc_type, counting, LIMITS)
    assert isinstance(result, PassportResponse)
    assert result.fields.document_number.value == doc.truth["document_number"]
    assert result.fields.valid.value is True
    assert result.pages[0].source == "ocr"
    # passport mode does not even look at the text layer
    assert ("text_layer" in result.timings_ms) is (doc_type == "auto")
    assert counting.calls["class_probabilities"] >= 1
    assert counting.calls["ocr"] == (1 if doc_type == "auto" else 0)


@pytest.fixture(scope="module")
def forged_passport():
    """A passport scan with a text layer that names someone else, hidden under the picture:
    visible text (render mode 0), drawn first, then covered by the scan."""
    rng = random.Random(20261124)  # the passport of test_pipeline's auto tests
    shown = synth.random_identity(rng, "TD3")
    scan = Image.fromarray(synth.render_page(shown, rng, px_per_mm=8.0)[:, :, ::-1])
    forged = synth.random_identity(random.Random(1), "TD3")
    assert shown.truth["document_number"] != forged.truth["document_number"]
    page = pdfs.scan_page(scan)
    size = page.height / (1.2 * 42 + 2)
    # lines across the whole page, so that the text layer alone would be trusted
    filler = [("Page text line %02d, nothing to see here. " % i * 9)[: int(page.width / (0.6 * size)) - 2]
              for i in range(40)]  # fmt: skip
    text = filler + list(forged.lines)
    page.content.insert(0, pdfs.text_ops(text, 4, page.height - size, size=size, leading=size * 1.2))
    return pdfs.build([page]), shown


@pytest.mark.parametrize("doc_type", ["auto", "passport"])
def test_a_passport_hiding_another_mrz_under_its_picture_is_read_from_its_pixels(
    engine, forged_passport, doc_type
):
    data, shown = forged_passport
    counting = Counting(engine)
    result = process_document(data, doc_type, counting, LIMITS)
    assert isinstance(result, PassportResponse)
    assert result.fields.document_number.value == shown.truth["document_number"]
    assert result.fields.valid.value is True
    assert result.pages[0].source == "ocr"
    assert counting.calls["class_probabilities"] >= 1


def test_a_text_pdf_read_as_text_is_not_rendered(engine, renders):
    # only a receipt's figures are checked on the page's pixels: a text read needs none
    result = process_document(pdfs.build([pdfs.text_page(RECEIPT)]), "text", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert renders == []


@pytest.mark.parametrize("total, currency", [("€ 67,65", "EUR"), ("73,99 €", "EUR"), ("£25.15", "GBP")])
def test_a_currency_sign_is_seen_on_its_line_without_the_detector(engine, renders, total, currency):
    # a sign cut out with one character either side reads as a letter ("€ 6" as "EI"): the check
    # read its line again with the detector, 80 ms a PDF; the sign read on its whole line is seen
    lines = [
        "CORNER BAKERY",
        "12 High Street, London",
        "Date: 14/03/2024",
        "Bread   2.40",
        "Coffee   3.10",
        f"TOTAL   {total}",
        "Paid by card",
    ]
    counting = Counting(engine)
    result = process_document(pdfs.build([pdfs.text_page(lines)]), "receipt", counting, LIMITS)
    assert result.pages[0].source == "text-layer"
    amount = total.strip("€£ ").replace(",", ".")
    assert (result.fields.total.value, result.fields.currency.value) == (amount, currency)
    assert result.fields.currency.confidence >= 0.8
    assert renders == [1] and counting.calls["ocr"] == 0
