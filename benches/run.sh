#!/usr/bin/env bash
# Benchmarks: upload throughput vs curl, peak memory, parallelism under a per-connection cap,
# bytes re-sent after a kill, and package validation time. Prints a Markdown report.
#   bash benches/run.sh            # full run (1 GiB and 4 GiB files; needs ~10 GB free disk)
#   QUICK=1 bash benches/run.sh    # smaller files, for a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 benches/bench.py "$@"
