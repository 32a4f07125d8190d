"""OCR engines: one interface, two implementations, both loaded from model files on disk.

``Engine`` (``base``) is what the rest of the service may use: ``ocr`` (lines with
boxes), ``class_probabilities`` (recognition with a probability per class and time
step), ``describe`` and ``warm_up``. Nothing outside this package touches an engine's
own objects.

- ``onnx`` (default): PP-OCRv6 small, the models inside the rapidocr wheel, on OpenVINO
  or ONNX Runtime (``OCR_RUNTIME``);
- ``paddle``: PaddleOCR 2.10 with PP-OCRv4 on PaddlePaddle 3.0 (``OCR_ENGINE=paddle``).

Neither ever downloads a model: ``models`` holds the guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import ClassProbabilities, Engine, Line, release_free_memory

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["ClassProbabilities", "Engine", "Line", "build_engine", "release_free_memory"]


def build_engine(settings: Settings) -> Engine:
    """The engine the settings name, loaded from model files on disk (not warmed up)."""
    if settings.engine == "onnx":
        from .cores import spin_threads
        from .onnx import OnnxOcrEngine

        return OnnxOcrEngine(
            det_model_path=settings.onnx_det_model,
            rec_model_path=settings.onnx_rec_model,
            cls_model_path=settings.onnx_cls_model,
            cpu_threads=settings.cpu_threads,
            det_limit_side_len=settings.det_limit_side_len,
            rec_batch_num=settings.rec_batch_num,
            use_angle_cls=settings.use_angle_cls,
            runtime=settings.runtime,
            det_runtime=settings.det_runtime,
            rec_min_width=settings.rec_min_width,
            rec_batching=settings.rec_batching,
            mrz_runtime=settings.mrz_runtime,
            rec_characters=settings.rec_characters,
            spin=spin_threads(settings.ort_spin, settings.workers, settings.cpu_threads),
        )
    from .paddle import PaddleOcrEngine

    return PaddleOcrEngine(
        det_model_dir=settings.det_model_dir,
        rec_model_dir=settings.rec_model_dir,
        cls_model_dir=settings.cls_model_dir,
        cpu_threads=settings.cpu_threads,
        det_limit_side_len=settings.det_limit_side_len,
        rec_batch_num=settings.rec_batch_num,
        use_angle_cls=settings.use_angle_cls,
    )
