#!/usr/bin/env bash
# Benchmarks: service, receipts, engines, MRZ, load. Each writes its report under bench/reports/.
#   scripts/bench.sh [service|receipts|engines|mrz|load|all] [extra args for that benchmark]
#   scripts/bench.sh prepare sroie|sroie-test|softmatic|my-receipts|fresh|generated [COPY ...]   (receipt dataset folders)
# Timing figures: run one benchmark at a time on a quiet machine (shared machines:
# flock /tmp/bench.lock scripts/bench.sh ...). load runs about 12 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh dev
what="${1:-all}"
shift || true
case "$what" in
  service) python bench/bench_service.py "$@" ;;
  receipts) python bench/bench_receipts.py "$@" ;;
  engines) python bench/bench_engines.py "$@" ;;
  mrz) python bench/bench_mrz.py "$@" ;;
  load) python bench/bench_load.py "$@" ;;
  prepare) python bench/prepare_receipts.py "$@" ;;
  all)
    python bench/bench_service.py
    # the engine comparison first: the receipt report quotes its summary
    python bench/bench_engines.py
    python bench/bench_receipts.py
    python bench/bench_mrz.py
    ;;
  *) echo "usage: scripts/bench.sh [service|receipts|engines|mrz|load|all|prepare]" >&2; exit 2 ;;
esac
