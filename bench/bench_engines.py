"""Engine settings side by side, in one run: speed per receipt and accuracy on a fixed subset.

Every variant is the default engine (PP-OCRv6 small on ONNX Runtime, from the rapidocr wheel)
with one thing changed:
  - ONNX Runtime: math threads, graph optimisation level, execution mode, memory arena;
  - OpenVINO instead of ONNX Runtime (rapidocr's OpenVINO back end, the same ONNX files);
  - int8 models made here from the wheel's models with onnxruntime.quantization: dynamic
    (weights only) and static QDQ (activations calibrated on tuning receipts only);
  - detection size: 736 / 960 / 1280 on the long side, and a size chosen from the image
    (tall receipts detected at a fixed width instead of a fixed height);
and a few combinations. Receipts go through the service's pipeline (``process_document``)
one at a time; every variant reads each receipt in turn (the order rotates), so a busy
machine slows all variants alike, and speed is given as ratios to the default in this run.

    PYTHONPATH=. python bench/bench_engines.py [--per-dataset 20] [--variants a,b]
        [--out bench/reports/engines]

Writes ``bench/reports/engines.md`` and ``engines.json``; ``bench_receipts.py`` quotes the summary.
The service's defaults are not changed by this script: the report says which variant is
fastest with accuracy kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_receipts import (  # noqa: E402
    DEFAULT_DATASET,
    DEFAULT_GENERATED,
    DEFAULT_REAL,
    DEFAULT_SROIE_HELDOUT,
    percentile,
    score_sample,
)
from bench.receipt_data import load_dataset  # noqa: E402

REPORTS = ROOT / "bench" / "reports"
MODEL_CACHE = ROOT / "var" / "models"
FIELDS = ("total", "date", "vendor_words")

# name -> (what it changes, settings)
VARIANTS: dict[str, tuple[str, dict]] = {
    "default": ("the service today: ORT, 2 threads, all graph optimisations, det 960 (long side)", {}),
    "ort-1-thread": ("ONNX Runtime with 1 math thread", {"threads": 1}),
    "ort-graph-basic": ("graph optimisation level basic instead of all", {"graph": "basic"}),
    "ort-graph-off": ("graph optimisations off", {"graph": "off"}),
    "ort-parallel": ("parallel execution mode, 2 inter-op threads", {"mode": "parallel"}),
    "ort-arena": ("CPU memory arena on", {"arena": True}),
    "ort-no-spin": (
        "worker threads wait without spinning (session.intra_op.allow_spinning=0)",
        {"spin": False},
    ),
    "openvino": ("OpenVINO runtime (same ONNX files), 2 threads, latency hint", {"runtime": "openvino"}),
    "openvino-fp32": (
        "OpenVINO computing in float32 (its default is bfloat16 where the CPU has it)",
        {"runtime": "openvino", "precision": "f32"},
    ),
    "int8-dynamic": ("recogniser's matrix weights int8 (dynamic quantisation)", {"quant": "dynamic"}),
    "int8-static": ("int8 QDQ (static quantisation, calibrated on tuning receipts)", {"quant": "static"}),
    "det-736": ("detection limit 736 (long side)", {"det": 736}),
    "det-1280": ("detection limit 1280 (long side)", {"det": 1280}),
    "det-auto": ("size from the image: tall receipts 640 px wide, long side <= 2400", {"det": "auto"}),
    "openvino+det-736": ("OpenVINO and detection limit 736", {"runtime": "openvino", "det": 736}),
    "openvino+det-auto": ("OpenVINO, detection size from the image", {"runtime": "openvino", "det": "auto"}),
    "ort-no-spin+det-736": ("threads without spinning, detection limit 736", {"spin": False, "det": 736}),
}


# the ones measured by default (the others on request)
DEFAULT_VARIANTS = [name for name in VARIANTS if name not in ("ort-graph-off", "ort-arena")]


# -- building variants --------------------------------------------------------------
def _rapid(engine):
    """The rapidocr pipeline inside the service's ONNX engine."""
    for value in vars(engine).values():
        if type(value).__name__ == "RapidOCR":
            return value
    raise RuntimeError("the engine holds no rapidocr pipeline")


def _dictionary_file(rec_model: Path, cache: Path) -> Path:
    """The recogniser's characters in a file, so no back end ever looks for them online."""
    import onnxruntime as ort

    path = cache / "rec_keys.txt"
    if not path.is_file():
        session = ort.InferenceSession(str(rec_model), providers=["CPUExecutionProvider"])
        keys = session.get_modelmeta().custom_metadata_map["character"]
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(keys + "\n", "utf-8")
    return path


def _session_options(spec: dict, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.enable_cpu_mem_arena = bool(spec.get("arena", False))
    opts.graph_optimization_level = {
        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "off": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    }[spec.get("graph", "all")]
    opts.intra_op_num_threads = threads
    if spec.get("spin") is False:
        # idle pool threads sleep instead of busy-waiting: on a small, shared CPU the spinning
        # steals the cores the other thread needs
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    if spec.get("mode") == "parallel":
        opts.execution_mode = ort.ExecutionMode.ORT_PARALLEL
        opts.inter_op_num_threads = 2
    else:
        opts.inter_op_num_threads = 1
    return opts


class AutoDetSize:
    """The engine, with the detection size chosen per image before each call."""

    def __init__(self, inner, short_side: int = 640, long_cap: int = 2400, default: int = 960):
        self.inner = inner
        self.short_side = short_side
        self.long_cap = long_cap
        self.default = default

    def size_for(self, shape) -> tuple[int, str]:
        h, w = shape[:2]
        long, short = max(h, w), min(h, w)
        if long / max(short, 1) >= 1.8 and short > self.short_side:
            # a tall receipt: detect it at a fixed width, as long as it stays under the cap
            scale = min(self.short_side / short, self.long_cap / long)
            return int(round(long * scale)), "max"
        return self.default, "max"

    def ocr(self, image, **kwargs):
        rapid = _rapid(self.inner)
        side, kind = self.size_for(image.shape)
        rapid._load_det_model()
        rapid.text_det.limit_side_len = side
        rapid.text_det.limit_type = kind
        rapid.max_side_len = max(2000, side)
        return self.inner.ocr(image, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def quantised_models(kind: str, cache: Path, calibration: list[Path]) -> tuple[Path, Path]:
    """int8 copies of the wheel's detection and recognition models (made once, cached)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from ocr_service.engines.models import bundled_onnx_models

    base = bundled_onnx_models()
    cache.mkdir(parents=True, exist_ok=True)
    det_out = cache / f"{base['det'].stem}.{kind}-int8.onnx"
    rec_out = cache / f"{base['rec'].stem}.{kind}-int8.onnx"
    if kind == "dynamic":
        # weights of the matrix products (the recogniser's attention blocks) only: dynamic
        # quantisation of convolutions gives ConvInteger, which ONNX Runtime runs slower than float
        if not rec_out.is_file():
            quantize_dynamic(
                str(base["rec"]),
                str(rec_out),
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul", "Gemm"],
            )
        return base["det"], rec_out
    if not (det_out.is_file() and rec_out.is_file()):
        _quantise_static(base, det_out, rec_out, calibration, cache)
    return det_out, rec_out


def _quantise_static(base: dict, det_out: Path, rec_out: Path, calibration: list[Path], cache: Path) -> None:
    """QDQ int8 with activation ranges from the tensors real receipts feed each model."""
    import cv2
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from ocr_service.engines.onnx import OnnxOcrEngine

    engine = OnnxOcrEngine()
    rapid = _rapid(engine)
    engine.ocr(cv2.imread(str(calibration[0])))
    fed: dict[str, list] = {"det": [], "rec": []}

    class Recorder:
        def __init__(self, inner, store):
            self.inner, self.store = inner, store

        def __call__(self, tensor):
            self.store.append(tensor.copy())
            return self.inner(tensor)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    rapid.text_det.session = Recorder(rapid.text_det.session, fed["det"])
    rapid.text_rec.session = Recorder(rapid.text_rec.session, fed["rec"])
    fed["det"].clear()
    fed["rec"].clear()
    for path in calibration:
        engine.ocr(cv2.imread(str(path)))

    class Reader(CalibrationDataReader):
        def __init__(self, name, tensors):
            self.items = iter([{name: t} for t in tensors])

        def get_next(self):
            return next(self.items, None)

    import onnx
    import onnx.version_converter
    import onnxruntime as ort

    for kind, dst in (("det", det_out), ("rec", rec_out)):
        src = base[kind]
        prepared = cache / f"{src.stem}.prepared.onnx"
        quant_pre_process(str(src), str(prepared), skip_optimization=True, skip_symbolic_shape=True)
        model = onnx.load(str(prepared))
        if model.opset_import[0].version < 13:
            # per-channel int8 needs DequantizeLinear's axis, from opset 13 on
            onnx.save(onnx.version_converter.convert_version(model, 13), str(prepared))
        name = ort.InferenceSession(str(src), providers=["CPUExecutionProvider"]).get_inputs()[0].name
        tensors = fed[kind][:: max(1, len(fed[kind]) // 40)]  # at most about 40 calibration inputs
        quantize_static(
            str(prepared),
            str(dst),
            Reader(name, tensors),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
        prepared.unlink(missing_ok=True)


def build_variant(spec: dict, det_limit: int, cache: Path, calibration: list[Path]):
    """The default engine with the variant's change applied, warmed up."""
    from ocr_service.engines.models import bundled_onnx_models
    from ocr_service.engines.onnx import OnnxOcrEngine
    from ocr_service.runtime import warm_up

    threads = spec.get("threads", 2)
    det = spec.get("det", det_limit)
    fixed_det = det if isinstance(det, int) else det_limit
    models = bundled_onnx_models()
    det_model, rec_model = models["det"], models["rec"]
    if spec.get("quant"):
        det_model, rec_model = quantised_models(spec["quant"], cache, calibration)
    engine = OnnxOcrEngine(
        det_model_path=det_model,
        rec_model_path=rec_model,
        cpu_threads=threads,
        det_limit_side_len=fixed_det,
        rec_batch_num=6,
    )
    rapid = _rapid(engine)
    if spec.get("runtime") == "openvino":
        from rapidocr import EngineType, RapidOCR

        keys = _dictionary_file(models["rec"], cache)
        engine._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Global.max_side_len": max(2000, fixed_det),
                "Det.engine_type": EngineType.OPENVINO,
                "Det.model_path": str(det_model),
                "Det.limit_side_len": fixed_det,
                "Det.limit_type": "max",
                "Rec.engine_type": EngineType.OPENVINO,
                "Rec.model_path": str(rec_model),
                "Rec.rec_keys_path": str(keys),
                "Rec.rec_batch_num": 6,
                "Cls.engine_type": EngineType.OPENVINO,
                "Cls.model_path": str(models["cls"]),
                "EngineConfig.openvino.inference_num_threads": threads,
                "EngineConfig.openvino.performance_hint": "LATENCY",
            }
        )
    warm_up(engine)
    rapid = _rapid(engine)
    if spec.get("precision"):
        # rapidocr sets no precision: compile its models again with the hint
        import openvino as ov

        core = ov.Core()
        config = {"INFERENCE_PRECISION_HINT": spec["precision"], "INFERENCE_NUM_THREADS": str(threads),
                  "PERFORMANCE_HINT": "LATENCY"}  # fmt: skip
        for part in (rapid.text_det, rapid.text_rec):
            part.session.session = core.compile_model(
                part.session.model, "CPU", config
            ).create_infer_request()
        warm_up(engine)
    if any(k in spec for k in ("graph", "mode", "arena", "spin")):
        import onnxruntime as ort

        opts = _session_options(spec, threads)
        rapid._load_det_model()
        rapid._load_rec_model()
        rapid.text_det.session.session = ort.InferenceSession(
            str(det_model), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        rapid.text_rec.session.session = ort.InferenceSession(
            str(rec_model), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        warm_up(engine)
    if det == "auto":
        engine = AutoDetSize(engine, default=det_limit)
        warm_up(engine)
    return engine


# -- running -------------------------------------------------------------------------
def subset(per_dataset: int, args) -> list:
    """The fixed receipts: the first N of each held-out part (and none the rules were tuned on)."""
    chosen = []
    for path in (args.sroie_heldout, args.real, args.generated):
        path = Path(path)
        if not (path / "dataset.json").is_file():
            print(f"note: no dataset at {path}; left out of the comparison", file=sys.stderr)
            continue
        dataset = load_dataset(path)
        chosen += [(dataset.name, s) for s in dataset.part("heldout")[:per_dataset]]
    return chosen


def calibration_images(args, n: int = 16) -> list[Path]:
    """Tuning receipts only: the SROIE tuning folder and the generated tuning part."""
    images = []
    sroie = load_dataset(Path(args.dataset), default_part="tuning")
    images += [s.image for s in sroie.samples[: n // 2]]
    generated = Path(args.generated)
    if (generated / "dataset.json").is_file():
        images += [s.image for s in load_dataset(generated).part("tuning")[: n // 2]]
    return images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET), help="SROIE tuning folder (calibration)")
    parser.add_argument("--sroie-heldout", default=str(DEFAULT_SROIE_HELDOUT))
    parser.add_argument("--real", default=str(DEFAULT_REAL))
    parser.add_argument("--generated", default=str(DEFAULT_GENERATED))
    parser.add_argument("--per-dataset", type=int, default=20, help="held-out receipts from each dataset")
    parser.add_argument(
        "--variants", default=",".join(DEFAULT_VARIANTS), help="comma-separated names: " + " ".join(VARIANTS)
    )
    parser.add_argument("--det-limit", type=int, default=960, help="the default's detection limit")
    parser.add_argument("--model-cache", default=str(MODEL_CACHE), help="where int8 models are written")
    parser.add_argument("--out", default=str(REPORTS / "engines"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document

    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    if "default" not in names:
        names.insert(0, "default")
    receipts = subset(args.per_dataset, args)
    if not receipts:
        print("no held-out receipts to measure", file=sys.stderr)
        return 2
    cache = Path(args.model_cache)
    calibration = calibration_images(args)
    limits = Limits.from_settings(Settings())

    engines = {}
    failures = {}
    for name in names:
        t0 = time.perf_counter()
        try:
            engines[name] = build_variant(VARIANTS[name][1], args.det_limit, cache, calibration)
        except Exception as exc:  # a back end that does not install or run here is reported, not fatal
            failures[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            print(f"{name}: could not be built ({failures[name]})", file=sys.stderr)
            continue
        if not args.quiet:
            print(f"{name}: ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    ready = [n for n in names if n in engines]
    if "default" not in engines:
        print("the default engine could not be built", file=sys.stderr)
        return 2

    load_before = os.getloadavg()
    started = time.perf_counter()
    rows: dict[str, list[dict]] = {n: [] for n in ready}
    for i, (dataset_name, sample) in enumerate(receipts):
        data = sample.image.read_bytes()
        order = ready[i % len(ready) :] + ready[: i % len(ready)]
        for name in order:
            t0 = time.perf_counter()
            c0 = time.process_time()
            try:
                fields = process_document(data, "receipt", engines[name], limits)["fields"]
            except Exception:
                fields = {}
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0
            score = score_sample(fields, sample.truth)
            rows[name].append(
                {"dataset": dataset_name, "id": sample.id, "seconds": seconds, "cpu": cpu, "score": score}
            )
        if not args.quiet:
            line = " ".join(f"{n}={rows[n][-1]['seconds']:.2f}" for n in ready)
            print(f"[{i + 1}/{len(receipts)}] {dataset_name}/{sample.id} {line}", flush=True)
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()

    base = rows["default"]
    base_p50 = percentile([r["seconds"] for r in base], 0.5)
    base_right = {f: sum(bool(r["score"].get(f)) for r in base) for f in FIELDS}
    n = len(receipts)
    variants = []
    for name in ready:
        rs = rows[name]
        wall = [r["seconds"] for r in rs]
        right = {f: sum(bool(r["score"].get(f)) for r in rs) for f in FIELDS}
        scored = {f: sum(1 for r in rs if f in r["score"]) for f in FIELDS}
        paired = [r["seconds"] / b["seconds"] for r, b in zip(rs, base, strict=True) if b["seconds"] > 0]
        # accuracy kept: no field loses more than one receipt in a hundred against the default
        kept = all(right[f] >= base_right[f] - max(0, (scored[f] // 100)) for f in FIELDS)
        by_dataset = {}
        for dname in sorted({r["dataset"] for r in rs}):
            part = [r["seconds"] for r in rs if r["dataset"] == dname]
            by_dataset[dname] = round(percentile(part, 0.5), 3)
        variants.append(
            {
                "name": name,
                "what": VARIANTS[name][0],
                "p50": round(percentile(wall, 0.5), 3),
                "p95": round(percentile(wall, 0.95), 3),
                "mean": round(statistics.fmean(wall), 3),
                "cpu_p50": round(percentile([r["cpu"] for r in rs], 0.5), 3),
                "p50_ratio": round(percentile(wall, 0.5) / base_p50, 3) if base_p50 else None,
                "paired_ratio_median": round(statistics.median(paired), 3) if paired else None,
                "p50_by_dataset": by_dataset,
                "right": right,
                "scored": scored,
                "total": round(100.0 * right["total"] / max(1, scored["total"]), 1),
                "date": round(100.0 * right["date"] / max(1, scored["date"]), 1),
                "vendor": round(100.0 * right["vendor_words"] / max(1, scored["vendor_words"]), 1),
                "accuracy_kept": kept,
            }
        )
    candidates = [v for v in variants if v["accuracy_kept"]]
    best = min(candidates, key=lambda v: v["p50"]) if candidates else None
    report = {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpu_cores": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "cpu_model": _cpu_model(),
            "python": platform.python_version(),
            "openvino_default_precision": _openvino_precision(),
        },
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after],
        },
        "receipts": n,
        "per_dataset": args.per_dataset,
        "datasets": sorted({d for d, _ in receipts}),
        "seconds": round(elapsed, 1),
        "failures": failures,
        "variants": variants,
        "best": best["name"] if best else None,
    }
    report["summary"] = {
        "generated": report["generated"],
        "receipts": n,
        "best": report["best"],
        "variants": [
            {k: v[k] for k in ("name", "p50", "p50_ratio", "total", "date", "vendor", "accuracy_kept")}
            for v in variants
        ],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    out.with_suffix(".md").write_text(render(report), "utf-8")
    for v in variants:
        print(
            f"{v['name']:22s} p50 {v['p50']:.2f} s ({v['p50_ratio']:.2f}x) total {v['total']}% "
            f"date {v['date']}% "
            f"vendor {v['vendor']}% kept={v['accuracy_kept']}"
        )
    print(f"best default by this run: {report['best']}")
    return 0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _openvino_precision() -> str | None:
    try:
        import openvino as ov

        return str(ov.Core().get_property("CPU", "INFERENCE_PRECISION_HINT"))
    except Exception:
        return None


def render(report: dict) -> str:
    m = report["machine"]
    la = report["load_average"]
    out = [
        "# Engine settings compared",
        "",
        "Generated by `bench/bench_engines.py`; do not edit by hand.",
        "",
        f"- generated: {report['generated']}",
        f"- machine: {m['cpu_cores']} CPU cores ({m.get('cpu_model') or m['processor']}), "
        f"Python {m['python']}; "
        f"OpenVINO's default precision here: {m.get('openvino_default_precision')}; load average "
        f"(1/5/15 min) {la['before']} before, {la['after']} after ({report['seconds']:.0f} s run)",
        f"- receipts: {report['receipts']}, the first {report['per_dataset']} held-out receipts of "
        f"{', '.join(report['datasets'])}; each read by every variant in turn (rotating order), through the "
        "service's pipeline, warm engines, one receipt at a time",
        "- ratio: the variant's p50 over the default's p50 in this run; paired: the median over receipts of "
        "(variant time / default time) on the same receipt",
        "- accuracy kept: total, date and vendor (words kept) each right on at least as many receipts as the "
        "default, less one in a hundred",
        "",
        "| variant | what | p50 | p95 | CPU p50 | p50 ratio | paired ratio | total | date | vendor | kept |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for v in report["variants"]:
        out.append(
            f"| {v['name']} | {v['what']} | {v['p50']:.2f} s | {v['p95']:.2f} s | {v['cpu_p50']:.2f} s "
            f"| {v['p50_ratio']:.2f} | {v['paired_ratio_median']:.2f} | {v['total']:.1f}% | {v['date']:.1f}% "
            f"| {v['vendor']:.1f}% | {'yes' if v['accuracy_kept'] else 'no'} |"
        )
    if report["failures"]:
        out += ["", "Not measured (could not be built here):", ""]
        out += [f"- {name}: {why}" for name, why in report["failures"].items()]
    out += ["", "p50 per dataset:", "", "| variant | " + " | ".join(report["datasets"]) + " |"]
    out.append("|---|" + "---|" * len(report["datasets"]))
    for v in report["variants"]:
        out.append(
            f"| {v['name']} | "
            + " | ".join(f"{v['p50_by_dataset'].get(d, 0):.2f} s" for d in report["datasets"])
            + " |"
        )
    out += [
        "",
        f"Fastest with accuracy kept in this run: **{report['best']}**.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
