"""Generated till receipts with ground truth, for the receipt benchmark.

Receipts from Germany, France, Spain, Italy, the Netherlands, the UK, the US and Australia,
printed the way thermal printers print (203 dpi dots, font A/B cells, 58 and 80 mm paper,
logos as bitmaps) and then scanned or photographed (angle, folds, blur, JPEG). Each seed
gives one receipt, always the same: ``generate(seed)`` returns its JPEG and ground truth
(vendor and its aliases, date, total, tax, net, currency, tax lines with rate, base and
amount, and which of them the receipt prints).

``generate_pdf(seed)`` writes the same kind of receipt as a digital receipt: a PDF with a
text layer (a picture logo stays a picture), or, one seed in four, a mixed document whose
second page, with the totals and taxes, is a scan without text.

Two parts, by seed range (``generate.TUNING_FIRST_SEED``, ``generate.HELDOUT_FIRST_SEED``):
seeds 1, 2, ... are the tuning part, which extraction rules may be written against; seeds
100001, 100002, ... are the held-out part, which no rule may be written against and whose
figures are the ones quoted. PDFs: seeds 50001, ... (tuning) and 150001, ... (held-out).

    python -m bench.receiptgen OUT_DIR [--tuning 150] [--heldout 150] [--jobs 2] [--pdf]
"""

from .generate import (
    GENERATOR_VERSION,
    HELDOUT_FIRST_SEED,
    TUNING_FIRST_SEED,
    generate,
    generate_pdf,
    write_dataset,
)

__all__ = [
    "GENERATOR_VERSION",
    "HELDOUT_FIRST_SEED",
    "TUNING_FIRST_SEED",
    "generate",
    "generate_pdf",
    "write_dataset",
]
