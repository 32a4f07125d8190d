"""The receipt generator of the benchmark (bench/receiptgen): ground truth that holds, printed
lines that carry it, the same receipt for the same seed, and parts split by seed."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import cv2
import numpy as np
import pytest

from bench.receipt_data import load_dataset
from bench.receiptgen import HELDOUT_FIRST_SEED, generate, write_dataset
from bench.receiptgen.content import format_amount, make_receipt
from bench.receiptgen.generate import generate_pdf, ground_truth, part_of, pdf_kind
from bench.receiptgen.layout import layout_receipt
from bench.receiptgen.locales import LOCALES

CENT = Decimal("0.01")
CONTENT_SEEDS = list(range(1, 401)) + list(range(HELDOUT_FIRST_SEED, HELDOUT_FIRST_SEED + 100))
IMAGE_SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, HELDOUT_FIRST_SEED, HELDOUT_FIRST_SEED + 7]


def _truth(seed: int) -> tuple:
    receipt = make_receipt(seed)
    return receipt, ground_truth(receipt, layout_receipt(receipt))


@pytest.mark.parametrize("seed", CONTENT_SEEDS[::25])
def test_the_same_seed_gives_the_same_receipt(seed):
    assert _truth(seed)[1] == _truth(seed)[1]


def test_the_same_seed_gives_the_same_image():
    first, truth = generate(42)
    second, again = generate(42)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert truth == again
    assert generate(43)[0] != first


def test_amounts_add_up_on_every_receipt():
    countries = set()
    for seed in CONTENT_SEEDS:
        receipt, truth = _truth(seed)
        countries.add(receipt.loc.country)
        lines = receipt.tax_lines
        assert receipt.net + receipt.tax == receipt.total, seed
        assert sum((ln.amount for ln in lines), Decimal(0)) == receipt.tax, seed
        assert sum((ln.base for ln in lines), Decimal(0)) == receipt.net or not receipt.loc.prices_include_tax
        items = sum((it.amount for it in receipt.items), Decimal(0)) + receipt.discount
        for ln in lines:
            assert ln.base + ln.amount == ln.gross, seed
        if receipt.loc.prices_include_tax:
            assert items == receipt.total, seed
            for ln in lines:
                want = (ln.gross * ln.rate / (100 + ln.rate)).quantize(CENT, rounding=ROUND_HALF_UP)
                assert ln.amount == want, seed
        else:
            # sales tax: the items make the net, the tax is added on the taxable part
            assert items == receipt.net, seed
            for ln in lines:
                assert ln.amount == (ln.base * ln.rate / 100).quantize(CENT, rounding=ROUND_HALF_UP), seed
        # what the ground truth states agrees with what was computed
        assert truth["total"] == str(receipt.total)
        if truth["printed"]["tax"]:
            assert truth["tax"] == str(receipt.tax)
        else:
            assert truth["tax"] is None
        if truth["printed"]["net"]:
            assert truth["net"] == str(receipt.net)
        if truth["net"] is not None and truth["tax"] is not None:
            assert Decimal(truth["net"]) + Decimal(truth["tax"]) == Decimal(truth["total"])
        for ln in truth["tax_lines"]:
            assert Decimal(ln["base"]) + Decimal(ln["amount"]) == Decimal(ln["gross"])
            assert {"rate", "amount"} <= set(ln["printed"])
    assert countries == {"DE", "FR", "ES", "IT", "NL", "GB", "US", "AU"}


def test_receipts_print_several_rates_and_varied_tax_lines():
    """Across seeds: several rates on one receipt, every tax style, net printed and not."""
    styles, multi_rate, net_printed, not_printed = set(), 0, 0, 0
    for seed in CONTENT_SEEDS:
        receipt, truth = _truth(seed)
        styles.add(truth["style"]["tax_style"])
        multi_rate += len({ln["rate"] for ln in truth["tax_lines"]}) > 1
        net_printed += truth["printed"]["net"]
        not_printed += not truth["printed"]["tax"]
    assert styles == {"table", "included", "block", "us", "gst", "none"}
    assert multi_rate > 50 and net_printed > 100 and not_printed > 10


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _date_matches(date_text: str, iso: str, loc) -> bool:
    """Read the printed date back without the generator's code: numbers in the locale's order,
    or the month by its name."""
    year, month, day = (int(x) for x in iso.split("-"))
    nums = _numbers(date_text)
    names = [loc.months[month - 1].lower(), loc.months_short[month - 1].lower().rstrip(".")]
    if any(name in date_text.lower() for name in names):
        return day in nums and (year in nums or year % 100 in nums)
    if len(nums) < 3:
        return False
    first, second, third = nums[:3]
    y = third if third > 99 else 2000 + third
    if loc.country == "US":
        return (second, first, y) == (day, month, year)
    return (first, second, y) == (day, month, year)


@pytest.mark.parametrize("seed", IMAGE_SEEDS)
def test_printed_lines_carry_the_ground_truth(seed):
    jpeg, truth = generate(seed)
    loc = LOCALES[truth["locale"]]
    lines = truth["printed_lines"]
    text = "\n".join(p["text"] for p in lines if p["role"] != "logo")
    # the image is a real JPEG of a plausible size
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and min(image.shape[:2]) > 300 and max(image.shape[:2]) <= 4000

    total = Decimal(truth["total"])
    total_lines = [p["text"] for p in lines if p["role"] == "total"]
    assert len(total_lines) == 1
    assert any(format_amount(total, loc, sep) in total_lines[0] for sep in loc.thousands)

    date_lines = [p["text"] for p in lines if p["role"] == "date"]
    assert date_lines and truth["date_text"] in date_lines[0]
    assert _date_matches(truth["date_text"], truth["date"], loc), (truth["date_text"], truth["date"])

    for ln in truth["tax_lines"]:
        amount = format_amount(Decimal(ln["amount"]), loc, "")
        assert any(amount in p["text"] for p in lines if p["role"] in ("tax_line", "tax_total", "tax_sum")), (
            amount
        )
    if truth["tax"] is not None and not truth["tax_lines"]:
        # no line with a rate: the tax total itself is printed
        assert format_amount(Decimal(truth["tax"]), loc, "") in text
    if truth["printed"]["net"]:
        net = format_amount(Decimal(truth["net"]), loc, "")
        bases = [format_amount(Decimal(ln["base"]), loc, "") for ln in truth["tax_lines"]]
        assert net in text or all(b in text for b in bases)

    evidence = set(truth["vendor_evidence"])
    name_lines = {
        "heading": truth["vendor"],
        "footer": truth["vendor"],
        "legal_name": truth["vendor_aliases"][0] if truth["vendor_aliases"] else truth["vendor"],
        "web": truth["vendor_domain"],
        "email": truth["vendor_domain"],
        "vat_id": truth["vendor_tax_id"] or "",
    }
    for kind, needle in name_lines.items():
        if kind in evidence:
            assert needle in text, (kind, needle)
    assert evidence, "every receipt names its shop somewhere"
    if truth["style"]["logo"] in ("halftone", "emblem", "none") and not {"heading", "footer"} & evidence:
        # the name is a picture (or absent): no text line spells the trade name alone
        assert not any(p["text"].strip() == truth["vendor"] for p in lines if p["role"] != "logo")


def test_parts_are_split_by_seed_and_written_with_their_truth(tmp_path):
    assert part_of(1) == "tuning" and part_of(HELDOUT_FIRST_SEED - 1) == "tuning"
    assert part_of(HELDOUT_FIRST_SEED) == "heldout"
    manifest = write_dataset(tmp_path, tuning=2, heldout=2, jobs=1)
    assert manifest["parts"]["tuning"] == ["gen-000001", "gen-000002"]
    assert manifest["parts"]["heldout"] == ["gen-100001", "gen-100002"]
    dataset = load_dataset(tmp_path)
    assert [s.id for s in dataset.part("tuning")] == manifest["parts"]["tuning"]
    assert [s.id for s in dataset.part("heldout")] == manifest["parts"]["heldout"]
    for sample in dataset.samples:
        key = json.loads((tmp_path / "key" / f"{sample.id}.json").read_text("utf-8"))
        assert key == generate(key["seed"])[1]
        assert sample.image.read_bytes() == generate(key["seed"])[0]


def test_a_clean_scan_reads_back_its_total(receipt_engine):
    """The rendering is legible: the engine reads the total off a clear 300 dpi scan."""
    seed = next(
        s
        for s in range(1, 60)
        if (t := generate(s, with_image=True)[1])["capture"]["mode"] == "scanner"
        and t["capture"].get("dpi") == 300
        and t["capture"]["fade_min"] > 0.8
        and t["render"]["cell"] == "A"
    )
    jpeg, truth = generate(seed)
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    text = " ".join(line.text for line in receipt_engine.ocr(image))
    loc = LOCALES[truth["locale"]]
    assert (
        format_amount(Decimal(truth["total"]), loc, "") in text.replace(" ", "")
        or format_amount(Decimal(truth["total"]), loc, "") in text
    )


def _pdf_texts(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.mark.parametrize("seed", [50_001, 50_002, 150_001, 150_003])
def test_a_digital_receipt_carries_its_values_in_the_text_layer(seed):
    data, truth = generate_pdf(seed)
    assert pdf_kind(seed) == "text" and data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%EOF")
    assert part_of(seed) == ("heldout" if seed >= HELDOUT_FIRST_SEED else "tuning")
    (text,) = _pdf_texts(data)
    loc = LOCALES[truth["locale"]]
    compact = text.replace(" ", "")
    assert any(
        format_amount(Decimal(truth["total"]), loc, sep).replace(" ", "") in compact for sep in loc.thousands
    )
    assert truth["date_text"].replace(" ", "") in compact
    for ln in truth["tax_lines"]:
        assert format_amount(Decimal(ln["amount"]), loc, "") in text
    if truth["document"].get("logo") == "image":
        # a logo that is a picture on paper is a picture in the PDF too: its name is no text line
        assert truth["vendor"] not in text.splitlines()[:1]


def test_a_mixed_document_puts_the_totals_on_a_scanned_page():
    seed = 50_004
    assert pdf_kind(seed) == "mixed"
    data, truth = generate_pdf(seed)
    texts = _pdf_texts(data)
    assert len(texts) == 2 and truth["document"]["pages"] == 2
    assert texts[1].strip() == ""  # the second page is an image only
    printout = layout_receipt(make_receipt(seed))
    total_label = next(ln for ln in printout.lines if ln.role == "total").cells[0].text
    first_item = next(ln for ln in printout.lines if ln.role == "item").cells[0].text
    lines = [line.strip() for line in texts[0].splitlines()]
    assert any(line.startswith(first_item[:12]) for line in lines)  # the items are text...
    assert not any(line.startswith(total_label) for line in lines)  # ...the total is in the picture


@pytest.mark.parametrize("seed", [70_001, 70_026, 170_003])
def test_an_invoice_prints_what_its_truth_says(seed):
    """A generated A4 invoice's text layer prints its total, its day as the truth writes it, its
    seller, and each tax line's rate and amount; its tax is its tax lines' sum."""
    import pypdfium2

    from bench.receiptgen.invoice import make_invoice, scanned

    pdf, truth = make_invoice(seed)
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    loc = LOCALES[truth["locale"]]
    total = Decimal(truth["total"])
    assert any(format_amount(total, loc, sep) in text for sep in loc.thousands)
    assert truth["date_text"] in text and truth["vendor"] in text
    taxes = sum((Decimal(line["amount"]) for line in truth["tax_lines"]), Decimal(0))
    assert truth["tax"] == (str(taxes) if truth["tax_lines"] else None)  # none printed, none wanted
    for line in truth["tax_lines"]:
        assert format_amount(Decimal(line["amount"]), loc) in text  # a till's tax: under a thousand
    assert make_invoice(seed)[0] == pdf  # the same seed, the same invoice
    image = cv2.imdecode(np.frombuffer(scanned(pdf, seed), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image.shape[0] > image.shape[1] > 1000  # an A4 page at 150 dpi
