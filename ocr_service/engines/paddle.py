"""The PaddlePaddle engine: PaddleOCR 2.10 with PP-OCRv4, loaded once from model folders on disk.

Chosen with ``OCR_ENGINE=paddle``. Paddle's oneDNN kernels keep per-thread state, so an
instance is built, warmed and used by one thread only. PaddleOCR downloads any model
folder it finds empty: the folders are checked first and its downloader is replaced by
a refusal (see ``models``).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import numpy as np

from ..deadline import checkpoint
from .base import ClassProbabilities, Line, release_free_memory
from .models import bundled_paddle_dirs, refuse_download, require_paddle_dir

_logger = logging.getLogger(__name__)

ENGINE_NAME = "paddleocr"

# Recognition input is 48 px high; a crop wider than 48 * MAX_REC_RATIO is squeezed to it.
REC_HEIGHT = 48
MAX_REC_RATIO = 40
# oneDNN keeps primitives per input shape; PaddleOCR asks for 10, which only costs memory here.
MKLDNN_CACHE_CAPACITY = 1
# oneDNN also rebuilds its kernels for every new input shape: crops of the MRZ reader's
# size (48 x 320) go through in batches of this many, topped up with blank crops.
PROBABILITY_BATCH = 8
PROBABILITY_WIDTH = 320
_CONSTRUCTION_LOCK = threading.Lock()


class _PredictorFactory:
    """Stands in for ``paddle.inference`` while PaddleOCR builds its predictors."""

    def __init__(self, inference):
        self._inference = inference

    def __getattr__(self, name):
        return getattr(self._inference, name)

    def create_predictor(self, config):
        config.set_mkldnn_cache_capacity(MKLDNN_CACHE_CAPACITY)
        return self._inference.create_predictor(config)


def _build_paddleocr(paddleocr_class, kwargs):
    from paddleocr.tools.infer import utility

    real = utility.inference
    utility.inference = _PredictorFactory(real)
    try:
        return paddleocr_class(**kwargs)
    finally:
        utility.inference = real


class _CappedRecognizer:
    """Wraps PaddleOCR's recogniser so no crop is wider than ``max_ratio`` times its height."""

    def __init__(self, inner, max_ratio: float):
        self._inner = inner
        self._max_ratio = max_ratio

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __call__(self, img_list):
        import cv2

        checkpoint()  # between detection and recognition: stop work past its deadline
        capped = []
        for img in img_list:
            h, w = img.shape[:2]
            if h and w / h > self._max_ratio:
                img = cv2.resize(img, (int(h * self._max_ratio), h), interpolation=cv2.INTER_AREA)
            capped.append(img)
        return self._inner(capped)


def _keep_probabilities(preds, **_kwargs) -> list[np.ndarray]:
    """Stands in for the recogniser's CTC decoder: one (T, C) array per crop of the batch."""
    if isinstance(preds, (tuple, list)):
        preds = preds[-1]
    return list(np.asarray(preds))


class PaddleOcrEngine:
    """PaddleOCR (PP-OCRv4 detection + recognition, optional angle classifier)."""

    name = ENGINE_NAME

    def __init__(
        self,
        det_model_dir: Path | None = None,
        rec_model_dir: Path | None = None,
        cls_model_dir: Path | None = None,
        cpu_threads: int = 2,
        det_limit_side_len: int = 960,
        rec_batch_num: int = 6,
        use_angle_cls: bool = False,
        enable_mkldnn: bool = True,
    ):
        given = {"det": det_model_dir, "rec": rec_model_dir, "cls": cls_model_dir}
        # PaddleOCR wants an orientation model folder even when it is unused.
        defaults = bundled_paddle_dirs() if not all(given.values()) else {}
        kinds = {"det": "detection", "rec": "recognition", "cls": "orientation"}
        self.model_dirs = {
            kind: require_paddle_dir(path or defaults[kind], kinds[kind]) for kind, path in given.items()
        }
        self.use_angle_cls = use_angle_cls
        self.rec_batch_num = rec_batch_num
        self.det_limit_side_len = det_limit_side_len
        self._ocr = self._load(cpu_threads, enable_mkldnn)
        # PaddleOCR's own recogniser, kept for the probabilities; crops wider than the
        # warm-up shape would make the allocator grow for good, so the pipeline's is capped.
        self._recognizer = self._ocr.text_recognizer
        self._ocr.text_recognizer = _CappedRecognizer(self._recognizer, MAX_REC_RATIO)
        if self._recognizer.postprocess_params.get("name") != "CTCLabelDecode":
            raise RuntimeError("the recognition model is not a CTC recogniser")
        self.rec_classes = tuple(self._recognizer.postprocess_op.character)

    def _load(self, cpu_threads: int, enable_mkldnn: bool):
        # Paddle reads these at import time; keep its own logging quiet.
        os.environ.setdefault("FLAGS_allocator_strategy", "auto_growth")
        os.environ.setdefault("GLOG_minloglevel", "2")
        import paddle
        import paddleocr.paddleocr as paddleocr_module
        from paddleocr import PaddleOCR
        from paddleocr import __version__ as paddleocr_version

        # the guard: an empty model folder is a start-up error, never a download
        paddleocr_module.maybe_download = refuse_download
        logging.getLogger("ppocr").setLevel(logging.ERROR)
        kwargs = {
            "det_model_dir": str(self.model_dirs["det"]),
            "rec_model_dir": str(self.model_dirs["rec"]),
            "cls_model_dir": str(self.model_dirs["cls"]),
            "use_angle_cls": self.use_angle_cls,
            "lang": "ch",
            "show_log": False,
            "cpu_threads": cpu_threads,
            "enable_mkldnn": enable_mkldnn,
            "det_limit_side_len": self.det_limit_side_len,
            "rec_batch_num": self.rec_batch_num,
            "use_gpu": False,
        }
        with _CONSTRUCTION_LOCK:
            ocr = _build_paddleocr(PaddleOCR, kwargs)
        logging.getLogger("ppocr").setLevel(logging.ERROR)
        self.version = paddleocr_version
        self.paddle_version = paddle.__version__
        return ocr

    def describe(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "runtime": f"paddlepaddle {self.paddle_version}",
            "models": {kind: path.name for kind, path in self.model_dirs.items()},
        }

    def warm_up(self) -> None:
        """Run the largest detection and recognition shapes first, then a real page.

        Paddle's allocator keeps what it grows to; reaching the largest shapes first
        lets every later, smaller request reuse that memory instead of adding to it.
        """
        import cv2

        side = int(self.det_limit_side_len)
        page = np.full((side, side, 3), 255, np.uint8)
        for y in range(40, side - 20, 60):
            cv2.putText(page, "TOTAL 12.50 P<UTO 0123", (20, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
        self._ocr.ocr(page, det=True, rec=False, cls=False)
        width = REC_HEIGHT * MAX_REC_RATIO
        crop = np.full((REC_HEIGHT, width, 3), 255, np.uint8)
        cv2.putText(crop, "TOTAL 12.50 " * 12, (4, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
        self._ocr.ocr([crop] * self.rec_batch_num, det=False, rec=True, cls=False)
        self.ocr(page[: side // 2])
        release_free_memory()

    def ocr(self, image: np.ndarray) -> list[Line]:
        """Detect and recognise every text line of a BGR image, top to bottom."""
        result = self._ocr.ocr(image, det=True, rec=True, cls=self.use_angle_cls)
        return [
            Line.from_polygon(poly, text, score)
            for poly, (text, score) in (result[0] if result else None) or []
        ]

    def class_probabilities(self, crops: list[np.ndarray]) -> ClassProbabilities:
        """Per-step class probabilities of BGR line crops, from PaddleOCR's own recogniser."""
        count = len(crops)
        if not count:
            return ClassProbabilities(self.rec_classes, [])
        shape = crops[0].shape
        if all(c.shape == shape for c in crops) and shape[1] == PROBABILITY_WIDTH:
            blank = np.full(shape, 255, np.uint8)
            crops = list(crops) + [blank] * ((-count) % PROBABILITY_BATCH)
        rec = self._recognizer
        # The recogniser is this engine's own and this engine has one thread: its decoder
        # and batch size are swapped for the call, and put back.
        decoder, batch = rec.postprocess_op, rec.rec_batch_num
        rec.postprocess_op, rec.rec_batch_num = _keep_probabilities, PROBABILITY_BATCH
        try:
            steps, _elapsed = rec(crops)
        finally:
            rec.postprocess_op, rec.rec_batch_num = decoder, batch
        return ClassProbabilities(self.rec_classes, list(steps[:count]))
