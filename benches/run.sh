#!/usr/bin/env bash
# Benchmarks, against `publisher sandbox --discard` on 127.0.0.1 (bodies read and thrown away,
# so the client is measured). Sections, in order (ONLY=a,b picks some):
#   hashing   a verified upload vs md5sum, md5sum && curl, and the scripted chunked upload
#             (split + md5sum + curl 4 at a time + merge): wall, CPU, peak RSS, ratios
#   auto      --parallel auto vs fixed 2/4/8/16 on loopback; auto against a server that
#             answers 429 above 6 requests in flight
#   link      a modelled WAN (8 MiB/s per connection, 50 ms, a 100 MiB/s shared pipe):
#             no flags vs fixed settings, as a share of the pipe
#   ttfb      time to the first body byte for a 10 GiB (QUICK: 2 GiB) sparse file
#   bwlimit   --bwlimit 20MiB over 16 connections for 30 s (QUICK: 10 s), rate while sending
#   kill      bytes re-sent after kill -9 at half an upload
#   validate  package validate of a 1 MiB document
# Contenders run interleaved; the report is one Markdown table of medians and ratios, printed
# and written to target/bench/results.md (paste it into README.md's Benchmarks section).
# Run on a quiet machine: other load makes the numbers meaningless.
#   bash benches/run.sh                     # full run (1 GiB, 4 GiB and 10 GiB sparse files;
#                                           #   needs ~6 GB free disk and about 20 minutes)
#   QUICK=1 bash benches/run.sh             # smaller files, fewer runs: a smoke run
#   QUICK=1 ONLY=ttfb,bwlimit bash benches/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 benches/bench.py "$@"
