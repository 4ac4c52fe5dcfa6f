#!/usr/bin/env bash
# Statements/s of `coursebridge serve` (synchronous=FULL) under a realistic load, against the same server's no-op POST
# measured in the same run by the same client.
#
# Three processes: the provider simulator (`coursebridge simulate`) serves LinkedIn and Percipio catalogs that the
# benchmark's database syncs (setup only, stopped before the load); `coursebridge serve` ingests; wrk
# (scripts/bench-statements.lua) sends the load over keep-alive connections. The load: 2,500 learners, every course
# the syncs created (≥ 1,000 per provider), the statement shapes each provider pushes (LinkedIn: mbox actors,
# progressed/completed with progress sometimes a string, non-UUID ids, +0000 timestamps; Percipio: account actors,
# arrived/initialized/experienced/completed/passed with scores), ~70 % progress and ~30 % completions, a new id on
# every statement, single statements and batches of 100, tokens from each provider's OAuth2 token request.
# The old one-learner-one-course load stays as a second line.
#
# Counted: 2xx answers (statements in them), other answers by status, socket errors. At the end the server gets
# SIGTERM in the middle of a batch load; the statements stored afterwards must be ≥ those answered 2xx (nothing
# acknowledged may be lost), and every statement of the load must be applied (quarantined/skipped: reasons grouped).
# Exit status 1 when a check fails.
#
# With --postgres URL the same run also measures PostgreSQL on the same prepared data: a new database on that server
# (dropped at the end unless KEEP_PG=1) gets the prepared SQLite database through `coursebridge migrate --to`, before
# any load; instances run with COURSEBRIDGE_DB=<that database> and COURSEBRIDGE_KEY_FILE=<sqlite db>.key. Legs, each
# with the LinkedIn single and batches-of-100 loads: pg1 (one instance), pg2 (two instances, one wrk process on each
# with half the connections and threads: the instances and PostgreSQL, no proxy), pg2-nginx (the same two instances
# behind nginx configured as scripts/cluster.sh's, one wrk). Printed: PG1 ÷ SQLite (target ≥ 0.7) and PG2 ÷ PG1
# (target ≥ 1.0); "db cores" is the CPU of this database's PostgreSQL backends over the run. Then SIGTERM to one of the
# two instances in the middle of a batch load through nginx: every statement answered 2xx must be in PostgreSQL
# (psql count ≥ 2xx), and every statement applied.
#
# Usage: scripts/bench-statements.sh [--bin PATH] [--seconds N] [--repeats N] [--postgres URL] [--perf]
#   --bin PATH      coursebridge binary to measure (default: build and use the release build)
#   --repeats N     measure every load N times, in rounds (noop, LinkedIn, Percipio, one learner; again), on the same
#                   server; the summary and the ratios use each load's median, with every run's figure after it
#                   (default 3, as issue 18's targets are stated; 1 for a quick look)
#   --seconds N     seconds per measured run (default 9: six runs + a 5 s SIGTERM run ≈ 60 s of load; with --postgres
#                   six more runs and a second SIGTERM run, ≈ 2 min in all)
#   --postgres URL  also measure PostgreSQL (postgres://USER@HOST:PORT/DB of a role that may CREATE DATABASE;
#                   password in PGPASSWORD, as psql); scripts/pg.sh start prints one
#   --perf          sample each LinkedIn run's server(s) with `perf record -g` and print the share of each stage of
#                   ingestion (scripts/bench-statements-stages.py) and the hottest symbols; on
#                   PostgreSQL also sample this database's backends (pg_stat_activity, 5 times a second): what a
#                   backend inside a transaction was doing (running, waiting for coursebridge's next query, for a lock)
# Environment: LEARNERS (2500), ITEMS (catalog items per provider, 3000), CONNECTIONS (8), THREADS (2), KEEP_PG.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
BIN=""
DURATION=9
REPEATS=3
PG_URL=""
PERF=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --seconds) DURATION="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --postgres) PG_URL="$2"; shift 2 ;;
    --perf) PERF=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
LEARNERS="${LEARNERS:-2500}"
ITEMS="${ITEMS:-3000}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
MIN_COURSES=1000

# MARK: - Tools
missing=()
packages=(wrk sqlite3 curl)
[ -z "$PG_URL" ] || packages+=(postgresql-client nginx python3)
[ "$PERF" = 0 ] || packages+=(linux-perf)
for package in "${packages[@]}"; do
  tool=$(case "$package" in postgresql-client) echo psql ;; linux-perf) echo perf ;; *) echo "$package" ;; esac)
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null || missing+=("$package")
done
PATH="$PATH:/usr/sbin" # nginx
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} (apt-get)" >&2
    # Keep Debian from starting the packages' own services (nginx on port 80): this script runs its own.
    policy=/usr/sbin/policy-rc.d; added=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; added=1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
    [ "$added" = 0 ] || rm -f "$policy"
  else
    echo "${missing[*]} required: sudo apt-get install ${missing[*]}" >&2; exit 1
  fi
fi
if [ -z "$BIN" ]; then
  flock /tmp/swiftbuild.lock swift build -c release --product coursebridge >&2
  BIN="$(swift build -c release --show-bin-path)/coursebridge"
fi
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || { echo "--repeats wants a whole number ≥ 1, not '$REPEATS'" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no coursebridge binary at $BIN: build it (swift build -c release) or pass --bin PATH" >&2; exit 1; }

WORK="$(mktemp -d /tmp/cb-bench.XXXXXX)"
DB="$WORK/bench.sqlite"
SIM_PID=""; SERVER_PID=""; LOAD_PID=""; PG_A=""; PG_B=""; PG_NAME=""; NGINX_PID_FILE="$WORK/nginx/nginx.pid"
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null; return 0; }
cleanup() {
  stop "$LOAD_PID"; stop "$SERVER_PID"; stop "$PG_A"; stop "$PG_B"; stop "$SIM_PID"
  [ -s "$NGINX_PID_FILE" ] && kill -QUIT "$(cat "$NGINX_PID_FILE")" 2>/dev/null && sleep 0.3
  if [ -n "$PG_NAME" ]; then
    if [ -n "${KEEP_PG:-}" ]; then echo "kept the PostgreSQL database $PG_NAME (KEEP_PG)" >&2
    else psql "$PG_URL" -qAtc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1 || echo "could not drop $PG_NAME" >&2; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
umask 077 # the webhook secrets and tokens below live in files of this directory only
cb() { "$BIN" --db "$DB" "$@"; }
fail() { echo "error: $*" >&2; exit 1; }

# MARK: - The platform: 2,500 learners, a LinkedIn and a Skillsoft integration synced from the simulator
"$BIN" simulate --port 0 --items "$ITEMS" </dev/null >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
for _ in $(seq 300); do grep -q 'Ctrl-C stops' "$WORK/sim.out" 2>/dev/null && break; sleep 0.1; done
grep -q 'Ctrl-C stops' "$WORK/sim.out" || fail "the simulator did not start: $(cat "$WORK/sim.err")"
block() { awk -v p="$1" '$0 == p {f = 1; next} f && NF == 0 {exit} f {print}' "$WORK/sim.out" | sed 's/^ *//'; }

cb group add Bench >/dev/null
cb user add --email admin@bench.example >/dev/null
cb group member add 1 admin@bench.example --role platform-admin >/dev/null
{ echo "email,username,external_id,name"
  for i in $(seq 0 $((LEARNERS - 1))); do echo "learner$i@example.com,learner$i,EMP-$((1000 + i)),Learner $i"; done
} >"$WORK/people.csv"
cb user import "$WORK/people.csv" >/dev/null
# shellcheck disable=SC2046 # --api-base URL [--token-url URL], as the simulator prints them
cb integration add linkedin --group 1 --author admin@bench.example $(block "LinkedIn Learning" | grep -- --api-base) >/dev/null
# shellcheck disable=SC2046
cb integration add skillsoft --group 1 --author admin@bench.example $(block "Skillsoft Percipio" | grep -- --api-base) >/dev/null
block "LinkedIn Learning" | grep = | cb integration credentials 1 >/dev/null
block "Skillsoft Percipio" | grep = | cb integration credentials 2 >/dev/null
# Percipio identifies learners by account name (its "User Name" setting), LinkedIn by email (the default).
cb integration learner-id 2 username >/dev/null
# The simulator's report is ready after two polls: no need for a real tenant's 5 s interval.
COURSEBRIDGE_REPORT_POLL_SECONDS=0.2 cb sync 1 >"$WORK/sync1.out" || fail "LinkedIn sync failed: $(cat "$WORK/sync1.out")"
COURSEBRIDGE_REPORT_POLL_SECONDS=0.2 cb sync 2 >"$WORK/sync2.out" || fail "Skillsoft sync failed: $(cat "$WORK/sync2.out")"
stop "$SIM_PID"; SIM_PID=""

# Each provider's object ids for the synced courses: LinkedIn says urn:lyndaCourse:N for the catalog's
# urn:li:lyndaCourse:N; Percipio https://xapi.percipio.com/xapi/{type}/{content uuid}.
sqlite3 -separator $'\t' "$DB" "SELECT replace(provider_id, 'urn:li:', 'urn:'), json_quote(title), coalesce(duration_seconds, 1800),
    'http://adlnet.gov/expapi/activities/course' FROM course WHERE integration_id = 1 AND status = 'active' ORDER BY id" >"$WORK/linkedin.courses"
sqlite3 -separator $'\t' "$DB" "SELECT 'https://xapi.percipio.com/xapi/'
      || CASE WHEN content_type IN ('assessment', 'benchmark') THEN 'assessment' ELSE content_type END || '/' || provider_id,
    json_quote(title), coalesce(duration_seconds, 1800),
    CASE content_type WHEN 'course' THEN 'http://adlnet.gov/expapi/activities/course' ELSE 'http://adlnet.gov/expapi/activities/media' END
    FROM course WHERE integration_id = 2 AND status = 'active' ORDER BY id" >"$WORK/skillsoft.courses"
LI_COURSES=$(wc -l <"$WORK/linkedin.courses"); SS_COURSES=$(wc -l <"$WORK/skillsoft.courses")
SS_TRUE_COURSES=$(sqlite3 "$DB" "SELECT COUNT(*) FROM course WHERE integration_id = 2 AND status = 'active' AND content_type = 'course'")
USERS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM user WHERE email LIKE 'learner%@example.com'")
[ "$LI_COURSES" -ge "$MIN_COURSES" ] && [ "$SS_COURSES" -ge "$MIN_COURSES" ] \
  || fail "the syncs made $LI_COURSES LinkedIn and $SS_COURSES Skillsoft courses (< $MIN_COURSES): raise ITEMS"
STORED_BEFORE=$(sqlite3 "$DB" "SELECT COUNT(*) FROM statement")

# Webhook credentials, as an administrator copies them to each provider (kept in files, never printed).
cb integration webhook 1 >"$WORK/linkedin.webhook"
cb integration webhook 2 >"$WORK/skillsoft.webhook"
field() { awk -v k="$2" '$0 ~ "^client " k ":" {print $3}' "$WORK/$1.webhook"; }
# LinkedIn: grant_type, client id and secret, scope. Percipio: client id and secret only (finding S4).
printf 'grant_type=client_credentials&client_id=%s&client_secret=%s&scope=xapi:write' "$(field linkedin id)" "$(field linkedin secret)" \
  >"$WORK/linkedin.form"
printf 'client_id=%s&client_secret=%s' "$(field skillsoft id)" "$(field skillsoft secret)" >"$WORK/skillsoft.form"

# MARK: - PostgreSQL (--postgres): a database of its own, the prepared data migrated into it before any load
redacted() { sed -E 's#(://[^:@/]*):[^@/]*@#\1:…@#' <<<"$1"; }
if [ -n "$PG_URL" ]; then
  PG_NAME="cb_bench_$(date +%Y%m%d_%H%M%S)_$$"
  psql "$PG_URL" -v ON_ERROR_STOP=1 -qAtc "CREATE DATABASE $PG_NAME" >/dev/null 2>"$WORK/pg.err" \
    || { PG_NAME=""; fail "cannot create a database on $(redacted "$PG_URL"): $(cat "$WORK/pg.err")"; }
  PG_DB="${PG_URL%/*}/$PG_NAME"
  "$BIN" --db "$DB" migrate --to "$PG_DB" >"$WORK/migrate.out" 2>"$WORK/migrate.err" \
    || fail "migrate --to $(redacted "$PG_DB") failed: $(cat "$WORK/migrate.err" "$WORK/migrate.out")"
  pq() { psql "$PG_DB" -v ON_ERROR_STOP=1 -qAtc "$1"; }
  [ "$(pq "SELECT COUNT(*) FROM course WHERE status = 'active'")" = "$((LI_COURSES + SS_COURSES))" ] \
    || fail "the migrated database does not hold the $((LI_COURSES + SS_COURSES)) active courses: $(cat "$WORK/migrate.out")"
fi

# MARK: - The server
# Started directly (not through cb): $! must be the server itself, for its RSS, its CPU time and the SIGTERM.
SERVE_PID=""; SERVE_URL=""
serve_on() { # name database [serve options]: starts `serve`, sets SERVE_PID and SERVE_URL; logs in $WORK/name.{log,err}
  local name="$1" db="$2"; shift 2
  if [ "$db" = "$DB" ]; then
    "$BIN" --db "$DB" serve --port 0 --no-scheduler --bench-endpoints --log "$WORK/$name.log" "$@" 2>"$WORK/$name.err" &
  else # PostgreSQL: as an administrator starts each instance (the URL in the environment, the SQLite database's key)
    ( export COURSEBRIDGE_DB="$db" COURSEBRIDGE_KEY_FILE="$DB.key"
      exec "$BIN" serve --port 0 --no-scheduler --bench-endpoints --log "$WORK/$name.log" "$@" 2>"$WORK/$name.err" ) &
  fi
  SERVE_PID=$!
  for _ in $(seq 200); do grep -q 'http://' "$WORK/$name.err" 2>/dev/null && break; kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
  SERVE_URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/$name.err" | head -1 || true)"
  [ -n "$SERVE_URL" ] || fail "the server ($name) did not start: $(cat "$WORK/$name.err")"
}
token() { # url provider segment token-file
  curl -s -d @"$WORK/$2.form" "$1/api/$3/oauth2/token" >"$WORK/$2.answer"
  sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' "$WORK/$2.answer" >"$4"
  [ -s "$4" ] || fail "no $2 token: the server answered $(sed -E 's/"access_token":"[^"]*"/…/' "$WORK/$2.answer")"
}
serve_on serve "$DB"
SERVER_PID=$SERVE_PID; URL=$SERVE_URL
token "$URL" linkedin linkedinlearning "$WORK/linkedin.token"
token "$URL" skillsoft skillsoft "$WORK/skillsoft.token"
echo "$URL $WORK $SERVER_PID" > /tmp/hold.info; sleep 100000
rss_mb() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status"; }
ticks_of() { # the CPU ticks of these processes, summed (0 for one that is gone)
  local p; for p in "$@"; do awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0; done | awk '{s += $1} END {print s + 0}'
}
thread_ticks() { # tid, name and CPU ticks of each thread of these processes
  local p t; for p in "$@"; do for t in /proc/"$p"/task/*; do
    awk -v tid="${t##*/}" '{name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name); sub(/^.*\) /, "")
                           gsub(/ /, "_", name); print tid, name, $12 + $13}' "$t/stat" 2>/dev/null || true
  done; done
}
sample_backends() { # file seconds: this database's backends' state and wait event, 5 times a second
  local end=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$end" ]; do
    psql "$PG_URL" -qAtc "SELECT state, coalesce(wait_event_type || ':' || wait_event, 'running') FROM pg_stat_activity
                          WHERE datname = '$PG_NAME'" >>"$1" 2>/dev/null || true
    sleep 0.2
  done
}
# This database's PostgreSQL backends (a server on this machine only: their CPU is read from /proc).
pg_backends() {
  [ -n "$PG_NAME" ] || return 0
  local p; for p in $(psql "$PG_URL" -qAtc "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_NAME'" 2>/dev/null); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = postgres ] && echo "$p"
  done; return 0
}
TICKS_PER_S=$(getconf CLK_TCK)
RSS_BEFORE=$(rss_mb VmRSS)

# MARK: - Runs
RUN=0
LI_OK=0; SS_OK=0; PG_LI_OK=0; BAD=0
declare -A RATE RATES # RATES: every run's statements/s of a load, in order; RATE: their median
table=(); threads_seen=(); profiles=()
# What a run drives: one wrk per URL in TARGETS (connections and threads shared out), the CPU of the processes in
# CPU_PIDS (the servers), tokens from TOKENS (a file name prefix), the 2xx counted for SQLite or PostgreSQL.
TARGETS=(); CPU_PIDS=(); TOKENS=""; BACKEND=sqlite
wrk_load() { # shape batch seconds path url connections threads token-prefix [process] → wrk's output
  local provider; provider=$([ "$1" = skillsoft ] && echo skillsoft || echo linkedin)
  SHAPE="$1" BATCH="$2" RUN="$RUN" PROCESS="${9:-0}" LEARNERS="$LEARNERS" COURSES_FILE="$WORK/$provider.courses" \
    TOKEN_FILE="$([ "$1" = noop ] || echo "$WORK/$8$provider.token")" \
    wrk -t"$7" -c"$6" -d"$3s" --timeout 10s -s "$REPO/scripts/bench-statements.lua" "$5$4" 2>&1 || true
}
merged_result() { # wrk outputs → one RESULT line: sums, the longest duration, the worse p50 and p99 of the processes
  grep -h '^RESULT' "$@" | awk '{r += $2; ok += $3; s += $4; if ($5 > us) us = $5; if ($6 > p50) p50 = $6; if ($7 > p99) p99 = $7
      sock += $8; if ($9 != "-") codes = codes (codes == "" ? "" : ",") $9 }
      END { if (NR > 0) printf "RESULT %d %d %d %d %.0f %.0f %d %s\n", r, ok, s, us, p50, p99, sock, (codes == "" ? "-" : codes) }'
}
run() { # name path shape batch [seconds]
  local name="$1" path="$2" shape="$3" batch="$4" seconds="${5:-$DURATION}" t0 db0 i n=${#TARGETS[@]} perf_pid="" sampler_pid=""
  local -A dbt=(); local p
  RUN=$((RUN + 1)); t0=$(ticks_of "${CPU_PIDS[@]}")
  for p in $(pg_backends); do dbt[$p]=$(ticks_of "$p"); done
  thread_ticks "${CPU_PIDS[@]}" >"$WORK/threads.before"
  if [ "$PERF" = 1 ] && [ "$shape" = linkedin ]; then
    perf record -q -g -F 499 -p "$(IFS=,; echo "${CPU_PIDS[*]}")" -o "$WORK/perf.$RUN.data" -- sleep $((seconds - 1)) >/dev/null 2>&1 &
    perf_pid=$!
    if [ "$BACKEND" = postgres ]; then sample_backends "$WORK/activity.$RUN" "$seconds" & sampler_pid=$!; fi
  fi
  local loads=()
  for i in "${!TARGETS[@]}"; do
    wrk_load "$shape" "$batch" "$seconds" "$path" "${TARGETS[$i]}" $((CONNECTIONS / n)) $(((THREADS + n - 1) / n)) "$TOKENS" "$i" \
      >"$WORK/wrk.$RUN.$i" &
    loads+=($!)
  done
  wait "${loads[@]}" || true
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  local result; result="$(merged_result "$WORK"/wrk."$RUN".*)"
  [ -n "$result" ] || fail "wrk gave no result for $name: $(cat "$WORK"/wrk."$RUN".*)"
  read -r _ requests ok_req ok_stmts micros p50 p99 socket codes <<<"$result"
  local cpu_s; cpu_s=$(awk -v a="$t0" -v b="$(ticks_of "${CPU_PIDS[@]}")" -v t="$TICKS_PER_S" 'BEGIN {print (b - a) / t}')
  local db_ticks=0; for p in $(pg_backends); do db_ticks=$((db_ticks + $(ticks_of "$p") - ${dbt[$p]:-0})); done
  local rate; rate=$(awk -v n="$ok_stmts" -v us="$micros" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
  RATES[$name]+="$rate "
  if [ "$shape" != noop ]; then
    if [ "$BACKEND" = postgres ]; then PG_LI_OK=$((PG_LI_OK + ok_stmts))
    elif [ "$shape" = skillsoft ]; then SS_OK=$((SS_OK + ok_stmts)); else LI_OK=$((LI_OK + ok_stmts)); fi
  fi
  [ "$codes" = - ] && [ "$socket" = 0 ] || BAD=1
  table+=("$(awk -v n="$name" -v r="$rate" -v b="$batch" -v p50="$p50" -v p99="$p99" -v c="$cpu_s" -v s="$ok_stmts" \
                 -v db="$([ "$BACKEND" = postgres ] && awk -v d="$db_ticks" -v t="$TICKS_PER_S" -v us="$micros" 'BEGIN {printf "%.2f", d / t / (us / 1e6)}' || echo -)" \
                 -v us="$micros" -v req="$requests" -v ok="$ok_req" -v codes="$codes" -v sock="$socket" \
                 -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      printf "%-26s %5d %8d %8.2f %8.2f %6.2f %8s %8.3f %7d %6d %5.1f  %s\n", n, b, r, p50 / 1000, p99 / 1000, c / (us / 1e6), db,
             (s > 0 ? c * 1000 / s : 0), req, ok, load, (codes == "-" ? "" : "non-2xx " codes " ") (sock > 0 ? "socket errors " sock : "") }')")
  # The server threads that used the most CPU over the run (one near 1.00 core is a serial bottleneck).
  threads_seen+=("$(printf '%-26s ' "$name"; thread_ticks "${CPU_PIDS[@]}" | awk -v t="$TICKS_PER_S" -v us="$micros" '
      NR == FNR {before[$1] = $3; next} {d = ($3 - before[$1]) / t / (us / 1e6); if (d >= 0.02) printf "%.2f %s\n", d, $2}' \
      "$WORK/threads.before" - | sort -rn | head -4 | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}' || true)")
  if [ -n "$perf_pid" ]; then
    [ -z "$sampler_pid" ] || wait "$sampler_pid" || true
    [ ! -s "$WORK/activity.$RUN" ] || profiles+=("$name: PostgreSQL backends in a transaction, share of samples: $(
      awk -F'|' '$1 != "idle" {n[$1 " " $2]++; t++} END {for (k in n) printf "%.0f%% %s\n", 100 * n[k] / t, k}' "$WORK/activity.$RUN" \
        | sort -rn | head -5 | paste -sd, - | sed 's/,/, /g' || true)")
    profiles+=("$name: by library: $(perf report -i "$WORK/perf.$RUN.data" --no-children -g none --sort dso --stdio 2>/dev/null \
      | grep -E '^ +[0-9]' | head -6 | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}' || true)")
    profiles+=("$name: by stage (scripts/bench-statements-stages.py):" "$(perf script -i "$WORK/perf.$RUN.data" -F comm,ip,sym 2>/dev/null \
      | { command -v swift >/dev/null && swift demangle --simplified || cat; } | python3 "$REPO/scripts/bench-statements-stages.py" || true)")
    profiles+=("$name:" "$(perf report -i "$WORK/perf.$RUN.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null \
      | grep -E '^ +[0-9]' | head -15 | { command -v swift >/dev/null && swift demangle --simplified || cat; } | cut -c1-150 || true)")
  fi
}
echo "coursebridge serve ($BIN), synchronous=FULL; wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$USERS learners; $LI_COURSES LinkedIn courses, $SS_COURSES Percipio items ($SS_TRUE_COURSES courses) synced from the simulator"
TARGETS=("$URL"); CPU_PIDS=("$SERVER_PID"); TOKENS=""; BACKEND=sqlite
for _ in $(seq "$REPEATS"); do # rounds, so a slow minute of the machine spreads over every load rather than one
  run noop /bench/noop noop 1
  run linkedin-single /api/linkedinlearning/stats linkedin 1
  run linkedin-batch100 /api/linkedinlearning/stats linkedin 100
  run skillsoft-single /api/skillsoft/statements skillsoft 1
  run skillsoft-batch100 /api/skillsoft/statements skillsoft 100
  run one-learner-single /api/linkedinlearning/stats one-learner 1
done
RSS_AFTER=$(rss_mb VmRSS); RSS_PEAK=$(rss_mb VmHWM)

# MARK: - SIGTERM in the middle of a batch load: what was answered 2xx must be stored
RUN=$((RUN + 1))
SHAPE=linkedin BATCH=100 RUN="$RUN" LEARNERS="$LEARNERS" COURSES_FILE="$WORK/linkedin.courses" TOKEN_FILE="$WORK/linkedin.token" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$REPO/scripts/bench-statements.lua" "$URL/api/linkedinlearning/stats" >"$WORK/term.out" 2>&1 &
LOAD_PID=$!
sleep 2
kill -TERM "$SERVER_PID"
SERVER_STATUS=0; wait "$SERVER_PID" || SERVER_STATUS=$?; SERVER_PID=""
wait "$LOAD_PID" || true; LOAD_PID=""
read -r _ _ TERM_OK_REQ TERM_OK _ _ _ TERM_SOCKET TERM_CODES <<<"$(grep '^RESULT' "$WORK/term.out")"
LI_OK=$((LI_OK + TERM_OK))

# MARK: - PostgreSQL: one instance, then two (one wrk on each, then behind nginx), then SIGTERM to one of the two
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_of() { sed -E 's#.*:([0-9]+)$#\1#' <<<"$1"; }
write_nginx_conf() { # public-port instance-url...: scripts/cluster.sh's configuration, without the access log
  local listen="$1" servers="" u; shift
  for u in "$@"; do servers+="        server 127.0.0.1:$(port_of "$u") max_fails=1 fail_timeout=2s;"$'\n'; done
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $NGINX_PID_FILE;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    client_max_body_size 16m;
    # Bodies in memory: the worker (nobody) cannot write into this run's private folder.
    client_body_buffer_size 16m;
    upstream coursebridge {
$servers        keepalive 16;
    }
    server {
        listen 127.0.0.1:$listen;
        location / {
            proxy_pass http://coursebridge;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_connect_timeout 2s;
        }
    }
}
CONF
}
if [ -n "$PG_URL" ]; then
  BACKEND=postgres; TOKENS=pg-
  serve_on pg-a "$PG_DB" --trusted-proxy 127.0.0.1; PG_A=$SERVE_PID; PG_A_URL=$SERVE_URL
  token "$PG_A_URL" linkedin linkedinlearning "$WORK/pg-linkedin.token"
  serve_on pg-b "$PG_DB" --trusted-proxy 127.0.0.1; PG_B=$SERVE_PID; PG_B_URL=$SERVE_URL
  NGINX_PORT=$(free_port)
  write_nginx_conf "$NGINX_PORT" "$PG_A_URL" "$PG_B_URL"
  nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" || fail "nginx did not start: $(cat "$WORK/nginx/error.log")"
  for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
  for _ in $(seq "$REPEATS"); do # B idles while A runs alone: an idle instance costs nothing
    TARGETS=("$PG_A_URL"); CPU_PIDS=("$PG_A")
    run "pg1 linkedin-single" /api/linkedinlearning/stats linkedin 1
    run "pg1 linkedin-batch100" /api/linkedinlearning/stats linkedin 100
    TARGETS=("$PG_A_URL" "$PG_B_URL"); CPU_PIDS=("$PG_A" "$PG_B")
    run "pg2 linkedin-single" /api/linkedinlearning/stats linkedin 1
    run "pg2 linkedin-batch100" /api/linkedinlearning/stats linkedin 100
    TARGETS=("http://127.0.0.1:$NGINX_PORT")
    run "pg2-nginx linkedin-single" /api/linkedinlearning/stats linkedin 1
    run "pg2-nginx linkedin-batch100" /api/linkedinlearning/stats linkedin 100
  done

  # SIGTERM to instance A in the middle of a batch load through nginx; B goes on; then B stops too.
  RUN=$((RUN + 1))
  wrk_load linkedin 100 5 /api/linkedinlearning/stats "http://127.0.0.1:$NGINX_PORT" "$CONNECTIONS" "$THREADS" pg- >"$WORK/pg-term.out" &
  LOAD_PID=$!
  sleep 2
  kill -TERM "$PG_A"
  PG_A_STATUS=0; wait "$PG_A" || PG_A_STATUS=$?; PG_A=""
  wait "$LOAD_PID" || true; LOAD_PID=""
  kill -TERM "$PG_B"
  PG_B_STATUS=0; wait "$PG_B" || PG_B_STATUS=$?; PG_B=""
  read -r _ _ PG_TERM_OK_REQ PG_TERM_OK _ _ _ PG_TERM_SOCKET PG_TERM_CODES <<<"$(grep '^RESULT' "$WORK/pg-term.out")"
  PG_LI_OK=$((PG_LI_OK + PG_TERM_OK))
fi

# MARK: - Figures
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2))}'; }
for name in "${!RATES[@]}"; do RATE[$name]=$(median <<<"${RATES[$name]}"); done
runs_of() { [ "$REPEATS" = 1 ] || echo " (runs: $(sed 's/ $//; s/ /, /g' <<<"${RATES[$1]}"))"; }
echo
printf "%-26s %5s %8s %8s %8s %6s %8s %8s %7s %6s %5s\n" run batch "stmts/s" "p50 ms" "p99 ms" cores "db cores" "cpu ms" requests "2xx" load
printf "%s\n" "${table[@]}"
echo "stmts/s: statements answered 2xx per second (no-op: requests); p50/p99: per request; cores: the server's CPU time"
echo "over the run's time (pg2: both instances); db cores: the same for this database's PostgreSQL backends; cpu ms: the"
echo "server's CPU per statement answered 2xx (no-op: per request); load: the machine's 1-minute load average at the run's end"
if [ -n "$PG_URL" ]; then
  echo "pg2: two wrk processes (-t$(((THREADS + 1) / 2)) -c$((CONNECTIONS / 2)) each), one on each instance, the worse p50/p99 of"
  echo "the two; pg2-nginx: one wrk (-t$THREADS -c$CONNECTIONS) on nginx (1 worker, CPU not counted) in front of both"
fi
echo
echo "busiest server threads per run (cores):"
printf "%s\n" "${threads_seen[@]}"
if [ ${#profiles[@]} -gt 0 ]; then echo; echo "perf: hottest symbols of the server(s) per LinkedIn run"; printf "%s\n" "${profiles[@]}"; fi
NOOP=${RATE[noop]}
echo
[ "$REPEATS" = 1 ] || echo "medians of $REPEATS runs each:"
for name in linkedin-single linkedin-batch100 skillsoft-single skillsoft-batch100 one-learner-single; do
  awk -v n="$name" -v r="${RATE[$name]}" -v b="$NOOP" -v runs="$(runs_of "$name")" \
    'BEGIN { printf "%-20s %7d statements/s = %5.2f x the no-op requests/s (%d)%s\n", n, r, r / b, b, runs }'
done
echo "server RSS: $RSS_BEFORE MB before the load, $RSS_AFTER MB after, peak $RSS_PEAK MB"
ratio() { # label numerator-run denominator-run target
  awk -v l="$1" -v a="${RATE[$2]}" -v b="${RATE[$3]}" -v t="$4" -v m="$([ "$REPEATS" = 1 ] || echo "medians, ")" 'BEGIN {
    r = (b > 0 ? a / b : 0); printf "%-44s %5.2f  (%s%d / %d statements/s; target >= %s: %s)\n", l, r, m, a, b, t, (r >= t ? "met" : "NOT met") }'
}
if [ -n "$PG_URL" ]; then
  echo
  for load in linkedin-single linkedin-batch100; do
    ratio "PG1 / SQLite, $load" "pg1 $load" "$load" 0.7
    ratio "PG2 / PG1, $load (one wrk per instance)" "pg2 $load" "pg1 $load" 1.0
    ratio "PG2 / PG1, $load (behind nginx)" "pg2-nginx $load" "pg1 $load" 1.0
  done
fi

echo
STATUS=0
q() { sqlite3 "$DB" "$1"; }
LI_STORED=$(q "SELECT COUNT(*) FROM statement WHERE integration_id = 1")
SS_STORED=$(q "SELECT COUNT(*) FROM statement WHERE integration_id = 2")
echo "SIGTERM after 2 s of a batch load: server exit status $SERVER_STATUS; $TERM_OK statements answered 2xx in that run" \
     "($TERM_OK_REQ requests), then non-2xx ${TERM_CODES/-/none}, socket errors $TERM_SOCKET"
for p in "LinkedIn $LI_STORED $LI_OK" "Skillsoft $SS_STORED $SS_OK"; do
  read -r name stored ok <<<"$p"
  if [ "$stored" -ge "$ok" ]; then verdict="every 2xx durable ($((stored - ok)) stored whose answer was not read: in flight when a run ended)"
  else verdict="LOST $((ok - stored)) statements answered 2xx"; STATUS=1; fi
  echo "$name: $stored statements stored for $ok answered 2xx: $verdict"
done
[ "$STORED_BEFORE" = 0 ] || echo "($STORED_BEFORE statements were stored before the load)"
echo "outcomes: $(q "SELECT group_concat(outcome || ' ' || n, ', ') FROM (SELECT outcome, COUNT(*) n FROM statement GROUP BY outcome ORDER BY n DESC)")"
NOT_APPLIED=$(q "SELECT COUNT(*) FROM statement WHERE outcome != 'applied'")
if [ "$NOT_APPLIED" != 0 ]; then
  STATUS=1
  echo "$NOT_APPLIED statements not applied; reasons (quoted values elided):"
  q "SELECT outcome || ': ' || coalesce(reason, '(no reason)') FROM statement WHERE outcome != 'applied'" \
    | sed -E "s/'[^']*'/'…'/g" | sort | uniq -c | sort -rn | head -20
fi
echo "attempts: $(q "SELECT COUNT(*) FROM attempt") for $(q "SELECT COUNT(DISTINCT user_id) FROM attempt") learners on $(q "SELECT COUNT(DISTINCT course_id) FROM attempt") courses"
ERRORS=$(grep -ci 'error' "$WORK/serve.log" || true)
[ "$ERRORS" = 0 ] || { echo "server log: $ERRORS lines mention an error, first ones:"; grep -i error "$WORK/serve.log" | head -5; }
if [ -n "$PG_URL" ]; then
  echo
  PG_STORED=$(pq "SELECT COUNT(*) FROM statement WHERE integration_id = 1")
  echo "PostgreSQL: SIGTERM to one of two instances after 2 s of a batch load through nginx: exit status $PG_A_STATUS (the other,"
  echo "stopped after the load: $PG_B_STATUS); $PG_TERM_OK statements answered 2xx in that run ($PG_TERM_OK_REQ requests), then" \
       "non-2xx ${PG_TERM_CODES/-/none}, socket errors $PG_TERM_SOCKET"
  if [ "$PG_STORED" -ge "$PG_LI_OK" ]; then
    echo "LinkedIn on PostgreSQL: $PG_STORED statements stored for $PG_LI_OK answered 2xx: every 2xx durable ($((PG_STORED - PG_LI_OK)) stored whose answer was not read)"
  else
    echo "LinkedIn on PostgreSQL: $PG_STORED statements stored for $PG_LI_OK answered 2xx: LOST $((PG_LI_OK - PG_STORED)) statements answered 2xx"; STATUS=1
  fi
  [ "$PG_A_STATUS" = 0 ] && [ "$PG_B_STATUS" = 0 ] || { echo "an instance did not exit 0 on SIGTERM"; STATUS=1; }
  echo "outcomes: $(pq "SELECT string_agg(outcome || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT outcome, COUNT(*) n FROM statement GROUP BY outcome) o")"
  PG_NOT_APPLIED=$(pq "SELECT COUNT(*) FROM statement WHERE outcome != 'applied'")
  if [ "$PG_NOT_APPLIED" != 0 ]; then
    STATUS=1
    echo "$PG_NOT_APPLIED statements not applied on PostgreSQL; reasons (quoted values elided):"
    pq "SELECT outcome || ': ' || coalesce(reason, '(no reason)') FROM statement WHERE outcome != 'applied'" \
      | sed -E "s/'[^']*'/'…'/g" | sort | uniq -c | sort -rn | head -20
  fi
  echo "attempts: $(pq "SELECT COUNT(*) FROM attempt") for $(pq "SELECT COUNT(DISTINCT user_id) FROM attempt") learners on $(pq "SELECT COUNT(DISTINCT course_id) FROM attempt") courses"
  for log in pg-a pg-b; do
    ERRORS=$(grep -ci 'error' "$WORK/$log.log" || true)
    [ "$ERRORS" = 0 ] || { echo "$log log: $ERRORS lines mention an error, first ones:"; grep -i error "$WORK/$log.log" | head -5; }
  done
fi
[ "$BAD" = 0 ] || { echo "some measured requests were not answered 2xx (see the table)"; STATUS=1; }
[ "$STATUS" = 0 ] && echo "checks passed" || echo "CHECKS FAILED"
exit "$STATUS"
