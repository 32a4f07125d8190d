"""One receipt from one seed (image and ground truth), and a dataset of them on disk."""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .capture import capture, encode_jpeg
from .content import make_receipt
from .layout import layout_receipt
from .pdf import receipt_pdf
from .render import render_printout

# Bump when a change makes the same seed give a different receipt.
GENERATOR_VERSION = 1

# The two parts, by seed: rules may be tuned on the first, never on the second.
TUNING_FIRST_SEED = 1
HELDOUT_FIRST_SEED = 100_001
# Digital (PDF) receipts draw their own seeds from the same two ranges.
PDF_TUNING_FIRST_SEED = 50_001
PDF_HELDOUT_FIRST_SEED = 150_001


def receipt_id(seed: int) -> str:
    return f"gen-{seed:06d}"


def pdf_kind(seed: int) -> str:
    """One digital receipt in four is a mixed document (a text page, then a scanned page)."""
    return "mixed" if seed % 4 == 0 else "text"


def generate_pdf(seed: int) -> tuple[bytes, dict]:
    """Receipt ``seed`` as a PDF with a text layer (or mixed), and its ground truth."""
    receipt = make_receipt(seed)
    printout = layout_receipt(receipt)
    truth = ground_truth(receipt, printout)
    data, meta = receipt_pdf(printout, seed, pdf_kind(seed))
    truth["document"] = meta
    # a PDF names its currency wherever the layout printed a mark
    marks = receipt.loc.currency_marks
    truth["printed"]["currency"] = any(m in c.text for ln in printout.lines for c in ln.cells for m in marks)
    return data, truth


def part_of(seed: int) -> str:
    return "heldout" if seed >= HELDOUT_FIRST_SEED else "tuning"


def generate(seed: int, with_image: bool = True) -> tuple[bytes | None, dict]:
    """The JPEG and ground truth of receipt ``seed`` (deterministic)."""
    receipt = make_receipt(seed)
    printout = layout_receipt(receipt)
    truth = ground_truth(receipt, printout)
    if not with_image:
        return None, truth
    ink, printed, render_meta = render_printout(printout, seed)
    image, capture_meta = capture(ink, seed, render_meta)
    truth["printed_lines"] = [{"text": p["text"], "role": p["role"]} for p in printed if p["text"].strip()]
    marks = receipt.loc.currency_marks
    truth["printed"]["currency"] = any(
        mark in p["text"] for p in printed if p["role"] != "logo" for mark in marks
    )
    truth["render"] = render_meta
    truth["capture"] = capture_meta
    return encode_jpeg(image, capture_meta["jpeg_quality"]), truth


def seller_truth(receipt) -> dict:
    """What a receipt's ground truth says of where it is from and who sold it (the receipts' and
    the invoices' alike): the locale, the trade name and its aliases (the legal name, the name
    without its legal form), the tax id."""
    v = receipt.vendor
    return {
        "locale": receipt.loc.code,
        "country": receipt.loc.country,
        "language": receipt.loc.language,
        "vendor": v.trade,
        "vendor_aliases": [name for name in dict.fromkeys((v.legal, v.core)) if name != v.trade],
        "vendor_tax_id": v.tax_id,
    }


def ground_truth(receipt, printout) -> dict:
    v = receipt.vendor
    t = printout.truth
    tax_lines_printed = bool(t["tax_lines"]) and all(
        "rate" in ln["printed"] and "amount" in ln["printed"] for ln in t["tax_lines"]
    )
    return {
        "id": receipt_id(receipt.seed),
        "seed": receipt.seed,
        "part": part_of(receipt.seed),
        "generator_version": GENERATOR_VERSION,
        **seller_truth(receipt),
        "vendor_domain": v.domain,
        "vendor_evidence": t["vendor_evidence"],
        "date": receipt.when.date().isoformat(),
        "date_text": t["date_text"],
        "total": str(receipt.total),
        "tax": str(receipt.tax) if t["tax_printed"] else None,
        "net": str(receipt.net) if t["net_printed"] else None,
        "currency": receipt.loc.currency,
        "tax_lines": t["tax_lines"] if tax_lines_printed else [],
        "printed": {
            "tax": t["tax_printed"],
            "net": t["net_printed"],
            "tax_lines": tax_lines_printed,
            "subtotal": t["subtotal_printed"],
        },
        "prices_include_tax": receipt.loc.prices_include_tax,
        "computed": {
            "tax": str(receipt.tax),
            "net": str(receipt.net),
            "tax_lines": [
                {
                    "rate": f"{ln.rate.normalize():f}",
                    "base": str(ln.base),
                    "amount": str(ln.amount),
                    "gross": str(ln.gross),
                }  # fmt: skip
                for ln in receipt.tax_lines
            ],
        },
        "items": [
            {
                "name": it.name,
                "qty": it.qty,
                "amount": str(it.amount),
                "rate": f"{it.rate.percent.normalize():f}",
                "code": it.code,
                "taxable": it.taxable,
            }  # fmt: skip
            for it in receipt.items
        ],
        "discount": str(receipt.discount),
        "payment": {k: str(val) for k, val in receipt.payment.items()},
        "style": printout.style,
    }


def _write_one(args: tuple[int, str, str]) -> str:
    seed, out, kind = args
    if kind == "pdf":
        data, truth = generate_pdf(seed)
        suffix = "pdf"
    else:
        data, truth = generate(seed)
        suffix = "jpg"
    rid = truth["id"]
    folder = Path(out)
    (folder / "img" / f"{rid}.{suffix}").write_bytes(data)
    (folder / "key" / f"{rid}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return rid


def write_dataset(out: Path, tuning: int, heldout: int, jobs: int = 1, kind: str = "image") -> dict:
    """Render ``tuning`` + ``heldout`` receipts into ``out`` (img/, key/, dataset.json);
    ``kind`` "pdf" writes digital receipts (PDF with a text layer, some mixed) instead."""
    out = Path(out)
    (out / "img").mkdir(parents=True, exist_ok=True)
    (out / "key").mkdir(parents=True, exist_ok=True)
    first_tuning, first_heldout = (
        (PDF_TUNING_FIRST_SEED, PDF_HELDOUT_FIRST_SEED)
        if kind == "pdf"
        else (TUNING_FIRST_SEED, HELDOUT_FIRST_SEED)
    )
    seeds = list(range(first_tuning, first_tuning + tuning))
    seeds += list(range(first_heldout, first_heldout + heldout))
    work = [(s, str(out), kind) for s in seeds]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            ids = list(pool.map(_write_one, work, chunksize=4))
    else:
        ids = [_write_one(w) for w in work]
    what = (
        "digital receipts (PDF with a text layer; one in four mixed: a text page, then a scanned page)"
        if kind == "pdf"
        else "thermal-printer receipts, scanned or photographed"
    )
    manifest = {
        "name": "receiptgen-pdf" if kind == "pdf" else "receiptgen",
        "description": f"{what}, rendered by bench/receiptgen (de, fr, es, it, nl, en_GB, en_US, en_AU)",
        "source": "generated by bench/receiptgen of this repository",
        "licence": "generated data, same licence as this repository",
        "generator_version": GENERATOR_VERSION,
        "seed_ranges": {
            "tuning": [first_tuning, first_tuning + tuning - 1],
            "heldout": [first_heldout, first_heldout + heldout - 1],
        },
        "parts": {
            "tuning": [receipt_id(s) for s in seeds if part_of(s) == "tuning"],
            "heldout": [receipt_id(s) for s in seeds if part_of(s) == "heldout"],
        },
        "key_format": "receipt-truth-1",
    }
    assert sorted(ids) == sorted(manifest["parts"]["tuning"] + manifest["parts"]["heldout"])
    (out / "dataset.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    return manifest


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
