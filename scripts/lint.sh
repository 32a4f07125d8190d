#!/usr/bin/env bash
# Lint: ruff (check + format) on the whole tree, the service's module and function sizes,
# then pylint-odoo on the addon when present.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
ruff check .
ruff format --check .
python scripts/check_size.py
if [ -x scripts/lint-odoo.sh ]; then
  scripts/lint-odoo.sh
fi
