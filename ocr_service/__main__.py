"""Command line: ``python -m ocr_service serve`` and ``python -m ocr_service scan FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _serve(args) -> int:
    import uvicorn

    from .config import Settings
    from .logs import configure_logging
    from .main import create_app

    overrides = {k: v for k, v in {"host": args.host, "port": args.port}.items() if v is not None}
    settings = Settings(**overrides)
    configure_logging(settings.log_level)
    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_keep_alive=30,
    )
    return 0


def _scan(args) -> int:
    from .config import Settings
    from .errors import ServiceError
    from .imaging import Limits
    from .logs import configure_logging
    from .pipeline import process_document
    from .runtime import build_engine

    settings = Settings()
    configure_logging("WARNING")
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(json.dumps({"error": {"code": "cannot_read", "message": exc.strerror or "cannot read"}}))
        return 2
    if len(data) > settings.max_upload_bytes:
        print(
            json.dumps({"error": {"code": "file_too_large", "message": "the file exceeds the upload limit"}})
        )
        return 1
    engine = build_engine(settings)
    try:
        result = process_document(data, args.doc_type, engine, Limits.from_settings(settings))
    except ServiceError as exc:
        print(json.dumps(exc.payload(), indent=2))
        return 1
    print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    from .schemas import DOC_TYPES

    parser = argparse.ArgumentParser(prog="python -m ocr_service", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP service (settings from OCR_* variables)")
    serve.add_argument("--host", default=None, help="default: OCR_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: OCR_PORT or 8000")
    serve.set_defaults(func=_serve)
    scan = sub.add_parser("scan", help="OCR one file and print the JSON /ocr would return")
    scan.add_argument("file")
    scan.add_argument("--doc-type", default="auto", choices=DOC_TYPES)
    scan.set_defaults(func=_scan)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
