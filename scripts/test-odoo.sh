#!/usr/bin/env bash
# Run the hr_expense_ocr_audit tests in a real Odoo 18 + PostgreSQL.
#
# The one setting: ODOO_PATH, a folder holding Odoo 18.0 community sources
# (odoo-bin, odoo/, addons/, requirements.txt). Without it the tests are
# skipped, loudly, and the script exits 0.
#
# Optional: OCR_SERVICE_PYTHON (default .venv/bin/python) runs the OCR service
# for the end-to-end tests; ODOO_TEST_KEEP_DB=1 keeps the test database;
# ODOO_DB_ARGS passes extra connection options to odoo-bin (e.g. "--db_host x").
#
# Prints "odoo: N passed, N failed" as its last summary line.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=hr_expense_ocr_audit
VENV="$ROOT/.venv-odoo"
VAR="$ROOT/var"
OCA_DIR="$VAR/oca-addons"
LOG_DIR="$VAR/odoo-test-logs"
OCA_PINS=("odoo-addon-queue-job==18.0.*" "odoo-addon-server-environment==18.0.*")

banner() {
    printf '\n%s\n%s\n%s\n\n' "==================================================================" "$1" "=================================================================="
}

if [[ -z "${ODOO_PATH:-}" || ! -x "${ODOO_PATH}/odoo-bin" && ! -f "${ODOO_PATH}/odoo-bin" ]]; then
    banner "ODOO TESTS SKIPPED: set ODOO_PATH=/path/to/odoo-18.0 (a folder with odoo-bin) to run them"
    echo "odoo: 0 passed, 0 failed (skipped)"
    exit 0
fi
ODOO_PATH="$(cd "$ODOO_PATH" && pwd)"
mkdir -p "$VAR" "$OCA_DIR" "$LOG_DIR"
START_TS=$(date +%s)

# --- 1. the Odoo venv (python3.11), cached by a stamp of its inputs ----------
PYTHON_BIN="${ODOO_PYTHON:-$(command -v python3.11 || command -v python3)}"
REQ_GEN="$VAR/odoo-requirements.txt"
# Odoo pins its 3.11 requirements to versions that do not all build; the
# python >= 3.12 pins do, with psycopg2-binary and without python-ldap.
"$PYTHON_BIN" - "$ODOO_PATH/requirements.txt" >"$REQ_GEN" <<'PY'
import re
import sys

def wanted(marker):
    if not marker:
        return True
    if "win32" in marker and "!=" not in marker:
        return False
    if "python_version" not in marker:
        return True
    ok = True
    for op, ver in re.findall(r"python_version\s*([<>=!]=?)\s*'([\d.]+)'", marker):
        have, want = (3, 12), tuple(int(p) for p in ver.split("."))
        ok = ok and {"<": have < want, "<=": have <= want, ">": have > want,
                     ">=": have >= want, "==": have == want, "!=": have != want}[op]
    return ok

for raw in open(sys.argv[1]):
    line = raw.split("#", 1)[0].strip()
    if not line:
        continue
    spec, _, marker = line.partition(";")
    spec, marker = spec.strip(), marker.strip()
    name = re.split(r"[=<>!~ ]", spec, 1)[0].lower()
    if name in ("python-ldap", "pypiwin32", "rl-renderpm") or not wanted(marker):
        continue
    if name == "psycopg2":
        spec = spec.replace("psycopg2", "psycopg2-binary", 1)
    print(spec)
PY
STAMP_WANT="$( (cat "$REQ_GEN"; "$PYTHON_BIN" --version; echo "${OCA_PINS[*]}") | sha256sum | cut -d' ' -f1)"
STAMP_FILE="$VENV/.requirements-stamp"
if [[ -x "$VENV/bin/python" && -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$STAMP_WANT" ]]; then
    echo "odoo venv: up to date ($VENV)"
else
    echo "odoo venv: building $VENV (a few minutes the first time)"
    rm -rf "$VENV"
    "$PYTHON_BIN" -m venv "$VENV" || { echo "odoo: 0 passed, 1 failed (venv)"; exit 1; }
    "$VENV/bin/pip" install -q --upgrade pip "setuptools<70" wheel || { echo "odoo: 0 passed, 1 failed (venv)"; exit 1; }
    if ! "$VENV/bin/pip" install -q --no-build-isolation -r "$REQ_GEN"; then
        echo "odoo: 0 passed, 1 failed (pip install of Odoo requirements)"
        exit 1
    fi
    rm -rf "$OCA_DIR"/*
    echo "$STAMP_WANT" >"$STAMP_FILE"
fi

# --- 2. OCA dependencies (queue_job, server_environment) --------------------
if [[ ! -f "$OCA_DIR/queue_job/__manifest__.py" || ! -f "$OCA_DIR/server_environment/__manifest__.py" ]]; then
    echo "oca addons: downloading ${OCA_PINS[*]}"
    WHEELS="$VAR/oca-wheels"
    rm -rf "$WHEELS" && mkdir -p "$WHEELS"
    if ! "$VENV/bin/pip" download -q --no-deps -d "$WHEELS" "${OCA_PINS[@]}"; then
        echo "odoo: 0 passed, 1 failed (OCA download)"
        exit 1
    fi
    "$VENV/bin/python" - "$WHEELS" "$OCA_DIR" <<'PY'
import pathlib
import sys
import zipfile

wheels, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for whl in wheels.glob("*.whl"):
    with zipfile.ZipFile(whl) as zf:
        for name in zf.namelist():
            if name.startswith("odoo/addons/") and not name.endswith("/"):
                target = dest / name[len("odoo/addons/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(name))
PY
fi
