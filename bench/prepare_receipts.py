"""Build the receipt benchmark's dataset folders from public copies and the generator.

    python bench/prepare_receipts.py sroie COPY [--tuning ../shared/data/receipts/sroie] [--out DIR]
    python bench/prepare_receipts.py sroie-test COPY [--tuning ../shared/data/receipts/sroie] [--out DIR]
    python bench/prepare_receipts.py softmatic COPY [--out DIR]
    python bench/prepare_receipts.py my-receipts COPY [--out DIR]
    python bench/prepare_receipts.py fresh COPY [COPY ...] [--out DIR]
    python bench/prepare_receipts.py generated [--out DIR] [--tuning 150] [--heldout 150]
    python bench/prepare_receipts.py generated-pdf [--out DIR] [--tuning 40] [--heldout 40]

COPY is a copy of the source repository: a clone, or a bare git directory.
  sroie:     https://github.com/zzzDavid/ICDAR-2019-SROIE (its data/ folder); the receipts that
             are not in the tuning folder become the held-out part.
  sroie-test: https://github.com/pdrsa/sroie2019 (images/ and truth/: SROIE's test receipts and
             official keys), less the receipts that are copies of the tuning folder's or of
             the sroie folder's (prepare that one first).
  softmatic: https://github.com/softmatic/vision-data (2D/Receipts, CC-BY-4.0), with the
             ground truth in bench/annotations/softmatic_de.json.
  my-receipts: https://github.com/JensWalter/my-receipts (CC0-1.0), the scanned receipts
             annotated in bench/annotations/my_receipts.json.
  fresh:     a copy of each repository bench/annotations/fresh_github_receipts.json names
             (manfredbork/receipt_recognition, MIT; mre/receipt-parser, Apache-2.0), read at
             the commits it records; every receipt held out.
The folders go beside the clone by default (../data/receipts-*), where bench_receipts.py looks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.receipt_data import (  # noqa: E402
    prepare_fresh,
    prepare_my_receipts,
    prepare_softmatic,
    prepare_sroie_heldout,
    prepare_sroie_test,
)

DATA = REPO.parent / "data"
DEFAULT_OUT = {
    "sroie": DATA / "receipts-sroie-heldout",
    "sroie-test": DATA / "receipts-sroie-test",
    "softmatic": DATA / "receipts-de-softmatic",
    "my-receipts": DATA / "receipts-my-receipts",
    "fresh": DATA / "receipts-fresh",
    "generated": DATA / "receipts-generated",
    "generated-pdf": DATA / "receipts-generated-pdf",
}
SROIE_TUNING = REPO.parent / "shared" / "data" / "receipts" / "sroie"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=sorted(DEFAULT_OUT))
    parser.add_argument("copy", nargs="*", help="the source repository's copy (all but generated)")
    parser.add_argument("--out", help="dataset folder to write")
    parser.add_argument("--tuning", help="sroie: the tuning folder; generated: receipts in the tuning part")
    parser.add_argument("--heldout", type=int, help="generated: receipts in the held-out part (150; pdf 40)")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else DEFAULT_OUT[args.what]
    if args.what.startswith("generated"):
        from bench.receiptgen.generate import default_jobs, write_dataset

        pdf = args.what == "generated-pdf"
        tuning = int(args.tuning or (40 if pdf else 150))
        heldout = args.heldout or (40 if pdf else 150)
        manifest = write_dataset(out, tuning, heldout, jobs=default_jobs(), kind="pdf" if pdf else "image")
    else:
        if not args.copy:
            parser.error(f"{args.what} needs the path of a copy of its source repository")
        if args.what == "fresh":
            manifest = prepare_fresh([Path(c) for c in args.copy], out)
        elif len(args.copy) > 1:
            parser.error(f"{args.what} takes one copy")
        elif args.what == "sroie":
            manifest = prepare_sroie_heldout(Path(args.copy[0]), Path(args.tuning or SROIE_TUNING), out)
        elif args.what == "sroie-test":
            seen = [Path(args.tuning or SROIE_TUNING), DEFAULT_OUT["sroie"]]
            manifest = prepare_sroie_test(Path(args.copy[0]), seen, out)
        elif args.what == "my-receipts":
            manifest = prepare_my_receipts(Path(args.copy[0]), out)
        else:
            manifest = prepare_softmatic(Path(args.copy[0]), out)
    counts = ", ".join(f"{part} {len(ids)}" for part, ids in manifest["parts"].items())
    print(f"{manifest['name']}: {counts} receipts in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
