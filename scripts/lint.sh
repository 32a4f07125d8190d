#!/usr/bin/env bash
# Lint: ruff (check + format) on the whole tree, then pylint-odoo on the addon when present.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
ruff check .
ruff format --check .
if [ -x scripts/lint-odoo.sh ]; then
  scripts/lint-odoo.sh
fi
