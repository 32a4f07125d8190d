#!/usr/bin/env bash
# Run the OCR service on 127.0.0.1:8000 (override with OCR_HOST / OCR_PORT and the other OCR_* settings).
# Creates .venv with the package (default ONNX engine) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
# (the mode named: a sourced file sees the caller's arguments, and --port would be taken for it)
. scripts/_venv.sh runtime
exec ocr-service serve "$@"
