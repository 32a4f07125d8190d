"""The default engine: PP-OCRv6 (small) from the ``rapidocr`` wheel, on OpenVINO or ONNX Runtime.

The models are the ONNX files shipped inside the wheel (or files the settings name);
every model path is given explicitly and the recognition model must carry its own
dictionary, so rapidocr never has a reason to fetch anything (see ``models``). Unlike
the PP-OCRv4 Chinese recogniser this one keeps the spaces between words.

Both runtimes read the same ONNX files. ``OCR_RUNTIME`` chooses (``runtime_for``):

- ``auto`` (default): where the CPU computes bfloat16 itself (AMX or AVX-512 BF16: recent
  Xeon and EPYC), every model on OpenVINO at that precision, the text recogniser and the
  MRZ reader sharing one compiled model (faster per receipt than ``onnxruntime``: the
  ``ort-rec`` row of ``bench/reports/engines.md``); on every other CPU, as ``onnxruntime``;
- ``onnxruntime``: the recogniser on ONNX Runtime, its math threads spinning while they wait
  when the engines' threads have the cores to themselves and sleeping otherwise (``OCR_ORT_SPIN``,
  ``cores.spin_threads``: on a shared CPU that leaves the cores to the thread doing the work),
  the detector on OpenVINO in float32 (``OCR_DET_RUNTIME``: about four times ONNX Runtime's
  speed on it);
- ``openvino``: every model on OpenVINO compiled in float32, as ONNX Runtime computes, so
  both read the same text.

OpenVINO's inputs are padded to a few shapes (``shapes``: it keeps kernels for every shape
it is given), which bounds its memory.

The MRZ reader's recogniser (``class_probabilities``, ``mrz_runtime``): with ``auto``, the
text recogniser's compiled model where that runs at the CPU's bfloat16; otherwise OpenVINO
in bfloat16 compiled apart where the CPU has it (an MRZ piece in about half of float32's
time, the same readings on the benchmark's documents, ``bench/reports/mrz.md``; about
120 MB more over varied receipts, ``bench/reports/engines.md``), and the text recogniser's
ONNX Runtime session in float32 elsewhere.

Text lines are recognised at their own width (``rec_min_width``, 48 px): rapidocr pads
every batch up to at least 320 px as PaddleOCR does, and a receipt's lines are mostly
narrower (half of them under 170 px), so a third of the recogniser's time went to padding.
They run in batches of like width (``rec_batching``, ``batches``), not six at a time, where
the runtime is not given fixed shapes.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import numpy as np

from ..config import RUNTIME_CHOICES, RUNTIMES
from ..deadline import checkpoint, checkpointed
from .base import ClassProbabilities, Line
from .batches import CharsTold, WidthBatchedRecognizer
from .classes import CHOICES, alphabetic_model
from .models import bundled_onnx_models, require_onnx_model
from .shapes import DET_STEP, PaddedDetection, PaddedRecognition, PaddedWidth, pad_thin

ENGINE_NAME = "rapidocr-onnx"
_log = logging.getLogger(__name__)
_KINDS = {"det": "detection", "rec": "recognition", "cls": "orientation"}


def _dictionary(characters: str | None, path: Path) -> tuple[str, ...]:
    """The recogniser's CTC classes: blank, the model's dictionary, then a space.

    Refuses a model without its dictionary: rapidocr would download one.
    """
    if not characters:
        raise RuntimeError(f"the recognition model {path} carries no character dictionary")
    return ("blank", *characters.splitlines(), " ")


def ort_session_options(cpu_threads: int, spin: bool = False):
    """ONNX Runtime on ``cpu_threads`` math threads that spin while they wait for work, or sleep.

    Spinning answers sooner when the threads have their cores to themselves; on a shared CPU
    it steals the core the working thread needs (``cores.spin_threads`` decides; both are
    measured in bench/reports/engines.md)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.intra_op_num_threads = cpu_threads
    opts.inter_op_num_threads = 1
    flag = "1" if spin else "0"
    opts.add_session_config_entry("session.intra_op.allow_spinning", flag)
    opts.add_session_config_entry("session.inter_op.allow_spinning", flag)
    return opts


def openvino_config(cpu_threads: int, *, float32: bool = True) -> dict[str, str]:
    """OpenVINO's CPU settings: our thread count, one request at a time, float32 (or, with
    ``float32=False``, the CPU's own precision: bfloat16 where it has it)."""
    config = {"INFERENCE_NUM_THREADS": str(cpu_threads), "PERFORMANCE_HINT": "LATENCY"}
    if float32:
        config["INFERENCE_PRECISION_HINT"] = "f32"
    return config


@functools.lru_cache(maxsize=1)
def native_bfloat16() -> bool:
    """Whether OpenVINO computes in bfloat16 on this CPU by itself (AMX or AVX-512 BF16)."""
    import openvino as ov

    return ov.Core().get_property("CPU", "INFERENCE_PRECISION_HINT") == ov.Type.bf16


def runtime_for(choice: str) -> tuple[str, str]:
    """``OCR_RUNTIME`` resolved to a runtime and a precision (``f32`` or ``native``, the CPU's own):
    ``auto`` is OpenVINO at the CPU's own precision where that is bfloat16, else ONNX Runtime."""
    if choice not in RUNTIME_CHOICES:
        raise ValueError(f"unknown runtime {choice!r}: one of {', '.join(RUNTIME_CHOICES)}")
    if choice == "auto":
        return ("openvino", "native") if native_bfloat16() else ("onnxruntime", "f32")
    return choice, "f32"


def mrz_runtime_for(choice: str) -> str:
    """``mrz_runtime`` resolved as ``runtime_for`` resolves ``OCR_RUNTIME`` (the precision aside)."""
    if choice not in RUNTIME_CHOICES:
        raise ValueError(f"unknown MRZ runtime {choice!r}: one of {', '.join(RUNTIME_CHOICES)}")
    return runtime_for(choice)[0]


def _ort_session(model: Path | bytes, cpu_threads: int, spin: bool = False):
    """An ONNX Runtime session on a model file, or on a model in memory (``classes``)."""
    import onnxruntime as ort

    opts = ort_session_options(cpu_threads, spin)
    opts.enable_cpu_mem_arena = False  # as rapidocr opens them: freed pages go back to the system
    source = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(source, sess_options=opts, providers=["CPUExecutionProvider"])


def _openvino_model(core, model: Path | bytes):
    """OpenVINO's reading of an ONNX model file, or of a model in memory (``classes``)."""
    if isinstance(model, bytes):
        return core.read_model(model, _no_weights())
    return core.read_model(str(model))


def _no_weights():
    import openvino as ov

    return ov.Tensor(np.empty(0, np.uint8))  # an ONNX model carries its weights


class _OrtRun:
    """The recogniser's ONNX Runtime session, run on a batch (for ``class_probabilities``)."""

    def __init__(self, session):
        self.session = session
        self._input = session.get_inputs()[0].name

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        (probs,) = self.session.run(None, {self._input: batch})
        return probs


class _OpenVinoRun:
    """An inference request on the recogniser's compiled model (of its own: weights shared)."""

    def __init__(self, request):
        self.request = request

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        # copied out: the request reuses its output buffer for the next batch
        return self.request.infer([batch], share_outputs=False)[0]


def _openvino_characters(source: Path | bytes) -> str | None:
    """The dictionary an ONNX recogniser carries, as OpenVINO reads it (nothing compiled)."""
    import openvino as ov

    model = _openvino_model(ov.Core(), source)
    if not model.has_rt_info(["framework", "character"]):
        return None
    return model.get_rt_info(["framework", "character"]).astype(str)


class OnnxOcrEngine:
    """RapidOCR pipeline (DB detection, CTC recognition) on OpenVINO or ONNX Runtime, CPU only."""

    name = ENGINE_NAME

    def __init__(
        self,
        det_model_path: Path | None = None,
        rec_model_path: Path | None = None,
        cls_model_path: Path | None = None,
        cpu_threads: int = 2,
        det_limit_side_len: int = 960,
        rec_batch_num: int = 8,
        use_angle_cls: bool = False,
        runtime: str = "auto",
        fixed_shapes: bool | None = None,
        det_runtime: str | None = None,
        rec_min_width: int = 320,
        mrz_runtime: str = "auto",
        det_step: int = DET_STEP,
        rec_characters: str = "alphabetic",
        spin: bool = False,
        rec_batching: str = "width",
    ):
        if rec_characters not in CHOICES:
            raise ValueError(f"unknown recogniser characters {rec_characters!r}: one of {', '.join(CHOICES)}")
        if rec_batching not in ("width", "count"):
            raise ValueError(f"unknown recognition batching {rec_batching!r}: width or count")
        if det_runtime not in (None, *RUNTIMES):
            raise ValueError(f"unknown runtime {det_runtime!r}: one of {', '.join(RUNTIMES)}")
        runtime, self.precision = runtime_for(runtime)
        # every model on OpenVINO when the recogniser is; otherwise the detector as asked
        det_runtime = runtime if det_runtime is None or runtime == "openvino" else det_runtime
        self.mrz_runtime = mrz_runtime_for(mrz_runtime)
        given = {"det": det_model_path, "rec": rec_model_path, "cls": cls_model_path}
        defaults = bundled_onnx_models() if not all(given.values()) else {}
        self.model_paths = {
            kind: require_onnx_model(path or defaults[kind], _KINDS[kind]) for kind, path in given.items()
        }
        self.runtime = runtime
        self.det_runtime = det_runtime
        self.rec_min_width = rec_min_width
        self.cpu_threads = cpu_threads
        self.spin = spin
        self.use_angle_cls = use_angle_cls
        self.rec_batch_num = rec_batch_num
        self.det_step = det_step
        self.rec_batching = rec_batching
        # a few input shapes only (``shapes``): what bounds OpenVINO's memory; by default
        # for each model OpenVINO runs
        self.fixed_shapes = {
            "det": det_runtime == "openvino" if fixed_shapes is None else fixed_shapes,
            "rec": runtime == "openvino" if fixed_shapes is None else fixed_shapes,
        }
        self.rec_characters = rec_characters
        self.rec_classes = self._load_recogniser(own_model=given["rec"] is not None)
        self._ocr = self._rapidocr(det_limit_side_len, rec_batch_num)
        self.max_side_len = max(2000, det_limit_side_len)  # rapidocr's Global.max_side_len
        self._recognise = self._fix_shapes(self._tune_sessions())
        self._ocr.text_rec = CharsTold(self._ocr.text_rec)
        self.mrz_precision = self.text_precision = "f32"
        if self.runtime == "openvino" and self.precision == "native":
            self.text_precision = self._rec_compiled.get_property("INFERENCE_PRECISION_HINT").to_string()
        self._recognise_mrz = self._mrz_recogniser()
        self._rec_model = None  # every runtime has read it: the cut model's bytes are not kept
        from importlib.metadata import version

        self.version = version("rapidocr")
        self.runtime_version = version(runtime)
        self.det_runtime_version = version(det_runtime)
        self.mrz_runtime_version = version(self.mrz_runtime)

    def _load_recogniser(self, own_model: bool) -> tuple[str, ...]:
        """The recogniser's model (``classes``: by default its output layer cut to the alphabetic
        scripts' classes) and its classes. The dictionary is checked before rapidocr sees the
        model (it would download one); the MRZ reader's probabilities use the same classes."""
        rec = self.model_paths["rec"]
        cut = alphabetic_model(rec) if self.rec_characters == "alphabetic" else None
        self._rec_model = cut.model if cut else rec
        if self.runtime == "onnxruntime":
            self._ort_rec = _ort_session(self._rec_model, self.cpu_threads, self.spin)
            characters = self._ort_rec.get_modelmeta().custom_metadata_map.get("character")
        else:
            characters = _openvino_characters(self._rec_model)
        classes = _dictionary(characters, rec)
        if cut:
            # louder when a model of one's own (OCR_ONNX_REC_MODEL) lost most of its classes
            lost_most = own_model and len(classes) < cut.whole / 2
            _log.log(
                logging.WARNING if lost_most else logging.INFO,
                "recogniser cut to %d of its %d classes (OCR_REC_CHARACTERS=alphabetic; all keeps them)",
                len(classes),
                cut.whole,
            )
        return classes

    def _rapidocr(self, det_limit_side_len: int, rec_batch_num: int):
        from rapidocr import EngineType, RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        types = {"openvino": EngineType.OPENVINO, "onnxruntime": EngineType.ONNXRUNTIME}
        engine_type, det_type = types[self.runtime], types[self.det_runtime]
        threads = self.cpu_threads
        return RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": self.use_angle_cls,
                "Global.max_side_len": max(2000, det_limit_side_len),  # self.max_side_len
                "Det.engine_type": det_type,
                "Det.model_path": str(self.model_paths["det"]),
                "Det.limit_side_len": det_limit_side_len,
                "Det.limit_type": "max",
                "Rec.engine_type": engine_type,
                "Rec.model_path": str(self.model_paths["rec"]),
                "Rec.rec_batch_num": rec_batch_num,
                # the narrowest recognition input: lines are padded up to it (see rec_min_width)
                "Rec.rec_img_shape": [3, 48, self.rec_min_width],
                "Cls.engine_type": engine_type,
                "Cls.model_path": str(self.model_paths["cls"]),
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "EngineConfig.openvino.inference_num_threads": threads,
                "EngineConfig.openvino.performance_hint": "LATENCY",
            }
        )

    def _tune_sessions(self):
        """What rapidocr's settings cannot say: whether the threads spin, float32 on OpenVINO
        (unless the precision is the CPU's own).

        The steps are loaded now rather than on first use. Each keeps rapidocr's wrapper
        (pre- and post-processing unchanged); only the runtime object inside it is
        replaced. Returns what runs the recogniser for ``class_probabilities``.
        """
        det, rec = self._ocr._load_det_model(), self._ocr._load_rec_model()
        stages = {"det": det, "rec": rec}
        if self.use_angle_cls:
            stages["cls"] = self._ocr._load_cls_model()
        core = None
        if isinstance(self._rec_model, bytes):
            # rapidocr read the model file: its decoder gets the cut model's classes
            from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

            rec.postprocess_op = CTCLabelDecode(character=list(self.rec_classes[1:-1]))
        for kind, stage in stages.items():
            if (self.det_runtime if kind == "det" else self.runtime) == "onnxruntime":
                path = self.model_paths[kind]
                mine = self._ort_rec if kind == "rec" else _ort_session(path, self.cpu_threads, self.spin)
                stage.session.session = mine
                continue
            import openvino as ov

            core = core or ov.Core()
            cpu_precision = core.get_property("CPU", "INFERENCE_PRECISION_HINT")
            if kind == "rec" and isinstance(self._rec_model, bytes):
                # the cut model, at the precision rapidocr's compilation would have had
                stage.session.model = _openvino_model(core, self._rec_model)
                config = openvino_config(self.cpu_threads, float32=self.precision == "f32")
                compiled = core.compile_model(stage.session.model, "CPU", config)
                stage.session.session = compiled.create_infer_request()
            elif self.precision == "f32" and cpu_precision != ov.Type.f32:
                # OpenVINO would compute in bfloat16 on this CPU: compiled again in float32
                compiled = core.compile_model(stage.session.model, "CPU", openvino_config(self.cpu_threads))
                stage.session.session = compiled.create_infer_request()
        if self.runtime == "onnxruntime":
            return _OrtRun(self._ort_rec)
        self._rec_compiled = rec.session.session.get_compiled_model()
        return _OpenVinoRun(self._rec_compiled.create_infer_request())

    def _fix_shapes(self, recognise):
        """Pads every model input to a few shapes (``shapes``); returns ``recognise`` padded alike.
        Without fixed shapes for the recogniser, its lines run in batches of like width (``batches``)."""
        det, rec = self._ocr.text_det, self._ocr.text_rec
        if self.fixed_shapes["det"]:
            det.session = PaddedDetection(det.session, self.det_step)
        if not self.fixed_shapes["rec"]:
            if self.rec_batching == "width":
                self._ocr.text_rec = WidthBatchedRecognizer(rec, self.rec_batch_num, self.rec_min_width)
            return recognise
        rec.session = PaddedRecognition(rec.session, self.rec_batch_num)
        return PaddedRecognition(recognise, self.rec_batch_num)

    def _mrz_recogniser(self):
        """What runs the recogniser for the MRZ reader: the text recogniser's own run on ONNX
        Runtime; on OpenVINO at the CPU's own precision, the text recogniser's compiled model
        when it is compiled so, or the model compiled again; its inputs padded to a few widths
        (``shapes.PaddedWidth``)."""
        if self.mrz_runtime == "onnxruntime":
            if self.runtime == "onnxruntime":
                return self._recognise
            return _OrtRun(_ort_session(self._rec_model, self.cpu_threads, self.spin))
        if self.runtime == "openvino" and self.precision == "native":
            # the text recogniser's compiled model and its own request for class_probabilities
            self.mrz_precision = self.text_precision
            run = self._recognise.run if isinstance(self._recognise, PaddedRecognition) else self._recognise
            return PaddedWidth(run)
        import openvino as ov

        config = openvino_config(self.cpu_threads, float32=False)
        core = ov.Core()
        compiled = core.compile_model(_openvino_model(core, self._rec_model), "CPU", config)
        self.mrz_precision = compiled.get_property("INFERENCE_PRECISION_HINT").to_string()
        return PaddedWidth(_OpenVinoRun(compiled.create_infer_request()))

    def describe(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "runtime": self._runtime_name(),
            "models": {kind: path.stem for kind, path in self.model_paths.items()},
            "characters": f"{self.rec_characters} ({len(self.rec_classes)} classes)",
            "threads": self._threads_name(),
        }

    def _threads_name(self) -> str:
        """Math threads per model, and whether ONNX Runtime's spin while they wait (what
        ``OCR_ORT_SPIN=auto`` resolved to on this host)."""
        name = f"{self.cpu_threads} per model"
        if "onnxruntime" in (self.runtime, self.det_runtime, self.mrz_runtime):
            name += ", ONNX Runtime's " + ("spinning" if self.spin else "sleeping") + " while they wait"
        return name

    def _runtime_name(self) -> str:
        """The runtime and its version; the detector's too when another runtime runs it."""
        name = f"{self.runtime} {self.runtime_version}"
        if self.text_precision != "f32":
            name += f" {self.text_precision}"
        if self.det_runtime != self.runtime:
            name += f" (detection: {self.det_runtime} {self.det_runtime_version})"
        apart = self.mrz_runtime == "openvino" and self.mrz_precision != self.text_precision
        if self.mrz_runtime != self.runtime or apart:
            precision = f" {self.mrz_precision}" if self.mrz_runtime == "openvino" else ""
            name += f" (MRZ: {self.mrz_runtime} {self.mrz_runtime_version}{precision})"
        return name

    def warm_up(self) -> None:
        """A small page through detection and recognition, and a batch of MRZ-sized crops."""
        page = np.full((160, 480, 3), 255, np.uint8)
        page[70:90, 40:440] = 0
        self.ocr(page)
        self._ocr(page[60:100], use_det=False, use_cls=False, use_rec=True)
        self.class_probabilities([np.full((48, 320, 3), 255, np.uint8)] * 8)

    def _stop_between_batches(self) -> None:
        """A deadline checkpoint before each detection and recognition batch (the sessions load lazily)."""
        for stage in (self._ocr.text_det, self._ocr.text_rec):
            if stage is not None:
                stage.session = checkpointed(stage.session)

    def ocr(self, image: np.ndarray) -> list[Line]:
        """Detect and recognise every text line of a BGR image, top to bottom."""
        self._stop_between_batches()
        padded = pad_thin(image, self.max_side_len)
        # rapidocr remembers the last call's switches: name every one of them each time.
        result = self._ocr(padded, use_det=True, use_cls=self.use_angle_cls, use_rec=True)
        if getattr(result, "boxes", None) is None or getattr(result, "txts", None) is None:
            return []
        boxes = result.boxes
        if padded is not image:  # boxes on the paper a thin page was given end at the page's edge
            height, width = image.shape[:2]
            boxes = [np.clip(np.asarray(poly, dtype=float), 0, [width, height]) for poly in boxes]
        words = getattr(result, "word_results", None) or [None] * len(boxes)
        lines = [
            Line.from_polygon(poly, text, score, getattr(word, "confs", None))
            for poly, text, score, word in zip(boxes, result.txts, result.scores, words, strict=False)
        ]
        lines.sort(key=lambda ln: (round(ln.cy / max(1.0, ln.height)), ln.x0))
        return lines

    def class_probabilities(self, crops: list[np.ndarray]) -> ClassProbabilities:
        """Per-step class probabilities of BGR line crops 48 pixels tall.

        Crops of one width go through in one batch; normalised as the recogniser was
        trained: ``(x / 255 - 0.5) / 0.5``, channels first.
        """
        steps: list[np.ndarray] = []
        shape = crops[0].shape if crops else None
        groups = [crops] if all(c.shape == shape for c in crops) else [[c] for c in crops]
        for group in groups:
            if group:
                steps.extend(self._run_recogniser(group))
        return ClassProbabilities(self.rec_classes, steps)

    def _run_recogniser(self, crops: list[np.ndarray]) -> np.ndarray:
        """The MRZ reader's recogniser on crops of one shape."""
        batch = np.stack([c.astype(np.float32).transpose(2, 0, 1) for c in crops])
        batch = (batch / 255.0 - 0.5) / 0.5
        checkpoint()  # before each batch: stop work past its deadline
        probs = self._recognise_mrz(np.ascontiguousarray(batch, dtype=np.float32))
        if probs.shape[-1] != len(self.rec_classes):
            raise RuntimeError("the recogniser's output does not match its dictionary")
        return probs
