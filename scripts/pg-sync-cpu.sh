#!/usr/bin/env bash
# Where a 100,000-item first sync into PostgreSQL spends its CPU, by process (BENCHMARKS.md, fourth session).
#
# The provider simulator runs in its own process; a new database (DB_NAME, dropped first) on the server of URL gets
# one LinkedIn integration with tag sync on, as `coursebridge bench sync` sets it; then `coursebridge sync 1` runs
# under /usr/bin/time. Printed: the sync's wall time, the client's CPU, the simulator's CPU, and the machine's busy
# CPU over the sync (/proc/stat), whose rest is PostgreSQL's backends on a machine doing nothing else. Compare two
# binaries back to back, a few times each: the machine moves by ±10 %.
#
# Usage: scripts/pg-sync-cpu.sh BIN postgres://USER@HOST:PORT/DB [DB_NAME]   (default DB_NAME: cb_sync_cpu)
# The URL's user must be allowed to create databases (scripts/pg.sh start makes such a server).
set -euo pipefail
BIN=$(realpath "$1"); URL=$2; NAME=${3:-cb_sync_cpu}
OUT=$(mktemp -d)
export COURSEBRIDGE_KEY_FILE=$OUT/key
(umask 077; head -c 32 /dev/urandom | base64 >"$COURSEBRIDGE_KEY_FILE")
psql "$URL" -qc "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME" >/dev/null 2>&1
DB_URL=${URL%/*}/$NAME
source "$(dirname "$0")/bench-integration.sh"
trap 'kill ${SIM:-} 2>/dev/null; wait ${SIM:-} 2>/dev/null; rm -rf "$OUT"' EXIT
start_simulator "$BIN" "$OUT"
cb() { "$BIN" --db "$DB_URL" "$@"; }
add_bench_integration linkedin "LinkedIn Learning" "$OUT"
psql "$DB_URL" -qc "UPDATE integration SET tag_sync = 1"
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }        # jiffies: 10 ms
simulator() { local s; read -ra s < <(sed 's/.*) //' "/proc/$SIM/stat"); echo $((s[11] + s[12])); }
machine0=$(busy); sim0=$(simulator)
/usr/bin/time -f "%e %U %S" -o "$OUT/time" "$BIN" --db "$DB_URL" sync 1 >"$OUT/sync.out"
machine1=$(busy); sim1=$(simulator)
read -r wall user sys <"$OUT/time"
awk -v w="$wall" -v u="$user" -v s="$sys" -v m=$((machine1 - machine0)) -v sim=$((sim1 - sim0)) 'BEGIN {
  client = u + s; machine = m / 100; simcpu = sim / 100
  printf "wall %.2f s  client CPU %.2f s  simulator CPU %.2f s  machine busy %.2f s  rest (PostgreSQL) %.2f s\n",
         w, client, simcpu, machine, machine - client - simcpu }'
tail -1 "$OUT/sync.out"
