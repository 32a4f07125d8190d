"""Two receipts on one page (a flatbed scan of two slips, a photo of one above the other), read
by the real engine: the page says so, and vouches for none of the values it read. One receipt
with its card slip or its tax table below stays one."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ocr_service.config import Settings
from ocr_service.imaging import Limits
from ocr_service.pipeline import process_document
from ocr_service.receipt import extract_receipt_fields, several_receipts
from tests import fixtures

from .render import render_receipt

LIMITS = Limits.from_settings(Settings())

BAKERY = [
    "Baeckerei Schmidt",
    "Hauptstr. 3, 80331 Muenchen",
    "St.-Nr. 143/123/45678",
    "",
    ("Datum: 04.11.2026 07:58", ""),
    ("Bon 1183", ""),
    "",
    ("2x Brezel", "2,40"),
    ("Kaffee gross", "3,20"),
    "",
    ("SUMME EUR", "5,60"),
    ("Bar", "10,00"),
    ("Rueckgeld", "4,40"),
    "",
    ("MwSt 7%", "0,37"),
]
TAXI = [
    "Taxi Huber",
    "Isartorplatz 1, 80331 Muenchen",
    "USt-IdNr. DE276543210",
    "",
    ("Quittung Nr. 5521", ""),
    ("05.11.2026 23:10", ""),
    "",
    ("Fahrpreis", "21,40"),
    ("Zuschlag Gepaeck", "2,00"),
    "",
    ("Gesamt EUR", "23,40"),
    ("inkl. 7% MwSt", "1,53"),
    ("Kartenzahlung", "23,40"),
]
# the bakery's card slip printed under its receipt: the same total, a date, a terminal
CARD_SLIP = [
    "Kartenzahlung",
    "girocard",
    ("Terminal-ID 69281734", ""),
    ("Datum 04.11.2026 07:58", ""),
    ("Beleg-Nr. 4411", ""),
    "",
    ("Betrag EUR", "5,60"),
    "",
    "Zahlung erfolgt",
]

# a bottle deposit voucher: a sum of its own, no date, no shop's name
DEPOSIT = [
    ("Pfand Rueckgabe", ""),
    ("3x Flasche", "0,75"),
    ("2x Kasten", "3,00"),
    ("6x Dose", "1,50"),
    "",
    ("SUMME EUR", "5,25"),
    ("Gutschrift", "5,25"),
]


def _side_by_side(a: np.ndarray, b: np.ndarray, gap: int = 80) -> np.ndarray:
    height = max(a.shape[0], b.shape[0])
    page = np.full((height, a.shape[1] + gap + b.shape[1], 3), 255, np.uint8)
    page[: a.shape[0], : a.shape[1]] = a
    page[: b.shape[0], a.shape[1] + gap :] = b
    return page


def _one_above_the_other(a: np.ndarray, b: np.ndarray, gap: int = 80) -> np.ndarray:
    width = max(a.shape[1], b.shape[1])
    page = np.full((a.shape[0] + gap + b.shape[0], width, 3), 255, np.uint8)
    page[: a.shape[0], : a.shape[1]] = a
    page[a.shape[0] + gap :, : b.shape[1]] = b
    return page


def _png(page: np.ndarray) -> bytes:
    return fixtures.encode(Image.fromarray(np.ascontiguousarray(page[:, :, ::-1])), "PNG")


@pytest.fixture(scope="module")
def slips():
    return render_receipt(BAKERY), render_receipt(TAXI)


@pytest.mark.parametrize(
    ("lay", "where"), [(_side_by_side, "side by side"), (_one_above_the_other, "one above the other")]
)
@pytest.mark.parametrize("order", ["bakery first", "taxi first"])
def test_two_receipts_on_a_page_are_seen(receipt_engine, slips, lay, where, order):
    first, second = slips if order == "bakery first" else slips[::-1]
    page = lay(first, second)
    lines = receipt_engine.ocr(page)
    assert several_receipts(lines) == where
    # what the page reads as one receipt is sure of values both slips do not share: what
    # several_receipts stands between and the addon
    fields = extract_receipt_fields(lines, page_height=page.shape[0])
    sure = {name for name in ("total", "date", "vendor") if fields[name]["confidence"] >= 0.8}
    assert "total" in sure and sure & {"date", "vendor"}, fields


@pytest.mark.parametrize("order", ["bakery first", "taxi first"])
def test_a_slip_whose_amounts_are_cut_beside_a_receipt_is_seen(receipt_engine, slips, order):
    """The taxi slip's amounts cut at the paper's edge: it reads as no receipt of its own (no
    sure total), but it is sure of its own day, another one than the bakery's."""
    from ocr_service.receipt.several import _sure

    cut = slips[1][:, :-60]
    alone = _sure(receipt_engine.ocr(cut))
    assert alone.total is None and alone.date == "2026-11-05", alone
    pages = (slips[0], cut) if order == "bakery first" else (cut, slips[0])
    assert several_receipts(receipt_engine.ocr(_side_by_side(*pages))) == "side by side"


@pytest.mark.parametrize("slip", ["bakery", "taxi"])
def test_one_receipt_is_one(receipt_engine, slips, slip):
    image = slips[0] if slip == "bakery" else slips[1]
    lines = receipt_engine.ocr(image)
    fields = extract_receipt_fields(lines, page_height=image.shape[0])
    assert fields["total"]["confidence"] >= 0.8
    assert several_receipts(lines) is None


def test_a_receipt_with_its_card_slip_below_is_one(receipt_engine, slips):
    """The slip reads as a receipt of its own (a total, a date), with the receipt's total."""
    page = _one_above_the_other(slips[0], render_receipt(CARD_SLIP))
    lines = receipt_engine.ocr(page)
    assert several_receipts(lines) is None
    fields = extract_receipt_fields(lines, page_height=page.shape[0])
    assert fields["total"]["value"] == "5.60" and fields["total"]["confidence"] >= 0.8


def test_a_receipt_with_a_dateless_nameless_block_below_is_one(receipt_engine, slips):
    """A block under the receipt with a sum of its own (a deposit voucher, a tax table's "TOTAL"
    column) but no date and no name reads as no receipt: the page stays one."""
    block = render_receipt(DEPOSIT)
    alone = extract_receipt_fields(receipt_engine.ocr(block), page_height=block.shape[0])
    assert alone["total"]["value"] == "5.25" and alone["total"]["confidence"] >= 0.8
    assert all(alone[name]["confidence"] < 0.8 for name in ("date", "vendor")), alone
    lines = receipt_engine.ocr(_one_above_the_other(slips[0], block))
    assert several_receipts(lines) is None


def test_the_service_vouches_for_nothing_on_such_a_page(engine, slips):
    """Through the pipeline: every field at 0.5 at most, ``several_receipts`` set, a warning
    naming the page and how the receipts lie, and none of the values read in it."""
    page = _side_by_side(*slips)
    result = process_document(_png(page), "receipt", engine, LIMITS)
    assert result.fields.several_receipts is True
    values = {name: f for name, f in result.fields if hasattr(f, "confidence") and f.value is not None}
    assert values.get("total"), "nothing was read: the test no longer shows what it is about"
    assert all(f.confidence <= 0.5 for f in values.values()), values
    assert all(line.confidence <= 0.5 for line in result.fields.tax_lines)
    (warning,) = [w for w in result.warnings if "more than one receipt" in w]
    assert "(page 1, side by side)" in warning
    assert not any(f.value in warning for f in values.values())
    # one of them alone is still vouched for, and says it is one
    alone = process_document(_png(slips[1]), "receipt", engine, LIMITS)
    assert alone.fields.several_receipts is False
    assert alone.fields.total.value == "23.40" and alone.fields.total.confidence >= 0.8
    assert not alone.warnings


def _pdf(*pages: np.ndarray) -> bytes:
    """Pages scanned into one PDF (images, no text layer), as a scanner's feeder makes them."""
    images = [Image.fromarray(np.ascontiguousarray(page[:, :, ::-1])) for page in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def test_two_receipts_scanned_into_one_pdf_are_seen(engine, slips):
    """A stack of receipts through a scanner's feeder: one per page. Read as one document, the
    first page's name and date went with the last page's total."""
    result = process_document(_pdf(*slips), "receipt", engine, LIMITS)
    assert result.fields.several_receipts is True
    values = {name: f for name, f in result.fields if hasattr(f, "confidence") and f.value is not None}
    assert values.get("total") and all(f.confidence <= 0.5 for f in values.values()), values
    (warning,) = [w for w in result.warnings if "more than one receipt" in w]
    assert "(pages 1 and 2)" in warning


@pytest.mark.parametrize("second", ["card slip", "totals"])
def test_one_receipt_over_two_pages_is_one(engine, slips, second):
    """A receipt and its card slip on the next page (the same total), or a receipt whose items
    and totals fall on two pages (the total printed once), are one receipt."""
    if second == "card slip":
        pages = (slips[0], render_receipt(CARD_SLIP))
    else:
        pages = (render_receipt(BAKERY[:9]), render_receipt(BAKERY[9:]))
    result = process_document(_pdf(*pages), "receipt", engine, LIMITS)
    assert result.fields.several_receipts is False, result.warnings
    assert result.fields.total.value == "5.60" and result.fields.total.confidence >= 0.8
    assert not result.warnings


def test_a_page_of_many_columns_costs_a_few_readings(monkeypatch):
    """A page whose text leaves gaps everywhere (a table's cells, a hostile file's scattered
    characters) is split at a few of its widest gaps only: its fields are read a bounded number
    of times, not once per gap."""
    from ocr_service.engines import Line
    from ocr_service.receipt import several as S

    def cell(x, y):
        box = [[x, y], [x + 40, y], [x + 40, y + 20], [x, y + 20]]
        return Line(text="12.50", confidence=0.9, bbox=[x, y, x + 40, y + 20], polygon=box)

    cells = [cell(x, y) for x in range(0, 200 * 80, 80) for y in range(0, 30 * 60, 60)]
    readings = []

    def read(lines):
        readings.append(len(lines))
        return S._Sure(None, None, None)

    monkeypatch.setattr(S, "_sure", read)
    assert S.several_receipts(cells) is None
    assert 0 < len(readings) <= 8


def test_the_warning_names_the_pages_by_their_numbers():
    """Pages given with their numbers (a document read from its third page on) are named so."""
    from ocr_service.receipt import where_several_receipts

    from .synth import slip

    pages = [slip("Baeckerei Schmidt", "04", "7,50"), slip("Cafe Huber", "05", "23,40")]
    assert where_several_receipts(pages) == "pages 1 and 2"
    assert where_several_receipts(pages, [3, 4]) == "pages 3 and 4"
    assert where_several_receipts([pages[0], pages[0]]) is None
    assert where_several_receipts(pages[:1]) is None


def _dateless(name: str, total: str):
    from .synth import receipt

    rows = [name, "Hauptstr. 3, 80331 Muenchen", "", ("Brezel", "2,40"), ("Kaffee", "3,20"),
            ("Wasser", "1,90"), "", ("SUMME EUR", total), ("Bar", "50,00"), "", "Vielen Dank"]  # fmt: skip
    return receipt(rows)[0]


def test_a_sides_name_is_read_only_when_it_decides(monkeypatch):
    """The vendor's name, the slowest field to read, is read for a side only when its total is
    sure and its date is not: slips sure of their dates are told apart with no name read, and
    slips without dates still by their names."""
    from ocr_service.receipt import extract as X
    from ocr_service.receipt import where_several_receipts

    from .synth import slip

    names: list[str] = []
    find_vendor = X.find_vendor

    def counted(lines, height):
        names.append(find_vendor(lines, height)[0])
        return find_vendor(lines, height)

    monkeypatch.setattr(X, "find_vendor", counted)
    dated = [slip("Baeckerei Schmidt", "04", "7,50"), slip("Cafe Huber", "05", "23,40")]
    assert where_several_receipts(dated) == "pages 1 and 2"
    assert names == []
    dateless = [_dateless("Baeckerei Schmidt", "7,50"), _dateless("Cafe Huber", "23,40")]
    assert where_several_receipts(dateless) == "pages 1 and 2"
    assert names == ["Baeckerei Schmidt", "Cafe Huber"]


# an A4 invoice from a web shop: its header and its table in two columns (the seller and the
# addresses on the left, the invoice's numbers and dates and the amounts on the right); the
# order's day is printed on both sides, the day it was paid on the left, the invoice's on the right
INVOICE_LEFT = [
    "INVOICE", "", "Sold by: Northwind Trading Ltd", "Unit 4, Riverside Park", "Leeds LS1 4AB",
    "VAT Reg. No.: GB 123 4567 89", "", "Billing address:", "Acme Widgets Ltd", "Jane Smith",
    "12 High Street", "Manchester M1 2AB", "", "Description        Qty", "USB-C Dock           1",
    "HDMI Cable 2m        2", "Delivery             1", "", "", "",
    "Paid by Visa ending 4242 on 03/03/2024",
]  # fmt: skip
INVOICE_RIGHT = [
    "", "", "Invoice number: INV-558201", "Invoice date: 05/03/2024", "Order date: 03/03/2024",
    "Order number: 204-8841190", "", "Delivery address:", "Jane Smith", "12 High Street",
    "Manchester M1 2AB", "", "", "Unit price   VAT     Total", "GBP 74.99    20%  GBP 74.99",
    "GBP 7.50     20%  GBP 15.00", "GBP 4.99     20%   GBP 4.99", "", "Net           GBP 79.15",
    "VAT 20%       GBP 15.83", "Invoice total GBP 94.98",
]  # fmt: skip


def _invoice_pdf(left: list[str] = INVOICE_LEFT, right: list[str] = INVOICE_RIGHT) -> bytes:
    from tests.service.pdfs import PdfPage, build, text_ops

    top, size = 780.0, 9.0
    content = [text_ops(left, 56, top, size=size), text_ops(right, 300, top, size=size)]
    return build([PdfPage(595.0, 842.0, content)])


def test_an_a4_invoice_in_two_columns_is_one_receipt(engine):
    """Each column of an A4 invoice as a PDF is sure of a day (the day it was paid, the
    invoice's), one of the total: not two slips side by side, for a text layer has no paper's
    edge to cut a slip at. (Printed and scanned, the same page is still taken for two: a false
    alarm that asks a person, where waiving it could let two slips' values mix.)"""
    result = process_document(_invoice_pdf(), "receipt", engine, LIMITS)
    assert result.fields.several_receipts is False, result.warnings
    assert not result.warnings
    assert result.fields.total.value == "94.98" and result.fields.total.confidence >= 0.8
    assert result.fields.date.value == "2024-03-05" and result.fields.date.confidence >= 0.8


def test_a_text_layer_is_no_slip_cut_at_the_papers_edge(engine):
    """An A4 invoice as a PDF whose left column is sure of the order's day only and whose right
    column prints the invoice's day and the total: a text layer holds no slip cut at the paper's
    edge, so its columns are one receipt whatever days they print."""
    left = [line.replace("Paid by Visa ending 4242 on 03/03/2024", "Paid by Visa") for line in INVOICE_LEFT]
    left[6] = "Order date: 03/03/2024"
    right = [line for line in INVOICE_RIGHT if not line.startswith("Order date")]
    result = process_document(_invoice_pdf(left, right), "receipt", engine, LIMITS)
    assert result.fields.several_receipts is False, result.warnings
    assert result.fields.total.value == "94.98" and result.fields.total.confidence >= 0.8
    assert result.fields.date.value == "2024-03-05" and result.fields.date.confidence >= 0.8
