"""Generated till receipts with ground truth, for the receipt benchmark.

Receipts from Germany, France, Spain, Italy, the Netherlands, the UK, the US and Australia,
printed the way thermal printers print (203 dpi dots, font A/B cells, 58 and 80 mm paper,
logos as bitmaps) and then scanned or photographed (angle, folds, blur, JPEG). Each seed
gives one receipt, always the same: ``generate(seed)`` returns its JPEG and ground truth
(vendor and its aliases, date, total, tax, net, currency, tax lines with rate, base and
amount, and which of them the receipt prints).

Two parts, by seed range (``generate.TUNING_FIRST_SEED``, ``generate.HELDOUT_FIRST_SEED``):
seeds 1, 2, ... are the tuning part, which extraction rules may be written against; seeds
100001, 100002, ... are the held-out part, which no rule may be written against and whose
figures are the ones quoted.

    python -m bench.receiptgen OUT_DIR [--tuning 150] [--heldout 150] [--jobs 2]
"""

from .generate import GENERATOR_VERSION, HELDOUT_FIRST_SEED, TUNING_FIRST_SEED, generate, write_dataset

__all__ = ["GENERATOR_VERSION", "HELDOUT_FIRST_SEED", "TUNING_FIRST_SEED", "generate", "write_dataset"]
