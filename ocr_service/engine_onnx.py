"""An alternative OCR engine: PP-OCRv6 (small) on ONNX Runtime, from the ``rapidocr`` wheel.

Same interface as :class:`ocr_service.engine.OcrEngine` (``ocr``, ``detect``, ``recognize``,
``describe``). The models are the ONNX files shipped inside the wheel; every model path is
given explicitly so nothing is ever fetched at run time. Unlike the PP-OCRv4 Chinese
recogniser this one keeps the spaces between words.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .deadline import checkpointed
from .engine import Line

ENGINE_NAME = "rapidocr-onnx"


def bundled_onnx_models() -> dict[str, Path]:
    """The PP-OCRv6 small det/rec and mobile orientation models inside the rapidocr wheel."""
    import importlib.util

    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("rapidocr is not installed")
    base = Path(next(iter(spec.submodule_search_locations))) / "models"
    return {
        "det": base / "PP-OCRv6_det_small.onnx",
        "rec": base / "PP-OCRv6_rec_small.onnx",
        "cls": base / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }


class OnnxOcrEngine:
    """RapidOCR pipeline (DB detection, CTC recognition) on ONNX Runtime, CPU only."""

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
    ):
        defaults = bundled_onnx_models()
        self.model_paths = {
            "det": Path(det_model_path or defaults["det"]),
            "rec": Path(rec_model_path or defaults["rec"]),
            "cls": Path(cls_model_path or defaults["cls"]),
        }
        for kind, path in self.model_paths.items():
            if not path.is_file():
                raise RuntimeError(f"no {kind} model file at {path}")
        from importlib.metadata import version

        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self.use_angle_cls = use_angle_cls
        self._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": use_angle_cls,
                "Global.max_side_len": max(2000, det_limit_side_len),
                "Det.model_path": str(self.model_paths["det"]),
                "Det.limit_side_len": det_limit_side_len,
                "Det.limit_type": "max",
                "Rec.model_path": str(self.model_paths["rec"]),
                "Rec.rec_batch_num": rec_batch_num,
                "Cls.model_path": str(self.model_paths["cls"]),
                "EngineConfig.onnxruntime.intra_op_num_threads": cpu_threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        self.version = version("rapidocr")
        import onnxruntime

        self.runtime_version = onnxruntime.__version__
        self._cpu_threads = cpu_threads
        self._rec_session = None
        self._rec_dictionary: list[str] | None = None

    def describe(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "runtime": f"onnxruntime {self.runtime_version}",
            "models": {kind: path.stem for kind, path in self.model_paths.items()},
        }

    def _stop_between_batches(self) -> None:
        """A deadline checkpoint before each detection and recognition batch (the sessions load lazily)."""
        for stage in (self._ocr.text_det, self._ocr.text_rec):
            if stage is not None:
                stage.session = checkpointed(stage.session)

    def ocr(self, image: np.ndarray, *, cls: bool | None = None) -> list[Line]:
        """Detect and recognise every text line of a BGR image, top to bottom."""
        self._stop_between_batches()
        use_cls = self.use_angle_cls if cls is None else (cls and self.use_angle_cls)
        # rapidocr remembers the last call's switches: name every one of them each time.
        result = self._ocr(image, use_det=True, use_cls=use_cls, use_rec=True)
        if getattr(result, "boxes", None) is None or getattr(result, "txts", None) is None:
            return []
        lines = [
            Line.from_polygon(poly, text, score)
            for poly, text, score in zip(result.boxes, result.txts, result.scores, strict=False)
        ]
        lines.sort(key=lambda ln: (round(ln.cy / max(1.0, ln.height)), ln.x0))
        return lines

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        """Return text-line quadrilaterals only (no recognition)."""
        self._stop_between_batches()
        result = self._ocr(image, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(result, "boxes", None)
        if boxes is None:
            return []
        return [[[float(x), float(y)] for x, y in poly] for poly in boxes]

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise pre-cut single-line BGR crops (no detection)."""
        self._stop_between_batches()
        out = []
        for crop in crops:
            result = self._ocr(crop, use_det=False, use_cls=False, use_rec=True)
            txts = getattr(result, "txts", None) or ("",)
            scores = getattr(result, "scores", None) or (0.0,)
            out.append((str(txts[0]), float(scores[0])))
        return out

    # -- raw recogniser output, for callers that decode it themselves (the MRZ reader) --

    def _rec(self):
        if self._rec_session is None:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self._cpu_threads
            opts.inter_op_num_threads = 1
            session = ort.InferenceSession(
                str(self.model_paths["rec"]), sess_options=opts, providers=["CPUExecutionProvider"]
            )
            meta = session.get_modelmeta().custom_metadata_map.get("character")
            if not meta:
                raise RuntimeError("the recognition model carries no character dictionary")
            # the CTC classes: blank, the model's dictionary, then a space
            self._rec_dictionary = ["blank", *meta.splitlines(), " "]
            self._rec_session = session
        return self._rec_session

    def rec_dictionary(self) -> list[str]:
        """The recogniser's classes, index 0 being the CTC blank (the engine's own list: read only)."""
        self._rec()
        return self._rec_dictionary or []

    def recognize_probs(self, crops: list[np.ndarray]) -> np.ndarray:
        """Per-time-step class probabilities ``(N, T, C)`` of BGR line crops 48 pixels tall.

        All crops must share one width (the caller pads them); normalised as the
        recogniser was trained: ``(x / 255 - 0.5) / 0.5``, channels first.
        """
        session = self._rec()
        if not crops:
            return np.zeros((0, 0, len(self._rec_dictionary or [])), np.float32)
        batch = np.stack([c.astype(np.float32).transpose(2, 0, 1) for c in crops])
        batch = (batch / 255.0 - 0.5) / 0.5
        (probs,) = session.run(None, {session.get_inputs()[0].name: batch.astype(np.float32)})
        classes = probs.shape[-1]
        if classes != len(self._rec_dictionary or []):
            raise RuntimeError("the recogniser's output does not match its dictionary")
        return probs
