"""Self-hosted OCR service for receipts and passports (PaddleOCR on PaddlePaddle)."""

__version__ = "0.1.0"
