"""Self-hosted OCR service for receipts and passports: PaddleOCR's PP-OCR models on
ONNX Runtime (default) or PaddlePaddle (the ``paddle`` extra)."""

import sys

# The one place the version is written: pyproject.toml, /health, the OpenAPI document
# and `ocr-service --version` all read it from here.
__version__ = "0.2.0"

# Nothing leaves the machine. OpenVINO's Python package, on import, sends a usage event to
# Google Analytics through openvino_telemetry (installed with it) unless a consent file in
# ~/intel says no, and keeps a client id and counters there. With the module marked absent,
# OpenVINO falls back to its own stub, which sends and writes nothing. Set before any
# import of openvino, in the service, the CLI and every engine alike.
sys.modules.setdefault("openvino_telemetry", None)
