"""Engine settings side by side, in one run: speed per receipt and accuracy on a fixed subset.

The variants are the default engine (PP-OCRv6 small from the rapidocr wheel, ``OCR_RUNTIME=auto``:
on a CPU with bfloat16 every model on OpenVINO at that precision, text lines recognised at their
own width, the recogniser's output layer cut to its alphabetic classes) and what it could be
instead:
  - ``all-characters``: the default it replaced, every class of the recogniser (18,710, most of
    them Chinese: ``OCR_REC_CHARACTERS=all``);
  - ``ort-rec``: the default it replaced (``OCR_RUNTIME=onnxruntime``): the recogniser on ONNX
    Runtime with threads that sleep while they wait, the detector on OpenVINO in float32;
  - ``onnxruntime``: the default before that: ONNX Runtime for both models, every line padded up
    to 320 px; ``ov-det`` and ``rec-narrow``: each of the two changes alone;
  - ``before``: ONNX Runtime as the default ran it until 0.2.0 (2 threads that spin while they
    wait);
  - ``openvino``: OpenVINO in float32 (``OCR_RUNTIME=openvino``, inputs padded to a few shapes),
    OpenVINO given every shape as it comes, and OpenVINO at the CPU's own precision (bfloat16
    where the CPU has it); ONNX Runtime with the padded shapes; 12 lines per recognition batch;
  - ONNX Runtime's settings: math threads, graph optimisation level, execution mode, memory arena;
  - int8 models made here from the wheel's models with onnxruntime.quantization: dynamic
    (weights only) and static QDQ (activations calibrated on tuning receipts only), on
    ONNX Runtime as before;
  - detection size: 736 / 1280 on the long side instead of 960, and a size chosen from the
    image (tall receipts detected at a fixed width instead of a fixed height).
Receipts go through the service's pipeline (``process_document``) one at a time; every variant
reads each receipt in turn (the order rotates), so a busy machine slows all variants alike,
and speed is given as ratios to the default in this run.

    PYTHONPATH=. python bench/bench_engines.py [--per-dataset 20] [--sroie-receipts 30]
        [--variants a,b] [--memory 300] [--out bench/reports/engines]

``--memory N`` first reads N varied receipts with each runtime, each in a process of its own
(``bench/engine_memory.py``), and reports RSS after warm-up, along the way, at its peak and its
growth over the second half: whether a runtime's memory is bounded, which speed alone cannot say.

Writes ``bench/reports/engines.md`` and ``engines.json``; ``bench_receipts.py`` quotes the summary.
The script changes no setting of the service: the report says which variant is fastest with
accuracy kept, and whether the default is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_receipts import (  # noqa: E402
    DEFAULT_DATASET,
    DEFAULT_GENERATED,
    DEFAULT_REAL,
    DEFAULT_SROIE_TEST,
    percentile,
    score_sample,
)
from bench.receipt_data import load_dataset  # noqa: E402

REPORTS = ROOT / "bench" / "reports"
# what the memory part measures: name -> bench/engine_memory.py's arguments
MEMORY_RUNS = {
    "default": [],
    "ort-rec": ["--runtime", "onnxruntime"],
    "ort-rec, MRZ on ONNX Runtime": ["--runtime", "onnxruntime", "--mrz-runtime", "onnxruntime"],
    "openvino": ["--runtime", "openvino"],
    "det-step-160": ["--det-step", "160"],
    "all-characters": ["--rec-characters", "all"],
}
MEMORY_BUDGET_MB = 800  # the RSS target of bench/reports/service.md, under k8s's 1 GiB limit
MEMORY_DRIFT_MB = 50  # growth allowed over the second half of the receipts (flat after warm-up)
MODEL_CACHE = ROOT / "var" / "models"
FIELDS = ("total", "date", "vendor_words")
TARGET_P50_S = 1.0  # per receipt, on 2 cores (issue 12)
# a variant beats the default only when it takes at most this share of the default's time on the
# same receipt (median over receipts): run-to-run spread between two runs of one engine is a few
# per cent, so a smaller gain says nothing
FASTER_PAIRED = 0.95
SUMMARY_KEYS = ("name", "p50", "p50_ratio", "paired_ratio_median", "total", "date", "vendor", "accuracy_kept")

# name -> (what it changes, settings); "runtime": onnxruntime (threads that sleep, the default),
# openvino (float32: OCR_RUNTIME=openvino), ort-spin (ONNX Runtime as it ran until 0.2.0)
VARIANTS: dict[str, tuple[str, dict]] = {
    "default": (
        "the service as it ships (OCR_RUNTIME=auto): on a CPU with bfloat16 every model on OpenVINO "
        "at that precision, else as ort-rec; the recogniser's output layer cut to its alphabetic classes "
        "(OCR_REC_CHARACTERS); lines at their own width (OCR_REC_MIN_WIDTH 48), 2 threads, "
        "det 960 (long side)",
        {"service": True},
    ),
    "second-look-off": (
        "the default without its second look (OCR_SECOND_LOOK=off), the default it replaced; the default "
        "(missing) reads again, row by row, the print no detected line covers on a receipt whose total "
        "or tax the first look did not find",
        {"service": True, "second_look": "off"},
    ),
    "second-look-always": (
        "the default with the second look on every page (OCR_SECOND_LOOK=always)",
        {"service": True, "second_look": "always"},
    ),
    "rec-count": (
        "the default with text lines recognised six at a time in order of width (OCR_REC_BATCHING=count, "
        "as rapidocr and PaddleOCR cut them), the default it replaced; the default cuts batches of like "
        "width, at most six lines",
        {"service": True, "settings": {"rec_batching": "count"}},
    ),
    "ort-sleep": (
        "the default with ONNX Runtime's math threads sleeping while they wait (OCR_ORT_SPIN=off), the "
        "default it replaced; the default spins them when the engine's threads have the cores to "
        "themselves (OCR_ORT_SPIN=auto)",
        {"service": True, "settings": {"ort_spin": "off"}},
    ),
    "all-characters": (
        "the default with every class of the recogniser (OCR_REC_CHARACTERS=all: 18,710, the model as "
        "the wheel ships it), the default it replaced",
        {"service": True, "settings": {"rec_characters": "all"}},
    ),
    "ort-rec": (
        "OCR_RUNTIME=onnxruntime, the default it replaced: recogniser on ONNX Runtime (float32), "
        "detector on OpenVINO in float32 (OCR_DET_RUNTIME), lines at their own width",
        {"runtime": "onnxruntime"},
    ),
    "before": (
        "the default until 0.2.0: ONNX Runtime, 2 threads that spin while they wait",
        {"runtime": "ort-spin"},
    ),
    "openvino": (
        "OCR_RUNTIME=openvino: OpenVINO, float32, 2 threads, inputs padded to a few shapes",
        {"runtime": "openvino"},
    ),
    "onnxruntime": (
        "the default it replaced: ONNX Runtime for both models, 2 threads that sleep while they wait, "
        "lines padded up to 320 px, six at a time (OCR_DET_RUNTIME=onnxruntime OCR_REC_MIN_WIDTH=320 "
        "OCR_REC_BATCHING=count)",
        {"runtime": "onnxruntime", "det_runtime": "onnxruntime", "rec_min": 320, "batching": "count"},
    ),
    "openvino-free-shapes": (
        "OpenVINO given every page size and line width as it comes (its memory grows with them)",
        {"runtime": "openvino", "fixed_shapes": False},
    ),
    "ort-fixed-shapes": (
        "ONNX Runtime with inputs padded to a few shapes, as OpenVINO has them",
        {"runtime": "onnxruntime", "fixed_shapes": True},
    ),
    "ov-det": (
        "the onnxruntime variant with the detector on OpenVINO (float32, padded to a few shapes)",
        {"runtime": "onnxruntime", "det_runtime": "openvino", "rec_min": 320},
    ),
    "rec-narrow": (
        "the onnxruntime variant with text lines recognised at their own width (not padded up to 320 px)",
        {"runtime": "onnxruntime", "det_runtime": "onnxruntime", "rec_min": 48},
    ),
    "ort-rec+int8": (
        "ort-rec with the recogniser's matrix weights int8 (dynamic quantisation, after the cut to its "
        "alphabetic classes)",
        {"runtime": "onnxruntime", "quant": "dynamic", "characters": "all"},
    ),
    "rec-batch-12": ("the default with 12 text lines per recognition batch instead of 6", {"batch": 12}),
    "ort-1-thread": ("ONNX Runtime as before with 1 math thread", {"runtime": "ort-spin", "threads": 1}),
    "ort-graph-basic": (
        "ONNX Runtime as before, graph optimisation level basic instead of all",
        {"runtime": "ort-spin", "graph": "basic"},
    ),
    "ort-graph-off": (
        "ONNX Runtime as before, graph optimisations off",
        {"runtime": "ort-spin", "graph": "off"},
    ),
    "ort-parallel": (
        "ONNX Runtime as before, parallel execution mode, 2 inter-op threads",
        {"runtime": "ort-spin", "mode": "parallel"},
    ),
    "ort-arena": ("ONNX Runtime as before, CPU memory arena on", {"runtime": "ort-spin", "arena": True}),
    "openvino-native": (
        "OpenVINO at the CPU's own precision (bfloat16 where the CPU has it) instead of float32",
        {"runtime": "openvino", "precision": "native"},
    ),
    "det-native": (
        "ort-rec with the detector at OpenVINO's own precision (bfloat16 where the CPU has it)",
        {"runtime": "onnxruntime", "precision": "native"},
    ),
    "openvino-1-thread": ("OpenVINO with 1 math thread", {"runtime": "openvino", "threads": 1}),
    "int8-dynamic": (
        "the recogniser's matrix weights int8 (dynamic quantisation, after the cut to its alphabetic "
        "classes), ONNX Runtime as before for both models",
        {"runtime": "ort-spin", "quant": "dynamic", "characters": "all"},
    ),
    "int8-static": (
        "int8 QDQ (static quantisation, calibrated on tuning receipts), ONNX Runtime as before, every "
        "class of the recogniser (its quantised output layer is not cut)",
        {"runtime": "ort-spin", "quant": "static", "characters": "all"},
    ),
    "det-step-160": (
        "the default with detection inputs padded to multiples of 160 px (up to 36 shapes at 960) "
        "instead of 320 (9): less padding to run, more shapes for OpenVINO to keep",
        {"det_step": 160},
    ),
    "det-736": ("the default with detection limit 736 (long side)", {"det": 736}),
    "det-1280": ("the default with detection limit 1280 (long side)", {"det": 1280}),
    "det-auto": (
        "the default, detection size from the image: tall receipts 640 px wide, long side <= 2400",
        {"det": "auto"},
    ),
}


# the default this one replaced: the report compares the two
REPLACED = "second-look-off"

# the ones measured by default (the others on request: measured before, and not the default)
ON_REQUEST = (
    "openvino-native",
    "det-native",
    "ort-graph-off",
    "ort-arena",
    "openvino-1-thread",
    "ort-1-thread",
    "ort-graph-basic",
    "ort-parallel",
    "int8-static",
)
DEFAULT_VARIANTS = [name for name in VARIANTS if name not in ON_REQUEST]


# -- building variants --------------------------------------------------------------
def _rapid(engine):
    """The rapidocr pipeline inside the service's ONNX engine."""
    for value in vars(engine).values():
        if type(value).__name__ == "RapidOCR":
            return value
    raise RuntimeError("the engine holds no rapidocr pipeline")


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
        # the default's recogniser, cut to its alphabetic classes (engines.classes), quantised:
        # weights of the matrix products (the attention blocks, the output layer) only; dynamic
        # quantisation of convolutions gives ConvInteger, which ONNX Runtime runs slower than float
        from ocr_service.engines.classes import alphabetic_model

        rec_out = cache / f"{base['rec'].stem}.alphabetic.{kind}-int8.onnx"
        if not rec_out.is_file():
            cut = cache / f"{base['rec'].stem}.alphabetic.onnx"
            cut.write_bytes(alphabetic_model(base["rec"]).model)
            quantize_dynamic(
                str(cut),
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
    """The variant's engine, warmed up: the service's default, or an engine with one thing changed."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine
    from ocr_service.engines.cores import spin_threads
    from ocr_service.engines.models import bundled_onnx_models
    from ocr_service.engines.onnx import OnnxOcrEngine, openvino_config
    from ocr_service.engines.shapes import DET_STEP
    from ocr_service.runtime import warm_up

    if spec.get("service"):
        settings = Settings(engine="onnx", det_limit_side_len=det_limit, **spec.get("settings", {}))
        engine = build_engine(settings)
        warm_up(engine)
        return engine
    defaults = Settings()
    runtime = spec.get("runtime", defaults.runtime)
    threads = spec.get("threads", 2)
    # ONNX Runtime "as before" (ort-spin) runs both models, lines padded to 320 px, as it did;
    # the other variants change one thing of the default
    before = runtime == "ort-spin"
    det_runtime = spec.get("det_runtime", "onnxruntime" if before else defaults.det_runtime)
    rec_min = spec.get("rec_min", 320 if before else defaults.rec_min_width)
    batching = spec.get("batching", "count" if before else defaults.rec_batching)
    det = spec.get("det", det_limit)
    characters = spec.get("characters", defaults.rec_characters)
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
        rec_batch_num=spec.get("batch", 6),
        runtime="onnxruntime" if runtime == "ort-spin" else runtime,
        fixed_shapes=spec.get("fixed_shapes"),
        det_runtime=det_runtime,
        rec_min_width=rec_min,
        det_step=spec.get("det_step", DET_STEP),
        rec_characters=characters,
        rec_batching=batching,
        # as the default resolves OCR_ORT_SPIN (the variants change one other thing)
        spin=spin_threads(defaults.ort_spin, defaults.workers, threads),
    )
    rapid = _rapid(engine)
    if spec.get("precision") == "native":
        # compiled again without the engine's float32 hint: OpenVINO picks the CPU's precision
        import openvino as ov

        config = openvino_config(threads, float32=False)
        core = ov.Core()
        for part in (rapid.text_det, rapid.text_rec):
            if getattr(part.session, "model", None) is None:
                continue  # on ONNX Runtime: float32 as it is
            compiled = core.compile_model(part.session.model, "CPU", config)
            part.session.session = compiled.create_infer_request()
    if runtime == "ort-spin":
        # rapidocr's own session options (as the default had them), with the variant's change
        import onnxruntime as ort

        opts = _session_options(spec, threads)
        rapid.text_det.session.session = ort.InferenceSession(
            str(det_model), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        # the recogniser the engine's decoder reads: cut to its alphabetic classes unless the
        # variant keeps them all (engines.classes)
        if characters == "all":
            rec_source = str(rec_model)
        else:
            from ocr_service.engines.classes import alphabetic_model

            rec_source = alphabetic_model(rec_model).model
        rapid.text_rec.session.session = ort.InferenceSession(
            rec_source, sess_options=opts, providers=["CPUExecutionProvider"]
        )
    warm_up(engine)
    if det == "auto":
        engine = AutoDetSize(engine, default=det_limit)
        warm_up(engine)
    return engine


# -- memory --------------------------------------------------------------------------
def measure_memory(receipts: int, workdir: Path) -> dict:
    """Each runtime in a process of its own (all at once), reading the same varied receipts."""
    import subprocess
    import tempfile

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=workdir if workdir.is_dir() else None) as tmp:
        procs = {}
        for runtime, options in MEMORY_RUNS.items():
            out = Path(tmp) / f"{runtime}.json"
            cmd = [sys.executable, str(ROOT / "bench" / "engine_memory.py"), *options]
            cmd += ["--receipts", str(receipts), "--out", str(out)]
            procs[runtime] = (subprocess.Popen(cmd, cwd=ROOT), out)
        runs = {}
        for runtime, (proc, out) in procs.items():
            if proc.wait() == 0 and out.is_file():
                runs[runtime] = summarise_memory(json.loads(out.read_text("utf-8")))
            else:
                runs[runtime] = {"error": f"exit status {proc.returncode}"}
    return {
        "receipts": receipts,
        "seconds": round(time.perf_counter() - t0, 1),
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "budget_mb": MEMORY_BUDGET_MB,
        "drift_mb": MEMORY_DRIFT_MB,
        "runtimes": runs,
    }


def summarise_memory(run: dict) -> dict:
    """Warm RSS, peak, and the growth over the second half of the receipts (flat after warm-up?)."""
    rss = run["rss_mb"]
    half = len(rss) // 2
    second = rss[half:]
    growth = round(max(second) - rss[half - 1], 1) if half else 0.0
    peak = round(max([run["rss_mb_warm"], *rss]), 1)
    return {
        "runtime": run["runtime"],
        "receipts": len(rss),
        "datasets": run["datasets"],
        "warm_mb": run["rss_mb_warm"],
        "at": {str(k): rss[k - 1] for k in (50, 100, 150, 200, 250, 300, 400, 500) if k <= len(rss)},
        "final_mb": rss[-1],
        "peak_mb": peak,
        "second_half_growth_mb": growth,
        "p50_s": round(percentile(run["seconds"], 0.5), 3),
        "bounded": peak <= MEMORY_BUDGET_MB and growth <= MEMORY_DRIFT_MB,
    }


def render_memory(memory: dict) -> list[str]:
    la = memory["load_average"]
    marks = sorted({int(k) for run in memory["runtimes"].values() for k in run.get("at", {})})
    out = [
        "",
        "## Memory over many varied receipts",
        "",
        f"Each runtime in a process of its own, all at the same time, the service's settings: "
        f"{memory['receipts']} receipts through the pipeline, one dataset after another in turn "
        "(`bench/engine_memory.py`), freed memory given back after each as the service's worker does; "
        f"load average {la['before']} before, {la['after']} after ({memory['seconds']:.0f} s). "
        f"Bounded: peak RSS within {memory['budget_mb']} MB and at most {memory['drift_mb']} MB of growth "
        "over the second half of the receipts.",
        "",
        "| run | runtime | warm | "
        + " | ".join(f"after {k}" for k in marks)
        + " | peak | growth, 2nd half | p50 | bounded |",
        "|---|---|---|" + "---|" * len(marks) + "---|---|---|---|",
    ]
    for name, run in memory["runtimes"].items():
        if "error" in run:
            out.append(f"| {name} | failed: {run['error']} |")
            continue
        cells = " | ".join(f"{run['at'][str(k)]:.0f} MB" if str(k) in run["at"] else "" for k in marks)
        out.append(
            f"| {name} | {run['runtime']} | {run['warm_mb']:.0f} MB | {cells} | {run['peak_mb']:.0f} MB "
            f"| {run['second_half_growth_mb']:+.0f} MB | {run['p50_s']:.2f} s "
            f"| {'yes' if run['bounded'] else 'no'} |"
        )
    return out


# -- running -------------------------------------------------------------------------
def subset(per_dataset: int, args) -> list:
    """The fixed receipts: the first N of each held-out part (and none the rules were tuned on)."""
    chosen = []
    sroie = args.sroie_receipts if args.sroie_receipts is not None else per_dataset
    for path, count in ((args.sroie_test, sroie), (args.real, per_dataset), (args.generated, per_dataset)):
        path = Path(path)
        if not (path / "dataset.json").is_file():
            print(f"note: no dataset at {path}; left out of the comparison", file=sys.stderr)
            continue
        dataset = load_dataset(path)
        chosen += [(dataset.name, s) for s in dataset.part("heldout")[:count]]
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
    parser.add_argument("--sroie-test", default=str(DEFAULT_SROIE_TEST), help="SROIE held-out receipts")
    parser.add_argument("--real", default=str(DEFAULT_REAL))
    parser.add_argument("--generated", default=str(DEFAULT_GENERATED))
    parser.add_argument("--per-dataset", type=int, default=20, help="held-out receipts from each dataset")
    parser.add_argument(
        "--sroie-receipts", type=int, default=None, help="held-out SROIE receipts (default: --per-dataset)"
    )
    parser.add_argument(
        "--variants", default=",".join(DEFAULT_VARIANTS), help="comma-separated names: " + " ".join(VARIANTS)
    )
    parser.add_argument("--det-limit", type=int, default=960, help="the default's detection limit")
    parser.add_argument("--model-cache", default=str(MODEL_CACHE), help="where int8 models are written")
    parser.add_argument("--out", default=str(REPORTS / "engines"))
    parser.add_argument(
        "--memory",
        type=int,
        default=300,
        help="varied receipts each runtime reads in a process of its own, RSS after each (0: skip)",
    )
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="rewrite the report from its JSON (the verdict decided anew)",
    )
    args = parser.parse_args(argv)
    if args.render_only:
        return render_only(Path(args.out))

    from ocr_service.config import Settings
    from ocr_service.errors import ServiceError
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document

    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    names = ["default"] + [n for n in dict.fromkeys(names) if n != "default"]
    receipts = subset(args.per_dataset, args)
    if not receipts:
        print("no held-out receipts to measure", file=sys.stderr)
        return 2
    cache = Path(args.model_cache)
    calibration = calibration_images(args)
    limits = Limits.from_settings(Settings())

    engines = {}
    failures = {}
    built: dict[str, float] = {}
    for name in names:
        t0 = time.perf_counter()
        try:
            engines[name] = build_variant(VARIANTS[name][1], args.det_limit, cache, calibration)
        except Exception as exc:  # a back end that does not install or run here is reported, not fatal
            failures[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            print(f"{name}: could not be built ({failures[name]})", file=sys.stderr)
            continue
        built[name] = round(time.perf_counter() - t0, 2)
        if not args.quiet:
            print(f"{name}: ready in {built[name]:.1f} s", file=sys.stderr)
    ready = [n for n in names if n in engines]
    own_limits = {
        n: replace(limits, second_look=VARIANTS[n][1].get("second_look", limits.second_look)) for n in ready
    }
    if "default" not in engines:
        print("the default engine could not be built", file=sys.stderr)
        return 2

    memory = measure_memory(args.memory, Path(args.out).parent) if args.memory > 0 else None
    load_before = os.getloadavg()
    started = time.perf_counter()
    rows: dict[str, list[dict]] = {n: [] for n in ready}
    for i, (dataset_name, sample) in enumerate(receipts):
        data = sample.image.read_bytes()
        order = ready[i % len(ready) :] + ready[: i % len(ready)]
        for name in order:
            t0 = time.perf_counter()
            c0 = time.process_time()
            error = None
            try:
                result = process_document(data, "receipt", engines[name], own_limits[name])
                fields = result.model_dump(mode="json")["fields"]
            except ServiceError:  # a file the service refuses scores as nothing returned
                fields = {}
            except Exception as exc:  # counted and shown: a variant that breaks must not look slow-but-fine
                fields, error = {}, type(exc).__name__
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0
            score = score_sample(fields, sample.truth)
            rows[name].append(
                {
                    "dataset": dataset_name,
                    "id": sample.id,
                    "seconds": seconds,
                    "cpu": cpu,
                    "score": score,
                    "error": error,
                }
            )
        if not args.quiet:
            line = " ".join(f"{n}={rows[n][-1]['seconds']:.2f}" for n in ready)
            # (the receipts are held-out ones: named by their dataset and place in the run only)
            print(f"[{i + 1}/{len(receipts)}] {dataset_name} {line}", flush=True)
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
        errors = sorted(r["error"] for r in rs if r["error"])
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
                "runtime": engines[name].describe()["runtime"],
                "ready_s": built[name],
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
                "accuracy_kept": kept and not errors,
                "errors": errors,
            }
        )
    best = pick_best(variants)
    before = next((v for v in variants if v["name"] == REPLACED), None)
    if before:
        # the default against the one it replaced: as fast at most, and as accurate (the same test
        # the other way round: the default right on as many receipts as before, less 1 in 100)
        before_right = before["right"]
        base_scored = variants[0]["scored"]
        before["default_keeps_accuracy"] = all(
            base_right[f] >= before_right[f] - max(0, base_scored[f] // 100) for f in FIELDS
        )
        before["default_p50_ratio"] = round(base_p50 / before["p50"], 3) if before["p50"] else None
    datasets = sorted({d for d, _ in receipts})
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
        "receipts_by_dataset": {d: sum(1 for name, _ in receipts if name == d) for d in datasets},
        "datasets": datasets,
        "seconds": round(elapsed, 1),
        "failures": failures,
        "variants": variants,
        "best": best["name"] if best else None,
        "target_p50_s": TARGET_P50_S,
        "memory": memory,
    }
    report["summary"] = {
        "generated": report["generated"],
        "receipts": n,
        "best": report["best"],
        "default_runtime": variants[0]["runtime"],
        "default_p50": variants[0]["p50"],
        "target_p50_s": TARGET_P50_S,
        "variants": [{k: v[k] for k in SUMMARY_KEYS} for v in variants],
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


def render_only(out: Path) -> int:
    """The Markdown report again from the JSON of the last run, the verdict decided by this code."""
    report = json.loads(out.with_suffix(".json").read_text("utf-8"))
    best = pick_best(report["variants"])
    report["best"] = report["summary"]["best"] = best["name"] if best else None
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    out.with_suffix(".md").write_text(render(report), "utf-8")
    print(f"best default by this run: {report['best']}")
    return 0


def pick_best(variants: list[dict], faster: float = FASTER_PAIRED) -> dict | None:
    """The variant to make the default: the fastest per receipt (median paired ratio) among those
    that keep the accuracy and are faster than the default by the margin; the default (the first)
    when none is. A p50 ratio compares two distributions and moves with a few slow receipts, so the
    paired ratio decides."""
    if not variants:
        return None
    faster_ones = [
        v
        for v in variants[1:]
        if v["accuracy_kept"] and v["paired_ratio_median"] is not None and v["paired_ratio_median"] <= faster
    ]
    return min(faster_ones, key=lambda v: v["paired_ratio_median"]) if faster_ones else variants[0]


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
        f"- receipts: {report['receipts']}, the first held-out receipts of each dataset ("
        + ", ".join(f"{d} {k}" for d, k in report.get("receipts_by_dataset", {}).items())
        + "); each read by every variant in turn (rotating order), through the "
        "service's pipeline, warm engines, one receipt at a time",
        "- ratio: the variant's p50 over the default's p50 in this run; paired: the median over receipts of "
        "(variant time / default time) on the same receipt",
        "- accuracy kept: total, date and vendor (words kept) each right on at least as many receipts as the "
        "default, less one in a hundred",
        "- ready: building and warming the variant's engine, in this run",
        "",
        "| variant | what | runtime | p50 | p95 | CPU p50 | p50 ratio | paired ratio | total | date | vendor "
        "| kept | ready |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for v in report["variants"]:
        out.append(
            f"| {v['name']} | {v['what']} | {v.get('runtime', '')} | {v['p50']:.2f} s | {v['p95']:.2f} s "
            f"| {v['cpu_p50']:.2f} s | {v['p50_ratio']:.2f} | {v['paired_ratio_median']:.3f} "
            f"| {v['total']:.1f}% | {v['date']:.1f}% | {v['vendor']:.1f}% "
            f"| {'yes' if v['accuracy_kept'] else 'no'} "
            f"| {v.get('ready_s', 0):.1f} s |"
        )
    broken = [v for v in report["variants"] if v.get("errors")]
    if broken:
        out += ["", "Receipts a variant failed on (scored as nothing read):", ""]
        out += [f"- {v['name']}: {len(v['errors'])} ({', '.join(sorted(set(v['errors'])))})" for v in broken]
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
    default = report["variants"][0]
    before = next((v for v in report["variants"] if v["name"] == REPLACED), None)
    target = report.get("target_p50_s", TARGET_P50_S)
    out += [""]
    if before:
        out.append(
            f"The default ({default['runtime']}) against the one it replaced (`{before['name']}`, "
            f"{before['runtime']}): p50 "
            f"{default['p50']:.2f} s against {before['p50']:.2f} s per receipt, "
            f"{before['default_p50_ratio']:.2f} times the time (paired, per receipt: "
            f"{1 / before['paired_ratio_median']:.2f}); accuracy kept: "
            f"{'yes' if before['default_keeps_accuracy'] else 'no'}."
        )
        out.append("")
    out += [
        f"Target: p50 <= {target:.1f} s per receipt on 2 cores. The default in this run: "
        f"{default['p50']:.2f} s ({'met' if default['p50'] <= target else 'not met'}, "
        "at the load average above).",
        "",
        f"Best default by this run: **{report['best']}** (the fastest per receipt, paired, among the "
        f"variants that keep the accuracy and take at most {FASTER_PAIRED:.2f} of the default's time; the "
        "default when none does). Speed and accuracy only: a default must also hold its memory over many "
        "pages (below).",
    ]
    if report.get("memory"):
        out += render_memory(report["memory"])
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
