#!/usr/bin/env bash
# Benchmarks: service, receipts, MRZ, load. Each writes its report under bench/reports/.
#   scripts/bench.sh [service|receipts|mrz|load|all] [extra args for that benchmark]
# load runs about 12 minutes; run timing benchmarks one at a time (flock /tmp/bench.lock ...).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
what="${1:-all}"
shift || true
case "$what" in
  service) python bench/bench_service.py "$@" ;;
  receipts) python bench/bench_receipts.py "$@" ;;
  mrz) python bench/bench_mrz.py "$@" ;;
  load) python bench/bench_load.py "$@" ;;
  all)
    python bench/bench_service.py
    python bench/bench_receipts.py
    python bench/bench_mrz.py
    ;;
  *) echo "usage: scripts/bench.sh [service|receipts|mrz|load|all]" >&2; exit 2 ;;
esac
