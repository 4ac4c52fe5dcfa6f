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
# Usage: scripts/bench-statements.sh [--bin PATH] [--seconds N]
#   --bin PATH   coursebridge binary to measure (default: build and use the release build)
#   --seconds N  seconds per measured run (default 9: six runs + a 5 s SIGTERM run ≈ 60 s of load)
# Environment: LEARNERS (2500), ITEMS (catalog items per provider, 3000), CONNECTIONS (8), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
BIN=""
DURATION=9
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --seconds) DURATION="$2"; shift 2 ;;
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
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} (apt-get)" >&2
    apt-get install -y -qq "${missing[@]}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    echo "${missing[*]} required: sudo apt-get install ${missing[*]}" >&2; exit 1
  fi
fi
if [ -z "$BIN" ]; then
  flock /tmp/swiftbuild.lock swift build -c release --product coursebridge >&2
  BIN="$(swift build -c release --show-bin-path)/coursebridge"
fi
[ -x "$BIN" ] || { echo "no coursebridge binary at $BIN: build it (swift build -c release) or pass --bin PATH" >&2; exit 1; }

WORK="$(mktemp -d /tmp/cb-bench.XXXXXX)"
DB="$WORK/bench.sqlite"
SIM_PID=""; SERVER_PID=""; LOAD_PID=""
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null; return 0; }
cleanup() { stop "$LOAD_PID"; stop "$SERVER_PID"; stop "$SIM_PID"; rm -rf "$WORK"; }
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

# MARK: - The server
# Started directly (not through cb): $! must be the server itself, for its RSS, its CPU time and the SIGTERM.
"$BIN" --db "$DB" serve --port 0 --no-scheduler --bench-endpoints --log "$WORK/serve.log" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q 'http://' "$WORK/serve.err" 2>/dev/null && break; sleep 0.1; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/serve.err" | head -1)"
[ -n "$URL" ] || fail "the server did not start: $(cat "$WORK/serve.err")"
token() { # provider segment → token file
  curl -s -d @"$WORK/$1.form" "$URL/api/$2/oauth2/token" >"$WORK/$1.answer"
  sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' "$WORK/$1.answer" >"$WORK/$1.token"
  [ -s "$WORK/$1.token" ] || fail "no $1 token: the server answered $(sed -E 's/"access_token":"[^"]*"/…/' "$WORK/$1.answer")"
}
token linkedin linkedinlearning
token skillsoft skillsoft
rss_mb() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
TICKS_PER_S=$(getconf CLK_TCK)
RSS_BEFORE=$(rss_mb VmRSS)

# MARK: - Runs
RUN=0
LI_OK=0; SS_OK=0; BAD=0
declare -A RATE
table=()
run() { # name path shape batch [seconds]
  local name="$1" path="$2" shape="$3" batch="$4" seconds="${5:-$DURATION}" provider out t0
  provider=$([ "$shape" = skillsoft ] && echo skillsoft || echo linkedin)
  RUN=$((RUN + 1)); t0=$(cpu_ticks)
  out="$(SHAPE="$shape" BATCH="$batch" RUN="$RUN" LEARNERS="$LEARNERS" COURSES_FILE="$WORK/$provider.courses" \
         TOKEN_FILE="$([ "$shape" = noop ] || echo "$WORK/$provider.token")" \
         wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$REPO/scripts/bench-statements.lua" "$URL$path" 2>&1)" || true
  local result; result="$(grep '^RESULT' <<<"$out")" || fail "wrk gave no result for $name: $out"
  read -r _ requests ok_req ok_stmts micros p50 p99 socket codes <<<"$result"
  local cpu_s; cpu_s=$(awk -v a="$t0" -v b="$(cpu_ticks 2>/dev/null || echo "$t0")" -v t="$TICKS_PER_S" 'BEGIN {print (b - a) / t}')
  local rate; rate=$(awk -v n="$ok_stmts" -v us="$micros" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
  RATE[$name]=$rate
  [ "$shape" = noop ] || { [ "$provider" = skillsoft ] && SS_OK=$((SS_OK + ok_stmts)) || LI_OK=$((LI_OK + ok_stmts)); }
  [ "$codes" = - ] && [ "$socket" = 0 ] || BAD=1
  table+=("$(awk -v n="$name" -v r="$rate" -v b="$batch" -v p50="$p50" -v p99="$p99" -v c="$cpu_s" -v s="$ok_stmts" \
                 -v us="$micros" -v req="$requests" -v ok="$ok_req" -v codes="$codes" -v sock="$socket" 'BEGIN {
      printf "%-20s %6d %9d %8.2f %8.2f %6.2f %8.3f %7d %6d  %s\n", n, b, r, p50 / 1000, p99 / 1000, c / (us / 1e6),
             (s > 0 ? c * 1000 / s : 0), req, ok, (codes == "-" ? "" : "non-2xx " codes " ") (sock > 0 ? "socket errors " sock : "") }')")
}
echo "coursebridge serve ($BIN), synchronous=FULL; wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$USERS learners; $LI_COURSES LinkedIn courses, $SS_COURSES Percipio items ($SS_TRUE_COURSES courses) synced from the simulator"
run noop /bench/noop noop 1
run linkedin-single /api/linkedinlearning/stats linkedin 1
run linkedin-batch100 /api/linkedinlearning/stats linkedin 100
run skillsoft-single /api/skillsoft/statements skillsoft 1
run skillsoft-batch100 /api/skillsoft/statements skillsoft 100
run one-learner-single /api/linkedinlearning/stats one-learner 1
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

# MARK: - Figures
echo
printf "%-20s %6s %9s %8s %8s %6s %8s %7s %6s\n" run batch "stmts/s" "p50 ms" "p99 ms" cores "cpu ms" requests "2xx"
printf "%s\n" "${table[@]}"
echo "stmts/s: statements answered 2xx per second (no-op: requests); p50/p99: per request; cores: the server's CPU time"
echo "over the run's time; cpu ms: the server's CPU per statement answered 2xx (no-op: per request)"
NOOP=${RATE[noop]}
echo
for name in linkedin-single linkedin-batch100 skillsoft-single skillsoft-batch100 one-learner-single; do
  awk -v n="$name" -v r="${RATE[$name]}" -v b="$NOOP" 'BEGIN { printf "%-20s %7d statements/s = %5.2f x the no-op requests/s (%d)\n", n, r, r / b, b }'
done
echo "server RSS: $RSS_BEFORE MB before the load, $RSS_AFTER MB after, peak $RSS_PEAK MB"

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
[ "$BAD" = 0 ] || { echo "some measured requests were not answered 2xx (see the table)"; STATUS=1; }
[ "$STATUS" = 0 ] && echo "checks passed" || echo "CHECKS FAILED"
exit "$STATUS"
