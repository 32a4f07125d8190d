#!/usr/bin/env bash
# Run every test: the OCR service, MRZ, receipts and deployment suites (pytest), then the
# Odoo addon's tests inside a real Odoo 18 when ODOO_PATH points at one (scripts/test-odoo.sh).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
status=0
python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "ERROR: pytest collected no test" >&2
  status=1
fi
odoo_status=0
if [ -x scripts/test-odoo.sh ]; then
  scripts/test-odoo.sh || odoo_status=$?
fi
if [ "$status" -ne 0 ] || [ "$odoo_status" -ne 0 ]; then
  echo "FAILED: pytest exit $status, odoo tests exit $odoo_status" >&2
  exit 1
fi
