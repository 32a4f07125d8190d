"""The ``ocr-service`` command.

``ocr-service serve`` runs the HTTP service; ``ocr-service scan FILE|FOLDER ...`` reads
documents without one and writes JSON lines to stdout, one per file: ``{"file": ...,
"result": {...}}`` with the body ``POST /ocr`` would return, or ``{"file": ...,
"error": {"code": ..., "message": ...}}``. A progress bar goes to stderr when stderr is
a terminal. Paths are printed to the user's own terminal and stdout only; nothing about
a document reaches a log.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from . import __version__
from .schemas import DOC_TYPES

# what `scan FOLDER` picks up (a file named on the command line is always read)
SCAN_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".jpe",
        ".png",
        ".heic",
        ".heif",
        ".avif",
        ".tif",
        ".tiff",
        ".webp",
        ".bmp",
        ".gif",
        ".pdf",
    }
)

EXIT_OK, EXIT_FILE_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# -- helpers -------------------------------------------------------------------------------


def _engine_missing(engine: str, runtime: str = "onnxruntime") -> str | None:
    """Why the engine the settings name cannot load here, or None."""
    if engine == "paddle" and importlib.util.find_spec("paddleocr") is None:
        return (
            "OCR_ENGINE=paddle needs the PaddlePaddle engine, which is an optional extra: "
            "pip install 'ocr-service[paddle]' (or unset OCR_ENGINE for the default ONNX engine)"
        )
    if engine == "onnx" and runtime == "openvino" and importlib.util.find_spec("openvino") is None:
        return (
            "OCR_RUNTIME=openvino needs OpenVINO, which is an optional extra: "
            "pip install 'ocr-service[openvino]' (or unset OCR_RUNTIME for ONNX Runtime)"
        )
    return None


def _error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def collect_files(paths: list[str], recursive: bool = False) -> list[Path]:
    """The files to scan, in order: named files as given, then each folder's documents by name.

    A folder contributes the files with a document suffix (SCAN_SUFFIXES), hidden ones
    left out; with ``recursive`` its sub-folders too. A path that does not exist is kept,
    so that it gets its own error line. Each file is listed once.
    """
    files: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            add(path)
            continue
        pattern = "**/*" if recursive else "*"
        found = [
            candidate
            for candidate in path.glob(pattern)
            if candidate.is_file()
            and candidate.suffix.lower() in SCAN_SUFFIXES
            and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
        ]
        for candidate in sorted(found, key=lambda p: p.relative_to(path).parts):
            add(candidate)
    return files


class Progress:
    """A one-line progress bar on a terminal; does nothing when ``enabled`` is false."""

    def __init__(self, stream: TextIO, total: int, enabled: bool):
        self.stream = stream
        self.total = total
        self.enabled = enabled and total > 0
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._shown = False

    @staticmethod
    def _clock(seconds: float) -> str:
        seconds = int(seconds)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def line(self, current: str = "") -> str:
        width = shutil.get_terminal_size((80, 24)).columns
        elapsed = time.monotonic() - self.started
        if self.done:
            left = f"~{self._clock(elapsed / self.done * (self.total - self.done))} left"
        else:
            left = "starting" if current else "loading the models"
        failed = f", {self.failed} failed" if self.failed else ""
        counts = f" {self.done}/{self.total}{failed} {self._clock(elapsed)} {left}"
        bar_width = max(10, min(30, width - len(counts) - 30))
        filled = bar_width * self.done // self.total
        text = f"[{'#' * filled}{'.' * (bar_width - filled)}]{counts}"
        if current:
            room = width - len(text) - 3
            if room > 8:
                text += "  " + (current if len(current) <= room else "..." + current[-(room - 3) :])
        return text[: width - 1]

    def show(self, current: str = "") -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K" + self.line(current))
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        """Wipe the bar, so a line printed to the same terminal starts clean."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1

    def finish(self) -> None:
        if self.enabled:
            self.clear()
            failed = f", {self.failed} failed" if self.failed else ""
            took = self._clock(time.monotonic() - self.started)
            self.stream.write(f"scanned {self.done}/{self.total} file(s){failed} in {took}\n")
            self.stream.flush()


# -- serve ---------------------------------------------------------------------------------


def _serve(args) -> int:
    from .config import Settings
    from .logs import configure_logging
    from .main import serve

    overrides = {k: v for k, v in {"host": args.host, "port": args.port}.items() if v is not None}
    settings = Settings(**overrides)
    problem = _engine_missing(settings.engine, settings.runtime)
    if problem:
        print(f"ocr-service: {problem}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level)
    serve(settings)
    return EXIT_OK


# -- scan ----------------------------------------------------------------------------------


def _scan_one(path: Path, doc_type: str, engine, settings, limits) -> dict:
    """The result or the error of one file (the caller adds the path)."""
    from .errors import ServiceError
    from .pipeline import process_document

    try:
        size = path.stat().st_size
        if not path.is_file():
            return _error("not_a_file", "not a regular file")
        # judged before reading: a huge file is never loaded into memory
        if size > settings.max_upload_bytes:
            limit = settings.max_upload_bytes
            return _error("file_too_large", f"the file exceeds the upload limit of {limit} bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        return _error("not_found", "no such file")
    except OSError as exc:
        return _error("cannot_read", exc.strerror or "cannot read the file")
    if not data:
        return _error("empty_file", "the file is empty")
    try:
        result = process_document(data, doc_type, engine, limits).model_dump(mode="json")
    except ServiceError as exc:
        return exc.payload()
    except Exception as exc:  # one bad file must not end the run; its message may quote input
        return _error("internal_error", f"internal error ({type(exc).__name__})")
    result["cached"] = False
    return {"result": result}


def _shown(path: Path) -> str:
    """The path as text: a name whose bytes are not UTF-8 (from a Latin-1 archive, a share)
    shows them escaped ("a\\xff.jpg"), not as lone surrogates no UTF-8 output can write."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _scan(args) -> int:
    from .config import Settings
    from .engines import build_engine
    from .imaging import Limits
    from .logs import configure_logging

    files = collect_files(args.paths, recursive=args.recursive)
    if not files:
        suffixes = ", ".join(sorted(SCAN_SUFFIXES))
        print(f"ocr-service scan: no document to read (folders are searched for {suffixes})", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings()
    problem = _engine_missing(settings.engine, settings.runtime)
    if problem:
        print(f"ocr-service: {problem}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging("WARNING")
    progress = Progress(sys.stderr, len(files), enabled=args.progress and sys.stderr.isatty())
    progress.show()
    try:
        engine = build_engine(settings)
    except Exception as exc:
        progress.clear()
        print(f"ocr-service: the OCR engine failed to load ({type(exc).__name__}: {exc})", file=sys.stderr)
        return EXIT_USAGE
    limits = Limits.from_settings(settings)
    try:
        for path in files:
            progress.show(str(path))
            outcome = _scan_one(path, args.doc_type, engine, settings, limits)
            progress.advance("error" not in outcome)
            progress.clear()
            sys.stdout.write(json.dumps({"file": _shown(path), **outcome}, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            progress.show()
    except KeyboardInterrupt:
        progress.clear()
        print(f"ocr-service scan: interrupted after {progress.done} of {len(files)} file(s)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly, the status still saying whether a
        # file failed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FILE_ERRORS if progress.failed else EXIT_OK
    progress.finish()
    return EXIT_FILE_ERRORS if progress.failed else EXIT_OK


# -- entry point ---------------------------------------------------------------------------


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or "ocr-service",
        description="Self-hosted OCR for receipts and passports. Settings are OCR_* environment "
        "variables (see the README).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service (settings from OCR_* variables)")
    serve.add_argument("--host", default=None, help="default: OCR_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: OCR_PORT or 8000")
    serve.set_defaults(func=_serve)

    scan = sub.add_parser(
        "scan",
        help="read files or folders without a server; one JSON line per file on stdout",
        description="Read documents and write one JSON line per file to stdout: "
        '{"file": PATH, "result": {...}} (the body POST /ocr returns) or '
        '{"file": PATH, "error": {"code": ..., "message": ...}}. '
        "Exit status: 0 all read, 1 some file failed, 2 nothing to read or the engine did not load.",
    )
    scan.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help="files, or folders of documents")
    scan.add_argument("--doc-type", default="auto", choices=DOC_TYPES)
    scan.add_argument("-r", "--recursive", action="store_true", help="look into sub-folders too")
    scan.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress bar (it is shown on stderr only when stderr is a terminal)",
    )
    scan.set_defaults(func=_scan)
    return parser


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = build_parser(prog).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
