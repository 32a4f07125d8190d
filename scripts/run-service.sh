#!/usr/bin/env bash
# Run the OCR service on 127.0.0.1:8000 (override with OCR_HOST / OCR_PORT and the other OCR_* settings).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh
exec python -m ocr_service serve "$@"
