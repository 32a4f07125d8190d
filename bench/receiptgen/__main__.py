"""Write a generated receipt dataset: ``python -m bench.receiptgen OUT_DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .generate import default_jobs, write_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.receiptgen", description=__doc__)
    parser.add_argument("out", help="folder to write img/, key/ and dataset.json into")
    parser.add_argument("--tuning", type=int, default=150, help="receipts in the tuning part (seeds 1...)")
    parser.add_argument(
        "--heldout", type=int, default=150, help="receipts in the held-out part (seeds 100001...)"
    )
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--pdf", action="store_true", help="digital receipts (PDF with a text layer) instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    kind = "pdf" if args.pdf else "image"
    manifest = write_dataset(Path(args.out), args.tuning, args.heldout, jobs=args.jobs, kind=kind)
    n = sum(len(ids) for ids in manifest["parts"].values())
    print(f"{n} receipts in {args.out} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
