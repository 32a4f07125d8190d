"""The default engine: PP-OCRv6 (small) on ONNX Runtime, from the ``rapidocr`` wheel.

The models are the ONNX files shipped inside the wheel (or files the settings name);
every model path is given explicitly and the recognition model must carry its own
dictionary, so rapidocr never has a reason to fetch anything (see ``models``). Unlike
the PP-OCRv4 Chinese recogniser this one keeps the spaces between words.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..deadline import checkpoint, checkpointed
from .base import ClassProbabilities, Line
from .models import bundled_onnx_models, require_onnx_model

ENGINE_NAME = "rapidocr-onnx"
_KINDS = {"det": "detection", "rec": "recognition", "cls": "orientation"}


def _recognition_session(path: Path, cpu_threads: int):
    """The recogniser on its own ONNX Runtime session, and its CTC classes.

    Refuses a model without its dictionary: rapidocr would download one.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = cpu_threads
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map.get("character")
    if not meta:
        raise RuntimeError(f"the recognition model {path} carries no character dictionary")
    # the CTC classes: blank, the model's dictionary, then a space
    return session, ("blank", *meta.splitlines(), " ")


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
        given = {"det": det_model_path, "rec": rec_model_path, "cls": cls_model_path}
        defaults = bundled_onnx_models() if not all(given.values()) else {}
        self.model_paths = {
            kind: require_onnx_model(path or defaults[kind], _KINDS[kind]) for kind, path in given.items()
        }
        # The recogniser's probabilities (for the MRZ reader) come from a session of our own,
        # opened first: it checks the model carries its dictionary before rapidocr sees it.
        self._rec_session, self.rec_classes = _recognition_session(self.model_paths["rec"], cpu_threads)
        from importlib.metadata import version

        import onnxruntime
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
        self.runtime_version = onnxruntime.__version__

    def describe(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "runtime": f"onnxruntime {self.runtime_version}",
            "models": {kind: path.stem for kind, path in self.model_paths.items()},
        }

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
        # rapidocr remembers the last call's switches: name every one of them each time.
        result = self._ocr(image, use_det=True, use_cls=self.use_angle_cls, use_rec=True)
        if getattr(result, "boxes", None) is None or getattr(result, "txts", None) is None:
            return []
        lines = [
            Line.from_polygon(poly, text, score)
            for poly, text, score in zip(result.boxes, result.txts, result.scores, strict=False)
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
        batch = np.stack([c.astype(np.float32).transpose(2, 0, 1) for c in crops])
        batch = (batch / 255.0 - 0.5) / 0.5
        checkpoint()  # before each batch: stop work past its deadline
        session = self._rec_session
        (probs,) = session.run(None, {session.get_inputs()[0].name: batch.astype(np.float32)})
        if probs.shape[-1] != len(self.rec_classes):
            raise RuntimeError("the recogniser's output does not match its dictionary")
        return probs
