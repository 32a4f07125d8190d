"""The text-layer check's edges (a second review): figures joined to other numbers, digits
elsewhere on the line, pictures deep in nested forms, pages of many vector shapes."""

from __future__ import annotations

import zlib

import pypdfium2
import pytest

from ocr_service import layer_check, pdftext
from ocr_service.config import Settings
from ocr_service.engines import Line
from ocr_service.errors import TooLarge
from ocr_service.imaging import Limits, load_pages, measure
from ocr_service.pdftext import check_drawn_pictures, drawn_image_pixels
from ocr_service.pipeline import process_document
from tests import fixtures
from tests.service import pdfs
from tests.service.test_pipeline import Counting

LIMITS = Limits.from_settings(Settings())
RECEIPT = [text for text, _ in fixtures.RECEIPT_LINES]


def _forged(layer_amount: str, shown: str, prefix: str | None = None) -> bytes:
    """Total line: the layer holds ``layer_amount`` (under a white box); the page draws
    ``shown`` as bars there. ``prefix`` replaces the line's visible text before the amount."""
    page = pdfs.text_page(RECEIPT)
    index = RECEIPT.index(next(line for line in RECEIPT if line.startswith("TOTAL")))
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - index * leading
    lines = list(RECEIPT)
    if prefix is None:
        col = RECEIPT[index].index("24.86")
        lines[index] = RECEIPT[index].replace("24.86", "     ")
    else:
        lines[index] = prefix + " " + layer_amount  # one text run: one line of the layer
        col = len(prefix) + 1
    x = 20 + col * 0.6 * size
    page.content = [pdfs.text_ops(lines, 20, page.height - 36 - size, size=size, leading=leading)]
    amount = pdfs.text_ops([layer_amount], x, baseline, size=size, leading=leading) if prefix is None else b""
    w = len(layer_amount) * 0.6 * size + 2
    page.content += [amount, f"1 g {x - 1:.2f} {baseline - 3:.2f} {w:.2f} 13 re f".encode()]
    page.content.append(pdfs.segment_digits(shown, x, baseline))
    return pdfs.build([page])


def test_a_forged_total_joined_to_another_number_is_still_checked(engine):
    # "24.86 0": two numbers, the first a claim; and a total no text line can be seen to print
    # sends the page to OCR
    result = process_document(_forged("24.86 0", "99.99"), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value != "24.86"


def test_digits_elsewhere_on_the_line_do_not_vouch_for_a_total(engine):
    # the page shows "TOTAL 2 ITEMS RM 4.86" where the layer says 24.86
    result = process_document(
        _forged("24.86", "4.86", prefix="TOTAL 2 ITEMS RM"), "receipt", Counting(engine), LIMITS
    )
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value != "24.86"


def test_a_figure_is_seen_only_as_a_whole_number():
    line = Line.from_polygon([[0, 0], [100, 0], [100, 10], [0, 10]], "TOTAL 24.86", 1.0)
    claim = layer_check.Claim(0, line, "2486")
    assert layer_check._says(claim, "TOTAL RM24.86")
    assert layer_check._says(claim, "TOTAL 1 234,56 24,86")
    assert not layer_check._says(claim, "TOTAL 2 ITEMS RM 4.86")
    assert not layer_check._says(claim, "Summe 10,00 Ref 124860")


def test_a_date_is_seen_only_with_its_day_and_month_where_the_layer_has_them():
    """A layer's 03/04/2025 is not shown by a page that draws 04/03/2025: the answer's day and
    month came from the layer's order, whichever the receipt meant."""
    line = Line.from_polygon([[0, 0], [100, 0], [100, 10], [0, 10]], "Date: 03/04/2025 10:42", 1.0)
    claim = layer_check.Claim(0, line, "03042025", "2025-04-03")
    assert layer_check._says(claim, "Date: 03/04/2025 10:42")
    assert layer_check._says(claim, "03.04.2025")
    assert not layer_check._says(claim, "Date: 04/03/2025 10:42")
    assert not layer_check._says(claim, "04.03.2025")
    # a date that reads one way only is seen however the page writes it
    named = layer_check.Claim(0, line, "182025", "2025-10-18")
    assert layer_check._says(named, "18/10/2025")
    assert layer_check._says(named, "18-Oct-2025")


def _nested_pdf(depth: int, side: int = 3000) -> bytes:
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    jpg = zlib.compress(bytes(side * side), 9)
    img = add(
        f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(jpg)} >>\nstream\n".encode()
        + jpg
        + b"\nendstream"
    )
    inner_name, inner = "Im", img
    for level in range(depth):
        cm = "280 0 0 280 0 0 cm " if level == 0 else ""
        data = f"q {cm}/{inner_name} Do Q".encode()
        form = add(
            f"<< /Type /XObject /Subtype /Form /BBox [0 0 300 300] "
            f"/Resources << /XObject << /{inner_name} {inner} 0 R >> >> "
            f"/Length {len(data)} >>\nstream\n".encode()
            + data
            + b"\nendstream"
        )
        inner_name, inner = f"F{level}", form
    data = f"q /{inner_name} Do Q".encode()
    content = add(f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")
    pages_id = len(objs) + 2
    page = add(
        f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 300 300] "
        f"/Resources << /XObject << /{inner_name} {inner} 0 R >> >> /Contents {content} 0 R >>".encode()
    )
    assert add(f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>".encode()) == pages_id
    root = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for n, b in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{n} 0 obj\n".encode() + b + b"\nendobj\n"
    x = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode() + b"".join(
        f"{o:010d} 00000 n \n".encode() for o in offs
    )
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)


def _first_page(data: bytes):
    return pypdfium2.PdfDocument(data)[0]


def test_pictures_deep_in_nested_forms_are_not_drawn_unbounded():
    assert drawn_image_pixels(_first_page(_nested_pdf(1)), 10**12) == 3000 * 3000
    assert drawn_image_pixels(_first_page(_nested_pdf(8)), 10**12) == 3000 * 3000
    # deeper than counted: refused, not drawn uncounted
    assert drawn_image_pixels(_first_page(_nested_pdf(12)), 10**12) is None
    with pytest.raises(TooLarge):
        check_drawn_pictures(_first_page(_nested_pdf(12)), LIMITS.max_total_pixels)
    with pytest.raises(TooLarge):
        measure(_nested_pdf(12), LIMITS)


def test_a_page_of_many_vector_shapes_is_read_not_refused(engine):
    # 25 000 small filled squares (a chart, a vector logo grid): no picture at all
    ops = [f"{(i % 250) * 1.2:.1f} {(i // 250) * 1.2:.1f} 0.8 0.8 re f".encode() for i in range(25_000)]
    page = pdfs.text_page(RECEIPT)
    page.content = [b"0.5 g", *ops, b"0 g", *page.content]
    page.width, page.height = max(page.width, 320), max(page.height, 320)
    data = pdfs.build([page])
    assert measure(data, LIMITS).pages == 1
    result = process_document(data, "receipt", Counting(engine), LIMITS)  # answered, not refused
    assert len(result.pages) == 1 and result.pages[0].lines


WITH_VAT = RECEIPT[:2] + ["VAT ID: DE 123 456 789"] + RECEIPT[2:]


def test_a_text_layer_vat_id_the_page_shows_is_read_from_it(engine):
    result = process_document(pdfs.build([pdfs.text_page(WITH_VAT)]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "text-layer"
    assert result.fields.vendor_vat.value == "DE123456789"
    assert result.fields.vendor.value == "SUNRISE MART SDN BHD"


def test_a_vat_id_the_page_does_not_show_is_not_taken_from_the_text_layer(engine):
    # the addon finds the vendor's contact by its VAT id first: a hidden one would name another
    result = process_document(pdfs.covered(WITH_VAT, 2), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.vendor_vat.value != "DE123456789"
    assert any("text layer does not show what it says" in warning for warning in result.warnings)


def test_a_vat_id_is_seen_only_with_all_its_characters():
    line = Line.from_polygon([[0, 0], [100, 0], [100, 10], [0, 10]], "VAT ID: DE 123 456 789", 1.0)
    vat = layer_check.Claim(0, line, "", characters="DE123456789")
    assert layer_check._says(vat, "VAT ID: DE 123 456 789")
    assert layer_check._says(vat, "DE123456789")
    assert not layer_check._says(vat, "VAT ID: DE 123 456 780")


def test_a_vat_id_is_seen_only_as_a_whole():
    assert layer_check._whole("DE123456789", "VAT ID: DE 123 456 789")
    assert layer_check._whole("DE123456789", "USt-IdNr. DE.123.456.789)")
    assert not layer_check._whole("DE12345678", "VAT ID: DE 123 456 789")  # a digit drawn after it
    assert not layer_check._whole("DE123456789", "XDE123456789")


def _drawn_beside(
    layer_line: str, label: str, drawn: str, hidden: str | None = None, grey: float = 0.97
) -> bytes:
    """The receipt with the TOTAL line's text replaced by ``layer_line``; ``drawn`` drawn as bars
    (no text) after ``label``'s place; ``hidden`` in text of ``grey`` where ``drawn`` is."""
    page = pdfs.text_page(RECEIPT)
    index = RECEIPT.index(next(line for line in RECEIPT if line.startswith("TOTAL")))
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - index * leading
    lines = list(RECEIPT)
    lines[index] = layer_line
    page.content = [pdfs.text_ops(lines, 20, page.height - 36 - size, size=size, leading=leading)]
    x = 20 + len(label) * 0.6 * size
    if hidden:
        page.content.append(
            f"BT /F1 {size:.2f} Tf 0.97 g {x:.2f} {baseline:.2f} Td ({hidden}) Tj ET".encode()
        )
    page.content.append(pdfs.segment_digits(drawn, x, baseline))
    return pdfs.build([page])


def test_a_total_in_pieces_where_the_page_draws_another_is_not_taken_from_the_layer(engine):
    # the layer's total is "15.6" and "5", text objects far apart in the content, in a white no
    # one sees; the page draws 24.86 there as lines; an item prints 15.65 in plain text
    page = pdfs.text_page(RECEIPT)
    index = RECEIPT.index(next(line for line in RECEIPT if line.startswith("TOTAL")))
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - index * leading
    x = 20 + RECEIPT[index].index("24.86") * 0.6 * size
    lines = list(RECEIPT)
    lines[index] = RECEIPT[index].replace("24.86", "     ")
    page.content = [pdfs.text_ops(lines, 20, page.height - 36 - size, size=size, leading=leading)]
    page.content.insert(0, f"BT /F1 {size:.2f} Tf 0.97 g {x:.2f} {baseline:.2f} Td (15.6) Tj ET".encode())
    x2 = x + 4 * 0.6 * size
    page.content.append(f"BT /F1 {size:.2f} Tf 0.97 g {x2:.2f} {baseline:.2f} Td (5) Tj ET".encode())
    page.content.append(pdfs.segment_digits("24.86", x, baseline))
    result = process_document(pdfs.build([page]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value == "24.86"


def test_a_vat_id_the_layer_cuts_short_is_not_taken_from_it(engine):
    # the layer says DE 123 456 78, the page prints a 9 after it
    lines = RECEIPT[:2] + ["VAT ID: DE 123 456 78"] + RECEIPT[2:]
    page = pdfs.text_page(lines)
    size, leading = pdfs.FONT_SIZE, pdfs.FONT_SIZE * 1.4
    baseline = page.height - 36 - size - 2 * leading
    page.content.append(pdfs.segment_digits("9", 20 + len(lines[2]) * 0.6 * size, baseline))
    result = process_document(pdfs.build([page]), "receipt", Counting(engine), LIMITS)
    assert result.pages[0].source == "ocr"
    assert result.fields.vendor_vat.value != "DE12345678"


def test_a_character_of_another_height_starts_a_line_of_its_own():
    # a full stop stretched twelve times would make its line's box take in the rows below
    chars = [pdftext._Char(ch, (10.0 * i, 0.0, 10.0 * i + 9, 20.0)) for i, ch in enumerate("24.86")]
    chars.append(pdftext._Char(".", (50.0, 0.0, 59.0, 240.0)))
    lines = pdftext._group_lines(chars)
    assert [line.text for line in lines] == ["24.86", "."]
    assert lines[0].bbox[3] == 20.0


def test_near_white_text_is_hidden_text():
    # 247 of 255 on white: no one sees it, so the layer's copy of it is not read
    data = _drawn_beside("TOTAL", "TOTAL  ", "24.86", hidden="77.77")
    (page,) = load_pages(data, LIMITS)[1]
    assert page.text_lines and "77.77" not in [line.text for line in page.text_lines]


def test_figures_are_read_from_their_own_characters_pixels():
    # the claim's box is the figure's characters, not its line's: what the recogniser reads
    lines = [("TOTAL RM 24.86" if line.startswith("TOTAL") else line) for line in RECEIPT]
    (page,) = load_pages(pdfs.build([pdfs.text_page(lines)]), LIMITS)[1]
    total = next(line for line in page.text_lines if "24.86" in line.text)
    assert total.spans is not None and len(total.spans) == len(total.text)
    (claim,) = [c for c in layer_check.claims(_fields(total="24.86"), [page.text_lines], {0}) if c.digits]
    start = total.text.index("24.86")
    # with its neighbours: the space before it, and a character's width of paper after it
    width = (total.bbox[2] - total.bbox[0]) / len(total.spans)
    after = total.spans[start + 5][1] if start + 5 < len(total.spans) else total.spans[start + 4][1] + width
    assert claim.box == (total.spans[start - 1][0], total.bbox[1], after, total.bbox[3])
    assert claim.box[2] - claim.box[0] < (total.bbox[2] - total.bbox[0])


def test_a_figure_and_its_currency_sign_are_read_from_one_crop():
    # "RM 24.86" on a line of its own: the sign is read with the whole line, and the figure from
    # that crop too, which takes in the figure's neighbour past the line's end; a line of two
    # figures keeps a crop for each
    lines = [("RM 24.86" if line.startswith("TOTAL") else line) for line in RECEIPT] + ["RM 24.86 RM 24.86"]
    (page,) = load_pages(pdfs.build([pdfs.text_page(lines)]), LIMITS)[1]
    fields = _fields(total="24.86", currency="MYR")
    found = layer_check.claims(fields, [page.text_lines], {0})
    one = [c for c in found if c.line.text == "RM 24.86"]
    assert {c.mark or c.digits for c in one} == {"RM", "2486"}
    (box,) = {c.box for c in one}
    line = one[0].line
    assert box[0] == line.bbox[0] and box[2] > line.bbox[2] and box[1::2] == tuple(line.bbox[1::2])
    two = [c for c in found if c.line.text == "RM 24.86 RM 24.86"]
    assert len({c.box for c in two if c.digits}) == 2


def test_a_forged_figure_beside_its_currency_sign_is_caught(engine):
    # the layer says "RM 24.86", the page draws 99.99 there: the one crop reads 99.99
    result = process_document(
        _forged("24.86", "99.99", prefix="TOTAL RM"), "receipt", Counting(engine), LIMITS
    )
    assert result.pages[0].source == "ocr"
    assert result.fields.total.value != "24.86"


def _fields(**values):
    from ocr_service.schemas import ReceiptFields, ReceiptValue

    empty = {"value": None, "confidence": 0.0}
    names = ("vendor", "date", "total", "subtotal", "tax", "currency", "receipt_number")
    return ReceiptFields(
        **{
            name: ReceiptValue(**({"value": values[name], "confidence": 0.9} if name in values else empty))
            for name in names
        }
    )


def test_a_vendor_or_receipt_number_the_page_does_not_show_is_not_vouched_for(engine):
    """Names are checked as figures are, but one the pixels do not show (under a white box)
    leaves the page trusted and keeps only a guess's confidence (below the addon's 0.8)."""
    from ocr_service.receipt.calibration import GUESS_CEILING

    shown = process_document(pdfs.build([pdfs.text_page(RECEIPT)]), "receipt", Counting(engine), LIMITS)
    assert shown.pages[0].source == "text-layer"
    assert shown.fields.vendor.value == "SUNRISE MART SDN BHD" and shown.fields.vendor.confidence > 0.8
    assert shown.fields.receipt_number.value == "INV-20931" and shown.fields.receipt_number.confidence > 0.8
    number = next(i for i, line in enumerate(RECEIPT) if "INV-20931" in line)
    hidden = process_document(pdfs.covered(RECEIPT, 0, number), "receipt", Counting(engine), LIMITS)
    assert hidden.pages[0].source == "text-layer"
    assert hidden.fields.total.value == "24.86" and hidden.fields.total.confidence > 0.8
    assert hidden.fields.vendor.value == "SUNRISE MART SDN BHD"
    assert hidden.fields.vendor.confidence <= GUESS_CEILING
    assert hidden.fields.receipt_number.confidence <= GUESS_CEILING


def test_a_name_the_page_does_not_show_stays_a_guess_when_the_fields_are_read_again(engine, monkeypatch):
    """A mixed document (a text page, a scanned page) whose tax was not found gets the second
    look, and its fields are read again: the vendor its text layer says and its page does not
    show stays a guess."""
    from ocr_service.receipt.calibration import GUESS_CEILING

    lines = [line for line in RECEIPT if not line.startswith("SST")]  # no tax: a second look
    page = pdfs.text_page(lines)
    size = pdfs.FONT_SIZE
    baseline = page.height - 36 - size  # the first line's, as _covered finds it
    page.content.append(f"1 g 19 {baseline - 3:.2f} {len(lines[0]) * 0.6 * size + 2:.2f} 13 re f".encode())
    scan = pdfs.scan_page(fixtures.receipt_image([("THANK YOU", False), ("PLEASE COME AGAIN", False)]))
    data = pdfs.build([page, scan])
    looked = []
    # the second look finds print (a new list of lines): the fields are read again from them
    monkeypatch.setattr(
        "ocr_service.pipeline.second_look", lambda image, lines, engine: looked.append(1) or list(lines)
    )
    result = process_document(data, "receipt", Counting(engine), LIMITS)
    assert looked and result.pages[0].source == "text-layer"
    assert result.fields.total.value == "24.86"
    assert result.fields.vendor.value == "SUNRISE MART SDN BHD"
    assert result.fields.vendor.confidence <= GUESS_CEILING


def test_a_name_is_seen_whatever_parts_its_words():
    line = Line(text="", bbox=(0, 0, 1, 1), confidence=1.0)
    claim = layer_check.Claim(0, line, "", characters="CLARKESMARKET", field="vendor")
    assert layer_check._says(claim, "Clarke's Market")
    assert layer_check._says(claim, "CLARKE'S MARKET LLP")
    assert not layer_check._says(claim, "Clarke's Markets")
    # a VAT id's characters part only by spaces, dots, dashes and slashes
    vat = layer_check.Claim(0, line, "", characters="DE123456789")
    assert not layer_check._says(vat, "DE'123456789")


def test_a_layer_of_thousands_of_tiny_pieces_is_read_by_ocr(engine):
    """A 2 KB page of 12,300 three-letter pieces would answer a megabyte of lines to every
    request (and the result cache keep it): past pdftext.MAX_LINES the page is read by OCR."""
    row = b"[" + b"(ABC) -3000 " * 41 + b"] TJ T*"
    ops = b"BT /F1 2.0 Tf 2.6 TL 10 780 Td " + b"\n".join([row] * 300) + b"\nET"
    data = pdfs.build([pdfs.PdfPage(612, 792, [ops])])
    assert len(data) < 5000
    result = process_document(data, "text", engine, LIMITS)
    assert result.pages[0].source == "ocr"
    assert len(result.pages[0].lines) <= pdftext.MAX_LINES
    assert len(result.model_dump_json()) < 200_000


def test_a_name_is_seen_whatever_look_alikes_it_is_read_with():
    """A name's "l" read as "1" or "I", its "O" as "0" ("S.a.r.l." read "S.a.r.1."): seen. A VAT
    id's and a figure's characters are compared as they are."""
    line = Line(text="", bbox=(0, 0, 1, 1), confidence=1.0)
    claim = layer_check.Claim(0, line, "", characters="AMAZONEUSARL", field="vendor")
    assert layer_check._says(claim, "Amazon EU S.a.r.1.")
    assert layer_check._says(claim, "AMAZ0N EU S.A.R.I.")
    assert not layer_check._says(claim, "Amazon EU S.a.r.")
    vat = layer_check.Claim(0, line, "", characters="LU26375245")
    assert not layer_check._says(vat, "IU26375245")


def _shapes(engine):
    """The real engine, recording the shape of every batch its recogniser is given."""
    seen = []
    counting = Counting(engine)
    run = counting.class_probabilities

    def recorded(crops):
        seen.append((len(crops), crops[0].shape[1]))
        return run(crops)

    counting.class_probabilities = recorded
    return counting, seen


def test_a_long_lines_crop_is_read_alone_not_with_blank_rows(engine):
    """The check reads a crop wider than the short runs' widths (a long legal name, 1,000 px and
    more) in a batch of one: not padded with five blank rows, which cost five times its time."""
    import numpy as np

    from ocr_service.second_look import read_in_few_shapes

    wide = np.full((48, 1090, 3), 255, np.uint8)
    counting, seen = _shapes(engine)
    read_in_few_shapes(counting, [wide], layer_check.CHECK_WIDTHS, wide_alone=True)
    assert seen == [(1, 1280)]
    seen.clear()
    read_in_few_shapes(counting, [wide], layer_check.CHECK_WIDTHS)  # the second look's runs
    assert seen == [(6, 1280)]


def test_an_invoices_long_legal_name_is_seen_without_a_detection_pass(engine):
    """A web shop's A4 invoice names its seller in a long line ("Sold by Amazon EU S.a.r.l.,
    Niederlassung Deutschland"): its crop is read in a batch of one and its name is seen (its "l"
    read as a "1" is no other name): the vendor is vouched for with no detector run."""
    lines = [
        "Invoice", "Sold by Amazon EU S.a.r.l., Niederlassung Deutschland", "VAT LU 26375245",
        "Invoice date 14/03/2024", "Invoice number DE4ABCD123", "", "USB-C cable 2m    1    EUR 9.99",
        "", "Total excl. VAT          EUR 8.39", "VAT 19%                  EUR 1.60",
        "Total                    EUR 9.99",
    ]  # fmt: skip
    page = pdfs.PdfPage(595.0, 842.0, [pdfs.text_ops(lines, 40, 800, size=8.5)])
    counting, seen = _shapes(engine)
    result = process_document(pdfs.build([page]), "receipt", counting, LIMITS)
    assert result.pages[0].source == "text-layer" and result.fields.total.value == "9.99"
    assert result.fields.vendor.value.startswith("Amazon EU") and result.fields.vendor.confidence > 0.8
    assert counting.calls["ocr"] == 0
    assert all(rows == 1 for rows, width in seen if width > 640), seen
