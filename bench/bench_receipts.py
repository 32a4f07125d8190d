"""Benchmark receipt field extraction end to end: image -> OCR engine -> fields.

Reads a folder with ``img/<id>.jpg`` and ``key/<id>.json`` (SROIE layout: company, date,
total) and writes ``bench/reports/receipts.md`` and ``receipts.json``.

    python bench/bench_receipts.py [DATASET] [--engines onnx,paddle] [--det-limit 960]

Scoring:
- total: numeric equality (currency marks and thousands separators stripped from the key);
- date: the same calendar date (the key is read day-first unless unambiguous otherwise);
- company: exact match after normalisation, and the rate at similarity >= 0.9. Two
  normalisations are reported: ``compact`` (upper case, every space and punctuation mark
  removed; the headline figure, since the default recogniser drops most spaces) and ``words``
  (upper case, runs of spaces and punctuation collapsed to one space).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Runs as a script from anywhere: the package lives at the repository root.
sys.path.insert(0, str(ROOT))
DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "receipts" / "sroie"
REPORTS = ROOT / "bench" / "reports"


# -- scoring -------------------------------------------------------------------
def key_total(text: str) -> Decimal | None:
    digits = re.sub(r"[^\d.,-]", "", text or "")
    if "," in digits and "." in digits:
        digits = digits.replace(",", "")
    elif "," in digits:
        head, _, tail = digits.rpartition(",")
        digits = f"{head.replace(',', '')}.{tail}" if len(tail) == 2 else digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def key_date(text: str):
    from ocr_service.receipt.dates import find_dates

    found = find_dates(text or "")
    return found[0].date if found else None


def norm_compact(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", (text or "").upper())


def norm_words(text: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").upper()).strip()


def similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def score_one(fields: dict, key: dict) -> dict:
    pred_total = fields["total"]["value"]
    gold_total = key_total(key.get("total", ""))
    total_ok = pred_total is not None and gold_total is not None and Decimal(pred_total) == gold_total
    pred_date = fields["date"]["value"]
    gold_date = key_date(key.get("date", ""))
    date_ok = pred_date is not None and gold_date is not None and pred_date == gold_date.isoformat()
    vendor = fields["vendor"]["value"]
    company = key.get("company", "")
    return {
        "total": total_ok,
        "date": date_ok,
        "company_exact": norm_compact(vendor) == norm_compact(company),
        "company_sim90": similarity(norm_compact(vendor), norm_compact(company)) >= 0.9,
        "company_words_exact": norm_words(vendor) == norm_words(company),
        "company_words_sim90": similarity(norm_words(vendor), norm_words(company)) >= 0.9,
    }


METRICS = ("total", "date", "company_exact", "company_sim90", "company_words_exact", "company_words_sim90")


def summarise(scores: list[dict]) -> dict:
    n = len(scores)
    return {m: round(100.0 * sum(s[m] for s in scores) / n, 1) if n else 0.0 for m in METRICS}


# -- running -------------------------------------------------------------------
def make_engine(name: str, det_limit: int, rec_batch: int):
    if name == "onnx":
        from ocr_service.engines.onnx import OnnxOcrEngine

        return OnnxOcrEngine(det_limit_side_len=det_limit, rec_batch_num=rec_batch)
    from ocr_service.engines.paddle import PaddleOcrEngine

    return PaddleOcrEngine(det_limit_side_len=det_limit, rec_batch_num=rec_batch)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(len(ordered) - 1, int(k) + 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_engine(name: str, keys: list[Path], dataset: Path, det_limit: int, rec_batch: int, quiet: bool):
    """OCR and extract every receipt with one engine; return the run's figures and rows."""
    import cv2

    from ocr_service.receipt import extract_receipt_fields

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    engine = make_engine(name, det_limit, rec_batch)
    load_s = time.perf_counter() - t0
    # warm-up outside the timings (first inference allocates and tunes kernels)
    engine.ocr(cv2.imread(str(dataset / "img" / f"{keys[0].stem}.jpg")))

    rows = []
    latencies = []
    cpu_times = []
    for key_path in keys:
        rid = key_path.stem
        key = json.loads(key_path.read_text(encoding="utf-8"))
        img_path = dataset / "img" / f"{rid}.jpg"
        start = time.perf_counter()
        cpu_start = time.process_time()
        image = cv2.imread(str(img_path))
        lines = engine.ocr(image)
        fields = extract_receipt_fields(lines, page_height=image.shape[0])
        elapsed = time.perf_counter() - start
        latencies.append(elapsed)
        cpu_times.append(time.process_time() - cpu_start)
        score = score_one(fields, key)
        rows.append({"id": rid, "seconds": round(elapsed, 3), "score": score, "fields": fields, "key": key})
        if not quiet:
            misses = [m for m in ("total", "date", "company_exact") if not score[m]]
            print(
                f"{name} {rid} {elapsed:5.2f}s {'ok' if not misses else 'miss ' + ','.join(misses)}",
                flush=True,
            )

    run = {
        "engine": engine.describe(),
        "settings": {"engine": name, "det_limit_side_len": det_limit, "rec_batch_num": rec_batch},
        # other work on the machine inflates latency: the 1-minute load average before and after
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "accuracy_percent": summarise([r["score"] for r in rows]),
        "latency_seconds": {
            "p50": round(percentile(latencies, 0.5), 3),
            "p95": round(percentile(latencies, 0.95), 3),
            "mean": round(statistics.fmean(latencies), 3),
            "engine_load": round(load_s, 2),
            # CPU seconds the process used per receipt (all its threads): unlike wall time, not
            # inflated by other programs sharing the cores
            "cpu_p50": round(percentile(cpu_times, 0.5), 3),
            "cpu_p95": round(percentile(cpu_times, 0.95), 3),
        },
        "per_receipt": [
            {
                "id": r["id"],
                "seconds": r["seconds"],
                "ok": r["score"],
                "predicted": {k: v["value"] for k, v in r["fields"].items()},
            }
            for r in rows
        ],
    }
    return run, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT_DATASET))
    parser.add_argument(
        "--engines",
        default="onnx,paddle",
        help="comma-separated, first is the headline: onnx (rapidocr, the service's default) and/or "
        "paddle (PaddleOCR on PaddlePaddle); both by default",
    )
    parser.add_argument("--det-limit", type=int, default=960)
    parser.add_argument("--rec-batch", type=int, default=8)
    parser.add_argument("--limit", type=int, default=0, help="only the first N receipts")
    parser.add_argument("--out", default=str(REPORTS / "receipts"), help="report path without extension")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"paddle", "onnx"}
    if not engines or unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown)) or 'none given'}")
    dataset = Path(args.dataset)
    keys = sorted((dataset / "key").glob("*.json"))
    if args.limit:
        keys = keys[: args.limit]
    if not keys:
        print(f"no key files under {dataset}/key", file=sys.stderr)
        return 2

    runs = []
    rows_by_run = []
    for name in engines:
        run, rows = run_engine(name, keys, dataset, args.det_limit, args.rec_batch, args.quiet)
        runs.append(run)
        rows_by_run.append(rows)

    report = {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "dataset": str(dataset.name if dataset == DEFAULT_DATASET else dataset),
        "receipts": len(keys),
        "machine": {
            "cpu_cores": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "runs": runs,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out.with_suffix(".md").write_text(render_markdown(report, rows_by_run), encoding="utf-8")
    for run in runs:
        print(
            json.dumps(
                {
                    "engine": run["settings"]["engine"],
                    "accuracy_percent": run["accuracy_percent"],
                    "latency_seconds": run["latency_seconds"],
                },
                indent=1,
            )
        )
    return 0


def render_markdown(report: dict, rows_by_run: list[list[dict]]) -> str:
    m = report["machine"]
    out = [
        "# Receipt extraction benchmark",
        "",
        "Generated by `bench/bench_receipts.py`; do not edit by hand.",
        "",
        f"- generated: {report['generated']}",
        f"- dataset: `{report['dataset']}`, {report['receipts']} receipts with key files",
        f"- machine: {m['cpu_cores']} CPU cores ({m['processor']}), Python {m['python']}",
        "- end to end per receipt: image decode (OpenCV) + OCR + field extraction, warm engine, "
        "one receipt at a time",
        "",
        "## Summary",
        "",
        "| engine | total | date | company exact | company sim>=0.9 | company exact (words) "
        "| p50 | p95 | CPU p50 | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in report["runs"]:
        a, lat, eng = run["accuracy_percent"], run["latency_seconds"], run["engine"]
        out.append(
            f"| {eng.get('name')} ({eng.get('runtime')}), det {run['settings']['det_limit_side_len']} "
            f"| {a['total']:.1f}% | {a['date']:.1f}% | {a['company_exact']:.1f}% | {a['company_sim90']:.1f}% "
            f"| {a['company_words_exact']:.1f}% | {lat['p50']:.2f} s | {lat['p95']:.2f} s "
            f"| {lat['cpu_p50']:.2f} s | {run['load_average'][0]} / {run['load_average'][1]} |"
        )
    out += [
        "",
        "Scoring: total by numeric equality; date by calendar date; company exact after upper-casing and "
        "removing every space and punctuation mark (the default recogniser drops most spaces), and the "
        'rate at similarity >= 0.9 (difflib ratio) under the same normalisation; "exact (words)" keeps '
        "word boundaries (runs of spaces and punctuation collapsed to one space).",
        "",
        "Wall-clock times include waiting for the cores when other programs run (the 1-minute load "
        "average before / after each run is given); CPU time is the processor time the benchmark itself "
        "used per receipt, over all its threads.",
        "",
    ]
    for run, rows in zip(report["runs"], rows_by_run, strict=True):
        eng, s, lat = run["engine"], run["settings"], run["latency_seconds"]
        out += [
            f"## {eng.get('name')} {eng.get('version')}",
            "",
            f"- runtime: {eng.get('runtime')}; models "
            f"{', '.join(f'{k}={v}' for k, v in eng.get('models', {}).items())}",
            f"- settings: det_limit_side_len={s['det_limit_side_len']}, rec_batch_num={s['rec_batch_num']}, "
            "no text-line orientation classifier",
            f"- latency: p50 {lat['p50']:.2f} s, p95 {lat['p95']:.2f} s, mean {lat['mean']:.2f} s; "
            f"CPU time p50 {lat['cpu_p50']:.2f} s, p95 {lat['cpu_p95']:.2f} s; "
            f"engine load {lat['engine_load']:.1f} s",
            "",
            "| id | field | predicted | key |",
            "|---|---|---|---|",
        ]
        for r in rows:
            sc = r["score"]
            pairs = [
                ("total", "total", "total"),
                ("date", "date", "date"),
                ("company_exact", "vendor", "company"),
            ]
            for metric, field, keyname in pairs:
                if not sc[metric]:
                    pred = str(r["fields"][field]["value"]).replace("|", "/")
                    gold = str(r["key"].get(keyname, "")).replace("|", "/")
                    out.append(f"| {r['id']} | {field} | {pred} | {gold} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
