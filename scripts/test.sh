#!/usr/bin/env bash
# Run every test: the Odoo addon's tests inside a real Odoo 18 (ODOO_PATH, or the
# verified tarball in ../shared/vendor/ extracted once; skipped loudly when neither
# exists), then the OCR service, MRZ, receipt and deployment suites (pytest).
# Arguments go to pytest, and then pytest alone runs (`scripts/test.sh tests/deploy`): the
# Odoo suite takes minutes and runs on a call without arguments (or with ODOO_TESTS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
# ODOO_PATH, or the verified Odoo tarball beside the clone, for both parts below
. scripts/_odoo_path.sh
odoo_status=0
if [ "$#" -gt 0 ] && [ "${ODOO_TESTS:-}" != "1" ]; then
  echo "NOTE: pytest only ($*); the Odoo addon's tests run with no arguments (or ODOO_TESTS=1)" >&2
elif [ -x scripts/test-odoo.sh ]; then
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
