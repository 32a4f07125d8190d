"""The engine's memory over many varied receipts: one runtime, in a process of its own.

``bench_engines.py --memory N`` starts one of these per runtime (at the same time) and puts
what they measure beside the speed comparison. Each builds the engine as the service does
(``OCR_RUNTIME``, the service's settings), warms it up, then reads N receipts through the
service's pipeline, round robin over every receipt dataset there is (SROIE held-out and
tuning, German scans, generated photos and PDFs: many page sizes and line widths), giving
freed memory back after each document as the service's worker does. It writes the
process's RSS after each receipt, and the seconds each took, as JSON.

    PYTHONPATH=. python bench/engine_memory.py --runtime openvino --receipts 300 --out rss.json

``--runtime`` and ``--det-runtime`` are ``OCR_RUNTIME`` and ``OCR_DET_RUNTIME`` (default: the
service's defaults).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_receipts import (  # noqa: E402
    DEFAULT_DATASET,
    DEFAULT_GENERATED,
    DEFAULT_GENERATED_PDF,
    DEFAULT_REAL,
    DEFAULT_SROIE_HELDOUT,
)
from ocr_service.config import RUNTIME_CHOICES, RUNTIMES  # noqa: E402

SUFFIXES = {".jpg", ".jpeg", ".png", ".pdf"}
FOLDERS = (DEFAULT_SROIE_HELDOUT, DEFAULT_REAL, DEFAULT_GENERATED, DEFAULT_GENERATED_PDF, DEFAULT_DATASET)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def varied_receipts(n: int, folders=FOLDERS) -> list[Path]:
    """N receipt files, taking one from each dataset in turn (a fixed order, the same for every runtime)."""
    lists = []
    for folder in folders:
        img = Path(folder) / "img"
        if img.is_dir():
            lists.append(sorted(p for p in img.iterdir() if p.suffix.lower() in SUFFIXES))
    mixed = [p for group in itertools.zip_longest(*lists) for p in group if p is not None]
    return mixed[:n]


def engine_label(settings) -> str:
    if settings.runtime != "onnxruntime":
        return settings.runtime
    return f"onnxruntime, detection on {settings.det_runtime}, lines from {settings.rec_min_width} px"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", choices=RUNTIME_CHOICES, default=None)
    parser.add_argument("--det-runtime", choices=RUNTIMES, default=None)
    parser.add_argument("--rec-min-width", type=int, default=None)
    parser.add_argument("--mrz-runtime", choices=RUNTIME_CHOICES, default=None)
    parser.add_argument("--det-step", type=int, default=None, help="pad detection inputs to this step")
    parser.add_argument("--rec-characters", choices=("alphabetic", "all"), default=None)
    parser.add_argument("--receipts", type=int, default=300)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    from ocr_service.config import Settings
    from ocr_service.engines import build_engine, release_free_memory
    from ocr_service.errors import ServiceError
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document
    from ocr_service.runtime import warm_up

    given = {
        "runtime": args.runtime,
        "det_runtime": args.det_runtime,
        "rec_min_width": args.rec_min_width,
        "mrz_runtime": args.mrz_runtime,
        "rec_characters": args.rec_characters,
    }
    settings = Settings(engine="onnx", **{k: v for k, v in given.items() if v is not None})
    label = engine_label(settings)
    started = rss_mb()
    engine = build_engine(settings)
    if args.det_step:
        engine._ocr.text_det.session.step = args.det_step  # the padded detector (engines.shapes)
        label += f", detection padded to {args.det_step} px"
    warm_up(engine)
    release_free_memory()
    warm = rss_mb()
    limits = Limits.from_settings(settings)
    files = varied_receipts(args.receipts)
    rss, seconds, kinds = [], [], {}
    for path in files:
        kinds[path.parent.parent.name] = kinds.get(path.parent.parent.name, 0) + 1
        t0 = time.perf_counter()
        try:
            process_document(path.read_bytes(), "receipt", engine, limits)
        except ServiceError:
            pass
        seconds.append(round(time.perf_counter() - t0, 3))
        release_free_memory()
        rss.append(round(rss_mb(), 1))
        if len(rss) % 25 == 0:
            print(f"{label}: {len(rss)} receipts, RSS {rss[-1]:.0f} MB", file=sys.stderr, flush=True)
    result = {
        "runtime": engine.describe()["runtime"],
        "rss_mb_at_start": round(started, 1),
        "rss_mb_warm": round(warm, 1),
        "rss_mb": rss,
        "seconds": seconds,
        "datasets": kinds,
    }
    Path(args.out).write_text(json.dumps(result) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
