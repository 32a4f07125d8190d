# Sourced by the other scripts: make sure ./.venv exists and holds the requirements.
#   . scripts/_venv.sh          runtime only (the service)
#   . scripts/_venv.sh dev      runtime + tests, lint and benchmarks
# Re-installs only when a requirements file changed (a stamp keeps their hash).
set -euo pipefail
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_venv="${OCR_VENV:-$_root/.venv}"
_python="${PYTHON:-}"
if [ -z "$_python" ]; then
  for candidate in python3.11 python3.12 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then _python="$candidate"; break; fi
  done
fi
_files="$_root/requirements.txt"
if [ "${1:-}" = "dev" ]; then _files="$_files $_root/requirements-dev.txt"; fi
# shellcheck disable=SC2086
_want="$(cat $_files | sha256sum | cut -c1-16)"
_stamp="$_venv/.installed-${1:-runtime}"
if [ ! -x "$_venv/bin/python" ]; then
  echo ">> creating $_venv with $_python" >&2
  "$_python" -m venv "$_venv"
fi
if [ "$(cat "$_stamp" 2>/dev/null || true)" != "$_want" ]; then
  echo ">> installing requirements into $_venv" >&2
  "$_venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  _args=()
  for f in $_files; do _args+=(-r "$f"); done
  "$_venv/bin/python" -m pip install --quiet --disable-pip-version-check "${_args[@]}" >&2
  echo "$_want" > "$_stamp"
fi
export PATH="$_venv/bin:$PATH"
export PYTHONPATH="$_root${PYTHONPATH:+:$PYTHONPATH}"
unset _files _want _stamp _args _python
