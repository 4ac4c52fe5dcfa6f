#!/usr/bin/env bash
# Where a 100,000-item first sync spends its CPU, thread by thread (BENCHMARKS.md, "Fifth step").
#
# The provider simulator runs in its own process; a fresh database gets one integration of PROVIDER (tag sync on, as
# `coursebridge bench sync` sets it); then `perf record -F 499 -g` of `coursebridge sync 1` (the first sync) and of
# `sync 1 --full` (the no-change re-sync), each under /usr/bin/time. Printed: wall, CPU and peak RSS, and the CPU
# samples of each thread (499 Hz: one sample ≈ 2 ms of CPU). Samples, not seconds, compare two binaries on a busy
# machine. The perf data and the databases stay in OUT for `perf report -i OUT/first.data --tid N`.
#
# Usage: scripts/profile-sync.sh BIN [linkedin|coursera|edx|skillsoft] [OUT]   (default skillsoft, /tmp/profile-sync)
# Needs perf (Debian: linux-perf) and sqlite3.
set -euo pipefail
BIN=$(realpath "$1"); PROVIDER=${2:-skillsoft}; OUT=${3:-/tmp/profile-sync}
case "$PROVIDER" in
  linkedin) BLOCK="LinkedIn Learning" ;; coursera) BLOCK="Coursera" ;; edx) BLOCK="edX" ;; skillsoft) BLOCK="Skillsoft Percipio" ;;
  *) echo "profile-sync.sh: unknown provider '$PROVIDER' (linkedin, coursera, edx or skillsoft)" >&2; exit 2 ;;
esac
command -v perf >/dev/null || { echo "profile-sync.sh: perf is missing (apt-get install -y linux-perf)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"
DB=$OUT/db.sqlite
source "$(dirname "$0")/bench-integration.sh"
trap 'kill ${SIM:-} 2>/dev/null; wait ${SIM:-} 2>/dev/null' EXIT
start_simulator "$BIN" "$OUT"
cb() { "$BIN" --db "$DB" "$@"; }
export COURSEBRIDGE_REPORT_POLL_SECONDS=0.05
add_bench_integration "$PROVIDER" "$BLOCK" "$OUT"
sqlite3 "$DB" "UPDATE integration SET tag_sync = 1"
threads() {
  perf script -i "$1" -F tid 2>/dev/null | sort | uniq -c | sort -rn | head -6 \
    | awk '{printf "    thread %s: %s samples\n", $2, $1}'
  echo "    all threads: $(perf script -i "$1" -F tid 2>/dev/null | wc -l) samples"
}
for run in first resync; do
  args=(sync 1); [ "$run" = resync ] && args+=(--full)
  echo "$run (${args[*]}), load average $(cut -d' ' -f1-3 /proc/loadavg):"
  /usr/bin/time -f "    wall %e s, user %U s, sys %S s, peak RSS %M kB" \
    perf record -q -F 499 -g -o "$OUT/$run.data" -- "$BIN" --db "$DB" "${args[@]}" | sed 's/^/    /'
  threads "$OUT/$run.data"
done
