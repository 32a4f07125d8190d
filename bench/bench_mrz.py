"""MRZ benchmark: accuracy, false-valid count and latency of ``ocr_service.mrz.scan_mrz``.

Runs, in one process on one engine:
  * the passport images of a data folder with a ``ground_truth.json`` (default:
    ``../shared/data/passports``);
  * N generated documents (all five formats, varied names, countries, dates; blur,
    noise, rotation up to +-5 degrees, JPEG quality 40-95, uneven light; fixed seed);
  * N phone photos of generated documents on a cluttered desk (``synth.make_photo``:
    perspective, rotation up to 12 degrees and sometimes 180, glare or shadow, 1100-1600
    pixels, JPEG 50-85);
  * both from seeds first run for the report of 5 December 2026 (``HELD_OUT``), every document's
    dates drawn around one fixed day (``BENCH_TODAY``), so that a seed names one set whatever the
    day. The seeds of the reports before (9303 generated, 1509 photos) were measured commit by
    commit while rules were written, and rules were written against three of their documents
    (an audit of 5 December 2026): they are development sets now, as are the seeds tuning looked
    at (photos of 5000-5119, 6000-6399, 1-3, streams 777, 2, 3 and 5004's TD3s; generated 5001,
    777, 4242, 31337);
  * on a subset, the naive path (the whole page through detection + recognition,
    then MRZ lines picked from the text) and PassportEye (tesseract), as ratios.

Writes ``bench/reports/mrz.json`` and ``bench/reports/mrz.md``. Usage:
    python bench/bench_mrz.py [--data DIR] [--n 500] [--seed 120526] [--photos 200]
                              [--photo-seed 120528] [--subset 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ocr_service.config import Settings  # noqa: E402
from ocr_service.mrz import (  # noqa: E402
    FIELD_NAMES,
    MrzResult,
    mrz_from_page_lines,
    scan_mrz,
)
from ocr_service.mrz.glyphs import GLYPH_LOOKALIKES as LOOKALIKES  # noqa: E402
from ocr_service.runtime import build_engine, warm_up  # noqa: E402
from tests.mrz.synth import make_photo, make_sample  # noqa: E402
from tests.mrz.test_drawn import mixed_lookalike_cells, settled_swaps, steps  # noqa: E402

# seeds first run for the reports of 5 December 2026: no rule was written while they were watched
# (photos of 120527, first run then, gave one false-valid document, which was looked at and mended:
# a development set since, replaced by 120528)
HELD_OUT = {"generated": 120526, "photos": 120528}
# the day every generated document's dates are drawn around: a seed names one set of documents
BENCH_TODAY = dt.date(2026, 12, 5)
HOW_HELD_OUT = (
    "How held out: the generated documents and photos come from seeds first run for the report of "
    "5 December 2026. The seeds of the reports before (9303 generated, 1509 photos) were measured "
    "commit by commit while rules were written, and an audit that day found rules written against "
    "three of their documents (two of 1509's photos, one of 9303's documents, which a test still "
    "reads); they are development sets now, as is 120527, whose one false-valid photo (the names' "
    "'<<' read as '<') was looked at and mended the same day. These figures are those of documents "
    "no rule was written against only as long as no rule is written while they are watched. The "
    "data folder "
    "is no independent check either: the reader's thresholds were set on its specimens, which "
    "hold about five distinct MRZs; it is a regression set that must stay read."
)

FIELDS = FIELD_NAMES
# the fields every reader returns, for the comparison with other readers
CORE = ("document_number", "surname", "given_names", "nationality", "birth_date", "sex", "expiry_date")


def pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def yymmdd(iso: str | None) -> str | None:
    return iso[2:4] + iso[5:7] + iso[8:10] if iso else None


def shared_truth(entry: dict) -> dict:
    return {
        "document_type": entry["document_code"],
        "issuing_country": entry["issuing_country"],
        "document_number": entry["document_number"],
        "surname": entry["surname"],
        "given_names": entry["given_names"],
        "nationality": entry["nationality"],
        "birth_date": entry["birth_date_yymmdd"],
        "sex": entry["sex"],
        "expiry_date": entry["expiry_date_yymmdd"],
    }


def our_values(result: MrzResult | None, short_dates: bool) -> dict:
    if result is None:
        return {}
    out = {name: result.fields[name].value for name in FIELDS}
    if short_dates:
        out["birth_date"] = yymmdd(out["birth_date"])
        out["expiry_date"] = yymmdd(out["expiry_date"])
    return out


def score(
    truth: dict, got: dict, valid: bool, field_valid: dict | None = None, verified: bool = False
) -> dict:
    names = [k for k in truth if k != "mrz_format"]
    right = {k: got.get(k) == truth[k] for k in names}
    wrong = [k for k, ok in right.items() if not ok]
    field_false_valid = [k for k in wrong if field_valid and field_valid.get(k)]
    return {
        "found": bool(got),
        "fields_right": right,
        "values_right": not wrong,
        "valid": bool(valid),
        "fully_correct": not wrong and bool(valid),
        # with per-field flags: a wrong field reported verified; without: a wrong value in a
        # document reported valid
        "false_valid": bool(field_false_valid) if field_valid is not None else bool(valid) and bool(wrong),
        "valid_wrong_unverified": bool(valid) and bool(wrong) and not field_false_valid,
        "field_false_valid": field_false_valid,
        "fully_verified": not wrong and bool(verified),
    }


def run_ours(engine, image, truth: dict, short_dates: bool) -> dict:
    c0, t0 = time.process_time(), time.perf_counter()
    outcome = scan_mrz(image, engine)
    wall = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0) * 1000
    r = outcome.result
    got = our_values(r, short_dates)
    field_valid = {k: r.fields[k].valid for k in FIELDS} if r else {}
    out = score(truth, got, bool(r and r.valid), field_valid, verified=bool(r and r.verified))
    out.update(ms=wall, cpu_ms=cpu, method=outcome.method, format=r.mrz_format if r else None)
    return out


def run_naive(engine, image, truth: dict, short_dates: bool) -> dict:
    t0 = time.perf_counter()
    r = mrz_from_page_lines(engine.ocr(image)).result
    wall = (time.perf_counter() - t0) * 1000
    got = our_values(r, short_dates)
    field_valid = {k: r.fields[k].valid for k in FIELDS} if r else {}
    out = score(truth, got, bool(r and r.valid), field_valid)
    out["ms"] = wall
    return out


def run_passporteye(image, truth: dict) -> dict:
    from passporteye import read_mrz

    ok, buf = cv2.imencode(".png", image)
    t0 = time.perf_counter()
    try:
        mrz = read_mrz(io.BytesIO(buf.tobytes()))
    except Exception:  # PassportEye raises on some inputs; count it as nothing found
        mrz = None
    wall = (time.perf_counter() - t0) * 1000
    got: dict = {}
    valid = False
    if mrz is not None:
        d = mrz.to_dict()
        got = {
            "document_number": d.get("number", "").replace("<", ""),
            "surname": d.get("surname", "").replace("<", " ").strip(),
            "given_names": " ".join(d.get("names", "").replace("<", " ").split()),
            "nationality": d.get("nationality", "").replace("<", ""),
            "birth_date": d.get("date_of_birth"),
            "sex": {"<": "X"}.get(d.get("sex", ""), d.get("sex", "")),
            "expiry_date": d.get("expiration_date"),
        }
        valid = bool(
            d.get("valid_number") and d.get("valid_date_of_birth") and d.get("valid_expiration_date")
        )
        valid = valid and bool(d.get("valid_composite", True))
    core_truth = {k: truth[k] for k in CORE}
    out = score(core_truth, got, valid)
    out["ms"] = wall
    return out


def core_only(res: dict) -> dict:
    """Re-score one of our results on the fields PassportEye also returns."""
    right = {k: res["fields_right"][k] for k in CORE}
    ok = all(right.values())
    return {"fully_correct": ok and res["valid"], "false_valid": res["valid"] and not ok, "ms": res["ms"]}


def summary(rows: list[dict], with_fields: bool = True) -> dict:
    n = len(rows)
    if not n:
        return {"documents": 0}
    out = {
        "documents": n,
        "found": sum(1 for r in rows if r.get("found", True)),
        "fully_correct": sum(1 for r in rows if r["fully_correct"]),
        "fully_correct_pct": round(100.0 * sum(1 for r in rows if r["fully_correct"]) / n, 1),
        "values_right": sum(1 for r in rows if r.get("values_right")),
        "fully_verified": sum(1 for r in rows if r.get("fully_verified")),
        "valid_wrong_unverified": sum(1 for r in rows if r.get("valid_wrong_unverified")),
        "false_valid": sum(1 for r in rows if r["false_valid"]),
        "p50_ms": pct([r["ms"] for r in rows], 50),
        "p95_ms": pct([r["ms"] for r in rows], 95),
    }
    if "cpu_ms" in rows[0]:
        out["cpu_p50_ms"] = pct([r["cpu_ms"] for r in rows], 50)
    if with_fields and "fields_right" in rows[0]:
        names = list(rows[0]["fields_right"])
        out["field_accuracy_pct"] = {
            k: round(100.0 * sum(1 for r in rows if r["fields_right"].get(k)) / n, 1) for k in names
        }
        out["field_false_valid"] = sum(len(r.get("field_false_valid", [])) for r in rows)
    return out


def run_photos(engine, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        image, doc = make_photo(rng, today=BENCH_TODAY)
        res = run_ours(engine, image, dict(doc.truth), short_dates=False)
        res["format"] = doc.mrz_format
        rows.append(res)
        if (i + 1) % 50 == 0:
            done = summary(rows)
            print(f"photos {i + 1}/{n}: fully correct {done['fully_correct_pct']}%  p50 {done['p50_ms']} ms")
    return rows


def photos_summary(rows: list[dict], flat_rows: list[dict], seed: int) -> dict:
    out = {"seed": seed, "all": summary(rows)}
    if rows:
        out["no_mrz_pct"] = round(100.0 * sum(1 for r in rows if not r["found"]) / len(rows), 1)
        out["by_format"] = {
            f: summary([r for r in rows if r["format"] == f]) for f in sorted({r["format"] for r in rows})
        }
        flat = summary(flat_rows)
        p_photo, p_flat = out["all"]["p50_ms"], flat.get("p50_ms")
        out["p50_ratio_photos_to_flats"] = round(p_photo / p_flat, 2) if p_photo and p_flat else None
    return out


def render_photos(p: dict) -> list[str]:
    a = p["all"]
    if not a.get("documents"):
        return []
    lines = [
        f"## Phone photos on a desk (held-out seed {p['seed']})",
        "",
        f"- documents: {a['documents']}; **no MRZ found: {p['no_mrz_pct']} %**",
        f"- **fully correct: {a['fully_correct']} ({a['fully_correct_pct']} %)**; all values right "
        f"(verified or not): {a['values_right']}",
        f"- **false-valid documents: {a['false_valid']}**; false-valid fields: {a['field_false_valid']}",
        f"- latency p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms; **p50 photos / flat scans in this run: "
        f"{p['p50_ratio_photos_to_flats']}**",
        "",
        "| format | documents | fully correct % | false-valid | p50 ms |",
        "|---|---|---|---|---|",
    ]
    for f, s in p["by_format"].items():
        lines.append(
            f"| {f} | {s['documents']} | {s['fully_correct_pct']} | {s['false_valid']} | {s['p50_ms']} |"
        )
    return [*lines, ""]


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "passports")
    ap.add_argument("--n", type=int, default=500, help="generated documents")
    ap.add_argument("--seed", type=int, default=HELD_OUT["generated"])
    ap.add_argument("--photos", type=int, default=200, help="generated phone photos")
    ap.add_argument(
        "--photo-seed", type=int, default=HELD_OUT["photos"], help="held out: first run 5 December 2026"
    )
    ap.add_argument("--subset", type=int, default=40, help="generated documents also run by the others")
    ap.add_argument("--no-passporteye", action="store_true")
    ap.add_argument("--engine", choices=["onnx", "paddle"], default=Settings().engine, help="OCR engine")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "reports" / "mrz")
    args = ap.parse_args(argv)

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = load_average()
    engine = build_engine(Settings(engine=args.engine))
    warm_up(engine)
    warm_rng = random.Random(1)
    for _ in range(3):
        scan_mrz(make_sample(warm_rng)[0], engine)

    # the data folder
    shared_rows, shared_names = [], []
    truth_file = args.data / "ground_truth.json"
    gt = json.loads(truth_file.read_text()) if truth_file.is_file() else {}
    no_mrz = []
    shared_images = {}
    for name, entry in sorted(gt.items()):
        image = cv2.imread(str(args.data / name), cv2.IMREAD_COLOR)
        if image is None:
            continue
        shared_images[name] = image
        if not entry.get("mrz"):
            outcome = scan_mrz(image, engine)
            no_mrz.append(
                {"file": name, "mrz_found": outcome.result is not None, "confidence": outcome.confidence}
            )
            continue
        truth = shared_truth(entry)
        res = run_ours(engine, image, truth, short_dates=True)
        outcome = scan_mrz(image, engine)
        res["lines_exact"] = outcome.result is not None and outcome.result.lines == entry["mrz"]
        res["all_check_digits"] = outcome.result is not None and all(outcome.result.check_digits.values())
        res["file"] = name
        # every look-alike of a mixed field read as each of its look-alikes: settled as read?
        lines, reads, parsed = steps(image, engine)
        res["swaps_tried"] = sum(len(LOOKALIKES[ch]) for _li, _col, ch in mixed_lookalike_cells(parsed))
        res["swaps_settled"] = len(settled_swaps(lines, reads, parsed))
        shared_rows.append(res)
        shared_names.append(name)
        print(f"{name}: fully correct {res['fully_correct']}  {res['ms']:.0f} ms", flush=True)

    # generated documents
    rng = random.Random(args.seed)
    synth_rows, samples = [], []
    for i in range(args.n):
        image, doc = make_sample(rng, today=BENCH_TODAY)
        truth = dict(doc.truth)
        res = run_ours(engine, image, truth, short_dates=False)
        res["format"] = doc.mrz_format
        synth_rows.append(res)
        if i < args.subset:
            samples.append((image, doc))
        if (i + 1) % 50 == 0:
            done = summary(synth_rows)
            print(
                f"{i + 1}/{args.n}: fully correct {done['fully_correct_pct']}%  false-valid "
                f"{done['false_valid']}  p50 {done['p50_ms']} ms",
                flush=True,
            )

    photo_rows = run_photos(engine, args.photos, args.photo_seed)

    # the same subset through the naive path and PassportEye
    naive_rows, pe_rows, ours_subset = [], [], []
    subset = [(img, {**d.truth}) for img, d in samples]
    for i, (img, truth) in enumerate(subset):
        naive_rows.append(run_naive(engine, img, truth, short_dates=False))
        ours_subset.append(synth_rows[i])
    for name in shared_names:
        truth = shared_truth(gt[name])
        naive_rows.append(run_naive(engine, shared_images[name], truth, short_dates=True))
        ours_subset.append(shared_rows[shared_names.index(name)])
    if not args.no_passporteye:
        for img, truth in subset:
            t = dict(truth)
            t["birth_date"], t["expiry_date"] = yymmdd(t["birth_date"]), yymmdd(t["expiry_date"])
            pe_rows.append(run_passporteye(img, t))
        for name in shared_names:
            pe_rows.append(run_passporteye(shared_images[name], shared_truth(gt[name])))

    ours_core = [core_only(r) for r in ours_subset]
    ours_sub = summary(ours_subset, with_fields=False)
    naive = summary(naive_rows, with_fields=False)
    ours_core_sum = summary([{**r, "values_right": r["fully_correct"]} for r in ours_core], with_fields=False)
    pe = summary(pe_rows, with_fields=False) if pe_rows else None

    def ratio(a, b):
        return round(a / b, 2) if a and b else None

    report = {
        "started": started,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": load_average(),
        },
        "engine": engine.describe(),
        "seed": args.seed,
        "data_folder": {
            "documents": summary(shared_rows),
            "lines_exact": sum(1 for r in shared_rows if r["lines_exact"]),
            "all_check_digits_valid": sum(1 for r in shared_rows if r["all_check_digits"]),
            "swaps_tried": sum(r["swaps_tried"] for r in shared_rows),
            "swaps_settled": sum(r["swaps_settled"] for r in shared_rows),
            "per_file": [
                {
                    k: r[k]
                    for k in ("file", "fully_correct", "lines_exact", "all_check_digits", "method", "ms")
                }
                for r in shared_rows
            ],
            "no_mrz": no_mrz,
        },
        "generated": {
            "all": summary(synth_rows),
            "by_format": {
                f: summary([r for r in synth_rows if r["format"] == f])
                for f in sorted({r["format"] for r in synth_rows})
            },
            "methods": {
                m: sum(1 for r in synth_rows if r["method"] == m) for m in {r["method"] for r in synth_rows}
            },
        },
        "photos": photos_summary(photo_rows, synth_rows, args.photo_seed),
        "comparison": {
            "documents": len(ours_subset),
            "ours": ours_sub,
            "naive_full_page": naive,
            "ours_core_fields": ours_core_sum,
            "passporteye_core_fields": pe,
            "speedup_vs_naive_p50": ratio(naive["p50_ms"], ours_sub["p50_ms"]),
            "fully_correct_ratio_vs_naive": ratio(ours_sub["fully_correct"], naive["fully_correct"]),
            "speedup_vs_passporteye_p50": ratio(pe["p50_ms"], ours_core_sum["p50_ms"]) if pe else None,
            "fully_correct_ratio_vs_passporteye": ratio(ours_core_sum["fully_correct"], pe["fully_correct"])
            if pe
            else None,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1, default=str) + "\n")
    args.out.with_suffix(".md").write_text(render(report))
    print(render(report))
    return 0


def render(r: dict) -> str:
    g = r["generated"]["all"]
    d = r["data_folder"]
    c = r["comparison"]
    lines = [
        "# MRZ benchmark",
        "",
        f"Generated by `bench/bench_mrz.py` on {r['started']} ({r['machine']['cpus']} CPUs, "
        f"load average {r['machine']['load_average_before']} before, "
        f"{r['machine']['load_average_after']} after; the machine is shared, so wall times include "
        "other people's work). Engine: "
        f"{r['engine'].get('name')} {r['engine'].get('version')} ({r['engine'].get('runtime')}).",
        "",
        "A document is *fully correct* when every field equals the truth **and** the reader reports it",
        "valid: every check digit holds and every field a check digit covers is verified (read with",
        "confidence, or repaired and confirmed). *Every field verified* adds the fields no check digit",
        "covers (names, countries, sex, a visa's optional data): each says whether it is verified.",
        "A *false-valid document* has a wrong field reported verified (`valid` on the field); a",
        "*false-valid field* is one such field. Valid documents with a wrong field that says it is",
        "unverified are counted apart. Readers without per-field flags (PassportEye, and the 7-field",
        "comparison for all readers) count a wrong value in a document reported valid as false-valid.",
        "Latency is wall time per image, warm.",
        "",
        "## Data folder",
        "",
        f"- MRZ documents: {d['documents'].get('documents')}; fully correct "
        f"{d['documents'].get('fully_correct')}; MRZ lines exactly as in ground_truth.json "
        f"{d['lines_exact']}; every check digit valid {d['all_check_digits_valid']}; "
        f"false-valid {d['documents'].get('false_valid')}",
        f"- latency p50 {d['documents'].get('p50_ms')} ms, p95 {d['documents'].get('p95_ms')} ms",
        f"- look-alikes of the document numbers and optional data swapped after recognition (each "
        f"read, with full confidence, as each of its look-alikes): {d['swaps_tried']}; **settled as "
        f"the swapped character: {d['swaps_settled']}**",
        "",
        "| file | fully correct | lines exact | check digits | method | ms |",
        "|---|---|---|---|---|---|",
    ]
    for row in d["per_file"]:
        lines.append(
            f"| {row['file']} | {row['fully_correct']} | {row['lines_exact']} | {row['all_check_digits']} "
            f"| {row['method']} | {row['ms']:.0f} |"
        )
    for row in d["no_mrz"]:
        lines.append(f"| {row['file']} (no MRZ) | MRZ found: {row['mrz_found']} | | | | |")
    lines += [
        "",
        f"## Generated documents (seed {r['seed']})",
        "",
        f"- documents: {g['documents']}; MRZ found {g['found']}",
        f"- **fully correct: {g['fully_correct']} ({g['fully_correct_pct']} %)**; all values right "
        f"(verified or not): {g['values_right']}; every field verified as well: {g['fully_verified']}",
        f"- **false-valid documents: {g['false_valid']}**; false-valid fields: {g['field_false_valid']}; "
        f"valid documents with a wrong field reported unverified: {g['valid_wrong_unverified']}",
        f"- latency p50 {g['p50_ms']} ms, p95 {g['p95_ms']} ms (CPU time p50 {g.get('cpu_p50_ms')} ms)",
        f"- paths taken: {r['generated']['methods']}",
        "",
        "Caution: the generator prints with Debian's OCR-B, the very font the reader's drawings of",
        "look-alikes come from (`ocr_service/mrz/ocrb.py`, which settle a 0/O, 6/G ... the page shows",
        "no glyph of). On generated pages the drawings match the print exactly, so the share of",
        "documents they let verify is optimistic here. The data folder above (other cuts of OCR-B,",
        "other printers) is where that shows: its documents must stay fully correct and none of its",
        "swapped look-alikes may be settled (a regression set the reader was tuned on).",
        "",
        HOW_HELD_OUT,
        "",
        "| field | accuracy % |",
        "|---|---|",
    ]
    for k, v in g["field_accuracy_pct"].items():
        lines.append(f"| {k} | {v} |")
    lines += [
        "",
        "| format | documents | fully correct % | false-valid | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for f, s in r["generated"]["by_format"].items():
        lines.append(
            f"| {f} | {s['documents']} | {s['fully_correct_pct']} | {s['false_valid']} | {s['p50_ms']} "
            f"| {s['p95_ms']} |"
        )
    lines += ["", *render_photos(r.get("photos", {"all": {}}))]
    pe = c["passporteye_core_fields"]
    lines += [
        "",
        f"## Other readers, same {c['documents']} images (first generated documents + the data folder)",
        "",
        "| reader | fully correct | false-valid | p50 ms | p95 ms |",
        "|---|---|---|---|---|",
        f"| ours (all fields) | {c['ours']['fully_correct']} | {c['ours']['false_valid']} | "
        f"{c['ours']['p50_ms']} | {c['ours']['p95_ms']} |",
        f"| naive full page (all fields) | {c['naive_full_page']['fully_correct']} | "
        f"{c['naive_full_page']['false_valid']} | {c['naive_full_page']['p50_ms']} | "
        f"{c['naive_full_page']['p95_ms']} |",
        f"| ours (7 core fields) | {c['ours_core_fields']['fully_correct']} | "
        f"{c['ours_core_fields']['false_valid']} | {c['ours_core_fields']['p50_ms']} | "
        f"{c['ours_core_fields']['p95_ms']} |",
    ]
    if pe:
        lines.append(
            f"| PassportEye + tesseract (7 core fields) | {pe['fully_correct']} | {pe['false_valid']} | "
            f"{pe['p50_ms']} | {pe['p95_ms']} |"
        )
    lines += [
        "",
        f"- speed-up vs naive full page (p50): {c['speedup_vs_naive_p50']}x; fully-correct ratio "
        f"{c['fully_correct_ratio_vs_naive']}",
        f"- speed-up vs PassportEye (p50): {c['speedup_vs_passporteye_p50']}x; fully-correct ratio "
        f"{c['fully_correct_ratio_vs_passporteye']}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
