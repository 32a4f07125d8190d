"""Self-hosted OCR service for receipts and passports: PaddleOCR's PP-OCR models on
ONNX Runtime (default) or PaddlePaddle (the ``paddle`` extra)."""

# The one place the version is written: pyproject.toml, /health, the OpenAPI document
# and `ocr-service --version` all read it from here.
__version__ = "0.2.0"
