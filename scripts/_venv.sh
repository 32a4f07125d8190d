# Sourced by the other scripts: make sure ./.venv exists and holds the package.
#   . scripts/_venv.sh runtime  the service: pip install -e .  (the default ONNX engine only)
#   . scripts/_venv.sh dev      tests, lint, benchmarks: pip install -e '.[paddle,openvino]' plus
#                               requirements-dev.txt (the tests run both engines)
# The package is installed in editable mode, so `ocr-service` and `python -m ocr_service`
# run this clone's code from any folder. Re-installs only when the package's metadata
# (pyproject.toml up to its [tool.*] tables) or requirements-dev.txt changed: a stamp
# keeps their hash. pip's own output shows what it downloads and installs.
set -euo pipefail
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_venv="${OCR_VENV:-$_root/.venv}"
_python="${PYTHON:-}"
if [ -z "$_python" ]; then
  for candidate in python3.11 python3.12 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then _python="$candidate"; break; fi
  done
fi
_mode="${1:-runtime}"
case "$_mode" in
  runtime | dev) ;;
  *)
    echo "scripts/_venv.sh: unknown mode '$_mode' (runtime or dev): a script sourcing it passes the mode" >&2
    return 2 2>/dev/null || exit 2
    ;;
esac
_want="$( (echo "$_mode"; sed -n '/^\[tool\./q;p' "$_root/pyproject.toml"
           if [ "$_mode" = "dev" ]; then cat "$_root/requirements-dev.txt"; fi) | sha256sum | cut -c1-16)"
_stamp="$_venv/.installed-$_mode"
if [ ! -x "$_venv/bin/python" ]; then
  echo ">> creating $_venv with $_python" >&2
  "$_python" -m venv "$_venv"
fi
if [ "$(cat "$_stamp" 2>/dev/null || true)" != "$_want" ]; then
  if [ "$_mode" = "dev" ]; then
    echo ">> installing the OCR service with both engines and the test tools into $_venv" >&2
    echo ">> (the first time takes a few minutes: PaddlePaddle is most of it)" >&2
    _args=(-e "$_root[paddle,openvino]" -r "$_root/requirements-dev.txt")
  else
    echo ">> installing the OCR service (default ONNX engine) into $_venv" >&2
    _args=(-e "$_root")
  fi
  "$_venv/bin/python" -m pip install --disable-pip-version-check --upgrade pip >&2
  "$_venv/bin/python" -m pip install --disable-pip-version-check "${_args[@]}" >&2
  echo "$_want" > "$_stamp"
  echo ">> $_venv is ready" >&2
fi
export PATH="$_venv/bin:$PATH"
unset _mode _want _stamp _args _python
