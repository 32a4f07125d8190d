"""Fit the vendor weights of ``ocr_service/receipt/weights.py`` on the tuning parts of the line
cache, by a coordinate search that keeps only changes worth several receipts.

    PYTHONPATH=. python bench/fit_weights.py [--cache ../data/receipt-lines]
        [--fit sroie/tuning,real-de/tuning,real-scans/tuning,generated/tuning]
        [--check sroie-dev/tuning,real-scans-dev/tuning] [--min-gain 2] [--rounds 3] [--write]

The weights were first set by hand against synthetic cases; this script asks the receipts the
rules were written against which values choose the name best. Each round tries, for every
weight of the vendor's line scoring, a few values around the current one (zero, half, one and a
half, twice, and steps of 0.5 either side), and takes the best change only when it gains at
least ``--min-gain`` receipts of the fit parts (vendor, words kept), so a weight does not move
for one receipt. The check parts (tuning-side dev parts, no rule was written against them
receipt by receipt) are printed before and after and take no part in the choice; the held-out
parts are not read at all. ``--write`` puts the values into ``weights.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_receipts as B  # noqa: E402
from bench.receipt_lines import (  # noqa: E402
    DEFAULT_CACHE,
    _saved,
    extractor_lines,
)
from bench.receipt_lines import _args as _cache_args  # noqa: E402
from ocr_service.receipt.weights import WEIGHTS  # noqa: E402

# the weights of the line scoring: the confidence's weights only scale what is returned
FITTED = tuple(n for n in WEIGHTS._fields if n.startswith("vendor_") and "strength" not in n)


def _args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=str(DEFAULT_CACHE))
    parser.add_argument("--fit", default="sroie/tuning,real-de/tuning,real-scans/tuning,generated/tuning")
    parser.add_argument("--check", default="sroie-dev/tuning,real-scans-dev/tuning")
    parser.add_argument("--min-gain", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write the values into weights.py")
    return parser.parse_args(argv)


def _receipts(args, wanted: list[str]) -> dict[str, list[tuple[list, float, dict]]]:
    """Per 'label/part': (lines as the extractor gets them, page height, truth) of each receipt."""
    sets, _ = B.load_datasets(_cache_args(["score"]))
    out: dict = {}
    for label, datasets in sets:
        for dataset in datasets:
            for key in wanted:
                want_label, part = key.split("/")
                if want_label != label or "heldout" in part:
                    continue
                saved = _saved(Path(args.cache), label, part)
                for sample in dataset.part(part):
                    caught = saved.get(sample.id)
                    if not caught or "lines" not in caught or not sample.truth.get("vendor"):
                        continue
                    if (kept := extractor_lines(caught)) is not None:
                        out.setdefault(key, []).append((*kept, sample.truth))
    return out


def _right(receipts, weights) -> dict[str, int]:
    """Receipts whose vendor is right (words kept), per part, with these weights."""
    from ocr_service.receipt import vendor

    def right(lines, height, truth) -> bool:
        return B.vendor_scores(vendor.find_vendor(lines, height)[0], truth)["vendor_words"]

    before = vendor.W
    vendor.W = weights
    try:
        return {key: sum(right(*row) for row in rows) for key, rows in receipts.items()}
    finally:
        vendor.W = before


def _tries(value: float) -> list[float]:
    out = {0.0, value * 0.5, value * 1.5, value * 2.0, value - 0.5, value + 0.5, value - 1.0, value + 1.0}
    return sorted(round(v, 2) for v in out if round(v, 2) != round(value, 2))


_FIT: dict = {}  # the fit parts, shared with the worker processes (forked)


def _with(values: dict[str, float]):
    """The weights with these values (plain numbers cross to the worker processes)."""
    from ocr_service.receipt.weights import Weight

    return WEIGHTS._replace(**{n: Weight(v, getattr(WEIGHTS, n).why) for n, v in values.items()})


def _right_in_fit(values: dict[str, float]) -> int:
    return sum(_right(_FIT, _with(values)).values())


def search(fit, weights, min_gain: int, rounds: int, say=print, processes: int = 2):
    import multiprocessing

    _FIT.clear()
    _FIT.update(fit)
    values = {name: float(getattr(weights, name)) for name in FITTED}
    best = _right_in_fit(values)
    say(f"start: {best} right of {sum(map(len, fit.values()))}")
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for number in range(1, rounds + 1):
            moved = False
            for name in FITTED:
                current = values[name]
                tries = _tries(current)
                counts = pool.map(_right_in_fit, [{**values, name: v} for v in tries])
                got, _, value = max((n, -abs(v - current), v) for n, v in zip(counts, tries, strict=True))
                if got - best >= min_gain:
                    say(f"round {number}: {name} {current:g} -> {value:g}: {best} -> {got}", flush=True)
                    values, best, moved = {**values, name: value}, got, True
            if not moved:
                break
    return _with(values)


def write(weights) -> Path:
    path = ROOT / "ocr_service" / "receipt" / "weights.py"
    text = path.read_text("utf-8")
    for name in FITTED:
        if float(getattr(weights, name)) == float(getattr(WEIGHTS, name)):
            continue
        value = float(getattr(weights, name))
        pattern = rf"(\b{name}=Weight\(\s*)-?\d+(?:\.\d+)?"
        text, count = re.subn(pattern, lambda m, v=value: f"{m[1]}{v:g}", text)
        if count != 1:
            raise SystemExit(f"{name}: found {count} times in {path}")
    path.write_text(text, "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    fit_keys = [k for k in args.fit.split(",") if k]
    check_keys = [k for k in args.check.split(",") if k]
    receipts = _receipts(args, fit_keys + check_keys)
    fit = {k: v for k, v in receipts.items() if k in fit_keys}
    if not fit:
        print(f"no receipt of {args.fit} in {args.cache} (bench/receipt_lines.py save)", file=sys.stderr)
        return 1
    before = _right(receipts, WEIGHTS)
    weights = search(fit, WEIGHTS, args.min_gain, args.rounds)
    after = _right(receipts, weights)
    for key, rows in receipts.items():
        role = "fit" if key in fit else "check"
        print(f"{key} ({role}): vendor {before[key]} -> {after[key]} of {len(rows)}")
    for name in FITTED:
        if float(getattr(weights, name)) != float(getattr(WEIGHTS, name)):
            print(f"  {name}: {float(getattr(WEIGHTS, name)):g} -> {float(getattr(weights, name)):g}")
    if args.write:
        print(f"written into {write(weights).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
