"""Structured logs: one JSON object per line. Never OCR text, file names or personal data."""

from __future__ import annotations

import json
import logging
import sys
import time

# Attributes every LogRecord has; anything else passed through ``extra`` is emitted.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception messages of third-party code may quote input.
            payload["exc_type"] = record.exc_info[0].__name__
        return json.dumps(payload, default=str)


# loggers whose lines below WARNING are the service's own: the others' DEBUG and INFO quote
# what they are given (Pillow logs every short TIFF and EXIF tag of an upload: its author,
# its description, the document's name) and are kept out whatever OCR_LOG_LEVEL says
_OWN = ("ocr_service", "uvicorn")


class _OwnBelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".", 1)[0] in _OWN


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(_OwnBelowWarning())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # PaddleOCR raises the root logger's level when it loads; ours keeps its own.
    logging.getLogger("ocr_service").setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # The request middleware writes the one access line; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("ppocr").setLevel(logging.ERROR)
