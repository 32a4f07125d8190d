"""Re-run the receipt extractor on saved OCR lines: rules measured in seconds, not a full OCR run.

``save`` runs every receipt of the benchmark's datasets through the service's pipeline (as
``bench_receipts.py`` does) and keeps, per receipt, the lines the pipeline hands to the
extractor (pages stacked, with boxes and polygons). ``score`` then runs only the extractor
(``extract_receipt_fields``) on those lines, scores it as the benchmark does, and prints
the figures per dataset and part. The lines are those of the engine and settings of the
``save`` run; the report itself is still written by ``bench_receipts.py``.

    PYTHONPATH=. python bench/receipt_lines.py save [--datasets sroie,real,scans,generated,pdf]
        [--cache ../data/receipt-lines] [--det-limit 960] [--rec-batch 6]
    PYTHONPATH=. python bench/receipt_lines.py score [--datasets ...] [--cache ...]
        [--show vendor_sim90,total] [--json OUT] [--why]
    PYTHONPATH=. python bench/receipt_lines.py fit [--cache ...] [--write]

``fit`` refits the confidence calibration (``ocr_service/receipt/calibration.py``) on the
held-out parts (see that module on why): the rules' raw confidence of every value returned,
against whether it was right. It prints the maps only (no receipt), and ``--write`` puts them
into ``calibration.py``. Rules are written against the tuning parts, never against these.

``--show`` lists, for the tuning parts only, the receipts that miss a figure: held-out
parts are printed as counts, never receipt by receipt, so no rule is written against them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_receipts as B  # noqa: E402
from bench import date_misses, tax_misses, total_misses  # noqa: E402
from bench.vendor_misses import KINDS, miss_kind  # noqa: E402

DEFAULT_CACHE = B.DATA / "receipt-lines"
FIGURES = (
    "total", "date", "vendor_words", "vendor_sim90", "tax", "net", "tax_lines", "sum_consistent", "currency",
    "vendor_miss_none", "vendor_miss_read", "vendor_miss_unread", "total_miss_read", "total_miss_unread",
)  # fmt: skip


def _args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("save", "score", "fit"))
    parser.add_argument("dataset", nargs="?", default=str(B.DEFAULT_DATASET), help="SROIE tuning folder")
    parser.add_argument("--sroie-heldout", default=str(B.DEFAULT_SROIE_HELDOUT))
    parser.add_argument("--sroie-test", default=str(B.DEFAULT_SROIE_TEST))
    parser.add_argument("--real", default=str(B.DEFAULT_REAL))
    parser.add_argument("--real-scans", default=str(B.DEFAULT_REAL_SCANS))
    parser.add_argument("--generated", default=str(B.DEFAULT_GENERATED))
    parser.add_argument("--generated-pdf", default=str(B.DEFAULT_GENERATED_PDF))
    parser.add_argument("--fresh", default=str(B.DEFAULT_FRESH))
    parser.add_argument("--datasets", default="sroie,real,scans,fresh,generated,pdf")
    parser.add_argument("--parts", default="heldout,tuning")
    parser.add_argument("--cache", default=str(DEFAULT_CACHE))
    parser.add_argument("--det-limit", type=int, default=960)
    parser.add_argument("--rec-batch", type=int, default=6)
    parser.add_argument("--ids", default="", help="save: only these receipts, in this order (ids, or @FILE)")
    parser.add_argument(
        "--shard", default="", help="save: write to <dataset>__<part>.<SHARD>.json (runs side by side)"
    )
    parser.add_argument("--show", default="", help="figures whose misses to list (tuning parts only)")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument(
        "--why", action="store_true", help="score: vendor misses by step, tax, total and date misses by kind"
    )
    parser.add_argument("--write", action="store_true", help="fit: write the maps into calibration.py")
    parser.add_argument("--fields", default="", help="fit --write: only these fields' maps (the others kept)")
    return parser.parse_args(argv)


def _cache_file(cache: Path, label: str, part: str, shard: str = "") -> Path:
    return cache / f"{label}__{part}{'.' + shard if shard else ''}.json"


def _saved(cache: Path, label: str, part: str) -> dict:
    """Every saved receipt of a part, its shards included."""
    out: dict = {}
    for path in sorted(cache.glob(f"{label}__{part}.*json")):
        out.update(json.loads(path.read_text()))
    return out


def _wanted(ids: str) -> list[str] | None:
    if not ids:
        return None
    text = Path(ids[1:]).read_text() if ids.startswith("@") else ids
    return [i.strip() for i in text.replace("\n", ",").split(",") if i.strip()]


def _as_json(caught: dict) -> dict:
    """The caught lines as the cache keeps them (text, confidence, box, polygon, and each
    character's certainty where the recogniser told it)."""
    out = {k: v for k, v in caught.items() if k not in ("lines", "kwargs")}
    if "lines" in caught:
        out["lines"] = [
            {
                "text": ln.text,
                "confidence": float(ln.confidence),
                "bbox": [float(v) for v in ln.bbox],
                "polygon": [[float(x), float(y)] for x, y in (ln.polygon or [])],
            }
            | ({"chars": [round(float(c), 4) for c in ln.chars]} if ln.chars is not None else {})  # fmt: skip
            for ln in caught["lines"]
        ]
        out["page_height"] = caught["kwargs"].get("page_height")
    return out


def progress(label: str, part: str, sample_id: str, seconds: float, done: int) -> str | None:
    """A progress line of ``save``: a tuning receipt by its id, the held-out ones as a count every
    50 (a held-out receipt is seen through its part's figures only)."""
    if part != "heldout":
        return f"{label}/{part} {sample_id} {seconds:.2f}s"
    return f"{label}/{part}: {done} saved" if done % 50 == 0 else None


def save(args) -> int:
    from ocr_service.errors import ServiceError
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document

    sets, _ = B.load_datasets(args)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    engine, settings = B.make_engine("onnx", args.det_limit, args.rec_batch)
    limits = Limits.from_settings(settings)
    wanted = _wanted(args.ids)
    for label, datasets in sets:
        for dataset in datasets:
            for part in args.parts.split(","):
                samples = dataset.part(part)
                if wanted is not None:
                    by_id = {s.id: s for s in samples}
                    samples = [by_id[i] for i in wanted if i in by_id]
                if not samples:
                    continue
                path = _cache_file(cache, label, part, args.shard)
                saved = json.loads(path.read_text()) if path.is_file() else {}
                known = set(_saved(cache, label, part))
                for sample in samples:
                    if sample.id in saved or sample.id in known:
                        continue
                    caught: dict = {}
                    started = time.perf_counter()
                    with B.extractor_input(caught):
                        try:
                            process_document(sample.image.read_bytes(), "receipt", engine, limits)
                        except ServiceError as exc:
                            caught["error"] = type(exc).__name__
                    saved[sample.id] = _as_json(caught)
                    shown = progress(label, part, sample.id, time.perf_counter() - started, len(saved))
                    if shown:
                        print(shown, flush=True)
                    if len(saved) % 5 == 0:
                        path.write_text(json.dumps(saved))
                path.write_text(json.dumps(saved))
    return 0


def score(args) -> int:
    from ocr_service.engines import Line
    from ocr_service.receipt import extract_receipt_fields
    from ocr_service.schemas import ReceiptFields

    sets, _ = B.load_datasets(args)
    show = [s for s in args.show.split(",") if s]
    figures: dict = {}
    for label, datasets in sets:
        for dataset in datasets:
            for part in args.parts.split(","):
                samples = dataset.part(part)
                saved = _saved(Path(args.cache), label, part)
                if not samples or not saved:
                    continue
                counts: dict = defaultdict(lambda: [0, 0])
                why: Counter = Counter()
                tax_why: Counter = Counter()
                total_why: Counter = Counter()
                date_why: Counter = Counter()
                scored: list[dict] = []
                for sample in samples:
                    caught = saved.get(sample.id)
                    if caught is None:
                        continue
                    fields = {}
                    text = None
                    kind = None
                    if "lines" in caught:
                        lines = [Line(**ln) for ln in caught["lines"]]
                        text = "\n".join(ln.text for ln in lines)
                        raw = extract_receipt_fields(lines, page_height=caught.get("page_height"))
                        fields = ReceiptFields.model_validate(raw).model_dump(mode="json")
                        if args.why:
                            kind = _vendor_miss(caught, sample.truth, fields)
                            why[kind] += 1
                            tax = (fields.get("tax") or {}).get("value")
                            tax_why[tax_misses.miss_kind(lines, sample.truth, tax)] += 1
                            total = (fields.get("total") or {}).get("value")
                            total_why[total_misses.miss_kind(lines, sample.truth, total, tax)] += 1
                            date = (fields.get("date") or {}).get("value")
                            date_why[date_misses.miss_kind(lines, sample.truth, date)] += 1
                    ok = B.score_sample(fields, sample.truth, text)
                    scored.append({"truth": sample.truth, "score": ok})
                    for name in FIGURES:
                        if ok.get(name) is not None:
                            counts[name][0] += bool(ok[name])
                            counts[name][1] += 1
                    if part == "tuning":
                        for name in show:
                            if ok.get(name) is False:
                                key = "vendor" if name.startswith("vendor") else name
                                got = fields.get(key)
                                got = got.get("value") if isinstance(got, dict) else got
                                want = sample.truth.get(key)
                                step = f" [{kind}]" if kind and name.startswith("vendor") else ""
                                print(f"  miss {label}/{sample.id} {name}: {got!r}, want {want!r}{step}")
                figures[f"{label}/{part}"] = dict(counts)
                cells = "  ".join(
                    f"{n} {100 * c[0] / c[1]:.1f}% ({c[0]}/{c[1]})"
                    for n in FIGURES
                    if (c := counts.get(n)) and c[1]
                )
                chains = B.vendor_by_chain(scored)
                if chains["n"]:
                    cells += f"  vendor_by_chain {B._cell(chains)}"
                print(f"{label}/{part}: {cells}", flush=True)
                if args.why:
                    kinds = "  ".join(f"{k} {why[k]}" for k in KINDS if why[k])
                    print(f"  vendor misses by step: {kinds or 'none'}", flush=True)
                    taxes = "  ".join(f"{k} {tax_why[k]}" for k in tax_misses.KINDS if tax_why[k])
                    print(f"  tax misses by kind: {taxes or 'none'}", flush=True)
                    totals = "  ".join(f"{k} {total_why[k]}" for k in total_misses.KINDS if total_why[k])
                    print(f"  total misses by kind: {totals or 'none'}", flush=True)
                    dates = "  ".join(f"{k} {date_why[k]}" for k in date_misses.KINDS if date_why[k])
                    print(f"  date misses by kind: {dates or 'none'}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


def extractor_lines(caught: dict) -> tuple[list, float] | None:
    """A saved receipt's lines as the extractor keeps them (none blank) and the page height
    it goes by, or None when no line holds text."""
    from ocr_service.engines import Line

    kept = [ln for ln in (Line(**x) for x in caught["lines"]) if ln.text and ln.text.strip()]
    if not kept:
        return None
    return kept, caught.get("page_height") or max(ln.bbox[3] for ln in kept)


def _vendor_miss(caught: dict, truth: dict, fields: dict) -> str | None:
    """The step that lost this receipt's vendor (bench/vendor_misses.py), or None."""
    kept = extractor_lines(caught)
    return None if kept is None else miss_kind(*kept, truth, (fields.get("vendor") or {}).get("value"))


def _heldout_rows(args) -> list[tuple[str, dict]]:
    """Per held-out receipt of the cache (with its dataset): the values returned, the rules'
    raw confidences and which values are right."""
    from ocr_service.engines import Line
    from ocr_service.receipt import extract_receipt_fields
    from ocr_service.schemas import ReceiptFields

    sets, _ = B.load_datasets(args)
    rows = []
    for label, datasets in sets:
        if label in B.OWN_ROWS:  # not what the shipped maps are fit on (bench_receipts.OWN_ROWS)
            continue
        for dataset in datasets:
            saved = _saved(Path(args.cache), label, "heldout")
            for sample in dataset.part("heldout"):
                caught = saved.get(sample.id)
                if caught is None or "lines" not in caught:
                    continue
                lines = [Line(**ln) for ln in caught["lines"]]
                raw = extract_receipt_fields(lines, page_height=caught.get("page_height"), calibrate=False)
                fields = ReceiptFields.model_validate(raw).model_dump(mode="json")
                row = {
                    "id": sample.id,
                    "fields": fields,
                    # the guesses too, kept under their ceiling as the benchmark's table keeps them
                    "raw": B.with_guesses(B.returned_confidences(fields), raw),
                    "correct": {f: B.field_correct(f, fields, sample.truth) for f in B.CALIBRATED},
                }
                rows.append((label, row))
    return rows


def fit(args) -> int:
    from ocr_service.receipt import calibration

    held = _heldout_rows(args)
    B.calibrate_out_of_fold(held)
    table = B.calibration([row for _, row in held])
    print(
        "out of fold (as the benchmark's table): accuracy (count) above " + ", ".join(map(str, B.THRESHOLDS))
    )
    for name, entry in table.items():
        cells = "  ".join(f"{entry[f'{t:g}']['accuracy']} ({entry[f'{t:g}']['n']})" for t in B.THRESHOLDS)
        print(f"  {name}: {cells}")
    pairs = B.raw_pairs([row for _, row in held])
    rows = []
    for name, values in pairs.items():
        if not values:
            print(f"{name}: no value returned on the held-out parts of this cache", file=sys.stderr)
            return 1
        table = ", ".join(f"{v:g}" for v in calibration.fit(values))
        rows.append(f'    "{name}": ({table}),  # {len(values)} values')
        print(rows[-1].strip(), flush=True)
    if args.write:
        path = Path(calibration.__file__)
        text = path.read_text("utf-8")
        start = text.index("MAPS: dict[str, tuple[float, ...]] = {\n")
        start = text.index("\n", start) + 1
        end = text.index("}\n", start)
        only = {f for f in args.fields.split(",") if f}
        if only:  # the other fields' rows as they are
            kept = {row.split('"')[1]: row for row in text[start:end].splitlines() if '"' in row}
            rows = [row if row.split('"')[1] in only else kept.get(row.split('"')[1], row) for row in rows]
        path.write_text(text[:start] + "\n".join(rows) + "\n" + text[end:], "utf-8")
        print(f"written into {path.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    return {"save": save, "score": score, "fit": fit}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
