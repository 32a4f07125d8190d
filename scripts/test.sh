#!/usr/bin/env bash
# Run every test: the Odoo addon's tests inside a real Odoo 18 when ODOO_PATH points at
# one (scripts/test-odoo.sh; skipped loudly otherwise), then the OCR service, MRZ, receipt
# and deployment suites (pytest). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
odoo_status=0
if [ -x scripts/test-odoo.sh ]; then
  scripts/test-odoo.sh || odoo_status=$?
fi
status=0
python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "ERROR: pytest collected no test" >&2
  status=1
fi
if [ "$odoo_status" -ne 0 ]; then
  echo "FAILED: the Odoo addon's tests (exit $odoo_status); see the 'odoo:' summary above" >&2
fi
if [ "$status" -ne 0 ] || [ "$odoo_status" -ne 0 ]; then
  exit 1
fi
